package ecma

import (
	"math"
	"testing"
)

func TestToString(t *testing.T) {
	obj := NewObject(1)
	obj.Set("a", 1.0)
	tests := []struct {
		v    Value
		want string
	}{
		{nil, "null"},
		{true, "true"},
		{"a,b", "a,b"},
		{1e21, "1e+21"},
		{math.Copysign(0, -1), "0"},
		{0.000001, "0.000001"},
		{math.NaN(), "NaN"},
		{math.Inf(-1), "-Infinity"},
		{[]Value{1.0, nil, "a", []Value{true, nil}, obj}, "1,,a,true,,[object Object]"},
		{obj, "[object Object]"},
	}
	for _, tt := range tests {
		if got := ToString(tt.v); got != tt.want {
			t.Errorf("ToString(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// Boolean(v) as Node.js gives it for each JSON value.
func TestTruthy(t *testing.T) {
	cases := []struct {
		v    Value
		want bool
	}{
		{nil, false}, {false, false}, {true, true},
		{0.0, false}, {math.Copysign(0, -1), false}, {math.NaN(), false},
		{1.0, true}, {-0.5, true}, {math.Inf(1), true}, {math.Inf(-1), true},
		{"", false}, {"0", true}, {"false", true},
		{NewObject(0), true}, {[]Value{}, true},
	}
	for _, c := range cases {
		if got := Truthy(c.v); got != c.want {
			t.Errorf("Truthy(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}
