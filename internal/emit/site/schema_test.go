package site_test

import (
	"bytes"
	"compress/gzip"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
)

// petsSite generates the site of testdata/schemas.yaml: nested objects,
// arrays, a oneOf with a discriminator mapping, allOf, a cycle,
// readOnly/writeOnly, enums, constraints, response headers, x-codeSamples.
func petsSite(t *testing.T, emitters ...string) *generator.Result {
	t.Helper()
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = filepath.Join("testdata", "schemas.yaml")
	return generate(t, cfg, emitters...)
}

func parsePage(t *testing.T, res *generator.Result, path string) *html.Node {
	t.Helper()
	f := res.Files.Get(path)
	if f == nil {
		t.Fatalf("no %s", path)
	}
	doc, err := html.Parse(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// find returns the elements under n for which keep is true, in order.
func find(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byID(t *testing.T, doc *html.Node, id string) *html.Node {
	t.Helper()
	found := find(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })
	if len(found) != 1 {
		t.Fatalf("%d elements with id %q, want 1", len(found), id)
	}
	return found[0]
}

func hasID(doc *html.Node, id string) bool {
	return len(find(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })) > 0
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func withClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, _ := attr(n, "class")
		return slices.Contains(strings.Fields(v), class)
	}
}

// rowText is the text of a field's own row (name, type, badges).
func rowText(t *testing.T, field *html.Node) string {
	t.Helper()
	for c := field.FirstChild; c != nil; c = c.NextSibling {
		if withClass("row")(c) {
			return textOf(c)
		}
	}
	t.Fatalf("field %v has no row", field.Attr)
	return ""
}

// factsText is the text of a field's own facts list.
func factsText(field *html.Node) string {
	for c := field.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "dl" {
			return textOf(c)
		}
	}
	return ""
}

func TestSchemaTrees(t *testing.T) {
	res := petsSite(t, "docs", "sdk", "curl", "site")
	doc := parsePage(t, res, "site/operations/createPet.html")

	// The request body is a oneOf: tabs labelled from the discriminator
	// mapping ("cat"), a mapping given as a bare name ("dog").
	tabs := find(byID(t, doc, "ref-request").Parent, func(n *html.Node) bool {
		r, _ := attr(n, "role")
		return r == "tab"
	})
	var labels []string
	for _, tab := range tabs {
		if id, _ := attr(tab, "id"); strings.HasPrefix(id, "field-body~of") {
			labels = append(labels, textOf(tab))
		}
	}
	if !slices.Equal(labels, []string{"cat", "dog"}) {
		t.Errorf("request variant tabs %q, want cat, dog", labels)
	}
	first := tabs[0]
	if sel, _ := attr(first, "aria-selected"); sel != "true" {
		t.Error("the first variant tab is not selected")
	}
	if ti, _ := attr(first, "tabindex"); ti != "0" {
		t.Error("the first variant tab has no tabindex 0")
	}
	if list := first.Parent; list != nil {
		if _, hidden := attr(list, "hidden"); !hidden {
			t.Error("the tab list shows without script")
		}
	}
	// Without script every panel shows: none is hidden in the HTML.
	for _, p := range find(doc, func(n *html.Node) bool { r, _ := attr(n, "role"); return r == "tabpanel" }) {
		if _, hidden := attr(p, "hidden"); hidden {
			t.Errorf("panel %v hidden in the HTML", p.Attr)
		}
	}

	// allOf merged: the cat variant has PetBase's fields and its own.
	cat := "field-body.~v1."
	for _, name := range []string{"petType", "name", "password", "status", "tags", "weight", "meows"} {
		if !hasID(doc, cat+name) {
			t.Errorf("request cat variant lacks %s", name)
		}
	}
	// readOnly hidden in requests, writeOnly in responses.
	if hasID(doc, cat+"id") {
		t.Error("the request shows the readOnly id")
	}
	if !hasID(doc, "field-r201.~v1.id") || hasID(doc, "field-r201.~v1.password") {
		t.Error("the response must show id and hide the writeOnly password")
	}
	if got := rowText(t, byID(t, doc, "field-r201.~v1.id")); !strings.Contains(got, "read-only") || !strings.Contains(got, "integer (int64)") {
		t.Errorf("id row %q", got)
	}

	// Required, constraints, pattern, markdown description.
	name := byID(t, doc, cat+"name")
	if got := rowText(t, name); !strings.Contains(got, "required") || !strings.Contains(got, "string") {
		t.Errorf("name row %q", got)
	}
	if got := factsText(name); !strings.Contains(got, "1 to 50 characters") || !strings.Contains(got, "^[a-z]+$") {
		t.Errorf("name facts %q", got)
	}
	if strong := find(name, func(n *html.Node) bool { return n.Data == "strong" }); len(strong) != 1 || textOf(strong[0]) != "name" {
		t.Error("the name's markdown description is not rendered")
	}
	// Enum and default; nullable and deprecated.
	if got := factsText(byID(t, doc, cat+"status")); !strings.Contains(got, `Values "available" "sold"`) || !strings.Contains(got, `Default "available"`) {
		t.Errorf("status facts %q", got)
	}
	if got := rowText(t, byID(t, doc, cat+"nickname")); !strings.Contains(got, "nullable") || !strings.Contains(got, "deprecated") {
		t.Errorf("nickname row %q", got)
	}
	// Numbers: inclusive and exclusive bounds, multipleOf; arrays: items.
	if got := factsText(byID(t, doc, cat+"weight")); !strings.Contains(got, ">= 0") || !strings.Contains(got, "< 100") {
		t.Errorf("weight facts %q", got)
	}
	if got := factsText(byID(t, doc, "field-body.~v2.barks")); !strings.Contains(got, "multiple of 2") {
		t.Errorf("barks facts %q", got)
	}
	tags := byID(t, doc, cat+"tags")
	if got := rowText(t, tags); !strings.Contains(got, "array of Tag") {
		t.Errorf("tags row %q", got)
	}
	if got := factsText(tags); !strings.Contains(got, ">= 1 items") || !strings.Contains(got, "unique items") {
		t.Errorf("tags facts %q", got)
	}
	if links := find(tags, func(n *html.Node) bool { h, _ := attr(n, "href"); return h == "../schemas/Tag.html" }); len(links) == 0 {
		t.Error("the tags type does not link to the Tag page")
	}
	if !hasID(doc, cat+"tags.label") {
		t.Error("the array's items are not expanded")
	}
	// Nested objects in <details>; a map's values.
	if !hasID(doc, cat+"owner.address.city") {
		t.Error("nested object fields missing")
	}
	if d := find(byID(t, doc, cat+"owner"), func(n *html.Node) bool { return n.Data == "details" }); len(d) == 0 {
		t.Error("a nested object is not in <details>")
	}
	if !hasID(doc, cat+"labels.~map") {
		t.Error("additionalProperties row missing")
	}
	// The cycle is cut with a link to the component.
	parent := byID(t, doc, cat+"parent")
	more := find(parent, withClass("more"))
	if len(more) != 1 || !strings.Contains(textOf(more[0]), "recursive") {
		t.Fatalf("parent is not cut as recursive")
	}
	if h, _ := attr(find(more[0], func(n *html.Node) bool { return n.Data == "a" })[0], "href"); h != "../schemas/PetBase.html" {
		t.Errorf("the cycle links to %q", h)
	}
	// Field anchors link to their rows.
	if links := find(name, func(n *html.Node) bool { h, _ := attr(n, "href"); return h == "#"+cat+"name" }); len(links) != 1 {
		t.Error("no anchor link to the name row")
	}

	// Response headers under their status.
	resp := byID(t, doc, "response-201")
	limit := byID(t, resp, "field-r201~h.X-Rate-Limit")
	if got := rowText(t, limit); !strings.Contains(got, "integer") {
		t.Errorf("X-Rate-Limit row %q", got)
	}
	if got := textOf(limit); !strings.Contains(got, "Requests left.") || !strings.Contains(got, ">= 0") {
		t.Errorf("X-Rate-Limit %q", got)
	}
	if got := rowText(t, byID(t, resp, "field-r201~h.Location")); !strings.Contains(got, "required") || !strings.Contains(got, "string (uri)") {
		t.Errorf("Location row %q", got)
	}
	if !hasID(doc, "response-422") {
		t.Error("the 422 response without content is missing")
	}

	// Parameters: location, constraints, an array's enum.
	get := parsePage(t, res, "site/operations/getPet.html")
	if got := rowText(t, byID(t, get, "field-path.id")); !strings.Contains(got, "path") || !strings.Contains(got, "required") {
		t.Errorf("id parameter row %q", got)
	}
	if got := factsText(byID(t, get, "field-path.id")); !strings.Contains(got, ">= 1") || !strings.Contains(got, "Example 7") {
		t.Errorf("id parameter facts %q", got)
	}
	if got := factsText(byID(t, get, "field-query.fields")); !strings.Contains(got, `"name" "tags"`) || !strings.Contains(got, "<= 2 items") {
		t.Errorf("fields parameter facts %q", got)
	}

	// Component pages: every schema has one, with both directions shown.
	pet := parsePage(t, res, site.SchemaPath("PetBase.html"))
	if !hasID(pet, "field-schema.id") || !hasID(pet, "field-schema.password") {
		t.Error("the PetBase page must show read-only and write-only fields")
	}
	for _, name := range []string{"Pet", "Cat", "Dog", "Tag"} {
		if res.Files.Get(site.SchemaPath(name+".html")) == nil {
			t.Errorf("no page for %s", name)
		}
	}
	checkSite(t, res)
}

// TestFieldIDs: ids are unique for each path and safe in a fragment.
func TestFieldIDs(t *testing.T) {
	for _, c := range []struct {
		path []string
		want string
	}{
		{[]string{"body", "a"}, "field-body.a"},
		{[]string{"body", "a.b"}, "field-body.a~2Eb"},
		{[]string{"body", "a", "b"}, "field-body.a.b"},
		{[]string{"body", `"><x`}, "field-body.~22~3E~3Cx"},
		{[]string{"body", "~v1"}, "field-body.~7Ev1"},
	} {
		if got := site.FieldID(c.path...); got != c.want {
			t.Errorf("FieldID(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestCodeTabs(t *testing.T) {
	res := petsSite(t, "docs", "sdk", "curl", "go", "site")
	doc := parsePage(t, res, "site/operations/createPet.html")
	var keys, labels []string
	for _, tab := range find(doc, func(n *html.Node) bool { k, ok := attr(n, "data-key"); return ok && k != "" }) {
		k, _ := attr(tab, "data-key")
		keys = append(keys, k)
		labels = append(labels, textOf(tab))
	}
	if !slices.Equal(labels, []string{"TypeScript", "Go", "cURL", "Python"}) || !slices.Equal(keys, []string{"typescript", "go", "curl", "x-python"}) {
		t.Fatalf("code tabs %q %q", labels, keys)
	}
	// Each panel holds the very sample the other emitters wrote.
	panel := func(id string) string {
		code := find(byID(t, doc, id), func(n *html.Node) bool { return n.Data == "code" })
		if len(code) != 1 {
			t.Fatalf("panel %s has %d code blocks", id, len(code))
		}
		return code[0].FirstChild.Data
	}
	if got, want := panel("code-1")+"\n", string(res.Files.Get("examples/http/createPet.ts").Data); got != want {
		t.Errorf("TypeScript tab\n%s\nwant\n%s", got, want)
	}
	if got, want := panel("code-2"), string(res.Files.Get("examples/go/createPet/main.go").Data); got != want {
		t.Errorf("Go tab differs from the example program")
	}
	if got := panel("code-3"); !strings.HasPrefix(got, `curl -X POST "${AGENTMC_BASE_URL:-https://agentmc.ai/api/v1}/pets"`) ||
		!strings.Contains(string(res.Files.Get("examples/curl/createPet.sh").Data), got) {
		t.Errorf("cURL tab %q is not the script's command", got)
	}
	if got := panel("code-4"); got != "print('<b>pet</b>')" {
		t.Errorf("x-codeSamples tab %q", got)
	}
	// Without the go emitter the Go tab is the same: the site asks package
	// golang for it (TestGoTabWithoutGoEmitter checks every operation).
	alone := parsePage(t, petsSite(t, "site"), "site/operations/createPet.html")
	tabs := find(alone, func(n *html.Node) bool { k, _ := attr(n, "data-key"); return k == "go" })
	if len(tabs) != 1 {
		t.Fatalf("%d Go tabs without the go emitter, want 1", len(tabs))
	}
	doc = alone
	if got, want := panel("code-2"), string(res.Files.Get("examples/go/createPet/main.go").Data); got != want {
		t.Errorf("Go tab without the go emitter differs from the example program")
	}
}

func TestSearchIndex(t *testing.T) {
	res := petsSite(t, "site")
	data := string(res.Files.Get(site.SearchPath).Data)
	const head = "window.API_DOCS_SEARCH = "
	if !strings.HasPrefix(data, head) || !strings.HasSuffix(data, ";\n") {
		t.Fatalf("search index %.60q", data)
	}
	v, err := ecma.Parse([]byte(strings.TrimSuffix(strings.TrimPrefix(data, head), ";\n")))
	if err != nil {
		t.Fatal(err)
	}
	got := ecma.MarshalString(v, false)
	want := `{"operations":[["createPet","post","/pets","Create a pet","pets","operations/createPet.html"],` +
		`["getPet","get","/pets/{id}","Show a pet","pets","operations/getPet.html"]],` +
		`"schemas":[["Cat","schemas/Cat.html"],["Dog","schemas/Dog.html"],["Pet","schemas/Pet.html"],["PetBase","schemas/PetBase.html"],["Tag","schemas/Tag.html"]]}`
	if got != want {
		t.Errorf("search index\n got %s\nwant %s", got, want)
	}
	// Every page has the search box, loads only site.js, declares the
	// policy, and has no inline script or event handler.
	for _, f := range res.Files.Files() {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		doc := parsePage(t, res, f.Path)
		if !hasID(doc, "site-search") || !hasID(doc, "theme-toggle") {
			t.Errorf("%s: no search box or theme toggle", f.Path)
		}
		csp := find(doc, func(n *html.Node) bool { v, _ := attr(n, "http-equiv"); return v == "Content-Security-Policy" })
		if len(csp) != 1 {
			t.Errorf("%s: %d CSP meta tags", f.Path, len(csp))
		} else if c, _ := attr(csp[0], "content"); !strings.Contains(c, "script-src 'self'") || strings.Contains(c, "unsafe-inline") {
			t.Errorf("%s: CSP %q", f.Path, c)
		}
		for _, s := range find(doc, func(n *html.Node) bool { return n.Data == "script" }) {
			src, hasSrc := attr(s, "src")
			typ, _ := attr(s, "type")
			if (hasSrc && (s.FirstChild != nil || !strings.HasSuffix(src, "assets/site.js"))) || (!hasSrc && typ != "application/json") {
				t.Errorf("%s: inline or foreign script %v", f.Path, s.Attr)
			}
		}
		for _, n := range find(doc, func(*html.Node) bool { return true }) {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
					t.Errorf("%s: %s attribute on <%s>", f.Path, a.Key, n.Data)
				}
			}
		}
	}
}

// TestAssetSize bounds the CSS and JavaScript every page loads.
func TestAssetSize(t *testing.T) {
	assets, err := site.LoadAssets("")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, data := range [][]byte{assets.Style, assets.Script} {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		total += buf.Len()
	}
	const limit = 30 << 10
	if total > limit {
		t.Errorf("style.css and site.js are %d bytes gzipped, over %d", total, limit)
	}
	t.Logf("style.css + site.js: %d bytes gzipped", total)
}
