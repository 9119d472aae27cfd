package generator_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/hostile"
	"github.com/agentmc/agentmc-gen/internal/output"
)

// checkTextInvariants: the SDK examples are one call each and
// operations.ts one JSON array, the pages have their operation's outline
// with no raw HTML or link, the site holds only its own elements and
// scripts (see textProblems).
func checkTextInvariants(t *testing.T, cfg *config.Config, res *generator.Result) {
	for _, p := range textProblems(cfg, res) {
		t.Error(p)
	}
}

// FuzzGenerate runs the whole pipeline, loader to emitters, on arbitrary
// bytes: it must return files or an error, never panic or hang, every
// path it would write must stay inside the output folder, and the Go
// client must parse with no directive, block comment or init function. Seeds: the specs
// of the golden cases (testdata/fuzz/FuzzGenerate holds inputs found since).
func FuzzGenerate(f *testing.F) {
	archives, _ := filepath.Glob("../golden/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if strings.HasPrefix(file.Name, "spec.") {
				f.Add(file.Data)
			}
		}
	}
	f.Add(hostile.Everywhere("x\r# Injected\n```\n<script>alert(1)</script> [a](https://evil.example) client.operations.x"))
	f.Add([]byte(`{"openapi":"3.0.0","paths":{"/{a}":{"get":{"operationId":"../x","parameters":[{"name":"a","in":"path","example":"../"}],"responses":{"200":{},"default":{}}}}}}`))
	for _, p := range hostile.Payloads {
		f.Add(hostile.Everywhere(p.Text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, _ := config.Preset("agentmc-0.1")
		cfg.Spec = "fuzz.json"
		cfg.Emit = append(cfg.Emit, "site", "go")
		res, err := generator.Generate(cfg, data)
		if err != nil {
			for _, line := range badLines(err) {
				t.Errorf("not one problem a line: %q", line)
			}
			return
		}
		for _, file := range res.Files.Files() {
			if err := output.CheckPath(file.Path); err != nil {
				t.Errorf("unsafe path: %v", err)
			}
		}
		checkTextInvariants(t, cfg, res)
		checkGoOutput(t, res)
	})
}
