// Package lint checks generated markdown pages the way a reader's renderer
// sees them: every page is parsed with goldmark (the parser of the docs
// site) and the findings name a file and a line.
//
// Rules:
//
//	table  a table row with a different number of cells than its header,
//	       or a header row whose cell count differs from its delimiter row
//	fence  a fenced code block left open
//	link   a relative link to a file that does not exist
//	index  an operation page missing from index.json or from README.md's
//	       table, or an index.json record without a page
//	json   a ```json code block that is empty or does not parse
//	structure  an operation page whose outline (headings, the parameter
//	       table) differs from what its index.json record implies, or that
//	       holds raw HTML or a link: what a CommonMark renderer would see
//	       differently from the intended page
package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/agentmc/agentmc-gen/internal/emit/docs"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/write"
)

// Finding is one problem in one file.
type Finding struct {
	// File is slash-separated, relative to the folder the files came from.
	File string
	// Line is 1-based.
	Line int
	// Rule is table, fence, link, index, json or structure.
	Rule    string
	Message string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s (%s)", f.File, f.Line, f.Message, f.Rule)
}

// Files are the files to lint, by slash-separated path. Exists, when not
// nil, reports whether a path outside Files exists (links may point to any
// generated file, such as examples).
type Files struct {
	Data   map[string][]byte
	Exists func(p string) bool
}

// Set lints the docs pages of an output set: every file under
// docs/operations, with links checked against the whole set.
func Set(set *output.Set) []Finding {
	files := Files{Data: map[string][]byte{}}
	for _, f := range set.Files() {
		if strings.HasPrefix(f.Path, docs.Dir+"/") {
			files.Data[f.Path] = f.Data
		}
	}
	files.Exists = func(p string) bool { return set.Get(p) != nil || hasPrefix(set, p) }
	return files.Lint()
}

func hasPrefix(set *output.Set, dir string) bool {
	dir = strings.TrimSuffix(dir, "/") + "/"
	for _, f := range set.Files() {
		if strings.HasPrefix(f.Path, dir) {
			return true
		}
	}
	return false
}

// MaxPage bounds what Dir reads of one file: far above any generated page.
const MaxPage = 16 << 20

// Dir lints the docs pages written under dir (dir/docs/operations). It
// reads through an os.Root of dir: no link is followed out of it, and a
// link, special file or file over MaxPage where a page would be is a
// finding (rule file), never read through and never waited on.
func Dir(dir string) ([]Finding, error) {
	files := Files{Data: map[string][]byte{}}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var unread []Finding
	err = fs.WalkDir(root.FS(), docs.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, _, what, err := write.ReadRegular(root, p, MaxPage)
		if err != nil {
			return err
		}
		if what != "" {
			unread = append(unread, Finding{File: p, Line: 1, Rule: "file", Message: strings.TrimSuffix(what, "; not read") + "; not read"})
			return nil
		}
		files.Data[p] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	files.Exists = func(p string) bool {
		_, err := root.Lstat(p)
		return err == nil
	}
	out := append(files.Lint(), unread...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

// Lint checks every markdown file, and the index of each folder that has an
// index.json. Findings are sorted by file and line.
func (fs Files) Lint() []Finding {
	var out []Finding
	pages := map[string]*page{}
	var names []string
	for p := range fs.Data {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		if path.Ext(p) == ".md" {
			pg := parse(p, fs.Data[p])
			pages[p] = pg
			out = append(out, pg.check(fs)...)
		}
	}
	for _, p := range names {
		if path.Base(p) == "index.json" {
			out = append(out, checkIndex(p, fs.Data[p], pages)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// page is a parsed markdown file.
type page struct {
	path  string
	src   []byte
	doc   ast.Node
	lines []int // byte offset of each line's start
	// title is the text of the first level-1 heading and titleLine its line.
	title     string
	titleLine int
	// links are the resolved targets of the page's relative links.
	links map[string]bool
}

func parse(p string, src []byte) *page {
	src = CommonMarkLines(src)
	pg := &page{path: p, src: src, links: map[string]bool{}}
	pg.lines = append(pg.lines, 0)
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			pg.lines = append(pg.lines, i+1)
		}
	}
	pg.doc = site.Markdown().Parser().Parse(text.NewReader(src))
	return pg
}

// CommonMarkLines returns src with each lone CR as LF: CommonMark (and
// GitHub) end a line at a CR, goldmark does not. The offsets stay the same,
// so that lines and findings are those of src.
func CommonMarkLines(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	if i < 0 {
		return src
	}
	out := bytes.Clone(src)
	for ; i < len(out); i++ {
		if out[i] == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
}

// line is the 1-based line of a byte offset.
func (pg *page) line(offset int) int {
	if offset < 0 {
		return 1
	}
	return sort.Search(len(pg.lines), func(i int) bool { return pg.lines[i] > offset })
}

// lineText is the text of a 1-based line, without its newline.
func (pg *page) lineText(n int) []byte {
	if n < 1 || n > len(pg.lines) {
		return nil
	}
	start := pg.lines[n-1]
	end := len(pg.src)
	if n < len(pg.lines) {
		end = pg.lines[n]
	}
	return bytes.TrimRight(pg.src[start:end], "\r\n")
}

func (pg *page) finding(line int, rule, format string, args ...any) Finding {
	return Finding{File: pg.path, Line: line, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

func (pg *page) check(fs Files) []Finding {
	var out []Finding
	_ = ast.Walk(pg.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 && pg.titleLine == 0 {
				pg.title = titleKey(site.PlainText(n, pg.src))
				pg.titleLine = pg.line(n.Pos())
				if n.Lines().Len() > 0 {
					pg.titleLine = pg.line(n.Lines().At(0).Start)
				}
			}
		case *extast.Table:
			out = append(out, pg.checkTable(n)...)
		case *ast.Paragraph:
			out = append(out, pg.checkBrokenTable(n)...)
		case *ast.FencedCodeBlock:
			out = append(out, pg.checkFence(n)...)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			out = append(out, pg.checkLink(fs, n.Pos(), string(n.Destination))...)
		case *ast.Image:
			out = append(out, pg.checkLink(fs, n.Pos(), string(n.Destination))...)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// checkTable compares each row's cell count, as written, with the header's.
// goldmark drops extra cells and pads missing ones, so the rows are counted
// in the source the way its table parser splits them.
func (pg *page) checkTable(t *extast.Table) []Finding {
	var out []Finding
	want := len(t.Alignments)
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		row, ok := r.(*extast.TableRow)
		if !ok || row.Pos() < 0 {
			continue
		}
		n := pg.line(row.Pos())
		if got := countCells(pg.lineText(n)); got != want {
			out = append(out, pg.finding(n, "table", "table row has %d cells, its header has %d", got, want))
		}
	}
	return out
}

var delimiterRow = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)

// checkBrokenTable finds a table that goldmark did not recognise because
// its header row and delimiter row have different cell counts: the lines
// stay a paragraph.
func (pg *page) checkBrokenTable(p *ast.Paragraph) []Finding {
	lines := p.Lines()
	for i := 1; i < lines.Len(); i++ {
		d, h := lines.At(i), lines.At(i-1)
		delim, header := d.Value(pg.src), h.Value(pg.src)
		if !bytes.Contains(delim, []byte("|")) || !delimiterRow.Match(bytes.TrimRight(delim, "\r\n")) ||
			!bytes.Contains(header, []byte("|")) {
			continue
		}
		hn, dn := countCells(bytes.TrimRight(header, "\r\n")), countCells(bytes.TrimRight(delim, "\r\n"))
		if hn != dn {
			return []Finding{pg.finding(pg.line(h.Start), "table",
				"table header has %d cells, its delimiter row has %d: the table does not render", hn, dn)}
		}
	}
	return nil
}

// countCells counts the cells of a table row as goldmark's GFM table parser
// splits it: on every '|' not preceded by a backslash, ignoring one leading
// and one trailing pipe.
func countCells(line []byte) int {
	line = bytes.TrimSpace(line)
	if len(line) > 0 && line[0] == '|' {
		line = line[1:]
	}
	if len(line) > 0 && line[len(line)-1] == '|' && (len(line) < 2 || line[len(line)-2] != '\\') {
		line = line[:len(line)-1]
	}
	n := 1
	for i, c := range line {
		if c == '|' && (i == 0 || line[i-1] != '\\') {
			n++
		}
	}
	return n
}

// checkFence reports an unclosed fence and a JSON block that does not parse.
func (pg *page) checkFence(b *ast.FencedCodeBlock) []Finding {
	var out []Finding
	open := pg.line(b.Pos())
	if b.Info != nil {
		open = pg.line(b.Info.Segment.Start)
	} else if b.Lines().Len() > 0 {
		open = pg.line(b.Lines().At(0).Start) - 1
	}
	fence := pg.lineText(open)
	i := bytes.Index(fence, []byte("```"))
	if j := bytes.Index(fence, []byte("~~~")); i < 0 || (j >= 0 && j < i) {
		i = j
	}
	lines := b.Lines()
	closeLine := open + 1
	if lines.Len() > 0 {
		closeLine = pg.line(lines.At(lines.Len()-1).Start) + 1
	}
	if i >= 0 {
		char, n := fence[i], 0
		for i+n < len(fence) && fence[i+n] == char {
			n++
		}
		if !isClosingFence(pg.lineText(closeLine), char, n) || closeLine > len(pg.lines) {
			out = append(out, pg.finding(open, "fence", "code fence %s opened here is never closed", fence[i:i+n]))
		}
	}
	lang := strings.ToLower(string(b.Language(pg.src)))
	if lang == "json" {
		var content []byte
		for k := range lines.Len() {
			seg := lines.At(k)
			content = append(content, seg.Value(pg.src)...)
		}
		if len(bytes.TrimSpace(content)) == 0 {
			out = append(out, pg.finding(open, "json", "JSON code block is empty"))
		} else if !json.Valid(content) {
			var v any
			err := json.Unmarshal(content, &v)
			at := open + 1
			var se *json.SyntaxError
			if ok := asSyntax(err, &se); ok {
				at += bytes.Count(content[:errorAt(content, se.Offset)], []byte("\n"))
			}
			out = append(out, pg.finding(at, "json", "JSON code block does not parse: %v", err))
		}
	}
	return out
}

// errorAt is the offset of the byte a JSON syntax error is about: the
// error's offset counts the bytes read, and a decoder's may end before
// whitespace that precedes the offending byte.
func errorAt(data []byte, offset int64) int {
	i := max(int(offset)-1, 0)
	for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
		i++
	}
	return min(i, len(data))
}

func asSyntax(err error, se **json.SyntaxError) bool {
	s, ok := err.(*json.SyntaxError)
	if ok {
		*se = s
	}
	return ok
}

// isClosingFence reports whether line closes a fence of n chars c: after
// indentation (and blockquote markers), at least n c's and only spaces.
func isClosingFence(line []byte, c byte, n int) bool {
	line = bytes.TrimLeft(line, " \t>")
	k := 0
	for k < len(line) && line[k] == c {
		k++
	}
	return k >= n && len(bytes.TrimSpace(line[k:])) == 0
}

// checkLink reports a relative link whose target does not exist.
func (pg *page) checkLink(fs Files, pos int, dest string) []Finding {
	target, ok := localTarget(pg.path, dest)
	if !ok {
		return nil
	}
	pg.links[target] = true
	if _, ok := fs.Data[target]; ok {
		return nil
	}
	if fs.Exists != nil && fs.Exists(target) {
		return nil
	}
	line := pg.line(pos)
	if pos < 0 {
		line = 1
	}
	return []Finding{pg.finding(line, "link", "link to %s: no such file (%s)", dest, target)}
}

// localTarget resolves a relative link of the file at from; ok is false for
// absolute URLs, fragments and absolute paths.
func localTarget(from, dest string) (string, bool) {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") {
		return "", false
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	return path.Join(path.Dir(from), u.Path), true
}

// checkIndex compares the operation pages of index.json's folder with its
// records, and with the links of the folder's README.md.
func checkIndex(p string, data []byte, pages map[string]*page) []Finding {
	dir := path.Dir(p)
	idx := &page{path: p, src: data}
	idx.lines = append(idx.lines, 0)
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			idx.lines = append(idx.lines, i+1)
		}
	}
	records, err := readRecords(data)
	if err != nil {
		line := 1
		var se *json.SyntaxError
		if asSyntax(err, &se) {
			line = idx.line(errorAt(data, se.Offset))
		}
		return []Finding{idx.finding(line, "index", "index.json does not parse as an array of operations: %v", err)}
	}
	var out []Finding
	indexed := map[string]*record{}
	for i, r := range records {
		indexed[titleKey(r.id)] = &records[i]
	}
	readme := pages[dir+"/README.md"]
	titled := map[string]bool{}
	var opPages []*page
	for pp, pg := range pages {
		if path.Dir(pp) != dir || path.Base(pp) == "README.md" {
			continue
		}
		opPages = append(opPages, pg)
	}
	sort.Slice(opPages, func(i, j int) bool { return opPages[i].path < opPages[j].path })
	for _, pg := range opPages {
		if pg.title == "" {
			out = append(out, pg.finding(1, "index", "operation page has no level-1 heading naming its operation"))
			continue
		}
		titled[pg.title] = true
		if r := indexed[pg.title]; r == nil {
			out = append(out, pg.finding(pg.titleLine, "index", "operation %s is missing from %s", pg.title, p))
		} else if r.model != nil {
			out = append(out, pg.checkStructure(r.model)...)
		}
		if readme != nil && !readme.links[pg.path] {
			out = append(out, pg.finding(pg.titleLine, "index", "operation %s is missing from %s: no link to %s",
				pg.title, readme.path, path.Base(pg.path)))
		}
	}
	for _, r := range records {
		if !titled[titleKey(r.id)] {
			out = append(out, idx.finding(idx.line(r.offset), "index", "index.json lists operation %s, but no page in %s has it", r.id, dir))
		}
	}
	return out
}

type record struct {
	id     string
	offset int
	// model is the record's operation model, when it has one.
	model *operationModel
}

// readRecords reads the operationId of each element of a JSON array, with
// the element's offset.
func readRecords(data []byte) ([]record, error) {
	// A decoder's error offsets are approximate: take syntax errors from a
	// whole-document parse.
	var whole any
	if err := json.Unmarshal(data, &whole); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fmt.Errorf("want a JSON array")
	}
	var out []record
	for dec.More() {
		off := int(dec.InputOffset())
		// InputOffset is where the previous token ended: skip to the element.
		for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
			off++
		}
		var rec struct {
			OperationID *string          `json:"operationId"`
			Parameters  *json.RawMessage `json:"parameters"`
			Responses   *json.RawMessage `json:"responses"`
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			return nil, fmt.Errorf("element %d: %v", len(out), err)
		}
		if rec.OperationID == nil {
			return nil, fmt.Errorf("element %d has no operationId", len(out))
		}
		r := record{id: *rec.OperationID, offset: off}
		if rec.Parameters != nil && rec.Responses != nil {
			var m operationModel
			if err := json.Unmarshal(raw, &m); err == nil {
				r.model = &m
			}
		}
		out = append(out, r)
	}
	if _, err := dec.Token(); err != nil && err != io.EOF {
		return nil, err
	}
	return out, nil
}
