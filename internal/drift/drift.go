// Package drift reports how an output folder differs from what generate
// would write, for `agentmc-gen check`: in API terms first (the changes
// from the spec last generated to the current one), then file by file.
//
// Generated files can have very long lines (the Go client's table.go has
// one line per operation, index.json one per record): a diff never prints
// such a line whole but a window of it around the first differing byte.
package drift

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/agentmc/agentmc-gen/internal/emit/spec"
	"github.com/agentmc/agentmc-gen/internal/specdiff"
	"github.com/agentmc/agentmc-gen/internal/write"
)

// Formats are the report formats of Write.
var Formats = []string{"text", "github"}

// Options are a report's settings.
type Options struct {
	// Format is "text" (the API overview, then unified diffs) or "github"
	// (workflow annotations: the breaking API changes, and each drifted,
	// missing and stale file).
	Format string
	// SpecFile is the spec the folder is generated from. The github
	// format annotates API changes at its operations.
	SpecFile string
	// LineLimit is the longest line a diff prints whole (DefaultLineLimit
	// when 0).
	LineLimit int
}

// DefaultLineLimit is the longest line a diff prints whole.
const DefaultLineLimit = 200

// Write prints what check found and returns check's exit code: 0 when the
// folder is up to date, 1 when it is not. It shows diffs of regular files
// only, never of what a link points to, a special file or a file larger
// than any generated one; a file whose only difference is CRLF line
// endings is named, not diffed.
func Write(w io.Writer, plan *write.Plan, opts Options) int {
	if len(plan.Create)+len(plan.Update)+len(plan.Remove)+len(plan.Leftovers) == 0 {
		fmt.Fprintf(w, "agentmc-gen check: %s is up to date (%d files)\n", plan.Dir, len(plan.Unchanged))
		return 0
	}
	if opts.LineLimit == 0 {
		opts.LineLimit = DefaultLineLimit
	}
	api, apiErr := compareSpecs(plan)
	var files fileReporter = &textFiles{w: w, limit: opts.LineLimit}
	if opts.Format == "github" {
		files = &githubFiles{w: w, dir: plan.Dir}
		if api != nil {
			writeGitHubAPI(w, api, opts.SpecFile)
		}
	} else {
		switch {
		case apiErr != nil:
			fmt.Fprintf(w, "API changes: cannot compare: %v\n", apiErr)
		case api != nil:
			api.WriteOverview(w)
		}
	}

	notDiffed := map[string]string{}
	for _, p := range plan.LineEndings {
		notDiffed[p] = "line endings: %s (CRLF on disk, LF generated; the content is the same)"
	}
	for _, p := range plan.TooLarge {
		notDiffed[p] = "changed: %s (larger than any generated file; not read)"
	}
	for _, pr := range plan.Problems {
		if slices.Contains(plan.Update, pr.Path) {
			notDiffed[pr.Path] = "changed: %s " + strings.ReplaceAll("("+pr.What+")", "%", "%%")
		}
	}
	for _, p := range plan.Update {
		if format, ok := notDiffed[p]; ok {
			files.named(p, 1, fmt.Sprintf(format, p))
			continue
		}
		files.diff(p, plan.Old(p), plan.Set.Get(p).Data)
	}
	for _, p := range plan.Create {
		files.named(p, 0, "missing: "+p)
	}
	for _, p := range plan.Remove {
		files.named(p, 1, "stale: "+p)
	}
	for _, p := range plan.Leftovers {
		files.named(p, 0, "leftover: "+p+" (of an interrupted run; generate removes it)")
	}
	for _, pr := range plan.Problems {
		if slices.Contains(plan.Remove, pr.Path) {
			files.named(pr.Path, 0, "problem: "+pr.String())
		}
	}
	summary := fmt.Sprintf("%d changed, %d missing, %d stale", len(plan.Update), len(plan.Create), len(plan.Remove))
	if len(plan.Leftovers) > 0 {
		summary += fmt.Sprintf(", %d leftover", len(plan.Leftovers))
	}
	if n := len(plan.LineEndings); n > 0 && n == len(plan.Update) && len(plan.Create)+len(plan.Remove)+len(plan.Leftovers) == 0 {
		fmt.Fprintf(w, "agentmc-gen check: %s differs only in line endings (%d files with CRLF): the checkout converted them; "+
			"mark the folder `-text` in .gitattributes (see README) and check out again\n", plan.Dir, n)
		return 1
	}
	fmt.Fprintf(w, "agentmc-gen check: %s is out of date: %s; run agentmc-gen generate\n", plan.Dir, summary)
	return 1
}

// compareSpecs compares the spec emitter's copy in the output folder (the
// spec last generated) with the one generated now; nil when the spec
// emitter is off or its copy is up to date, missing or not readable.
func compareSpecs(plan *write.Plan) (*specdiff.Report, error) {
	if !slices.Contains(plan.Update, spec.Path) {
		return nil, nil
	}
	// The plan read it as a regular file inside the folder (nil otherwise).
	old := plan.Old(spec.Path)
	if old == nil {
		return nil, nil
	}
	return specdiff.Compare(specdiff.Spec{Name: filepath.Join(plan.Dir, spec.Path), Data: old},
		specdiff.Spec{Name: "the spec", Data: plan.Set.Get(spec.Path).Data}, specdiff.Options{})
}

// writeGitHubAPI annotates the breaking API changes with specdiff's github
// format, at their operation in the spec file (the generated spec is not
// on disk); a removed operation at its line in the folder's spec copy.
func writeGitHubAPI(w io.Writer, r *specdiff.Report, specFile string) {
	breaking := *r
	breaking.Changes = nil
	var locs map[string]specdiff.Location
	for _, c := range r.Changes {
		if c.Level != specdiff.Breaking {
			continue
		}
		if locs == nil {
			locs = map[string]specdiff.Location{}
			if src, err := specdiff.Read(specFile); err == nil {
				locs = specdiff.OperationLocations(src)
			}
		}
		// Locations are file names as URL paths.
		inOld, _ := url.PathUnescape(c.Location.File)
		if l, ok := locs[c.Method+" "+c.Path]; ok {
			c.Location = l
			c.Location.File = specFile
		} else if inOld != r.Old {
			c.Location = specdiff.Location{File: specFile}
		}
		breaking.Changes = append(breaking.Changes, c)
	}
	breaking.Write(w, "github")
}

// fileReporter prints one file's drift.
type fileReporter interface {
	// diff reports a changed file, old on disk and new generated.
	diff(path string, old, new []byte)
	// named reports a file without a diff; line is where to annotate it
	// (0: the file as a whole).
	named(path string, line int, text string)
}

// githubFiles annotates each file at its first changed line.
type githubFiles struct {
	w   io.Writer
	dir string
}

func (g *githubFiles) diff(path string, old, new []byte) {
	a, b := difflib.SplitLines(string(old)), difflib.SplitLines(string(new))
	line := 1
	for _, op := range difflib.NewMatcher(a, b).GetOpCodes() {
		if op.Tag != 'e' {
			line = min(op.I1+1, max(len(a)-1, 1)) // SplitLines adds a last "\n"
			break
		}
	}
	g.named(path, line, fmt.Sprintf("changed: %s from line %d on is not what agentmc-gen generate writes", path, line))
}

func (g *githubFiles) named(path string, line int, text string) {
	loc := specdiff.Location{File: filepath.ToSlash(filepath.Join(g.dir, filepath.FromSlash(path))), Line: line}
	io.WriteString(g.w, specdiff.GitHubCommand("error", loc, "agentmc-gen check", text+"; run agentmc-gen generate"))
}

// textFiles prints unified diffs, long lines cut.
type textFiles struct {
	w     io.Writer
	limit int
}

func (t *textFiles) named(path string, line int, text string) { fmt.Fprintln(t.w, text) }

func (t *textFiles) diff(path string, old, new []byte) {
	io.WriteString(t.w, UnifiedDiff(path, old, new, t.limit))
}

// UnifiedDiff is the unified diff of a file (3 lines of context), each
// line longer than limit bytes cut to a window: a changed line around its
// first byte that differs from the line it replaces (or is replaced by),
// any other from its start.
func UnifiedDiff(path string, old, new []byte, limit int) string {
	a, b := difflib.SplitLines(string(old)), difflib.SplitLines(string(new))
	groups := difflib.NewMatcher(a, b).GetGroupedOpCodes(3)
	if len(groups) == 0 {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, "--- a/%s\n+++ b/%s\n", path, path)
	line := func(prefix, l, other string) {
		l = strings.TrimSuffix(l, "\n")
		s.WriteString(prefix)
		s.WriteString(cut(l, strings.TrimSuffix(other, "\n"), limit))
		s.WriteByte('\n')
	}
	for _, g := range groups {
		first, last := g[0], g[len(g)-1]
		fmt.Fprintf(&s, "@@ -%s +%s @@\n", unifiedRange(first.I1, last.I2), unifiedRange(first.J1, last.J2))
		for _, op := range g {
			if op.Tag == 'e' {
				for _, l := range a[op.I1:op.I2] {
					line(" ", l, "")
				}
				continue
			}
			// The k-th removed line is compared with the k-th added one.
			removed, added := a[op.I1:op.I2], b[op.J1:op.J2]
			for k, l := range removed {
				line("-", l, at(added, k))
			}
			for k, l := range added {
				line("+", l, at(removed, k))
			}
		}
	}
	return s.String()
}

func at(lines []string, k int) string {
	if k < len(lines) {
		return lines[k]
	}
	return ""
}

// unifiedRange is a hunk header's range, as diff -u prints it.
func unifiedRange(start, stop int) string {
	switch n := stop - start; n {
	case 1:
		return fmt.Sprint(start + 1)
	case 0:
		return fmt.Sprintf("%d,0", start)
	default:
		return fmt.Sprintf("%d,%d", start+1, n)
	}
}

// A cut line keeps its first headWidth bytes (in generated code they name
// the record: `{ID: "getBoard", …`), then a window of windowWidth bytes
// starting windowBefore bytes before the first difference.
const (
	headWidth    = 40
	windowBefore = 40
	windowWidth  = 120
)

// cut returns line when it has at most limit bytes, else its head and a
// window of it around the first byte where it differs from other (its
// start when other is ""), marked "…" where cut and ending with the line's
// length: `{ID: "getBoard", Method: "GET", Path: … Summary: "Get a boa… (3339 characters)`.
func cut(line, other string, limit int) string {
	if len(line) <= limit {
		return line
	}
	start := 0
	if other != "" {
		d := 0
		for d < len(line) && d < len(other) && line[d] == other[d] {
			d++
		}
		start = max(0, d-windowBefore)
	}
	if start <= headWidth+windowBefore {
		start = 0 // the head and the window meet
	}
	start = runeStart(line, start)
	end := runeStart(line, min(len(line), start+windowWidth))
	var b strings.Builder
	if start > 0 {
		b.WriteString(line[:runeStart(line, headWidth)])
		b.WriteString(" … ")
	}
	b.WriteString(line[start:end])
	if end < len(line) {
		b.WriteString("…")
	}
	fmt.Fprintf(&b, " (%d characters)", utf8.RuneCountInString(line))
	return b.String()
}

// runeStart moves i back to the start of the UTF-8 sequence it is in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
