package types

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// gen is one run of the transformation, openapi-typescript's GlobalContext
// with its default options.
type gen struct {
	root *ecma.Object
	// disc and handled are scanDiscriminators' objects and refsHandled.
	disc    map[string]*ecma.Object
	handled map[string]bool
	// operations holds the members of the operations interface, and footer
	// the names of the declarations after $defs, in the order they arose
	// ("operations", "WithRequired").
	operations []*member
	footer     []string
	err        error
}

func (g *gen) fail(format string, args ...any) *node {
	if g.err == nil {
		g.err = fmt.Errorf(format, args...)
	}
	return tNever
}

func obj(v ecma.Value) *ecma.Object {
	o, _ := v.(*ecma.Object)
	return o
}

func get(v ecma.Value, key string) ecma.Value {
	switch t := v.(type) {
	case *ecma.Object:
		x, _ := t.Get(key)
		return x
	case []ecma.Value:
		if i, err := strconv.Atoi(key); err == nil && i >= 0 && i < len(t) && strconv.Itoa(i) == key {
			return t[i]
		}
	}
	return nil
}

func has(v ecma.Value, key string) bool {
	o := obj(v)
	return o != nil && o.Has(key)
}

func array(v ecma.Value) []ecma.Value {
	a, _ := v.([]ecma.Value)
	return a
}

// entry is one member of Object.entries.
type entry struct {
	key string
	val ecma.Value
}

func entries(v ecma.Value) []entry {
	switch t := v.(type) {
	case *ecma.Object:
		out := make([]entry, t.Len())
		for i := range out {
			out[i].key, out[i].val = t.At(i)
		}
		return out
	case []ecma.Value:
		out := make([]entry, len(t))
		for i, x := range t {
			out[i] = entry{strconv.Itoa(i), x}
		}
		return out
	}
	return nil
}

// ---- JSON pointers, as @redocly/openapi-core and openapi-typescript build them

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// parseRef is redocly's parseRef(ref).pointer.
func (g *gen) parseRef(ref string) []string {
	parts := strings.SplitN(ref, "#/", 3)
	if len(parts) < 2 {
		return nil
	}
	var out []string
	for _, seg := range strings.Split(parts[1], "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		if strings.Contains(seg, "%") {
			dec, err := url.PathUnescape(seg)
			if err != nil || (utf8.ValidString(seg) && !utf8.ValidString(dec)) {
				g.fail("%q: openapi-typescript fails on it (URI malformed)", ref)
				continue
			}
			seg = dec
		}
		if seg != "" {
			out = append(out, seg)
		}
	}
	return out
}

// createRef joins parts into a pointer; a part that is itself a pointer
// contributes its segments.
func (g *gen) createRef(parts ...string) string {
	var b strings.Builder
	b.WriteByte('#')
	for _, part := range parts {
		if part == "" {
			continue
		}
		if segs := g.parseRef(part); len(segs) > 0 {
			for _, s := range segs {
				b.WriteByte('/')
				b.WriteString(escapePointer(s))
			}
		} else {
			b.WriteByte('/')
			b.WriteString(escapePointer(part))
		}
	}
	return b.String()
}

// resolve is openapi-typescript's resolveRef on the document.
func (g *gen) resolve(ref string, visited ...string) ecma.Value {
	pointer := g.parseRef(ref)
	if len(pointer) == 0 {
		return nil
	}
	var n ecma.Value = g.root
	for _, key := range pointer {
		next := get(n, key)
		if !ecma.Truthy(next) {
			return nil
		}
		n = next
	}
	if r := get(n, "$ref"); ecma.Truthy(r) {
		rs := jsString(r)
		for _, v := range visited {
			if v == rs {
				return nil
			}
		}
		return g.resolve(rs, append(visited, rs)...)
	}
	return n
}

// oapiRef turns a $ref into an indexed access type such as
// components["schemas"]["Foo"].
func (g *gen) oapiRef(ref ecma.Value, resolved ecma.Value) *node {
	rs, ok := ref.(string)
	if !ok {
		return g.fail("$ref %v is not a string", ref)
	}
	pointer := g.parseRef(rs)
	if len(pointer) == 0 {
		return g.fail("Error parsing $ref: %s. Is this a valid $ref?", rs)
	}
	if !isIdentifier(pointer[0]) {
		return g.fail("$ref %q: %q is not a declaration of schema.ts", rs, pointer[0])
	}
	isParam := has(resolved, "in") && ecma.Truthy(get(resolved, "in")) && !ecma.Truthy(get(resolved, "$ref"))
	t := ref0(pointer[0])
	for i, seg := range pointer[1:] {
		if i < 2 {
			t = indexed(t, seg)
			continue
		}
		if seg == "properties" {
			continue
		}
		if isParam && i == len(pointer)-2 {
			t = indexed(indexed(t, jsString(get(resolved, "in"))), jsString(get(resolved, "name")))
			continue
		}
		t = indexed(t, seg)
	}
	return t
}

func ref0(name string) *node { return ref(name) }

// ---- literal values

// tsLiteral is the type of a constant value.
func tsLiteral(v ecma.Value) *node {
	switch t := v.(type) {
	case string:
		return &node{kind: kConst, text: constText(t)}
	case float64:
		if math.IsInf(t, 0) {
			// The written spec holds null there, as JSON.stringify prints it.
			return tNull
		}
		if t < 0 {
			return &node{kind: kNumber, text: "-" + ecma.FormatNumber(-t)}
		}
		return &node{kind: kNumber, text: ecma.FormatNumber(t)}
	case bool:
		if t {
			return tTrue
		}
		return tFalse
	case nil:
		return tNull
	case []ecma.Value:
		if len(t) == 0 {
			return arrayOf(tNever)
		}
		elems := make([]*node, len(t))
		for i, e := range t {
			elems[i] = tsLiteral(e)
		}
		return &node{kind: kTuple, args: elems}
	case *ecma.Object:
		if t.Len() == 0 {
			return record(tString, tNever)
		}
		var ms []*member
		for _, e := range entries(t) {
			ms = append(ms, &member{name: propertyName(e.key), typ: tsLiteral(e.val)})
		}
		return literal(ms)
	}
	return tUnknown
}

// ---- schema objects (transform/schema-object.ts)

func (g *gen) schema(v ecma.Value, path string, fromAdditional bool) *node {
	if !ecma.Truthy(v) {
		return tNever
	}
	if v == true {
		return tUnknown
	}
	s := obj(v)
	if s == nil {
		return g.fail("Expected SchemaObject, received %T at %s", v, path)
	}
	if s.Has("$ref") {
		return g.oapiRef(get(s, "$ref"), nil)
	}
	if c, ok := s.Get("const"); ok && c != nil {
		return tsLiteral(c)
	}
	typ, hasType := s.Get("type")
	if enum, ok := s.Array("enum"); ok && (!hasType || typ != "object") && !s.Has("properties") && !s.Has("additionalProperties") {
		types := make([]*node, 0, len(enum)+1)
		for _, e := range enum {
			types = append(types, tsLiteral(e))
		}
		if containsString(array(typ), "null") || ecma.Truthy(get(s, "nullable")) {
			types = append(types, tNull)
		}
		return union(types)
	}

	var final *node
	core := g.schemaCore(s, path)
	allOf := g.allOf(array(get(s, "allOf")), get(s, "required"), path)
	if core != nil || len(allOf) > 0 {
		var parts []*node
		if core != nil {
			parts = append(parts, core)
		}
		if len(allOf) > 0 {
			parts = append(parts, intersection(allOf))
		}
		final = intersection(parts)
	}
	if anyOf := g.unionItems(array(get(s, "anyOf")), "anyOf", path); len(anyOf) > 0 {
		final = union(append(optional(final), anyOf...))
	}
	oneOfItems := get(s, "oneOf")
	if !ecma.Truthy(oneOfItems) && typ == "object" {
		oneOfItems = get(s, "enum")
	}
	if !ecma.Truthy(oneOfItems) {
		oneOfItems = nil
	}
	if oneOf := g.unionItems(array(oneOfItems), "oneOf", path); len(oneOf) > 0 {
		allPrimitive := true
		for _, t := range oneOf {
			allPrimitive = allPrimitive && isPrimitive(t)
		}
		if allPrimitive {
			final = union(append(optional(final), oneOf...))
		} else {
			final = intersection(append(optional(final), union(oneOf)))
		}
	}
	if final == nil {
		if hasType {
			final = record(tString, tNever)
		} else {
			final = tUnknown
		}
	}
	if final != tUnknown && ecma.Truthy(get(s, "nullable")) {
		final = rawUnion([]*node{final, tNull})
	}
	return final
}

func optional(n *node) []*node {
	if n == nil {
		return nil
	}
	return []*node{n}
}

func containsString(a []ecma.Value, s string) bool {
	for _, x := range a {
		if x == s {
			return true
		}
	}
	return false
}

// includes is JavaScript's required?.includes(k) for an array or a string.
func includes(v ecma.Value, k string) bool {
	switch t := v.(type) {
	case []ecma.Value:
		return containsString(t, k)
	case string:
		return strings.Contains(t, k)
	}
	return false
}

func (g *gen) unionItems(items []ecma.Value, key, path string) []*node {
	out := make([]*node, 0, len(items))
	for i, item := range items {
		out = append(out, g.schema(item, g.createRef(path, key, strconv.Itoa(i)), false))
	}
	return out
}

func (g *gen) allOf(items []ecma.Value, required ecma.Value, path string) []*node {
	out := make([]*node, 0, len(items))
	for _, item := range items {
		var t *node
		itemRef := get(item, "$ref")
		if has(item, "$ref") {
			t = g.schema(item, path, false)
			refStr := jsString(itemRef)
			resolved := g.resolve(refStr)
			if has(resolved, "properties") && !g.handled[refStr] {
				var valid []*node
				for _, k := range array(required) {
					if ks, ok := k.(string); ok && ecma.Truthy(get(get(resolved, "properties"), ks)) {
						valid = append(valid, tsLiteral(ks))
					}
				}
				if len(valid) > 0 {
					g.useFooter("WithRequired")
					t = ref("WithRequired", t, union(valid))
				}
			}
		} else {
			req := append([]ecma.Value{}, array(required)...)
			req = append(req, array(get(item, "required"))...)
			var clone *ecma.Object
			if o := obj(item); o != nil {
				clone = o.Clone()
			} else {
				clone = ecma.NewObject(1)
			}
			clone.Set("required", req)
			t = g.schema(clone, path, false)
		}
		var disc ecma.Value
		if has(item, "$ref") {
			if d := g.disc[jsString(itemRef)]; d != nil {
				disc = d
			}
		}
		if disc == nil {
			disc = get(item, "discriminator")
		}
		if ecma.Truthy(disc) {
			t = ref("Omit", t, rawUnion([]*node{discLiteral(disc)}))
		}
		out = append(out, t)
	}
	return out
}

// discLiteral is tsLiteral(discriminator.propertyName).
func discLiteral(disc ecma.Value) *node {
	pn, ok := obj(disc).Get("propertyName")
	if !ok {
		return tUnknown
	}
	return tsLiteral(pn)
}

func (g *gen) useFooter(name string) {
	for _, f := range g.footer {
		if f == name {
			return
		}
	}
	g.footer = append(g.footer, name)
}

// schemaCore is transformSchemaObjectCore: the type of the schema without
// its compositions, or nil.
func (g *gen) schemaCore(s *ecma.Object, path string) *node {
	typ, _ := s.Get("type")
	if ecma.Truthy(typ) {
		switch typ {
		case "null":
			return tNull
		case "string":
			return tString
		case "number", "integer":
			return tNumber
		case "boolean":
			return tBoolean
		case "array":
			item := tUnknown
			items := get(s, "items")
			if prefix := get(s, "prefixItems"); ecma.Truthy(prefix) || array(items) != nil {
				list := items
				if prefix != nil {
					list = prefix
				}
				var elems []*node
				for _, e := range array(list) {
					elems = append(elems, g.schema(e, path, false))
				}
				item = &node{kind: kTuple, args: elems}
			} else if ecma.Truthy(items) {
				if has(items, "type") && get(items, "type") == "array" {
					item = arrayOf(g.schema(items, path, false))
				} else {
					item = g.schema(items, path, false)
				}
			}
			if item.kind == kTuple || item.kind == kArray {
				return item
			}
			return arrayOf(item)
		}
		if list, ok := typ.([]ecma.Value); ok {
			var types []*node
			oneOf, hasOneOf := s.Array("oneOf")
			for _, t := range list {
				if hasOneOf {
					if ts, ok := t.(string); ok && (ts == "boolean" || ts == "string" || ts == "number" || ts == "integer" || ts == "null") && anyOfType(oneOf, ts) {
						continue
					}
				}
				if t == nil || t == "null" {
					types = append(types, tNull)
					continue
				}
				clone := s.Clone()
				clone.Set("type", t)
				if hasOneOf {
					clone.Delete("oneOf")
				}
				types = append(types, g.schema(clone, path, false))
			}
			return union(types)
		}
	}

	var core []*member
	for _, k := range []string{"allOf", "anyOf"} {
		if !ecma.Truthy(get(s, k)) {
			continue
		}
		if d := g.disc[path]; d != nil && !ecma.Truthy(get(s, "discriminator")) && !g.handled[path] {
			core = append([]*member{g.discriminatorProperty(d, path)}, core...)
			break
		}
	}

	props := obj(get(s, "properties"))
	ap, _ := s.Get("additionalProperties")
	if props.Len() > 0 || ecma.Truthy(ap) || ecma.Truthy(get(s, "patternProperties")) || ecma.Truthy(get(s, "$defs")) {
		required := get(s, "required")
		for _, e := range entries(props) {
			v := e.val
			_, isBool := v.(bool)
			if obj(v) == nil && !isBool {
				return g.fail("%s: invalid property %s. Expected Schema Object or boolean", path, e.key)
			}
			refV, readOnly, hasDefault := ecma.Value(nil), false, false
			if o := obj(v); o != nil {
				if o.Has("$ref") {
					refV = get(o, "$ref")
				}
				readOnly = ecma.Truthy(get(o, "readOnly"))
				hasDefault = o.Has("default")
			}
			opt := !(includes(required, e.key) || (hasDefault && !strings.Contains(path, "parameters") &&
				!strings.Contains(path, "requestBody") && !strings.Contains(path, "requestBodies")))
			var t *node
			if ecma.Truthy(refV) {
				t = g.oapiRef(refV, nil)
			} else {
				t = g.schema(v, g.createRef(path, e.key), false)
			}
			core = append(core, &member{readonly: readOnly, name: propertyName(e.key), optional: opt, typ: t, comment: docComment(v)})
		}
		if defs := obj(get(s, "$defs")); defs.Len() > 0 {
			var defMembers []*member
			for _, e := range entries(defs) {
				t := g.schema(e.val, g.createRef(path, "$defs", e.key), false)
				defMembers = append(defMembers, &member{readonly: ecma.Truthy(get(e.val, "readOnly")), name: propertyName(e.key), typ: t, comment: docComment(e.val)})
			}
			core = append(core, &member{name: "$defs", typ: literal(defMembers)})
		}
		apObj := obj(ap)
		var index []*node
		if apObj.Len() > 0 {
			index = append(index, g.schema(ap, path, true))
		}
		if ap == true || (apObj != nil && apObj.Len() == 0) {
			index = append(index, tUnknown)
		}
		if pp := obj(get(s, "patternProperties")); pp.Len() > 0 {
			for _, e := range entries(pp) {
				index = append(index, g.schema(e.val, path, false))
			}
		}
		if len(index) == 0 {
			if len(core) > 0 {
				return literal(core)
			}
			return nil
		}
		var parts []*node
		if len(core) > 0 {
			parts = append(parts, literal(core))
		}
		parts = append(parts, literal([]*member{{index: true, param: "key", typ: union(index)}}))
		return intersection(parts)
	}
	if len(core) > 0 {
		return literal(core)
	}
	return nil
}

func anyOfType(items []ecma.Value, t string) bool {
	for _, o := range items {
		if has(o, "type") && get(o, "type") == t {
			return true
		}
	}
	return false
}

// discriminatorProperty is createDiscriminatorProperty.
func (g *gen) discriminatorProperty(d *ecma.Object, path string) *member {
	var value ecma.Value
	if p := g.parseRef(path); len(p) > 0 {
		value = p[len(p)-1]
	}
	if mapping := get(d, "mapping"); ecma.Truthy(mapping) {
		for _, e := range entries(mapping) {
			v, _ := e.val.(string)
			if (!strings.HasPrefix(v, "#") && v == value) || (strings.HasPrefix(v, "#") && lastSeg(g.parseRef(v)) == value) {
				value = e.key
				break
			}
		}
	}
	var t *node
	if value == nil {
		t = tUnknown
	} else {
		t = tsLiteral(value)
	}
	return &member{name: propertyName(jsString(get(d, "propertyName"))), typ: t}
}

func lastSeg(p []string) ecma.Value {
	if len(p) == 0 {
		return nil
	}
	return p[len(p)-1]
}
