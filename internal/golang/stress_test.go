package golang_test

import (
	_ "embed"
	"path/filepath"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/golang"
)

//go:embed testdata/stress_test.go.txt
var stressTest string

// TestStress generates the client for testdata/stress.yaml, a spec made to
// break naive generators (component names that clash with the runtime,
// with each other after case folding and with inline types; keywords,
// digits and non-ASCII as names; duplicate enum names; a query and a
// header parameter of the same Go name; cycles by value; unions; allOf of
// a string and an object; multipart, form, raw and binary bodies; a 302;
// every kind of credential), then vets it and runs testdata/stress_test.go.txt
// against it.
func TestStress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	res := generate(t, filepath.Join("testdata", "stress.yaml"), "agentmc", contractModule+"/go/agentmc")
	writeModule(t, dir, "", res)
	write(t, filepath.Join(dir, "go", "agentmc", "stress_test.go"), stressTest)
	if out, err := goCmd(t, dir, nil, "vet", "-tags", golang.ExampleTag, "./..."); err != nil {
		t.Fatalf("go vet: %v\n%s", err, tail(out, 60))
	}
	if out, err := goCmd(t, dir, nil, "test", "-count=1", "./go/agentmc/"); err != nil {
		t.Fatalf("go test: %v\n%s", err, tail(out, 60))
	}
}
