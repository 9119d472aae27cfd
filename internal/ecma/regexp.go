package ecma

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// RegExp is a JavaScript regular expression without flags, translated to
// an equivalent RE2 one.
type RegExp struct{ re *regexp.Regexp }

// CompileRegExp compiles pattern as new RegExp(pattern) reads it. It
// translates the classes whose meaning differs (\s, \S and the dot, which
// in JavaScript stops at all line terminators) and rejects what RE2 cannot
// do (lookaround, backreferences, empty classes).
func CompileRegExp(pattern string) (*RegExp, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\' && i+1 < len(pattern):
			i++
			e := pattern[i]
			switch {
			case e == 's' && inClass:
				b.WriteString(spaceClass)
			case e == 's':
				b.WriteString("[" + spaceClass + "]")
			case e == 'S' && !inClass:
				b.WriteString("[^" + spaceClass + "]")
			case e == 'S':
				return nil, fmt.Errorf(`\S inside a character class is not supported`)
			case e >= '1' && e <= '9':
				return nil, fmt.Errorf("backreferences are not supported")
			case e == '/':
				b.WriteByte('/')
			case e == 'u' && i+4 < len(pattern) && pattern[i+1] != '{':
				b.WriteString(`\x{` + pattern[i+1:i+5] + `}`)
				i += 4
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			if i+1 < len(pattern) && pattern[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(pattern) && pattern[i+1] == ']' {
				// JavaScript's [] matches nothing and [^] anything; RE2 reads ] as a member.
				return nil, fmt.Errorf("empty character classes are not supported")
			}
		case c == '.':
			b.WriteString(`[^\n\r\x{2028}\x{2029}]`)
		case c == '(' && (strings.HasPrefix(pattern[i:], "(?=") || strings.HasPrefix(pattern[i:], "(?!") ||
			strings.HasPrefix(pattern[i:], "(?<=") || strings.HasPrefix(pattern[i:], "(?<!")):
			return nil, fmt.Errorf("lookaround is not supported")
		default:
			b.WriteByte(c)
		}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, err
	}
	return &RegExp{re}, nil
}

// ReplaceAll replaces every match in s as s.replace(re, replacement) does
// for a global re: replacement may hold $$, $&, $`, $', $n, $nn and
// $<name>.
func (r *RegExp) ReplaceAll(s, replacement string) string {
	matches := r.re.FindAllStringSubmatchIndex(s, -1)
	if matches == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		b.WriteString(s[last:m[0]])
		expand(&b, replacement, s, m, r.re)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// expand writes the replacement for one match as String.prototype.replace
// does: $$, $&, $`, $', $n, $nn and $<name>.
func expand(b *strings.Builder, repl, s string, m []int, re *regexp.Regexp) {
	group := func(n int) string {
		if m[2*n] < 0 {
			return ""
		}
		return s[m[2*n]:m[2*n+1]]
	}
	groups := len(m)/2 - 1
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '$' || i+1 >= len(repl) {
			b.WriteByte(c)
			continue
		}
		n := repl[i+1]
		switch {
		case n == '$':
			b.WriteByte('$')
			i++
		case n == '&':
			b.WriteString(s[m[0]:m[1]])
			i++
		case n == '`':
			b.WriteString(s[:m[0]])
			i++
		case n == '\'':
			b.WriteString(s[m[1]:])
			i++
		case n >= '0' && n <= '9':
			// Two digits when they name a group, else one.
			if i+2 < len(repl) && repl[i+2] >= '0' && repl[i+2] <= '9' {
				if k, _ := strconv.Atoi(repl[i+1 : i+3]); k >= 1 && k <= groups {
					b.WriteString(group(k))
					i += 2
					continue
				}
			}
			if k := int(n - '0'); k >= 1 && k <= groups {
				b.WriteString(group(k))
				i++
				continue
			}
			b.WriteByte('$')
		case n == '<':
			end := strings.IndexByte(repl[i:], '>')
			idx := -1
			if end > 0 {
				idx = re.SubexpIndex(repl[i+2 : i+end])
			}
			if idx < 0 {
				b.WriteByte('$')
				continue
			}
			b.WriteString(group(idx))
			i += end
		default:
			b.WriteByte('$')
		}
	}
}
