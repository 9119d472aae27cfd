// Package hostile builds OpenAPI specs that carry attack payloads in every
// field that reaches a generated artifact. Tests of each target (Go,
// TypeScript, shell, markdown, HTML) generate from these specs and check
// that the payload changes nothing but the text it is shown as.
//
// A spec is built from a small valid base document; a Field puts a payload
// into one place of it. Everywhere puts the payload into every field at
// once, for checks that are costly per spec (compiling the Go client).
package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// LoneSurrogate stands for an unpaired UTF-16 surrogate in a payload's
// text. Go strings cannot hold one, so Spec writes it as the JSON escape
// \ud800, which the loader reads as JavaScript's JSON.parse would.
const LoneSurrogate = "\uE000"

// Payload is one attack string.
type Payload struct {
	Name string
	Text string
}

// filler makes a long line, so that comment wrapping breaks it at a chosen word.
func filler(n int) string { return strings.Repeat("word ", n) }

// Payloads are the attack strings, one per technique and position.
var Payloads = func() []Payload {
	ps := []Payload{
		{"directive-lf", "text\n//go:generate sh -c \"touch PWNED\"\nmore"},
		{"directive-bare-lf", "text\ngo:generate sh -c \"touch PWNED\""},
		{"directive-cr", "text\r//go:generate sh -c \"touch PWNED\""},
		{"directive-crlf", "text\r\n//go:generate sh -c \"touch PWNED\""},
		{"directive-nel", "text\u0085//go:generate sh -c \"touch PWNED\""},
		{"directive-ls", "text\u2028//go:generate sh -c \"touch PWNED\""},
		{"directive-ps", "text\u2029//go:generate sh -c \"touch PWNED\""},
		{"directive-start", "//go:generate sh -c \"touch PWNED\""},
		{"build-ignore", "x\n//go:build ignore\n"},
		{"plus-build", "x\n// +build ignore\n"},
		{"line-directive", "x\n//line evil.go:1\n"},
		{"export-directive", "x\n//export Evil\n"},
		{"cgo-directive", "x\n//go:cgo_ldflag \"-evil\"\n"},
		{"block-close", "*/ func init() { panic(\"PWNED\") } /*"},
		{"block-open-close", "/**/ func init() { panic(\"PWNED\") } //"},
		{"block-open", "/* unclosed"},
		{"line-comment-code", "x\n*/\nfunc init() { panic(\"PWNED\") }\n/*"},
		{"import-inject", "x\n\nimport _ \"os/exec\"\n"},
		{"quotes", "\"double\" 'single' `back`"},
		{"backslash", "a\\b\\\"c\\n"},
		{"shell-subst", "$(touch PWNED) `touch PWNED` ${IFS}x;touch PWNED"},
		{"shell-quote-break", "'; touch PWNED; echo '"},
		{"nul", "a\x00b"},
		{"bom", "\ufeffa"},
		{"control", "a\x01\x07\x1b[31mb\x7f"},
		{"lone-surrogate", "a" + LoneSurrogate + "b"},
		{"script", "</script><script>alert(\"PWNED\")</script>"},
		{"html", "<img src=x onerror=alert(1)><b>bold</b>"},
		{"fence", "```\n# Injected heading\n[link](https://evil.example)\n```"},
		{"tilde-fence", "~~~\ninjected\n"},
		{"table", "| a | b |\n| --- | --- |\n| c | d |"},
		{"heading-cr", "x\r# Injected\r## SDK Example"},
		{"header-inject", "x\r\nX-Evil: 1"},
		{"ts-call", "x(); (await import('node:child_process')).execSync('touch PWNED'); client.operations.x"},
		{"ts-template", "${process.exit(1)}`+require('child_process')+`"},
		{"js-comment", "*/ require('child_process').execSync('touch PWNED') /*"},
		{"unicode-ident", "é_ü"},
		{"long", strings.Repeat("x", 5000)},
	}
	// Wrapping breaks long doc text at spaces: put a directive at every
	// position a wrap can start a line from.
	for _, n := range []int{12, 13, 14, 15, 16, 17, 18, 19, 20} {
		ps = append(ps, Payload{fmt.Sprintf("wrap-%d", n), filler(n) + "//go:generate sh -c \"touch PWNED\" " + filler(3) + "go:generate sh -c x"})
	}
	return ps
}()

// Field is one place of the spec where text reaches an artifact.
type Field struct {
	Name string
	// Set puts text into the document.
	Set func(doc map[string]any, text string)
	// Rejects reports whether OpenAPI or HTTP forbid text in this field, so
	// that generation must fail with a one-line error instead.
	Rejects func(text string) bool
}

// Fields are the places a payload is put, one at a time.
var Fields = []Field{
	{Name: "info.title", Set: func(d map[string]any, s string) { info(d)["title"] = s }},
	{Name: "info.version", Set: func(d map[string]any, s string) { info(d)["version"] = s }},
	{Name: "info.description", Set: func(d map[string]any, s string) { info(d)["description"] = s }},
	{Name: "servers.url", Set: func(d map[string]any, s string) {
		d["servers"] = []any{map[string]any{"url": "https://api.example.com/" + s}}
	}},
	{Name: "tags.name", Set: func(d map[string]any, s string) {
		d["tags"] = []any{map[string]any{"name": s, "description": "A tag."}}
		op(d, "get")["tags"] = []any{s}
	}},
	{Name: "tags.description", Set: func(d map[string]any, s string) {
		d["tags"] = []any{map[string]any{"name": "boards", "description": s}}
	}},
	{Name: "path", Set: func(d map[string]any, s string) {
		paths := d["paths"].(map[string]any)
		item := paths["/boards/{board}"]
		delete(paths, "/boards/{board}")
		paths["/boards/{board}/"+s] = item
	}},
	{Name: "operationId", Set: func(d map[string]any, s string) { op(d, "get")["operationId"] = s }},
	{Name: "summary", Set: func(d map[string]any, s string) { op(d, "get")["summary"] = s }},
	{Name: "description", Set: func(d map[string]any, s string) { op(d, "get")["description"] = s }},
	{Name: "parameter.name", Set: func(d map[string]any, s string) { param(d, "query")["name"] = s }},
	{Name: "parameter.description", Set: func(d map[string]any, s string) { param(d, "query")["description"] = s }},
	{Name: "parameter.example", Set: func(d map[string]any, s string) { param(d, "query")["example"] = s }},
	{Name: "path-parameter.example", Set: func(d map[string]any, s string) { param(d, "path")["example"] = s }},
	{Name: "header-parameter.name", Set: func(d map[string]any, s string) { param(d, "header")["name"] = s }, Rejects: notToken},
	{Name: "header-parameter.example", Set: func(d map[string]any, s string) { param(d, "header")["example"] = s }},
	{Name: "response.description", Set: func(d map[string]any, s string) { response(d, "get")["description"] = s }},
	{Name: "request.mediaType", Set: func(d map[string]any, s string) {
		content := body(d)["content"].(map[string]any)
		content["application/"+s] = content["application/json"]
		delete(content, "application/json")
	}, Rejects: notFieldValue},
	{Name: "response.mediaType", Set: func(d map[string]any, s string) {
		content := response(d, "get")["content"].(map[string]any)
		content["application/"+s] = content["application/json"]
		delete(content, "application/json")
	}, Rejects: notFieldValue},
	{Name: "schema.name", Set: func(d map[string]any, s string) {
		schemas := components(d, "schemas")
		schemas[s] = schemas["Board"]
		delete(schemas, "Board")
		replaceRefs(d, "#/components/schemas/Board", "#/components/schemas/"+pointerToken(s))
	}},
	{Name: "schema.description", Set: func(d map[string]any, s string) { board(d)["description"] = s }},
	{Name: "schema.title", Set: func(d map[string]any, s string) { board(d)["title"] = s }},
	{Name: "property.name", Set: func(d map[string]any, s string) {
		props := board(d)["properties"].(map[string]any)
		props[s] = map[string]any{"type": "string", "example": "v"}
		board(d)["required"] = []any{"id", s}
	}},
	{Name: "property.description", Set: func(d map[string]any, s string) { boardProp(d, "name")["description"] = s }},
	{Name: "property.example", Set: func(d map[string]any, s string) { boardProp(d, "name")["example"] = s }},
	{Name: "property.default", Set: func(d map[string]any, s string) { boardProp(d, "name")["default"] = s }},
	{Name: "property.format", Set: func(d map[string]any, s string) { boardProp(d, "name")["format"] = s }},
	{Name: "enum.value", Set: func(d map[string]any, s string) { boardProp(d, "status")["enum"] = []any{"open", s} }},
	{Name: "request.example", Set: func(d map[string]any, s string) {
		mt := onlyMedia(body(d))
		mt["example"] = map[string]any{"name": s, s: s}
	}},
	{Name: "response.example", Set: func(d map[string]any, s string) {
		mt := onlyMedia(response(d, "get"))
		mt["example"] = map[string]any{"id": 1, "name": s, s: []any{s}}
	}},
	{Name: "securityScheme.name", Set: func(d map[string]any, s string) {
		schemes := components(d, "securitySchemes")
		schemes[s] = schemes["ApiKeyAuth"]
		delete(schemes, "ApiKeyAuth")
		d["security"] = []any{map[string]any{s: []any{}}}
	}},
	{Name: "securityScheme.description", Set: func(d map[string]any, s string) {
		apiKeyScheme(d)["description"] = s
	}},
	{Name: "securityScheme.headerName", Set: func(d map[string]any, s string) {
		apiKeyScheme(d)["name"] = s
	}, Rejects: notToken},
}

// Case is one field carrying one payload.
type Case struct {
	Name    string // "<field>/<payload>"
	Field   Field
	Payload Payload
	// WantError is set where the field forbids the payload.
	WantError bool
}

// Spec returns the case's spec as JSON.
func (c Case) Spec() []byte {
	d := Base()
	c.Field.Set(d, c.Payload.Text)
	return Encode(d)
}

// Cases returns every field with every payload.
func Cases() []Case {
	var cs []Case
	for _, f := range Fields {
		for _, p := range Payloads {
			cs = append(cs, Case{
				Name: f.Name + "/" + p.Name, Field: f, Payload: p,
				WantError: f.Rejects != nil && f.Rejects(p.Text),
			})
		}
	}
	return cs
}

// Everywhere returns a spec with text in every field that accepts it.
func Everywhere(text string) []byte {
	d := Base()
	for _, f := range Fields {
		if f.Rejects != nil && f.Rejects(text) {
			continue
		}
		f.Set(d, text)
	}
	return Encode(d)
}

// Clean returns the base spec with no payload, the reference a hostile
// spec's artifacts are compared with.
func Clean() []byte { return Encode(Base()) }

// Encode writes a document as JSON, keys sorted, with LoneSurrogate as
// the escape \ud800.
func Encode(d map[string]any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		panic(err)
	}
	return bytes.ReplaceAll(buf.Bytes(), []byte(LoneSurrogate), []byte(`\ud800`))
}

// Base returns the clean document: one resource with a GET (path, query
// and header parameters, a JSON response) and a PUT (a required JSON
// body), a component schema with an enum, and two security schemes.
func Base() map[string]any {
	var d map[string]any
	if err := json.Unmarshal([]byte(baseSpec), &d); err != nil {
		panic(err)
	}
	return d
}

const baseSpec = `{
  "openapi": "3.0.3",
  "info": {"title": "Hostile", "version": "1.0.0", "description": "An API."},
  "servers": [{"url": "https://api.example.com/v1"}],
  "security": [{"ApiKeyAuth": []}],
  "tags": [{"name": "boards", "description": "Boards."}],
  "paths": {
    "/boards/{board}": {
      "get": {
        "operationId": "showBoard",
        "summary": "Show a board",
        "description": "Returns one board.",
        "tags": ["boards"],
        "parameters": [
          {"name": "board", "in": "path", "required": true, "schema": {"type": "integer"}, "example": 42},
          {"name": "include", "in": "query", "description": "Related data.", "schema": {"type": "string"}, "example": "tasks"},
          {"name": "X-Trace", "in": "header", "description": "A trace id.", "schema": {"type": "string"}, "example": "abc"}
        ],
        "responses": {
          "200": {"description": "The board.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Board"}, "example": {"id": 42, "name": "Roadmap", "status": "open"}}}},
          "404": {"description": "Not found.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": {"message": "Not found."}}}}
        }
      },
      "put": {
        "operationId": "updateBoard",
        "summary": "Update a board",
        "tags": ["boards"],
        "security": [{"BearerAuth": []}],
        "parameters": [
          {"name": "board", "in": "path", "required": true, "schema": {"type": "integer"}, "example": 42}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Board"}, "example": {"name": "Roadmap"}}}},
        "responses": {
          "200": {"description": "The board.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Board"}}}},
          "422": {"description": "Invalid.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Board": {
        "type": "object",
        "description": "A board.",
        "required": ["id"],
        "properties": {
          "id": {"type": "integer", "description": "The id."},
          "name": {"type": "string", "description": "The name."},
          "status": {"type": "string", "enum": ["open", "closed"]}
        }
      },
      "Error": {"type": "object", "properties": {"message": {"type": "string"}}}
    },
    "securitySchemes": {
      "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key", "description": "An API key."},
      "BearerAuth": {"type": "http", "scheme": "bearer"}
    }
  }
}`

func info(d map[string]any) map[string]any { return d["info"].(map[string]any) }

func components(d map[string]any, kind string) map[string]any {
	return d["components"].(map[string]any)[kind].(map[string]any)
}

// op returns the operation of the only path item, whatever its path is now.
func op(d map[string]any, method string) map[string]any {
	for _, item := range d["paths"].(map[string]any) {
		return item.(map[string]any)[method].(map[string]any)
	}
	panic("no path")
}

func param(d map[string]any, in string) map[string]any {
	for _, p := range op(d, "get")["parameters"].([]any) {
		if p := p.(map[string]any); p["in"] == in {
			return p
		}
	}
	panic("no parameter in " + in)
}

func response(d map[string]any, method string) map[string]any {
	return op(d, method)["responses"].(map[string]any)["200"].(map[string]any)
}

func body(d map[string]any) map[string]any { return op(d, "put")["requestBody"].(map[string]any) }

func board(d map[string]any) map[string]any {
	schemas := components(d, "schemas")
	if b, ok := schemas["Board"]; ok {
		return b.(map[string]any)
	}
	// schema.name renamed it: the one schema that is not Error.
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if n != "Error" {
			return schemas[n].(map[string]any)
		}
	}
	panic("no board schema")
}

// onlyMedia returns the media type object of a body or response, whatever
// its media type is now.
func onlyMedia(o map[string]any) map[string]any {
	for _, mt := range o["content"].(map[string]any) {
		return mt.(map[string]any)
	}
	panic("no media type")
}

// apiKeyScheme returns the apiKey security scheme, whatever its name is now.
func apiKeyScheme(d map[string]any) map[string]any {
	for _, s := range components(d, "securitySchemes") {
		if s := s.(map[string]any); s["type"] == "apiKey" {
			return s
		}
	}
	panic("no apiKey scheme")
}

func boardProp(d map[string]any, name string) map[string]any {
	return board(d)["properties"].(map[string]any)[name].(map[string]any)
}

// replaceRefs rewrites every {"$ref": from} in d to to.
func replaceRefs(v any, from, to string) {
	switch v := v.(type) {
	case map[string]any:
		if v["$ref"] == from {
			v["$ref"] = to
		}
		for _, c := range v {
			replaceRefs(c, from, to)
		}
	case []any:
		for _, c := range v {
			replaceRefs(c, from, to)
		}
	}
}

// pointerToken escapes a name as one JSON pointer token inside a URI
// fragment (RFC 6901 §3 and §6).
func pointerToken(s string) string {
	s = strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
	parts := strings.Split(s, LoneSurrogate)
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, LoneSurrogate)
}

// notToken reports whether s is not an HTTP field name (RFC 9110 §5.1: a token).
func notToken(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c <= ' ' || strings.IndexByte("\"(),/:;<=>?@[\\]{}\x7f", c) >= 0 {
			return true
		}
	}
	return false
}

// notFieldValue reports whether s cannot be sent in an HTTP field value
// (RFC 9110 §5.5: no CR, LF or NUL).
func notFieldValue(s string) bool { return strings.ContainsAny(s, "\r\n\x00") }
