package types

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// This file holds the only ways spec text reaches schema.ts: inside a JSDoc
// comment (docComment), or quoted. Quoting has the two forms
// openapi-typescript 7.13.0 uses: the TypeScript 5.9 printer's string
// literal (quote: property names and indexed-access keys, all non-ASCII
// escaped) and JSON.stringify (constText: constant types, which it hands to
// the printer as identifier text). An unquoted name is printed only when it
// is an identifier or a canonical number (propertyName).

// isIdentifier reports a match of /^[A-Za-z_$][A-Za-z_$0-9]*$/.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

const upperHex = "0123456789ABCDEF"

// quote is TypeScript's printing of a string literal node: double quotes,
// escapeString's escapes, then every non-ASCII UTF-16 unit as \uXXXX.
func quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			switch c {
			case '\t':
				b = append(b, `\t`...)
			case '\v':
				b = append(b, `\v`...)
			case '\f':
				b = append(b, `\f`...)
			case '\b':
				b = append(b, `\b`...)
			case '\r':
				b = append(b, `\r`...)
			case '\n':
				b = append(b, `\n`...)
			case '\\':
				b = append(b, `\\`...)
			case '"':
				b = append(b, `\"`...)
			case 0:
				if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
					b = append(b, `\x00`...)
				} else {
					b = append(b, `\0`...)
				}
			default:
				if c < 0x20 {
					b = appendUnit(b, uint16(c))
				} else {
					b = append(b, c)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 && c == 0xED && i+2 < len(s) {
			// A lone surrogate, held as WTF-8.
			b = appendUnit(b, uint16(c&0x0F)<<12|uint16(s[i+1]&0x3F)<<6|uint16(s[i+2]&0x3F))
			i += 3
			continue
		}
		if r > 0xFFFF {
			r -= 0x10000
			b = appendUnit(b, uint16(0xD800+(r>>10)))
			b = appendUnit(b, uint16(0xDC00+(r&0x3FF)))
		} else {
			b = appendUnit(b, uint16(r))
		}
		i += size
	}
	return string(append(b, '"'))
}

func appendUnit(b []byte, u uint16) []byte {
	return append(b, '\\', 'u', upperHex[u>>12], upperHex[u>>8&0xF], upperHex[u>>4&0xF], upperHex[u&0xF])
}

// propertyName is tsPropertyIndex: a numeric literal when the name is the
// canonical JavaScript text of a non-negative number, an identifier when
// it is one, else a quoted string.
func propertyName(name string) string {
	if name != "" && name[0] != '-' && isCanonicalNumber(name) {
		return name
	}
	if isIdentifier(name) {
		return name
	}
	return quote(name)
}

// isCanonicalNumber reports String(Number(s)) === s.
func isCanonicalNumber(s string) bool {
	if s == "NaN" || s == "Infinity" {
		return true
	}
	if s[0] != '-' && (s[0] < '0' || s[0] > '9') {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return false
	}
	return ecma.FormatNumber(f) == s
}

// constText is JSON.stringify of a string, which openapi-typescript
// prints as the text of a string constant type.
func constText(s string) string { return string(ecma.AppendString(nil, s)) }

// jsString is JavaScript's String(v) of v as openapi-typescript reads it
// from the written spec, where an infinite number is null.
func jsString(v ecma.Value) string { return ecma.ToString(written(v)) }

// written is v as JSON text holds it: an infinite number, top-level or in
// an array, is null (objects go to String() whole).
func written(v ecma.Value) ecma.Value {
	switch t := v.(type) {
	case float64:
		if math.IsInf(t, 0) {
			return nil
		}
	case []ecma.Value:
		out := make([]ecma.Value, len(t))
		for i, x := range t {
			out[i] = written(x)
		}
		return out
	}
	return v
}

// serialized is openapi-typescript's JSDoc value text: JSON with two-space
// indentation for objects, arrays and null, String(v) for the rest.
func serialized(v ecma.Value) string {
	switch v.(type) {
	case *ecma.Object, []ecma.Value, nil:
		return string(ecma.Marshal(v, true))
	}
	return jsString(v)
}

// docLine trims s and continues its lines inside the comment, as
// openapi-typescript's .trim().replace(/\r?\n/g, "\n *     ") does.
func docLine(s string) string {
	s = ecma.Trim(s)
	if !strings.Contains(s, "\n") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\n *     ")
}

// docComment is addJSDocComment: the text between "/*" and "*/" of the
// comment openapi-typescript puts before a member, or "" for none.
func docComment(v ecma.Value) string {
	o, ok := v.(*ecma.Object)
	if !ok {
		return ""
	}
	var out []string
	if t, _ := o.Get("title"); ecma.Truthy(t) {
		out = append(out, docLine(jsString(t)))
	}
	if t, _ := o.Get("summary"); ecma.Truthy(t) {
		out = append(out, docLine(jsString(t)))
	}
	if t, _ := o.Get("format"); ecma.Truthy(t) {
		out = append(out, "Format: "+jsString(t))
	}
	if t, _ := o.Get("deprecated"); ecma.Truthy(t) {
		out = append(out, "@deprecated")
	}
	for _, field := range []string{"description", "default", "example"} {
		t, ok := o.Get(field)
		if !ok || (t == "" && field == "description") {
			continue
		}
		out = append(out, "@"+field+" "+docLine(serialized(t)))
	}
	if ex, ok := o.Array("examples"); ok {
		for _, e := range ex {
			out = append(out, "@example "+docLine(serialized(e)))
		}
	}
	if o.Has("const") {
		out = append(out, "@constant")
	}
	if e, _ := o.Get("enum"); ecma.Truthy(e) {
		typ := "unknown"
		switch t, _ := o.Get("type"); tt := t.(type) {
		case []ecma.Value:
			parts := make([]string, len(tt))
			for i, x := range tt {
				if x != nil {
					parts[i] = jsString(x)
				}
			}
			typ = strings.Join(parts, "|")
		case string:
			typ = tt
		}
		if n, _ := o.Get("nullable"); ecma.Truthy(n) {
			typ += "|null"
		}
		out = append(out, "@enum {"+typ+"}")
	}
	if len(out) == 0 {
		return ""
	}
	multi := false
	for _, s := range out {
		if strings.Contains(s, "\n") {
			multi = true
		}
	}
	var text string
	if len(out) == 1 && !multi {
		text = "* " + out[0] + " "
	} else {
		text = "*\n * " + strings.Join(out, "\n * ") + "\n "
	}
	return strings.ReplaceAll(toUTF8(text), "*/", `*\/`)
}

// toUTF8 replaces lone surrogates (WTF-8) by U+FFFD, as writing a
// JavaScript string to a UTF-8 file does.
func toUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// One WTF-8 surrogate is three bytes; anything else invalid is one.
			if s[i] == 0xED && i+2 < len(s) {
				size = 3
			}
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// comment prints a leading comment as TypeScript's writeCommentRange does:
// the comment is split at line breaks (\r\n, \r, \n, U+2028, U+2029), every
// line is trimmed, and the lines after the first are indented by the
// member's indentation plus the line's own leading white space.
func (p *printer) comment(text string, depth int) {
	full := "/*" + text + "*/"
	first := true
	for len(full) > 0 || first {
		line, rest, _ := cutLine(full)
		full = rest
		if !first {
			n := depth*4 + leadingIndent(line)
			for range n {
				p.b.WriteByte(' ')
			}
		}
		t := ecma.Trim(line)
		if t == "" {
			p.b.WriteByte('\n')
			first = false
			continue
		}
		if first {
			p.indent(depth)
		}
		p.b.WriteString(t)
		p.b.WriteByte('\n')
		first = false
	}
}

// cutLine splits s at its first line break.
func cutLine(s string) (line, rest string, found bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			return s[:i], s[i+1:], true
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				return s[:i], s[i+2:], true
			}
			return s[:i], s[i+1:], true
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			return s[:i], s[i+3:], true
		}
	}
	return s, "", false
}

// leadingIndent is calculateIndent: the width of the line's leading white
// space, a tab reaching the next multiple of four.
func leadingIndent(line string) int {
	n := 0
	for _, r := range line {
		switch {
		case r == '\t':
			n += 4 - n%4
		case r == ' ' || r == '\v' || r == '\f' || r == 0xA0 || r == 0x85 || r == 0x1680 ||
			(r >= 0x2000 && r <= 0x200B) || r == 0x202F || r == 0x205F || r == 0x3000 || r == 0xFEFF:
			n++
		default:
			return n
		}
	}
	return n
}
