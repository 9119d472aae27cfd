// Package refs resolves local JSON references ("$ref": "#/...") in a
// ecma document, cutting reference cycles the way the published
// generator did: a $ref met again inside its own expansion stands as {}.
package refs

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// Resolver looks up references in one document.
type Resolver struct {
	root  *ecma.Object
	cache map[string]ecma.Value
}

// New returns a resolver for the document whose top level is root.
func New(root *ecma.Object) *Resolver {
	return &Resolver{root: root, cache: make(map[string]ecma.Value)}
}

// Stack is the chain of references being expanded, innermost first. The
// nil *Stack is empty. Stacks are immutable, so branches share their parent.
type Stack struct {
	ref  string
	next *Stack
}

// Contains reports whether ref is being expanded.
func (s *Stack) Contains(ref string) bool {
	for ; s != nil; s = s.next {
		if s.ref == ref {
			return true
		}
	}
	return false
}

func (s *Stack) push(ref string) *Stack { return &Stack{ref: ref, next: s} }

// Deref follows v while it is a reference object and returns what it stands
// for: the target with the reference's sibling keys laid over it, or {} for a
// reference already on the stack. The returned stack includes the references
// followed, for resolving what lies below.
func (r *Resolver) Deref(v ecma.Value, stack *Stack) (ecma.Value, *Stack) {
	for {
		o, ok := v.(*ecma.Object)
		if !ok {
			return v, stack
		}
		ref, ok := o.String("$ref")
		if !ok {
			return v, stack
		}
		if stack.Contains(ref) {
			return ecma.NewObject(0), stack
		}
		target, err := r.Lookup(ref)
		if err != nil {
			// Check reports these before any resolution; stand as {} if not checked.
			return ecma.NewObject(0), stack
		}
		stack = stack.push(ref)
		if o.Len() == 1 {
			v = target
			continue
		}
		t, isObject := target.(*ecma.Object)
		if !isObject {
			v = target
			continue
		}
		merged := t.Clone()
		for i := range o.Len() {
			k, sv := o.At(i)
			if k != "$ref" {
				merged.Set(k, sv)
			}
		}
		v = merged
	}
}

// Resolve returns v with every reference in it, at any depth, replaced by
// what Deref gives. v itself is not modified.
func (r *Resolver) Resolve(v ecma.Value, stack *Stack) ecma.Value {
	return r.ResolveLimited(v, stack, nil)
}

// ResolveLimited is Resolve visiting at most *left values (references
// can make a small document expand exponentially): each value visited
// takes one from *left, and once none is left the rest stands as null and
// *left is -1. A nil left is no limit.
func (r *Resolver) ResolveLimited(v ecma.Value, stack *Stack, left *int) ecma.Value {
	if left != nil {
		if *left <= 0 {
			*left = -1
			return nil
		}
		*left--
	}
	v, stack = r.Deref(v, stack)
	switch t := v.(type) {
	case *ecma.Object:
		var out *ecma.Object
		for i := range t.Len() {
			k, x := t.At(i)
			rx := r.ResolveLimited(x, stack, left)
			if out == nil && !ecma.Same(rx, x) {
				out = t.Clone()
			}
			if out != nil {
				out.Set(k, rx)
			}
		}
		if out != nil {
			return out
		}
		return t
	case []ecma.Value:
		var out []ecma.Value
		for i, x := range t {
			rx := r.ResolveLimited(x, stack, left)
			if out == nil && !ecma.Same(rx, x) {
				out = append([]ecma.Value(nil), t...)
			}
			if out != nil {
				out[i] = rx
			}
		}
		if out != nil {
			return out
		}
		return t
	}
	return v
}

// Lookup returns the value a local reference points at.
func (r *Resolver) Lookup(ref string) (ecma.Value, error) {
	if v, ok := r.cache[ref]; ok {
		return v, nil
	}
	if !strings.HasPrefix(ref, "#") {
		return nil, fmt.Errorf("$ref %q is not local; only references within the document (#/...) are followed", ref)
	}
	var cur ecma.Value = r.root
	pointer := ref[1:]
	if pointer != "" {
		if pointer[0] != '/' {
			return nil, fmt.Errorf("$ref %q is not a JSON pointer (#/...)", ref)
		}
		for _, raw := range strings.Split(pointer[1:], "/") {
			tok := unescapeToken(raw)
			switch c := cur.(type) {
			case *ecma.Object:
				v, ok := c.Get(tok)
				if !ok && strings.Contains(raw, "%") {
					// A pointer in a URI fragment may be percent-encoded
					// (RFC 6901 §6): "#/paths/~1a~1%7Bid%7D" names "/a/{id}".
					if dec, err := url.PathUnescape(raw); err == nil {
						v, ok = c.Get(unescapeToken(dec))
					}
				}
				if !ok {
					return nil, fmt.Errorf("$ref %q does not resolve: no %q", ref, tok)
				}
				cur = v
			case []ecma.Value:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(c) {
					return nil, fmt.Errorf("$ref %q does not resolve: no index %q", ref, tok)
				}
				cur = c[i]
			default:
				return nil, fmt.Errorf("$ref %q does not resolve: %q is inside a scalar", ref, tok)
			}
		}
	}
	r.cache[ref] = cur
	return cur, nil
}

// unescapeToken turns a JSON pointer token into the key it names.
func unescapeToken(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// Broken is a reference that is not local or does not resolve.
type Broken struct {
	// Pointer is the JSON pointer of the "$ref" member.
	Pointer string
	Err     error
}

func (b Broken) Error() string { return b.Pointer + ": " + b.Err.Error() }

// Check walks the whole document and returns every reference that is not
// local or does not resolve, in document order.
func (r *Resolver) Check() []Broken {
	var broken []Broken
	r.check(r.root, "#", &broken)
	return broken
}

func (r *Resolver) check(v ecma.Value, at string, broken *[]Broken) {
	switch t := v.(type) {
	case *ecma.Object:
		if ref, ok := t.String("$ref"); ok {
			if _, err := r.Lookup(ref); err != nil {
				*broken = append(*broken, Broken{Pointer: at + "/$ref", Err: err})
			}
		}
		for i := range t.Len() {
			k, x := t.At(i)
			if _, ok := x.(string); ok {
				continue
			}
			r.check(x, at+"/"+EscapeToken(k), broken)
		}
	case []ecma.Value:
		for i, x := range t {
			r.check(x, at+"/"+strconv.Itoa(i), broken)
		}
	}
}

// EscapeToken escapes one JSON pointer token ("~" as "~0", "/" as "~1").
func EscapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Pointer joins tokens into a JSON pointer fragment such as "#/paths/~1a/get".
func Pointer(tokens ...string) string {
	var b strings.Builder
	b.WriteByte('#')
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(EscapeToken(t))
	}
	return b.String()
}
