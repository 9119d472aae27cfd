package model

import (
	"strconv"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/refs"
)

// SchemaDetail is what a reader of a schema is told beyond its structure:
// the validation keywords, the default, const and examples, and the
// discriminator's mapping. Number-valued keywords keep their JSON values
// (float64) and are nil when absent, so that 0 and "no limit" differ.
type SchemaDetail struct {
	// Default and Const are the schema's "default" and "const".
	Default, Const Example
	// Examples are the members of a JSON Schema "examples" array.
	Examples []ecma.Value
	// Minimum and Maximum bound a number; ExclusiveMinimum and
	// ExclusiveMaximum are the 3.1 numbers, or true under 3.0 (the bound
	// is then Minimum or Maximum itself).
	Minimum, Maximum                   ecma.Value
	ExclusiveMinimum, ExclusiveMaximum ecma.Value
	MultipleOf                         ecma.Value
	MinLength, MaxLength               ecma.Value
	Pattern                            string
	MinItems, MaxItems                 ecma.Value
	UniqueItems                        bool
	MinProperties, MaxProperties       ecma.Value
	// Mapping is discriminator.mapping in spec order: each value of the
	// discriminator property and the schema it selects.
	Mapping []DiscriminatorCase
}

// DiscriminatorCase is one entry of a discriminator's mapping.
type DiscriminatorCase struct {
	Value  string
	Schema *Schema
}

func (set *SchemaSet) fillDetail(s *Schema, o *ecma.Object, w *where) {
	d := &s.Detail
	d.Default.Value, d.Default.Present = o.Get("default")
	d.Const.Value, d.Const.Present = o.Get("const")
	d.Examples, _ = o.Array("examples")
	number := func(key string) ecma.Value {
		v, _ := o.Get(key)
		if f, ok := v.(float64); ok {
			return f
		}
		return nil
	}
	d.Minimum, d.Maximum, d.MultipleOf = number("minimum"), number("maximum"), number("multipleOf")
	// A 3.1 number, or true under 3.0.
	exclusive := func(key string) ecma.Value {
		switch v, _ := o.Get(key); v := v.(type) {
		case float64:
			return v
		case bool:
			if v {
				return true
			}
		}
		return nil
	}
	d.ExclusiveMinimum, d.ExclusiveMaximum = exclusive("exclusiveMinimum"), exclusive("exclusiveMaximum")
	d.MinLength, d.MaxLength = number("minLength"), number("maxLength")
	d.Pattern, _ = o.String("pattern")
	d.MinItems, d.MaxItems = number("minItems"), number("maxItems")
	d.UniqueItems = boolKey(o, "uniqueItems")
	d.MinProperties, d.MaxProperties = number("minProperties"), number("maxProperties")
	if disc, ok := o.Object("discriminator"); ok {
		mapping, _ := disc.Object("mapping")
		for i := range mapping.Len() {
			value, v := mapping.At(i)
			ref, _ := v.(string)
			c := DiscriminatorCase{Value: value}
			// A mapping value is a reference or, in 3.x, a bare schema name.
			if len(ref) > 0 && ref[0] != '#' {
				ref = "#/components/schemas/" + ref
			}
			if target, err := set.refs.Lookup(ref); err == nil {
				if to, ok := target.(*ecma.Object); ok {
					c.Schema = set.of(to, &where{ref: ref})
				}
			}
			if c.Schema == nil {
				what := describe(v)
				if name, ok := v.(string); ok {
					what = ErrorText(strconv.Quote(name)) + ", which names none"
				}
				set.problems = append(set.problems, Problem{Severity: Warning, Pointer: w.in("discriminator", "mapping").in(value).pointer(),
					Message: "a mapping value must name a schema, found " + what + "; the mapping leaves it out"})
			}
			d.Mapping = append(d.Mapping, c)
		}
	}
}

// Header is one entry of a response's headers.
type Header struct {
	Name, Description    string
	Required, Deprecated bool
	// Schema is the header's schema, or nil.
	Schema *Schema
	// Example is the header's example, when it has one.
	Example Example
}

// OperationObject returns the operation object of op in the spec (its
// path item's reference followed), or nil. It fills the reference cache,
// so it is not for concurrent use.
func (set *SchemaSet) OperationObject(op *Operation) *ecma.Object {
	item, err := set.refs.Lookup(refs.Pointer("paths", op.Path))
	if err != nil {
		return nil
	}
	item, _ = set.refs.Deref(item, nil)
	io, _ := item.(*ecma.Object)
	o, _ := io.Object(op.Method)
	return o
}
