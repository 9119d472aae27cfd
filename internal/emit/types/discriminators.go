package types

import (
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// walk calls cb for every object in v, parents before children, as
// openapi-typescript's walk does; cb may change what lies below.
func walk(v ecma.Value, path []string, cb func(o *ecma.Object, path []string)) {
	switch t := v.(type) {
	case []ecma.Value:
		for i, x := range t {
			walk(x, append(path, strconv.Itoa(i)), cb)
		}
	case *ecma.Object:
		cb(t, path)
		for i := 0; i < t.Len(); i++ {
			k, x := t.At(i)
			walk(x, append(path, k), cb)
		}
	}
}

func discriminatorOf(o ecma.Value) *ecma.Object {
	d := obj(get(o, "discriminator"))
	if d == nil || !ecma.Truthy(get(d, "propertyName")) {
		return nil
	}
	return d
}

// scanDiscriminators is openapi-typescript's scanDiscriminators: it finds
// every discriminator, and adds the discriminator's enum property to the
// schemas its mapping names. Those additions go into a copy of the
// document, never into the model's.
func (g *gen) scanDiscriminators() {
	g.disc = map[string]*ecma.Object{}
	g.handled = map[string]bool{}
	found := false
	walk(g.root, nil, func(o *ecma.Object, _ []string) { found = found || discriminatorOf(o) != nil })
	if !found {
		return
	}
	g.root = ecma.DeepCopy(g.root).(*ecma.Object)

	walk(g.root, nil, func(o *ecma.Object, path []string) {
		d := discriminatorOf(o)
		if d == nil {
			return
		}
		ref := g.createRef(path...)
		g.disc[ref] = d
		oneOf, ok := o.Array("oneOf")
		if !ok {
			return
		}
		// mapping: ref → inferred value and defined values, in JavaScript key order.
		mapping := ecma.NewObject(len(oneOf))
		type mapped struct {
			inferred string
			defined  []string
		}
		for _, item := range oneOf {
			r, ok := get(item, "$ref").(string)
			if !ok {
				continue
			}
			value := r[strings.LastIndex(r, "/")+1:]
			if value == "" {
				continue
			}
			if m, ok := mapping.Get(r); ok {
				m.(*mapped).inferred = value
			} else {
				mapping.Set(r, &mapped{inferred: value})
			}
		}
		for _, e := range entries(get(d, "mapping")) {
			if !ecma.Truthy(e.val) {
				continue
			}
			mappedRef := jsString(e.val)
			m, ok := mapping.Get(mappedRef)
			if !ok || m.(*mapped).defined == nil {
				m = &mapped{defined: []string{}}
				mapping.Set(mappedRef, m)
			}
			m.(*mapped).defined = append(m.(*mapped).defined, e.key)
		}
		for _, e := range entries(mapping) {
			m := e.val.(*mapped)
			if g.handled[e.key] || (m.inferred == "" && m.defined == nil) {
				continue
			}
			values := m.defined
			if values == nil {
				values = []string{m.inferred}
			}
			if g.patchDiscriminatorEnum(e.key, values, d) {
				g.handled[e.key] = true
			}
		}
	})

	walk(g.root, nil, func(o *ecma.Object, path []string) {
		if _, ok := o.Array("allOf"); !ok {
			return
		}
		for i := 0; i < len(array(get(o, "allOf"))); i++ {
			item := array(get(o, "allOf"))[i]
			if has(item, "$ref") {
				d := g.disc[jsString(get(item, "$ref"))]
				if d == nil {
					return
				}
				ref := g.createRef(path...)
				var values []string
				for _, e := range entries(get(d, "mapping")) {
					if e.val == ref {
						values = append(values, e.key)
					}
				}
				if len(values) > 0 && g.patchDiscriminatorEnum(ref, values, d) {
					g.handled[ref] = true
				}
				g.disc[ref] = d.Clone()
			} else if id := discriminatorOf(item); id != nil {
				g.disc[g.createRef(path...)] = id.Clone()
			}
		}
	})
}

// patchDiscriminatorEnum adds or replaces the discriminator's property in
// the schema ref names with an enum of values.
func (g *gen) patchDiscriminatorEnum(ref string, values []string, d *ecma.Object) bool {
	target := obj(g.resolve(ref))
	if target == nil {
		return false
	}
	prop := jsString(get(d, "propertyName"))
	enum := make([]ecma.Value, len(values))
	for i, v := range values {
		enum[i] = v
	}
	enumSchema := func(prev ecma.Value) *ecma.Object {
		s := ecma.NewObject(3)
		s.Set("type", "string")
		s.Set("enum", enum)
		if desc := get(prev, "description"); ecma.Truthy(desc) {
			s.Set("description", jsString(desc)+" (enum property replaced by openapi-typescript)")
		} else {
			s.Set("description", "discriminator enum property added by openapi-typescript")
		}
		return s
	}
	if allOf := get(target, "allOf"); ecma.Truthy(allOf) {
		list, ok := allOf.([]ecma.Value)
		if !ok {
			return false
		}
		added := ecma.NewObject(3)
		added.Set("type", "object")
		added.Set("required", []ecma.Value{prop})
		props := ecma.NewObject(1)
		props.Set(prop, enumSchema(nil))
		added.Set("properties", props)
		target.Set("allOf", append(list, added))
		return true
	}
	if get(target, "type") != "object" {
		return false
	}
	props := obj(get(target, "properties"))
	if !ecma.Truthy(get(target, "properties")) || props == nil {
		props = ecma.NewObject(1)
		target.Set("properties", props)
	}
	if req, ok := get(target, "required").([]ecma.Value); !ok || !ecma.Truthy(get(target, "required")) {
		target.Set("required", []ecma.Value{prop})
	} else if !containsString(req, prop) {
		target.Set("required", append(req, prop))
	}
	prev, _ := props.Get(prop)
	props.Set(prop, enumSchema(prev))
	return true
}
