// Package site emits a static, browsable HTML site of the operation docs
// under site/: the markdown pages of package docs (rendered by package
// render, as the docs emitter does) turned into HTML with goldmark
// (GitHub-flavoured tables, fenced code, heading anchors), one page per
// operation with a reference built from the model (schema trees, response
// headers, code tabs, a try-it form), one page per component schema, and
// an index page filterable by text, tag and method. The try-it form shows
// only when `agentmc-gen mock -site` serves the page (MockInfoPath); from
// a file or a static host the page says how to start the mock instead.
//
// The site has no network assets and works from a web server or from the
// file system: the index embeds index.json in the page, the search index
// is a script, links between pages are relative, and the stylesheet and
// script are files beside the pages (no inline script: every page declares
// a Content-Security-Policy).
//
// Layout of the output:
//
//	site/index.html                  docs/operations/README.md, with the filter
//	site/operations/<FileName>.html  docs/operations/<FileName>.md and the reference
//	site/schemas/<name>.html         each of components.schemas
//	site/index.json                  docs/operations/index.json
//	site/search-index.js             operations and schema names for the search box
//	site/assets/style.css, site.js   from templates/site
package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/render"
	"github.com/agentmc/agentmc-gen/templates"
)

// Dir is the folder of the site, relative to the output folder.
const Dir = "site"

// Info registers the emitter. It owns no folder: only the files a
// manifest lists are removed from site/.
var Info = emit.Info{Name: "site", Emit: Emit}

// Paths of the site's fixed files, relative to the output folder.
const (
	IndexPath  = Dir + "/index.html"
	JSONPath   = Dir + "/index.json"
	StylePath  = Dir + "/assets/style.css"
	ScriptPath = Dir + "/assets/site.js"
	// SearchPath is the search index, a script that assigns a global so
	// that it loads over file:// (where fetch fails).
	SearchPath = Dir + "/search-index.js"
)

// SchemaPath is the page of a component schema whose file name is file.
func SchemaPath(file string) string { return Dir + "/schemas/" + file }

// PagePath is the site page of an operation, relative to the output folder.
func PagePath(op *model.Operation) string { return Dir + "/operations/" + op.FileName + ".html" }

// Markdown returns the goldmark converter the site and the lint use:
// GitHub-flavoured markdown (tables, strikethrough, task lists) with
// automatic heading IDs. Raw HTML in the pages is not rendered (no
// html.WithUnsafe), and bare URLs stay text (no Linkify): every link of
// the site is one the generator wrote.
func Markdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(east.Table, east.Strikethrough, east.TaskList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// Emit renders the site from the model: the markdown pages come from the
// same render functions as the docs emitter's, whether docs runs or not.
func Emit(ctx *emit.Context, out *output.Set) error {
	assets, err := LoadAssets(ctx.Config.TemplatesDir)
	if err != nil {
		return err
	}
	title := ctx.Config.DocsTitle
	if title == "" {
		title = ctx.API.Title
	}
	b := &builder{api: ctx.API, ctx: ctx, tmpl: ctx.Templates, docs: ctx.Docs(), assets: assets, title: title, md: Markdown()}
	return b.build(out)
}

// Assets are the site's layout and static files.
type Assets struct {
	// Page is page.html with the definitions of schema.html.
	Page                *template.Template
	Style, Script, Live []byte
}

var (
	embeddedOnce   sync.Once
	embedded       *Assets
	embeddedErr    error
	assetFileNames = []string{"page.html", "schema.html", "style.css", "site.js", "live.js"}
)

// LoadAssets reads templates/site, each file overridable by one of the
// same name in dir/site (when dir is not "").
func LoadAssets(dir string) (*Assets, error) {
	if dir == "" {
		embeddedOnce.Do(func() { embedded, embeddedErr = loadAssets("") })
		return embedded, embeddedErr
	}
	return loadAssets(dir)
}

func loadAssets(dir string) (*Assets, error) {
	files := map[string][]byte{}
	for _, name := range assetFileNames {
		data, err := fs.ReadFile(templates.Site, "site/"+name)
		if err != nil {
			return nil, err
		}
		if dir != "" {
			custom, err := os.ReadFile(filepath.Join(dir, "site", name))
			if err == nil {
				data = custom
			} else if !os.IsNotExist(err) {
				return nil, fmt.Errorf("templates: %v", err)
			}
		}
		files[name] = data
	}
	page, err := template.New("page.html").Funcs(template.FuncMap{"upper": strings.ToUpper}).Parse(string(files["page.html"]))
	if err != nil {
		return nil, fmt.Errorf("template site/page.html: %v", err)
	}
	if _, err := page.New("schema.html").Parse(string(files["schema.html"])); err != nil {
		return nil, fmt.Errorf("template site/schema.html: %v", err)
	}
	return &Assets{Page: page, Style: files["style.css"], Script: files["site.js"], Live: files["live.js"]}, nil
}

// PageData is what site/page.html receives.
type PageData struct {
	// Kind is "index", "operation" or "schema".
	Kind string
	// Title is the document title; SiteTitle and Version (the spec's
	// info.version, as "v1.2.3") head every page.
	Title, SiteTitle, Version string
	// APITitle is the spec's info.title.
	APITitle string
	// Root is the relative path from the page to the site folder: "" or "../".
	Root string
	// Body is the page's markdown rendered with goldmark.
	Body template.HTML
	// TOC lists the page's second-level headings.
	TOC []Heading
	// Op describes the operation of an operation page; nil on the index.
	Op *OpView
	// Ref is an operation page's reference: schema trees and code samples.
	Ref *Reference
	// Schema is a component page's schema; nil on other pages.
	Schema *SchemaPage
	// Schemas links the component pages (index page only).
	Schemas []Link
	// Index page only: the records of index.json as JSON (escaped for a
	// <script> element), the operation count, the tags and methods.
	Data    template.JS
	Count   int
	Tags    []string
	Methods []string
}

// Heading is an entry of a page's table of contents.
type Heading struct{ ID, Text string }

// OpView is an operation as its page's header shows it.
type OpView struct {
	ID, Method, Path string
	Tags             []string
	Deprecated       bool
	Prev, Next       *Link
}

// Link is a link to another page of the site.
type Link struct{ ID, Href string }

type builder struct {
	api    *model.API
	ctx    *emit.Context
	trees  *trees
	preps  []*opPrep
	tmpl   *render.Templates
	docs   render.Docs
	assets *Assets
	title  string
	md     goldmark.Markdown
	// pages maps each docs path (docs/operations/x.md) to its site path.
	pages map[string]string
	// opsBySite maps each operation's site page to the operation.
	opsBySite map[string]*model.Operation
}

type rendered struct {
	path string
	data []byte
	err  error
}

func (b *builder) build(out *output.Set) error {
	ops := b.api.Operations
	b.pages = map[string]string{
		render.DocsDir + "/README.md":  IndexPath,
		render.DocsDir + "/index.json": JSONPath,
	}
	b.opsBySite = map[string]*model.Operation{}
	for _, op := range ops {
		b.pages[render.DocsDir+"/"+op.FileName+".md"] = PagePath(op)
		b.opsBySite[PagePath(op)] = op
	}

	// The typed schemas are built here, in one goroutine; pages only read them.
	set := b.api.Schemas
	b.trees = &trees{md: b.md, files: componentFiles(set.Components)}
	goExamples, err := goExamples(b.ctx)
	if err != nil {
		return err
	}
	b.preps = make([]*opPrep, len(ops))
	for i, op := range ops {
		b.preps[i] = prepare(set, op)
		b.preps[i].goExample = goExamples[golang.ExamplePath(op)]
	}
	components := set.Components

	// Operation and schema pages, rendered in parallel and added in order.
	results := make([]rendered, len(ops)+len(components))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(results)/8))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if i < len(ops) {
					results[i] = b.operationPage(i)
				} else {
					results[i] = b.componentPage(components[i-len(ops)])
				}
			}
		}()
	}
	for i := range results {
		next <- i
	}
	close(next)
	wg.Wait()

	index, err := b.indexPage(components)
	if err != nil {
		return err
	}
	files := []rendered{{path: IndexPath, data: index}}
	files = append(files, results...)
	files = append(files,
		rendered{path: JSONPath, data: render.IndexJSON(b.api)},
		rendered{path: SearchPath, data: searchIndex(ops, components, b.trees.files)},
		rendered{path: StylePath, data: b.assets.Style},
		rendered{path: ScriptPath, data: b.assets.Script})
	for _, f := range files {
		if f.err != nil {
			return f.err
		}
		if _, err := out.Add(f.path, f.data); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) operationPage(i int) rendered {
	op := b.api.Operations[i]
	mdPath := render.DocsDir + "/" + op.FileName + ".md"
	htmlPath := PagePath(op)
	page, err := b.tmpl.OperationPage(b.api, op, b.docs)
	if err != nil {
		return rendered{err: err}
	}
	body, toc, err := b.render(mdPath, htmlPath, page, false)
	if err != nil {
		return rendered{err: err}
	}
	ref, err := b.reference(op, b.preps[i])
	if err != nil {
		return rendered{err: err}
	}
	if ref.Code != nil {
		toc = append(toc, Heading{ID: "code-samples", Text: "Code samples"})
	}
	if ref.TryIt != nil {
		toc = append(toc, Heading{ID: "try", Text: "Try it"})
	}
	toc = append(toc, Heading{ID: "reference", Text: "Reference"})
	view := &OpView{ID: op.ID, Method: op.Method, Path: op.Path, Tags: op.Tags, Deprecated: op.Deprecated}
	ops := b.api.Operations
	if i > 0 {
		view.Prev = &Link{ID: ops[i-1].ID, Href: ops[i-1].FileName + ".html"}
	}
	if i+1 < len(ops) {
		view.Next = &Link{ID: ops[i+1].ID, Href: ops[i+1].FileName + ".html"}
	}
	data := PageData{
		Kind: "operation", Title: op.ID + " · " + b.title, SiteTitle: b.title, APITitle: b.api.Title, Version: versionLabel(b.api.Version),
		Root: "../", Body: body, TOC: toc, Op: view, Ref: ref,
	}
	html, err := b.execute(htmlPath, data)
	return rendered{path: htmlPath, data: html, err: err}
}

func (b *builder) componentPage(c *model.Schema) rendered {
	p := SchemaPath(b.trees.files[c])
	data := PageData{
		Kind: "schema", Title: c.Name + " · " + b.title, SiteTitle: b.title, APITitle: b.api.Title, Version: versionLabel(b.api.Version),
		Root: "../", Schema: b.schemaPage(c),
	}
	html, err := b.execute(p, data)
	return rendered{path: p, data: html, err: err}
}

// searchIndex is the script of the site search: one record per operation
// (id, method, path, summary, tags, page) and per component (name, page),
// as JSON assigned to a global.
func searchIndex(ops []*model.Operation, components []*model.Schema, files map[*model.Schema]string) []byte {
	opRecs := make([]ecma.Value, len(ops))
	for i, op := range ops {
		tags := strings.Join(op.Tags, ", ")
		opRecs[i] = []ecma.Value{op.ID, op.Method, op.Path, op.Summary, tags, "operations/" + op.FileName + ".html"}
	}
	schemaRecs := make([]ecma.Value, len(components))
	for i, c := range components {
		schemaRecs[i] = []ecma.Value{c.Name, "schemas/" + files[c]}
	}
	o := ecma.NewObject(2)
	o.Set("operations", opRecs)
	o.Set("schemas", schemaRecs)
	return []byte("window.API_DOCS_SEARCH = " + scriptJSON(o) + ";\n")
}

func (b *builder) indexPage(components []*model.Schema) ([]byte, error) {
	readme, err := b.tmpl.DocsIndex(b.api, b.docs)
	if err != nil {
		return nil, err
	}
	body, _, err := b.render(render.DocsDir+"/README.md", IndexPath, readme, true)
	if err != nil {
		return nil, err
	}
	data := PageData{
		Kind: "index", Title: b.title, SiteTitle: b.title, APITitle: b.api.Title, Version: versionLabel(b.api.Version), Body: body,
		Count: len(b.api.Operations), Data: template.JS(scriptJSON(ecma.Value(filterRecords(b.api)))),
	}
	for _, c := range components {
		data.Schemas = append(data.Schemas, Link{ID: c.Name, Href: "schemas/" + b.trees.files[c]})
	}
	tags := map[string]bool{}
	methods := map[string]bool{}
	for _, op := range b.api.Operations {
		for _, t := range op.Tags {
			if !tags[t] {
				tags[t] = true
				data.Tags = append(data.Tags, t)
			}
		}
		methods[op.Method] = true
	}
	sort.Strings(data.Tags)
	data.Methods = sortMethods(methods)
	return b.execute(IndexPath, data)
}

// filterRecords are the fields of index.json's records the filter reads:
// the full records, with their examples, stay in site/index.json.
func filterRecords(api *model.API) []ecma.Value {
	out := make([]ecma.Value, len(api.Operations))
	for i, op := range api.Operations {
		o := project(op.Record(), "operationId", "method", "path", "summary", "description", "tags", "parameters", "responses")
		for _, sub := range []struct {
			key    string
			fields []string
		}{{"parameters", []string{"name", "in"}}, {"responses", []string{"status"}}} {
			list, _ := o.Array(sub.key)
			short := make([]ecma.Value, len(list))
			for j, x := range list {
				short[j] = project(x.(*ecma.Object), sub.fields...)
			}
			o.Set(sub.key, short)
		}
		out[i] = o
	}
	return out
}

// project is a new object of the keys of o, in the order given.
func project(o *ecma.Object, keys ...string) *ecma.Object {
	p := ecma.NewObject(len(keys))
	for _, k := range keys {
		v, _ := o.Get(k)
		p.Set(k, v)
	}
	return p
}

// versionLabel is the spec's info.version as the pages show it: "v0.1.1"
// for "0.1.1", and a version that starts with a v as it is.
func versionLabel(v string) string {
	if v == "" || v[0] == 'v' || v[0] == 'V' || v[0] < '0' || v[0] > '9' {
		return v
	}
	return "v" + v
}

// scriptJSON is compact JSON safe inside a <script> element and as
// JavaScript: every '<' is written \u003c, so that no "</script" or "<!--"
// can appear, and U+2028 and U+2029 are escaped.
func scriptJSON(v ecma.Value) string {
	return scriptEscaper.Replace(ecma.MarshalString(v, false))
}

var methodOrder = []string{"get", "post", "put", "patch", "delete", "head", "options", "trace"}

func sortMethods(set map[string]bool) []string {
	var out []string
	for _, m := range methodOrder {
		if set[m] {
			out = append(out, m)
			delete(set, m)
		}
	}
	var rest []string
	for m := range set {
		rest = append(rest, m)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func (b *builder) execute(p string, data PageData) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data.Body) + len(data.Data) + 4096)
	if err := b.assets.Page.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("site: %s: template site/page.html: %v", p, err)
	}
	return buf.Bytes(), nil
}

// render converts one markdown page to HTML: links to other pages point to
// their site pages, headings get anchor links, and on the index the table
// of operations gets a summary column and data-operation attributes for
// the filter. It returns the HTML and the second-level headings.
func (b *builder) render(mdPath, htmlPath string, src []byte, index bool) (template.HTML, []Heading, error) {
	doc := b.md.Parser().Parse(text.NewReader(src))
	var toc []Heading
	var headings []*ast.Heading
	var tables []*extast.Table
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = b.rewrite(mdPath, htmlPath, n.Destination)
		case *ast.Image:
			n.Destination = b.rewrite(mdPath, htmlPath, n.Destination)
		case *ast.Heading:
			headings = append(headings, n)
			return ast.WalkSkipChildren, nil
		case *extast.Table:
			tables = append(tables, n)
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return "", nil, err
	}
	for _, h := range headings {
		id, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		idBytes, _ := id.([]byte)
		if h.Level == 2 {
			toc = append(toc, Heading{ID: string(idBytes), Text: PlainText(h, src)})
		}
		// Links inside headings still point to the site.
		_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := n.(*ast.Link); ok && entering {
				l.Destination = b.rewrite(mdPath, htmlPath, l.Destination)
			}
			return ast.WalkContinue, nil
		})
		anchor := ast.NewLink()
		anchor.Destination = append([]byte("#"), idBytes...)
		anchor.SetAttributeString("class", []byte("anchor"))
		anchor.SetAttributeString("title", []byte("Link to this section"))
		anchor.AppendChild(anchor, ast.NewString([]byte("#")))
		h.AppendChild(h, anchor)
	}
	if index {
		for _, t := range tables {
			b.decorateIndexTable(t, mdPath, src)
		}
	}
	var buf bytes.Buffer
	buf.Grow(len(src) * 2)
	if err := b.md.Renderer().Render(&buf, src, doc); err != nil {
		return "", nil, fmt.Errorf("site: rendering %s: %v", mdPath, err)
	}
	// Wide tables scroll sideways inside the page on narrow screens.
	html := bytes.ReplaceAll(buf.Bytes(), []byte("<table"), []byte(`<div class="table-wrap"><table`))
	html = bytes.ReplaceAll(html, []byte("</table>"), []byte("</table></div>"))
	return template.HTML(html), toc, nil
}

// decorateIndexTable marks a table whose rows link to operation pages: each
// such row gets data-operation, and a Summary column follows the first.
func (b *builder) decorateIndexTable(t *extast.Table, mdPath string, src []byte) {
	var rows []*extast.TableRow
	var rowOps []*model.Operation
	found := false
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		row, ok := r.(*extast.TableRow)
		if !ok {
			continue
		}
		var op *model.Operation
		_ = ast.Walk(row, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := n.(*ast.Link); ok && entering && op == nil {
				// Destinations are rewritten already: map back via the site path.
				op = b.opsBySite[resolve(path.Dir(IndexPath), string(l.Destination))]
			}
			return ast.WalkContinue, nil
		})
		if op != nil {
			found = true
		}
		rows = append(rows, row)
		rowOps = append(rowOps, op)
	}
	if !found {
		return
	}
	t.SetAttributeString("class", []byte("ops-table"))
	header, ok := t.FirstChild().(*extast.TableHeader)
	if ok && header.FirstChild() != nil {
		cell := extast.NewTableCell()
		s := ast.NewString([]byte("Summary"))
		s.SetRaw(true)
		cell.AppendChild(cell, s)
		header.InsertAfter(header, header.FirstChild(), cell)
		t.Alignments = append(t.Alignments, extast.AlignNone)
	}
	for i, row := range rows {
		cell := extast.NewTableCell()
		if op := rowOps[i]; op != nil {
			row.SetAttributeString("data-operation", []byte(op.ID))
			if op.Deprecated {
				row.SetAttributeString("class", []byte("deprecated"))
			}
			// The method cell gets the method's colour.
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				if strings.TrimSpace(PlainText(c, src)) == strings.ToUpper(op.Method) {
					c.SetAttributeString("class", []byte("m m-"+op.Method))
					break
				}
			}
			if op.Summary != "" {
				s := ast.NewString([]byte(op.Summary))
				s.SetRaw(true)
				cell.AppendChild(cell, s)
			}
		}
		if row.FirstChild() != nil {
			row.InsertAfter(row, row.FirstChild(), cell)
		} else {
			row.AppendChild(row, cell)
		}
	}
}

// rewrite maps a link of the markdown page at mdPath to the site: a
// relative link to a generated file becomes a relative link to its site
// page; another relative link keeps pointing to the same file from the
// site page's folder. Absolute URLs and fragments are left as they are.
func (b *builder) rewrite(mdPath, htmlPath string, dest []byte) []byte {
	d := string(dest)
	if d == "" || strings.HasPrefix(d, "#") || strings.HasPrefix(d, "/") {
		return dest
	}
	u, err := url.Parse(d)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return dest
	}
	target := path.Join(path.Dir(mdPath), u.Path)
	if site, ok := b.pages[target]; ok {
		target = site
	}
	rel := relative(path.Dir(htmlPath), target)
	if u.RawQuery != "" {
		rel += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		rel += "#" + u.EscapedFragment()
	}
	return []byte(rel)
}

// relative is the relative path from folder dir to file target, both
// slash-separated and relative to the same root.
func relative(dir, target string) string {
	from := strings.Split(dir, "/")
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	parts := make([]string, 0, len(from)-i+len(to)-i)
	for range from[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, to[i:]...)
	return strings.Join(parts, "/")
}

// resolve joins a relative link to the folder it appears in.
func resolve(dir, link string) string {
	if i := strings.IndexAny(link, "?#"); i >= 0 {
		link = link[:i]
	}
	return path.Join(dir, link)
}

// PlainText is the text of a node and its descendants, without markup.
func PlainText(n ast.Node, src []byte) string {
	var sb strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			if _, code := c.Parent().(*ast.CodeSpan); code {
				sb.Write(c.Segment.Value(src))
			} else {
				sb.Write(util.UnescapePunctuations(c.Segment.Value(src)))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return sb.String()
}

// scriptEscaper keeps JSON inside a script: no "</script>", no line
// separator that older JavaScript parsers end a line on.
var scriptEscaper = strings.NewReplacer("<", `\u003c`, "\u2028", `\u2028`, "\u2029", `\u2029`)
