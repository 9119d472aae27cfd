package golang_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestDeterministic generates the default spec's client three times and
// compares every file byte for byte.
func TestDeterministic(t *testing.T) {
	spec := filepath.Join(testenv.ModuleRoot(t), "spec", "agentmc.openapi.yaml")
	first := generate(t, spec, "agentmc-0.1", "example.test/go/agentmc")
	for range 2 {
		again := generate(t, spec, "agentmc-0.1", "example.test/go/agentmc")
		if again.Files.Len() != first.Files.Len() {
			t.Fatalf("%d files, then %d", first.Files.Len(), again.Files.Len())
		}
		for _, f := range first.Files.Files() {
			if g := again.Files.Get(f.Path); g == nil || !bytes.Equal(g.Data, f.Data) {
				t.Errorf("%s differs between runs", f.Path)
			}
		}
	}
}

// TestSettings covers the package name, folder and import path from the
// configuration file and their defaults; emit: turns the emitter on.
func TestSettings(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	if pkg, dir, imp := golang.Settings(cfg); pkg != "agentmc" || dir != "go/agentmc" || imp != "agentmc" {
		t.Errorf("defaults: %s %s %s", pkg, dir, imp)
	}
	f, err := config.ParseFile("agentmc-gen.yaml", []byte("emit: [docs, go]\ngo:\n  package: amc\n  out: client/amc\n  import: example.com/x/client/amc\n"))
	if err != nil {
		t.Fatal(err)
	}
	f.Apply(cfg)
	if pkg, dir, imp := golang.Settings(cfg); pkg != "amc" || dir != "client/amc" || imp != "example.com/x/client/amc" {
		t.Errorf("from the file: %s %s %s", pkg, dir, imp)
	}
	found := false
	for _, e := range cfg.Emit {
		found = found || e == "go"
	}
	if !found {
		t.Errorf("emit: [docs, go] does not turn the emitter on: %v", cfg.Emit)
	}
	if _, err := config.ParseFile("x.yaml", []byte("go:\n  pkg: amc\n")); err == nil {
		t.Error("an unknown go: key was accepted")
	}
	cfg2, _ := config.Preset("agentmc")
	cfg2.GoOut = "../escape"
	cfg2.Emit = []string{"go"}
	cfg2.Spec = filepath.Join(testenv.ModuleRoot(t), "spec", "agentmc.openapi.yaml")
	if _, err := generator.GenerateFile(cfg2); err == nil {
		t.Error("a Go output folder outside the output folder was accepted")
	}
}
