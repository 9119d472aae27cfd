package write_test

import (
	"os"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
	"github.com/agentmc/agentmc-gen/internal/write"
)

// BenchmarkNoopApply is the write half of a no-op generate on the newest
// corpus release with every emitter but the site: planning against an
// up-to-date folder (reading every generated file through the os.Root,
// the manifest and the journal, listing the folders for leftovers) and
// applying the plan, which writes nothing.
func BenchmarkNoopApply(b *testing.B) {
	path := testenv.NewestRelease(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = path
	cfg.Emit = []string{"docs", "sdk", "spec", "curl", "go"}
	res, err := generator.Generate(cfg, data)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	owned := generator.Owned(cfg)
	p, err := write.NewPlan(dir, res.Files, owned)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.Apply(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		p, err := write.NewPlan(dir, res.Files, owned)
		if err != nil {
			b.Fatal(err)
		}
		if p.Changed() {
			b.Fatal("not a no-op")
		}
		if err := p.Apply(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Files.Len()), "files")
}
