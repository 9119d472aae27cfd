package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestDownstream runs the scripts in testdata/script: each is a module of a
// user, with its own spec, configuration and //go:generate line, that pulls
// agentmc-gen in through a replace directive pointing at this checkout.
func TestDownstream(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the downstream module test in -short mode")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("skipping: no go command")
	}
	root, _ := filepath.Abs("../..")
	env := map[string]string{}
	for _, name := range []string{"GOMODCACHE", "GOCACHE", "GOPROXY", "GOPATH", "GOTOOLCHAIN", "GONOSUMDB", "GOPRIVATE"} {
		out, err := exec.Command(goBin, "env", name).Output()
		if err == nil {
			env[name] = strings.TrimSpace(string(out))
		}
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			for k, v := range env {
				e.Setenv(k, v)
			}
			e.Setenv("PATH", filepath.Dir(goBin)+string(os.PathListSeparator)+os.Getenv("PATH"))
			e.Setenv("HOME", e.WorkDir)
			// Resolve the module graph from the local module cache and proxy,
			// recording sums without asking the checksum database.
			e.Setenv("GOFLAGS", "-mod=mod")
			e.Setenv("GOSUMDB", "off")
			gomod := filepath.Join(e.WorkDir, "go.mod")
			data, err := os.ReadFile(gomod)
			if err != nil {
				return err
			}
			return os.WriteFile(gomod, []byte(strings.ReplaceAll(string(data), "$AGENTMC_GEN", root)), 0o644)
		},
	})
}
