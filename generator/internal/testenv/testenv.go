// Package testenv finds the shared reference material that tests read in
// place: ../shared beside the repository.
package testenv

import (
	"os"
	"path/filepath"
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
