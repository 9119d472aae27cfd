package render

import (
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// Spec text reaches TypeScript only through JSString (a string literal) and
// the JSON functions below (values); JSMember uses JSString for every name
// that is not a plain identifier. No spec text is ever written as code.

// JSString is s as a JavaScript string literal: JSON's escaping (quotes,
// backslashes, control characters, lone surrogates as \udxxx), plus
// U+2028 and U+2029, which older JavaScript parsers end a line on.
func JSString(s string) string { return jsText(ecma.MarshalString(s, false)) }

// JSValue is a JSON value as a JavaScript expression, two-space indented
// when indent is set.
func JSValue(v any, indent bool) string { return jsText(ecma.MarshalString(v, indent)) }

// jsText escapes U+2028 and U+2029 in JSON text, where they can only occur
// inside strings.
func jsText(json string) string {
	// Contains finds a byte sequence fast; ContainsAny with non-ASCII
	// decodes every rune of what can be a megabyte of JSON.
	if !strings.Contains(json, "\u2028") && !strings.Contains(json, "\u2029") {
		return json
	}
	return lineSeparatorEscaper.Replace(json)
}

var lineSeparatorEscaper = strings.NewReplacer("\u2028", `\u2028`, "\u2029", `\u2029`)

// JSMember is the property access of name: ".name" when name is an
// identifier that is not a reserved word, else `["name"]`.
func JSMember(name string) string {
	if IsJSIdentifier(name) {
		return "." + name
	}
	return "[" + JSString(name) + "]"
}

// IsJSIdentifier reports whether s is an ASCII JavaScript identifier that
// is not a reserved word (in any mode) or a literal.
func IsJSIdentifier(s string) bool {
	if s == "" || jsReserved[s] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

var jsReserved = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`await break case catch class const continue debugger default delete do
		else enum export extends false finally for function if implements import in instanceof interface
		let new null package private protected public return static super switch this throw true try
		typeof var void while with yield arguments eval undefined NaN Infinity`) {
		m[w] = true
	}
	return m
}()
