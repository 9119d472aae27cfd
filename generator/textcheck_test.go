package generator_test

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit/sdk"
	"github.com/agentmc/agentmc-gen/internal/lint"
	"github.com/agentmc/agentmc-gen/internal/render"
)

// The invariants of the text artifacts that hold for any spec, with no
// reference output: FuzzGenerate and the hostile-spec suite check them.
// Each returns one problem per broken invariant.

// textProblems checks the TypeScript examples and operations.ts, the
// outline of the markdown pages (through lint's structure rule) and the
// elements of the site's pages.
func textProblems(cfg *config.Config, res *generator.Result) []string {
	var out []string
	for _, op := range res.API.Operations {
		if f := res.Files.Get(sdk.ExamplesDir + "/" + op.FileName + ".ts"); f != nil {
			out = append(out, tsExampleProblems(cfg, res.API, op, f.Data)...)
		}
	}
	if f := res.Files.Get("src/generated/operations.ts"); f != nil {
		out = append(out, operationsTSProblems(f.Data)...)
	}
	for _, f := range lint.Set(res.Files) {
		switch f.Rule {
		case "structure", "table", "fence":
			out = append(out, "markdown: "+f.String())
		}
	}
	for _, f := range res.Files.Files() {
		if strings.HasSuffix(f.Path, ".html") {
			for _, p := range siteProblems(f.Data) {
				out = append(out, f.Path+": "+p)
			}
		}
		if strings.HasSuffix(f.Path, "/search-index.js") {
			for _, p := range searchIndexProblems(f.Data) {
				out = append(out, f.Path+": "+p)
			}
		}
	}
	return out
}

const tsCall = "const result = await client.operations"

const tsTail = ");\n\nif (result.error) {\n  console.error(result.status, result.error);\n} else {\n  console.log(result.data);\n}\n"

// tsExampleProblems checks that an SDK example is the layout of FORMAT.md
// §7 with one call: client.operations.<identifier>( or
// client.operations["<JSON string>"](, the argument JSON or nothing.
func tsExampleProblems(cfg *config.Config, api *model.API, op *model.Operation, data []byte) []string {
	s := string(data)
	name := "examples/http/" + op.FileName + ".ts"
	i := strings.Index(s, tsCall)
	if i < 0 {
		return []string{name + ": no call of client.operations"}
	}
	head, rest := s[:i], s[i+len(tsCall):]
	client := "const client = new " + cfg.SDKClient + "();"
	if call := calls.SDK(op, api, cfg); call.AuthOption != "" {
		client = "const client = new " + cfg.SDKClient + "({\n  " + call.AuthOption + ": process.env." + call.AuthEnv + "\n});"
	}
	if want := "import { " + cfg.SDKClient + " } from " + render.JSString(cfg.SDKPackage) + ";\n\n" + client + "\n\n"; head != want {
		return []string{fmt.Sprintf("%s: the text before the call is %q, want %q", name, head, want)}
	}
	var member string
	switch {
	case strings.HasPrefix(rest, "."):
		end := strings.IndexByte(rest, '(')
		if end < 0 {
			return []string{name + ": no call"}
		}
		member, rest = rest[1:end], rest[end:]
		if member != op.ID || !render.IsJSIdentifier(member) {
			return []string{fmt.Sprintf("%s: .%s( for operation %q", name, member, op.ID)}
		}
	case strings.HasPrefix(rest, "["):
		end := jsonStringEnd(rest[1:])
		if end < 0 || !strings.HasPrefix(rest[1+end:], "](") {
			return []string{fmt.Sprintf("%s: the member is not [\"…\"](: %.80q", name, rest)}
		}
		v, err := ecma.Parse([]byte(rest[1 : 1+end]))
		if err != nil || v != ecma.Value(op.ID) || render.IsJSIdentifier(op.ID) {
			return []string{fmt.Sprintf("%s: member %s for operation %q (%v)", name, rest[1:1+end], op.ID, err)}
		}
		rest = rest[1+end+1:]
	default:
		return []string{fmt.Sprintf("%s: %.80q after client.operations", name, rest)}
	}
	if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, tsTail) {
		return []string{fmt.Sprintf("%s: the call does not end the FORMAT.md way: %.200q", name, rest)}
	}
	arg := rest[1 : len(rest)-len(tsTail)]
	if arg != "" {
		if _, err := ecma.Parse([]byte(arg)); err != nil || strings.ContainsAny(arg, "\u2028\u2029") {
			return []string{fmt.Sprintf("%s: the argument is not JSON without U+2028/U+2029: %v", name, err)}
		}
	}
	return nil
}

// jsonStringEnd is the length of the JSON string literal at the start of
// s, or -1.
func jsonStringEnd(s string) int {
	if !strings.HasPrefix(s, `"`) {
		return -1
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		case '\n', '\r':
			return -1
		}
	}
	return -1
}

// operationsTSProblems checks that operations.ts is the template's text
// around one JSON array.
func operationsTSProblems(data []byte) []string {
	tmpl, err := render.Load("")
	if err != nil {
		return []string{err.Error()}
	}
	empty, err := tmpl.Execute("operations.ts.tmpl", sdk.OperationsData{Records: []ecma.Value{}})
	if err != nil {
		return []string{err.Error()}
	}
	const open, close = "export const operations = ", " as const satisfies"
	head, _, _ := strings.Cut(string(empty), open)
	_, tail, _ := strings.Cut(string(empty), close)
	s := string(data)
	if !strings.HasPrefix(s, head+open) || strings.Count(s, close) != 1 || !strings.HasSuffix(s, close+tail) {
		return []string{"src/generated/operations.ts: the text around the operations differs from the template's"}
	}
	arr := s[len(head+open) : len(s)-len(close+tail)]
	if _, err := ecma.Parse([]byte(arr)); err != nil || strings.ContainsAny(arr, "\u2028\u2029") {
		return []string{fmt.Sprintf("src/generated/operations.ts: the operations are not one JSON array: %v", err)}
	}
	return nil
}

// siteElements are the elements the site's templates and goldmark write.
var siteElements = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`html head body meta title link header a span nav div main code form input select
		option p h1 h2 h3 h4 h5 h6 ul ol li table thead tbody tr th td pre strong em del blockquote hr br aside footer script
		details summary dl dt dd section button label fieldset legend textarea`) {
		siteElements[e] = true
	}
	for _, a := range strings.Fields(`lang charset name content http-equiv rel href src class id type role title
		placeholder autocomplete hidden tabindex for open value checked disabled start align
		aria-label aria-labelledby aria-controls aria-selected aria-live aria-pressed aria-describedby
		data-root data-key data-tabs data-operation data-try-it
		required rows spellcheck data-method data-path data-in data-name data-prefix data-scheme data-media-type`) {
		siteAttributes[a] = true
	}
}

// siteAttributes are the attributes the site's templates and goldmark write.
var siteAttributes = map[string]bool{}

// sitePolicy is the Content-Security-Policy every page declares: scripts
// and styles only from the site's files, no inline script.
const sitePolicy = "default-src 'none'; script-src 'self' file:; style-src 'self' file:; img-src 'self' file: data:; connect-src 'self'; base-uri 'none'; form-action 'none'"

// searchIndexProblems checks the site's search index: one assignment of
// one JSON text to a global, nothing else that could run.
func searchIndexProblems(data []byte) []string {
	const head, tail = "window.API_DOCS_SEARCH = ", ";\n"
	s := string(data)
	if !strings.HasPrefix(s, head) || !strings.HasSuffix(s, tail) {
		return []string{"the search index is not one assignment"}
	}
	body := strings.TrimSuffix(strings.TrimPrefix(s, head), tail)
	if _, err := ecma.Parse([]byte(body)); err != nil || strings.ContainsAny(body, "<\u2028\u2029") {
		return []string{fmt.Sprintf("the search index is not one JSON text safe as a script: %v", err)}
	}
	return nil
}

// siteProblems checks a site page: only the site's own scripts (its
// site.js, the operations data), only the elements and attributes the site
// writes, no event handler, no javascript: URL, and the page's
// Content-Security-Policy.
func siteProblems(page []byte) []string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	policies := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !siteElements[n.Data] {
				out = append(out, fmt.Sprintf("element <%s> the site does not write", n.Data))
			}
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
				if !siteAttributes[a.Key] {
					out = append(out, fmt.Sprintf("attribute %s=%q on <%s> the site does not write", a.Key, a.Val, n.Data))
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					out = append(out, fmt.Sprintf("%s=%q on <%s>", a.Key, a.Val, n.Data))
				}
			}
			if n.Data == "meta" && attrs["http-equiv"] == "Content-Security-Policy" {
				policies++
				if attrs["content"] != sitePolicy {
					out = append(out, fmt.Sprintf("Content-Security-Policy %q", attrs["content"]))
				}
			}
			if n.Data == "script" {
				switch {
				case strings.HasSuffix(attrs["src"], "assets/site.js") && n.FirstChild == nil:
				case attrs["type"] == "application/json" && attrs["id"] == "operations-data":
					if n.FirstChild != nil {
						if _, err := ecma.Parse([]byte(n.FirstChild.Data)); err != nil || n.FirstChild.NextSibling != nil {
							out = append(out, fmt.Sprintf("the operations data is not one JSON text: %v", err))
						}
					}
				default:
					out = append(out, fmt.Sprintf("a script that is not the site's: %v", n.Attr))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if policies != 1 {
		out = append(out, fmt.Sprintf("%d Content-Security-Policy meta tags, want 1", policies))
	}
	return out
}
