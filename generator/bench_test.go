package generator_test

import (
	"os"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// BenchmarkGenerate runs the whole pipeline on the largest corpus spec
// (v0.3.169: 612 KB, 58 operations), from bytes to every file's content in
// memory, with the published layout (schema.ts included).
func BenchmarkGenerate(b *testing.B) { benchmarkGenerate(b, nil) }

// BenchmarkGenerateWithoutTypes is the layout before the types emitter
// (docs, sdk, spec, curl): BenchmarkGenerate of earlier versions, for
// comparisons across them.
func BenchmarkGenerateWithoutTypes(b *testing.B) {
	benchmarkGenerate(b, []string{"docs", "sdk", "spec", "curl"})
}

// BenchmarkGenerateTypes is the same run with only the types emitter.
func BenchmarkGenerateTypes(b *testing.B) { benchmarkGenerate(b, []string{"types"}) }

// BenchmarkGenerateGo, BenchmarkGenerateSite and BenchmarkGenerateGoSite
// show what the two emitters share: the site's Go tab is the go emitter's
// example programs, derived and rendered once per run (emit.Context.Go),
// so go and site together cost less than the two runs apart.
func BenchmarkGenerateGo(b *testing.B)     { benchmarkGenerate(b, []string{"go"}) }
func BenchmarkGenerateSite(b *testing.B)   { benchmarkGenerate(b, []string{"site"}) }
func BenchmarkGenerateGoSite(b *testing.B) { benchmarkGenerate(b, []string{"go", "site"}) }

func benchmarkGenerate(b *testing.B, emit []string) {
	path := testenv.NewestRelease(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = path
	if emit != nil {
		cfg.Emit = emit
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generator.Generate(cfg, data); err != nil {
			b.Fatal(err)
		}
	}
}
