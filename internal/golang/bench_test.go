package golang_test

import (
	"os"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// BenchmarkGoClient runs the whole pipeline (load, normalise, model,
// emit) in memory on the newest corpus release: "go" alone, and every
// emitter of the agentmc preset plus "go".
func BenchmarkGoClient(b *testing.B) {
	spec := testenv.NewestRelease(b)
	data, err := os.ReadFile(spec)
	if err != nil {
		b.Fatal(err)
	}
	for _, emit := range [][]string{{"go"}, {"docs", "sdk", "spec", "curl", "go"}} {
		name := "go"
		if len(emit) > 1 {
			name = "all"
		}
		b.Run(name, func(b *testing.B) {
			cfg, _ := config.Preset("agentmc")
			cfg.Spec = spec
			cfg.Emit = emit
			b.ReportAllocs()
			for b.Loop() {
				if _, err := generator.Generate(cfg, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
