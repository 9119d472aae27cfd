package ecma

import "testing"

// TestRegExpFollowsJavaScript checks replacements against what Node.js's
// s.replace(new RegExp(pattern, "g"), replacement) returns.
func TestRegExpFollowsJavaScript(t *testing.T) {
	tests := []struct{ pattern, replacement, in, want string }{
		// \s includes NBSP and U+FEFF; \S excludes them.
		{`a\sb`, "-", "a\u00a0b a\ufeffb a\u0085b", "- - a\u0085b"},
		{`\S+`, "x", "a\u3000b", "x\u3000x"},
		{`[\s,]+`, "|", "a, \u2028b", "a|b"},
		// The dot stops at U+2028 as at \n.
		{`a.b`, "-", "a\u2028b a\nb a b", "a\u2028b a\nb -"},
		{`\u00e9`, "e", "caf\u00e9", "cafe"},
		{`a\/b`, "|", "a/b", "|"},
		{`(\w+)@(\w+)`, "$2 at $1 ($&) $$ $3 $<x>", "me@host and you@there",
			"host at me (me@host) $ $3 $<x> and there at you (you@there) $ $3 $<x>"},
		{`(?<user>\w+)@`, "[$<user>]", "a@b", "[a]b"},
		{`a`, "$`|$'", "xay", "xx|yy"},
		{`(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)`, "$11$10$1$01$111", "abcdefghijk", "kjaak1"},
	}
	for _, tt := range tests {
		re, err := CompileRegExp(tt.pattern)
		if err != nil {
			t.Errorf("%q: %v", tt.pattern, err)
			continue
		}
		if got := re.ReplaceAll(tt.in, tt.replacement); got != tt.want {
			t.Errorf("%q.replace(/%s/g, %q) = %q, want %q", tt.in, tt.pattern, tt.replacement, got, tt.want)
		}
	}
}

func TestCompileRegExpRejects(t *testing.T) {
	for _, p := range []string{`(?=a)`, `(?<!a)b`, `(a)\1`, `[]`, `[^]`, `[\S]`, `(`} {
		if _, err := CompileRegExp(p); err == nil {
			t.Errorf("CompileRegExp(%q) accepted", p)
		}
	}
}
