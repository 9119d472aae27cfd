package mock

import (
	"fmt"
	"strconv"
	"strings"
)

// Prefer holds the preferences of a request (RFC 7240), as Prism reads
// them: "Prefer: code=404, example=notFound, dynamic=true, seed=7".
type Prefer struct {
	// Code is the status to answer with; 0 for the primary success.
	Code int
	// Example names an entry of the response's "examples" map.
	Example string
	// Dynamic asks for an example synthesised from the schema; DynamicSet
	// tells whether the request said so either way.
	Dynamic, DynamicSet bool
	// Seed seeds the synthesised example; SeedSet tells whether it was given.
	Seed    uint64
	SeedSet bool
}

// ParsePrefer reads Prefer header values. Preferences other than code,
// example, dynamic and seed are ignored, as RFC 7240 asks; a known one with
// a malformed value is an error.
func ParsePrefer(values []string) (Prefer, error) {
	var p Prefer
	for _, v := range values {
		for _, item := range splitQuoted(v, ',') {
			// Parameters after ';' do not matter to any preference read here.
			item = splitQuoted(item, ';')[0]
			name, value, _ := strings.Cut(item, "=")
			name, value = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)
			if uq, err := strconv.Unquote(value); err == nil && strings.HasPrefix(value, `"`) {
				value = uq
			}
			switch name {
			case "code":
				n, err := strconv.Atoi(value)
				if err != nil || n < 100 || n > 599 {
					return p, fmt.Errorf("code=%s: want an HTTP status from 100 to 599", strconv.Quote(value))
				}
				p.Code = n
			case "example":
				if value == "" {
					return p, fmt.Errorf("example=: want the name of an example")
				}
				p.Example = value
			case "dynamic":
				b, err := strconv.ParseBool(value)
				if err != nil {
					return p, fmt.Errorf("dynamic=%s: want true or false", strconv.Quote(value))
				}
				p.Dynamic, p.DynamicSet = b, true
			case "seed":
				n, err := strconv.ParseUint(value, 10, 64)
				if err != nil {
					return p, fmt.Errorf("seed=%s: want a non-negative integer", strconv.Quote(value))
				}
				p.Seed, p.SeedSet = n, true
			}
		}
	}
	return p, nil
}

// splitQuoted splits s at sep outside double-quoted strings.
func splitQuoted(s string, sep byte) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quoted:
			i++
		case s[i] == '"':
			quoted = !quoted
		case s[i] == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
