package generator_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/hostile"
)

// fiveProblems breaks five published rules (FORMAT.md §2), once each, and
// names an operation to exclude that is not there.
var fiveProblems = spec(`"/boards/{id}":{"get":{"operationId":"showBoard","responses":{"404":{"description":"missing"}}}},` +
	`"/boards":{"post":{"operationId":"makeBoard",` + okResponses + `,"requestBody":{"required":true}},` +
	`"get":{"operationId":"showBoard",` + okResponses + `}},` +
	`"/con":{"get":{"operationId":"CON",` + okResponses + `}},` +
	`"/c":{"get":{"operationId":"getC","responses":{"200":{"description":"ok"}}}}`)

func lenient(c *config.Config) {
	c.Strict = false
}

func noDefaultError(c *config.Config) {
	c.DefaultErrorResponse = ""
	c.Exclude = []string{"deleteBoard", "delete /boards"}
}

// TestEveryProblemAtOnce: under the agentmc preset the published rules are
// errors, all reported in one run, one a line, each naming the operation by
// operationId and by the "<METHOD> <path>" that exclude: accepts; nothing
// is generated.
func TestEveryProblemAtOnce(t *testing.T) {
	res, err := generate(t, fiveProblems, noDefaultError)
	if err == nil {
		t.Fatalf("generated %d files; want errors", res.Files.Len())
	}
	want := `api.json: warning: exclude: deleteBoard matches no operation
api.json: warning: exclude: delete /boards matches no operation
api.json: error: operation showBoard (GET /boards): the operationId is also that of GET /boards/{id}; every operationId must be unique
api.json: error: operation CON (GET /con): the file name "CON" is a reserved device name on Windows; rename the operation, or set fileNameClashes: suffix
api.json: error: operation showBoard (GET /boards/{id}): no success response (2xx or 3xx); document at least one
api.json: error: operation makeBoard (POST /boards): the request body is required but has no media type under content, so no request example; add one
api.json: error: operation getC (GET /c): no error response (4xx, 5xx or default)`
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
	var ps model.Problems
	if !errors.As(err, &ps) || len(ps.Errors()) != 5 || len(ps.Warnings()) != 2 {
		t.Fatalf("not 5 errors and 2 warnings: %#v", err)
	}
	if p := ps.Errors()[2]; p.Pointer != "#/paths/~1boards~1{id}/get/responses" || p.Operation != "operation showBoard (GET /boards/{id})" {
		t.Errorf("pointer %q, operation %q", p.Pointer, p.Operation)
	}
}

// TestLenient: with strict off, the same spec generates with every
// emitter; the broken rules are warnings, and clashing or unportable file
// names get portable, unique ones.
func TestLenient(t *testing.T) {
	res, err := generate(t, fiveProblems, func(c *config.Config) {
		noDefaultError(c)
		lenient(c)
		c.Emit = generator.EmitterNames()
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `api.json: warning: exclude: deleteBoard matches no operation
api.json: warning: exclude: delete /boards matches no operation
api.json: warning: operation showBoard (GET /boards): the operationId is also that of GET /boards/{id}; every operationId must be unique
api.json: warning: operation CON (GET /con): the file name "CON" is a reserved device name on Windows; its files are named "CON_"
api.json: warning: operation showBoard (GET /boards/{id}): no success response (2xx, 3xx, 2XX or 3XX); document at least one
api.json: warning: operation makeBoard (POST /boards): the request body is required but has no media type under content, so no request example; add one
api.json: warning: operation getC (GET /c): no error response (4xx, 5xx, 4XX, 5XX or default)`
	if got := res.Warnings.Error(); got != want {
		t.Errorf("warnings\n%s\nwant\n%s", got, want)
	}
	for _, f := range []string{"docs/operations/showBoard.md", "docs/operations/showBoard_2.md", "docs/operations/CON_.md", "site/operations/CON_.html",
		"examples/go/showBoard_2/main.go", "examples/curl/makeBoard.sh"} {
		if res.Files.Get(f) == nil {
			t.Errorf("%s not generated", f)
		}
	}
	// The agentmc presets are strict; the configuration file turns it off.
	f, err := config.ParseFile("agentmc-gen.yaml", []byte("strict: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc-0.1")
	if !cfg.Strict {
		t.Error("agentmc-0.1 is not strict")
	}
	if f.Apply(cfg); cfg.Strict {
		t.Error("strict: false not applied")
	}
	if _, err := config.ParseFile("agentmc-gen.yaml", []byte("strict: yes please\n")); err == nil || err.Error() != `agentmc-gen.yaml: strict: want true or false, found "yes please"` {
		t.Errorf("bad strict value: %v", err)
	}
}

// TestRangeStatuses: a spec whose success responses are 2XX (keycloak's
// shape), or whose only response is default, generates with every emitter
// when not strict, and with -emit go alone; the Go client returns the 2XX
// body, or default's when there is nothing else. Strict, both are errors.
func TestRangeStatuses(t *testing.T) {
	body := `"content":{"application/json":{"schema":{"type":"object","properties":{"id":{"type":"string"}}}}}`
	doc := spec(`"/realms":{"get":{"operationId":"getRealms","responses":{"2XX":{"description":"success",` + body + `}}},` +
		`"post":{"operationId":"createRealm","requestBody":{"required":true,` + body + `},"responses":{"2XX":{"description":"created"},"4XX":{"description":"bad"}}}},` +
		`"/whoami":{"get":{"operationId":"whoAmI","responses":{"default":{"description":"you",` + body + `}}}}`)
	_, err := generate(t, doc, nil)
	if err == nil || !strings.Contains(err.Error(), "error: operation getRealms (GET /realms): no success response (2xx or 3xx)") ||
		!strings.Contains(err.Error(), "error: operation whoAmI (GET /whoami): no success response") {
		t.Errorf("strict: %v", err)
	}
	for _, emit := range [][]string{generator.EmitterNames(), {"go"}} {
		res, err := generate(t, doc, func(c *config.Config) { lenient(c); c.Emit, c.GoImport = emit, "agentmc/go/agentmc" })
		if err != nil {
			t.Fatalf("%v: %v", emit, err)
		}
		if got := res.Warnings.Error(); got != "api.json: warning: operation whoAmI (GET /whoami): no success response (2xx, 3xx, 2XX or 3XX); document at least one" {
			t.Errorf("%v: warnings %q", emit, got)
		}
		client := res.Files.Get("go/agentmc/operations.go")
		if client == nil {
			t.Fatalf("%v: no go/agentmc/operations.go", emit)
		}
		for _, name := range []string{"GetRealms", "WhoAmI"} {
			sig := regexp.MustCompile(`\) ` + name + `\(ctx context\.Context, [^)]*\) \(\*` + name + `Response, error\) \{`)
			if !sig.Match(client.Data) {
				t.Errorf("%v: %s does not return *%sResponse", emit, name, name)
			}
		}
		if len(emit) > 1 {
			buildGo(t, res)
		}
	}
}

// buildGo writes the Go client and examples into a module of their own and
// builds them.
func buildGo(t *testing.T, res *generator.Result) {
	t.Helper()
	if testing.Short() {
		return
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module agentmc\n\ngo 1.22\n"), 0o644))
	for _, f := range res.Files.Files() {
		if !strings.HasPrefix(f.Path, "go/") && !strings.HasPrefix(f.Path, "examples/go/") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, f.Data, 0o644))
	}
	cmd := exec.Command("go", "vet", "-tags", "example", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, out)
	}
}

// TestPublishedRulesNotInCorpus: the two published-format rules the corpus
// does not pin (FORMAT.md §1.2, §2). A path item without any operation is
// removed from the normalised spec; a required body whose only media type
// yields no example still has its entry, an empty code block on its page.
func TestPublishedRulesNotInCorpus(t *testing.T) {
	doc := spec(`"/empty":{},"/head":{"head":{},"parameters":[]},` +
		`"/a":{"post":{"operationId":"makeA",` + okResponses + `,"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":["string","null"]}}}}}}`)
	res, err := generate(t, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	normalized := string(res.Files.Get("spec/openapi.filtered.json").Data)
	if strings.Contains(normalized, `"/empty"`) || strings.Contains(normalized, `"/head"`) || !strings.Contains(normalized, `"/a"`) {
		t.Errorf("normalised paths:\n%s", normalized)
	}
	page := string(res.Files.Get("docs/operations/makeA.md").Data)
	if !strings.Contains(page, "## Request Example\n\n### application/json\n```json\n\n```\n") {
		t.Errorf("the request example is not an empty code block:\n%s", page)
	}
	index := string(res.Files.Get("docs/operations/index.json").Data)
	if !strings.Contains(index, `"requestBodyRequired": true,`+"\n"+`    "requestExamples": [`+"\n"+`      {`+"\n"+`        "mediaType": "application/json"`+"\n"+`      }`) {
		t.Errorf("index.json has no example-less entry:\n%s", index)
	}
}

// TestUnmatchedExcludeWarns: an exclude: entry that matches nothing is a
// warning, also under the agentmc preset, and the run goes on; the form
// errors show ("GET /a") is accepted.
func TestUnmatchedExcludeWarns(t *testing.T) {
	doc := spec(`"/a":{"get":{"operationId":"getA",` + okResponses + `}},"/b":{"get":{"operationId":"getB",` + okResponses + `}}`)
	res, err := generate(t, doc, func(c *config.Config) { c.Exclude = []string{"GET /a", "getC", "get /c\nx"} })
	if err != nil {
		t.Fatal(err)
	}
	want := "api.json: warning: exclude: getC matches no operation\napi.json: warning: exclude: \"get /c\\nx\" matches no operation"
	if got := res.Warnings.Error(); got != want {
		t.Errorf("warnings\n%s\nwant\n%s", got, want)
	}
	if len(res.API.Operations) != 1 || res.API.Operations[0].ID != "getB" {
		t.Errorf("operations: %v", res.API.Operations)
	}
}

// TestHostileProblemLines: whatever an operationId or a path holds, each
// problem stays on one line of its own, strict or not.
func TestHostileProblemLines(t *testing.T) {
	for _, p := range hostile.Payloads {
		d := map[string]any{"openapi": "3.0.3", "info": map[string]any{"title": "T", "version": "1"}, "paths": map[string]any{
			"/x/" + p.Text: map[string]any{
				"get":    map[string]any{"operationId": p.Text, "responses": map[string]any{"404": map[string]any{}}},
				"delete": map[string]any{"operationId": p.Text, "responses": map[string]any{"204": map[string]any{}}, "requestBody": map[string]any{"required": true}},
			},
		}}
		for _, strict := range []bool{true, false} {
			res, err := generate(t, string(hostile.Encode(d)), func(c *config.Config) {
				c.Strict, c.DefaultErrorResponse, c.Exclude = strict, "", []string{"not " + p.Text}
			})
			var ps model.Problems
			switch {
			case strict && !errors.As(err, &ps):
				t.Errorf("%s: strict: %v", p.Name, err)
				continue
			case strict:
			case err != nil:
				t.Errorf("%s: lenient: %v", p.Name, err)
				continue
			default:
				ps = res.Warnings
			}
			lines := strings.Split(ps.Error(), "\n")
			if len(ps) < 5 || len(lines) != len(ps) {
				t.Errorf("%s (strict %v): %d problems on %d lines:\n%s", p.Name, strict, len(ps), len(lines), ps)
			}
			for _, line := range lines {
				if len(line) > 400 || !strings.HasPrefix(line, "api.json: ") {
					t.Errorf("%s: line %q", p.Name, line)
				}
			}
		}
	}
}
