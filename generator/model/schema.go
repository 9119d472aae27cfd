package model

import (
	"sort"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/refs"
)

// Schema is a typed view of one JSON schema of the spec, for emitters that
// need its structure (the Go client). References are followed: a schema
// that is a "$ref" has Ref set to the schema it names, and every reference
// to the same target yields the same *Schema, so the graph may be cyclic.
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
}

// Property is one member of an object schema's properties.
type Property struct {
	Name     string
	Required bool
	Schema   *Schema
}

// SchemaSet holds the typed schemas of one API.
type SchemaSet struct {
	// Components are the schemas of components.schemas, sorted by name.
	Components []*Schema

	refs     *refs.Resolver
	byObject map[*ecma.Object]*Schema
}

// Schemas builds the typed schemas of the API's normalised document. Each
// call builds a fresh set; emitters call it once.
func (a *API) Schemas() *SchemaSet {
	set := &SchemaSet{refs: refs.New(a.Spec), byObject: map[*ecma.Object]*Schema{}}
	components, _ := a.Spec.Object("components")
	schemas, _ := components.Object("schemas")
	// Register the components first so that references reach them by name.
	for i := range schemas.Len() {
		name, v := schemas.At(i)
		if o, ok := v.(*ecma.Object); ok {
			s := &Schema{Name: name}
			set.byObject[o] = s
			set.Components = append(set.Components, s)
		}
	}
	for i := range schemas.Len() {
		_, v := schemas.At(i)
		if o, ok := v.(*ecma.Object); ok {
			set.fill(set.byObject[o], o)
		}
	}
	sort.SliceStable(set.Components, func(i, j int) bool { return set.Components[i].Name < set.Components[j].Name })
	return set
}

// Of returns the typed schema of v, a schema value taken from the model
// (Parameter.Schema, MediaExample.Schema, Response.Schema), or nil for nil.
// The same value always yields the same *Schema.
func (set *SchemaSet) Of(v ecma.Value) *Schema {
	switch t := v.(type) {
	case nil:
		return nil
	case *ecma.Object:
		if s, ok := set.byObject[t]; ok {
			return s
		}
		s := &Schema{}
		set.byObject[t] = s
		set.fill(s, t)
		return s
	case bool:
		// true accepts anything; false nothing. Both map to an empty schema.
		return &Schema{}
	}
	return &Schema{}
}

func (set *SchemaSet) fill(s *Schema, o *ecma.Object) {
	if ref, ok := o.String("$ref"); ok {
		if target, err := set.refs.Lookup(ref); err == nil {
			if to, ok := target.(*ecma.Object); ok {
				s.Ref = set.Of(to)
			}
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
	required := map[string]bool{}
	if req, ok := o.Array("required"); ok {
		for _, r := range req {
			if str, ok := r.(string); ok {
				required[str] = true
			}
		}
	}
	if props, ok := o.Object("properties"); ok {
		for i := range props.Len() {
			name, pv := props.At(i)
			s.Properties = append(s.Properties, &Property{Name: name, Required: required[name], Schema: set.Of(pv)})
		}
	}
	switch ap, _ := o.Get("additionalProperties"); apv := ap.(type) {
	case bool:
		s.AdditionalAllowed = apv
		s.AdditionalForbidden = !apv
	case *ecma.Object:
		s.AdditionalAllowed = true
		s.AdditionalProperties = set.Of(apv)
	}
	if items, ok := o.Get("items"); ok {
		s.Items = set.Of(items)
	}
	s.OneOf = set.list(o, "oneOf")
	s.AnyOf = set.list(o, "anyOf")
	s.AllOf = set.list(o, "allOf")
	if d, ok := o.Object("discriminator"); ok {
		s.Discriminator, _ = d.String("propertyName")
	}
	s.Example.Value, s.Example.Present = o.Get("example")
	set.fillDetail(s, o)
}

func (set *SchemaSet) list(o *ecma.Object, key string) []*Schema {
	arr, _ := o.Array(key)
	var out []*Schema
	for _, v := range arr {
		out = append(out, set.Of(v))
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
