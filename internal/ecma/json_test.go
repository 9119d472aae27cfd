package ecma

import (
	"math"
	"strings"
	"testing"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

func TestRoundTripMatchesJavaScript(t *testing.T) {
	// Each want is what JSON.stringify(JSON.parse(in)) prints in Node.js.
	tests := []struct{ in, want string }{
		{`{"b":1,"a":2,"10":3,"2":4,"01":5,"-1":6,"4294967295":7,"4294967294":8}`,
			`{"2":4,"10":3,"4294967294":8,"b":1,"a":2,"01":5,"-1":6,"4294967295":7}`},
		{`{"a":1,"b":2,"a":3}`, `{"a":3,"b":2}`},
		{`[1e21, 1e20, 1e-7, 1e-6, -0, 0.1, 1.5, 12345678901234567890, 144220, 5e-324, 1.7976931348623157e308, 1e400, -1e400]`,
			`[1e+21,100000000000000000000,1e-7,0.000001,0,0.1,1.5,12345678901234567000,144220,5e-324,1.7976931348623157e+308,null,null]`},
		{`[123e-20, 0.000001234, 123456789012345680000, 1.25e+22, 100, 2.5e-7]`,
			`[1.23e-18,0.000001234,123456789012345680000,1.25e+22,100,2.5e-7]`},
		{`"\u0000\u001f\b\f\n\r\t\"\\\/"`, `"\u0000\u001f\b\f\n\r\t\"\\/"`},
		{`"<>&\u2028\u2029é😀"`, "\"<>&\u2028\u2029é😀\""},
		{`"\ud83d\ude00"`, `"😀"`},
		{`"\ud800"`, `"\ud800"`},
		{`"x\udfffy\ud800"`, `"x\udfffy\ud800"`},
		{`"\uDBFF\u0041"`, `"\udbffA"`},
		{`"\u007f\u0080"`, "\"\u007f\u0080\""},
		{` { } `, `{}`},
		{`[[],{},null,true,false]`, `[[],{},null,true,false]`},
	}
	for _, tt := range tests {
		v, err := Parse([]byte(tt.in))
		if err != nil {
			t.Fatalf("Parse(%s): %v", tt.in, err)
		}
		if got := MarshalString(v, false); got != tt.want {
			t.Errorf("round trip of %s\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestIndented(t *testing.T) {
	v, err := Parse([]byte(`{"a":[1,{"b":[]}],"c":{},"d":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ],\n  \"c\": {},\n  \"d\": \"x\"\n}"
	if got := MarshalString(v, true); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := map[float64]string{
		1e21: "1e+21", 1e-7: "1e-7", math.Copysign(0, -1): "0", 0.1: "0.1",
		12345678901234567890: "12345678901234567000", -1.5: "-1.5", 123.456: "123.456",
		1e-6: "0.000001", 999999999999999900000: "999999999999999900000",
		math.NaN(): "null", math.Inf(1): "null", 0.30000000000000004: "0.30000000000000004",
	}
	for f, want := range tests {
		if got := FormatNumber(f); got != want {
			t.Errorf("FormatNumber(%v) = %s, want %s", f, got, want)
		}
	}
}

func TestObjectOrder(t *testing.T) {
	o := NewObject(0)
	for _, k := range []string{"z", "5", "a", "1", "3", "z"} {
		o.Set(k, k)
	}
	if got := strings.Join(o.Keys(), ","); got != "1,3,5,z,a" {
		t.Errorf("keys = %s", got)
	}
	o.Delete("3")
	o.Set("2", "2")
	if got := strings.Join(o.Keys(), ","); got != "1,2,5,z,a" {
		t.Errorf("keys after delete = %s", got)
	}
	// Large objects use the map index; it must stay correct across inserts.
	big := NewObject(0)
	for i := range 40 {
		big.Set(string(rune('a'+i%26))+strings.Repeat("x", i/26), i)
	}
	big.Set("7", "seven")
	if v, _ := big.Get("bx"); v != 27 {
		t.Errorf("big.Get(bx) = %v", v)
	}
	if k, _ := big.At(0); k != "7" {
		t.Errorf("first key = %s", k)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		`{"a":}`:                        "line 1, column 6: unexpected '}'",
		"{\n\"a\" 1}":                   "line 2, column 5: expected ':'",
		`[1,]`:                          "unexpected ']'",
		`"a` + "\n\"":                   "control character",
		`01`:                            "after the JSON value",
		`{"a":1} x`:                     "after the JSON value",
		"\"\xff\"":                      "invalid UTF-8",
		`"\x"`:                          `invalid escape '\x'`,
		"\"\\\n\"":                      `invalid escape: '\' followed by U+000A in string`,
		"\"\\\u2028\"":                  `invalid escape: '\' followed by U+2028 in string`,
		`[1.]`:                          "no digits after '.'",
		strings.Repeat("[", MaxDepth+1): "nested deeper",
	}
	for in, want := range tests {
		_, err := Parse([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%.20q) error = %v, want it to contain %q", in, err, want)
		}
	}
}

func TestDeepIndent(t *testing.T) {
	in := strings.Repeat("[", 200) + strings.Repeat("]", 200)
	v, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out := MarshalString(v, true)
	lines := strings.Split(out, "\n")
	if len(lines) != 399 || lines[199] != strings.Repeat(" ", 2*199)+"[]" || lines[398] != "]" {
		t.Errorf("deep indentation wrong: %d lines, middle %q", len(lines), lines[199])
	}
}

func TestSame(t *testing.T) {
	o := NewObject(1)
	arr := []Value{1.0, "x"}
	cases := []struct {
		a, b Value
		want bool
	}{
		{o, o, true},
		{o, o.Clone(), false},
		{arr, arr, true},
		{arr, []Value{1.0, "x"}, false},
		{arr[:1], arr, false},
		{[]Value{}, []Value{}, true},
		{"x", "x", true},
		{1.0, 1.0, true},
		{"1", 1.0, false},
		{nil, nil, true},
	}
	for i, c := range cases {
		if got := Same(c.a, c.b); got != c.want {
			t.Errorf("case %d: Same(%v, %v) = %v, want %v", i, c.a, c.b, got, c.want)
		}
	}
}
