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
// memory, with the published layout.
func BenchmarkGenerate(b *testing.B) {
	path := testenv.NewestRelease(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = path
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generator.Generate(cfg, data); err != nil {
			b.Fatal(err)
		}
	}
}
