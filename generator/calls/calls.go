// Package calls builds each operation's call examples from its documented
// examples: the TypeScript SDK call (FORMAT.md §7) and the cURL command
// (§9). Pages, example files and scripts all print these one structures.
package calls

import (
	"strings"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/jsontext"
	"github.com/agentmc/agentmc-gen/generator/model"
)

// Build sets SDK and Curl on every operation of api.
func Build(api *model.API, cfg *config.Config) {
	for _, op := range api.Operations {
		op.SDK = sdkCall(op, cfg)
		op.Curl = curl(op, api, cfg)
	}
}

func sdkCall(op *model.Operation, cfg *config.Config) *model.SDKCall {
	call := &model.SDKCall{}
	for _, a := range cfg.SDKAuth {
		if op.UsesScheme(a.Scheme) {
			call.AuthOption, call.AuthEnv = a.Option, a.Env
			break
		}
	}
	params := jsontext.NewObject(4)
	for _, p := range op.Parameters {
		if !p.Example.Present {
			continue
		}
		group, ok := params.Object(p.In)
		if !ok {
			group = jsontext.NewObject(2)
			params.Set(p.In, group)
		}
		group.Set(p.Name, p.Example.Value)
	}
	options := jsontext.NewObject(2)
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

func curl(op *model.Operation, api *model.API, cfg *config.Config) *model.CurlCommand {
	c := &model.CurlCommand{Method: strings.ToUpper(op.Method)}
	target := op.Path
	var query []string
	for _, p := range op.Parameters {
		if !p.Example.Present {
			continue
		}
		switch p.In {
		case "path":
			target = strings.ReplaceAll(target, "{"+p.Name+"}", EncodeURIComponent(JSString(p.Example.Value)))
		case "query":
			query = append(query, FormEncode(p.Name)+"="+FormEncode(JSString(p.Example.Value)))
		}
	}
	if len(query) > 0 {
		target += "?" + strings.Join(query, "&")
	}
	c.Target = ShellEscape(target)
	c.Headers = append(c.Headers, "Accept: application/json")
	if len(op.Security) > 0 && len(op.Security[0]) > 0 {
		if h := authHeader(api.SchemeByName(op.Security[0][0]), cfg); h != "" {
			c.Headers = append(c.Headers, h)
		}
	}
	if body := op.PrimaryRequestExample(); body != nil && body.Example.Present {
		c.Headers = append(c.Headers, "Content-Type: "+ShellEscape(body.MediaType))
		c.HasData = true
		c.Data = ShellEscape(jsontext.MarshalString(body.Example.Value, false))
	}
	return c
}

// authHeader is the header line for a scheme: an API key in a header, or
// an HTTP bearer token, each read from its environment variable.
func authHeader(s *model.SecurityScheme, cfg *config.Config) string {
	if s == nil {
		return ""
	}
	env := cfg.SchemeEnv[s.Name]
	switch {
	case s.Type == "apiKey" && s.In == "header":
		if env == "" {
			env = cfg.APIKeyEnv
		}
		return ShellEscape(s.ParamName) + ": $" + env
	case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"):
		if env == "" {
			env = cfg.BearerEnv
		}
		return "Authorization: Bearer $" + env
	}
	return ""
}

// ShellEscape escapes '\', '"', '$' and '`' for a double-quoted POSIX
// shell word.
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

// JSString converts a value to text as JavaScript's String() does.
func JSString(v jsontext.Value) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return t
	case bool:
		if t {
			return "true"
		}
		return "false"
	case float64:
		if t != t {
			return "NaN"
		}
		if t > 1.7976931348623157e308 {
			return "Infinity"
		}
		if t < -1.7976931348623157e308 {
			return "-Infinity"
		}
		return jsontext.FormatNumber(t)
	case []jsontext.Value:
		parts := make([]string, len(t))
		for i, x := range t {
			if x != nil {
				parts[i] = JSString(x)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

const upperHex = "0123456789ABCDEF"

// EncodeURIComponent percent-encodes s as JavaScript's encodeURIComponent
// does: everything but ASCII letters, digits and - _ . ! ~ * ' ( ).
func EncodeURIComponent(s string) string {
	return percentEncode(s, "-_.!~*'()", false)
}

// FormEncode encodes s as URLSearchParams serialises a name or value:
// everything but ASCII letters, digits and * - . _ is percent-encoded, and
// a space becomes '+'.
func FormEncode(s string) string {
	return percentEncode(s, "*-._", true)
}

func percentEncode(s, safe string, spaceAsPlus bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(safe, c) >= 0:
			b.WriteByte(c)
		case c == ' ' && spaceAsPlus:
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
	return b.String()
}
