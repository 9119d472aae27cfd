package specdiff_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/specdiff"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// largestPair returns the consecutive releases with the most spec bytes.
func largestPair(b *testing.B) (old, new string) {
	names, spec := sortedReleases(b)
	size := func(p string) int64 {
		fi, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		return fi.Size()
	}
	var best int64
	for i := 1; i < len(names); i++ {
		if s := size(spec[names[i-1]]) + size(spec[names[i]]); s > best {
			best, old, new = s, spec[names[i-1]], spec[names[i]]
		}
	}
	return old, new
}

// BenchmarkDiff compares the largest pair in process: the API alone, and
// with the Go clients generated and compared.
func BenchmarkDiff(b *testing.B) {
	oldPath, newPath := largestPair(b)
	old, new := readSpec(b, oldPath), readSpec(b, newPath)
	b.Logf("%s → %s", filepath.Base(filepath.Dir(oldPath)), filepath.Base(filepath.Dir(newPath)))
	cfg, _ := config.Preset("agentmc")
	for _, c := range []struct {
		name string
		opts specdiff.Options
	}{{"api", specdiff.Options{}}, {"api+go", specdiff.Options{GoConfig: cfg}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := specdiff.Compare(old, new, c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDiffProcess runs whole processes on the largest pair:
// `agentmc-gen diff` (built for the benchmark) and, when it is installed
// (on PATH or as $OASDIFF), the reference `oasdiff breaking`.
func BenchmarkDiffProcess(b *testing.B) {
	oldPath, newPath := largestPair(b)
	bin := filepath.Join(b.TempDir(), "agentmc-gen")
	build := exec.Command("go", "build", "-o", bin, "./cmd/agentmc-gen")
	build.Dir = testenv.ModuleRoot(b)
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(b *testing.B, name string, args ...string) {
		for b.Loop() {
			// Exit code 1 (breaking changes found) is a result, not a failure.
			if err := exec.Command(name, args...).Run(); err != nil {
				if _, ok := err.(*exec.ExitError); !ok {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("agentmc-gen-diff", func(b *testing.B) { run(b, bin, "diff", "-go=false", oldPath, newPath) })
	b.Run("agentmc-gen-diff-go", func(b *testing.B) { run(b, bin, "diff", "-go", oldPath, newPath) })
	oasdiff := os.Getenv("OASDIFF")
	if oasdiff == "" {
		oasdiff, _ = exec.LookPath("oasdiff")
	}
	if oasdiff == "" {
		b.Log("oasdiff is not installed (go install github.com/oasdiff/oasdiff@v1.37.0, or set $OASDIFF): its run is skipped")
		return
	}
	b.Run("oasdiff-breaking", func(b *testing.B) { run(b, oasdiff, "breaking", oldPath, newPath) })
}
