package generator_test

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/testenv"
)

const module = "github.com/agentmc/agentmc-gen/"

// modelSpeaksNoLanguage fails for each line of a Go file under
// generator/model that names a target language of the emitters.
func modelSpeaksNoLanguage(t *testing.T) {
	t.Helper()
	root := filepath.Join(testenv.ModuleRoot(t), "generator", "model")
	language := regexp.MustCompile(`(?i)typescript|\bsdk|curl|shell|\.ts\b`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := language.FindString(line); m != "" {
				t.Errorf("%s:%d names %q: the model carries no emitter's language", filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator))), i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLayers checks the pipeline's import rules with go list: no package
// depends on a stage after its own.
//
//	load → normalize → model → calls → emitters → generator → write
//
// The model knows no normaliser, configuration, call example or emitter,
// and no target language: its source never names TypeScript, an SDK, cURL
// or a shell (how an emitter writes a call is the emitter's side). No
// emitter knows another; config, calls, render and write know no emitter.
func TestLayers(t *testing.T) {
	modelSpeaksNoLanguage(t)
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	cmd := exec.Command("go", "list", "-json=ImportPath,Deps", "./...")
	cmd.Dir = testenv.ModuleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		deps[strings.TrimPrefix(p.ImportPath, module)] = p.Deps
	}
	isEmitter := func(p string) bool { return strings.HasPrefix(p, module+"internal/emit/") }
	forbid := func(pkg, why string, bad func(dep string) bool) {
		t.Helper()
		list, ok := deps[pkg]
		if !ok {
			t.Errorf("go list did not list %s", pkg)
			return
		}
		for _, d := range list {
			if bad(d) {
				t.Errorf("%s imports %s: %s", pkg, strings.TrimPrefix(d, module), why)
			}
		}
	}
	later := []string{"generator", "internal/normalize", "generator/config", "internal/calls", "internal/render", "internal/emit", "internal/write"}
	forbid("generator/model", "the model comes before normalisation's settings, the configuration and every emitter", func(d string) bool {
		return isEmitter(d) || slices.Contains(later, strings.TrimPrefix(d, module))
	})
	for _, pkg := range []string{"generator/config", "internal/render", "internal/calls", "internal/emit", "internal/write"} {
		forbid(pkg, "only the generator knows the emitters", func(d string) bool {
			return isEmitter(d) || d == module+"generator"
		})
	}
	emitters := 0
	for pkg := range deps {
		if !isEmitter(module + pkg) {
			continue
		}
		emitters++
		own := module + pkg
		forbid(pkg, "an emitter reads the model, never another emitter", func(d string) bool {
			return isEmitter(d) && d != own && !strings.HasPrefix(d, own+"/") || d == module+"generator"
		})
	}
	if emitters < 7 {
		t.Errorf("found %d emitter packages under internal/emit, want at least 7", emitters)
	}
	// Only the documented API is importable from another module; every
	// other package lives under internal/.
	public := []string{"generator", "generator/config", "generator/model", "cmd/agentmc-gen", "templates", "golden", "scripts/realworld"}
	for pkg := range deps {
		if !strings.HasPrefix(pkg, "internal/") && !strings.Contains(pkg, "/internal/") && !slices.Contains(public, pkg) {
			t.Errorf("%s is outside internal/ but is not part of the documented API (%s)", pkg, strings.Join(public, ", "))
		}
	}
}
