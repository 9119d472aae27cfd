// Package calls builds each operation's call examples from its documented
// examples: the TypeScript SDK call (FORMAT.md §7) and the cURL command
// (§9), as plain data, and prints a command as POSIX shell text. The model
// carries neither: Build makes them once a run, before any emitter, and
// pages, example files, scripts and the site print these one structures
// (emit.Context.Calls).
package calls

import (
	"fmt"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/serialize"
)

// Call is one operation's call examples.
type Call struct {
	SDK  *SDKCall
	Curl *CurlCommand
}

// Set holds the call examples of a run, by operation. An operation it
// does not hold has a zero Call.
type Set map[*model.Operation]Call

// Build checks that every operation of api can be sent as written (Check)
// and makes the call examples of each.
func Build(api *model.API, cfg *config.Config) (Set, error) {
	if err := Check(api).Err(); err != nil {
		return nil, err
	}
	set := make(Set, len(api.Operations))
	for _, op := range api.Operations {
		set[op] = Call{SDK: SDK(op, api, cfg), Curl: Curl(op, api, cfg)}
	}
	return set, nil
}

// Check reports every operation whose headers cannot be sent as written
// (a header name that is not an HTTP token, a media type or header value
// with CR, LF or NUL) or whose path does not start with '/', each as an
// error naming the operation and the field.
func Check(api *model.API) model.Problems {
	var problems model.Problems
	for _, op := range api.Operations {
		if err := check(op, api); err != nil {
			problems = append(problems, model.Problem{Severity: model.Error, Pointer: op.Pointer, Operation: op.Where(), Message: err.Error()})
		}
	}
	return problems
}

// check refuses what would change the meaning of a request: OpenAPI paths
// start with '/' (a path such as "@other.host/x" would move the request,
// credentials included, to another host), and header names and values
// must be what HTTP allows (RFC 9110 §5.1, §5.5), or they add headers.
func check(op *model.Operation, api *model.API) error {
	if !strings.HasPrefix(op.Path, "/") {
		return fmt.Errorf("path %q does not start with /", model.Shorten(op.Path))
	}
	for i, p := range op.Parameters {
		if p.In == "header" && !IsToken(p.Name) {
			return fmt.Errorf("parameters[%d].name: %q is not an HTTP header name (RFC 9110 token)", i, model.Shorten(p.Name))
		}
	}
	for _, e := range op.RequestExamples {
		if !IsFieldValue(e.MediaType) {
			return fmt.Errorf("requestBody media type %q has CR, LF or NUL: it cannot be a Content-Type", model.Shorten(e.MediaType))
		}
	}
	for _, r := range op.Responses {
		if !IsFieldValue(r.MediaType) {
			return fmt.Errorf("responses.%s media type %q has CR, LF or NUL: it cannot be an HTTP field value", model.ErrorText(r.Status), model.Shorten(r.MediaType))
		}
	}
	for _, req := range op.Security {
		for _, name := range req {
			s := api.SchemeByName(name)
			if s != nil && s.Type == "apiKey" && s.In == "header" && !IsToken(s.ParamName) {
				return fmt.Errorf("security scheme %q: name %q is not an HTTP header name (RFC 9110 token)", model.Shorten(name), model.Shorten(s.ParamName))
			}
		}
	}
	return nil
}

// IsToken reports whether s is an HTTP token (RFC 9110 §5.6.2), the
// syntax of a header name.
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// IsFieldValue reports whether s can be sent as an HTTP field value
// (RFC 9110 §5.5): no CR, LF or NUL.
func IsFieldValue(s string) bool { return !strings.ContainsAny(s, "\r\n\x00") }

// SDKCall is how the TypeScript SDK example calls an operation.
type SDKCall struct {
	// AuthOption and AuthEnv are the client option that carries the
	// credential and the environment variable read for it; both "" when
	// the client is built without one.
	AuthOption, AuthEnv string
	// Options is the argument of the call (params, body), or nil for none.
	Options *ecma.Object
}

// SDK is op's SDK call: the first configured client option whose scheme
// op uses, and the examples of its parameters and request body.
func SDK(op *model.Operation, api *model.API, cfg *config.Config) *SDKCall {
	call := &SDKCall{}
	for _, a := range cfg.SDKAuth {
		if op.UsesScheme(a.Scheme) {
			call.AuthOption, call.AuthEnv = a.Option, a.Env
			break
		}
	}
	if cfg.SDKAuth == nil && len(op.Security) > 0 && len(op.Security[0]) > 0 {
		// No SDK options configured: the client gets the credential the
		// cURL script sends, from the same environment variable.
		s := api.SchemeByName(op.Security[0][0])
		if h, ok := authHeader(s, cfg); ok {
			call.AuthOption, call.AuthEnv = "apiKey", h.Env
			if s.Type == "http" {
				call.AuthOption = "token"
			}
		}
	}
	params := ecma.NewObject(4)
	for _, p := range op.Parameters {
		if !p.Example.Present {
			continue
		}
		group, ok := params.Object(p.In)
		if !ok {
			group = ecma.NewObject(2)
			params.Set(p.In, group)
		}
		group.Set(p.Name, p.Example.Value)
	}
	options := ecma.NewObject(2)
	if params.Len() > 0 {
		options.Set("params", params)
	}
	if body := op.PrimaryRequestExample(); body != nil && body.Example.Present {
		options.Set("body", body.Example.Value)
	}
	if options.Len() > 0 {
		call.Options = options
	}
	return call
}

// CurlCommand is an operation's example as one cURL command, as plain
// text: CurlLines quotes it for the shell.
type CurlCommand struct {
	Method string // upper case
	// Target is the path with path parameters filled in and percent-encoded,
	// and the query string when any query parameter has an example.
	Target string
	// Headers are the -H options, in order.
	Headers []CurlHeader
	// Options follow the headers: the cookie parameters (-b) and the
	// fields of a form body (--data-urlencode, --data-raw, --form-string,
	// -F), each serialised by its style or encoding.
	Options []CurlOption
	// Data is the compact JSON of the request example; HasData says
	// whether there is one (not when Options hold the form body).
	Data    string
	HasData bool
}

// CurlOption is one option of a cURL command and its argument, as plain
// text.
type CurlOption struct{ Flag, Arg string }

// CurlHeader is one "Name: value" header: Text, then the value of the
// environment variable Env when Env is set (a credential, read when the
// command runs).
type CurlHeader struct{ Text, Env string }

// Curl is op's cURL command: its parameters' and request body's examples
// sent as their styles and encodings say, with the credential header of
// its first security requirement's first scheme.
func Curl(op *model.Operation, api *model.API, cfg *config.Config) *CurlCommand {
	c := &CurlCommand{Method: strings.ToUpper(op.Method)}
	examples := map[string]string{}
	var query, cookies []string
	var headers []CurlHeader
	for _, p := range op.Parameters {
		if !p.Example.Present {
			continue
		}
		v := p.Example.Value
		style, explode := p.Style, p.Explode
		if p.ContentType != "" {
			// A value given by content is its JSON text, not styled.
			v, style, explode = serialize.Text(v), "form", true
		}
		switch p.In {
		case "path":
			if _, ok := examples[p.Name]; !ok {
				examples[p.Name] = serialize.String(p.Name, v, style, explode, serialize.PathValue)
			}
		case "query":
			for _, pair := range serialize.Query(p.Name, v, style, explode) {
				query = append(query, serialize.FormPair(pair, p.AllowReserved))
			}
		case "header":
			headers = append(headers, CurlHeader{Text: p.Name + ": " + headerValue(p.Name, v, explode)})
		case "cookie":
			for _, pair := range serialize.Query(p.Name, v, "form", explode) {
				cookies = append(cookies, serialize.PathValue(pair.Name)+"="+serialize.PathValue(pair.Value))
			}
		}
	}
	c.Target = fillPath(op.Path, examples)
	if len(query) > 0 {
		c.Target += "?" + strings.Join(query, "&")
	}
	c.Headers = append(c.Headers, CurlHeader{Text: "Accept: application/json"})
	if len(op.Security) > 0 && len(op.Security[0]) > 0 {
		if h, ok := authHeader(api.SchemeByName(op.Security[0][0]), cfg); ok {
			c.Headers = append(c.Headers, h)
		}
	}
	c.Headers = append(c.Headers, headers...)
	if len(cookies) > 0 {
		c.Options = append(c.Options, CurlOption{Flag: "-b", Arg: strings.Join(cookies, "; ")})
	}
	if body := op.PrimaryRequestExample(); body != nil && body.Example.Present {
		if fields, ok := formFields(body); ok {
			if !body.IsMultipart() {
				// cURL writes a multipart Content-Type itself, with the boundary.
				c.Headers = append(c.Headers, CurlHeader{Text: "Content-Type: " + body.MediaType})
			}
			c.Options = append(c.Options, fields...)
			return c
		}
		c.Headers = append(c.Headers, CurlHeader{Text: "Content-Type: " + body.MediaType})
		c.HasData = true
		c.Data = ecma.MarshalString(body.Example.Value, false)
	}
	return c
}

// headerValue is a header parameter's example in style simple; CR, LF
// and NUL, which no header value may hold, are percent-encoded, so that
// an example can never add a header.
func headerValue(name string, v ecma.Value, explode bool) string {
	return headerValueEscaper.Replace(serialize.String(name, v, "simple", explode, nil))
}

// Replacers are built once: building one costs more than most replacements.
var (
	headerValueEscaper = strings.NewReplacer("\r", "%0D", "\n", "%0A", "\x00", "%00")
	formQuoteEscaper   = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
)

// formFields are the options that send a form body example (an object)
// property by property, each as its encoding says: a URL-encoded body as
// --data-urlencode pairs (--data-raw when allowReserved keeps characters
// cURL would encode), a multipart body as one part per value, its content
// type given when declared or when the value is an object (JSON).
func formFields(body *model.MediaExample) ([]CurlOption, bool) {
	obj, ok := body.Example.Value.(*ecma.Object)
	if !ok || !body.IsForm() {
		return nil, false
	}
	var opts []CurlOption
	for i := range obj.Len() {
		name, v := obj.At(i)
		enc := body.EncodingOf(name)
		if body.IsURLEncoded() {
			for _, pair := range serialize.Query(name, v, enc.Style, enc.Explode) {
				if enc.AllowReserved || pair.Name == "" {
					opts = append(opts, CurlOption{Flag: "--data-raw", Arg: serialize.FormPair(pair, enc.AllowReserved)})
					continue
				}
				// cURL encodes the value; the name must be encoded already.
				opts = append(opts, CurlOption{Flag: "--data-urlencode", Arg: serialize.FormName(pair.Name) + "=" + pair.Value})
			}
			continue
		}
		if enc.Styled {
			for _, pair := range serialize.Query(name, v, enc.Style, enc.Explode) {
				opts = append(opts, multipartField(pair.Name, pair.Value, ""))
			}
			continue
		}
		values := []ecma.Value{v}
		if arr, ok := v.([]ecma.Value); ok {
			values = arr // one part per item, as forms send a multiple choice
		}
		for _, x := range values {
			contentType := enc.ContentType
			if _, isObject := x.(*ecma.Object); isObject && contentType == "" {
				contentType = "application/json"
			}
			if _, isArray := x.([]ecma.Value); isArray && contentType == "" {
				contentType = "application/json"
			}
			opts = append(opts, multipartField(name, serialize.Text(x), contentType))
		}
	}
	return opts, true
}

// multipartField is a text part: --form-string sends the value as
// written; with a content type, -F reads a double-quoted value in which
// cURL takes \\ and \" as escapes.
func multipartField(name, value, contentType string) CurlOption {
	if contentType == "" {
		return CurlOption{Flag: "--form-string", Arg: name + "=" + value}
	}
	quoted := formQuoteEscaper.Replace(value)
	return CurlOption{Flag: "-F", Arg: name + `="` + quoted + `";type=` + contentType}
}

// fillPath replaces each {name} of a path template that has an example by
// the encoded example, and percent-encodes what a URL path cannot hold as
// written (control characters, space, '?', '#') in the rest.
func fillPath(path string, examples map[string]string) string {
	var b strings.Builder
	for path != "" {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(path[open:], '}')
		if end < 0 {
			break
		}
		end += open
		b.WriteString(pathText(path[:open]))
		if v, ok := examples[path[open+1:end]]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(pathText(path[open : end+1]))
		}
		path = path[end+1:]
	}
	b.WriteString(pathText(path))
	return b.String()
}

// pathText percent-encodes control characters, space, '?' and '#'.
func pathText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '?' || r == '#' }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f || c == '?' || c == '#' {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// authHeader is the header for a scheme: an API key in a header, or an
// HTTP bearer token, each read from its environment variable.
func authHeader(s *model.SecurityScheme, cfg *config.Config) (CurlHeader, bool) {
	if s == nil {
		return CurlHeader{}, false
	}
	env := cfg.SchemeEnv[s.Name]
	switch {
	case s.Type == "apiKey" && s.In == "header":
		if env == "" {
			env = cfg.APIKeyEnv
		}
		return CurlHeader{Text: s.ParamName + ": ", Env: env}, true
	case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"):
		if env == "" {
			env = cfg.BearerEnv
		}
		return CurlHeader{Text: "Authorization: Bearer ", Env: env}, true
	}
	return CurlHeader{}, false
}

// CurlLines returns the command, one option per line, every line but the
// last ending in " \" and continuation lines indented by two spaces. The
// target follows baseURL, or ${baseURLEnv:-baseURL} when baseURLEnv is set.
// Every argument is one double-quoted shell word (ShellEscape); only the
// configured variables (checked names) expand.
func CurlLines(c *CurlCommand, baseURL, baseURLEnv string) []string {
	base := ShellEscape(baseURL)
	if baseURLEnv != "" {
		base = "${" + baseURLEnv + ":-" + base + "}"
	}
	lines := []string{`curl -X ` + c.Method + ` "` + base + ShellEscape(c.Target) + `"`}
	for _, h := range c.Headers {
		word := ShellEscape(h.Text)
		if h.Env != "" {
			word += "$" + h.Env
		}
		lines = append(lines, `  -H "`+word+`"`)
	}
	for _, o := range c.Options {
		lines = append(lines, "  "+o.Flag+` "`+ShellEscape(o.Arg)+`"`)
	}
	if c.HasData {
		lines = append(lines, `  --data-raw "`+ShellEscape(c.Data)+`"`)
	}
	for i := range len(lines) - 1 {
		lines[i] += ` \`
	}
	return lines
}

// ShellEscape escapes '\', '"', '$' and '`' for a double-quoted POSIX
// shell word: the only characters special there. Spec text reaches a
// script only through it, and never holds a NUL (the calls refuse it or
// percent-encode it) that a shell would drop.
func ShellEscape(s string) string {
	if !strings.ContainsAny(s, "\\\"$`") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '"', '$', '`':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

const upperHex = "0123456789ABCDEF"
