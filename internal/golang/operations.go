package golang

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/agentmc/agentmc-gen/generator/model"
)

type resultKind int

const (
	rNone     resultKind = iota // no content: only an error
	rRedirect                   // the Location of a 3xx
	rJSON                       // a typed JSON body
	rBinary                     // a stream
)

type bodyKind int

const (
	bJSON bodyKind = iota
	bMultipart
	bForm
	bRaw
)

// opInfo is an operation with its Go names and types.
type opInfo struct {
	op      *model.Operation
	method  string // Go method name
	varName string // the *operation variable
	path    []*pathParam
	params  *decl // query, header and cookie parameters, or nil
	pfields []paramField
	body    *bodyInfo
	result  resultKind
	resp    *model.Response
	typ     *goType // rJSON
	// all is the iterator method of a paginated list, or "".
	all                 string
	item                *goType
	data, current, last []*field
	metaField           *field
}

type pathParam struct {
	p    *model.Parameter
	name string // Go parameter name
	typ  *goType
	// styled: serialised by serialize_request.go, not the runtime.
	styled bool
}

type paramField struct {
	p      *model.Parameter
	f      *field
	styled bool
}

type bodyInfo struct {
	kind      bodyKind
	mediaType string
	typ       *goType
	required  bool
	example   model.Example
	// media is the request body's media type entry, with its encoding.
	media *model.MediaExample
}

var reservedLocals = map[string]bool{
	"ctx": true, "opts": true, "params": true, "body": true, "c": true, "r": true, "resp": true,
	"err": true, "out": true, "v": true, "ok": true, "w": true, "page": true, "res": true,
}

func (g *gen) operation(op *model.Operation) *opInfo {
	o := &opInfo{op: op}
	o.method = g.methods.claim(exported(op.ID))
	o.varName = "op" + o.method
	base := o.method
	locals := newRegistry()
	for n := range reservedLocals {
		locals.taken[n] = true
	}
	// Path parameters in the order the template names them.
	byName := map[string]*model.Parameter{}
	var rest []*model.Parameter
	for _, p := range op.Parameters {
		if p.In == "path" {
			byName[p.Name] = p
		} else {
			rest = append(rest, p)
		}
	}
	for _, name := range templateNames(op.Path) {
		p := byName[name]
		if p == nil {
			p = &model.Parameter{Name: name, In: "path", Required: true}
			p.Style, p.Explode = model.DefaultStyle("path")
		}
		t, _ := g.types.of(p.Schema, base+exported(p.Name), "the "+p.Name+" path parameter of "+op.ID)
		pp := &pathParam{p: p, name: locals.claim(unexported(p.Name, reservedLocals)), typ: t}
		switch {
		case isScalar(t):
			pp.styled = styled(p, t)
		case t.kind == kSlice && isScalar(t.elem), t.kind == kNamed && t.decl.kind == dStruct, t.kind == kMap && isScalar(t.elem):
			pp.styled = true // an array or object, in its style
		default:
			pp.typ = tString
			pp.styled = styled(p, tString)
		}
		g.serialize = g.serialize || pp.styled
		o.path = append(o.path, pp)
	}
	if len(rest) > 0 {
		d := &decl{name: g.names.claim(base + "Params"), kind: dStruct, origin: "the query, header and cookie parameters of " + op.ID}
		d.doc = "A nil *" + d.name + " sends none of them."
		fields := newRegistry()
		for _, p := range rest {
			t, nullable := g.types.of(p.Schema, base+exported(p.Name), "the "+p.Name+" "+p.In+" parameter of "+op.ID)
			f := &field{name: fields.claim(exported(p.Name)), json: p.Name, typ: t, required: p.Required, nullable: nullable, doc: p.Description}
			if !p.Required && !t.collection() && !t.selfNull() {
				f.wrap = wOpt
			}
			f.doc = strings.TrimSpace(fmt.Sprintf("%s\n\nThe %s parameter %q.", p.Description, p.In, p.Name))
			d.fields = append(d.fields, f)
			pf := paramField{p: p, f: f, styled: styled(p, t)}
			g.serialize = g.serialize || pf.styled
			o.pfields = append(o.pfields, pf)
		}
		d.params = true
		g.types.decls = append(g.types.decls, d)
		o.params = d
	}
	if e := op.PrimaryRequestExample(); e != nil && !BodyIgnored(op.Method) {
		b := &bodyInfo{mediaType: e.MediaType, required: op.RequestBodyRequired, example: e.Example, media: e}
		mt := strings.ToLower(e.MediaType)
		switch {
		case isJSON(mt):
			b.kind = bJSON
		case strings.HasPrefix(mt, "multipart/"):
			b.kind = bMultipart
		case mt == "application/x-www-form-urlencoded":
			b.kind = bForm
		default:
			b.kind = bRaw
			b.typ = tReader
		}
		if b.kind != bRaw {
			g.types.multipart = b.kind == bMultipart
			g.types.multipartBody = g.types.multipart
			b.typ, _ = g.types.of(e.Schema, base+"Body", "the request body of "+op.ID)
			g.types.multipart, g.types.multipartBody = false, false
			if b.kind == bMultipart && (b.typ.kind != kNamed || b.typ.decl.kind != dStruct) {
				b.kind = bRaw
				b.typ = tReader
			}
		}
		g.serialize = g.serialize || b.kind == bForm
		if b.kind == bMultipart {
			for _, fl := range b.typ.decl.fields {
				g.serialize = g.serialize || multipartSpec(e, fl) != nil
			}
		}
		o.body = b
	}
	o.resp = primarySuccess(op)
	switch r := o.resp; {
	case r == nil:
		o.result = rNone
	case r.Status[0] == '3':
		o.result = rRedirect
	case r.Status == "204" || r.Status == "205" || !r.HasContent:
		o.result = rNone
	case isJSON(strings.ToLower(r.MediaType)):
		o.result = rJSON
		o.typ, _ = g.types.of(r.Schema, base+"Response", "the "+r.Status+" response body of "+op.ID)
	default:
		o.result = rBinary
	}
	g.pagination(o)
	return o
}

// primarySuccess is the response a call returns: the first success entry
// with JSON content, else the first success entry (as mockapi answers);
// without a 2xx or 3xx entry, the 2XX or 3XX range, else default.
func primarySuccess(op *model.Operation) *model.Response {
	var first *model.Response
	for _, r := range op.ResultResponses() {
		if first == nil {
			first = r
		}
		if r.HasContent && isJSON(strings.ToLower(r.MediaType)) {
			return r
		}
	}
	return first
}

func isJSON(mt string) bool {
	mt, _, _ = strings.Cut(mt, ";")
	mt = strings.TrimSpace(mt)
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "*/*" || mt == "text/json"
}

// templateNames lists the {names} of a path template, in order, once each.
func templateNames(p string) []string {
	var out []string
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			return out
		}
		name := p[i+1 : i+j]
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
		p = p[i+j+1:]
	}
}

// pagination detects a Laravel page: data (array), links, and meta with
// integer current_page and last_page.
func (g *gen) pagination(o *opInfo) {
	if o.result != rJSON || strings.ToUpper(o.op.Method) != "GET" || o.body != nil {
		return
	}
	page := valueStruct(o.typ)
	if page == nil || o.typ.kind != kNamed || o.typ.decl.kind != dStruct {
		return
	}
	data, links, meta := fieldByJSON(page, "data"), fieldByJSON(page, "links"), fieldByJSON(page, "meta")
	if data == nil || links == nil || meta == nil || data.wrap == wPtr || meta.wrap == wPtr || data.typ.kind != kSlice {
		return
	}
	ms := valueStruct(meta.typ)
	if ms == nil {
		return
	}
	cur, last := fieldByJSON(ms, "current_page"), fieldByJSON(ms, "last_page")
	if cur == nil || last == nil || cur.typ != tInt || last.typ != tInt || cur.wrap == wPtr || last.wrap == wPtr {
		return
	}
	o.all = g.methods.claim(o.method + "All")
	o.item = data.typ.elem
	o.data, o.metaField, o.current, o.last = []*field{data}, meta, []*field{cur}, []*field{last}
}

func fieldByJSON(d *decl, name string) *field {
	for _, f := range d.fields {
		if f.json == name {
			return f
		}
	}
	return nil
}

// access reads field f of base, using a zero default for an Opt.
func access(base *jen.Statement, f *field) *jen.Statement {
	s := base.Dot(f.name)
	if f.wrap == wOpt {
		return s.Dot("Or").Call(zeroValue(f.typ))
	}
	return s
}

func zeroValue(t *goType) jen.Code {
	switch t.kind {
	case kScalar:
		switch t.builtin {
		case "string":
			return jen.Lit("")
		case "bool":
			return jen.False()
		}
		return jen.Lit(0)
	case kTime:
		return jen.Qual("time", "Time").Values()
	case kNamed:
		switch t.decl.kind {
		case dStruct, dUnion:
			return jen.Id(t.decl.name).Values()
		case dEnum:
			return jen.Id(t.decl.name).Call(zeroValue(t.decl.enumBase))
		case dAlias:
			return zeroValue(t.decl.alias)
		}
	}
	return jen.Nil()
}

// signature is the parameter list of o's method.
func (o *opInfo) signature(qual func(string) *jen.Statement) []jen.Code {
	ps := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	for _, p := range o.path {
		ps = append(ps, jen.Id(p.name).Add(p.typ.code(qual)))
	}
	if o.body != nil {
		if o.body.kind == bRaw {
			ps = append(ps, jen.Id("body").Qual("io", "Reader"))
		} else {
			ps = append(ps, jen.Id("body").Op("*").Add(o.body.typ.code(qual)))
		}
	}
	if o.params != nil {
		ps = append(ps, jen.Id("params").Op("*").Add(qual(o.params.name)))
	}
	return append(ps, jen.Id("opts").Op("...").Add(qual("RequestOption")))
}

func (o *opInfo) results(qual func(string) *jen.Statement) []jen.Code {
	switch o.result {
	case rRedirect:
		return []jen.Code{jen.Op("*").Qual("net/url", "URL"), jen.Error()}
	case rJSON:
		return []jen.Code{resultType(o.typ, qual), jen.Error()}
	case rBinary:
		return []jen.Code{jen.Op("*").Add(qual("Binary")), jen.Error()}
	}
	return []jen.Code{jen.Error()}
}

// resultType is *T for structs, T otherwise.
func resultType(t *goType, qual func(string) *jen.Statement) *jen.Statement {
	if t.kind == kNamed && t.decl.kind == dStruct {
		return jen.Op("*").Add(t.code(qual))
	}
	return t.code(qual)
}

// doc is the paragraphs of the method's doc comment.
func (o *opInfo) doc() []string {
	op := o.op
	first := o.method + " calls " + op.ID + "."
	if op.Summary != "" {
		first = o.method + " calls " + op.ID + ": " + op.Summary
	}
	var ret string
	switch o.result {
	case rNone:
		ret = "It returns only an error: the success response has no content."
	case rRedirect:
		ret = "It returns the URL of the " + o.resp.Status + " redirect without following it; fetch it with Client.Fetch, which sends no credentials."
	case rBinary:
		ret = "It returns the response body as a stream of type " + o.resp.MediaType + "; close it."
	}
	var dep string
	if op.Deprecated {
		dep = "Deprecated: the spec marks this operation deprecated."
	}
	return []string{first, op.Description, ret, strings.ToUpper(op.Method) + " " + op.Path, dep}
}

func (g *gen) operationsFile() *jen.File {
	f := newFile(g.pkg)
	f.Comment("API lists the operations of Client, for mocks and wrappers.")
	f.Type().Id("API").InterfaceFunc(func(ig *jen.Group) {
		for _, o := range g.ops {
			doc(ig, o.method+" calls "+upper(o.op.Method)+" "+o.op.Path+".")
			ig.Id(o.method).Params(o.signature(local)...).Params(o.results(local)...)
			if o.all != "" {
				doc(ig, o.all+" iterates over the items of every page of "+o.method+".")
				ig.Id(o.all).Params(o.allSignature(local)...).Qual("iter", "Seq2").Types(o.item.code(local), jen.Error())
			}
		}
	})
	f.Line()
	f.Var().Id("_").Id("API").Op("=").Parens(jen.Op("*").Id("Client")).Parens(jen.Nil())
	f.Line()
	for _, o := range g.ops {
		g.renderOperation(f, o)
	}
	return f
}

func (o *opInfo) allSignature(qual func(string) *jen.Statement) []jen.Code {
	sig := o.signature(qual)
	return sig
}

func (g *gen) renderOperation(f *jen.File, o *opInfo) {
	op := o.op
	sec := jen.Index().Index().String().ValuesFunc(func(gr *jen.Group) {
		for _, req := range op.Security {
			gr.Values(jen.ListFunc(func(l *jen.Group) {
				for _, s := range req {
					l.Lit(s)
				}
			}))
		}
	})
	opFields := jen.Dict{
		jen.Id("id"): jen.Lit(op.ID), jen.Id("method"): jen.Lit(strings.ToUpper(op.Method)),
		jen.Id("path"): jen.Lit(op.Path),
	}
	if len(op.Security) > 0 {
		opFields[jen.Id("security")] = sec
	}
	if o.result == rRedirect {
		opFields[jen.Id("redirect")] = jen.True()
	}
	f.Var().Id(o.varName).Op("=").Op("&").Id("operation").Values(opFields)
	f.Line()
	doc(f.Group, o.doc()...)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(o.method).Params(o.signature(local)...).Params(o.results(local)...).BlockFunc(func(b *jen.Group) {
		b.Id("r").Op(":=").Id("c").Dot("newRequest").Call(jen.Id(o.varName))
		b.Add(g.pathExpr(o))
		if o.params != nil {
			b.If(jen.Id("params").Op("!=").Nil()).BlockFunc(func(pb *jen.Group) {
				for _, pf := range o.pfields {
					method := map[string]string{"query": "addQuery", "header": "addHeader", "cookie": "addCookie"}[pf.p.In]
					if method == "" {
						continue
					}
					val := jen.Id("params").Dot(pf.f.name)
					call := func(v jen.Code) jen.Code { return jen.Id("r").Dot(method).Call(jen.Lit(pf.p.Name), v) }
					if pf.styled {
						method = map[string]string{"query": "addStyledQuery", "header": "setStyledHeader", "cookie": "addStyledCookie"}[pf.p.In]
						spec := styleSpecLit(pf.p.Style, pf.p.Explode, pf.p.AllowReserved, "")
						call = func(v jen.Code) jen.Code { return jen.Id("r").Dot(method).Call(jen.Lit(pf.p.Name), v, spec.Clone()) }
					}
					switch {
					case pf.f.wrap == wOpt:
						pb.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(val).Dot("Get").Call(), jen.Id("ok")).Block(call(jen.Id("v")))
					case pf.f.typ.collection():
						pb.If(val.Clone().Op("!=").Nil()).Block(call(val.Clone()))
					case pf.f.typ.selfNull():
						pb.If(jen.Op("!").Add(val.Clone()).Dot("IsZero").Call()).Block(call(val.Clone()))
					default:
						pb.Add(call(val))
					}
				}
			})
		}
		if o.body != nil {
			g.bodyCode(b, o)
		}
		errRet := func(err jen.Code) jen.Code {
			switch o.result {
			case rNone:
				return jen.Return(err)
			case rJSON:
				return jen.Return(zeroResult(o.typ), err)
			}
			return jen.Return(jen.Nil(), err)
		}
		b.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot("do").Call(jen.Id("ctx"), jen.Id("r"), jen.Id("opts"))
		b.If(jen.Err().Op("!=").Nil()).Block(errRet(jen.Err()))
		switch o.result {
		case rNone:
			b.Id("discard").Call(jen.Id("resp"))
			b.Return(jen.Nil())
		case rRedirect:
			b.Return(jen.Id("location").Call(jen.Id(o.varName), jen.Id("resp")))
		case rBinary:
			b.Return(jen.Id("binary").Call(jen.Id("resp")), jen.Nil())
		case rJSON:
			b.Var().Id("out").Add(o.typ.code(local))
			b.If(jen.Err().Op(":=").Id("decodeJSON").Call(jen.Id(o.varName), jen.Id("resp"), jen.Op("&").Id("out")), jen.Err().Op("!=").Nil()).Block(errRet(jen.Err()))
			if o.typ.kind == kNamed && o.typ.decl.kind == dStruct {
				b.Return(jen.Op("&").Id("out"), jen.Nil())
			} else {
				b.Return(jen.Id("out"), jen.Nil())
			}
		}
	})
	f.Line()
	if o.all != "" {
		doc(f.Group, fmt.Sprintf("%s calls %s page after page (the page query parameter from 1 to meta.last_page) and yields every item of data. It stops fetching when the loop breaks, and yields the first error as the last pair.", o.all, o.method),
			"The next page is always requested from the client's base URL: links.next is never followed, so credentials never reach another host.")
		f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(o.all).Params(o.allSignature(local)...).Qual("iter", "Seq2").Types(o.item.code(local), jen.Error()).BlockFunc(func(b *jen.Group) {
			var args []jen.Code
			args = append(args, jen.Id("ctx"))
			for _, p := range o.path {
				args = append(args, jen.Id(p.name))
			}
			if o.params != nil {
				args = append(args, jen.Id("params"))
			}
			args = append(args, jen.Append(jen.Id("opts").Index(jen.Op(":").Len(jen.Id("opts")).Op(":").Len(jen.Id("opts"))), jen.Id("withPage").Call(jen.Id("page"))).Op("..."))
			res := jen.Id("res")
			meta := access(res.Clone(), o.metaField)
			b.Return(jen.Id("paginate").Call(jen.Func().Params(jen.Id("page").Int64()).Params(jen.Index().Add(o.item.code(local)), jen.Int64(), jen.Int64(), jen.Error()).Block(
				jen.List(jen.Id("res"), jen.Err()).Op(":=").Id("c").Dot(o.method).Call(args...),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Lit(0), jen.Err())),
				jen.Return(access(res.Clone(), o.data[0]), access(meta.Clone(), o.current[0]), access(meta.Clone(), o.last[0]), jen.Nil()),
			)))
		})
		f.Line()
	}
}

// multipartSpec is the styleSpec of a multipart property that the
// runtime's plain field would not send right: a declared style, a
// declared content type, or an object (a JSON part, OpenAPI's default);
// nil otherwise. Files are always the runtime's.
func multipartSpec(media *model.MediaExample, fl *field) *jen.Statement {
	t := fl.typ
	for t.kind == kNamed && t.decl.kind == dAlias {
		t = t.decl.alias
	}
	if t.kind == kReader || t.kind == kSlice && t.elem.kind == kReader {
		return nil
	}
	e := media.EncodingOf(fl.json)
	if e.Styled {
		return styleSpecLit(e.Style, e.Explode, e.AllowReserved, "")
	}
	ct := e.ContentType
	if object := t.kind == kMap || t.kind == kAnyMap || t.kind == kNamed && (t.decl.kind == dStruct || t.decl.kind == dMap); ct == "" && object {
		ct = "application/json"
	}
	if ct == "" {
		return nil
	}
	return styleSpecLit(e.Style, e.Explode, e.AllowReserved, ct)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func zeroResult(t *goType) jen.Code {
	if t.kind == kNamed && t.decl.kind == dStruct {
		return jen.Nil()
	}
	return zeroValue(t)
}

// pathExpr sets r.path from the template and the path parameters.
func (g *gen) pathExpr(o *opInfo) jen.Code {
	byName := map[string]*pathParam{}
	for _, p := range o.path {
		byName[p.p.Name] = p
	}
	var parts []jen.Code
	rest := o.op.Path
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			parts = append(parts, jen.Lit(rest))
			break
		}
		if i > 0 {
			parts = append(parts, jen.Lit(rest[:i]))
		}
		name := rest[i+1 : j]
		p := byName[name]
		if p.styled {
			parts = append(parts, jen.Id("r").Dot("styledPath").Call(jen.Lit(name), jen.Id(p.name), styleSpecLit(p.p.Style, p.p.Explode, false, "")))
		} else {
			parts = append(parts, jen.Id("r").Dot("pathParam").Call(jen.Lit(name), jen.Id(p.name)))
		}
		rest = rest[j+1:]
	}
	if len(parts) == 0 {
		parts = append(parts, jen.Lit(""))
	}
	expr := jen.Add(parts[0])
	for _, p := range parts[1:] {
		expr = expr.Op("+").Add(p)
	}
	return jen.Id("r").Dot("path").Op("=").Add(expr)
}

func (g *gen) bodyCode(b *jen.Group, o *opInfo) {
	body := o.body
	var set jen.Code
	switch body.kind {
	case bJSON:
		set = jen.Id("r").Dot("setJSON").Call(jen.Id("body"))
	case bRaw:
		set = jen.Id("r").Dot("setRaw").Call(jen.Id("body"), jen.Lit(body.mediaType))
	case bForm:
		encodings := jen.Nil()
		if names := sortedKeys(body.media.Encoding); len(names) > 0 {
			d := jen.Dict{}
			for _, n := range names {
				e := body.media.Encoding[n]
				d[jen.Lit(n)] = styleSpecValues(e.Style, e.Explode, e.AllowReserved, "")
			}
			encodings = jen.Map(jen.String()).Id("styleSpec").Values(d)
		}
		set = jen.Id("r").Dot("setStyledForm").Call(jen.Id("body"), encodings)
	case bMultipart:
		d := body.typ.decl
		set = jen.Id("r").Dot("setMultipart").Call(jen.Func().Params(jen.Id("w").Op("*").Qual("mime/multipart", "Writer")).Error().BlockFunc(func(mb *jen.Group) {
			for _, fl := range d.fields {
				val := jen.Id("body").Dot(fl.name)
				write := func(v jen.Code) jen.Code {
					return jen.If(jen.Err().Op(":=").Id("writeMultipartField").Call(jen.Id("w"), jen.Lit(fl.json), v), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
				}
				if spec := multipartSpec(body.media, fl); spec != nil {
					write = func(v jen.Code) jen.Code {
						return jen.If(jen.Err().Op(":=").Id("writeStyledField").Call(jen.Id("w"), jen.Lit(fl.json), v, spec.Clone()), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
					}
				}
				switch {
				case fl.wrap == wOpt:
					mb.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(val).Dot("Get").Call(), jen.Id("ok")).Block(write(jen.Id("v")))
				case fl.wrap == wPtr || fl.typ.collection():
					mb.If(val.Clone().Op("!=").Nil()).Block(write(val.Clone()))
				default:
					mb.Add(write(val))
				}
			}
			mb.Return(jen.Nil())
		}))
	}
	if body.required {
		b.If(jen.Id("body").Op("==").Nil()).Block(
			jen.Id("r").Dot("err").Op("=").Qual("errors", "New").Call(jen.Lit("the request body is required")),
		).Else().Block(set)
		return
	}
	b.If(jen.Id("body").Op("!=").Nil()).Block(set)
}

// BodyIgnored reports whether the client leaves out the request body of an
// operation with this (lower-case) method: HTTP gives a GET or HEAD body
// no meaning, and servers and proxies may drop or refuse it.
func BodyIgnored(method string) bool { return method == "get" || method == "head" }
