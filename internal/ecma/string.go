package ecma

import (
	"math"
	"strings"
)

// ToString converts v to text as JavaScript's String(v) does: null and
// booleans as their names, numbers as Number.prototype.toString prints
// them, an array as its items' texts joined by commas (null as empty), an
// object as "[object Object]".
func ToString(v Value) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return t
	case bool:
		if t {
			return "true"
		}
		return "false"
	case float64:
		switch {
		case math.IsNaN(t):
			return "NaN"
		case math.IsInf(t, 1):
			return "Infinity"
		case math.IsInf(t, -1):
			return "-Infinity"
		}
		return FormatNumber(t)
	case []Value:
		parts := make([]string, len(t))
		for i, x := range t {
			if x != nil {
				parts[i] = ToString(x)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// Truthy is JavaScript's Boolean(v) for a JSON value: false for null,
// false, 0, -0, NaN and "", true for everything else (Infinity, which
// JSON.parse gives for 1e400, and every object and array included).
func Truthy(v Value) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case float64:
		return t != 0 && t == t
	case string:
		return t != ""
	}
	return true
}
