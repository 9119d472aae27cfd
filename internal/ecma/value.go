// Package ecma reproduces JavaScript's behaviour where the artifacts
// depend on it, one definition each: it holds JSON values the way
// JavaScript holds them and reads and writes JSON text exactly as
// JSON.parse and JSON.stringify do; ToString is String(v), IsSpace and
// Trim JavaScript's white space, CompileRegExp its regular expressions and
// LocaleCompare localeCompare. (encodeURIComponent lives in package
// serialize, whose style.go the Go client carries as its own source.)
//
// The published artifacts were printed by JavaScript, so byte-exact output
// needs its rules, which differ from encoding/json's: object keys that are
// array indices come first in ascending order, numbers are IEEE doubles
// printed the ECMAScript way, and strings escape only what JSON requires.
//
// A Value is one of: nil (null), bool, float64, string, *Object or []Value.
// Strings may hold lone UTF-16 surrogates, encoded as WTF-8 (the three-byte
// form UTF-8 would use for them), so that "\ud800" survives a round trip.
package ecma

// Value is a JSON value: nil, bool, float64, string, *Object or []Value.
type Value = any

// Object is a JSON object with JavaScript's property order: keys that are
// canonical array indices first, in ascending numeric order, then the other
// keys in the order they were first set.
type Object struct {
	keys  []string
	vals  []Value
	index map[string]int // built lazily for large objects
	nIdx  int            // how many leading keys are array indices
}

// indexThreshold is the size from which lookups use a map instead of a scan.
const indexThreshold = 12

// NewObject returns an empty object with room for n members.
func NewObject(n int) *Object {
	return &Object{keys: make([]string, 0, n), vals: make([]Value, 0, n)}
}

// Len returns the number of members.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// Keys returns the keys in property order. The slice must not be modified.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return o.keys
}

// At returns the i-th member in property order.
func (o *Object) At(i int) (string, Value) { return o.keys[i], o.vals[i] }

func (o *Object) find(key string) int {
	if o == nil {
		return -1
	}
	if len(o.keys) >= indexThreshold {
		if o.index == nil {
			o.index = make(map[string]int, len(o.keys))
			for i, k := range o.keys {
				o.index[k] = i
			}
		}
		if i, ok := o.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range o.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// Get returns the value of key and whether the key is present.
func (o *Object) Get(key string) (Value, bool) {
	i := o.find(key)
	if i < 0 {
		return nil, false
	}
	return o.vals[i], true
}

// Has reports whether key is present.
func (o *Object) Has(key string) bool { return o.find(key) >= 0 }

// Set sets key to v. An existing key keeps its position; a new key is placed
// where JavaScript would place it.
func (o *Object) Set(key string, v Value) {
	if i := o.find(key); i >= 0 {
		o.vals[i] = v
		return
	}
	if n, ok := arrayIndex(key); ok {
		// Insert among the leading index keys, in ascending order.
		pos := o.nIdx
		for pos > 0 {
			m, _ := arrayIndex(o.keys[pos-1])
			if m < n {
				break
			}
			pos--
		}
		o.keys = append(o.keys, "")
		o.vals = append(o.vals, nil)
		copy(o.keys[pos+1:], o.keys[pos:])
		copy(o.vals[pos+1:], o.vals[pos:])
		o.keys[pos], o.vals[pos] = key, v
		o.nIdx++
		o.index = nil
		return
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	if o.index != nil {
		o.index[key] = len(o.keys) - 1
	}
}

// Delete removes key if present.
func (o *Object) Delete(key string) {
	i := o.find(key)
	if i < 0 {
		return
	}
	if i < o.nIdx {
		o.nIdx--
	}
	o.keys = append(o.keys[:i], o.keys[i+1:]...)
	o.vals = append(o.vals[:i], o.vals[i+1:]...)
	o.index = nil
}

// Clone returns a shallow copy of o.
func (o *Object) Clone() *Object {
	c := &Object{
		keys: append([]string(nil), o.keys...),
		vals: append([]Value(nil), o.vals...),
		nIdx: o.nIdx,
	}
	return c
}

// String returns the value of key if it is a string.
func (o *Object) String(key string) (string, bool) {
	v, _ := o.Get(key)
	s, ok := v.(string)
	return s, ok
}

// Object returns the value of key if it is an object.
func (o *Object) Object(key string) (*Object, bool) {
	v, _ := o.Get(key)
	m, ok := v.(*Object)
	return m, ok
}

// Array returns the value of key if it is an array.
func (o *Object) Array(key string) ([]Value, bool) {
	v, _ := o.Get(key)
	a, ok := v.([]Value)
	return a, ok
}

// arrayIndex reports whether key is a canonical array index (no sign, no
// leading zero, below 2^32-1) and returns its value.
func arrayIndex(key string) (uint64, bool) {
	if len(key) == 0 || len(key) > 10 || (len(key) > 1 && key[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, n < 1<<32-1
}

// Same reports whether a and b are the same value without comparing
// contents: objects and arrays by identity, scalars by value. A walk that
// copies a container only when a child changed uses it.
func Same(a, b Value) bool {
	switch at := a.(type) {
	case *Object:
		bt, ok := b.(*Object)
		return ok && at == bt
	case []Value:
		bt, ok := b.([]Value)
		return ok && len(at) == len(bt) && (len(at) == 0 || &at[0] == &bt[0])
	}
	return a == b
}

// DeepCopy returns a copy of v that shares no objects or arrays with it.
func DeepCopy(v Value) Value {
	switch t := v.(type) {
	case *Object:
		c := t.Clone()
		for i, x := range c.vals {
			c.vals[i] = DeepCopy(x)
		}
		return c
	case []Value:
		c := make([]Value, len(t))
		for i, x := range t {
			c[i] = DeepCopy(x)
		}
		return c
	}
	return v
}

// Equal reports whether a and b are the same JSON value: objects with the
// same members in any order, arrays element by element.
func Equal(a, b Value) bool {
	switch at := a.(type) {
	case *Object:
		bt, ok := b.(*Object)
		if !ok || at.Len() != bt.Len() {
			return false
		}
		for i, k := range at.keys {
			bv, ok := bt.Get(k)
			if !ok || !Equal(at.vals[i], bv) {
				return false
			}
		}
		return true
	case []Value:
		bt, ok := b.([]Value)
		if !ok || len(at) != len(bt) {
			return false
		}
		for i := range at {
			if !Equal(at[i], bt[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
