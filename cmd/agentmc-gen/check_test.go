package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckGitHubFormat: check -format github prints annotations and its
// summary line, no diff; an unknown format is an error (2).
func TestCheckGitHubFormat(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), twoOps)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\n")
	if code, _, errOut := cli(t, dir, "generate"); code != 0 {
		t.Fatal(errOut)
	}
	writeFile(t, filepath.Join(dir, "api.yaml"), strings.Split(twoOps, "  /b:")[0])
	code, out, _ := cli(t, dir, "check", "-format", "github")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 1 || !strings.Contains(out, "::error file=out/spec/openapi.filtered.json,line=29,col=7,title=breaking API change (api-path-removed-without-deprecation)::GET /b: API path removed without deprecation\n") ||
		!strings.Contains(out, "::error file=out/docs/operations/getB.md,line=1,title=agentmc-gen check::stale: docs/operations/getB.md; run agentmc-gen generate\n") ||
		strings.Contains(out, "--- a/") || !strings.HasPrefix(lines[len(lines)-1], "agentmc-gen check: out is out of date: ") {
		t.Errorf("check -format github: exit %d\n%s", code, out)
	}
	code, out, errOut := cli(t, dir, "check", "-format", "xml")
	if code != 2 || out != "" || errOut != "agentmc-gen check: -format \"xml\": want text or github\n" {
		t.Errorf("check -format xml: exit %d %q %q", code, out, errOut)
	}
}
