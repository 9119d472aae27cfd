package golang

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// kind is the shape of a Go type the client uses.
type kind int

const (
	kScalar kind = iota // builtin: string, int64, float64, bool
	kTime               // time.Time
	kRaw                // json.RawMessage: any JSON value
	kAnyMap             // map[string]any
	kSlice              // []elem
	kMap                // map[string]elem
	kReader             // io.Reader (multipart file parts)
	kNamed              // a declared type (decl)
)

// goType is a Go type of the generated package.
type goType struct {
	kind    kind
	builtin string
	elem    *goType
	decl    *decl
}

var (
	tString  = &goType{kind: kScalar, builtin: "string"}
	tInt     = &goType{kind: kScalar, builtin: "int64"}
	tFloat   = &goType{kind: kScalar, builtin: "float64"}
	tBool    = &goType{kind: kScalar, builtin: "bool"}
	tTime    = &goType{kind: kTime}
	tRaw     = &goType{kind: kRaw}
	tAnyMap  = &goType{kind: kAnyMap}
	tReader  = &goType{kind: kReader}
	tUnknown = tRaw
)

// code renders t; qual qualifies the package's own names (jen.Id inside
// the package, jen.Qual outside).
func (t *goType) code(qual func(string) *jen.Statement) *jen.Statement {
	switch t.kind {
	case kScalar:
		return jen.Id(t.builtin)
	case kTime:
		return jen.Qual("time", "Time")
	case kRaw:
		return jen.Qual("encoding/json", "RawMessage")
	case kAnyMap:
		return jen.Map(jen.String()).Any()
	case kSlice:
		return jen.Index().Add(t.elem.code(qual))
	case kMap:
		return jen.Map(jen.String()).Add(t.elem.code(qual))
	case kReader:
		return jen.Qual("io", "Reader")
	}
	return qual(t.decl.name)
}

// key identifies t structurally, for collapsing union variants.
func (t *goType) key() string {
	switch t.kind {
	case kScalar:
		return t.builtin
	case kSlice:
		return "[]" + t.elem.key()
	case kMap:
		return "map[string]" + t.elem.key()
	case kNamed:
		return "decl:" + t.decl.name
	}
	return fmt.Sprint("kind", int(t.kind))
}

// collection reports whether t's zero value is nil and JSON null decodes
// to it, so that omitzero works without Opt: slices, maps, raw JSON.
func (t *goType) collection() bool {
	switch t.kind {
	case kSlice, kMap, kAnyMap, kRaw, kReader:
		return true
	case kNamed:
		return t.decl.kind == dSlice || t.decl.kind == dMap || t.decl.kind == dAlias && t.decl.alias.collection()
	}
	return false
}

// selfNull reports whether t keeps a JSON null itself (raw JSON, unions).
func (t *goType) selfNull() bool {
	switch t.kind {
	case kRaw:
		return true
	case kNamed:
		return t.decl.kind == dUnion || t.decl.kind == dAlias && t.decl.alias.selfNull()
	}
	return false
}

// declKind is what a declaration declares.
type declKind int

const (
	dStruct declKind = iota
	dEnum
	dUnion
	dSlice // type X []T
	dMap   // type X map[string]T
	dAlias // type X = T
)

// decl is one declared type.
type decl struct {
	name   string
	kind   declKind
	schema *model.Schema
	// origin says where the type comes from, for its doc comment.
	origin string
	doc    string

	fields    []*field    // dStruct
	enumBase  *goType     // dEnum
	consts    []enumConst // dEnum
	variants  []variant   // dUnion
	alias     *goType     // dAlias, dSlice and dMap element
	multipart bool        // dStruct used as a multipart body
	params    bool        // dStruct of call parameters: no JSON tags
}

// wrap is how a struct field holds its type.
type wrap int

const (
	wPlain wrap = iota
	wOpt        // Opt[T]
	wPtr        // *T, to break a cycle
)

type field struct {
	name, json string
	typ        *goType
	wrap       wrap
	required   bool
	nullable   bool
	omit       bool
	doc        string
	deprecated bool
}

type enumConst struct {
	name  string
	value ecma.Value
}

type variant struct {
	typ         *goType
	accessor    string // method As<accessor>
	constructor string // function <Type>From<accessor>
}

// types turns schemas into declarations.
type types struct {
	names *registry
	set   *model.SchemaSet
	// memo maps a schema (not a reference) to its type.
	memo    map[*model.Schema]*goType
	merged  map[*model.Schema]*model.Schema
	merging map[*model.Schema]bool
	// mergedFields counts the properties of every merged allOf, to stop
	// merging past MaxFields.
	mergedFields int
	inProgress   map[*model.Schema]bool
	compNames    map[*model.Schema]string
	decls        []*decl
	multipart    bool // building a multipart body: binary strings are io.Reader
	// multipartBody: the next struct declared is the multipart body itself,
	// written by form field names; the structs inside it are JSON (a part
	// holding an object holds its JSON).
	multipartBody bool
}

func newTypes(set *model.SchemaSet, names *registry) *types {
	t := &types{
		names: names, set: set,
		memo: map[*model.Schema]*goType{}, merged: map[*model.Schema]*model.Schema{}, merging: map[*model.Schema]bool{},
		inProgress: map[*model.Schema]bool{}, compNames: map[*model.Schema]string{},
	}
	for _, c := range set.Components {
		t.compNames[c] = names.claim(exported(c.Name))
	}
	return t
}

func (g *types) declare(d *decl) *goType {
	g.decls = append(g.decls, d)
	return &goType{kind: kNamed, decl: d}
}

// of returns the type of s and whether s (or a reference on the way) is
// nullable. hint names an inline type declared for s.
func (g *types) of(s *model.Schema, hint, origin string) (*goType, bool) {
	if s == nil {
		return tUnknown, false
	}
	nullable := s.Nullable
	for hops := 0; s.Ref != nil; hops++ {
		if hops > 64 {
			return tUnknown, true
		}
		s = s.Ref
		nullable = nullable || s.Nullable
	}
	if t, ok := g.memo[s]; ok {
		return t, nullable
	}
	if g.inProgress[s] {
		// A reference cycle through types that declare nothing.
		return tUnknown, nullable
	}
	name := func() string {
		if n, ok := g.compNames[s]; ok {
			return n
		}
		return g.names.claim(exported(hint))
	}
	if s.Name != "" {
		origin = "the component schema " + s.Name
	}
	// A oneOf/anyOf: a union, or one type when all variants are the same.
	if alts := append(append([]*model.Schema(nil), s.OneOf...), s.AnyOf...); len(alts) > 0 {
		return g.union(s, alts, hint, origin, name, nullable)
	}
	if len(s.AllOf) > 0 {
		if len(s.AllOf) == 1 && len(s.Properties) == 0 && (s.Type == "" || s.Type == "object") && s.Name == "" {
			t, n := g.of(s.AllOf[0], hint, origin)
			return t, n || nullable
		}
		m := g.merge(s)
		if m == nil {
			return g.alias(s, tRaw, name, origin), nullable
		}
		if len(s.AllOf) == 1 && len(s.Properties) == 0 && (s.Type == "" || s.Type == "object") {
			// A named alias of another schema.
			g.inProgress[s] = true
			t, n := g.of(s.AllOf[0], hint, origin)
			delete(g.inProgress, s)
			return g.alias(s, t, name, origin), n || nullable
		}
		return g.object(s, m, name, origin), nullable
	}
	if len(s.Enum) > 0 {
		if t := g.enum(s, name, origin); t != nil {
			return t, nullable
		}
	}
	switch {
	case s.Type == "object" || s.Type == "" && (len(s.Properties) > 0 || s.AdditionalAllowed):
		return g.object(s, s, name, origin), nullable
	case s.Type == "array":
		if s.Name != "" {
			d := &decl{name: name(), kind: dSlice, schema: s, origin: origin, doc: s.Doc()}
			t := g.declare(d)
			g.memo[s] = t
			d.alias, _ = g.of(s.Items, d.name+"Item", "an item of "+d.name)
			return t, nullable
		}
		g.inProgress[s] = true
		elem, _ := g.of(s.Items, hint+"Item", "an item of "+origin)
		delete(g.inProgress, s)
		return &goType{kind: kSlice, elem: elem}, nullable
	}
	return g.alias(s, g.scalar(s), name, origin), nullable
}

func (g *types) scalar(s *model.Schema) *goType {
	switch s.Type {
	case "string":
		switch s.Format {
		case "date-time":
			return tTime
		case "binary":
			if g.multipart {
				return tReader
			}
		}
		return tString
	case "integer":
		return tInt
	case "number":
		return tFloat
	case "boolean":
		return tBool
	}
	return tRaw
}

// alias gives a component schema that declares nothing its own name.
func (g *types) alias(s *model.Schema, t *goType, name func() string, origin string) *goType {
	if s.Name == "" {
		return t
	}
	if mt, ok := g.memo[s]; ok {
		return mt
	}
	d := &decl{name: name(), kind: dAlias, schema: s, origin: origin, doc: s.Doc(), alias: t}
	nt := g.declare(d)
	g.memo[s] = nt
	return nt
}

// object declares a struct for m (s itself, or its merged allOf), or
// returns a map type when it has no properties.
func (g *types) object(s, m *model.Schema, name func() string, origin string) *goType {
	if len(m.Properties) == 0 {
		var t *goType
		if m.AdditionalProperties != nil {
			if s.Name != "" {
				d := &decl{name: name(), kind: dMap, schema: s, origin: origin, doc: s.Doc()}
				nt := g.declare(d)
				g.memo[s] = nt
				d.alias, _ = g.of(m.AdditionalProperties, d.name+"Value", "a value of "+d.name)
				return nt
			}
			g.inProgress[s] = true
			elem, _ := g.of(m.AdditionalProperties, name()+"Value", "a value of "+origin)
			delete(g.inProgress, s)
			t = &goType{kind: kMap, elem: elem}
		} else {
			t = tAnyMap
		}
		return g.alias(s, t, name, origin)
	}
	d := &decl{name: name(), kind: dStruct, schema: s, origin: origin, doc: s.Doc(), multipart: g.multipartBody}
	g.multipartBody = false
	t := g.declare(d)
	g.memo[s] = t
	fields := newRegistry()
	for _, p := range m.Properties {
		ft, nullable := g.of(p.Schema, d.name+exported(p.Name), "the "+p.Name+" property of "+d.name)
		f := &field{name: fields.claim(exported(p.Name)), json: p.Name, typ: ft, required: p.Required, nullable: nullable}
		f.doc = p.Schema.Doc()
		if f.doc == "" {
			if r, _ := p.Schema.Resolved(); r != nil {
				f.doc = r.Doc()
			}
		}
		f.deprecated = p.Schema.Deprecated
		switch {
		case ft.selfNull():
			f.omit = !p.Required
		case p.Required && !nullable:
		case ft.collection() && (p.Required || !nullable):
			f.omit = !p.Required
		default:
			f.wrap, f.omit = wOpt, !p.Required
		}
		d.fields = append(d.fields, f)
	}
	return t
}

// merge combines an allOf into one object schema, or returns nil when a
// part is not an object. Each schema is merged once (merged memoizes it),
// so that parts shared by many allOfs, or one part listed twice at every
// level, cost their size once rather than once per path to them. A part
// whose merge is under way (an allOf cycle) adds nothing.
func (g *types) merge(s *model.Schema) *model.Schema {
	if m, ok := g.merged[s]; ok {
		return m
	}
	if g.merging[s] || g.mergedFields > MaxFields {
		// An allOf cycle, or past the limit New refuses at: add nothing.
		return &model.Schema{Type: "object"}
	}
	g.merging[s] = true
	defer delete(g.merging, s)
	m := &model.Schema{Type: "object", Description: s.Description, Title: s.Title}
	index := map[string]int{}
	ok := true
	// add lays the properties of x (one merged part, or s's own) over m:
	// a name met again keeps its place, takes the later schema and is
	// required when either is.
	add := func(x *model.Schema) {
		for _, p := range x.Properties {
			if i, seen := index[p.Name]; seen {
				req := m.Properties[i].Required || p.Required
				m.Properties[i] = &model.Property{Name: p.Name, Required: req, Schema: p.Schema}
				continue
			}
			index[p.Name] = len(m.Properties)
			m.Properties = append(m.Properties, &model.Property{Name: p.Name, Required: p.Required, Schema: p.Schema})
		}
		if x.AdditionalProperties != nil {
			m.AdditionalProperties = x.AdditionalProperties
		}
		m.AdditionalAllowed = m.AdditionalAllowed || x.AdditionalAllowed
	}
	objectPart := func(x *model.Schema) bool {
		return !(x.Type != "" && x.Type != "object" || len(x.OneOf)+len(x.AnyOf) > 0 || len(x.Enum) > 0)
	}
	for _, p := range s.AllOf {
		x, _ := p.Resolved()
		if x == nil {
			continue
		}
		if !objectPart(x) {
			ok = false
			break
		}
		if len(x.AllOf) > 0 {
			sub := g.merge(x)
			if sub == nil {
				ok = false
				break
			}
			if g.mergedFields > MaxFields {
				return &model.Schema{Type: "object"}
			}
			add(sub)
			continue
		}
		add(x)
	}
	if ok && objectPart(s) {
		own := *s
		own.AllOf = nil
		add(&own)
	} else {
		ok = false
	}
	if !ok {
		m = nil
	} else {
		g.mergedFields += len(m.Properties)
	}
	g.merged[s] = m
	return m
}

// enum declares a named type with constants, or returns nil when the
// values do not fit one Go type.
func (g *types) enum(s *model.Schema, name func() string, origin string) *goType {
	var base *goType
	switch {
	case (s.Type == "string" || s.Type == "") && allStrings(s.Enum):
		base = tString
	case (s.Type == "integer" || s.Type == "number" || s.Type == "") && allIntegers(s.Enum):
		base = tInt
		if s.Type == "number" {
			base = tFloat
		}
	default:
		return nil
	}
	d := &decl{name: name(), kind: dEnum, schema: s, origin: origin, doc: s.Doc(), enumBase: base}
	t := g.declare(d)
	g.memo[s] = t
	seen := map[string]bool{}
	for _, v := range s.Enum {
		key := ecma.MarshalString(v, false)
		if seen[key] {
			continue
		}
		seen[key] = true
		var suffix string
		switch x := v.(type) {
		case string:
			suffix = exported(x)
			if x == "" {
				suffix = "Empty"
			}
		case float64:
			suffix = strings.ReplaceAll(strings.ReplaceAll(ecma.FormatNumber(x), "-", "Minus"), ".", "_")
			if strings.HasPrefix(suffix, "Minus") {
				suffix = "Minus" + strings.TrimPrefix(suffix, "Minus")
			}
		}
		d.consts = append(d.consts, enumConst{name: g.names.claim(d.name + suffix), value: v})
	}
	return t
}

func allStrings(vs []ecma.Value) bool {
	for _, v := range vs {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

func allIntegers(vs []ecma.Value) bool {
	for _, v := range vs {
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return false
		}
	}
	return true
}

// union declares a type keeping the raw JSON of a oneOf/anyOf, with an
// accessor and a constructor per variant; variants of one Go type
// collapse into that type.
func (g *types) union(s *model.Schema, alts []*model.Schema, hint, origin string, name func() string, nullable bool) (*goType, bool) {
	g.inProgress[s] = true
	var vts []*goType
	titles := map[*goType]string{} // an inline variant's title names it
	seen := map[string]bool{}
	for i, a := range alts {
		if r, _ := a.Resolved(); r != nil && r.Type == "null" {
			nullable = true
			continue
		}
		title := ""
		if t := strings.TrimSpace(a.Title); a.Ref == nil && t != "" && len(t) <= 60 {
			title = exported(t)
		}
		variantHint := hint + "Option" + strconv.Itoa(i+1)
		if title != "" {
			variantHint = hint + title
		}
		vt, n := g.of(a, variantHint, "variant "+strconv.Itoa(i+1)+" of "+origin)
		nullable = nullable || n
		if seen[vt.key()] {
			continue
		}
		seen[vt.key()] = true
		vts = append(vts, vt)
		if title != "" {
			titles[vt] = title
		}
	}
	delete(g.inProgress, s)
	if mt, ok := g.memo[s]; ok {
		return mt, nullable
	}
	if len(vts) == 1 {
		return g.alias(s, vts[0], name, origin), nullable
	}
	if len(vts) == 0 {
		return g.alias(s, tRaw, name, origin), nullable
	}
	d := &decl{name: name(), kind: dUnion, schema: s, origin: origin, doc: s.Doc()}
	t := g.declare(d)
	g.memo[s] = t
	methods := newRegistry("Raw", "IsZero", "MarshalJSON", "UnmarshalJSON")
	for _, vt := range vts {
		acc := titles[vt]
		if acc == "" {
			acc = accessorName(vt)
		}
		acc = methods.claim(acc)
		d.variants = append(d.variants, variant{typ: vt, accessor: acc, constructor: g.names.claim(d.name + "From" + acc)})
	}
	return t, nullable
}

func accessorName(t *goType) string {
	switch t.kind {
	case kScalar:
		return map[string]string{"string": "String", "int64": "Int", "float64": "Float", "bool": "Bool"}[t.builtin]
	case kTime:
		return "Time"
	case kRaw:
		return "JSON"
	case kAnyMap, kMap:
		return "Object"
	case kSlice:
		return "Array"
	case kReader:
		return "Reader"
	}
	return t.decl.name
}
