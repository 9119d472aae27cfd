package site_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
)

// trySpec has each kind of input the try-it panel writes: a path, a query
// and a header parameter (the header's example and the body's close the
// elements they sit in), a cookie parameter and a cookie API key (neither
// of which a page can send), an API key in the query, HTTP basic, a 4XX
// range and a default response, and a server path that needs escaping.
const trySpec = `openapi: 3.0.3
info: {title: Try, version: 1.0.0}
servers: [{url: "https://api.example.com/base%20path/v1"}]
components:
  securitySchemes:
    Key: {type: apiKey, in: query, name: api_key}
    Basic: {type: http, scheme: basic}
    Session: {type: apiKey, in: cookie, name: sid}
paths:
  /items/{id}:
    put:
      operationId: putItem
      security: [{Key: []}, {Basic: [], Key: []}, {Session: []}]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: "a/b"}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}, example: [x, y]}
        - {name: X-Trace, in: header, schema: {type: string}, example: "</textarea><script>alert(1)</script>"}
        - {name: sid2, in: cookie, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object}
            example: {note: "</textarea><b>x</b>"}
      responses:
        "200": {description: OK}
        "4XX": {description: Client error}
        default: {description: Other}
`

// TestTryItPanel: an operation page carries the try-it form, hidden, with
// the documented examples as its values and a label for every control,
// and, shown in its place when no mock serves the page (file://), the
// command that starts the mock and the operation's cURL against it.
func TestTryItPanel(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	cfg.Emit = []string{"docs", "curl", "site"}
	res, err := generator.Generate(cfg, []byte(trySpec))
	if err != nil {
		t.Fatal(err)
	}
	doc := parsePage(t, res, site.PagePath(res.API.Operations[0]))
	panel := byID(t, doc, "try-it")
	if _, hidden := attr(panel, "hidden"); !hidden {
		t.Error("the panel shows without the mock")
	}
	if m, _ := attr(panel, "data-method"); m != "PUT" {
		t.Errorf("data-method %q", m)
	}
	if p, _ := attr(panel, "data-path"); p != "/items/{id}" {
		t.Errorf("data-path %q", p)
	}

	offline := byID(t, doc, "try-it-offline")
	// The table of contents links the one of the two that shows by their wrapper.
	if wrap := byID(t, doc, "try"); panel.Parent != wrap || offline.Parent != wrap {
		t.Error("the panel and the offline block are not both in #try")
	}
	toc := find(doc, func(n *html.Node) bool {
		v, _ := attr(n, "href")
		return v == "#try" && n.Parent.Parent.Parent.Data == "aside"
	})
	if len(toc) != 1 || textOf(toc[0]) != "Try it" {
		t.Errorf("the table of contents has %d links to #try", len(toc))
	}
	if _, hidden := attr(offline, "hidden"); hidden {
		t.Error("the block that starts the mock is hidden")
	}
	code := textOf(find(offline, func(n *html.Node) bool { return n.Data == "code" && n.Parent.Data == "pre" })[0])
	for _, want := range []string{
		"agentmc-gen mock -site",
		"# then open http://127.0.0.1:4010/operations/putItem.html",
		// The array query parameter in its default style, form exploded.
		`curl -X PUT "http://127.0.0.1:4010/base%20path/v1/items/a%2Fb?tags=x&tags=y"`,
		`--data-raw "{\"note\":\"</textarea><b>x</b>\"}"`,
	} {
		if !strings.Contains(code, want) {
			t.Errorf("the offline block lacks %q:\n%s", want, code)
		}
	}

	type input struct{ in, name, value, prefix, typ string }
	var params, creds []input
	for _, n := range find(panel, func(n *html.Node) bool { _, ok := attr(n, "data-in"); return n.Data == "input" && ok }) {
		in, _ := attr(n, "data-in")
		name, _ := attr(n, "data-name")
		value, _ := attr(n, "value")
		prefix, _ := attr(n, "data-prefix")
		typ, _ := attr(n, "type")
		if _, ok := attr(n, "data-scheme"); ok {
			creds = append(creds, input{in, name, value, prefix, typ})
		} else {
			params = append(params, input{in, name, value, prefix, typ})
		}
	}
	wantParams := []input{
		{"path", "id", "a/b", "", ""},
		{"query", "tags", "x,y", "", ""},
		{"header", "X-Trace", "</textarea><script>alert(1)</script>", "", ""},
	}
	if !slices.Equal(params, wantParams) {
		t.Errorf("parameters\n got %q\nwant %q", params, wantParams)
	}
	wantCreds := []input{{"query", "api_key", "", "", "password"}, {"header", "Authorization", "", "Basic ", "password"}}
	if !slices.Equal(creds, wantCreds) {
		t.Errorf("credentials\n got %q\nwant %q", creds, wantCreds)
	}

	body := find(panel, func(n *html.Node) bool { return n.Data == "textarea" })
	if len(body) != 1 || textOf(body[0]) != `{ "note": "</textarea><b>x</b>" }` {
		t.Fatalf("request body: %d textareas, %q", len(body), textOf(body[0]))
	}
	if mt, _ := attr(body[0], "data-media-type"); mt != "application/json" {
		t.Errorf("body media type %q", mt)
	}
	var options []string
	for _, n := range find(byID(t, panel, "try-prefer"), func(n *html.Node) bool { return n.Data == "option" }) {
		v, _ := attr(n, "value")
		options = append(options, v+"="+textOf(n))
	}
	if want := []string{"=the primary success", "200=200 OK", "400=4XX"}; !slices.Equal(options, want) {
		t.Errorf("Prefer options %q, want %q", options, want)
	}

	// The payloads in the examples made no element; every control has its label.
	for _, tag := range []string{"script", "b"} {
		if n := len(find(doc, func(n *html.Node) bool { return n.Data == tag })); tag == "script" && n != 1 || tag == "b" && n != 0 {
			t.Errorf("%d <%s> elements", n, tag)
		}
	}
	labels := map[string]bool{}
	for _, n := range find(panel, func(n *html.Node) bool { return n.Data == "label" }) {
		v, _ := attr(n, "for")
		labels[v] = true
	}
	for _, n := range find(panel, func(n *html.Node) bool { return n.Data == "input" || n.Data == "select" || n.Data == "textarea" }) {
		if id, _ := attr(n, "id"); !labels[id] {
			t.Errorf("<%s id=%q> has no label", n.Data, id)
		}
	}
}
