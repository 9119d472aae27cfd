package generator_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// Each emitter with a recogniser recognises every per-operation file it
// writes into its folders, and no file another emitter writes.
func TestRegistryRecognisers(t *testing.T) {
	ops := `"/a":{"get":{"operationId":"getA",` + okResponses + `}},"/b":{"post":{"operationId":"makeB",` + okResponses + `}}`
	names := generator.EmitterNames()
	res, err := generate(t, spec(ops), func(c *config.Config) { c.Emit = names })
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(slices.Compact(slices.Sorted(slices.Values(names)))) {
		t.Fatalf("names repeat: %v", names)
	}
	cfg, _ := config.Preset("agentmc")
	for _, e := range generator.Registry {
		if e.Emit == nil {
			t.Errorf("%s: no Emit", e.Name)
		}
		if e.Recognise == nil {
			continue
		}
		var dirs []string
		if e.Owns != nil {
			dirs = e.Owns(cfg)
		}
		if len(dirs) == 0 {
			t.Errorf("%s: a recogniser without an owned folder", e.Name)
		}
		mine := 0
		for _, f := range res.Files.Files() {
			inOwned := slices.ContainsFunc(dirs, func(d string) bool { return strings.HasPrefix(f.Path, d+"/") })
			if !e.Recognise(f.Path, f.Data) {
				continue
			}
			if !inOwned {
				t.Errorf("%s recognises %s, outside its folders", e.Name, f.Path)
			}
			mine++
		}
		if mine != 2 {
			t.Errorf("%s recognises %d files, want one per operation (2)", e.Name, mine)
		}
	}
	var owned []string
	for _, o := range generator.Owned(cfg) {
		owned = append(owned, o.Dir)
	}
	if got := strings.Join(owned, " "); got != "docs/operations examples/http examples/curl go/agentmc examples/go" {
		t.Errorf("owned folders: %s", got)
	}
}

// Emitters run in registry order whatever the order of emit:, and a
// name outside the registry is refused with the known names.
func TestRegistryEmitNames(t *testing.T) {
	ops := `"/a":{"get":{"operationId":"getA",` + okResponses + `}}`
	a, err := generate(t, spec(ops), func(c *config.Config) { c.Emit = []string{"curl", "docs"} })
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(t, spec(ops), func(c *config.Config) { c.Emit = []string{"docs", "curl"} })
	if err != nil {
		t.Fatal(err)
	}
	if a.Files.Len() != b.Files.Len() || a.Files.Len() != 4 {
		t.Errorf("file counts %d and %d, want 4", a.Files.Len(), b.Files.Len())
	}
	_, err = generate(t, spec(ops), func(c *config.Config) { c.Emit = []string{"docs", "pdf"} })
	if err == nil || err.Error() != `unknown emitter "pdf" (known: `+strings.Join(generator.EmitterNames(), ", ")+")" {
		t.Errorf("unknown emitter: %v", err)
	}
}

// TestEmitterOrder runs every emitter over the repository's spec in
// registry order and in reverse: no emitter needs another (each reads only
// the model), so the files are the same to the byte. It fails when an
// emitter reads what another wrote into the output set, as the site once
// read the Go examples.
func TestEmitterOrder(t *testing.T) {
	run := func() map[string][]byte {
		t.Helper()
		cfg, err := config.Resolve(config.Flags{Config: filepath.Join(testenv.ModuleRoot(t), config.FileName)}, generator.EmitterNames())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Emit = generator.EmitterNames()
		res, err := generator.GenerateFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range res.Files.Files() {
			files[f.Path] = f.Data
		}
		return files
	}
	forward := run()
	registry := generator.Registry
	t.Cleanup(func() { generator.Registry = registry })
	generator.Registry = slices.Clone(registry)
	slices.Reverse(generator.Registry)
	backward := run()
	if len(forward) != len(backward) {
		t.Errorf("%d files in registry order, %d in reverse", len(forward), len(backward))
	}
	for p, data := range forward {
		if !bytes.Equal(data, backward[p]) {
			t.Errorf("%s differs when the emitters run in reverse order", p)
		}
	}
}
