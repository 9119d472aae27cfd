package types_test

import (
	"os"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/emit/types"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// BenchmarkEmit types the newest corpus release's normalised spec: the
// emitter alone, without loading and normalising.
func BenchmarkEmit(b *testing.B) {
	path := testenv.NewestRelease(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc")
	cfg.Emit = nil
	res, err := generator.Generate(cfg, data)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := types.Generate(res.API.Spec); err != nil {
			b.Fatal(err)
		}
	}
}
