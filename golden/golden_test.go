// Package golden runs the project's own golden cases: each *.txtar archive
// in this folder holds an input spec, the flags, and the expected files or
// the expected errors.
//
// Archive layout:
//
//	-- args --          flags of agentmc-gen generate (-preset, -emit, -spec, -go-package …),
//	                    parsed and resolved as the command does (config.Resolve)
//	-- spec.yaml --     the input (or spec.json; or -spec names a file, relative to this folder)
//	-- files --         every generated path, one a line (the complete set)
//	-- out/PATH --      expected content of a generated file (any subset: docs, SDK,
//	                    cURL, out/go/…, out/site/…)
//	-- stderr --        what the command prints on stderr: the one-line error of a
//	                    run that must fail, or the warnings of one that succeeds
//
// A case whose run fails passes only when its stderr section is exactly
// the error. `go test ./golden -update` rewrites the expectations and adds
// the sections a case lacks: files for a run that succeeds, stderr for one
// that fails or warns.
package golden

import (
	"flag"
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
	res, stderr := generate(path, sections)
	if *testenv.Update {
		update(t, path, ar, res, stderr)
		return
	}
	want := sections["stderr"]
	switch {
	case res == nil && want == nil:
		t.Fatalf("%s: generate failed (go test ./golden -update records it as the expected stderr):\n%s", path, stderr)
	case want != nil && string(want.Data) != stderr:
		t.Errorf("%s: stderr differs:\n%s", path, diff(string(want.Data), stderr))
	case want == nil && stderr != "":
		// No stderr section means a run without warnings.
		t.Errorf("%s: unexpected stderr (go test ./golden -update records it):\n%s", path, stderr)
	}
	if res == nil {
		return
	}
	var paths []string
	for _, f := range res.Files.Files() {
		paths = append(paths, f.Path)
	}
	list := strings.Join(paths, "\n") + "\n"
	switch s := sections["files"]; {
	case s == nil:
		t.Errorf("%s: no files section (go test ./golden -update adds it)", path)
	case string(s.Data) != list:
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

// update rewrites the archive's expectations, adding the files section of
// a run that succeeds and the stderr section of one that fails or warns.
func update(t *testing.T, path string, ar *txtar.Archive, res *generator.Result, stderr string) {
	set := func(name, data string) {
		for i := range ar.Files {
			if ar.Files[i].Name == name {
				ar.Files[i].Data = []byte(data)
				return
			}
		}
		// New sections go before the expected files.
		at := len(ar.Files)
		for i, f := range ar.Files {
			if strings.HasPrefix(f.Name, "out/") || f.Name == "stderr" {
				at = i
				break
			}
		}
		ar.Files = append(ar.Files[:at], append([]txtar.File{{Name: name, Data: []byte(data)}}, ar.Files[at:]...)...)
	}
	has := func(name string) bool {
		for _, f := range ar.Files {
			if f.Name == name {
				return true
			}
		}
		return false
	}
	if res != nil {
		var list strings.Builder
		for _, f := range res.Files.Files() {
			list.WriteString(f.Path + "\n")
		}
		set("files", list.String())
		for i, f := range ar.Files {
			if p, ok := strings.CutPrefix(f.Name, "out/"); ok {
				if g := res.Files.Get(p); g != nil {
					ar.Files[i].Data = g.Data
				}
			}
		}
	}
	if res == nil || stderr != "" || has("stderr") {
		set("stderr", stderr)
	}
	if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// generate resolves the args section as the command's flags and runs the
// pipeline on the input spec. It returns the result, or nil when the run
// failed, and what the command would print on stderr.
func generate(path string, sections map[string]*txtar.File) (*generator.Result, string) {
	const prefix = "agentmc-gen generate: "
	// As the command prints them: one problem a line.
	fail := func(err error) (*generator.Result, string) {
		var b strings.Builder
		for _, line := range strings.Split(err.Error(), "\n") {
			b.WriteString(prefix + line + "\n")
		}
		return nil, b.String()
	}
	var fl config.Flags
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	var usage strings.Builder
	fs.SetOutput(&usage)
	fl.Define(fs, generator.EmitterNames())
	var args []string
	if s := sections["args"]; s != nil {
		args = strings.Fields(string(s.Data))
	}
	if err := fs.Parse(args); err != nil {
		return fail(err)
	}
	if fs.NArg() > 0 {
		return fail(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	// The spec is a section of the archive unless -spec names a file; the
	// output folder is never written.
	var data []byte
	if fl.Spec == "" {
		for _, name := range []string{"spec.yaml", "spec.json"} {
			if s := sections[name]; s != nil {
				fl.Spec, data = name, s.Data
				break
			}
		}
		if fl.Spec == "" {
			return fail(fmt.Errorf("%s: no spec.yaml, spec.json or -spec", path))
		}
	}
	if fl.Out == "" {
		fl.Out = "out"
	}
	cfg, err := config.Resolve(fl, generator.EmitterNames())
	if err != nil {
		return fail(err)
	}
	if data == nil {
		if data, err = os.ReadFile(cfg.Spec); err != nil {
			return fail(err)
		}
	}
	res, err := generator.Generate(cfg, data)
	if err != nil {
		return fail(err)
	}
	var stderr strings.Builder
	for _, w := range res.Warnings {
		stderr.WriteString(prefix + w.Error() + "\n")
	}
	return res, stderr.String()
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
