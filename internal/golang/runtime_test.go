package golang_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestRuntimeCopied checks that the generated client.go is
// clientruntime/client.go with only its package clause changed (and the
// generated-code header added), and that client_gen.go declares every name
// clientruntime/settings.go stands in for, with the same kind, so that the
// runtime tested in clientruntime is the one that ships.
func TestRuntimeCopied(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("clientruntime", "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(testenv.ModuleRoot(t), "spec", "agentmc.openapi.yaml")
	res := generateWith(t, spec, "agentmc-0.1", "example.test/go/amc", "amc")
	client := res.Files.Get("go/amc/client.go")
	gen := res.Files.Get("go/amc/client_gen.go")
	if client == nil || gen == nil {
		t.Fatal("no go/amc/client.go or client_gen.go")
	}
	body, ok := strings.CutPrefix(string(src), "package clientruntime\n")
	if !ok {
		t.Fatal("clientruntime/client.go does not start with its package clause")
	}
	if want := "// " + golang.Header + "\n\npackage amc\n" + body; string(client.Data) != want {
		t.Error("go/amc/client.go is not clientruntime/client.go with its package clause changed")
	}
	settings, err := os.ReadFile(filepath.Join("clientruntime", "settings.go"))
	if err != nil {
		t.Fatal(err)
	}
	want, generated := topLevel(t, settings), topLevel(t, gen.Data)
	if len(want) == 0 {
		t.Fatal("settings.go declares nothing")
	}
	for name, kind := range want {
		if generated[name] != kind {
			t.Errorf("client_gen.go declares %s as %q, want %q as in clientruntime/settings.go", name, generated[name], kind)
		}
	}
	if !strings.Contains(string(gen.Data), "const errorPrefix = \"amc: \"") {
		t.Error("the error prefix is not the package name")
	}
}

// topLevel maps the package-level names of a Go file to their kind.
func topLevel(t *testing.T, src []byte) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out[d.Name.Name] = "func"
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out[s.Name.Name] = "type"
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out[n.Name] = d.Tok.String()
					}
				}
			}
		}
	}
	return out
}
