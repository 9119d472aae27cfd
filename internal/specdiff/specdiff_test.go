package specdiff_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/specdiff"
)

// boards compares testdata/boards-old.yaml with boards-new.yaml: the new
// version makes the query parameter limit of GET /boards required, removes
// DELETE /boards/{id} and the property name of BoardResponse.
func boards(t *testing.T, opts specdiff.Options) *specdiff.Report {
	t.Helper()
	r, err := specdiff.Compare(readSpec(t, "testdata/boards-old.yaml"), readSpec(t, "testdata/boards-new.yaml"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func find(r *specdiff.Report, id, method, path string) *specdiff.Change {
	for i, c := range r.Changes {
		if c.ID == id && c.Method == method && c.Path == path {
			return &r.Changes[i]
		}
	}
	return nil
}

// lineAt returns line n (1-based) of file.
func lineAt(t *testing.T, file string, n int) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		t.Fatalf("%s has no line %d", file, n)
	}
	return lines[n-1]
}

func TestBreakingChangesAndLocations(t *testing.T) {
	r := boards(t, specdiff.Options{})
	for _, want := range []struct {
		id, method, path, file, line string
	}{
		// Changed in NEW: located there; removed: located in OLD.
		{"request-parameter-became-required", "GET", "/boards", "testdata/boards-new.yaml", "required: true"},
		{"api-removed-without-deprecation", "DELETE", "/boards/{id}", "testdata/boards-old.yaml", "delete:"},
		{"response-required-property-removed", "GET", "/boards/{id}", "testdata/boards-old.yaml", "name:"},
	} {
		c := find(r, want.id, want.method, want.path)
		if c == nil {
			t.Errorf("no %s change of %s %s in %+v", want.id, want.method, want.path, r.Changes)
			continue
		}
		if c.Level != specdiff.Breaking || c.Source != "openapi" || c.OperationID == "" {
			t.Errorf("%s: %+v", want.id, c)
		}
		if c.Location.File != want.file || !strings.Contains(lineAt(t, c.Location.File, c.Location.Line), want.line) ||
			c.Location.Column < 1 {
			t.Errorf("%s: located at %+v, want the line with %q in %s", want.id, c.Location, want.line, want.file)
		}
	}
	if len(r.Added) != 0 || !slices.Equal(r.Removed, []string{"DELETE /boards/{id}"}) ||
		!slices.Equal(r.Changed, []string{"GET /boards", "GET /boards/{id}"}) {
		t.Errorf("operations: added %q, removed %q, changed %q", r.Added, r.Removed, r.Changed)
	}
	if r.OldVersion != "1.0" || r.NewVersion != "2.0" || !r.Reaches(specdiff.Breaking) || r.Reaches(0) {
		t.Errorf("report: %+v", r)
	}
	same, err := specdiff.Compare(readSpec(t, "testdata/boards-old.yaml"), readSpec(t, "testdata/boards-old.yaml"), specdiff.Options{})
	if err != nil || len(same.Changes) != 0 || same.Reaches(specdiff.Info) {
		t.Errorf("a spec against itself: %v %+v", err, same)
	}
}

// TestGoAPI generates the Go client of each version: the report names the
// incompatible changes of the Go API next to the operations that caused them.
func TestGoAPI(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("skipping: the Go comparison reads the standard library with the go command, which is not installed")
	}
	cfg, err := config.Preset("agentmc")
	if err != nil {
		t.Fatal(err)
	}
	r := boards(t, specdiff.Options{GoConfig: cfg})
	var got []string
	for _, c := range r.Changes {
		if c.Source != "go" {
			continue
		}
		if c.Level != specdiff.Warning || c.ID != "go-api-incompatible" {
			t.Errorf("Go change at %s/%s: %+v", c.Level, c.ID, c)
		}
		if c.Method != "" && !strings.Contains(lineAt(t, c.Location.File, c.Location.Line), strings.ToLower(c.Method)+":") {
			t.Errorf("Go change not located at its operation: %+v", c)
		}
		got = append(got, c.Method+" "+c.Path+" "+c.OperationID+": "+c.Text)
	}
	want := []string{
		"GET /boards listBoards: Go client: field `ListBoardsParams.Limit` changed from Opt[int64] to int64",
		"DELETE /boards/{id} deleteBoard: Go client: method `(*Client).DeleteBoard` removed",
		"DELETE /boards/{id} deleteBoard: Go client: method `API.DeleteBoard` removed",
		"GET /boards/{id} getBoard: Go client: field `BoardResponse.Name` removed",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Go changes:\n got %q\nwant %q", got, want)
	}
	// The OpenAPI changes are the same with or without the Go comparison.
	without := boards(t, specdiff.Options{})
	var api []specdiff.Change
	for _, c := range r.Changes {
		if c.Source == "openapi" {
			api = append(api, c)
		}
	}
	if !slices.Equal(api, without.Changes) {
		t.Errorf("the Go comparison changed the API changes")
	}
}

func TestFormats(t *testing.T) {
	r := boards(t, specdiff.Options{})
	write := func(format string) string {
		var b bytes.Buffer
		if err := r.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}

	var changes []map[string]any
	if err := json.Unmarshal([]byte(write("json")), &changes); err != nil || len(changes) != len(r.Changes) {
		t.Fatalf("json: %v, %d changes for %d", err, len(changes), len(r.Changes))
	}
	for _, c := range changes {
		loc, _ := c["location"].(map[string]any)
		if c["id"] == "" || !slices.Contains([]any{"breaking", "warning", "info"}, c["level"]) ||
			c["method"] != strings.ToUpper(c["method"].(string)) || c["text"] == "" || loc["file"] == nil || loc["line"] == nil {
			t.Errorf("json change: %v", c)
		}
	}
	var empty bytes.Buffer
	(&specdiff.Report{}).Write(&empty, "json")
	if strings.TrimSpace(empty.String()) != "[]" {
		t.Errorf("json without changes: %q", empty.String())
	}

	removal := find(r, "api-removed-without-deprecation", "DELETE", "/boards/{id}")
	github := write("github")
	wantLine := "::error file=testdata/boards-old.yaml,line=" + strconv.Itoa(removal.Location.Line) + ",col=" + strconv.Itoa(removal.Location.Column) +
		",title=breaking API change (api-removed-without-deprecation)::DELETE /boards/{id}: " + removal.Text + "\n"
	if !strings.Contains(github, wantLine) || strings.Count(github, "\n") != len(r.Changes) {
		t.Errorf("github:\n%s\nwant the line %q", github, wantLine)
	}

	md := write("markdown")
	for _, want := range []string{
		"## `2.0` (changes since `1.0`)\n",
		"\n### `DELETE /boards/{id}` (deleteBoard)\n\n- **Breaking**: API removed without deprecation\n",
		"\n### `GET /boards` (listBoards)\n\n- **Breaking**: the `query` request parameter `limit` became required\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown:\n%s\nwant %q", md, want)
		}
	}

	text := write("text")
	if !strings.Contains(text, "testdata/boards-old.yaml:"+strconv.Itoa(removal.Location.Line)+":"+strconv.Itoa(removal.Location.Column)+
		": breaking: DELETE /boards/{id}: API removed without deprecation [api-removed-without-deprecation]\n") ||
		!strings.HasSuffix(text, "testdata/boards-old.yaml (1.0) → testdata/boards-new.yaml (2.0): 3 breaking, 0 warnings, 0 info\n") {
		t.Errorf("text:\n%s", text)
	}
	if err := r.Write(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("an unknown format is accepted")
	}
}

// TestHostileText removes a property whose name carries markup, a line
// break and a workflow command: every format keeps it inert.
func TestHostileText(t *testing.T) {
	name := "x`<img src=x onerror=alert(1)>\n::error file=a::pwned ``"
	quoted, _ := json.Marshal(name)
	spec := func(props string) specdiff.Spec {
		return specdiff.Spec{Name: "hostile.json", Data: []byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1\n<b>"},
			"paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json":
			{"schema": {"type": "object", "required": [` + props + `], "properties": {` + props + `: {"type": "string"}}}}}}}}}}}`)}
	}
	r, err := specdiff.Compare(spec(string(quoted)), spec(`"y"`), specdiff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(r.Changes, func(c specdiff.Change) bool { return strings.Contains(c.Text, "onerror") }) {
		t.Fatalf("no change names the property: %+v", r.Changes)
	}
	var gh, md, text bytes.Buffer
	r.Write(&gh, "github")
	r.Write(&md, "markdown")
	r.Write(&text, "text")
	// One command a line; what follows the second "::" is the message.
	lines := strings.Split(strings.TrimSuffix(gh.String(), "\n"), "\n")
	for _, line := range lines {
		if !strings.HasPrefix(line, "::error file=hostile.json,") && !strings.HasPrefix(line, "::notice file=hostile.json,") {
			t.Errorf("github: a line that is not a command: %q", line)
		}
	}
	if len(lines) != len(r.Changes) {
		t.Errorf("github: %d lines for %d changes", len(lines), len(r.Changes))
	}
	if strings.Count(text.String(), "\n") != len(r.Changes)+1 {
		t.Errorf("text: a change spans lines:\n%s", text.String())
	}
	var rendered bytes.Buffer
	// Rendered as a site would that allows HTML in markdown.
	if err := goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe())).Convert(md.Bytes(), &rendered); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rendered.String(), "<img") || strings.Contains(rendered.String(), "<b>") {
		t.Errorf("markdown lets markup through:\n%s\n→\n%s", md.String(), rendered.String())
	}
}

// TestGitInput reads the old version with git show, leaving the work tree
// as it is.
func TestGitInput(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("skipping: git is not installed")
	}
	old, _ := os.ReadFile("testdata/boards-old.yaml")
	new, _ := os.ReadFile("testdata/boards-new.yaml")
	dir := t.TempDir()
	gitRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitRun("init", "-q")
	os.MkdirAll(filepath.Join(dir, "spec"), 0o755)
	os.WriteFile(filepath.Join(dir, "spec", "api.yaml"), old, 0o644)
	gitRun("add", ".")
	gitRun("commit", "-q", "-m", "old")
	os.WriteFile(filepath.Join(dir, "spec", "api.yaml"), new, 0o644)
	t.Chdir(dir)

	s, err := specdiff.Read("git:HEAD:spec/api.yaml")
	if err != nil || s.Name != "spec/api.yaml" || !bytes.Equal(s.Data, old) {
		t.Fatalf("git:HEAD:spec/api.yaml: %v, %q", err, s.Name)
	}
	r, err := specdiff.Compare(s, readSpec(t, "spec/api.yaml"), specdiff.Options{})
	if err != nil || find(r, "api-removed-without-deprecation", "DELETE", "/boards/{id}") == nil {
		t.Fatalf("git:HEAD against the work tree: %v %+v", err, r)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "spec", "api.yaml")); !bytes.Equal(now, new) {
		t.Error("reading git:HEAD changed the work tree")
	}
	for arg, want := range map[string]string{
		"git:HEAD:spec/none.yaml": "git:HEAD:spec/none.yaml: git show HEAD:spec/none.yaml: ",
		"git:--output=x:a":        "want git:REV:PATH",
		"git:HEAD":                "want git:REV:PATH",
		"none.yaml":               "none.yaml: no such file",
	} {
		if _, err := specdiff.Read(arg); err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Read(%q): %v, want a one-line error with %q", arg, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("an option passed as REV reached git")
	}
}

func TestBadSpec(t *testing.T) {
	_, err := specdiff.Compare(specdiff.Spec{Name: "bad.json", Data: []byte("{")}, readSpec(t, "testdata/boards-new.yaml"), specdiff.Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "bad.json: cannot load the spec: ") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a broken spec: %v", err)
	}
}
