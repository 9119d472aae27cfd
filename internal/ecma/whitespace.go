package ecma

import (
	"strconv"
	"strings"
	"unicode"
)

// space is JavaScript's WhiteSpace and LineTerminator (ECMA-262 §12.2,
// §12.3): what String.prototype.trim removes and a regular expression's
// \s matches. Go's unicode.IsSpace differs (it has U+0085, lacks U+FEFF).
var space = &unicode.RangeTable{R16: []unicode.Range16{
	{Lo: '\t', Hi: '\r', Stride: 1}, // \t \n \v \f \r
	{Lo: ' ', Hi: ' ', Stride: 1},
	{Lo: 0xA0, Hi: 0xA0, Stride: 1},
	{Lo: 0x1680, Hi: 0x1680, Stride: 1},
	{Lo: 0x2000, Hi: 0x200A, Stride: 1},
	{Lo: 0x2028, Hi: 0x2029, Stride: 1},
	{Lo: 0x202F, Hi: 0x202F, Stride: 1},
	{Lo: 0x205F, Hi: 0x205F, Stride: 1},
	{Lo: 0x3000, Hi: 0x3000, Stride: 1},
	{Lo: 0xFEFF, Hi: 0xFEFF, Stride: 1},
}}

// IsSpace reports whether r is JavaScript white space or a line
// terminator, as String.prototype.trim and \s see it.
func IsSpace(r rune) bool { return unicode.Is(space, r) }

// Trim removes leading and trailing white space and line terminators, as
// String.prototype.trim does.
func Trim(s string) string { return strings.TrimFunc(s, IsSpace) }

// spaceClass is the space set as the members of an RE2 character class.
var spaceClass = func() string {
	var b strings.Builder
	for _, r := range space.R16 {
		b.WriteString(`\x{` + strconv.FormatUint(uint64(r.Lo), 16) + `}`)
		if r.Hi != r.Lo {
			b.WriteString(`-\x{` + strconv.FormatUint(uint64(r.Hi), 16) + `}`)
		}
	}
	return b.String()
}()
