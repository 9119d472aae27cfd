package drift_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/drift"
	"github.com/agentmc/agentmc-gen/internal/write"
)

const v1 = `openapi: 3.0.3
info: {title: T, version: "1.0"}
paths:
  /a:
    get:
      operationId: getA
      summary: Get an a.
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /b:
    get:
      operationId: getB
      responses: {"200": {description: ok}}
`

// v2 removes GET /b, makes GET /a's parameter q required and adds GET /c.
const v2 = `openapi: 3.0.3
info: {title: T, version: "2.0"}
paths:
  /a:
    get:
      operationId: getA
      summary: Get an a.
      parameters: [{name: q, in: query, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /c:
    get:
      operationId: getC
      responses: {"200": {description: ok}}
`

// planFor generates v1 into a folder, then plans v2 over it.
func planFor(t *testing.T, emit ...string) (*write.Plan, string) {
	t.Helper()
	dir := t.TempDir()
	cfg, _ := config.Preset("agentmc")
	cfg.Emit, cfg.Out, cfg.Spec = emit, filepath.Join(dir, "out"), filepath.Join(dir, "api.yaml")
	plan := func(spec string) *write.Plan {
		if err := os.WriteFile(cfg.Spec, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := generator.GenerateFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		p, err := write.NewPlan(cfg.Out, res.Files, generator.Owned(cfg))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if err := plan(v1).Apply(); err != nil {
		t.Fatal(err)
	}
	return plan(v2), cfg.Spec
}

func TestAPISummaryFirst(t *testing.T) {
	p, specFile := planFor(t, "docs", "spec")
	var out bytes.Buffer
	if code := drift.Write(&out, p, drift.Options{SpecFile: specFile}); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := "API changes from " + filepath.Join(p.Dir, "spec", "openapi.filtered.json") +
		" (1.0) to the spec (2.0): 1 operations added, 1 removed, 1 changed\n" +
		"  added: GET /c\n  removed: GET /b\n  changed: GET /a\n" +
		"  breaking: GET /a: the `query` request parameter `q` became required\n" +
		"  breaking: GET /b: API path removed without deprecation\n" +
		"--- a/docs/operations/README.md\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Errorf("check's report:\n%s\nwant it to start with\n%s", out.String(), want)
	}

	// Without the spec emitter there is no spec to compare with: no word of
	// API changes.
	p, specFile = planFor(t, "docs")
	out.Reset()
	drift.Write(&out, p, drift.Options{SpecFile: specFile})
	if strings.Contains(out.String(), "API changes") || !strings.HasPrefix(out.String(), "--- a/docs/operations/README.md\n") {
		t.Errorf("without the spec emitter:\n%s", out.String())
	}
}

func TestGitHubFormat(t *testing.T) {
	p, specFile := planFor(t, "docs", "spec")
	var out bytes.Buffer
	if code := drift.Write(&out, p, drift.Options{Format: "github", SpecFile: specFile}); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	dir := filepath.ToSlash(p.Dir)
	if !strings.Contains(out.String(), "::error file="+dir+"/spec/openapi.filtered.json,line=32,col=7,title=breaking API change (api-path-removed") {
		t.Errorf("github: the removal is not at GET /b's line (32) in the folder's spec copy:\n%s", out.String())
	}
	for _, want := range []string{
		// The breaking changes: a removal at its line in the folder's spec
		// copy, a change at its operation in the spec file (line 6: get:).
		",col=7,title=breaking API change (api-path-removed-without-deprecation)::GET /b: API path removed without deprecation\n",
		"::error file=" + filepath.ToSlash(specFile) + ",line=5,col=5,title=breaking API change (request-parameter-became-required)::GET /a: the `query` request parameter `q` became required\n",
		// Each file at its first changed line, missing and stale files.
		"::error file=" + dir + "/docs/operations/getA.md,line=",
		"::error file=" + dir + "/docs/operations/getC.md,title=agentmc-gen check::missing: docs/operations/getC.md; run agentmc-gen generate\n",
		"::error file=" + dir + "/docs/operations/getB.md,line=1,title=agentmc-gen check::stale: docs/operations/getB.md; run agentmc-gen generate\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("github:\n%s\nwant %q", out.String(), want)
		}
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "::error file=") {
			t.Errorf("github: not an annotation: %q", l)
		}
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "agentmc-gen check: "+p.Dir+" is out of date: ") {
		t.Errorf("github: last line %q", last)
	}
}

// TestFirstChangedLine annotates a changed file at the first line that
// differs on disk.
func TestFirstChangedLine(t *testing.T) {
	p, _ := planFor(t, "docs")
	old := strings.Split(string(p.Old("docs/operations/getA.md")), "\n")
	new := strings.Split(string(p.Set.Get("docs/operations/getA.md").Data), "\n")
	first := 1
	for old[first-1] == new[first-1] {
		first++
	}
	var out bytes.Buffer
	drift.Write(&out, p, drift.Options{Format: "github"})
	if want := "/docs/operations/getA.md,line=" + strconv.Itoa(first) + ","; !strings.Contains(out.String(), want) {
		t.Errorf("github:\n%s\nwant %q", out.String(), want)
	}
}

// TestLongLines: a 3,000-character line is shown as a window around its
// first difference, never whole; short lines stay as diff -u prints them.
func TestLongLines(t *testing.T) {
	long := func(word string) string {
		return `{ID: "getBoard", Summary: "` + strings.Repeat("x", 2000) + word + strings.Repeat("y", 3000-2000-len(word)-29) + `"}`
	}
	old := "package p\n\nvar a = 1\n" + long("heartbeat") + "\n" + long("other") + "\nvar b = 2\n"
	new := "package p\n\nvar a = 2\n" + long("pulse....") + "\n" + long("other") + "\nvar b = 2\n"
	got := drift.UnifiedDiff("table.go", []byte(old), []byte(new), drift.DefaultLineLimit)
	for _, l := range strings.Split(got, "\n") {
		if len(l) > 2*drift.DefaultLineLimit {
			t.Errorf("a line of %d bytes: %.80q…", len(l), l)
		}
	}
	for _, want := range []string{
		"--- a/table.go\n+++ b/table.go\n@@ -1,7 +1,7 @@\n package p\n \n-var a = 1\n-" + long("")[:40] + " … " + strings.Repeat("x", 40) + "heartbeat",
		"\n+var a = 2\n+" + long("")[:40] + " … " + strings.Repeat("x", 40) + "pulse....",
		"… (3000 characters)\n",
		"\n " + `{ID: "getBoard", Summary: "` + strings.Repeat("x", 120-27) + "… (3000 characters)\n var b = 2\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diff:\n%s\nwant %q", got, want)
		}
	}
	if strings.Count(got, "(3000 characters)") != 3 {
		t.Errorf("want 3 cut lines:\n%s", got)
	}
}
