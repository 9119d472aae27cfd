package mock

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/examples"
	"github.com/agentmc/agentmc-gen/internal/refs"
)

// dynamicAttempts is how many seeded candidates a dynamic response tries
// before it is sent with its failures: a candidate can miss a constraint
// the synthesiser does not model (pattern, oneOf exclusivity).
const dynamicAttempts = 8

// dynamic synthesises a response body from the schema. The same seed,
// operation and response give the same body; the first candidate that
// passes the response validator is sent.
func (h *Handler) dynamic(r *http.Request, op *model.Operation, resp *model.Response, status int, header http.Header, seed uint64) ([]byte, []Failure) {
	key := fnv.New64a()
	fmt.Fprintf(key, "%s\x00%s\x00%s", op.Pointer, resp.Status, resp.MediaType)
	var body []byte
	var failures []Failure
	var schema ecma.Value
	if resp.Schema != nil {
		schema = resp.Schema.Raw
	}
	for attempt := range uint64(dynamicAttempts) {
		s := &synth{res: h.resolver, rng: rand.New(rand.NewPCG(seed, key.Sum64()+attempt))}
		v, ok := s.value(schema, 0, nil)
		if !ok {
			v = resp.Example.Value
		}
		body = ecma.Marshal(v, false)
		if failures = h.checkResponse(r, status, header, body); len(failures) == 0 {
			break
		}
	}
	return body, failures
}

// synth makes a random value that satisfies a schema as far as its
// keywords are modelled: type, enum/const, properties and required,
// additionalProperties, items and their counts, string lengths and
// formats, numeric bounds and multipleOf, allOf/oneOf/anyOf. writeOnly
// properties are left out (the values are responses).
type synth struct {
	res *refs.Resolver
	rng *rand.Rand
}

// shallowDepth is the depth from which objects keep only their required
// properties and arrays their minimum count, so that recursive schemas end.
const shallowDepth = 4

func (s *synth) value(v ecma.Value, depth int, stack *refs.Stack) (ecma.Value, bool) {
	if depth > examples.MaxDepth+shallowDepth {
		return nil, false
	}
	v, stack = s.res.Deref(v, stack)
	o, ok := v.(*ecma.Object)
	if !ok {
		return nil, false
	}
	if c, ok := o.Get("const"); ok {
		return s.res.Resolve(c, stack), true
	}
	if enum, ok := o.Array("enum"); ok && len(enum) > 0 {
		return s.res.Resolve(enum[s.rng.IntN(len(enum))], stack), true
	}
	if parts, ok := o.Array("allOf"); ok && len(parts) > 0 {
		return s.allOf(o, parts, depth, stack)
	}
	for _, key := range [...]string{"oneOf", "anyOf"} {
		if alts, ok := o.Array(key); ok && len(alts) > 0 {
			alt, ok := s.value(alts[s.rng.IntN(len(alts))], depth+1, stack)
			if m, isObject := alt.(*ecma.Object); ok && isObject && o.Has("properties") {
				own, _ := s.object(o, depth, stack)
				return merge(own.(*ecma.Object), m), true
			}
			return alt, ok
		}
	}
	switch schemaType(o) {
	case "object":
		return s.object(o, depth, stack)
	case "array":
		return s.array(o, depth, stack)
	case "string":
		return s.string(o), true
	case "integer":
		return s.number(o, true), true
	case "number":
		return s.number(o, false), true
	case "boolean":
		return s.rng.IntN(2) == 1, true
	case "null":
		return nil, true
	}
	// No type: any value is valid; a documented example reads best.
	if ex, ok := o.Get("example"); ok {
		return s.res.Resolve(ex, stack), true
	}
	return s.word(3, 10), true
}

// schemaType is the "type" keyword, the first non-null member of a list,
// or the type the other keywords imply.
func schemaType(o *ecma.Object) string {
	switch t := mustValue(o.Get("type")).(type) {
	case string:
		return t
	case []ecma.Value:
		for _, m := range t {
			if name, ok := m.(string); ok && name != "null" {
				return name
			}
		}
		if len(t) > 0 {
			return "null"
		}
	}
	switch {
	case o.Has("properties") || o.Has("additionalProperties") || o.Has("required"):
		return "object"
	case o.Has("items"):
		return "array"
	}
	return ""
}

func mustValue(v ecma.Value, _ bool) ecma.Value { return v }

func (s *synth) object(o *ecma.Object, depth int, stack *refs.Stack) (ecma.Value, bool) {
	required := map[string]bool{}
	if req, ok := o.Array("required"); ok {
		for _, r := range req {
			if name, ok := r.(string); ok {
				required[name] = true
			}
		}
	}
	out := ecma.NewObject(0)
	props, _ := o.Object("properties")
	for i := range props.Len() {
		name, p := props.At(i)
		if !required[name] && (depth >= shallowDepth || s.rng.IntN(4) == 0 || writeOnly(s.res, p, stack)) {
			continue
		}
		if v, ok := s.value(p, depth+1, stack); ok {
			out.Set(name, v)
		}
	}
	if out.Len() == 0 && props.Len() == 0 {
		if ap, ok := o.Object("additionalProperties"); ok && depth < shallowDepth {
			if v, ok := s.value(ap, depth+1, stack); ok {
				out.Set(s.word(3, 8), v)
			}
		}
	}
	return out, true
}

func writeOnly(res *refs.Resolver, p ecma.Value, stack *refs.Stack) bool {
	p, _ = res.Deref(p, stack)
	o, _ := p.(*ecma.Object)
	w, _ := o.Get("writeOnly")
	return w == true
}

func (s *synth) allOf(o *ecma.Object, parts []ecma.Value, depth int, stack *refs.Stack) (ecma.Value, bool) {
	var merged *ecma.Object
	var first ecma.Value
	firstOK := false
	if o.Has("properties") {
		own, _ := s.object(o, depth, stack)
		merged = own.(*ecma.Object)
	}
	for i, part := range parts {
		v, ok := s.value(part, depth+1, stack)
		if i == 0 {
			first, firstOK = v, ok
		}
		if m, isObject := v.(*ecma.Object); ok && isObject {
			if merged == nil {
				merged = ecma.NewObject(m.Len())
			}
			merged = merge(merged, m)
		}
	}
	if merged != nil {
		return merged, true
	}
	return first, firstOK
}

// merge sets b's members into a; a member both have keeps a's value
// merged with b's when both are objects.
func merge(a, b *ecma.Object) *ecma.Object {
	for i := range b.Len() {
		k, v := b.At(i)
		if old, ok := a.Get(k); ok {
			oa, aObj := old.(*ecma.Object)
			ob, bObj := v.(*ecma.Object)
			if aObj && bObj {
				a.Set(k, merge(oa, ob))
			}
			continue
		}
		a.Set(k, v)
	}
	return a
}

func (s *synth) array(o *ecma.Object, depth int, stack *refs.Stack) (ecma.Value, bool) {
	lo, hi := intKeyword(o, "minItems", 0), intKeyword(o, "maxItems", -1)
	n := lo
	if depth < shallowDepth {
		n = max(lo, 1+s.rng.IntN(3))
	}
	if hi >= 0 {
		n = min(n, hi)
	}
	items, _ := o.Get("items")
	unique, _ := o.Get("uniqueItems")
	out := []ecma.Value{}
	seen := map[string]bool{}
	for tries := 0; len(out) < n && tries < 4*n+4; tries++ {
		v, ok := s.value(items, depth+1, stack)
		if !ok {
			v = s.word(3, 8)
		}
		if unique == true {
			k := string(ecma.Marshal(v, false))
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, v)
	}
	return out, true
}

func intKeyword(o *ecma.Object, key string, def int) int {
	if f, ok := mustValue(o.Get(key)).(float64); ok && f >= 0 && f < 1e6 {
		return int(f)
	}
	return def
}

func (s *synth) string(o *ecma.Object) string {
	format, _ := o.String("format")
	if _, ok := o.Get("pattern"); ok {
		// Patterns are not generated from: a documented value, when there
		// is one, is the likeliest to match.
		for _, key := range [...]string{"example", "default"} {
			if v, ok := o.Get(key); ok {
				if str, ok := v.(string); ok {
					return str
				}
			}
		}
	}
	minLen, maxLen := intKeyword(o, "minLength", 0), intKeyword(o, "maxLength", -1)
	switch format {
	case "date-time", "date", "time":
		t := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(s.rng.Int64N(int64(6 * 365 * 24 * time.Hour))))
		t = t.Truncate(time.Second)
		switch format {
		case "date":
			return t.Format(time.DateOnly)
		case "time":
			return t.Format("15:04:05Z")
		}
		return t.Format(time.RFC3339)
	case "uuid":
		b := make([]byte, 16)
		for i := range b {
			b[i] = byte(s.rng.IntN(256))
		}
		b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	case "email":
		return s.word(3, 8) + "@example.com"
	case "uri", "url":
		return "https://example.com/" + s.word(3, 8)
	case "hostname":
		return s.word(3, 8) + ".example.com"
	case "ipv4":
		return fmt.Sprintf("192.0.2.%d", 1+s.rng.IntN(254))
	case "ipv6":
		return fmt.Sprintf("2001:db8::%x", 1+s.rng.IntN(0xfffe))
	case "byte":
		return base64.StdEncoding.EncodeToString([]byte(s.word(3, 8)))
	}
	lo := max(minLen, 1)
	hi := max(lo, 12)
	if maxLen >= 0 {
		hi = min(hi, maxLen)
		lo = min(lo, hi)
	}
	return s.word(lo, hi)
}

// word is lower-case letters, between lo and hi of them.
func (s *synth) word(lo, hi int) string {
	n := lo
	if hi > lo {
		n += s.rng.IntN(hi - lo + 1)
	}
	var b strings.Builder
	for range n {
		b.WriteByte(byte('a' + s.rng.IntN(26)))
	}
	return b.String()
}

// number draws from the bounds (OpenAPI 3.0's boolean exclusive flags
// and 3.1's numeric ones), honouring multipleOf.
func (s *synth) number(o *ecma.Object, integer bool) float64 {
	lo, hi := math.Inf(-1), math.Inf(1)
	if f, ok := mustValue(o.Get("minimum")).(float64); ok {
		lo = f
		if mustValue(o.Get("exclusiveMinimum")) == true {
			lo = math.Nextafter(f, math.Inf(1))
		}
	}
	if f, ok := mustValue(o.Get("exclusiveMinimum")).(float64); ok {
		lo = math.Max(lo, math.Nextafter(f, math.Inf(1)))
	}
	if f, ok := mustValue(o.Get("maximum")).(float64); ok {
		hi = f
		if mustValue(o.Get("exclusiveMaximum")) == true {
			hi = math.Nextafter(f, math.Inf(-1))
		}
	}
	if f, ok := mustValue(o.Get("exclusiveMaximum")).(float64); ok {
		hi = math.Min(hi, math.Nextafter(f, math.Inf(-1)))
	}
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		lo, hi = 1, 1000
	case math.IsInf(lo, -1):
		lo = hi - 1000
	case math.IsInf(hi, 1):
		hi = lo + 1000
	}
	step := 0.0
	if m, ok := mustValue(o.Get("multipleOf")).(float64); ok && m > 0 {
		step = m
	} else if integer {
		step = 1
	}
	if step > 0 {
		first, last := math.Ceil(lo/step), math.Floor(hi/step)
		if last < first {
			return lo
		}
		return (first + float64(s.rng.Int64N(int64(math.Min(last-first, 1e9))+1))) * step
	}
	return math.Max(lo, math.Min(hi, math.Round((lo+s.rng.Float64()*(hi-lo))*100)/100))
}
