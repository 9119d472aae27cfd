// Package examples picks or synthesises the example value of a parameter,
// a media type or a schema, by the published rules (FORMAT.md §4).
package examples

import (
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/refs"
)

// MaxDepth is the deepest schema level that still yields an example; depth
// counts from 0 at a parameter's or media type's schema.
const MaxDepth = 7

// MaxValues caps one synthesised example: once this many schemas have
// been visited for it, the rest of its properties and items are left out.
// Without a cap an example can grow exponentially with the schema's depth
// (ten required $ref properties, seven levels deep, make 10^7 values from
// a few kilobytes of spec). Published examples hold about a hundred values.
const MaxValues = 1000

// MaxTotalValues caps the values of all the examples of one document,
// given or synthesised, counting every value a $ref expands to: a given
// example can reference another many times over, and many operations can
// share one large example. Once it is spent, each example is cut at
// MinValues.
const MaxTotalValues = 100_000

// MinValues is what an example may still hold once MaxTotalValues is spent.
const MinValues = 10

// Synthesizer finds examples in one document.
type Synthesizer struct {
	refs *refs.Resolver
	// left is what the example being made may still visit (-1 once it
	// was cut), total what the document may.
	left, total int
}

// New returns a Synthesizer that resolves references with r.
func New(r *refs.Resolver) *Synthesizer { return &Synthesizer{refs: r, total: MaxTotalValues} }

// Capped reports whether the example the last For or Schema returned was
// cut at MaxValues or by MaxTotalValues.
func (s *Synthesizer) Capped() bool { return s.left < 0 }

// begin starts an example that may visit up to limit values.
func (s *Synthesizer) begin(limit int) {
	s.left = min(limit, max(s.total, MinValues))
	s.total -= s.left
}

// end returns what the example did not use to the document's budget.
func (s *Synthesizer) end() { s.total += max(s.left, 0) }

func (s *Synthesizer) resolve(v ecma.Value, stack *refs.Stack) ecma.Value {
	return s.refs.ResolveLimited(v, stack, &s.left)
}

// For returns the example of a parameter or media type object o: its
// "example" when the key is present (even null), else the "value" of the
// first entry of its "examples" map that has one, else one synthesised from
// its "schema". The boolean is false when there is none.
func (s *Synthesizer) For(o *ecma.Object, stack *refs.Stack) (ecma.Value, bool) {
	s.left = 0
	if o == nil {
		return nil, false
	}
	if v, ok := o.Get("example"); ok {
		s.begin(MaxTotalValues)
		defer s.end()
		return s.resolve(v, stack), true
	}
	if ex, ok := o.Get("examples"); ok {
		ex, exStack := s.refs.Deref(ex, stack)
		if m, ok := ex.(*ecma.Object); ok {
			for i := range m.Len() {
				_, entry := m.At(i)
				entry, entryStack := s.refs.Deref(entry, exStack)
				if e, ok := entry.(*ecma.Object); ok {
					if v, ok := e.Get("value"); ok {
						s.begin(MaxTotalValues)
						defer s.end()
						return s.resolve(v, entryStack), true
					}
				}
			}
		}
	}
	if schema, ok := o.Get("schema"); ok {
		return s.Schema(schema, stack)
	}
	return nil, false
}

// Schema synthesises an example from a schema at depth 0.
func (s *Synthesizer) Schema(schema ecma.Value, stack *refs.Stack) (ecma.Value, bool) {
	s.begin(MaxValues)
	defer s.end()
	return s.schema(schema, 0, stack)
}

func (s *Synthesizer) schema(v ecma.Value, depth int, stack *refs.Stack) (ecma.Value, bool) {
	if depth > MaxDepth {
		return nil, false
	}
	if s.left <= 0 {
		s.left = -1
		return nil, false
	}
	s.left--
	v, stack = s.refs.Deref(v, stack)
	o, ok := v.(*ecma.Object)
	if !ok {
		return nil, false
	}
	for _, key := range [...]string{"example", "default", "const"} {
		if x, ok := o.Get(key); ok {
			return s.resolve(x, stack), true
		}
	}
	if enum, ok := o.Array("enum"); ok && len(enum) > 0 {
		return s.resolve(enum[0], stack), true
	}
	for _, key := range [...]string{"oneOf", "anyOf"} {
		if alts, ok := o.Array(key); ok && len(alts) > 0 {
			return s.schema(alts[0], depth+1, stack)
		}
	}
	if parts, ok := o.Array("allOf"); ok && len(parts) > 0 {
		return s.allOf(parts, depth, stack)
	}
	typ, hasType := o.Get("type")
	props, hasProps := o.Object("properties")
	switch {
	case typ == "object" || (!hasType && hasProps):
		out := ecma.NewObject(props.Len())
		for i := range props.Len() {
			name, p := props.At(i)
			if ex, ok := s.schema(p, depth+1, stack); ok {
				out.Set(name, ex)
			}
		}
		if out.Len() == 0 {
			if ap, ok := o.Get("additionalProperties"); ok {
				if _, isSchema := ap.(*ecma.Object); isSchema {
					ex, ok := s.schema(ap, depth+1, stack)
					if !ok {
						ex = "value"
					}
					out.Set("key", ex)
				}
			}
		}
		return out, true
	case typ == "array":
		items, _ := o.Get("items")
		if ex, ok := s.schema(items, depth+1, stack); ok {
			return []ecma.Value{ex}, true
		}
		return []ecma.Value{}, true
	case typ == "string":
		format, _ := o.String("format")
		return StringExample(format), true
	case typ == "integer":
		return 1.0, true
	case typ == "number":
		return 1.5, true
	case typ == "boolean":
		return true, true
	}
	return nil, false
}

// allOf merges the object examples of the parts left to right; when no part
// gives an object, the first part's example stands.
func (s *Synthesizer) allOf(parts []ecma.Value, depth int, stack *refs.Stack) (ecma.Value, bool) {
	var merged *ecma.Object
	var first ecma.Value
	var firstOK bool
	for i, part := range parts {
		ex, ok := s.schema(part, depth+1, stack)
		if i == 0 {
			first, firstOK = ex, ok
		}
		if m, isObject := ex.(*ecma.Object); ok && isObject {
			if merged == nil {
				merged = ecma.NewObject(m.Len())
			}
			for j := range m.Len() {
				merged.Set(m.At(j))
			}
		}
	}
	if merged != nil {
		return merged, true
	}
	return first, firstOK
}

// StringExample is the example of a string schema with the given format.
func StringExample(format string) string {
	switch format {
	case "date-time":
		return "2026-02-24T12:00:00Z"
	case "date":
		return "2026-02-24"
	case "uuid":
		return "11111111-1111-1111-1111-111111111111"
	case "email":
		return "agent@example.com"
	case "uri", "url":
		return "https://agentmc.ai"
	}
	return "string"
}
