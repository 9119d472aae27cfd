package golang_test

import (
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/hostile"
)

const hostilePlaceholder = "zzhostilezz"

// generateHostile generates the Go client and examples of spec, with text
// also in the configuration keys that reach Go code (the base URL and the
// environment variable names).
func generateHostile(spec []byte, text string) (*generator.Result, error) {
	cfg, err := config.Preset("agentmc")
	if err != nil {
		return nil, err
	}
	cfg.Spec = "hostile.json"
	cfg.Emit = []string{"go"}
	cfg.GoImport = contractModule + "/" + hostilePlaceholder + "/go/agentmc"
	if text != "" {
		// Each configuration key takes the payload unless the
		// configuration check refuses it there (env names must be shell
		// names, a base URL has no white space or quotes).
		for _, set := range []func(){
			func() { cfg.BaseURL = "https://api.example.com/" + text },
			func() { cfg.BaseURLEnv = "BASE_" + text },
			func() { cfg.APIKeyEnv = "KEY_" + text },
			func() { cfg.SchemeEnv = map[string]string{"BearerAuth": "TOKEN_" + text} },
		} {
			saved := *cfg
			set()
			if cfg.CheckEmbedded() != nil {
				*cfg = saved
			}
		}
	}
	return generator.Generate(cfg, spec)
}

// goFacts is what a generated Go file may be checked for without running it.
type goFacts struct {
	imports []string
}

// parsed memoizes parseHostile by file name and content: most files (the
// runtime, most examples) come out the same for many payloads and fields,
// and the result depends on nothing else.
var parsed sync.Map // [32]byte → parseResult

type parseResult struct {
	facts    goFacts
	problems []string
}

// parseHostile parses one generated file and reports every directive
// comment, block comment and init function in it.
func parseHostile(name string, data []byte) (goFacts, []string) {
	key := sha256.Sum256([]byte(name + "\x00" + string(data)))
	if r, ok := parsed.Load(key); ok {
		return r.(parseResult).facts, r.(parseResult).problems
	}
	facts, problems := parseHostileFile(name, data)
	parsed.Store(key, parseResult{facts, problems})
	return facts, problems
}

func parseHostileFile(name string, data []byte) (goFacts, []string) {
	var problems []string
	// An example program's own build constraint, the line after the
	// header, is the one directive the generator writes.
	if tag := "// " + golang.Header + "\n//go:build " + golang.ExampleTag + "\n"; strings.HasPrefix(name, golang.ExamplesDir+"/") && strings.HasPrefix(string(data), tag) {
		data = []byte("// " + golang.Header + "\n\n" + string(data[len(tag):]))
	}
	f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		return goFacts{}, []string{"does not parse: " + first}
	}
	var facts goFacts
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		facts.imports = append(facts.imports, p)
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d := directive(c.Text); d != "" {
				problems = append(problems, fmt.Sprintf("directive comment %q", d))
			}
		}
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
			problems = append(problems, "an init function")
		}
	}
	// go generate reads lines, not comments: no line may start a directive.
	for _, line := range strings.Split(string(data), "\n") {
		if d := directive(line); d != "" {
			problems = append(problems, fmt.Sprintf("directive line %q", d))
		}
	}
	return facts, problems
}

// directive returns the start of a comment that the go tool, cgo, gccgo or
// the build reads as a directive, or "".
func directive(text string) string {
	if strings.HasPrefix(text, "/*") {
		return text[:min(len(text), 40)]
	}
	for _, p := range []string{"//go:", "//line ", "//line:", "//export ", "//extern ", "// +build", "//+build", "//sys "} {
		if strings.HasPrefix(text, p) {
			return text[:min(len(text), 40)]
		}
	}
	// A spec's text reaches comments as "// " and the text, with a
	// backslash before anything that could read as a directive.
	if t := strings.TrimLeft(strings.TrimPrefix(text, "//"), " \t/*"); strings.HasPrefix(t, "go:generate") || strings.HasPrefix(t, "+build") {
		return text[:min(len(text), 40)]
	}
	return ""
}

// plain is harmless text, put where a payload goes to make the reference
// output: a media type of plain text makes other code than JSON, rightly.
const plain = "plain"

// referenceImports are the imports of the clean spec's output and of the
// spec with plain text in the payload's place, together.
func referenceImports(t *testing.T, clean, plainSpec []byte, configText string) *importSets {
	t.Helper()
	all := &importSets{client: map[string]bool{}, examples: map[string]bool{}}
	for _, spec := range [][]byte{clean, plainSpec} {
		res, err := generateHostile(spec, configText)
		if err != nil {
			t.Fatal(err)
		}
		got := checkHostileFiles(t, "reference", res, nil)
		for k := range got.client {
			all.client[k] = true
		}
		for k := range got.examples {
			all.examples[k] = true
		}
	}
	return all
}

// importSets are the import paths of the client package and of the
// examples of one generation.
type importSets struct{ client, examples map[string]bool }

func checkHostileFiles(t *testing.T, name string, res *generator.Result, clean *importSets) *importSets {
	t.Helper()
	got := &importSets{client: map[string]bool{}, examples: map[string]bool{}}
	for _, f := range res.Files.Files() {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		facts, problems := parseHostile(f.Path, f.Data)
		for _, p := range problems {
			t.Errorf("%s: %s: %s", name, f.Path, p)
		}
		set, want := got.client, (*importSets)(nil)
		if clean != nil {
			want = clean
		}
		if strings.HasPrefix(f.Path, golang.ExamplesDir+"/") {
			set = got.examples
		}
		for _, imp := range facts.imports {
			set[imp] = true
			if want == nil {
				continue
			}
			allowed := want.client
			if strings.HasPrefix(f.Path, golang.ExamplesDir+"/") {
				allowed = want.examples
			}
			if !allowed[imp] {
				t.Errorf("%s: %s imports %q, which the clean spec's output does not", name, f.Path, imp)
			}
		}
	}
	return got
}

// TestHostileGo generates the Go client and examples from a spec holding
// each hostile payload in every field (and in the configuration keys that
// reach Go code), checks each file with go/parser and go/ast (no directive
// comment or line, no block comment, no init function, no import the
// clean spec does not have), then vets every client and every example in
// one go vet run and checks that go generate finds nothing to run.
func TestHostileGo(t *testing.T) {
	t.Parallel()
	clean := referenceImports(t, hostile.Clean(), hostile.Everywhere(plain), plain)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module "+contractModule+"\n\ngo 1.24\n")
	for i, p := range hostile.Payloads {
		res, err := generateHostile(hostile.Everywhere(p.Text), p.Text)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: multi-line error: %.300q", p.Name, err)
			}
			t.Errorf("%s: %.300v", p.Name, err)
			continue
		}
		checkHostileFiles(t, p.Name, res, clean)
		pkg := fmt.Sprintf("p%02d", i)
		writePackage(t, dir, pkg, hostilePlaceholder, res)
	}
	if t.Failed() || testing.Short() {
		return
	}
	if out, err := goCmd(t, dir, nil, "vet", "-tags", golang.ExampleTag, "./..."); err != nil {
		t.Fatalf("go vet: %v\n%s", err, tail(out, 80))
	}
	out, err := goCmd(t, dir, nil, "generate", "-n", "./...")
	if err != nil {
		t.Fatalf("go generate -n: %v\n%s", err, tail(out, 40))
	}
	if strings.TrimSpace(out) != "" {
		t.Errorf("go generate -n would run commands:\n%s", tail(out, 40))
	}
}

// TestHostileGoFields puts each payload into each field alone and checks
// the Go output with go/parser and go/ast. Where the field forbids the
// payload, generation may fail instead, with a one-line error.
func TestHostileGoFields(t *testing.T) {
	t.Parallel()
	references := map[string]*importSets{}
	cases := hostile.Cases()
	if testing.Short() {
		// Every field, with a payload of each kind in turn.
		var some []hostile.Case
		for i, c := range cases {
			if i%7 == 0 {
				some = append(some, c)
			}
		}
		cases = some
	}
	for _, c := range cases {
		clean := references[c.Field.Name]
		if clean == nil {
			plainCase := hostile.Case{Field: c.Field, Payload: hostile.Payload{Name: plain, Text: plain}}
			clean = referenceImports(t, hostile.Clean(), plainCase.Spec(), "")
			references[c.Field.Name] = clean
		}
		res, err := generateHostile(c.Spec(), "")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: multi-line error: %.300q", c.Name, err)
			} else if !c.WantError {
				t.Errorf("%s: %v", c.Name, err)
			}
			continue
		}
		checkHostileFiles(t, c.Name, res, clean)
	}
}

// TestCommentEscapes checks the comment text of the payloads that the
// escaping turns into visible escapes.
func TestCommentEscapes(t *testing.T) {
	res, err := generateHostile(hostile.Everywhere("a\x00b\ufeffc"+hostile.LoneSurrogate+"d\u202ee\x1bf"), "")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, f := range res.Files.Files() {
		for _, line := range strings.Split(string(f.Data), "\n") {
			if l := strings.TrimSpace(line); strings.HasPrefix(l, "//") && strings.Contains(l, "b") && strings.Contains(l, `a\x00b`) {
				found = append(found, l)
			}
		}
	}
	sort.Strings(found)
	if len(found) == 0 {
		t.Fatal("no comment shows the payload escaped")
	}
	for _, l := range found {
		// As comment text, or quoted as a Go string ("the query parameter %q").
		if !strings.Contains(l, `a\x00b\uFEFFc\uD800d\u202Ee\x1Bf`) && !strings.Contains(l, `"a\x00b\ufeffc\xed\xa0\x80d\u202ee\x1bf"`) {
			t.Errorf("comment %q: want the payload as a\\x00b\\uFEFFc\\uD800d\\u202Ee\\x1Bf", l)
		}
	}
}

// TestPackageNameChecked: a package name or import path the generated code
// cannot use is a one-line error before anything is built.
func TestPackageNameChecked(t *testing.T) {
	for _, c := range []struct{ pkg, imp string }{
		{"my-pkg", ""}, {"main", ""}, {"func", ""}, {"_", ""}, {"9lives", ""}, {"é", ""},
		{"agentmc", "x\ny"}, {"agentmc", "a//b"}, {"agentmc", `a"b`}, {"agentmc", "../x"},
	} {
		cfg, _ := config.Preset("agentmc")
		cfg.Spec = "hostile.json"
		cfg.Emit = []string{"go"}
		cfg.GoPackage, cfg.GoImport = c.pkg, c.imp
		_, err := generator.Generate(cfg, hostile.Clean())
		if err == nil {
			t.Errorf("package %q, import %q: no error", c.pkg, c.imp)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "go ") {
			t.Errorf("package %q, import %q: error %q: want one line naming the setting", c.pkg, c.imp, msg)
		}
	}
}
