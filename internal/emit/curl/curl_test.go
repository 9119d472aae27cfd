package curl_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/mockapi"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestScriptsRun runs every generated cURL script against a local server
// that validates each request against the spec and answers with the
// documented example: the default spec, and the newest corpus release.
func TestScriptsRun(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("skipping: curl is not installed")
	}
	root := testenv.ModuleRoot(t)
	// Each case has its own server and folder, as TestContract's cases in
	// the Go client do: they run side by side, a script at a time each.
	t.Run("default spec", func(t *testing.T) {
		t.Parallel()
		runScripts(t, "agentmc-0.1", filepath.Join(root, "spec", "agentmc.openapi.yaml"))
	})
	t.Run("newest corpus release", func(t *testing.T) {
		t.Parallel()
		runScripts(t, "agentmc", testenv.NewestRelease(t))
	})
	t.Run("OpenAPI styles", func(t *testing.T) {
		server := runScripts(t, "agentmc", filepath.Join(root, "internal", "serialize", "testdata", "styles.yaml"))
		seen := map[string]string{}
		for _, ex := range server.Exchanges() {
			seen[ex.Operation.ID] = ex.URI + " " + string(ex.Body)
		}
		// The form body as Stripe reads it, and each style as the spec's
		// table writes it (the query string form-encoded).
		for id, want := range map[string][]string{
			"createCustomer": {"email=jenny@example.com", "&metadata[order]=42&", "address[city]=K%C3%B6ln", "preferred_locales[1]=fr"},
			"listCustomers":  {"expand=address%2Cmetadata", "ids=1%7C2%7C3", "sort=name+created", "created%5Bgte%5D=1&created%5Blt%5D=5", "status=active&status=pending", "&return_to=https://shop.example/back?cart%3D9%26step%3Dpay+%23top&", "filter=%7B%22a%22%3A1%7D"},
			"showCustomers":  {"/customers/.cus_1.cus_2 "},
			"showPoint":      {"/points/;x=1;y=2 "},
			"uploadFile":     {"name=\"purpose\"\r\n\r\ndispute_evidence\r\n", "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"order\":\"42\"}\r\n", "name=\"shipping\"\r\nContent-Type: application/json\r\n\r\n{\"city\":\"Köln\"}\r\n", "name=\"tags\"\r\n\r\na,b\r\n"},
		} {
			for _, w := range want {
				if !strings.Contains(seen[id], w) {
					t.Errorf("%s: the server saw %q, want %q in it", id, seen[id], w)
				}
			}
		}
	})
}

func runScripts(t *testing.T, preset, spec string) *mockapi.Server {
	cfg, _ := config.Preset(preset)
	cfg.Spec = spec
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	server := mockapi.New(t, res.API)
	dir := t.TempDir()
	scripts := 0
	for _, f := range res.Files.Files() {
		if !strings.HasPrefix(f.Path, "examples/curl/") {
			continue
		}
		scripts++
		path := filepath.Join(dir, filepath.Base(f.Path))
		if err := os.WriteFile(path, f.Data, 0o755); err != nil {
			t.Fatal(err)
		}
		env := append(os.Environ(), "AGENTMC_BASE_URL="+server.BaseURL, "AGENTMC_API_KEY=test-api-key", "AGENTMC_AGENT_TOKEN=test-agent-token")
		if out, err := runScript(path, env); err != nil {
			t.Errorf("%s: %v\n%s", f.Path, err, out)
		}
	}
	if scripts != len(res.API.Operations) {
		t.Errorf("%d scripts for %d operations", scripts, len(res.API.Operations))
	}
	for _, op := range res.API.Operations {
		if n := server.Calls(op.ID); n != 1 {
			t.Errorf("%s: the server saw %d requests, want 1", op.ID, n)
		}
	}
	// Every request carries the documented example. A body the validator
	// rejects is a defect of the spec only when it is exactly the documented
	// example: the script sent what the spec promises, and the spec's own
	// schema refuses it. Anything else is the generator's fault.
	for _, ex := range server.Exchanges() {
		primary := ex.Operation.PrimaryRequestExample()
		bodyIsExample := false
		if primary != nil && primary.Example.Present && !primary.IsForm() {
			got, err := ecma.Parse(ex.Body)
			bodyIsExample = err == nil && ecma.Equal(got, primary.Example.Value)
			if !bodyIsExample {
				t.Errorf("%s: the body sent is not the documented example: %s", ex.Operation.ID, ex.Body)
			}
		}
		if ex.BodyOnly() && bodyIsExample {
			for _, e := range ex.Errors {
				t.Logf("spec defect, not a generator error: %s: the documented request example fails the spec's own schema: %s", ex.Operation.ID, mockapi.Describe(e))
			}
			continue
		}
		for _, e := range ex.Errors {
			t.Errorf("%s %s (%s): %s", ex.Method, ex.URI, ex.Operation.ID, mockapi.Describe(e))
		}
	}
	if len(server.Exchanges()) != len(res.API.Operations) {
		for _, p := range server.Problems() {
			t.Error(p)
		}
	}
	return server
}

// runScript runs the script at path. A fork in a parallel test can hold a
// copy of the script's write descriptor for a moment (golang.org/issue/22315),
// and exec then fails with ETXTBSY before the script runs, so that error
// alone is retried.
func runScript(path string, env []string) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		cmd := exec.Command(path)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if !errors.Is(err, syscall.ETXTBSY) || attempt == 20 {
			return out, err
		}
		time.Sleep(10 * time.Millisecond)
	}
}
