package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

const twoOps = `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses: {"200": {description: ok, content: {application/json: {example: {id: 1}}}}, "404": {description: missing}}
  /b:
    get:
      operationId: getB
      responses: {"200": {description: ok}, "404": {description: missing}}
`

// cli runs the command in dir and returns its exit code and output.
func cli(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree lists the files under dir with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return files
}

func keys(m map[string]string) string {
	var k []string
	for p := range m {
		k = append(k, p)
	}
	sort.Strings(k)
	return strings.Join(k, " ")
}

func TestHelp(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := cli(t, dir, "-h")
	if code != 0 || !strings.Contains(out, "agentmc-gen generate [flags]") {
		t.Errorf("-h: code %d, output %q", code, out)
	}
	code, _, errOut := cli(t, dir, "generate", "-h")
	if code != 0 || !strings.Contains(errOut, "-spec file") || !strings.Contains(errOut, "-preset") {
		t.Errorf("generate -h: code %d, output %q", code, errOut)
	}
	code, out, _ = cli(t, dir, "version")
	if code != 0 || !strings.HasPrefix(out, "agentmc-gen ") {
		t.Errorf("version: code %d, output %q", code, out)
	}
}

func TestGenerateSummaryAndStaleFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), twoOps)
	code, out, errOut := cli(t, dir, "generate", "-spec", "api.yaml", "-out", "out")
	if code != 0 {
		t.Fatalf("generate: %d %s", code, errOut)
	}
	if !strings.HasPrefix(out, "agentmc-gen: 2 operations, 11 files in out: 11 written, 0 unchanged, 0 removed (") {
		t.Errorf("summary: %q", out)
	}
	// A user's own files, inside and beside the generated folders.
	writeFile(t, filepath.Join(dir, "out/docs/operations/NOTES.md"), "# my notes\n")
	writeFile(t, filepath.Join(dir, "out/examples/http/custom.ts"), "console.log(1)\n")
	writeFile(t, filepath.Join(dir, "out/keep.txt"), "mine\n")

	// getB goes away: its files are removed, the user's stay.
	writeFile(t, filepath.Join(dir, "api.yaml"), strings.Split(twoOps, "  /b:")[0])
	code, out, errOut = cli(t, dir, "generate", "-spec", "api.yaml", "-out", "out")
	if code != 0 {
		t.Fatalf("generate: %d %s", code, errOut)
	}
	if !strings.Contains(out, "1 operations, 8 files in out: 5 written, 3 unchanged, 3 removed") {
		t.Errorf("summary: %q", out)
	}
	files := tree(t, filepath.Join(dir, "out"))
	for _, gone := range []string{"docs/operations/getB.md", "examples/http/getB.ts", "examples/curl/getB.sh"} {
		if _, ok := files[gone]; ok {
			t.Errorf("%s was not removed", gone)
		}
	}
	for _, kept := range []string{"docs/operations/NOTES.md", "examples/http/custom.ts", "keep.txt"} {
		if _, ok := files[kept]; !ok {
			t.Errorf("the user's %s was removed", kept)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "out/examples/curl/getA.sh")); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("cURL script not executable: %v", err)
	}
}

// TestFirstRunOverPublishedTree: without a manifest, pages and examples in
// the regenerated folders that have the generated layout are replaced
// whole; other files stay.
func TestFirstRunOverPublishedTree(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), twoOps)
	writeFile(t, filepath.Join(dir, "out/docs/operations/oldOp.md"), "# oldOp\n\n- Method: `GET`\n\n## SDK Example\n")
	writeFile(t, filepath.Join(dir, "out/examples/http/oldOp.ts"), "import { AgentMCApi } from \"@agentmc/api\";\nawait client.operations.oldOp();\n")
	writeFile(t, filepath.Join(dir, "out/docs/operations/guide.md"), "# A guide\n")
	if code, _, errOut := cli(t, dir, "generate", "-spec", "api.yaml", "-out", "out"); code != 0 {
		t.Fatal(errOut)
	}
	files := tree(t, filepath.Join(dir, "out"))
	if _, ok := files["docs/operations/oldOp.md"]; ok {
		t.Error("stale published page kept")
	}
	if _, ok := files["examples/http/oldOp.ts"]; ok {
		t.Error("stale published example kept")
	}
	if _, ok := files["docs/operations/guide.md"]; !ok {
		t.Error("the user's guide was removed")
	}
}

func TestErrorsWriteNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.yaml"), twoOps)
	writeFile(t, filepath.Join(dir, "bad.yaml"), strings.Replace(twoOps, "getB", "getA", 1))
	writeFile(t, filepath.Join(dir, "out/existing.txt"), "untouched\n")
	writeFile(t, filepath.Join(dir, "file.txt"), "a file\n")
	tests := []struct {
		name, config string
		args         []string
		want         string
	}{
		{"duplicate operationIds", "", []string{"-spec", "bad.yaml", "-out", "out", "-preset", "agentmc"}, `bad.yaml: error: operation getA (GET /b): the operationId is also that of GET /a; every operationId must be unique`},
		{"missing spec", "", []string{"-spec", "nope.yaml", "-out", "out"}, "nope.yaml: cannot read the spec: no such file"},
		{"unknown preset", "", []string{"-spec", "good.yaml", "-out", "out", "-preset", "nope"}, `-preset: unknown preset "nope" (known: agentmc, agentmc-0.1, default)`},
		{"out is a file", "", []string{"-spec", "good.yaml", "-out", "file.txt"}, "-out file.txt: is a file, not a folder"},
		{"unknown config key", "spec: good.yaml\nout: out\npreset: agentmc\nouput: x\n", nil, `agentmc-gen.yaml: unknown key "ouput"`},
		{"config wrong type", "spec: good.yaml\nout: [out]\n", nil, `agentmc-gen.yaml: out: want a string, found ["out"]`},
		{"config unknown preset", "spec: good.yaml\nout: out\npreset: agentmc-9\n", nil, `agentmc-gen.yaml: preset: unknown preset "agentmc-9"`},
		{"unknown emitter", "", []string{"-spec", "good.yaml", "-out", "out", "-emit", "docs,pdf"}, `-emit: unknown emitter "pdf"`},
		{"bad go package", "", []string{"-spec", "good.yaml", "-out", "out", "-emit", "go", "-go-package", "my-pkg"}, `go package name "my-pkg"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "agentmc-gen.yaml"))
			if tt.config != "" {
				writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), tt.config)
			}
			for cmd, wantCode := range map[string]int{"generate": 1, "check": 2} {
				code, _, errOut := cli(t, dir, append([]string{cmd}, tt.args...)...)
				if code != wantCode {
					t.Errorf("%s: exit %d, want %d", cmd, code, wantCode)
				}
				if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.want) {
					t.Errorf("%s: stderr %q, want one line containing %q", cmd, errOut, tt.want)
				}
			}
			if got := keys(tree(t, filepath.Join(dir, "out"))); got != "existing.txt" {
				t.Errorf("output folder changed: %s", got)
			}
		})
	}
}

// An example cut at its budget is generated, and named in a warning.
func TestWarningPrinted(t *testing.T) {
	dir := t.TempDir()
	var schemas []string
	for k := 0; k < 8; k++ {
		var props []string
		for i := 0; i < 10; i++ {
			props = append(props, fmt.Sprintf(`"p%d": {"$ref": "#/components/schemas/L%d"}`, i, k+1))
		}
		schemas = append(schemas, fmt.Sprintf(`"L%d": {"type": "object", "properties": {%s}}`, k, strings.Join(props, ", ")))
	}
	schemas = append(schemas, `"L8": {"type": "string"}`)
	writeFile(t, filepath.Join(dir, "wide.json"), `{"openapi": "3.0.3", "info": {"title": "W", "version": "1"},
"paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/L0"}}}}}}}},
"components": {"schemas": {`+strings.Join(schemas, ", ")+`}}}`)
	code, _, errOut := cli(t, dir, "generate", "-spec", "wide.json", "-out", "out", "-preset", "agentmc")
	want := `agentmc-gen generate: wide.json: warning: #/paths/~1x/get/responses/200/content/application~1json: the example is cut short`
	if code != 0 || !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stderr %q: want 0 and one line starting %q", code, errOut, want)
	}
}

// TestProblems: every problem of the spec is printed, one a line, errors
// and warnings told apart; errors stop generate (1) and check (2) with
// nothing written, warnings are printed and the run goes on.
func TestProblems(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(twoOps, "getB", "getA", 1) + "  /c:\n    get: {operationId: getC, responses: {\"404\": {description: missing}}}\n"
	writeFile(t, filepath.Join(dir, "api.yaml"), bad)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\nexclude: [getX]\n")
	problems := "api.yaml: warning: exclude: getX matches no operation\n" +
		"api.yaml: %[1]s: operation getA (GET /b): the operationId is also that of GET /a; every operationId must be unique\n" +
		"api.yaml: %[1]s: operation getC (GET /c): no success response (%[2]s); document at least one\n"
	for cmd, wantCode := range map[string]int{"generate": 1, "check": 2, "lint": 2} {
		code, _, errOut := cli(t, dir, cmd)
		want := strings.ReplaceAll(fmt.Sprintf(problems, "error", "2xx or 3xx"), "api.yaml:", "agentmc-gen "+cmd+": api.yaml:")
		if code != wantCode || errOut != want {
			t.Errorf("%s: exit %d, stderr\n%s\nwant %d,\n%s", cmd, code, errOut, wantCode, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("generate wrote files despite errors")
	}
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\nexclude: [getX]\nstrict: false\n")
	code, out, errOut := cli(t, dir, "generate")
	want := strings.ReplaceAll(fmt.Sprintf(problems, "warning", "2xx, 3xx, 2XX or 3XX"), "api.yaml:", "agentmc-gen generate: api.yaml:")
	if code != 0 || errOut != want || !strings.Contains(out, "3 operations") {
		t.Errorf("strict: false: exit %d, stdout %q, stderr\n%s\nwant\n%s", code, out, errOut, want)
	}
	if code, _, errOut := cli(t, dir, "check"); code != 0 || errOut != strings.ReplaceAll(want, "generate:", "check:") {
		t.Errorf("check after generate: exit %d, stderr\n%s", code, errOut)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), twoOps)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\n")
	if code, _, errOut := cli(t, dir, "generate"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := cli(t, dir, "check")
	if code != 0 || !strings.Contains(out, "is up to date (11 files)") {
		t.Errorf("up to date: %d %q", code, out)
	}

	// A changed file: a unified diff of it.
	page := filepath.Join(dir, "out/docs/operations/getA.md")
	data, _ := os.ReadFile(page)
	os.WriteFile(page, bytes.Replace(data, []byte("- Summary: -"), []byte("- Summary: edited"), 1), 0o644)
	code, out, _ = cli(t, dir, "check")
	if code != 1 || !strings.Contains(out, "--- a/docs/operations/getA.md\n+++ b/docs/operations/getA.md\n") ||
		!strings.Contains(out, "\n-- Summary: edited\n+- Summary: -\n") || !strings.Contains(out, "1 changed, 0 missing, 0 stale") {
		t.Errorf("changed file: %d\n%s", code, out)
	}
	os.WriteFile(page, data, 0o644)

	// A missing file.
	os.Remove(filepath.Join(dir, "out/examples/http/getB.ts"))
	code, out, _ = cli(t, dir, "check")
	if code != 1 || !strings.Contains(out, "missing: examples/http/getB.ts\n") {
		t.Errorf("missing file: %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "out/examples/http/getB.ts")); err == nil {
		t.Error("check wrote a file")
	}
	cli(t, dir, "generate")

	// A stale file: the spec lost getB since the last generate.
	writeFile(t, filepath.Join(dir, "api.yaml"), strings.Split(twoOps, "  /b:")[0])
	code, out, _ = cli(t, dir, "check")
	if code != 1 || !strings.Contains(out, "stale: docs/operations/getB.md\n") || !strings.Contains(out, "stale: examples/curl/getB.sh\n") {
		t.Errorf("stale file: %d\n%s", code, out)
	}
	// … and check says so in API terms before the file diffs.
	overview := "API changes from " + filepath.Join("out", "spec", "openapi.filtered.json") + " (1) to the spec (1): 0 operations added, 1 removed, 0 changed\n" +
		"  removed: GET /b\n  breaking: GET /b: API path removed without deprecation\n--- a/"
	if !strings.HasPrefix(out, overview) {
		t.Errorf("check's API overview:\n%s\nwant it to start with\n%s", out, overview)
	}

	// A broken spec is an error (2), not drift.
	writeFile(t, filepath.Join(dir, "api.yaml"), "openapi: 3.0.3\npaths: {/a: {get: {responses: {}}}}\n")
	code, _, errOut := cli(t, dir, "check")
	if code != 2 || !strings.Contains(errOut, "no success response") {
		t.Errorf("broken spec: %d %q", code, errOut)
	}
}

// TestCommittedOutputIsCurrent is the drift check CI runs: out/ must be
// what `agentmc-gen generate` writes from spec/ with agentmc-gen.yaml, every
// generated file included.
func TestCommittedOutputIsCurrent(t *testing.T) {
	root, _ := filepath.Abs("../..")
	code, out, errOut := cli(t, root, "check")
	if code != 0 {
		t.Errorf("agentmc-gen check in %s: exit %d\n%s%s\nrun `make run` and commit out/", root, code, out, errOut)
	}
}

// Flags with equal values each keep their own setting: -out D -templates D
// writes to D, not to the folder the configuration file names.
func TestEqualFlagValues(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), twoOps)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: configured\n")
	if err := os.Mkdir(filepath.Join(dir, "D"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, dir, "generate", "-out", "D", "-templates", "D")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "D", "docs", "operations", "getA.md")); err != nil {
		t.Errorf("-out D was lost: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "configured")); err == nil {
		t.Error("wrote to the configured out/ instead of -out D")
	}
}

// TestMockRefusesRemoteAddr: the mock binds loopback unless told otherwise.
func TestMockRefusesRemoteAddr(t *testing.T) {
	code, _, errOut := cli(t, t.TempDir(), "mock", "-addr", "0.0.0.0:0", "-spec", "x.yaml")
	if code != 2 || !strings.Contains(errOut, "not a loopback address; pass -allow-remote") {
		t.Errorf("mock -addr 0.0.0.0:0: code %d, stderr %q", code, errOut)
	}
}
