package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/render"
)

func TestMarkdownEscaping(t *testing.T) {
	for _, c := range []struct {
		f        func(string) string
		in, want string
	}{
		{render.Block, "Include `meta.models` on every heartbeat.", "Include `meta.models` on every heartbeat."},
		{render.Block, "`a<b>` <b> `c`", "`a<b>` \\<b> `c`"},
		{render.Block, "`x\n` <img>", "\\`x\n\\` \\<img>"},
		{render.Block, `\<b>`, `\\\<b>`},
		{render.Block, "1. item\n  - sub\n    # h\n\t> q", "1\\. item\n\\- sub\n\\# h\n\\> q"},
		{render.Block, "[a]: https://evil\nx](y) [b][c]", "\\[a]: https://evil\nx\\](y) [b\\][c]"},
		{render.Block, "```\nfence\n~~~", "\\`\\`\\`\nfence\n\\~~~"},
		{render.Block, "a\rb\r\nc\u2028d", "a\nb\nc\nd"},
		{render.Inline, "x\r# Injected\n\n## y #", "x \\# Injected \\#\\# y \\#"},
		{render.Inline, "[a](b)", "\\[a\\](b)"},
		{render.Cell, " a|b\r\n`c|d` ", "a\\|b `c\\|d`"},
		{render.Cell, `["a","b c"]`, `["a","b c"]`},
		{render.LinkCell, "a](x) [b", "a\\](x) \\[b"},
		{render.Code, "/boards/{board}", "`/boards/{board}`"},
		{render.Code, "a`b", "``a`b``"},
		{render.Code, "`a\nb", "`` `a b ``"},
		{render.CellCode, "/a|b", "`/a\\|b`"},
	} {
		if got := c.f(c.in); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
	if got := render.Fence("ts", "a\n```\n   ````b\n    `````"); !strings.HasPrefix(got, "`````ts\n") || !strings.HasSuffix(got, "\n`````") {
		t.Errorf("fence: %q", got)
	}
}

// Whatever Block is given, goldmark sees paragraphs only: no heading,
// list, quote, fence, table, HTML or link.
func TestBlockIsParagraphs(t *testing.T) {
	for _, in := range []string{
		"# h\n## h\nh\n===\nh\n---\n- a\n* b\n+ c\n1) d\n> e\n```\nf\n~~~\n| g | h |\n| --- | --- |\n<div>\n<script>x</script>\n[l]: https://evil\n[l]\n",
		"x\n***\n___\n    code\n\tcode\n<!-- c -->\n<a href=x>y</a> [y](https://evil) ![i](x) <https://evil>",
		"`open\n# h` <b>",
	} {
		src := []byte(render.Block(in))
		doc := site.Markdown().Parser().Parse(text.NewReader(src))
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if _, ok := n.(*ast.Paragraph); !ok {
				t.Errorf("%q: a %s block in\n%s", in, n.Kind(), src)
			}
		}
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n.(type) {
			case *ast.RawHTML, *ast.Link, *ast.Image, *ast.AutoLink:
				if entering {
					t.Errorf("%q: a %s in\n%s", in, n.Kind(), src)
				}
			}
			return ast.WalkContinue, nil
		})
		var buf bytes.Buffer
		if err := site.Markdown().Renderer().Render(&buf, src, doc); err != nil {
			t.Fatal(err)
		}
	}
}

func TestJSMember(t *testing.T) {
	for in, want := range map[string]string{
		"showBoard": ".showBoard", "$x_1": ".$x_1", "delete": `["delete"]`, "a-b": `["a-b"]`, "1a": `["1a"]`,
		"x(); evil(); client.operations.x": `["x(); evil(); client.operations.x"]`,
		"a\u2028b\"\\":                     `["a\u2028b\"\\"]`, "é": `["é"]`, "": `[""]`,
	} {
		if got := render.JSMember(in); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
}
