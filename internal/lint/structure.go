package lint

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"

	"github.com/agentmc/agentmc-gen/internal/emit/site"
)

// operationModel is what an index.json record says a page must show: the
// parameter count, the request example media types and the response
// statuses. It is nil for a record that holds only an operationId.
type operationModel struct {
	Parameters      []json.RawMessage `json:"parameters"`
	RequestExamples []json.RawMessage `json:"requestExamples"`
	Responses       []struct {
		Status string `json:"status"`
	} `json:"responses"`
}

var (
	successStatus = regexp.MustCompile(`^[23]\d\d$`)
	errorStatus   = regexp.MustCompile(`^([45]\d\d|default)$`)
)

// layout is the page's intended outline (FORMAT.md §5): headings and the
// parameter table, in order. The cURL section of the 0.1 layout may end it.
func (m *operationModel) layout() []string {
	success, failure := 0, 0
	for _, r := range m.Responses {
		switch {
		case successStatus.MatchString(r.Status):
			success++
		case errorStatus.MatchString(r.Status):
			failure++
		}
	}
	out := []string{"#", "## Description", "## Parameters"}
	if len(m.Parameters) > 0 {
		out = append(out, fmt.Sprintf("table of %d rows", len(m.Parameters)))
	}
	out = append(out, "## Request Example")
	out = append(out, repeat("###", len(m.RequestExamples))...)
	out = append(out, "## Success Responses")
	out = append(out, repeat("###", success)...)
	out = append(out, "## Error Responses")
	out = append(out, repeat("###", failure)...)
	return append(out, "## SDK Example")
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// landmark is a heading or table as a reader's renderer sees it.
type landmark struct {
	text string
	line int
}

// checkStructure compares the page's outline with the one its record
// implies, and reports raw HTML and links, which a generated operation
// page never holds: each is spec text a renderer would read as markup.
func (pg *page) checkStructure(m *operationModel) []Finding {
	var out []Finding
	var got []landmark
	_ = ast.Walk(pg.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			text := strings.Repeat("#", n.Level)
			if n.Level == 2 {
				text += " " + strings.TrimSpace(site.PlainText(n, pg.src))
			}
			got = append(got, landmark{text, pg.nodeLine(n)})
		case *extast.Table:
			rows := 0
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				if _, ok := r.(*extast.TableRow); ok {
					rows++
				}
			}
			got = append(got, landmark{fmt.Sprintf("table of %d rows", rows), pg.nodeLine(n)})
		case *ast.HTMLBlock, *ast.RawHTML:
			out = append(out, pg.finding(pg.nodeLine(n), "structure", "raw HTML: an operation page holds none"))
		case *ast.Link, *ast.Image:
			out = append(out, pg.finding(pg.nodeLine(n), "structure", "a link: an operation page holds none"))
		}
		return ast.WalkContinue, nil
	})
	want := m.layout()
	if len(got) == len(want)+1 && got[len(got)-1].text == "## cURL Example" {
		want = append(want, "## cURL Example")
	}
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			return append(out, pg.finding(len(pg.lines), "structure", "the page ends before %q of its operation's layout", want[i]))
		case i >= len(want):
			return append(out, pg.finding(got[i].line, "structure", "%q is not part of its operation's layout", got[i].text))
		case got[i].text != want[i]:
			return append(out, pg.finding(got[i].line, "structure", "%q where its operation's layout has %q", got[i].text, want[i]))
		}
	}
	return out
}

// nodeLine is the line a block or inline node starts on.
func (pg *page) nodeLine(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return pg.line(c.Lines().At(0).Start)
		}
		if t, ok := c.(*ast.Text); ok {
			return pg.line(t.Segment.Start)
		}
		if c.Pos() >= 0 {
			return pg.line(c.Pos())
		}
		if fc := c.FirstChild(); fc != nil && c == n {
			if l := pg.nodeLine(fc); l > 0 {
				return l
			}
		}
	}
	return 1
}

// titleKey is an operation name as a heading shows it: white space and
// line breaks collapsed, NUL and bytes that are not UTF-8 as U+FFFD.
func titleKey(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == 0x85 || r == 0x2028 || r == 0x2029
	}), " ")
}
