package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBatchCheck: one batch, three clients: one clean, one whose example
// program does not type-check, one whose example go vet's printf check
// flags. Each failure is told to its own client; example programs are
// checked only under their build tag.
func TestBatchCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: loads packages from source")
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":                     "module " + sampleModule + "\n\ngo 1.26\n",
		"c000/go/api/api.go":         "package api\n\nfunc Hello() string { return \"hi\" }\n",
		"c000/examples/go/a/main.go": "//go:build example\n\npackage main\n\nimport (\n\t\"fmt\"\n\n\t\"" + sampleModule + "/c000/go/api\"\n)\n\nfunc main() { fmt.Println(api.Hello()) }\n",
		"c001/go/api/api.go":         "package api\n\nfunc N() int64 { return 1 }\n",
		"c001/examples/go/b/main.go": "//go:build example\n\npackage main\n\nimport \"" + sampleModule + "/c001/go/api\"\n\nfunc main() { var s string = api.N(); _ = s }\n",
		"c002/go/api/api.go":         "package api\n",
		"c002/examples/go/c/main.go": "//go:build example\n\npackage main\n\nimport (\n\t\"fmt\"\n\n\t_ \"" + sampleModule + "/c002/go/api\"\n)\n\nfunc main() { fmt.Printf(\"%d\\n\", \"x\") }\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := make([]compileResult, 3)
	b := &batch{dir: dir, clients: []int{0, 1, 2}}
	b.check(&options{examples: true, buildTimeout: 5 * time.Minute}, out)
	if !out[0].OK || out[0].Packages != 2 {
		t.Errorf("clean client: %+v", out[0])
	}
	if out[1].OK || out[1].Stage != "vet" || !strings.Contains(out[1].Error, "c001/examples/go/b/main.go") || !strings.Contains(out[1].Error, "cannot use api.N()") {
		t.Errorf("type error: %+v", out[1])
	}
	if out[2].OK || out[2].Stage != "vet" || !strings.Contains(out[2].Error, "(printf)") {
		t.Errorf("vet finding: %+v", out[2])
	}

	out = make([]compileResult, 3)
	b.check(&options{examples: false, buildTimeout: 5 * time.Minute}, out)
	for i, c := range out {
		if !c.OK || c.Packages != 1 {
			t.Errorf("without the example tag, client %d: %+v", i, c)
		}
	}
}
