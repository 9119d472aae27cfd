// Package normalize applies the published normalisation to a loaded spec
// before anything is derived from it (FORMAT.md §1): excluded operations
// go, unused security schemes go, operations without an error response get
// a default one, and text replacements run over every string value.
package normalize

import (
	"fmt"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/openapi"
)

// Options are the normalisation settings.
type Options struct {
	// Exclude lists operations to remove, by operationId or as
	// "<method> <path>" with a lower-case method.
	Exclude []string
	// Replacements run, in order, over every string value of the spec.
	Replacements []Replacement
	// DefaultErrorResponse is the description of the "default" response
	// added to operations that document no error; "" adds none.
	DefaultErrorResponse string
}

// Replacement replaces every match of a JavaScript regular expression.
type Replacement struct {
	Pattern string // JavaScript syntax, applied globally
	Replace string // JavaScript replacement syntax ($&, $1, $<name>, $$)
}

// Apply normalises the document rooted at root in place. It returns the
// exclusion entries that matched no operation.
func Apply(root *ecma.Object, opts Options) (unmatched []string, err error) {
	compiled := make([]*compiledReplacement, len(opts.Replacements))
	for i, r := range opts.Replacements {
		re, err := ecma.CompileRegExp(r.Pattern)
		if err != nil {
			return nil, fmt.Errorf("text replacement %d: pattern %q: %v", i+1, r.Pattern, err)
		}
		compiled[i] = &compiledReplacement{re: re, replace: r.Replace}
	}
	unmatched = exclude(root, opts.Exclude)
	pruneSecuritySchemes(root)
	if opts.DefaultErrorResponse != "" {
		addDefaultErrorResponses(root, opts.DefaultErrorResponse)
	}
	if len(compiled) > 0 {
		replaceStrings(root, compiled)
	}
	return unmatched, nil
}

// exclude removes the excluded operations, by operationId or as
// "<method> <path>" (the method in any case, so that the form errors show
// is accepted too), then every path item left without an operation,
// whether exclusion emptied it or it never had one (FORMAT.md §1.2). A
// path item that is not an object, or is a reference, stays: the model
// reports or follows it. It returns the entries that matched nothing.
func exclude(root *ecma.Object, excluded []string) (unmatched []string) {
	paths, ok := root.Object("paths")
	if !ok {
		return excluded
	}
	key := func(e string) string {
		if method, path, ok := strings.Cut(e, " "); ok && openapi.IsMethod(strings.ToLower(method)) {
			return strings.ToLower(method) + " " + path
		}
		return e
	}
	ids, keys := map[string]bool{}, map[string]bool{}
	for _, e := range excluded {
		ids[e], keys[key(e)] = true, true
	}
	matched := map[string]bool{} // "id " + operationId, or "key " + "<method> <path>"
	for _, path := range append([]string(nil), paths.Keys()...) {
		item, ok := paths.Object(path)
		if !ok || strings.HasPrefix(path, "x-") || item.Has("$ref") {
			continue
		}
		remaining := 0
		for _, method := range append([]string(nil), item.Keys()...) {
			if !openapi.IsMethod(method) {
				continue
			}
			op, _ := item.Object(method)
			id, _ := op.String("operationId")
			byID, byKey := id != "" && ids[id], keys[method+" "+path]
			if byID {
				matched["id "+id] = true
			}
			if byKey {
				matched["key "+method+" "+path] = true
			}
			if byID || byKey {
				item.Delete(method)
				continue
			}
			remaining++
		}
		if remaining == 0 {
			paths.Delete(path)
		}
	}
	for _, e := range excluded {
		if !matched["id "+e] && !matched["key "+key(e)] {
			unmatched = append(unmatched, e)
		}
	}
	return unmatched
}

// pruneSecuritySchemes removes the schemes no remaining operation uses,
// counting an operation's own security array, or else the top-level one.
func pruneSecuritySchemes(root *ecma.Object) {
	components, _ := root.Object("components")
	schemes, ok := components.Object("securitySchemes")
	if !ok {
		return
	}
	used := map[string]bool{}
	topLevel, _ := root.Array("security")
	eachOperation(root, func(op *ecma.Object) {
		reqs, ok := op.Array("security")
		if !ok {
			reqs = topLevel
		}
		for _, req := range reqs {
			r, _ := req.(*ecma.Object)
			for _, name := range r.Keys() {
				used[name] = true
			}
		}
	})
	for _, name := range append([]string(nil), schemes.Keys()...) {
		if !used[name] {
			schemes.Delete(name)
		}
	}
}

func addDefaultErrorResponses(root *ecma.Object, description string) {
	eachOperation(root, func(op *ecma.Object) {
		responses, ok := op.Object("responses")
		if !ok {
			if op.Has("responses") {
				return // not an object: validation reports it
			}
			responses = ecma.NewObject(1)
			op.Set("responses", responses)
		}
		for _, status := range responses.Keys() {
			if openapi.IsErrorStatus(status) {
				return
			}
		}
		def := ecma.NewObject(1)
		def.Set("description", description)
		responses.Set("default", def)
	})
}

// eachOperation calls f with every operation object of the document.
func eachOperation(root *ecma.Object, f func(op *ecma.Object)) {
	paths, _ := root.Object("paths")
	for i := range paths.Len() {
		_, v := paths.At(i)
		item, _ := v.(*ecma.Object)
		for j := range item.Len() {
			method, v := item.At(j)
			if op, isObject := v.(*ecma.Object); isObject && openapi.IsMethod(method) {
				f(op)
			}
		}
	}
}

type compiledReplacement struct {
	re      *ecma.RegExp
	replace string
}

func replaceStrings(v ecma.Value, rs []*compiledReplacement) {
	apply := func(s string) string {
		for _, r := range rs {
			s = r.re.ReplaceAll(s, r.replace)
		}
		return s
	}
	switch t := v.(type) {
	case *ecma.Object:
		for i := range t.Len() {
			k, x := t.At(i)
			if s, ok := x.(string); ok {
				if ns := apply(s); ns != s {
					t.Set(k, ns)
				}
			} else {
				replaceStrings(x, rs)
			}
		}
	case []ecma.Value:
		for i, x := range t {
			if s, ok := x.(string); ok {
				t[i] = apply(s)
			} else {
				replaceStrings(x, rs)
			}
		}
	}
}
