package model

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/refs"
)

// Schema is a typed view of one JSON schema of the spec, built by Build.
// References are followed: a schema that is a "$ref" has Ref set to the
// schema it names, and every reference to the same target yields the same
// *Schema, so the graph may be cyclic.
type Schema struct {
	// Name is the component name for #/components/schemas/<Name>, else "".
	Name string
	// Ref is the target of a "$ref"; the other fields then hold only the
	// siblings written next to the reference (Nullable, Description, ...).
	Ref *Schema
	// Type is the "type" keyword ("object", "array", "string", "integer",
	// "number", "boolean"), or "" when absent. A list of types keeps its
	// first non-null member, and a "null" member sets Nullable.
	Type   string
	Format string
	// Title and Description are "" when absent.
	Title, Description string
	Nullable           bool
	Deprecated         bool
	ReadOnly           bool
	WriteOnly          bool
	// Enum lists the allowed values; a null member sets Nullable and is left out.
	Enum []ecma.Value
	// Properties in spec order.
	Properties []*Property
	// AdditionalProperties is the schema of additionalProperties when it
	// is a schema; AdditionalAllowed is true for "true" or a schema.
	AdditionalProperties *Schema
	AdditionalAllowed    bool
	// AdditionalForbidden reports "additionalProperties: false".
	AdditionalForbidden bool
	Items               *Schema
	OneOf, AnyOf, AllOf []*Schema
	// Discriminator is discriminator.propertyName, or "".
	Discriminator string
	// Example is the schema's own example.
	Example Example
	// Detail holds the validation keywords, default and mapping.
	Detail SchemaDetail
	// Raw is the schema's JSON as the normalised spec holds it, its
	// references not followed, for readers that walk the JSON itself. The
	// schema of a parameter or media type has its top-level "$ref"
	// followed: Raw is then the target, or a copy of it with the
	// reference's siblings laid over.
	Raw ecma.Value
}

// Property is one member of an object schema's properties.
type Property struct {
	Name     string
	Required bool
	Schema   *Schema
}

// SchemaSet holds the typed schemas of one API, built once by Build: the
// components and every schema the operations reach, each JSON object of
// the spec typed once (by identity), so that the graph may be cyclic. The
// schemas are not changed after Build: emitters may read them from
// several goroutines.
type SchemaSet struct {
	// Components are the schemas of components.schemas, sorted by name.
	Components []*Schema

	refs     *refs.Resolver
	byObject map[*ecma.Object]*Schema
	// problems are the warnings found while typing the schemas.
	problems Problems
}

// Component returns the schema of components.schemas called name, or nil.
func (set *SchemaSet) Component(name string) *Schema {
	i := sort.Search(len(set.Components), func(i int) bool { return set.Components[i].Name >= name })
	if i < len(set.Components) && set.Components[i].Name == name {
		return set.Components[i]
	}
	return nil
}

// newSchemaSet types the component schemas of the document root.
func newSchemaSet(root *ecma.Object, r *refs.Resolver) *SchemaSet {
	set := &SchemaSet{refs: r, byObject: map[*ecma.Object]*Schema{}}
	components, _ := root.Object("components")
	schemas, _ := components.Object("schemas")
	at := (*where)(nil).in("components", "schemas")
	// Register the components first so that references reach them by name.
	for i := range schemas.Len() {
		name, v := schemas.At(i)
		if o, ok := v.(*ecma.Object); ok {
			s := &Schema{Name: name, Raw: o}
			set.byObject[o] = s
			set.Components = append(set.Components, s)
		}
	}
	for i := range schemas.Len() {
		name, v := schemas.At(i)
		if o, ok := v.(*ecma.Object); ok {
			set.fill(set.byObject[o], o, at.in(name))
		}
	}
	sort.SliceStable(set.Components, func(i, j int) bool { return set.Components[i].Name < set.Components[j].Name })
	return set
}

// where is the JSON pointer of a schema being typed: a chain of one or
// two tokens at a time, made into text only when a problem is reported.
type where struct {
	up     *where
	tokens [2]string
	n      int
	// ref is the pointer itself, for the target of a reference.
	ref string
}

// in returns the place of one or two tokens below w.
func (w *where) in(tokens ...string) *where {
	c := &where{up: w, n: len(tokens)}
	copy(c.tokens[:], tokens)
	return c
}

func (w *where) pointer() string {
	if w == nil {
		return "#"
	}
	if w.ref != "" {
		return w.ref
	}
	p := w.up.pointer()
	for _, t := range w.tokens[:w.n] {
		p += "/" + refs.EscapeToken(t)
	}
	return p
}

// of returns the typed schema of v, found at w: the same *Schema for the
// same object, nil for nil.
func (set *SchemaSet) of(v ecma.Value, w *where) *Schema {
	switch t := v.(type) {
	case nil:
		return nil
	case *ecma.Object:
		if s, ok := set.byObject[t]; ok {
			return s
		}
		s := &Schema{Raw: t}
		set.byObject[t] = s
		set.fill(s, t, w)
		return s
	}
	// true accepts anything; false nothing. Both are an empty schema.
	return &Schema{Raw: v}
}

// sub types v, the value of a schema's keyword found at w, warning
// when it is not a schema (an object or a boolean).
func (set *SchemaSet) sub(v ecma.Value, w *where) *Schema {
	switch v.(type) {
	case *ecma.Object, bool:
	default:
		set.problems = append(set.problems, Problem{Severity: Warning, Pointer: w.pointer(),
			Message: "a schema must be an object or a boolean, found " + describe(v) + "; it is read as any value"})
	}
	return set.of(v, w)
}

// fill types o, the JSON object of s found at w. Check has made sure that
// every reference resolves.
func (set *SchemaSet) fill(s *Schema, o *ecma.Object, w *where) {
	if ref, ok := o.String("$ref"); ok {
		if target, err := set.refs.Lookup(ref); err == nil {
			s.Ref = set.sub(target, &where{ref: ref})
		}
		if s.Ref == nil {
			s.Ref = &Schema{}
		}
	}
	switch t, _ := o.Get("type"); tv := t.(type) {
	case string:
		s.Type = tv
	case []ecma.Value:
		for _, x := range tv {
			if str, ok := x.(string); ok {
				if str == "null" {
					s.Nullable = true
				} else if s.Type == "" {
					s.Type = str
				}
			}
		}
	}
	s.Format, _ = o.String("format")
	s.Title, _ = o.String("title")
	s.Description, _ = o.String("description")
	if b, ok := o.Get("nullable"); ok && b == true {
		s.Nullable = true
	}
	s.Deprecated = boolKey(o, "deprecated")
	s.ReadOnly = boolKey(o, "readOnly")
	s.WriteOnly = boolKey(o, "writeOnly")
	if enum, ok := o.Array("enum"); ok {
		for _, e := range enum {
			if e == nil {
				s.Nullable = true
				continue
			}
			s.Enum = append(s.Enum, e)
		}
	}
	if props, ok := o.Object("properties"); ok && props.Len() > 0 {
		required, _ := o.Array("required")
		s.Properties = make([]*Property, props.Len())
		for i := range props.Len() {
			name, pv := props.At(i)
			s.Properties[i] = &Property{Name: name, Required: slices.Contains(required, ecma.Value(name)), Schema: set.sub(pv, w.in("properties", name))}
		}
	}
	switch ap, _ := o.Get("additionalProperties"); apv := ap.(type) {
	case bool:
		s.AdditionalAllowed = apv
		s.AdditionalForbidden = !apv
	case *ecma.Object:
		s.AdditionalAllowed = true
		s.AdditionalProperties = set.of(apv, w.in("additionalProperties"))
	}
	if items, ok := o.Get("items"); ok {
		s.Items = set.sub(items, w.in("items"))
	}
	s.OneOf = set.list(o, "oneOf", w)
	s.AnyOf = set.list(o, "anyOf", w)
	s.AllOf = set.list(o, "allOf", w)
	if d, ok := o.Object("discriminator"); ok {
		s.Discriminator, _ = d.String("propertyName")
	}
	s.Example.Value, s.Example.Present = o.Get("example")
	set.fillDetail(s, o, w)
}

func (set *SchemaSet) list(o *ecma.Object, key string, w *where) []*Schema {
	arr, _ := o.Array(key)
	var out []*Schema
	for i, v := range arr {
		out = append(out, set.sub(v, w.in(key, strconv.Itoa(i))))
	}
	return out
}

func boolKey(o *ecma.Object, key string) bool {
	v, _ := o.Get(key)
	b, _ := v.(bool)
	return b
}

// Resolved follows Ref until it reaches a schema that is not a reference.
// Nullable reports whether any schema on the way was nullable.
func (s *Schema) Resolved() (target *Schema, nullable bool) {
	seen := 0
	for s != nil && s.Ref != nil && seen < 64 {
		nullable = nullable || s.Nullable
		s = s.Ref
		seen++
	}
	if s != nil {
		nullable = nullable || s.Nullable
	}
	return s, nullable
}

// Doc is the schema's description, else its title.
func (s *Schema) Doc() string {
	if s == nil {
		return ""
	}
	if d := strings.TrimSpace(s.Description); d != "" {
		return d
	}
	return strings.TrimSpace(s.Title)
}
