package model

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/examples"
	"github.com/agentmc/agentmc-gen/internal/openapi"
	"github.com/agentmc/agentmc-gen/internal/refs"
)

// Overrides fill in what a spec leaves out, keyed by "<method> <path>"
// with a lower-case method.
type Overrides struct {
	// OperationIDs name operations that have no operationId.
	OperationIDs map[string]string
	// Security replaces an operation's security requirements.
	Security map[string][][]string
	// SuffixFileNameClashes gives operations whose file names clash the
	// first free "_2", "_3", … suffix instead of failing (the published
	// rule is to fail).
	SuffixFileNameClashes bool
	// Strict makes the published format's rules (FORMAT.md §2) errors;
	// otherwise they are warnings and the model is built anyway.
	Strict bool
}

// Build derives the model from a normalised document. Every problem is
// reported at once: when any is an error, the error is the Problems (every
// error and warning, one line each, naming the operation or JSON pointer);
// otherwise the warnings are in API.Warnings.
func Build(root *ecma.Object, ov Overrides) (*API, error) {
	r := refs.New(root)
	if broken := r.Check(); len(broken) > 0 {
		problems := make(Problems, len(broken))
		for i, x := range broken {
			problems[i] = Problem{Severity: Error, Pointer: x.Pointer, Message: x.Err.Error()}
		}
		return nil, problems
	}
	b := &builder{refs: r, ex: examples.New(r), ov: ov, schemas: newSchemaSet(root, r)}
	api := &API{Spec: root, Schemas: b.schemas}
	api.OpenAPI, _ = root.String("openapi")
	if info, ok := root.Object("info"); ok {
		api.Title, _ = info.String("title")
		api.Version, _ = info.String("version")
	}
	servers, _ := root.Array("servers")
	for _, v := range servers {
		o, ok := v.(*ecma.Object)
		if !ok {
			continue
		}
		var s Server
		s.URL, _ = o.String("url")
		vars, _ := o.Object("variables")
		for i := range vars.Len() {
			name, v := vars.At(i)
			if def, ok := v.(*ecma.Object); ok {
				if d, ok := def.String("default"); ok {
					if s.Defaults == nil {
						s.Defaults = map[string]string{}
					}
					s.Defaults[name] = d
				}
			}
		}
		api.Servers = append(api.Servers, s)
	}
	if components, ok := root.Object("components"); ok {
		schemes, _ := components.Object("securitySchemes")
		for i := range schemes.Len() {
			name, v := schemes.At(i)
			v, _ = r.Deref(v, nil)
			s, _ := v.(*ecma.Object)
			scheme := &SecurityScheme{Name: name}
			scheme.Type, _ = s.String("type")
			scheme.In, _ = s.String("in")
			scheme.ParamName, _ = s.String("name")
			scheme.Scheme, _ = s.String("scheme")
			scheme.Description, _ = s.String("description")
			api.SecuritySchemes = append(api.SecuritySchemes, scheme)
		}
	}
	topSecurity, hasTopSecurity := root.Array("security")
	paths, ok := root.Object("paths")
	if v, present := root.Get("paths"); present && !ok {
		return nil, Problems{{Severity: Error, Pointer: "#/paths", Message: "must be an object, found " + describe(v)}}
	}
	var problems Problems
	for i := range paths.Len() {
		path, v := paths.At(i)
		if strings.HasPrefix(path, "x-") {
			continue // a specification extension, not a path
		}
		itemPointer := refs.Pointer("paths", path)
		v, itemStack := r.Deref(v, nil)
		item, ok := v.(*ecma.Object)
		if !ok {
			problems = append(problems, Problem{Severity: Error, Pointer: itemPointer, Message: "a path item must be an object, found " + describe(v)})
			continue
		}
		itemParams, _ := item.Array("parameters")
		for j := range item.Len() {
			method, v := item.At(j)
			if !openapi.IsMethod(method) {
				continue
			}
			pointer := itemPointer + "/" + method
			opObj, ok := v.(*ecma.Object)
			if !ok {
				problems = append(problems, Problem{Severity: Error, Pointer: pointer, Message: "an operation must be an object, found " + describe(v)})
				continue
			}
			security := topSecurity
			if s, ok := opObj.Array("security"); ok {
				security = s
			} else if !hasTopSecurity {
				security = nil
			}
			op, ps := b.operation(method, path, pointer, opObj, itemParams, itemStack, security)
			problems = append(problems, ps...)
			api.Operations = append(api.Operations, op)
		}
	}
	problems = append(problems, validate(api.Operations, ov)...)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	api.Warnings = append(append(problems, b.warnings...), b.schemas.problems...)
	SortByID(api.Operations)
	return api, nil
}

type builder struct {
	refs     *refs.Resolver
	ex       *examples.Synthesizer
	ov       Overrides
	warnings Problems // examples cut at their budget
	schemas  *SchemaSet
}

// example picks the example of a parameter or media type object o,
// noting when it was cut: at the operation's pointer and then tokens, or
// the parameter called param. (The note's text is made only then.)
func (b *builder) example(o *ecma.Object, stack *refs.Stack, opPointer, param string, tokens ...string) Example {
	var e Example
	e.Value, e.Present = b.ex.For(o, stack)
	if b.ex.Capped() {
		at := opPointer + refs.Pointer(tokens...)[1:]
		message := "the example is cut short"
		if param != "" {
			at, message = opPointer, "the example of parameter "+ErrorText(param)+" is cut short"
		}
		b.warnings = append(b.warnings, Problem{Severity: Warning, Pointer: at, Message: fmt.Sprintf(
			"%s: a synthesised example holds at most %d values, all examples together %d", message, examples.MaxValues, examples.MaxTotalValues)})
	}
	return e
}

func (b *builder) operation(method, path, pointer string, o *ecma.Object, itemParams []ecma.Value, stack *refs.Stack, security []ecma.Value) (*Operation, Problems) {
	key := method + " " + path
	op := &Operation{Method: method, Path: path, Pointer: pointer}
	op.ID, _ = o.String("operationId")
	if op.ID == "" {
		op.ID = b.ov.OperationIDs[key]
	}
	if op.ID == "" {
		op.ID = InferOperationID(method, path)
	}
	op.Summary, _ = o.String("summary")
	op.Description, _ = o.String("description")
	op.Deprecated, _ = mustBool(o.Get("deprecated"))
	tags, _ := o.Array("tags")
	op.Tags = make([]string, 0, len(tags))
	for _, t := range tags {
		if s, ok := t.(string); ok {
			op.Tags = append(op.Tags, s)
		}
	}
	if s, ok := b.ov.Security[key]; ok {
		op.Security = s
	} else {
		op.Security = make([][]string, 0, len(security))
		for _, req := range security {
			req, _ := b.refs.Deref(req, stack)
			names := append([]string{}, objectKeys(req)...)
			op.Security = append(op.Security, names)
		}
	}

	var problems Problems
	opParams, _ := o.Array("parameters")
	index := map[string]int{}
	for n, list := range [][]ecma.Value{itemParams, opParams} {
		for i, pv := range list {
			at := pointer + "/parameters/" + strconv.Itoa(i)
			if n == 0 {
				at = pointer[:strings.LastIndexByte(pointer, '/')] + "/parameters/" + strconv.Itoa(i)
			}
			p, err := b.parameter(pv, stack, pointer, at)
			if err != nil {
				problems = append(problems, Problem{Severity: Error, Pointer: at, Operation: op.Where(), Message: err.Error()})
				continue
			}
			k := p.In + "\x00" + p.Name
			if i, ok := index[k]; ok {
				op.Parameters[i] = p
				continue
			}
			index[k] = len(op.Parameters)
			op.Parameters = append(op.Parameters, p)
		}
	}

	if rbv, ok := o.Get("requestBody"); ok {
		rbv, rbStack := b.refs.Deref(rbv, stack)
		rb, _ := rbv.(*ecma.Object)
		op.RequestBodyRequired, _ = mustBool(rb.Get("required"))
		content, _ := rb.Object("content")
		for i := range content.Len() {
			mt, v := content.At(i)
			v, mtStack := b.refs.Deref(v, rbStack)
			mo, _ := v.(*ecma.Object)
			e := &MediaExample{MediaType: mt}
			e.Example = b.example(mo, mtStack, pointer, "", "requestBody", "content", mt)
			e.Schema = b.schema(mo, mtStack, &where{ref: pointer}, "requestBody", "content", mt)
			e.Encoding = b.encoding(mo, mtStack)
			op.RequestExamples = append(op.RequestExamples, e)
		}
	}

	responses, _ := o.Object("responses")
	statuses := append([]string(nil), responses.Keys()...)
	SortStatuses(statuses)
	for _, status := range statuses {
		v, _ := responses.Get(status)
		v, rStack := b.refs.Deref(v, stack)
		ro, _ := v.(*ecma.Object)
		desc, _ := ro.String("description")
		headers := b.headers(ro, rStack, (&where{ref: pointer}).in("responses", status))
		content, _ := ro.Object("content")
		if content.Len() == 0 {
			op.Responses = append(op.Responses, &Response{
				Status: status, MediaType: "none", Description: desc,
				Example: Example{Value: nil, Present: true}, Headers: headers,
			})
			continue
		}
		for i := range content.Len() {
			mt, v := content.At(i)
			v, mtStack := b.refs.Deref(v, rStack)
			mo, _ := v.(*ecma.Object)
			resp := &Response{Status: status, MediaType: mt, Description: desc, HasContent: true, Headers: headers}
			resp.Example = b.example(mo, mtStack, pointer, "", "responses", status, "content", mt)
			resp.Schema = b.schema(mo, mtStack, &where{ref: pointer}, "responses", status, "content", mt)
			op.Responses = append(op.Responses, resp)
		}
	}
	return op, problems
}

// parameter reads the parameter v found at pointer at.
func (b *builder) parameter(v ecma.Value, stack *refs.Stack, opPointer, at string) (*Parameter, error) {
	v, stack = b.refs.Deref(v, stack)
	o, ok := v.(*ecma.Object)
	if !ok {
		return nil, fmt.Errorf("a parameter must be an object, found %s", describe(v))
	}
	p := &Parameter{}
	p.Name, _ = o.String("name")
	p.In, _ = o.String("in")
	if p.Name == "" || p.In == "" {
		return nil, fmt.Errorf("a parameter needs a name and an in, found %s", ErrorText(ecma.MarshalString(o, false)))
	}
	p.Required, _ = mustBool(o.Get("required"))
	p.Description, _ = o.String("description")
	p.Example = b.example(o, stack, opPointer, p.Name)
	p.Schema = b.schema(o, stack, &where{ref: at})
	p.Style, p.Explode = DefaultStyle(p.In)
	if s, ok := o.String("style"); ok && s != "" {
		p.Style, p.Explode = s, s == "form"
	}
	if e, ok := mustBool(o.Get("explode")); ok {
		p.Explode = e
	}
	p.AllowReserved, _ = mustBool(o.Get("allowReserved"))
	if content, ok := o.Object("content"); ok && content.Len() > 0 {
		p.ContentType, _ = content.At(0)
	}
	return p, nil
}

// encoding reads the encoding map of a media type object, defaults
// resolved: style form, explode when the style is form.
func (b *builder) encoding(mo *ecma.Object, stack *refs.Stack) map[string]*Encoding {
	encs, _ := mo.Object("encoding")
	if encs.Len() == 0 {
		return nil
	}
	out := make(map[string]*Encoding, encs.Len())
	for i := range encs.Len() {
		name, v := encs.At(i)
		v, _ = b.refs.Deref(v, stack)
		o, _ := v.(*ecma.Object)
		enc := DefaultEncoding
		enc.ContentType, _ = o.String("contentType")
		if s, ok := o.String("style"); ok && s != "" {
			enc.Style, enc.Explode, enc.Styled = s, s == "form", true
		}
		if e, ok := mustBool(o.Get("explode")); ok {
			enc.Explode, enc.Styled = e, true
		}
		if r, ok := mustBool(o.Get("allowReserved")); ok {
			enc.AllowReserved, enc.Styled = r, true
		}
		out[name] = &enc
	}
	return out
}

// schema returns the typed "schema" of a parameter or media type object
// o found at w and tokens, with its top-level reference followed (and
// its siblings laid over the target); nil when it has none.
func (b *builder) schema(o *ecma.Object, stack *refs.Stack, w *where, tokens ...string) *Schema {
	s, ok := o.Get("schema")
	if !ok {
		return nil
	}
	s, _ = b.refs.Deref(s, stack)
	for i := 0; i < len(tokens); i += 2 {
		w = w.in(tokens[i:min(i+2, len(tokens))]...)
	}
	return b.schemas.sub(s, w.in("schema"))
}

// headers reads the headers of a response object, in spec order.
func (b *builder) headers(ro *ecma.Object, stack *refs.Stack, w *where) []*Header {
	headers, _ := ro.Object("headers")
	var out []*Header
	for i := range headers.Len() {
		name, hv := headers.At(i)
		hv, _ = b.refs.Deref(hv, stack)
		ho, ok := hv.(*ecma.Object)
		if !ok {
			continue
		}
		h := &Header{Name: name}
		h.Description, _ = ho.String("description")
		h.Required = boolKey(ho, "required")
		h.Deprecated = boolKey(ho, "deprecated")
		// A header's schema is typed as written, its reference not
		// followed: the site's header rows link the component named.
		if sv, ok := ho.Get("schema"); ok {
			h.Schema = b.schemas.sub(sv, w.in("headers", name).in("schema"))
		}
		h.Example.Value, h.Example.Present = ho.Get("example")
		out = append(out, h)
	}
	return out
}

func mustBool(v ecma.Value, _ bool) (bool, bool) {
	b, ok := v.(bool)
	return b, ok
}

func objectKeys(v ecma.Value) []string {
	o, _ := v.(*ecma.Object)
	return o.Keys()
}

func describe(v ecma.Value) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []ecma.Value:
		return "an array"
	}
	return "an object"
}

// InferOperationID names an operation that has no operationId: a verb for
// the method, then the path's segments with braces spelled "By", split on
// anything but ASCII letters and digits, each piece capitalised.
func InferOperationID(method, path string) string {
	verb := map[string]string{"get": "get", "post": "create", "put": "update", "patch": "patch", "delete": "delete"}[method]
	if verb == "" {
		verb = "call"
	}
	var segs []string
	for _, s := range strings.Split(path, "/") {
		if s != "" {
			segs = append(segs, strings.NewReplacer("{", "By", "}", "By").Replace(s))
		}
	}
	joined := strings.Join(segs, "-")
	var b strings.Builder
	b.WriteString(verb)
	for _, piece := range strings.FieldsFunc(joined, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(piece[:1]) + piece[1:])
	}
	return b.String()
}

// SortByID sorts operations by ID with localeCompare.
func SortByID(ops []*Operation) {
	sort.SliceStable(ops, func(i, j int) bool { return ecma.LocaleCompare(ops[i].ID, ops[j].ID) < 0 })
}

// SortStatuses orders response keys: numeric codes ascending, then the
// other keys (default, 2XX, …) by localeCompare.
func SortStatuses(statuses []string) {
	numeric := func(s string) (float64, bool) {
		if s == "" {
			return 0, false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
		}
		f, _ := strconv.ParseFloat(s, 64)
		return f, true
	}
	sort.SliceStable(statuses, func(i, j int) bool {
		a, aNum := numeric(statuses[i])
		b, bNum := numeric(statuses[j])
		switch {
		case aNum && bNum:
			return a < b
		case aNum != bNum:
			return aNum
		}
		return ecma.LocaleCompare(statuses[i], statuses[j]) < 0
	})
}

// validate checks the published format's rules (FORMAT.md §2) and sets
// each operation's FileName: unique operationIds, a portable file name of
// each, an entry for a required request body, a success and an error
// response. Under ov.Strict each broken rule is an error; otherwise it is a
// warning, 2XX and 3XX count as success, 4XX and 5XX as errors, and file
// names are made portable and unique.
func validate(ops []*Operation, ov Overrides) Problems {
	var problems Problems
	rule := Warning
	if ov.Strict {
		rule = Error
	}
	report := func(s Severity, op *Operation, at, format string, args ...any) {
		problems = append(problems, Problem{Severity: s, Pointer: op.Pointer + at, Operation: op.Where(), Message: fmt.Sprintf(format, args...)})
	}

	first := map[string]*Operation{}
	duplicate := map[*Operation]bool{}
	for _, op := range ops {
		if f, ok := first[op.ID]; ok {
			duplicate[op] = true
			report(rule, op, "", "the operationId is also that of %s %s; every operationId must be unique", strings.ToUpper(f.Method), ErrorText(f.Path))
			continue
		}
		first[op.ID] = op
	}

	// File names are judged as a case-insensitive file system and Windows
	// see them: compared without case, the index's README.md counts as
	// taken, and reserved device names and trailing dots are refused. Two
	// operations that would share a file are an error naming both; or, when
	// asked or not strict, the first in spec order keeps the name and the
	// others get the first free "_2", "_3", … suffix (a reserved name gets
	// "_" after its device name, a trailing dot becomes "_").
	byFile := map[string]*Operation{"readme": {ID: "the index README.md"}}
	var clashing []*Operation
	clashesWith := map[*Operation]*Operation{}
	for _, op := range ops {
		name, err := SafeFileName(op.ID)
		if err != nil {
			if ov.Strict {
				report(Error, op, "", "%v", err)
				continue
			}
			name = strings.Repeat("_", max(1, len(op.ID)))
			report(Warning, op, "", "%v; its files are named %s", err, name)
		}
		// The longest file made from a name is the site's <name>.html;
		// a shortened name keeps room for a suffix.
		if n := len(name) + len(".html"); n > MaxFileNameBytes {
			if ov.Strict {
				report(Error, op, "", "the file name %s.html would be %d bytes, over the %d bytes file systems allow; give the operation a shorter operationId",
					ErrorText(name[:32]+"…"), n, MaxFileNameBytes)
				continue
			}
			name = name[:MaxFileNameBytes-len(".html")-10]
			report(Warning, op, "", "the file name %s.html would be %d bytes, over the %d bytes file systems allow; its files are named after its first %d bytes",
				ErrorText(name[:32]+"…"), n, MaxFileNameBytes, len(name))
		}
		if problem := unportable(name); problem != "" {
			switch {
			case ov.SuffixFileNameClashes:
			case ov.Strict:
				report(Error, op, "", "the file name %q %s on Windows; rename the operation, or set fileNameClashes: suffix", name, problem)
				continue
			default:
				report(Warning, op, "", "the file name %q %s on Windows; its files are named %q", name, problem, portable(name))
			}
			name = portable(name)
		}
		op.FileName = name
		other, taken := byFile[strings.ToLower(name)]
		switch {
		case !taken:
			byFile[strings.ToLower(name)] = op
		case duplicate[op] || ov.SuffixFileNameClashes:
			clashing = append(clashing, op)
		case ov.Strict && other.Method == "":
			report(Error, op, "", "the file name %q clashes with %s on case-insensitive file systems; rename the operation, or set fileNameClashes: suffix", name, other.ID)
		case ov.Strict:
			report(Error, op, "", "the file name %q is also that of %s on case-insensitive file systems; rename one of them, or set fileNameClashes: suffix", name, other.Where())
		default:
			clashing = append(clashing, op)
			clashesWith[op] = other
		}
	}
	for _, op := range clashing {
		name := op.FileName
		for n := 2; ; n++ {
			if next := fmt.Sprintf("%s_%d", name, n); byFile[strings.ToLower(next)] == nil {
				op.FileName = next
				byFile[strings.ToLower(next)] = op
				break
			}
		}
		if other := clashesWith[op]; other != nil {
			what := other.Where()
			if other.Method == "" {
				what = other.ID
			}
			report(Warning, op, "", "the file name %q is also that of %s on case-insensitive file systems; its files are named %q", name, what, op.FileName)
		}
	}
	for _, op := range ops {
		if n := len(op.FileName) + len(".html"); op.FileName != "" && n > MaxFileNameBytes {
			report(Error, op, "", "the file name %s.html would be %d bytes, over the %d bytes file systems allow; give the operation a shorter operationId",
				ErrorText(op.FileName[:32]+"…"), n, MaxFileNameBytes)
		}
	}

	success, failure := (*Response).IsSuccess, (*Response).IsError
	successText, errorText := "2xx or 3xx", "4xx, 5xx or default"
	if !ov.Strict {
		success, failure = (*Response).InSuccessClass, (*Response).InErrorClass
		successText, errorText = "2xx, 3xx, 2XX or 3XX", "4xx, 5xx, 4XX, 5XX or default"
	}
	for _, op := range ops {
		// A media type whose example is none is still an entry: its page
		// shows an empty code block (FORMAT.md §2).
		if op.RequestBodyRequired && len(op.RequestExamples) == 0 {
			report(rule, op, "/requestBody", "the request body is required but has no media type under content, so no request example; add one")
		}
		if len(op.filter(success)) == 0 {
			report(rule, op, "/responses", "no success response (%s); document at least one", successText)
		}
		if len(op.filter(failure)) == 0 {
			report(rule, op, "/responses", "no error response (%s)", errorText)
		}
	}
	return problems
}

// MaxFileNameBytes is the longest file name (one path element) common
// file systems accept.
const MaxFileNameBytes = 255

// windowsDevices are the names Windows reserves in every folder, with or
// without an extension.
var windowsDevices = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

func init() {
	for i := '1'; i <= '9'; i++ {
		windowsDevices["com"+string(i)] = true
		windowsDevices["lpt"+string(i)] = true
	}
}

// unportable says why a safe file name cannot be used on every file system,
// or "" when it can.
func unportable(name string) string {
	base, _, _ := strings.Cut(name, ".")
	switch {
	case windowsDevices[strings.ToLower(base)]:
		return "is a reserved device name"
	case strings.HasSuffix(name, "."):
		return "ends in a dot, which is dropped"
	}
	return ""
}

// portable makes an unportable name portable: "_" after a device name,
// trailing dots replaced.
func portable(name string) string {
	base, ext, dot := strings.Cut(name, ".")
	if windowsDevices[strings.ToLower(base)] {
		name = base + "_"
		if dot {
			name += "." + ext
		}
	}
	trimmed := strings.TrimRight(name, ".")
	return trimmed + strings.Repeat("_", len(name)-len(trimmed))
}

// SafeFileName makes an operation ID safe as a file name: characters other
// than ASCII letters, digits, '.', '_' and '-' become '_'. Names that are
// then empty, "." or ".." are refused.
func SafeFileName(id string) (string, error) {
	var b strings.Builder
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" || name == "." || name == ".." {
		return "", errors.New("the operationId cannot be made into a safe file name; give the operation another operationId")
	}
	return name, nil
}
