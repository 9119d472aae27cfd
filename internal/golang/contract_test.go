package golang_test

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/mockapi"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

//go:embed testdata/behavior_test.go.txt
var behaviorTest string

// contractModule is the module path of the temporary modules the tests
// build generated code in.
const contractModule = "contract.test"

// generate runs the pipeline with the go emitter only.
func generate(t *testing.T, specPath, preset, importPath string) *generator.Result {
	t.Helper()
	return generateWith(t, specPath, preset, importPath, "")
}

// generateWith is generate with a package name ("" for the preset's).
func generateWith(t *testing.T, specPath, preset, importPath, pkg string) *generator.Result {
	t.Helper()
	cfg, err := config.Preset(preset)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Spec = specPath
	cfg.Emit = []string{"go"}
	cfg.GoImport = importPath
	if pkg != "" {
		cfg.GoPackage = pkg
	}
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// writeModule writes a go.mod and, under prefix, every generated file.
func writeModule(t *testing.T, dir, prefix string, res *generator.Result) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		write(t, filepath.Join(dir, "go.mod"), "module "+contractModule+"\n\ngo 1.24\n")
	}
	for _, f := range res.Files.Files() {
		write(t, filepath.Join(dir, filepath.FromSlash(prefix), filepath.FromSlash(f.Path)), string(f.Data))
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goCmd runs the go command in dir, offline and outside any workspace.
// With -trimpath the build cache keys on the files' contents and import
// paths, not on the temporary folder: a package generated identically in an
// earlier run is not compiled or vetted again (the go command's cache is
// exact, so this checks the same thing, only faster).
func goCmd(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -trimpath", "GOPROXY=off", "GOTOOLCHAIN=local")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// contractServer is the validating mock of the API, with two additions.
// A request with X-Contract-Status is validated, then answered with that
// documented error response. A request whose only findings concern the
// body, when that body is exactly the documented example, shows a defect
// of the spec, not of the client (the example fails the spec's own
// schema): it is logged, excused and answered as a valid request.
func contractServer(t *testing.T, api *model.API) (*mockapi.Server, string, map[string]bool) {
	m := mockapi.New(t, api)
	inner := m.Config.Handler
	var mu sync.Mutex
	excused := map[string]bool{}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		op := m.Match(r.Method, r.URL.Path)
		valid := rec.Code != http.StatusBadRequest
		if !valid && op != nil {
			ex := m.Exchanges()
			last := ex[len(ex)-1]
			if e := op.PrimaryRequestExample(); e != nil && e.Example.Present && last.BodyOnly() && sameValue(last.Body, ecma.Marshal(e.Example.Value, false)) {
				mu.Lock()
				for _, err := range last.Errors {
					msg := fmt.Sprintf("%s %s (%s): %s", r.Method, r.URL.RequestURI(), op.ID, mockapi.Describe(err))
					excused[msg] = true
					t.Logf("spec defect, not a client error: %s", msg)
				}
				mu.Unlock()
				valid = true
			}
		}
		status := r.Header.Get("X-Contract-Status")
		switch {
		case !valid || op == nil:
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		case status == "":
			if resp := mockapi.PrimarySuccess(op); resp != nil {
				mockapi.Write(w, resp)
			} else {
				w.WriteHeader(http.StatusNoContent)
			}
		default:
			for _, resp := range op.Responses {
				if resp.Status == status {
					mockapi.Write(w, resp)
					return
				}
			}
			t.Errorf("%s has no %s response", op.ID, status)
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	t.Cleanup(front.Close)
	return m, front.URL + m.Handler.BasePath(), excused
}

func sameValue(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// TestContract generates the client for the default spec and the newest
// corpus release, and runs, in a temporary module, a generated test that
// calls every operation with its documented example values against a
// server validating each request with libopenapi-validator. The typed
// result must re-encode to the documented example; an error status must
// come back as an *APIError with the envelope decoded. For the default
// spec, the behaviour tests of the generated glue (FromEnv, credentials,
// pagination, optional fields) run in the same package; the runtime's own
// are in the clientruntime package.
func TestContract(t *testing.T) {
	root := testenv.ModuleRoot(t)
	cases := []struct{ name, spec, preset string }{
		{"default", filepath.Join(root, "spec", "agentmc.openapi.yaml"), "agentmc-0.1"},
	}
	if corpus := sharedCorpus(t); corpus != "" {
		cases = append(cases, struct{ name, spec, preset string }{"v0.3.169", filepath.Join(corpus, "v0.3.169", "openapi.filtered.json"), "agentmc"})
	} else {
		t.Log("the shared corpus is absent: only the default spec is checked")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			importPath := contractModule + "/go/agentmc"
			res := generate(t, c.spec, c.preset, importPath)
			writeModule(t, dir, "", res)
			cfg, _ := config.Preset(c.preset)
			cfg.GoImport = importPath
			write(t, filepath.Join(dir, "go", "agentmc", "contract_test.go"), string(golang.ContractFile(res.API, cfg)))
			if c.name == "default" {
				write(t, filepath.Join(dir, "go", "agentmc", "behavior_test.go"), behaviorTest)
			}
			m, base, excused := contractServer(t, res.API)
			start := time.Now()
			out, err := goCmd(t, dir, []string{"CONTRACT_BASE_URL=" + base}, "test", "-count=1", "-v", "./go/agentmc/")
			for _, p := range m.Problems() {
				if !excused[p] {
					t.Errorf("server: %s", p)
				}
			}
			if err != nil {
				t.Fatalf("go test in the generated package failed: %v\n%s", err, failures(out))
			}
			t.Logf("%d operations, generated tests passed in %v", len(res.API.Operations), time.Since(start).Round(time.Millisecond))
			if n := strings.Count(out, "--- PASS: TestContract/"); n != len(res.API.Operations) {
				t.Errorf("%d operation subtests passed, want %d", n, len(res.API.Operations))
			}
			for _, op := range res.API.Operations {
				if m.Calls(op.ID) == 0 {
					t.Errorf("%s was never called", op.ID)
				}
			}
		})
	}
}

func sharedCorpus(t *testing.T) string {
	p := filepath.Join(testenv.ModuleRoot(t), "..", "shared", "corpus", "agentmc-node")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

func tail(s string, lines int) string {
	l := strings.Split(s, "\n")
	if len(l) > lines {
		l = append([]string{"..."}, l[len(l)-lines:]...)
	}
	return strings.Join(l, "\n")
}

// failures keeps the lines of go test -v output that are not RUN or PASS.
func failures(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "=== RUN") || strings.HasPrefix(t, "--- PASS") {
			continue
		}
		keep = append(keep, l)
	}
	return tail(strings.Join(keep, "\n"), 150)
}
