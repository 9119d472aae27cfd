package serialize

// This file is also the Go client's serialize.go (package clause
// replaced): the generator serialises the cURL examples with it and the
// client its requests, so both read OpenAPI's parameter styles one way.

import (
	"bytes"
	"encoding/json"
	"strings"
)

// A style value is a string (a JSON string), a styleLiteral (a JSON
// number, boolean or null), a []any or a styleObject.
type styleLiteral string

// styleObject is a JSON object with its members in order.
type styleObject []styleMember

type styleMember struct {
	name  string
	value any
}

// stylePair is one name and value of a query string, cookie or form
// body, not yet encoded.
type stylePair struct{ name, value string }

// styleTree converts v, as encoding/json writes it, to a style value,
// keeping the order of object members.
func styleTree(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return styleDecode(dec)
}

func styleDecode(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			arr := []any{}
			for dec.More() {
				x, err := styleDecode(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, x)
			}
			_, err := dec.Token()
			return arr, err
		}
		obj := styleObject{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			x, err := styleDecode(dec)
			if err != nil {
				return nil, err
			}
			obj = append(obj, styleMember{k.(string), x})
		}
		_, err := dec.Token()
		return obj, err
	case string:
		return t, nil
	case json.Number:
		return styleLiteral(t), nil
	case bool:
		if t {
			return styleLiteral("true"), nil
		}
		return styleLiteral("false"), nil
	}
	return styleLiteral("null"), nil
}

// styleText is the text of a value where a style has no more structure to
// give: a string as itself, a literal as its JSON text, an array or object
// as its JSON text.
func styleText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case styleLiteral:
		return string(t)
	}
	var b strings.Builder
	styleJSON(&b, v)
	return b.String()
}

func styleJSON(b *strings.Builder, v any) {
	switch t := v.(type) {
	case string:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(t)
		b.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	case styleLiteral:
		b.WriteString(string(t))
	case []any:
		b.WriteByte('[')
		for i, x := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			styleJSON(b, x)
		}
		b.WriteByte(']')
	case styleObject:
		b.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			styleJSON(b, m.name)
			b.WriteByte(':')
			styleJSON(b, m.value)
		}
		b.WriteByte('}')
	}
}

// styleQuery serialises parameter name with value v for a query string,
// a cookie or a form body, in style form, spaceDelimited, pipeDelimited
// or deepObject (OpenAPI 3.1 §4.8.12.4). An empty array or object sends
// nothing, as RFC 6570 leaves an empty list undefined.
func styleQuery(name string, v any, style string, explode bool) []stylePair {
	if style == "deepObject" {
		return styleDeep(name, v, nil)
	}
	delim := ","
	switch style {
	case "spaceDelimited":
		delim = " "
	case "pipeDelimited":
		delim = "|"
	}
	switch t := v.(type) {
	case []any:
		if len(t) == 0 {
			return nil
		}
		if explode {
			pairs := make([]stylePair, len(t))
			for i, x := range t {
				pairs[i] = stylePair{name, styleText(x)}
			}
			return pairs
		}
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = styleText(x)
		}
		return []stylePair{{name, strings.Join(parts, delim)}}
	case styleObject:
		if len(t) == 0 {
			return nil
		}
		if explode {
			pairs := make([]stylePair, len(t))
			for i, m := range t {
				pairs[i] = stylePair{m.name, styleText(m.value)}
			}
			return pairs
		}
		parts := make([]string, 0, 2*len(t))
		for _, m := range t {
			parts = append(parts, m.name, styleText(m.value))
		}
		return []stylePair{{name, strings.Join(parts, delim)}}
	}
	return []stylePair{{name, styleText(v)}}
}

// styleDeep is deepObject: name[key]=value for each member, nested objects
// as name[key][inner], arrays by index (name[key][0]), as Stripe's forms
// and most bracket parsers read them.
func styleDeep(name string, v any, pairs []stylePair) []stylePair {
	switch t := v.(type) {
	case []any:
		for i, x := range t {
			pairs = styleDeep(name+"["+styleIndex(i)+"]", x, pairs)
		}
		return pairs
	case styleObject:
		for _, m := range t {
			pairs = styleDeep(name+"["+m.name+"]", m.value, pairs)
		}
		return pairs
	}
	return append(pairs, stylePair{name, styleText(v)})
}

func styleIndex(i int) string {
	if i == 0 {
		return "0"
	}
	var digits []byte
	for ; i > 0; i /= 10 {
		digits = append([]byte{byte('0' + i%10)}, digits...)
	}
	return string(digits)
}

// styleString serialises parameter name with value v for a path segment
// or a header, in style simple, label or matrix (RFC 6570's {name},
// {.name} and {;name}, with and without explode). escape encodes names and
// values, not the delimiters; nil leaves them as they are.
func styleString(name string, v any, style string, explode bool, escape func(string) string) string {
	if escape == nil {
		escape = func(s string) string { return s }
	}
	prefix, sep := "", ","
	switch style {
	case "label":
		prefix, sep = ".", "."
	case "matrix":
		prefix = ";"
		if explode {
			sep = ";"
		}
	}
	matrix := style == "matrix"
	var parts []string
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			s := escape(styleText(x))
			if matrix && explode {
				s = escape(name) + "=" + s
			}
			parts = append(parts, s)
		}
		if matrix && !explode {
			return prefix + escape(name) + "=" + strings.Join(parts, sep)
		}
	case styleObject:
		for _, m := range t {
			if explode {
				parts = append(parts, escape(m.name)+"="+escape(styleText(m.value)))
			} else {
				parts = append(parts, escape(m.name), escape(styleText(m.value)))
			}
		}
		if matrix && !explode {
			return prefix + escape(name) + "=" + strings.Join(parts, sep)
		}
	default:
		s := escape(styleText(v))
		if matrix {
			if s == "" {
				return prefix + escape(name)
			}
			return prefix + escape(name) + "=" + s
		}
		return prefix + s
	}
	return prefix + strings.Join(parts, sep)
}

// The characters each encoding leaves as they are, besides ASCII letters
// and digits.
const (
	// styleFormKeep is URLSearchParams' set, for query strings and form
	// bodies (a space becomes '+').
	styleFormKeep = "*-._"
	// styleReservedKeep adds RFC 3986's reserved characters for
	// allowReserved, but for & = + # which would split a pair, end the
	// query or read as a space, and '%' of a percent-encoded triple
	// (OpenAPI's allowReserved is RFC 6570's reserved expansion, which
	// passes triples through; a '%' of nothing else is encoded).
	styleReservedKeep = "*-._~:/?[]@!$'(),;%"
	// styleComponentKeep is encodeURIComponent's set, for path values.
	styleComponentKeep = "-_.!~*'()"
)

// styleEscape percent-encodes s, keeping ASCII letters, digits and the
// bytes of keep; a space is '+' when plus is set. A '%' in keep keeps the
// '%' of a percent-encoded triple only.
func styleEscape(s, keep string, plus bool) string {
	const hex = "0123456789ABCDEF"
	isHex := func(i int) bool { return i < len(s) && strings.IndexByte(hex+"abcdef", s[i]) >= 0 }
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && !(isHex(i+1) && isHex(i+2)):
			b.WriteString("%25")
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(keep, c) >= 0:
			b.WriteByte(c)
		case c == ' ' && plus:
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// styleFormPair encodes a pair of a query string or form body; with
// allowReserved the value keeps the reserved characters that do not
// change how the pair is read.
func styleFormPair(p stylePair, allowReserved bool) string {
	keep := styleFormKeep
	if allowReserved {
		keep = styleReservedKeep
	}
	return styleEscape(p.name, styleFormKeep, true) + "=" + styleEscape(p.value, keep, true)
}

// stylePathValue encodes a name or value of a path segment.
func stylePathValue(s string) string { return styleEscape(s, styleComponentKeep, false) }
