package ecma

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Marshal returns v as JSON.stringify(v, null, 2) prints it when indent is
// true, or as JSON.stringify(v) when it is false.
func Marshal(v Value, indent bool) []byte {
	w := writer{indent: indent, buf: make([]byte, 0, 1024)}
	w.value(v, 0)
	return w.buf
}

// MarshalString is Marshal returning a string.
func MarshalString(v Value, indent bool) string { return string(Marshal(v, indent)) }

// AppendValue appends v to b as Marshal would print it, with every line
// after the first indented by prefix depth levels of two spaces.
func AppendValue(b []byte, v Value, indent bool, depth int) []byte {
	w := writer{buf: b, indent: indent}
	w.value(v, depth)
	return w.buf
}

type writer struct {
	buf    []byte
	indent bool
}

func (w *writer) newline(depth int) {
	if !w.indent {
		return
	}
	n := 2*depth + 1
	if n <= len(indentSpaces) {
		w.buf = append(w.buf, indentSpaces[:n]...)
		return
	}
	w.buf = append(w.buf, indentSpaces...)
	for range n - len(indentSpaces) {
		w.buf = append(w.buf, ' ')
	}
}

// indentSpaces is a newline and spaces, sliced for each line's indent.
var indentSpaces = "\n" + strings.Repeat(" ", 255)

func (w *writer) value(v Value, depth int) {
	switch t := v.(type) {
	case nil:
		w.buf = append(w.buf, "null"...)
	case bool:
		w.buf = strconv.AppendBool(w.buf, t)
	case float64:
		w.buf = AppendNumber(w.buf, t)
	case string:
		w.buf = AppendString(w.buf, t)
	case []Value:
		if len(t) == 0 {
			w.buf = append(w.buf, "[]"...)
			return
		}
		w.buf = append(w.buf, '[')
		for i, x := range t {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.newline(depth + 1)
			w.value(x, depth+1)
		}
		w.newline(depth)
		w.buf = append(w.buf, ']')
	case *Object:
		if t.Len() == 0 {
			w.buf = append(w.buf, "{}"...)
			return
		}
		w.buf = append(w.buf, '{')
		for i, k := range t.keys {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.newline(depth + 1)
			w.buf = AppendString(w.buf, k)
			w.buf = append(w.buf, ':')
			if w.indent {
				w.buf = append(w.buf, ' ')
			}
			w.value(t.vals[i], depth+1)
		}
		w.newline(depth)
		w.buf = append(w.buf, '}')
	default:
		panic("ecma: not a JSON value")
	}
}

// FormatNumber prints f as JavaScript's Number.prototype.toString does, and
// NaN and ±Infinity as JSON.stringify does ("null").
func FormatNumber(f float64) string { return string(AppendNumber(nil, f)) }

// AppendNumber appends FormatNumber(f) to b.
func AppendNumber(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	if f == 0 {
		return append(b, '0') // -0 prints as 0
	}
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	if f == math.Trunc(f) && f < 1e21 {
		if f < 1<<53 {
			return strconv.AppendUint(b, uint64(f), 10)
		}
	}
	// Shortest digits that read back, and the decimal exponent:
	// f = 0.d1d2...dk × 10^n (ECMAScript's k and n).
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(string(e), "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1
	switch {
	case k <= n && n <= 21:
		b = append(b, digits...)
		for range n - k {
			b = append(b, '0')
		}
	case 0 < n && n <= 21:
		b = append(b, digits[:n]...)
		b = append(b, '.')
		b = append(b, digits[n:]...)
	case -6 < n && n <= 0:
		b = append(b, '0', '.')
		for range -n {
			b = append(b, '0')
		}
		b = append(b, digits...)
	default:
		b = append(b, digits[0])
		if k > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if n-1 >= 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(n-1), 10)
	}
	return b
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string the way JSON.stringify writes it:
// only '"', '\\' and control characters are escaped, and lone surrogates
// (held as WTF-8) are written as \udxxx escapes.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 && c == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 {
				// A lone surrogate in WTF-8.
				b = append(b, s[start:i]...)
				sr := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
				b = append(b, '\\', 'u', hexDigits[sr>>12&0xF], hexDigits[sr>>8&0xF], hexDigits[sr>>4&0xF], hexDigits[sr&0xF])
				i += 3
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
