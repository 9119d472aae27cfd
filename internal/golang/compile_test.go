package golang_test

import (
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestCompile generates the client and the examples for every release in
// the shared corpus and for the default spec, and checks them with one
// go vet run (which type-checks every package and every example program)
// in a temporary module. Cases whose output is identical are checked once.
// It also checks that every generated Go file is gofmt-formatted, starts
// with the generated-code header and imports only the standard library.
func TestCompile(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: skipping the go vet run over every release")
	}
	root := testenv.ModuleRoot(t)
	type specCase struct{ name, spec, preset string }
	cases := []specCase{{"default", filepath.Join(root, "spec", "agentmc.openapi.yaml"), "agentmc-0.1"}}
	if corpus := sharedCorpus(t); corpus != "" {
		specs, _ := filepath.Glob(filepath.Join(corpus, "*", "openapi.filtered.json"))
		for _, s := range specs {
			cases = append(cases, specCase{filepath.Base(filepath.Dir(s)), s, "agentmc"})
		}
	} else {
		t.Log("the shared corpus is absent: only the default spec is checked")
	}
	// Further releases: AGENTMC_GO_SPECS lists more spec files, separated
	// as in PATH, checked the same way with the agentmc preset.
	for _, s := range filepath.SplitList(os.Getenv("AGENTMC_GO_SPECS")) {
		if s != "" {
			cases = append(cases, specCase{"extra-" + filepath.Base(filepath.Dir(s)) + "-" + filepath.Base(s), s, "agentmc"})
		}
	}
	const placeholder = "zzcasezz"
	dir := t.TempDir()
	seen := map[[32]byte]string{}
	// A file that is the same in several cases (the runtime, many examples)
	// is checked once.
	seenFiles := map[[32]byte]bool{}
	var checked []string
	files := 0
	for _, c := range cases {
		res := generate(t, c.spec, c.preset, contractModule+"/"+placeholder+"/go/agentmc")
		h := sha256.New()
		for _, f := range res.Files.Files() {
			if !strings.HasSuffix(f.Path, ".go") {
				continue
			}
			if key := sha256.Sum256([]byte(f.Path + "\x00" + string(f.Data))); !seenFiles[key] {
				seenFiles[key] = true
				checkFile(t, c.name, f.Path, f.Data)
			}
			fmt.Fprintf(h, "%s\x00%s\x00", f.Path, f.Data)
		}
		var sum [32]byte
		copy(sum[:], h.Sum(nil))
		if other, dup := seen[sum]; dup {
			t.Logf("%s: same Go output as %s", c.name, other)
			continue
		}
		seen[sum] = c.name
		pkg := "c_" + strings.NewReplacer(".", "_", "-", "_").Replace(c.name)
		files += writePackage(t, dir, pkg, placeholder, res)
		checked = append(checked, c.name)
	}
	write(t, filepath.Join(dir, "go.mod"), "module "+contractModule+"\n\ngo 1.24\n")
	start := time.Now()
	out, err := goCmd(t, dir, nil, "vet", "-tags", golang.ExampleTag, "./...")
	if err != nil {
		t.Fatalf("go vet: %v\n%s", err, tail(out, 80))
	}
	sort.Strings(checked)
	t.Logf("go vet passed on %d distinct outputs (%s), %d files, in %v", len(checked), strings.Join(checked, ", "), files, time.Since(start).Round(time.Millisecond))
}

// TestCommittedClientVets runs go vet in out/, a module of its own: the
// committed client and every example program, each built as the main
// package it is. (The drift check keeps out/ equal to what the generator
// writes; out/ is outside the root module's ./..., so nothing else vets it.)
func TestCommittedClientVets(t *testing.T) {
	t.Parallel()
	out := filepath.Join(testenv.ModuleRoot(t), "out")
	if _, err := os.Stat(filepath.Join(out, "go.mod")); err != nil {
		t.Fatalf("out/ is not a module: %v", err)
	}
	if res, err := goCmd(t, out, nil, "vet", "./..."); err != nil {
		t.Fatalf("go vet in out/: %v\n%s", err, tail(res, 80))
	}
}

// checkFile checks what go vet does not: the header, gofmt, imports, and
// a doc comment on every exported name of the package.
func checkFile(t *testing.T, name, path string, data []byte) {
	t.Helper()
	if !strings.HasPrefix(path, golang.ExamplesDir+"/") {
		for _, missing := range undocumented(data) {
			t.Errorf("%s: %s: %s has no doc comment", name, path, missing)
		}
	}
	if !strings.HasPrefix(string(data), "// "+golang.Header+"\n") {
		t.Errorf("%s: %s does not start with the generated-code header", name, path)
	}
	formatted, err := format.Source(data)
	if err != nil {
		t.Errorf("%s: %s: %v", name, path, err)
	} else if string(formatted) != string(data) {
		t.Errorf("%s: %s is not gofmt-formatted", name, path)
	}
	for _, line := range importLines(string(data)) {
		if strings.Contains(line, ".") && !strings.Contains(line, contractModule+"/") {
			t.Errorf("%s: %s imports %s, not the standard library", name, path, line)
		}
	}
}

// importLines returns the quoted import paths of a Go file.
func importLines(src string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "import ("):
			in = true
		case in && l == ")":
			return out
		case in && l != "":
			out = append(out, l)
		case strings.HasPrefix(l, "import \""):
			out = append(out, strings.TrimPrefix(l, "import "))
		case strings.HasPrefix(l, "func ") || strings.HasPrefix(l, "type "):
			return out
		}
	}
	return out
}

// undocumented lists the exported names of a Go file without a doc comment:
// types, functions, methods, constants, variables, struct fields and
// interface methods. A comment on a declaration group covers its members.
func undocumented(src []byte) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, parser.ParseComments)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	fields := func(owner string, list *ast.FieldList) {
		for _, fl := range list.List {
			for _, n := range fl.Names {
				if n.IsExported() && fl.Doc == nil && fl.Comment == nil {
					out = append(out, owner+"."+n.Name)
				}
			}
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && d.Doc == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && s.Doc == nil && d.Doc == nil {
						out = append(out, s.Name.Name)
					}
					switch tt := s.Type.(type) {
					case *ast.StructType:
						fields(s.Name.Name, tt.Fields)
					case *ast.InterfaceType:
						fields(s.Name.Name, tt.Methods)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && s.Doc == nil && s.Comment == nil && d.Doc == nil {
							out = append(out, n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// writePackage writes the Go files of res into dir/pkg, the placeholder
// of their import path replaced by pkg, and returns how many it wrote.
// The example programs are type-checked as one package, each main
// renamed: one package instead of one per operation keeps the run fast.
// (The committed default examples are also vetted as they are, by
// TestCommittedClientVets.)
func writePackage(t *testing.T, dir, pkg, placeholder string, res *generator.Result) int {
	t.Helper()
	files, n := 0, 0
	for _, f := range res.Files.Files() {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		data := strings.ReplaceAll(string(f.Data), placeholder, pkg)
		path := filepath.Join(dir, pkg, filepath.FromSlash(f.Path))
		if strings.HasPrefix(f.Path, golang.ExamplesDir+"/") {
			n++
			data = strings.Replace(data, "\npackage main\n", "\npackage examples\n", 1)
			data = strings.Replace(data, "\nfunc main() {", fmt.Sprintf("\nfunc main%d() {", n), 1)
			path = filepath.Join(dir, pkg, "examples", fmt.Sprintf("example%d.go", n))
		}
		write(t, path, data)
		files++
	}
	return files
}
