package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxErrorText bounds the spec text an error message quotes.
const maxErrorText = 80

// Where names the operation in an error message: its operationId and
// "<METHOD> <path>" (the form exclude: accepts), each through ErrorText so
// that any spec text stays on one short line.
func (op *Operation) Where() string {
	return "operation " + ErrorText(op.ID) + " (" + strings.ToUpper(op.Method) + " " + ErrorText(op.Path) + ")"
}

// ErrorText shows spec text in a one-line error: shortened past
// maxErrorText bytes, and quoted as a Go string when it holds anything
// but printable characters (a line break, a control, invalid UTF-8).
func ErrorText(s string) string {
	s = Shorten(s)
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			return strconv.Quote(s)
		}
	}
	return s
}

// Shorten cuts spec text longer than maxErrorText bytes at a character
// boundary and marks the cut with "…".
func Shorten(s string) string {
	if len(s) <= maxErrorText {
		return s
	}
	cut := maxErrorText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
