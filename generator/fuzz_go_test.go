package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/internal/golang"
)

// goDirectives start the comments the go tool, cgo, gccgo or the build
// read as directives.
var goDirectives = []string{"//go:", "//line ", "//line:", "//export ", "//extern ", "// +build", "//+build", "//sys "}

// checkGoOutput is FuzzGenerate's Go invariant, by go/parser and go/ast
// alone: every generated Go file parses; no comment is a directive or a
// /* */ block; no line starts a directive (go generate reads lines); no
// init function.
func checkGoOutput(t *testing.T, res *generator.Result) {
	t.Helper()
	for _, file := range res.Files.Files() {
		if !strings.HasSuffix(file.Path, ".go") {
			continue
		}
		data := file.Data
		// An example program's own build constraint, the line after the
		// header, is the one directive the generator writes.
		if tag := "// " + golang.Header + "\n//go:build " + golang.ExampleTag + "\n"; strings.HasPrefix(file.Path, golang.ExamplesDir+"/") && strings.HasPrefix(string(data), tag) {
			data = []byte("// " + golang.Header + "\n\n" + string(data[len(tag):]))
		}
		f, err := parser.ParseFile(token.NewFileSet(), file.Path, data, parser.ParseComments)
		if err != nil {
			t.Errorf("%s does not parse: %v", file.Path, err)
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "/*") || hasDirective(c.Text) {
					t.Errorf("%s: comment %.60q", file.Path, c.Text)
				}
			}
		}
		for _, line := range strings.Split(string(data), "\n") {
			if hasDirective(line) {
				t.Errorf("%s: line %.60q", file.Path, line)
			}
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
				t.Errorf("%s declares init", file.Path)
			}
		}
	}
}

func hasDirective(text string) bool {
	for _, p := range goDirectives {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}
