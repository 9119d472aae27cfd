package site

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// MockInfoPath is the URL path at which `agentmc-gen mock -site` tells the
// pages it serves that the API answers on their origin: a JSON object
// {"basePath": "/api/v1"}, the API's escaped path prefix. A page that gets
// no such object (opened from a file, a static host or `serve`) keeps its
// try-it panel hidden and shows how to start the mock instead.
const MockInfoPath = "/_agentmc-gen/mock.json"

// MockAddr is the default address of `agentmc-gen mock`.
const MockAddr = "127.0.0.1:4010"

// TryIt is the try-it panel of an operation page and the block that
// takes its place when no mock serves the page. The form is written at
// generation, pre-filled with the documented examples; site.js only
// reads it, sends the request to the page's own origin and shows the
// answer as text.
type TryIt struct {
	Method, Path string
	Params       []*TryField
	// Body is the primary request example's media type and text; nil when
	// the operation has no request body.
	Body *TryBody
	// Credentials are one field per security scheme the operation accepts.
	Credentials []*TryField
	// Statuses are the documented statuses a Prefer: code=… can ask for.
	Statuses []TryStatus
	// PageURL and Curl are the offline block: the page and the operation
	// as served by a mock started with its defaults.
	PageURL, Curl string
}

// TryField is one input of the form: a parameter (In is path, query or
// header) or a credential (Scheme set; Prefix goes before the value).
type TryField struct {
	ID, Name, In, Value string
	Label, Scheme       string
	Prefix              string
	Required            bool
}

// TryBody is the request body's input.
type TryBody struct {
	MediaType, Value string
	Required         bool
}

// TryStatus is an option of the Prefer selector.
type TryStatus struct{ Code, Label string }

// tryIt builds an operation's panel.
func (b *builder) tryIt(op *model.Operation) *TryIt {
	t := &TryIt{Method: strings.ToUpper(op.Method), Path: op.Path}
	for i, p := range op.Parameters {
		// Cookies cannot be set by a page's fetch.
		if p.In != "path" && p.In != "query" && p.In != "header" {
			continue
		}
		f := &TryField{ID: "try-p" + strconv.Itoa(i+1), Name: p.Name, In: p.In, Required: p.Required || p.In == "path"}
		if p.Example.Present {
			f.Value = ecma.ToString(p.Example.Value)
		}
		t.Params = append(t.Params, f)
	}
	if e := op.PrimaryRequestExample(); e != nil {
		body := &TryBody{MediaType: e.MediaType, Required: op.RequestBodyRequired}
		if e.Example.Present {
			if s, ok := e.Example.Value.(string); ok && !strings.Contains(e.MediaType, "json") {
				body.Value = s
			} else {
				body.Value = ecma.MarshalString(e.Example.Value, true)
			}
		}
		t.Body = body
	}
	seen := map[string]bool{}
	for _, req := range op.Security {
		for _, name := range req {
			s := b.api.SchemeByName(name)
			if s == nil || seen[name] {
				continue
			}
			seen[name] = true
			if f := credential(s); f != nil {
				f.ID = "try-c" + strconv.Itoa(len(t.Credentials)+1)
				t.Credentials = append(t.Credentials, f)
			}
		}
	}
	codes := map[string]bool{}
	for _, r := range op.Responses {
		code := preferCode(r.Status)
		if code == "" || codes[code] {
			continue
		}
		codes[code] = true
		label := r.Status
		if n, _ := strconv.Atoi(code); http.StatusText(n) != "" && code == r.Status {
			label += " " + http.StatusText(n)
		}
		t.Statuses = append(t.Statuses, TryStatus{Code: code, Label: label})
	}
	t.PageURL = "http://" + MockAddr + "/operations/" + url.PathEscape(op.FileName) + ".html"
	if c := b.ctx.Calls[op].Curl; c != nil {
		base := (&url.URL{Path: ServerBasePath(b.api.Spec)}).EscapedPath()
		t.Curl = strings.Join(calls.CurlLines(c, "http://"+MockAddr+base, ""), "\n")
	}
	return t
}

// credential is the field of a security scheme, or nil for one a page
// cannot send (a cookie, mutual TLS).
func credential(s *model.SecurityScheme) *TryField {
	f := &TryField{Scheme: s.Name, In: "header", Name: "Authorization"}
	switch {
	case s.Type == "apiKey" && (s.In == "header" || s.In == "query"):
		f.In, f.Name, f.Label = s.In, s.ParamName, s.ParamName
	case s.Type == "http" && strings.EqualFold(s.Scheme, "basic"):
		f.Prefix, f.Label = "Basic ", "Basic credentials (base64 of user:password)"
	case s.Type == "http" && s.Scheme != "" && !strings.EqualFold(s.Scheme, "bearer"):
		f.Prefix, f.Label = s.Scheme+" ", s.Scheme+" credentials"
	case s.Type == "http" || s.Type == "oauth2" || s.Type == "openIdConnect":
		f.Prefix, f.Label = "Bearer ", "Bearer token"
	default:
		return nil
	}
	if !calls.IsToken(f.Name) || !calls.IsFieldValue(f.Prefix) {
		return nil
	}
	return f
}

// preferCode is the code a Prefer header names for a documented status:
// the status itself, a range's first code ("4XX" is 400); "" for default.
func preferCode(status string) string {
	if n, err := strconv.Atoi(status); err == nil && n >= 100 && n <= 599 {
		return status
	}
	if len(status) == 3 && strings.EqualFold(status[1:], "XX") && status[0] >= '1' && status[0] <= '5' {
		return status[:1] + "00"
	}
	return ""
}

// ServerBasePath is the path of a spec's first server URL without a
// trailing slash, server variables at their defaults: "/api/v1" for
// https://agentmc.ai/api/v1, "" when there is none. The mock serves the
// API under it.
func ServerBasePath(spec *ecma.Object) string {
	servers, _ := spec.Array("servers")
	if len(servers) == 0 {
		return ""
	}
	server, _ := servers[0].(*ecma.Object)
	raw, _ := server.String("url")
	if vars, ok := server.Object("variables"); ok {
		for i := range vars.Len() {
			name, v := vars.At(i)
			o, _ := v.(*ecma.Object)
			def, _ := o.String("default")
			raw = strings.ReplaceAll(raw, "{"+name+"}", def)
		}
	}
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsAny(u.Path, "{}") {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}
