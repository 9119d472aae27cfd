package golang

import (
	"fmt"
	"go/token"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
)

// Spec text reaches Go source in two ways only: as comment lines made by
// commentLines, and as double-quoted literals made by jen.Lit or
// strconv.Quote (which escape every byte that is not printable UTF-8, so a
// literal is always one line). Identifiers are built by exported and
// unexported from ASCII letters and digits alone.

// commentLines turns paragraphs of text (spec text among them) into Go
// comment lines, each starting with "//", wrapped at about 80 columns, with
// an empty "//" line between paragraphs. It is the one way text reaches a
// comment of the generated Go code:
//   - every line separator (\n, \r, \r\n, U+0085, U+2028, U+2029) breaks the
//     line, so nothing the text holds can start a line of its own;
//   - NUL, the BOM, other control characters, bidirectional overrides and
//     bytes that are not UTF-8 (lone surrogates, which the loader keeps as
//     WTF-8) are written as visible escapes such as \x00 or \uFEFF;
//   - every line is "// " and the text, and a line whose text would read as
//     a directive (go:, line, export, extern, +build, sys) gets a backslash
//     before it, wherever wrapping put it;
//   - lines are never /* */ blocks, so "*/" in the text closes nothing.
//
// The lines start with "//", so jennifer's Comment writes them verbatim.
func commentLines(paragraphs ...string) []string {
	var out []string
	for _, p := range paragraphs {
		p = strings.TrimSpace(docText(stripHTML(p)))
		if p == "" {
			continue
		}
		if len(out) > 0 {
			out = append(out, "//")
		}
		for _, line := range strings.Split(p, "\n") {
			for _, w := range wrapLine(strings.TrimRight(line, " \t"), 77) {
				out = append(out, commentLine(w))
			}
		}
	}
	return out
}

// htmlTag matches the tags of HTML's text markup, which descriptions
// written for web pages carry ("<b>x</b>", "<br/>", "<a href=…>"); other
// angle brackets ("List<String>", "a < b > c") are text.
var htmlTag = regexp.MustCompile(`(?i)</?(?:a|abbr|b|big|blockquote|br|code|dd|del|details|div|dl|dt|em|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|s|samp|small|span|strike|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|var)(?:\s[^<>]*)?/?>`)

// stripHTML removes HTML tags from a description bound for a doc comment,
// a line break for <br> and <p>, and decodes the entities then left.
func stripHTML(s string) string {
	if !strings.Contains(s, "<") && !strings.Contains(s, "&") {
		return s
	}
	out := htmlTag.ReplaceAllStringFunc(s, func(tag string) string {
		name := strings.ToLower(strings.Trim(strings.Fields(tag)[0], "</>"))
		if name == "br" || name == "p" || name == "li" {
			return "\n"
		}
		return ""
	})
	if out == s && !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(out)
}

// commentLine is one line of text as a // comment line.
func commentLine(text string) string {
	if text == "" {
		return "//"
	}
	if looksLikeDirective(text) {
		text = `\` + text
	}
	return "// " + text
}

// directiveWords start the comment directives of the go tool, cgo, gccgo
// and build constraints.
var directiveWords = []string{"go:", "line ", "line\t", "export ", "extern ", "+build", "sys ", "syscall "}

// looksLikeDirective reports whether text, after spaces and the comment
// markers a reader may take for the line's own, starts like a directive.
func looksLikeDirective(text string) bool {
	t := strings.TrimLeft(text, " \t/*")
	for _, w := range directiveWords {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

// docText makes every line separator "\n" and writes the runes a comment
// must not hold as visible escapes.
func docText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if len(s) >= i+3 && s[i] == 0xed && s[i+1]&0xe0 == 0xa0 && s[i+2]&0xc0 == 0x80 {
				// A lone surrogate in WTF-8.
				fmt.Fprintf(&b, `\u%04X`, rune(s[i]&0x0f)<<12|rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f))
				size = 3
			} else {
				fmt.Fprintf(&b, `\x%02X`, s[i])
			}
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				size++
			}
		case r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte('\t')
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, r)
		case r >= 0x80 && r < 0xa0, r == 0xfeff, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// wrapLine breaks s at spaces into lines of at most width bytes (a word
// longer than width stands alone).
func wrapLine(s string, width int) []string {
	if len(s) <= width {
		return []string{s}
	}
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// doc adds paragraphs as // comment lines to g.
func doc(g *jen.Group, paragraphs ...string) {
	for _, line := range commentLines(paragraphs...) {
		g.Comment(line)
	}
}

// pkgDoc adds paragraphs as the package comment.
func pkgDoc(f *jen.File, paragraphs ...string) {
	for _, line := range commentLines(paragraphs...) {
		f.PackageComment(line)
	}
}

// CheckSettings reports, in one line, a Go package name or import path
// from the configuration that the generated code cannot use.
func CheckSettings(pkg, importPath string) error {
	if !validPackageName(pkg) {
		return fmt.Errorf("go package name %q: want a Go identifier of ASCII letters, digits and _, not a keyword, _ or main", pkg)
	}
	if !validImportPath(importPath) {
		return fmt.Errorf("go import path %q: want slash-separated elements of ASCII letters, digits and . _ ~ + -", importPath)
	}
	return nil
}

func validPackageName(s string) bool {
	if s == "" || s == "_" || s == "main" || token.IsKeyword(s) || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIWordByte(s[i]) {
			return false
		}
	}
	return true
}

func validImportPath(s string) bool {
	if s == "" {
		return false
	}
	for _, elem := range strings.Split(s, "/") {
		if elem == "" || elem == "." || elem == ".." || elem[0] == '.' {
			return false
		}
		for i := 0; i < len(elem); i++ {
			if c := elem[i]; !isASCIIWordByte(c) && !strings.ContainsRune(".~+-", rune(c)) {
				return false
			}
		}
	}
	return true
}

func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
