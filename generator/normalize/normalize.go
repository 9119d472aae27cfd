// Package normalize applies the published normalisation to a loaded spec
// before anything is derived from it (FORMAT.md §1): excluded operations
// go, unused security schemes go, operations without an error response get
// a default one, and text replacements run over every string value.
package normalize

import (
	"fmt"
	"regexp"

	"github.com/agentmc/agentmc-gen/generator/jsontext"
	"github.com/agentmc/agentmc-gen/generator/openapi"
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

// Apply normalises the document rooted at root in place.
func Apply(root *jsontext.Object, opts Options) error {
	compiled := make([]*compiledReplacement, len(opts.Replacements))
	for i, r := range opts.Replacements {
		re, err := CompileJS(r.Pattern)
		if err != nil {
			return fmt.Errorf("text replacement %d: pattern %q: %v", i+1, r.Pattern, err)
		}
		compiled[i] = &compiledReplacement{re: re, replace: r.Replace}
	}
	exclude(root, opts.Exclude)
	pruneSecuritySchemes(root)
	if opts.DefaultErrorResponse != "" {
		addDefaultErrorResponses(root, opts.DefaultErrorResponse)
	}
	if len(compiled) > 0 {
		replaceStrings(root, compiled)
	}
	return nil
}

func exclude(root *jsontext.Object, excluded []string) {
	paths, ok := root.Object("paths")
	if !ok || len(excluded) == 0 {
		return
	}
	set := make(map[string]bool, len(excluded))
	for _, e := range excluded {
		set[e] = true
	}
	for _, path := range append([]string(nil), paths.Keys()...) {
		item, ok := paths.Object(path)
		if !ok {
			continue
		}
		hadOperation, remaining := false, 0
		for _, method := range append([]string(nil), item.Keys()...) {
			if !openapi.IsMethod(method) {
				continue
			}
			hadOperation = true
			op, _ := item.Object(method)
			id, _ := op.String("operationId")
			if (id != "" && set[id]) || set[method+" "+path] {
				item.Delete(method)
				continue
			}
			remaining++
		}
		if hadOperation && remaining == 0 {
			paths.Delete(path)
		}
	}
}

// pruneSecuritySchemes removes the schemes no remaining operation uses,
// counting an operation's own security array, or else the top-level one.
func pruneSecuritySchemes(root *jsontext.Object) {
	components, _ := root.Object("components")
	schemes, ok := components.Object("securitySchemes")
	if !ok {
		return
	}
	used := map[string]bool{}
	topLevel, _ := root.Array("security")
	eachOperation(root, func(op *jsontext.Object) {
		reqs, ok := op.Array("security")
		if !ok {
			reqs = topLevel
		}
		for _, req := range reqs {
			r, _ := req.(*jsontext.Object)
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

func addDefaultErrorResponses(root *jsontext.Object, description string) {
	eachOperation(root, func(op *jsontext.Object) {
		responses, ok := op.Object("responses")
		if !ok {
			if op.Has("responses") {
				return // not an object: validation reports it
			}
			responses = jsontext.NewObject(1)
			op.Set("responses", responses)
		}
		for _, status := range responses.Keys() {
			if openapi.IsErrorStatus(status) {
				return
			}
		}
		def := jsontext.NewObject(1)
		def.Set("description", description)
		responses.Set("default", def)
	})
}

// eachOperation calls f with every operation object of the document.
func eachOperation(root *jsontext.Object, f func(op *jsontext.Object)) {
	paths, _ := root.Object("paths")
	for i := range paths.Len() {
		_, v := paths.At(i)
		item, _ := v.(*jsontext.Object)
		for j := range item.Len() {
			method, v := item.At(j)
			if op, isObject := v.(*jsontext.Object); isObject && openapi.IsMethod(method) {
				f(op)
			}
		}
	}
}

type compiledReplacement struct {
	re      *regexp.Regexp
	replace string
}

func replaceStrings(v jsontext.Value, rs []*compiledReplacement) {
	apply := func(s string) string {
		for _, r := range rs {
			s = r.apply(s)
		}
		return s
	}
	switch t := v.(type) {
	case *jsontext.Object:
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
	case []jsontext.Value:
		for i, x := range t {
			if s, ok := x.(string); ok {
				t[i] = apply(s)
			} else {
				replaceStrings(x, rs)
			}
		}
	}
}
