// Package testenv finds the shared reference material that tests read in
// place: ../shared beside the repository.
package testenv

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ModuleRoot returns the folder holding go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// Shared returns ../shared/<rel> beside the repository, or skips the test
// with a message saying what is missing.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(ModuleRoot(t), "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: %s is absent (the shared reference material is not beside this checkout)", p)
	}
	return p
}

// Update is the -update flag: tests with golden expectations rewrite them
// instead of comparing. Every test package imports testenv, so that
// `go test ./... -update` is a valid command line for all of them.
var Update = flag.Bool("update", false, "rewrite golden expectations instead of comparing")

// Releases returns the spec of every published release in the shared
// corpus (corpus/agentmc-node/<release>/openapi.filtered.json), or skips.
func Releases(t testing.TB) []string {
	t.Helper()
	corpus := Shared(t, "corpus/agentmc-node")
	specs, _ := filepath.Glob(filepath.Join(corpus, "*", "openapi.filtered.json"))
	if len(specs) == 0 {
		t.Fatalf("no releases in %s", corpus)
	}
	return specs
}

// NewestRelease returns the spec of the release with the highest vX.Y.Z
// version in the shared corpus, or skips.
func NewestRelease(t testing.TB) string {
	t.Helper()
	var newest string
	var newestVersion []int
	for _, spec := range Releases(t) {
		name := filepath.Base(filepath.Dir(spec))
		var v []int
		for _, p := range strings.Split(strings.TrimPrefix(name, "v"), ".") {
			n, _ := strconv.Atoi(p)
			v = append(v, n)
		}
		if newest == "" || slices.Compare(v, newestVersion) > 0 {
			newest, newestVersion = spec, v
		}
	}
	return newest
}
