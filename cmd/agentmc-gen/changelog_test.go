package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/write"
)

const changelogSpec = `openapi: 3.0.3
info: {title: T, version: "1.0"}
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

// noWrites fails the test on any write to an output folder while it is set.
func noWrites(t *testing.T) func() {
	write.Hook = func(_ context.Context, step, path string) error {
		t.Errorf("a run with nothing to change wrote: %s %s", step, path)
		return nil
	}
	return func() { write.Hook = nil }
}

func TestChangelog(t *testing.T) {
	dir := t.TempDir()
	specFile, log := filepath.Join(dir, "api.yaml"), filepath.Join(dir, "out", "docs", "CHANGELOG.md")
	writeFile(t, specFile, changelogSpec)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\nemit: [docs, spec]\nchangelog: docs/CHANGELOG.md\n")
	generate := func() string {
		t.Helper()
		if code, _, errOut := cli(t, dir, "generate"); code != 0 {
			t.Fatalf("generate: exit %d: %s", code, errOut)
		}
		data, _ := os.ReadFile(log)
		return string(data)
	}

	first := generate()
	if want := "# Changelog\n\nThe API changes of each spec version (`info.version`), newest first. Written by `agentmc-gen generate`.\n\n" +
		"## `1.0`\n\nNo earlier version to compare with.\n"; first != want {
		t.Errorf("first generation:\n%s\nwant\n%s", first, want)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "out", write.Manifest))
	if !strings.Contains(string(manifest), "\"spec\": {\n    \"sha256\": \"") || !strings.Contains(string(manifest), "\"version\": \"1.0\"") {
		t.Errorf("the manifest does not record the spec:\n%s", manifest)
	}

	// Version 2.0: q became required, /b removed, /c added.
	v2 := strings.Replace(strings.Replace(changelogSpec, `version: "1.0"`, `version: "2.0"`, 1),
		"schema: {type: string}}", "required: true, schema: {type: string}}", 1)
	writeFile(t, specFile, strings.Replace(v2, "  /b:\n    get:\n      operationId: getB", "  /c:\n    get:\n      operationId: getC", 1))
	if code, out, _ := cli(t, dir, "check"); code != 1 || !strings.Contains(out, "+## `2.0` (changes since `1.0`)\n") {
		t.Errorf("check before generating 2.0: exit %d\n%s", code, out)
	}
	second := generate()
	section := "## `2.0` (changes since `1.0`)\n\n" +
		"### `GET /a` (getA)\n\n- **Breaking**: the `query` request parameter `q` became required\n\n" +
		"### `GET /b` (getB)\n\n- **Breaking**: API path removed without deprecation\n\n" +
		"### `GET /c` (getC)\n\n- Info: endpoint added\n\n"
	if !strings.HasSuffix(second, "\n\n"+section+"## `1.0`\n\nNo earlier version to compare with.\n") {
		t.Errorf("after 2.0:\n%s\nwant the section\n%s", second, section)
	}

	// A rerun without a spec change: nothing written, check passes.
	done := noWrites(t)
	if third := generate(); third != second {
		t.Errorf("a rerun changed the changelog:\n%s", third)
	}
	done()
	if code, out, _ := cli(t, dir, "check"); code != 0 {
		t.Errorf("check after generate: exit %d\n%s", code, out)
	}

	// 2.0 changed again: its section gets the new change on top.
	writeFile(t, specFile, strings.Replace(v2, "  /b:\n    get:\n      operationId: getB", "  /c:\n    get:\n      operationId: getC", 1)+
		"  /d:\n    get:\n      operationId: getD\n      responses: {\"200\": {description: ok}}\n")
	fourth := generate()
	if want := "## `2.0` (changes since `1.0`)\n\n### `GET /d` (getD)\n\n- Info: endpoint added\n\n### `GET /a` (getA)\n"; !strings.Contains(fourth, want) ||
		strings.Count(fourth, "## `2.0`") != 1 || !strings.Contains(fourth, section[strings.Index(section, "### `GET /a`"):]) {
		t.Errorf("2.0 changed again:\n%s\nwant %q", fourth, want)
	}
}

// TestChangelogOldManifest turns the changelog on over a folder whose
// manifest has no spec record (written without changelog, or by an
// earlier version): it loads, and the spec copy is the previous spec.
func TestChangelogOldManifest(t *testing.T) {
	dir := t.TempDir()
	specFile := filepath.Join(dir, "api.yaml")
	writeFile(t, specFile, changelogSpec)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\nemit: [docs, spec]\n")
	if code, _, errOut := cli(t, dir, "generate"); code != 0 {
		t.Fatal(errOut)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "out", write.Manifest))
	if strings.Contains(string(manifest), `"spec"`) {
		t.Errorf("without changelog the manifest records the spec:\n%s", manifest)
	}
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\nemit: [docs, spec]\nchangelog: CHANGES.md\n")
	writeFile(t, specFile, strings.Replace(changelogSpec, `version: "1.0"`, `version: "1.1"`, 1)+
		"  /d:\n    get:\n      operationId: getD\n      responses: {\"200\": {description: ok}}\n")
	if code, _, errOut := cli(t, dir, "generate"); code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "out", "CHANGES.md"))
	if !strings.HasSuffix(string(data), "\n\n## `1.1` (changes since `1.0`)\n\n### `GET /d` (getD)\n\n- Info: endpoint added\n") {
		t.Errorf("changelog over an old manifest:\n%s", data)
	}

	// A spec copy changed by hand is not the previous spec: refused.
	copyPath := filepath.Join(dir, "out", "spec", "openapi.filtered.json")
	data, _ = os.ReadFile(copyPath)
	os.WriteFile(copyPath, append(data, ' '), 0o644)
	code, _, errOut := cli(t, dir, "generate")
	if code != 1 || !strings.Contains(errOut, "openapi.filtered.json: not the spec the last generation wrote") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("edited spec copy: exit %d, %q", code, errOut)
	}
}

func TestChangelogNeedsSpecEmitter(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), changelogSpec)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\nemit: [docs]\nchangelog: docs/CHANGELOG.md\n")
	for _, cmd := range []string{"generate", "check"} {
		code, out, errOut := cli(t, dir, cmd)
		if code == 0 || out != "" || errOut != "agentmc-gen "+cmd+": config: changelog: needs the spec emitter (add spec to emit): "+
			"the changelog compares the spec with spec/openapi.filtered.json, the copy the last generation wrote\n" {
			t.Errorf("%s: exit %d, %q %q", cmd, code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("the failed run wrote the output folder")
	}
	// A changelog at a generated path is refused too.
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\npreset: agentmc\nemit: [docs, spec]\nchangelog: docs/operations/README.md\n")
	if code, _, errOut := cli(t, dir, "generate"); code != 1 || !strings.Contains(errOut, "config: changelog: docs/operations/README.md is a generated file") {
		t.Errorf("changelog at a generated path: exit %d %q", code, errOut)
	}
}
