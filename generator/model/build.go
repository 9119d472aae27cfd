package model

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/agentmc/agentmc-gen/generator/examples"
	"github.com/agentmc/agentmc-gen/generator/jsontext"
	"github.com/agentmc/agentmc-gen/generator/openapi"
	"github.com/agentmc/agentmc-gen/generator/refs"
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
}

// Build derives the model from a normalised document. Errors name the
// operation (or JSON pointer) they concern.
func Build(root *jsontext.Object, ov Overrides) (*API, error) {
	r := refs.New(root)
	if err := r.Check(); err != nil {
		return nil, err
	}
	b := &builder{refs: r, ex: examples.New(r), ov: ov}
	api := &API{Spec: root}
	api.OpenAPI, _ = root.String("openapi")
	if info, ok := root.Object("info"); ok {
		api.Title, _ = info.String("title")
		api.Version, _ = info.String("version")
	}
	if components, ok := root.Object("components"); ok {
		schemes, _ := components.Object("securitySchemes")
		for i := range schemes.Len() {
			name, v := schemes.At(i)
			v, _ = r.Deref(v, nil)
			s, _ := v.(*jsontext.Object)
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
		return nil, fmt.Errorf("#/paths: must be an object, found %s", describe(v))
	}
	for i := range paths.Len() {
		path, v := paths.At(i)
		if strings.HasPrefix(path, "x-") {
			continue // a specification extension, not a path
		}
		itemPointer := refs.Pointer("paths", path)
		v, itemStack := r.Deref(v, nil)
		item, ok := v.(*jsontext.Object)
		if !ok {
			return nil, fmt.Errorf("%s: a path item must be an object, found %s", itemPointer, describe(v))
		}
		itemParams, _ := item.Array("parameters")
		for j := range item.Len() {
			method, v := item.At(j)
			if !openapi.IsMethod(method) {
				continue
			}
			pointer := itemPointer + "/" + method
			opObj, ok := v.(*jsontext.Object)
			if !ok {
				return nil, fmt.Errorf("%s: an operation must be an object, found %s", pointer, describe(v))
			}
			security := topSecurity
			if s, ok := opObj.Array("security"); ok {
				security = s
			} else if !hasTopSecurity {
				security = nil
			}
			op, err := b.operation(method, path, pointer, opObj, itemParams, itemStack, security)
			if err != nil {
				return nil, err
			}
			api.Operations = append(api.Operations, op)
		}
	}
	if err := validate(api.Operations, ov.SuffixFileNameClashes); err != nil {
		return nil, err
	}
	SortByID(api.Operations)
	api.Warnings = b.warnings
	return api, nil
}

type builder struct {
	refs     *refs.Resolver
	ex       *examples.Synthesizer
	ov       Overrides
	warnings []string
}

// example picks the example of a parameter or media type object o,
// noting when it was cut: at the operation's pointer and then tokens, or
// the parameter called param. (The note's text is made only then.)
func (b *builder) example(o *jsontext.Object, stack *refs.Stack, opPointer, param string, tokens ...string) Example {
	var e Example
	e.Value, e.Present = b.ex.For(o, stack)
	if b.ex.Capped() {
		where := strconv.Quote(opPointer + refs.Pointer(tokens...)[1:])
		if param != "" {
			where = strconv.Quote(opPointer) + " parameter " + strconv.Quote(param)
		}
		b.warnings = append(b.warnings, fmt.Sprintf("%s: the example is cut short: a synthesised example holds at most %d values, all examples together %d", where, examples.MaxValues, examples.MaxTotalValues))
	}
	return e
}

func (b *builder) operation(method, path, pointer string, o *jsontext.Object, itemParams []jsontext.Value, stack *refs.Stack, security []jsontext.Value) (*Operation, error) {
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

	opParams, _ := o.Array("parameters")
	index := map[string]int{}
	for _, list := range [][]jsontext.Value{itemParams, opParams} {
		for _, pv := range list {
			p, err := b.parameter(pv, stack, pointer)
			if err != nil {
				return nil, fmt.Errorf("operation %s (%s): %v", ErrorText(op.ID), pointer, err)
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
		rb, _ := rbv.(*jsontext.Object)
		op.RequestBodyRequired, _ = mustBool(rb.Get("required"))
		content, _ := rb.Object("content")
		for i := range content.Len() {
			mt, v := content.At(i)
			v, mtStack := b.refs.Deref(v, rbStack)
			mo, _ := v.(*jsontext.Object)
			e := &MediaExample{MediaType: mt}
			e.Example = b.example(mo, mtStack, pointer, "", "requestBody", "content", mt)
			e.Schema = b.schema(mo, mtStack)
			op.RequestExamples = append(op.RequestExamples, e)
		}
	}

	responses, _ := o.Object("responses")
	statuses := append([]string(nil), responses.Keys()...)
	SortStatuses(statuses)
	for _, status := range statuses {
		v, _ := responses.Get(status)
		v, rStack := b.refs.Deref(v, stack)
		ro, _ := v.(*jsontext.Object)
		desc, _ := ro.String("description")
		content, _ := ro.Object("content")
		if content.Len() == 0 {
			op.Responses = append(op.Responses, &Response{
				Status: status, MediaType: "none", Description: desc,
				Example: Example{Value: nil, Present: true},
			})
			continue
		}
		for i := range content.Len() {
			mt, v := content.At(i)
			v, mtStack := b.refs.Deref(v, rStack)
			mo, _ := v.(*jsontext.Object)
			resp := &Response{Status: status, MediaType: mt, Description: desc, HasContent: true}
			resp.Example = b.example(mo, mtStack, pointer, "", "responses", status, "content", mt)
			resp.Schema = b.schema(mo, mtStack)
			op.Responses = append(op.Responses, resp)
		}
	}
	return op, nil
}

func (b *builder) parameter(v jsontext.Value, stack *refs.Stack, opPointer string) (*Parameter, error) {
	v, stack = b.refs.Deref(v, stack)
	o, ok := v.(*jsontext.Object)
	if !ok {
		return nil, fmt.Errorf("a parameter must be an object, found %s", describe(v))
	}
	p := &Parameter{}
	p.Name, _ = o.String("name")
	p.In, _ = o.String("in")
	if p.Name == "" || p.In == "" {
		return nil, fmt.Errorf("a parameter needs a name and an in, found %s", jsontext.MarshalString(o, false))
	}
	p.Required, _ = mustBool(o.Get("required"))
	p.Description, _ = o.String("description")
	p.Example = b.example(o, stack, opPointer, p.Name)
	p.Schema = b.schema(o, stack)
	return p, nil
}

// schema returns the "schema" of a parameter or media type object o, with
// its top-level reference followed; deeper references stay for the reader.
func (b *builder) schema(o *jsontext.Object, stack *refs.Stack) jsontext.Value {
	s, ok := o.Get("schema")
	if !ok {
		return nil
	}
	s, _ = b.refs.Deref(s, stack)
	return s
}

func mustBool(v jsontext.Value, _ bool) (bool, bool) {
	b, ok := v.(bool)
	return b, ok
}

func objectKeys(v jsontext.Value) []string {
	o, _ := v.(*jsontext.Object)
	return o.Keys()
}

func describe(v jsontext.Value) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []jsontext.Value:
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

// collator compares as JavaScript's String.prototype.localeCompare does
// under ICU's root collation. A Collator keeps buffers, so it is shared
// under a lock.
var collator = struct {
	sync.Mutex
	c *collate.Collator
}{c: collate.New(language.Und)}

// Compare compares two strings as localeCompare does.
func Compare(a, b string) int {
	collator.Lock()
	defer collator.Unlock()
	return collator.c.CompareString(a, b)
}

// SortByID sorts operations by ID with localeCompare.
func SortByID(ops []*Operation) {
	sort.SliceStable(ops, func(i, j int) bool { return Compare(ops[i].ID, ops[j].ID) < 0 })
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
		return Compare(statuses[i], statuses[j]) < 0
	})
}

// validate reports the first problem that makes the operations unusable:
// duplicate IDs (all of them), an ID that makes no file name or shares
// one with another operation, a required body with no example, and
// missing success or error responses. It sets each operation's FileName.
func validate(ops []*Operation, suffixClashes bool) error {
	byID := map[string][]*Operation{}
	var ids []string
	for _, op := range ops {
		if len(byID[op.ID]) == 0 {
			ids = append(ids, op.ID)
		}
		byID[op.ID] = append(byID[op.ID], op)
	}
	var dups []string
	for _, id := range ids {
		if list := byID[id]; len(list) > 1 {
			var where []string
			for _, op := range list {
				where = append(where, strings.ToUpper(op.Method)+" "+op.Path)
			}
			dups = append(dups, fmt.Sprintf("%q (%s)", id, strings.Join(where, ", ")))
		}
	}
	if len(dups) > 0 {
		return fmt.Errorf("duplicate operationIds: %s; every operationId must be unique", strings.Join(dups, "; "))
	}
	// File names are judged as a case-insensitive file system and Windows
	// see them: compared without case, the index's README.md counts as
	// taken, and reserved device names and trailing dots are refused. Two
	// operations that would share a file are an error naming both; or,
	// when asked, the first in spec order keeps the name and the others get
	// the first free "_2", "_3", … suffix (a reserved name gets "_" after
	// its device name, a trailing dot becomes "_").
	byFile := map[string]*Operation{"readme": {ID: "the index README.md"}}
	var clashing []*Operation
	for _, op := range ops {
		where := fmt.Sprintf("operation %q (%s %s)", Shorten(op.ID), strings.ToUpper(op.Method), ErrorText(op.Path))
		name, err := SafeFileName(op.ID)
		if err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		if problem := unportable(name); problem != "" {
			if !suffixClashes {
				return fmt.Errorf("%s: the file name %q %s on Windows; rename the operation, or set fileNameClashes: suffix", where, name, problem)
			}
			name = portable(name)
		}
		op.FileName = name
		if other, ok := byFile[strings.ToLower(name)]; ok {
			if !suffixClashes {
				if other.Method == "" {
					return fmt.Errorf("%s: the file name %q clashes with %s on case-insensitive file systems; rename the operation, or set fileNameClashes: suffix", where, name, other.ID)
				}
				return fmt.Errorf("operations %q (%s %s) and %q (%s %s) both map to the file name %q; rename one of them",
					Shorten(other.ID), strings.ToUpper(other.Method), ErrorText(other.Path), Shorten(op.ID), strings.ToUpper(op.Method), ErrorText(op.Path), Shorten(name))
			}
			clashing = append(clashing, op)
			continue
		}
		byFile[strings.ToLower(name)] = op
	}
	for _, op := range clashing {
		for n := 2; ; n++ {
			if name := fmt.Sprintf("%s_%d", op.FileName, n); byFile[strings.ToLower(name)] == nil {
				op.FileName = name
				byFile[strings.ToLower(name)] = op
				break
			}
		}
	}
	// Lengths are checked before anything is written: the longest file
	// made from a name is the site's <name>.html.
	for _, op := range ops {
		if n := len(op.FileName) + len(".html"); n > MaxFileNameBytes {
			return fmt.Errorf("%s: the file name %s.html would be %d bytes, over the %d bytes file systems allow; give the operation a shorter operationId",
				op.Where(), ErrorText(op.FileName[:32]+"…"), n, MaxFileNameBytes)
		}
	}
	for _, op := range ops {
		where := op.Where()
		if op.RequestBodyRequired {
			has := false
			for _, e := range op.RequestExamples {
				has = has || e.Example.Present
			}
			if !has {
				return fmt.Errorf("%s: the request body is required but has no example; add an example, or a schema to synthesise one from", where)
			}
		}
		if len(op.SuccessResponses()) == 0 {
			return fmt.Errorf("%s: no success response (2xx or 3xx); document at least one", where)
		}
		if len(op.ErrorResponses()) == 0 {
			return fmt.Errorf("%s: no error response (4xx, 5xx or default)", where)
		}
	}
	return nil
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
