package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator/model"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

func TestTemplatesOverride(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md.tmpl"), []byte(`{{range .API.Operations}}* {{.ID}} {{upper .Method}}{{"\n"}}{{end}}`), 0o644)
	tmpl, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	api := &model.API{Operations: []*model.Operation{{ID: "listPets", Method: "get"}}}
	out, err := tmpl.Execute("README.md.tmpl", struct{ API *model.API }{api})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "* listPets GET\n" {
		t.Errorf("override not used: %q", out)
	}
	// The templates not overridden stay embedded.
	if _, err := tmpl.Execute("curl.sh.tmpl", struct {
		Operation  *model.Operation
		Command    string
		BaseURLEnv string
	}{&model.Operation{ID: "x", Method: "get", Path: "/x"}, "curl x", ""}); err != nil {
		t.Errorf("embedded template: %v", err)
	}
}

func TestTemplatesOverrideErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "operaton.md.tmpl"), []byte(`x`), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "overrides no template") {
		t.Errorf("misspelt template: %v", err)
	}
	os.Remove(filepath.Join(dir, "operaton.md.tmpl"))
	os.WriteFile(filepath.Join(dir, "operation.md.tmpl"), []byte(`{{.Nope`), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "operation.md.tmpl") {
		t.Errorf("broken template: %v", err)
	}
}

func TestCellAndAuth(t *testing.T) {
	if got := Cell("  a|b\n\n\nc \u00a0"); got != `a\|b c` {
		t.Errorf("Cell = %q", got)
	}
	if got := Auth([][]string{{"A", "B"}, {"C"}}); got != "A + B OR C" {
		t.Errorf("Auth = %q", got)
	}
	if got := Auth(nil); got != "None" {
		t.Errorf("Auth(nil) = %q", got)
	}
	if got := OneLine("a\nb\u2028c"); got != "a b c" {
		t.Errorf("OneLine = %q", got)
	}
}

// An override whose nested ranges would write gigabytes stops at MaxOutput
// with a one-line error instead of exhausting memory.
func TestTemplateOutputBounded(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md.tmpl"), []byte(
		`{{range .API.Operations}}{{range $.API.Operations}}{{range $.API.Operations}}{{range $.API.Operations}}{{.ID}}{{end}}{{end}}{{end}}{{end}}`), 0o644)
	tmpl, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	api := &model.API{}
	for range 300 { // 300⁴ ids of 64 bytes: 518 GB unbounded
		api.Operations = append(api.Operations, &model.Operation{ID: strings.Repeat("x", 64)})
	}
	_, err = tmpl.Execute("README.md.tmpl", struct{ API *model.API }{api})
	if err == nil || err.Error() != "template README.md.tmpl: output exceeds 64 MiB; check the template's loops" {
		t.Fatalf("want the output bound, got %v", err)
	}
}
