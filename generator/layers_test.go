package generator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
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
	for _, pkg := range []string{"generator/config", "internal/render", "internal/calls", "internal/emit", "internal/write", "internal/golang"} {
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

// TestEmittersReadNoFiles type-checks the emitter packages (go/types, with
// the export data go list builds) and refuses a use of any method of
// output.Set but Add: an emitter writes its files into the run's set and
// never reads the set, where it would find another emitter's files (the
// site once took the Go examples from it; it now asks package golang).
func TestEmittersReadNoFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the export data of the emitters' dependencies")
	}
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Dir,GoFiles,Export", "./internal/emit/...")
	cmd.Dir = testenv.ModuleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct {
		ImportPath, Dir, Export string
		GoFiles                 []string
	}
	exports := map[string]string{}
	var emitters []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
		if strings.HasPrefix(p.ImportPath, module+"internal/emit/") {
			emitters = append(emitters, p)
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	setPath := module + "internal/output"
	checked := 0
	for _, p := range emitters {
		var files []*ast.File
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
		if _, err := (&types.Config{Importer: imp}).Check(p.ImportPath, fset, files, info); err != nil {
			t.Fatalf("type-checking %s: %v", p.ImportPath, err)
		}
		checked++
		for sel, s := range info.Selections {
			recv := s.Recv()
			if ptr, ok := recv.(*types.Pointer); ok {
				recv = ptr.Elem()
			}
			named, ok := recv.(*types.Named)
			if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != setPath || named.Obj().Name() != "Set" {
				continue
			}
			if s.Obj().Name() != "Add" {
				t.Errorf("%s: an emitter calls output.Set.%s: it reads the model, never the files of the run", fset.Position(sel.Pos()), s.Obj().Name())
			}
		}
	}
	if checked < 7 {
		t.Errorf("type-checked %d emitter packages, want at least 7", checked)
	}
}
