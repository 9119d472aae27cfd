package site

import (
	"hash/fnv"
	"html/template"
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit"
)

// Reference is the part of an operation page built from the model: the
// schema trees of its parameters, request body and responses, and its
// code samples.
type Reference struct {
	Parameters []*Field
	Request    []*Media
	// RequestRequired reports requestBody.required.
	RequestRequired bool
	Responses       []*ResponseView
	Code            *CodeTabs
	TryIt           *TryIt
}

// Media is one media type of a request or response, with its tree.
type Media struct {
	MediaType string
	TypeInfo
	Facts
	Doc  template.HTML
	Tree *Tree
}

// ResponseView is one status of an operation's responses.
type ResponseView struct {
	Status, ID string
	Doc        template.HTML
	Headers    []*Field
	Media      []*Media
}

// CodeTabs are an operation's code samples, one tab each.
type CodeTabs struct {
	ID   string
	Tabs []*CodeTab
}

// CodeTab is one code sample: Key is what the page remembers ("typescript",
// "go", "curl", or the lower-cased label of an x-codeSamples entry).
type CodeTab struct {
	ID, Key, Label, Lang, Source string
}

// opPrep is what an operation page needs from the spec, gathered before
// pages render in parallel (the schema set and the reference resolver are
// not safe for concurrent use while they fill their caches).
type opPrep struct {
	params   []*model.Schema
	request  []*model.Schema
	response []*model.Schema
	headers  map[string][]*model.Header
	samples  []*CodeTab
	// goExample is the operation's Go example program, or nil.
	goExample []byte
}

// Limits on x-codeSamples: how many per operation and how long each.
const (
	maxSamples      = 20
	maxSampleSource = 64 << 10
)

func prepare(set *model.SchemaSet, op *model.Operation) *opPrep {
	p := &opPrep{headers: map[string][]*model.Header{}}
	for _, x := range op.Parameters {
		p.params = append(p.params, x.Schema)
	}
	for _, x := range op.RequestExamples {
		p.request = append(p.request, x.Schema)
	}
	for _, x := range op.Responses {
		p.response = append(p.response, x.Schema)
		if _, ok := p.headers[x.Status]; !ok {
			p.headers[x.Status] = x.Headers
		}
	}
	o := set.OperationObject(op)
	list, ok := o.Array("x-codeSamples")
	if !ok {
		list, _ = o.Array("x-code-samples")
	}
	for _, v := range list {
		so, _ := v.(*ecma.Object)
		lang, _ := so.String("lang")
		label, _ := so.String("label")
		source, ok := so.String("source")
		if !ok || len(p.samples) == maxSamples {
			continue
		}
		if label == "" {
			label = lang
		}
		if label == "" {
			label = "Sample"
		}
		if len(source) > maxSampleSource {
			source = source[:maxSampleSource] + "\n…"
		}
		p.samples = append(p.samples, &CodeTab{Key: "x-" + strings.ToLower(label), Label: label, Lang: lang, Source: source})
	}
	return p
}

// reference builds an operation's Reference from its prepared schemas.
func (b *builder) reference(op *model.Operation, p *opPrep) (*Reference, error) {
	ref := &Reference{RequestRequired: op.RequestBodyRequired}
	for i, x := range op.Parameters {
		w := b.trees.walk(Request, "../")
		f := w.Field(x.Name, p.params[i], []string{idSegment(x.In), idSegment(x.Name)}, 0)
		f.In = x.In
		f.Required = x.Required
		if d := b.trees.doc(x.Description); d != "" {
			f.Doc = d
		}
		if x.Example.Present && f.Example == "" {
			f.Example = value(x.Example.Value)
		}
		ref.Parameters = append(ref.Parameters, f)
	}
	for i, x := range op.RequestExamples {
		scope := "body"
		if i > 0 {
			scope += strconv.Itoa(i + 1)
		}
		ref.Request = append(ref.Request, b.media(Request, x.MediaType, p.request[i], scope))
	}
	var cur *ResponseView
	for i, x := range op.Responses {
		if cur == nil || cur.Status != x.Status {
			cur = &ResponseView{Status: x.Status, ID: "response-" + idSegment(x.Status), Doc: b.trees.doc(x.Description)}
			for _, h := range p.headers[x.Status] {
				w := b.trees.walk(Response, "../")
				f := w.Field(h.Name, h.Schema, []string{"r" + idSegment(x.Status) + "~h", idSegment(h.Name)}, 0)
				f.Required, f.Deprecated = h.Required, h.Deprecated || f.Deprecated
				if d := b.trees.doc(h.Description); d != "" {
					f.Doc = d
				}
				if h.Example.Present && f.Example == "" {
					f.Example = value(h.Example.Value)
				}
				cur.Headers = append(cur.Headers, f)
			}
			ref.Responses = append(ref.Responses, cur)
		}
		if !x.HasContent {
			continue
		}
		scope := "r" + idSegment(x.Status)
		if n := len(cur.Media); n > 0 {
			scope += "-" + strconv.Itoa(n+1)
		}
		cur.Media = append(cur.Media, b.media(Response, x.MediaType, p.response[i], scope))
	}
	code, err := b.codeTabs(op, p)
	if err != nil {
		return nil, err
	}
	ref.Code = code
	ref.TryIt = b.tryIt(op)
	return ref, nil
}

func (b *builder) media(dir Direction, mediaType string, s *model.Schema, scope string) *Media {
	m := &Media{MediaType: mediaType}
	if s == nil {
		return m
	}
	w := b.trees.walk(dir, "../")
	r, _ := s.Resolved()
	m.TypeInfo = w.typeOf(s)
	if r != nil {
		m.Doc = b.trees.doc(docOf(s, r))
		m.Facts = w.facts(s, r)
	}
	m.Tree = w.Tree(s, []string{scope}, 0)
	return m
}

// goExamples are the Go example programs by path (golang.ExamplePath), as
// the go emitter writes them: the site asks the run's Go code for them
// (emit.Context.Go, which a run emitting go and site derives and renders
// once), whether or not go is emitted. There are none when the examples are
// turned off, or when the spec makes no Go client (a bad go setting, too
// many fields): that error is the go emitter's to report, and a site
// without go still has its other tabs.
func goExamples(ctx *emit.Context) (map[string][]byte, error) {
	code, err := ctx.Go()
	if err != nil {
		return nil, nil
	}
	files, err := code.Examples()
	if err != nil {
		return nil, err
	}
	byPath := make(map[string][]byte, len(files))
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	return byPath, nil
}

// codeTabs are the samples of an operation: the TypeScript SDK example,
// the Go example program (goExamples), the cURL command, and the spec's
// x-codeSamples.
func (b *builder) codeTabs(op *model.Operation, p *opPrep) (*CodeTabs, error) {
	cfg := b.ctx.Config
	tabs := &CodeTabs{ID: "code"}
	call := b.ctx.Calls[op]
	if b.ctx.Templates != nil && call.SDK != nil {
		ts, err := b.ctx.Templates.SDKExample(op, call.SDK, cfg.SDKPackage, cfg.SDKClient)
		if err != nil {
			return nil, err
		}
		tabs.Tabs = append(tabs.Tabs, &CodeTab{Key: "typescript", Label: "TypeScript", Lang: "ts", Source: ts})
	}
	if p.goExample != nil {
		tabs.Tabs = append(tabs.Tabs, &CodeTab{Key: "go", Label: "Go", Lang: "go", Source: string(p.goExample)})
	}
	if call.Curl != nil {
		tabs.Tabs = append(tabs.Tabs, &CodeTab{Key: "curl", Label: "cURL", Lang: "bash", Source: strings.Join(calls.CurlLines(call.Curl, cfg.BaseURL, cfg.BaseURLEnv), "\n")})
	}
	tabs.Tabs = append(tabs.Tabs, p.samples...)
	if len(tabs.Tabs) == 0 {
		return nil, nil
	}
	for i, t := range tabs.Tabs {
		t.ID = "code-" + strconv.Itoa(i+1)
	}
	return tabs, nil
}

// componentFiles names the page of each component: the name with
// characters other than ASCII letters, digits, '-' and '_' escaped as in
// field ids, long names shortened with a hash, and names that differ only
// in case (one file on a case-insensitive file system) numbered.
func componentFiles(components []*model.Schema) map[*model.Schema]string {
	files := map[*model.Schema]string{}
	used := map[string]bool{}
	for _, c := range components {
		base := idSegment(c.Name)
		if base == "" {
			base = "~"
		}
		if len(base) > 100 {
			h := fnv.New32a()
			h.Write([]byte(c.Name))
			base = base[:80] + "-" + strconv.FormatUint(uint64(h.Sum32()), 16)
		}
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = base + "-" + strconv.Itoa(n)
		}
		used[strings.ToLower(name)] = true
		files[c] = name + ".html"
	}
	return files
}

// schemaPage builds a component's page.
func (b *builder) schemaPage(c *model.Schema) *SchemaPage {
	w := b.trees.walk(Both, "../")
	w.inline = 1
	page := &SchemaPage{Name: c.Name, File: b.trees.files[c], Nullable: c.Nullable, Deprecated: c.Deprecated}
	// The page's own name is not a link to itself: describe the type.
	r, _ := c.Resolved()
	if r != nil && r != c {
		page.TypeInfo = w.typeOf(c.Ref)
	} else {
		page.TypeInfo = w.typeOf(&model.Schema{Type: c.Type, Format: c.Format, Items: c.Items, OneOf: c.OneOf, AnyOf: c.AnyOf, AllOf: c.AllOf, Properties: c.Properties})
	}
	if r != nil {
		page.Doc = b.trees.doc(docOf(c, r))
		page.Facts = w.facts(c, r)
	}
	page.Body = w.Tree(c, []string{"schema"}, 0)
	return page
}
