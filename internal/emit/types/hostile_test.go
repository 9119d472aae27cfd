package types_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/emit/types"
	"github.com/agentmc/agentmc-gen/internal/hostile"
)

// benign is the payload the hostile specs are compared with: text that
// needs no escaping anywhere.
const benign = "Benign"

// TestHostileSpecs generates schema.ts from every hostile case and checks
// that the payload stays inside JSDoc comments and string literals: the
// file tokenizes to the same structure as the same case with a benign
// payload, every comment closes only at its end, and every string literal
// is well formed.
func TestHostileSpecs(t *testing.T) {
	for _, c := range hostile.Cases() {
		if c.WantError {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			ref := hostile.Case{Field: c.Field, Payload: hostile.Payload{Text: benign}}
			compare(t, schemaTS(t, c.Spec()), schemaTS(t, ref.Spec()), c.Payload.Text)
		})
	}
	for _, p := range hostile.Payloads {
		t.Run("everywhere/"+p.Name, func(t *testing.T) {
			compare(t, schemaTS(t, hostile.Everywhere(p.Text)), schemaTS(t, hostile.EverywhereAs(p.Text, benign)), p.Text)
		})
	}
}

func schemaTS(t *testing.T, spec []byte) string {
	t.Helper()
	cfg, _ := config.Preset("agentmc")
	cfg.Emit = []string{"types"}
	res, err := generator.Generate(cfg, spec)
	if err != nil {
		t.Fatal(err)
	}
	return string(res.Files.Get(types.Path).Data)
}

func compare(t *testing.T, got, want, payload string) {
	t.Helper()
	g, err := structure(got, payload)
	if err != nil {
		t.Fatalf("hostile schema.ts: %v", err)
	}
	w, err := structure(want, benign)
	if err != nil {
		t.Fatalf("benign schema.ts: %v", err)
	}
	if g != w {
		t.Errorf("the payload changed the token structure of schema.ts:\n got %s\nwant %s", g, w)
	}
}

// structure tokenizes TypeScript declarations: comments become C, string
// literals S, and an identifier that is the payload itself (a property
// name needing no quotes) S too; every other token stays as written.
func structure(src, payload string) (string, error) {
	var out []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\n':
			i++
		case strings.HasPrefix(src[i:], "/*"):
			if !strings.HasPrefix(src[i:], "/**") {
				return "", fmt.Errorf("offset %d: a comment that is not JSDoc", i)
			}
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return "", fmt.Errorf("offset %d: unclosed comment", i)
			}
			out = append(out, "C")
			i += 2 + end + 2
		case strings.HasPrefix(src[i:], "//"):
			return "", fmt.Errorf("offset %d: a line comment", i)
		case c == '"':
			n, err := stringLiteral(src[i:])
			if err != nil {
				return "", fmt.Errorf("offset %d: %v", i, err)
			}
			out = append(out, "S")
			i += n
		case isIdentStart(c) || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(src) && (isIdentStart(src[j]) || (src[j] >= '0' && src[j] <= '9') || src[j] == '.') {
				j++
			}
			if tok := src[i:j]; tok == payload {
				out = append(out, "S")
			} else {
				out = append(out, tok)
			}
			i = j
		case c < 0x80:
			out = append(out, string(c))
			i++
		default:
			return "", fmt.Errorf("offset %d: non-ASCII text outside comments and strings", i)
		}
	}
	blocks, _ := sortMembers(out, 0)
	return strings.Join(blocks, " "), nil
}

// sortMembers returns toks from i up to the "}" closing the current block,
// with the members of every { } block in sorted order: the harness writes
// object keys sorted, so a payload name can take another place than the
// benign one.
func sortMembers(toks []string, i int) ([]string, int) {
	var members []string
	var cur []string
	for i < len(toks) {
		tok := toks[i]
		switch tok {
		case "{":
			inner, next := sortMembers(toks, i+1)
			cur = append(cur, "{", strings.Join(inner, " "), "}")
			i = next + 1
			continue
		case "}":
			members = append(members, strings.Join(cur, " "))
			sort.Strings(members)
			return members, i
		case ";":
			cur = append(cur, ";")
			members = append(members, strings.Join(cur, " "))
			cur = nil
		default:
			cur = append(cur, tok)
		}
		i++
	}
	members = append(members, strings.Join(cur, " "))
	return members, i
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// stringLiteral returns the length of the double-quoted literal at the
// start of s, checking that it holds no raw line break or control
// character and only the escapes TypeScript and JSON define.
func stringLiteral(s string) (int, error) {
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(s) {
				return 0, fmt.Errorf("unterminated escape")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'v', '0':
				i += 2
			case 'x':
				if !strings.HasPrefix(s[i:], `\x00`) {
					return 0, fmt.Errorf("escape %q", s[i:i+4])
				}
				i += 4
			case 'u':
				if i+6 > len(s) || strings.Trim(s[i+2:i+6], "0123456789abcdefABCDEF") != "" {
					return 0, fmt.Errorf("bad \\u escape")
				}
				i += 6
			default:
				return 0, fmt.Errorf("escape \\%c", e)
			}
		case c < 0x20:
			return 0, fmt.Errorf("raw control character %#x in a string literal", c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return 0, fmt.Errorf("invalid UTF-8 in a string literal")
			}
			i += size
		}
	}
	return 0, fmt.Errorf("unterminated string literal")
}
