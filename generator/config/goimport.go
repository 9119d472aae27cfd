package config

import (
	"os"
	"path/filepath"
	"strings"
)

// GoImportPath derives the import path of the Go package in folder dir
// (relative to out) from the go.mod in or above it, or returns "" when
// there is none.
func GoImportPath(out, dir string) string {
	abs, err := filepath.Abs(filepath.Join(out, filepath.FromSlash(dir)))
	if err != nil {
		return ""
	}
	for root := abs; ; root = filepath.Dir(root) {
		if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
			mod := modulePath(data)
			rel, err := filepath.Rel(root, abs)
			if mod == "" || err != nil {
				return ""
			}
			if rel == "." {
				return mod
			}
			return mod + "/" + filepath.ToSlash(rel)
		}
		if filepath.Dir(root) == root {
			return ""
		}
	}
}

// modulePath reads the module directive of a go.mod file.
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}
