package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestDiffCorpusExitCodes runs `agentmc-gen diff -format json` on the pairs
// of consecutive releases that internal/specdiff's reference lists (what
// oasdiff v1.37.0 reported): the exit code is 1 exactly where oasdiff's was,
// and the breaking operations are oasdiff's.
func TestDiffCorpusExitCodes(t *testing.T) {
	corpus := testenv.Shared(t, "corpus/agentmc-node")
	ref := filepath.Join(testenv.ModuleRoot(t), "internal", "specdiff", "testdata", "oasdiff-breaking.txt")
	f, err := os.Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type pair struct {
		old, new, exit string
		breaking       []string
	}
	var pairs []*pair
	for sc := bufio.NewScanner(f); sc.Scan(); {
		switch line := sc.Text(); {
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "pair "):
			p := strings.Fields(line)
			pairs = append(pairs, &pair{old: p[1], new: p[2], exit: p[3]})
		default:
			pairs[len(pairs)-1].breaking = append(pairs[len(pairs)-1].breaking, line)
		}
	}
	if len(pairs) != 20 {
		t.Fatalf("%s: %d pairs, want 20", ref, len(pairs))
	}
	dir := t.TempDir()
	for _, p := range pairs {
		code, out, errOut := cli(t, dir, "diff", "-format", "json", "-go=false",
			filepath.Join(corpus, p.old, "openapi.filtered.json"), filepath.Join(corpus, p.new, "openapi.filtered.json"))
		var changes []struct{ Level, Method, Path string }
		if err := json.Unmarshal([]byte(out), &changes); err != nil {
			t.Fatalf("%s → %s: %v (stderr %q)", p.old, p.new, err, errOut)
		}
		var got []string
		for _, c := range changes {
			if c.Level == "breaking" {
				got = append(got, c.Method+" "+c.Path)
			}
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if "exit="+string(rune('0'+code)) != p.exit || !slices.Equal(got, p.breaking) {
			t.Errorf("%s → %s: exit %d, breaking %q; oasdiff: %s, %q", p.old, p.new, code, got, p.exit, p.breaking)
		}
	}
}

func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	old := `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /b:
    get:
      operationId: getB
      responses: {"200": {description: ok}}
`
	writeFile(t, filepath.Join(dir, "old.yaml"), old)
	// Removing /b is breaking; a new optional parameter of /a is info.
	writeFile(t, filepath.Join(dir, "breaking.yaml"), strings.Replace(old[:strings.Index(old, "  /b:")], "schema: {type: string}}", "schema: {type: string}}, {name: r, in: query, schema: {type: string}}", 1))
	writeFile(t, filepath.Join(dir, "info.yaml"), strings.Replace(old, "schema: {type: string}}", "schema: {type: string}}, {name: r, in: query, schema: {type: string}}", 1))

	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"old.yaml", "breaking.yaml"}, 1, "breaking: GET /b: API path removed without deprecation"},
		{[]string{"-fail-on", "never", "old.yaml", "breaking.yaml"}, 0, "1 breaking"},
		{[]string{"old.yaml", "info.yaml"}, 0, "info: GET /a: added the new optional `query` request parameter `r`"},
		{[]string{"-fail-on", "warning", "old.yaml", "info.yaml"}, 0, "0 breaking, 0 warnings, 1 info"},
		{[]string{"-format", "markdown", "old.yaml", "breaking.yaml"}, 1, "### `GET /b` (getB)\n\n- **Breaking**: API path removed without deprecation\n"},
		{[]string{"-format", "github", "old.yaml", "breaking.yaml"}, 1, "::error file=old.yaml,line=10,col=5,"}, // the get: of /b,
	} {
		code, out, errOut := cli(t, dir, append([]string{"diff"}, c.args...)...)
		if code != c.code || !strings.Contains(out, c.out) {
			t.Errorf("diff %v: exit %d, output\n%s%s\nwant exit %d and %q", c.args, code, out, errOut, c.code, c.out)
		}
	}
	for _, args := range [][]string{
		{"old.yaml"},
		{"-format", "xml", "old.yaml", "info.yaml"},
		{"-fail-on", "info", "old.yaml", "info.yaml"},
		{"old.yaml", "missing.yaml"},
		{"git:", "old.yaml"},
	} {
		code, out, errOut := cli(t, dir, append([]string{"diff"}, args...)...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "agentmc-gen diff: ") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("diff %v: exit %d, stdout %q, stderr %q; want 2 and a one-line error", args, code, out, errOut)
		}
	}

	// A configuration that emits the Go client brings the Go API changes.
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("skipping the Go comparison: no go command")
	}
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "emit: [docs, go]\n")
	code, out, errOut := cli(t, dir, "diff", "old.yaml", "breaking.yaml")
	if code != 1 || !strings.Contains(out, "warning: GET /b: Go client: method `(*Client).GetB` removed [go-api-incompatible]") {
		t.Errorf("diff with emit go: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = cli(t, dir, "diff", "-go=false", "old.yaml", "breaking.yaml")
	if code != 1 || strings.Contains(out, "go-api") {
		t.Errorf("diff -go=false: exit %d\n%s", code, out)
	}
}
