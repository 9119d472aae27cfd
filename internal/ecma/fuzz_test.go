package ecma

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks the reader against encoding/json on which texts are
// JSON, and that printing what was read and reading it again is stable.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,-0,"\ud800x"]}`, `{"10":1,"2":{"b":null}}`, `"\u2028<>&"`, `[1e400]`, `{"a":1,"a":2}`, `  true `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if utf8.Valid(data) && json.Valid(data) != (err == nil) {
			// encoding/json allows deeper nesting; that is the one difference.
			if se, ok := err.(*SyntaxError); !ok || len(se.Msg) < 6 || se.Msg[:6] != "nested" {
				t.Fatalf("Parse and encoding/json disagree on %q: %v", data, err)
			}
		}
		if err != nil {
			return
		}
		for _, indent := range []bool{false, true} {
			out := Marshal(v, indent)
			v2, err := Parse(out)
			if err != nil {
				t.Fatalf("cannot read back %q: %v", out, err)
			}
			if again := Marshal(v2, indent); string(again) != string(out) {
				t.Fatalf("unstable: %q then %q", out, again)
			}
		}
	})
}
