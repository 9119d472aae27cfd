package ecma

import (
	"testing"
	"unicode"
)

// TestIsSpaceIsECMAScripts checks IsSpace, and the \s of CompileRegExp,
// against ECMA-262's definition: WhiteSpace (TAB, VT, FF, ZWNBSP and every
// Zs character) and LineTerminator (LF, CR, LS, PS).
func TestIsSpaceIsECMAScripts(t *testing.T) {
	re, err := CompileRegExp(`^\s$`)
	if err != nil {
		t.Fatal(err)
	}
	for r := rune(0); r <= 0xFFFF; r++ {
		want := unicode.Is(unicode.Zs, r)
		switch r {
		case '\t', '\v', '\f', 0xFEFF, '\n', '\r', 0x2028, 0x2029:
			want = true
		}
		if got := IsSpace(r); got != want {
			t.Errorf("IsSpace(%U) = %v, want %v", r, got, want)
		}
		if r < 0xD800 || r > 0xDFFF {
			if got := re.re.MatchString(string(r)); got != want {
				t.Errorf(`\s matches %U: %v, want %v`, r, got, want)
			}
		}
	}
}

func TestTrim(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\ufeff\u00a0 x y\u2028\u3000\r\n", "x y"},
		// U+0085 and U+200B are not JavaScript white space (Go's TrimSpace removes U+0085).
		{"\u0085x\u200b", "\u0085x\u200b"},
		{"\t\v\f", ""},
	}
	for _, tt := range tests {
		if got := Trim(tt.in); got != tt.want {
			t.Errorf("Trim(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
