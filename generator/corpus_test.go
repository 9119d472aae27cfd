package generator_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestCorpus regenerates every published release in the shared corpus and
// compares each expected file byte for byte, and the file sets of the
// folders the package regenerates whole.
func TestCorpus(t *testing.T) {
	for _, specPath := range testenv.Releases(t) {
		dir := filepath.Dir(specPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			cfg, _ := config.Preset("agentmc")
			cfg.Spec = specPath
			res, err := generator.GenerateFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			// expected/ holds the published files; expected-types/ the
			// schema.ts the newest generate step writes (FORMAT.md §10).
			for _, folder := range []string{"expected", "expected-types"} {
				expected := filepath.Join(dir, folder)
				err = filepath.WalkDir(expected, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					rel, _ := filepath.Rel(expected, p)
					rel = filepath.ToSlash(rel)
					want[rel] = true
					data, err := os.ReadFile(p)
					if err != nil {
						return err
					}
					f := res.Files.Get(rel)
					if f == nil {
						t.Errorf("%s: %s: not generated", filepath.Base(dir), rel)
						return nil
					}
					if string(f.Data) != string(data) {
						t.Errorf("%s: %s differs from the published file:\n%s", filepath.Base(dir), rel, FirstDiff(string(data), string(f.Data)))
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, folder := range []string{"docs/operations/", "examples/http/"} {
				var extra []string
				for _, f := range res.Files.Files() {
					if strings.HasPrefix(f.Path, folder) && !want[f.Path] {
						extra = append(extra, f.Path)
					}
				}
				sort.Strings(extra)
				if len(extra) > 0 {
					t.Errorf("%s: generated files the release does not have: %s", filepath.Base(dir), strings.Join(extra, ", "))
				}
			}
		})
	}
}

// FirstDiff is a unified diff of the first differing lines of two texts.
func FirstDiff(want, got string) string {
	text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(want), B: difflib.SplitLines(got),
		FromFile: "published", ToFile: "generated", Context: 3,
	})
	lines := strings.SplitAfter(text, "\n")
	if len(lines) > 40 {
		lines = append(lines[:40], fmt.Sprintf("... (%d more diff lines)\n", len(lines)-40))
	}
	return strings.Join(lines, "")
}
