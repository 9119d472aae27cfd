// Package serialize writes parameter values and form body properties as
// OpenAPI's styles say (style, explode, allowReserved; OpenAPI 3.1
// §4.8.12.4 and §4.8.15). The algorithm is one file, style.go, which the
// generator runs on the examples of the cURL scripts and the Go client
// carries as its serialize.go, so both send the same text.
package serialize

import (
	_ "embed"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

//go:embed style.go
var source string

// ClientSource is style.go as a file of the Go package pkg.
func ClientSource(pkg string) string {
	return strings.Replace(source, "package serialize", "package "+pkg, 1)
}

// Pair is one name and value of a query string, cookie or form body, not
// yet encoded.
type Pair struct{ Name, Value string }

// Tree converts a JSON value to the values style.go reads. Numbers keep
// the text JavaScript's String() gives them, as the published cURL
// examples print them.
func Tree(v ecma.Value) any {
	switch t := v.(type) {
	case nil:
		return styleLiteral("null")
	case bool:
		if t {
			return styleLiteral("true")
		}
		return styleLiteral("false")
	case float64:
		return styleLiteral(ecma.FormatNumber(t))
	case string:
		return t
	case []ecma.Value:
		arr := make([]any, len(t))
		for i, x := range t {
			arr[i] = Tree(x)
		}
		return arr
	case *ecma.Object:
		obj := make(styleObject, t.Len())
		for i := range t.Len() {
			k, x := t.At(i)
			obj[i] = styleMember{k, Tree(x)}
		}
		return obj
	}
	return styleLiteral("null")
}

// Query serialises a query, cookie or form parameter (form,
// spaceDelimited, pipeDelimited, deepObject).
func Query(name string, v ecma.Value, style string, explode bool) []Pair {
	ps := styleQuery(name, Tree(v), style, explode)
	out := make([]Pair, len(ps))
	for i, p := range ps {
		out[i] = Pair{p.name, p.value}
	}
	return out
}

// String serialises a path or header parameter (simple, label, matrix);
// escape encodes names and values but not delimiters, nil none.
func String(name string, v ecma.Value, style string, explode bool, escape func(string) string) string {
	return styleString(name, Tree(v), style, explode, escape)
}

// Text is a value as one string: a string as itself, anything else as its
// JSON text.
func Text(v ecma.Value) string { return styleText(Tree(v)) }

// FormPair encodes a pair as a query string or form body holds it.
func FormPair(p Pair, allowReserved bool) string {
	return styleFormPair(stylePair{p.Name, p.Value}, allowReserved)
}

// FormEscape encodes a name or value as URLSearchParams does.
func FormEscape(s string) string { return styleEscape(s, styleFormKeep, true) }

// FormName encodes a name of a form body as FormEscape does, but for the
// brackets of deepObject names, which a form body may hold as written
// (metadata[order]=42).
func FormName(s string) string { return styleEscape(s, styleFormKeep+"[]", true) }

// PathValue encodes a path value as encodeURIComponent does.
func PathValue(s string) string { return stylePathValue(s) }
