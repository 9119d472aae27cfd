package model

import "strings"

// Severity tells an error, which stops a run, from a warning, which is
// reported and lets the run go on.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is one thing wrong with the spec or the settings, on one line:
// "[file: ]severity: operation id (METHOD path): message", or with the
// JSON pointer in place of the operation when no operation is concerned.
type Problem struct {
	Severity Severity
	// File is the spec file the problem is in; the generator sets it.
	File string
	// Pointer is the JSON pointer of what is wrong, "" when it is a setting
	// (in a split spec, the part's file and its pointer there).
	Pointer string
	// Operation is the operation's Where(), "" when none is concerned.
	Operation string
	// Message says what is wrong and what to do; spec text in it went
	// through ErrorText.
	Message string
}

func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File + ": ")
	}
	b.WriteString(p.Severity.String() + ": ")
	switch {
	case p.Operation != "":
		b.WriteString(p.Operation + ": ")
	case p.Pointer != "":
		b.WriteString(ErrorText(p.Pointer) + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems are every problem of a run, in the order they were found. As an
// error it is one line per problem.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that stop a run.
func (ps Problems) Errors() Problems { return ps.only(Error) }

// Warnings returns the problems that do not stop a run.
func (ps Problems) Warnings() Problems { return ps.only(Warning) }

func (ps Problems) only(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Err returns ps as an error when it holds an error, else nil: the
// warnings then travel with the result.
func (ps Problems) Err() error {
	if len(ps.Errors()) == 0 {
		return nil
	}
	return ps
}
