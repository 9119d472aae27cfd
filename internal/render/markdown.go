package render

import (
	"strings"
	"unicode/utf8"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// Spec text reaches a markdown page only through the functions of this
// file: Inline (text inside a line: a list item, a heading, a link text),
// Cell (a table cell), Code (an inline code span), Block (a description:
// paragraphs) and Fence (a fenced code block). Whatever the text holds, it
// cannot start a block, end the one it is in, open a link or add raw HTML:
//
//   - every line separator a renderer may break on (\r\n, \r, \n, U+0085,
//     U+2028, U+2029) is a line break: inline text gets a space instead;
//   - '\' and '<' are backslash-escaped (no raw HTML or autolink), and so
//     is ']' before '(' or '[' (no link); in link texts and headings every
//     bracket is; in Block a line's first character is
//     escaped when it could start a block (heading, list, quote, fence,
//     thematic break, setext underline, table row);
//   - a backtick run stays as written only when it opens a code span that
//     closes on the same line (its content is then shown as written, and
//     nothing inside is markup); any other backtick is escaped.
//
// Text the published pages hold (identifiers, plain sentences, code spans)
// has none of these characters outside code spans, so it is unchanged.

// isLineBreak reports whether r separates lines for some renderer.
func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// hasLineBreak is strings.ContainsFunc(s, isLineBreak) without decoding
// the runes of text that has no candidate byte.
func hasLineBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r':
			return true
		case 0xC2, 0xE2: // the lead bytes of U+0085, U+2028, U+2029
			return strings.ContainsFunc(s[i:], isLineBreak)
		}
	}
	return false
}

// oneLineText replaces each run of line separators by one space.
func oneLineText(s string) string {
	s = validText(s)
	if !hasLineBreak(s) {
		return s
	}
	var b strings.Builder
	inRun := false
	for _, r := range s {
		if isLineBreak(r) {
			if !inRun {
				b.WriteByte(' ')
			}
			inRun = true
			continue
		}
		inRun = false
		b.WriteRune(r)
	}
	return b.String()
}

// Inline makes text safe inside one line of markdown: a list item, a
// heading or a link text.
func Inline(s string) string {
	return escapeLine(oneLineText(s), inlineMode)
}

// Cell makes text safe in a markdown table cell: each run of line breaks
// becomes one space, the result is trimmed as JavaScript's trim does, and
// every '|' is escaped (also inside code spans, as GFM tables require).
func Cell(s string) string {
	return escapeLine(ecma.Trim(oneLineText(s)), cellMode)
}

// Code is text as an inline code span: the delimiter is one backtick more
// than the longest backtick run inside, padded with a space when the text
// starts or ends with a backtick.
func Code(s string) string {
	s = oneLineText(s)
	n := longestRun(s, '`', false) + 1
	fence := strings.Repeat("`", n)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// LinkCell is Cell for a link's text inside a table cell: brackets escaped too.
func LinkCell(s string) string {
	return escapeLine(ecma.Trim(oneLineText(s)), linkCellMode)
}

// CellCode is Code inside a table cell: every '|' escaped.
func CellCode(s string) string {
	return strings.ReplaceAll(Code(s), "|", `\|`)
}

// Block makes text safe as a sequence of paragraphs: lines lose their
// leading white space (no indented code), and a line whose first character
// could start a block has it escaped.
func Block(s string) string {
	if s == "" || !hasLineBreak(s) && s[0] != ' ' && s[0] != '\t' && !needsEscape(s, blockMode) && utf8.ValidString(s) {
		return s
	}
	lines := splitLines(validText(s))
	for i, l := range lines {
		lines[i] = escapeLine(strings.TrimLeft(l, " \t"), blockMode)
	}
	return strings.Join(lines, "\n")
}

// Fence is body inside a fenced code block: the fence is one backtick
// longer than any backtick run that starts a line of body, so that no line
// of it can close the block.
func Fence(info, body string) string {
	fence := "```"
	if n := longestRun(body, '`', true); n >= 3 {
		fence = strings.Repeat("`", n+1)
	}
	return fence + info + "\n" + body + "\n" + fence
}

// validText replaces bytes that are not UTF-8 (such as a lone surrogate,
// which the loader keeps in WTF-8) by U+FFFD.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// splitLines splits s at every line separator (\r\n counts as one).
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isLineBreak(r) {
			i += size
			continue
		}
		lines = append(lines, s[start:i])
		i += size
		if r == '\r' && i < len(s) && s[i] == '\n' {
			i++
		}
		start = i
	}
	return append(lines, s[start:])
}

type escapeMode int

const (
	escHash      escapeMode = 1 << iota // '#' (a heading's closing sequence)
	escPipe                             // every '|', also inside code spans
	escBrackets                         // every '[' and ']'; otherwise only a ']' before '(' or '['
	escLineStart                        // a block start at the beginning of the line
)

const (
	inlineMode   = escHash | escBrackets
	cellMode     = escPipe
	linkCellMode = escPipe | escBrackets
	blockMode    = escLineStart
)

// escapeLine escapes one line of text (no line separators) as the file
// comment describes.
func escapeLine(s string, mode escapeMode) string {
	if !needsEscape(s, mode) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	i := 0
	if mode&escLineStart != 0 {
		i = escapeBlockStart(&b, s)
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == '`':
			n := runAt(s, i, '`')
			if end := closingRun(s, i+n, n); end >= 0 {
				span := s[i : end+n]
				if mode&escPipe != 0 {
					span = strings.ReplaceAll(span, "|", `\|`)
				}
				b.WriteString(span)
				i = end + n
				continue
			}
			for range n {
				b.WriteString("\\`")
			}
			i += n
			continue
		case c == '\\' || c == '<',
			(c == '[' || c == ']') && mode&escBrackets != 0,
			c == ']' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '['),
			c == '#' && mode&escHash != 0,
			c == '|' && mode&escPipe != 0:
			b.WriteByte('\\')
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func needsEscape(s string, mode escapeMode) bool {
	if mode&escLineStart != 0 && startsBlock(s) {
		return true
	}
	return strings.ContainsAny(s, escapeSets[mode])
}

// escapeSets are the characters each mode escapes, leading ones aside.
var escapeSets = map[escapeMode]string{
	inlineMode:   "\\<[]`#",
	cellMode:     "\\<]`|",
	linkCellMode: "\\<[]`|",
	blockMode:    "\\<]`",
}

// blockStarts are the characters that can start a block (or a setext
// underline, a table delimiter row or a link reference definition) when
// they begin a line.
const blockStarts = "#>+-*=_|:~["

// startsBlock reports whether a line (without leading white space) could
// start a block or be a setext underline or table delimiter row.
func startsBlock(s string) bool {
	if s == "" {
		return false
	}
	if strings.IndexByte(blockStarts, s[0]) >= 0 {
		return true
	}
	return orderedMarker(s) > 0
}

// orderedMarker is the length of the digits of an ordered list marker
// ("1." or "1)") at the start of s, or 0.
func orderedMarker(s string) int {
	n := 0
	for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		return n
	}
	return 0
}

// escapeBlockStart writes the escaped block start of line s and returns how
// many bytes of s it consumed.
func escapeBlockStart(b *strings.Builder, s string) int {
	if s == "" {
		return 0
	}
	if strings.IndexByte(blockStarts, s[0]) >= 0 {
		b.WriteByte('\\')
		b.WriteByte(s[0])
		return 1
	}
	if n := orderedMarker(s); n > 0 {
		b.WriteString(s[:n])
		b.WriteByte('\\')
		b.WriteByte(s[n])
		return n + 1
	}
	return 0
}

// runAt is the length of the run of c starting at s[i].
func runAt(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingRun is the start of the first run of exactly n backticks at or
// after from, or -1.
func closingRun(s string, from, n int) int {
	for i := from; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		k := runAt(s, i, '`')
		if k == n {
			return i
		}
		i += k
	}
	return -1
}

// longestRun is the longest run of c in s; with atLineStart, only runs
// that start a line after at most three spaces count.
func longestRun(s string, c byte, atLineStart bool) int {
	longest := 0
	for i := 0; i < len(s); {
		if s[i] != c {
			i++
			continue
		}
		n := runAt(s, i, c)
		if !atLineStart || lineStartsAt(s, i) {
			longest = max(longest, n)
		}
		i += n
	}
	return longest
}

// lineStartsAt reports whether only up to three spaces precede s[i] on its line.
func lineStartsAt(s string, i int) bool {
	for k := 1; k <= 4; k++ {
		if i-k < 0 || s[i-k] == '\n' || s[i-k] == '\r' {
			return true
		}
		if s[i-k] != ' ' || k == 4 {
			return false
		}
	}
	return false
}
