// Package specdiff compares two versions of an OpenAPI spec in API terms:
// the changes an HTTP caller sees, found by oasdiff's checks (the same ones
// `oasdiff breaking` and `oasdiff changelog` run), and the incompatible
// changes of the Go client generated from each version, found by comparing
// the two packages' go/types by name (goapicompat.go says why not
// golang.org/x/exp/apidiff).
//
// Levels: an oasdiff ERR is breaking, WARN a warning, INFO info. A change
// of the generated Go client's API (removed field, changed signature) is a
// warning with Source "go": it breaks Go callers' code when they regenerate,
// not the requests of clients already built, which the HTTP changes cover.
package specdiff

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"

	"github.com/agentmc/agentmc-gen/generator/config"
)

// Level is how much a change matters to existing callers.
type Level int

const (
	Info Level = iota + 1
	Warning
	Breaking
)

var levelNames = map[Level]string{Info: "info", Warning: "warning", Breaking: "breaking"}

func (l Level) String() string { return levelNames[l] }

// MarshalJSON writes the level's name.
func (l Level) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// ParseFailLevel reads a -fail-on value: breaking, warning, or never (0).
func ParseFailLevel(s string) (Level, error) {
	switch s {
	case "breaking":
		return Breaking, nil
	case "warning":
		return Warning, nil
	case "never":
		return 0, nil
	}
	return 0, fmt.Errorf("%q: want breaking, warning or never", s)
}

// Location is where a change is in a spec file: in the new version, or in
// the old one for what was removed. Line and Column are 1-based; 0 when
// the change has no place of its own (such as a whole-document change).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Change is one difference between the two versions.
type Change struct {
	// ID names the rule, such as "response-property-became-nullable" (the
	// oasdiff check) or "go-api-incompatible".
	ID          string   `json:"id"`
	Level       Level    `json:"level"`
	Method      string   `json:"method"` // upper case; "" for a change outside the operations
	Path        string   `json:"path"`
	OperationID string   `json:"operationId"`
	Text        string   `json:"text"`
	Location    Location `json:"location"`
	// Source is "openapi" for a change of the HTTP API, "go" for one of the
	// generated Go client's API.
	Source string `json:"source"`
}

// Spec is one version: its bytes, and the name that reports and locations
// use (the file path, or the PATH of git:REV:PATH).
type Spec struct {
	Name string
	Data []byte
}

// Read reads a spec file, or git:REV:PATH with `git show REV:PATH` from the
// repository around the current folder, leaving the work tree alone.
func Read(arg string) (Spec, error) {
	ref, isGit := strings.CutPrefix(arg, "git:")
	if !isGit {
		data, err := os.ReadFile(arg)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return Spec{}, fmt.Errorf("%s: no such file", arg)
			}
			return Spec{}, fmt.Errorf("%s: %v", arg, err)
		}
		return Spec{Name: arg, Data: data}, nil
	}
	rev, path, ok := strings.Cut(ref, ":")
	if !ok || rev == "" || path == "" || strings.HasPrefix(rev, "-") {
		return Spec{}, fmt.Errorf("%s: want git:REV:PATH, such as git:HEAD~1:spec/openapi.yaml", arg)
	}
	cmd := exec.Command("git", "show", "--end-of-options", rev+":"+path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		msg, _, _ = strings.Cut(msg, "\n")
		return Spec{}, fmt.Errorf("%s: git show %s:%s: %s", arg, rev, path, msg)
	}
	return Spec{Name: path, Data: data}, nil
}

// Options say what to compare besides the HTTP API.
type Options struct {
	// GoConfig, when not nil, also compares the Go clients generated from
	// the two specs with this configuration (only the go emitter runs).
	GoConfig *config.Config
}

// Report is the outcome of a comparison.
type Report struct {
	Old, New               string // the specs' names
	OldVersion, NewVersion string // their info.version
	Changes                []Change
	// Added, Removed and Changed are the operations ("METHOD PATH") only in
	// NEW, only in OLD, and in both with a change, sorted.
	Added, Removed, Changed []string
}

// Reaches reports whether a change is at level or above; never for 0.
func (r *Report) Reaches(level Level) bool {
	if level == 0 {
		return false
	}
	return slices.ContainsFunc(r.Changes, func(c Change) bool { return c.Level >= level })
}

// Compare finds the changes from old to new.
func Compare(old, new Spec, opts Options) (*Report, error) {
	var oldInfo, newInfo *load.SpecInfo
	var oldErr, newErr error
	var goChanges []Change
	var goErr error
	var wg sync.WaitGroup
	// The two loads, and the Go clients' generation and type checking,
	// are independent: run them side by side.
	wg.Go(func() { oldInfo, oldErr = loadSpec(old) })
	wg.Go(func() { newInfo, newErr = loadSpec(new) })
	if opts.GoConfig != nil {
		wg.Go(func() { goChanges, goErr = compareGo(old, new, opts.GoConfig) })
	}
	wg.Wait()
	if err := cmp.Or(oldErr, newErr, goErr); err != nil {
		return nil, err
	}

	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), oldInfo, newInfo)
	if err != nil {
		return nil, fmt.Errorf("comparing %s with %s: %v", old.Name, new.Name, err)
	}
	found := checker.CheckBackwardCompatibilityUntilLevel(
		checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO)
	r := &Report{Old: old.Name, New: new.Name, OldVersion: oldInfo.Version, NewVersion: newInfo.Version}
	localize := checker.NewDefaultLocalizer()
	for _, c := range found {
		r.Changes = append(r.Changes, Change{
			ID:          c.GetId(),
			Level:       level(c.GetLevel()),
			Method:      strings.ToUpper(c.GetOperation()),
			Path:        c.GetPath(),
			OperationID: c.GetOperationId(),
			Text:        c.GetUncolorizedText(localize),
			Location:    changeLocation(c, oldInfo.Spec, newInfo.Spec, old.Name, new.Name),
			Source:      "openapi",
		})
	}
	for _, c := range goChanges {
		c.Location = operationLocation(newInfo.Spec, c.Method, c.Path)
		if c.Location.Line == 0 {
			c.Location = operationLocation(oldInfo.Spec, c.Method, c.Path)
		}
		if c.Location.File == "" {
			c.Location.File = new.Name
		}
		r.Changes = append(r.Changes, c)
	}
	oldOps, newOps := operations(oldInfo.Spec), operations(newInfo.Spec)
	for op := range newOps {
		if !oldOps[op] {
			r.Added = append(r.Added, op)
		}
	}
	for op := range oldOps {
		if !newOps[op] {
			r.Removed = append(r.Removed, op)
		}
	}
	for _, c := range r.Changes {
		op := c.Method + " " + c.Path
		if oldOps[op] && newOps[op] && !slices.Contains(r.Changed, op) {
			r.Changed = append(r.Changed, op)
		}
	}
	for _, ops := range [][]string{r.Added, r.Removed, r.Changed} {
		slices.Sort(ops)
	}
	slices.SortStableFunc(r.Changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method),
			cmp.Compare(b.Level, a.Level), cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Text, b.Text))
	})
	return r, nil
}

// loadSpec loads one version with kin-openapi, which oasdiff compares,
// keeping the origin of every element for the locations. Each spec gets
// its own loader (a loader caches documents by name), and references to
// other files or URLs are refused: spec text is untrusted.
func loadSpec(s Spec) (*load.SpecInfo, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	loader.IsExternalRefsAllowed = false
	info, err := load.NewSpecInfoFromData(loader, s.Data, s.Name, load.WithLowercaseHeaders())
	if err != nil {
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return nil, fmt.Errorf("%s: cannot load the spec: %s", s.Name, msg)
	}
	return info, nil
}

func level(l checker.Level) Level {
	switch l {
	case checker.ERR:
		return Breaking
	case checker.WARN:
		return Warning
	}
	return Info
}

// changeLocation is where oasdiff places the change: in the new spec, in
// the old one for a removal, else at its operation.
func changeLocation(c checker.Change, oldT, newT *openapi3.T, oldName, newName string) Location {
	for _, s := range []*checker.Source{c.GetRevisionSource(), c.GetBaseSource()} {
		if s != nil && s.Line > 0 {
			return Location{File: s.File, Line: s.Line, Column: s.Column}
		}
	}
	if l := operationLocation(newT, c.GetOperation(), c.GetPath()); l.Line > 0 {
		return l
	}
	if l := operationLocation(oldT, c.GetOperation(), c.GetPath()); l.Line > 0 {
		return l
	}
	return Location{File: newName}
}

// operationLocation is where the operation's key is in the spec's file.
func operationLocation(t *openapi3.T, method, path string) Location {
	if t == nil || method == "" || t.Paths == nil {
		return Location{}
	}
	item := t.Paths.Value(path)
	if item == nil {
		return Location{}
	}
	op := item.GetOperation(strings.ToUpper(method))
	if op == nil || op.Origin == nil || op.Origin.Key == nil {
		return Location{}
	}
	k := op.Origin.Key
	return Location{File: k.File, Line: k.Line, Column: k.Column}
}

// operations lists a spec's operations as "METHOD PATH".
func operations(t *openapi3.T) map[string]bool {
	ops := map[string]bool{}
	if t == nil || t.Paths == nil {
		return ops
	}
	for path, item := range t.Paths.Map() {
		for method := range item.Operations() {
			ops[strings.ToUpper(method)+" "+path] = true
		}
	}
	return ops
}

// OperationLocations maps each operation ("METHOD PATH") of a spec to the
// line of its key, so that a change found in the normalised spec can be
// shown at the source file a user edits. A spec that does not load maps
// nothing.
func OperationLocations(s Spec) map[string]Location {
	locs := map[string]Location{}
	info, err := loadSpec(s)
	if err != nil {
		return locs
	}
	for op := range operations(info.Spec) {
		method, path, _ := strings.Cut(op, " ")
		if l := operationLocation(info.Spec, method, path); l.Line > 0 {
			locs[op] = l
		}
	}
	return locs
}
