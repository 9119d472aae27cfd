// Package golden runs the project's own golden cases: each *.txtar archive
// in this folder holds an input spec, the flags, and the expected files.
//
// Archive layout:
//
//	-- args --          flags for generate: -preset NAME, -emit LIST, -spec PATH
//	-- spec.yaml --     the input (or spec.json; or -spec names a file, relative to this folder)
//	-- files --         every generated path, one a line (the complete set)
//	-- out/PATH --      expected content of a generated file (any subset)
//
// `go test ./... -update` rewrites the files list and the expected contents.
package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
	"golang.org/x/tools/txtar"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

func TestGolden(t *testing.T) {
	archives, _ := filepath.Glob("*.txtar")
	if len(archives) == 0 {
		t.Fatal("no golden cases")
	}
	for _, path := range archives {
		t.Run(strings.TrimSuffix(path, ".txtar"), func(t *testing.T) {
			t.Parallel()
			runCase(t, path)
		})
	}
}

func runCase(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]*txtar.File{}
	for i := range ar.Files {
		sections[ar.Files[i].Name] = &ar.Files[i]
	}
	cfg, data := configure(t, path, sections)
	res, err := generator.Generate(cfg, data)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range res.Files.Files() {
		paths = append(paths, f.Path)
	}
	list := strings.Join(paths, "\n") + "\n"
	if *testenv.Update {
		if s := sections["files"]; s != nil {
			s.Data = []byte(list)
		}
		for i, f := range ar.Files {
			if p, ok := strings.CutPrefix(f.Name, "out/"); ok {
				if g := res.Files.Get(p); g != nil {
					ar.Files[i].Data = g.Data
				}
			}
		}
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if s := sections["files"]; s != nil && string(s.Data) != list {
		t.Errorf("%s: the generated file set differs:\n%s", path, diff(string(s.Data), list))
	}
	for _, f := range ar.Files {
		p, ok := strings.CutPrefix(f.Name, "out/")
		if !ok {
			continue
		}
		g := res.Files.Get(p)
		if g == nil {
			t.Errorf("%s: %s was not generated", path, p)
			continue
		}
		if string(g.Data) != string(f.Data) {
			t.Errorf("%s: %s differs (go test ./golden -update rewrites it):\n%s", path, p, diff(string(f.Data), string(g.Data)))
		}
	}
}

// configure reads the args section and the input spec.
func configure(t *testing.T, path string, sections map[string]*txtar.File) (*config.Config, []byte) {
	t.Helper()
	preset, emit, specPath := config.DefaultPreset, "", ""
	if s := sections["args"]; s != nil {
		args := strings.Fields(string(s.Data))
		for i := 0; i+1 < len(args); i += 2 {
			switch args[i] {
			case "-preset":
				preset = args[i+1]
			case "-emit":
				emit = args[i+1]
			case "-spec":
				specPath = args[i+1]
			default:
				t.Fatalf("%s: unknown flag %s in args", path, args[i])
			}
		}
	}
	cfg, err := config.Preset(preset)
	if err != nil {
		t.Fatal(err)
	}
	if emit != "" {
		cfg.Emit = strings.Split(emit, ",")
	}
	var data []byte
	switch {
	case specPath != "":
		cfg.Spec = specPath
		if data, err = os.ReadFile(specPath); err != nil {
			t.Fatal(err)
		}
	case sections["spec.yaml"] != nil:
		cfg.Spec, data = "spec.yaml", sections["spec.yaml"].Data
	case sections["spec.json"] != nil:
		cfg.Spec, data = "spec.json", sections["spec.json"].Data
	default:
		t.Fatalf("%s: no spec.yaml, spec.json or -spec", path)
	}
	return cfg, data
}

func diff(want, got string) string {
	text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(want), B: difflib.SplitLines(got), FromFile: "golden", ToFile: "generated", Context: 2,
	})
	if lines := strings.SplitAfter(text, "\n"); len(lines) > 60 {
		text = strings.Join(lines[:60], "") + fmt.Sprintf("... (%d more lines)\n", len(lines)-60)
	}
	return text
}
