package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestSeedRelease compares the default spec's output under the 0.1 layout
// with the pages the seed document shows of @agentmc/api 0.1.1, by the
// comparison rule of FORMAT.md §9: leading white space removed from every
// line of both, and the seed's line-final " \\" read as " \".
func TestSeedRelease(t *testing.T) {
	seed := testenv.Shared(t, "seed/published-0.1.1/docs/operations")
	cfg, _ := config.Preset("agentmc-0.1")
	cfg.Spec = filepath.Join(testenv.ModuleRoot(t), "spec", "agentmc.openapi.yaml")
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.API.Operations); n != 44 {
		t.Errorf("the default spec has %d operations, the seed release 44", n)
	}
	pages, _ := filepath.Glob(filepath.Join(seed, "*.md"))
	if len(pages) != 4 {
		t.Fatalf("want the seed's README and three pages, found %d files", len(pages))
	}
	for _, p := range pages {
		published, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := res.Files.Get("docs/operations/" + filepath.Base(p))
		if f == nil {
			t.Errorf("%s not generated", filepath.Base(p))
			continue
		}
		want, got := seedText(string(published), true), seedText(string(f.Data), false)
		if want != got {
			t.Errorf("%s differs from the seed:\n%s", filepath.Base(p), FirstDiff(want, got))
		}
	}
}

// seedText applies the comparison rule to a text.
func seedText(s string, fromSeed bool) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimLeft(l, " \t")
		if fromSeed && strings.HasSuffix(l, ` \\`) {
			l = strings.TrimSuffix(l, `\`)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
