package generator_test

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
)

// spec wraps paths (a JSON object body) in a minimal OpenAPI 3 document.
func spec(paths string) string {
	return `{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{` + paths + `}}`
}

const okResponses = `"responses":{"200":{"description":"ok"},"404":{"description":"missing"}}`

func generate(t *testing.T, doc string, edit func(*config.Config)) (*generator.Result, error) {
	t.Helper()
	cfg, err := config.Preset("agentmc")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Spec = "api.json"
	if edit != nil {
		edit(cfg)
	}
	return generator.Generate(cfg, []byte(doc))
}

// TestBadInput checks that each kind of bad input gets its own error,
// naming the file and the operation or JSON pointer concerned.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		edit func(*config.Config)
		want []string
	}{
		{name: "not JSON or YAML", doc: "{\"openapi\": \"3.0.0\",,}", want: []string{"api.json: not valid JSON: line 1, column 21: expected a string key"}},
		{name: "not YAML", doc: "openapi: 3.0.0\n  info: [\n", want: []string{"api.json: not valid YAML"}},
		{name: "empty", doc: " \n", want: []string{"api.json: the file is empty"}},
		{name: "not OpenAPI", doc: `{"hello":"world"}`, want: []string{`no "openapi" field`}},
		{name: "Swagger 2", doc: `{"swagger":"2.0","paths":{}}`, want: []string{"Swagger 2.0", "convert it to OpenAPI 3"}},
		{name: "OpenAPI 2.x string", doc: `{"openapi":"2.0"}`, want: []string{`#/openapi: version "2.0" is not supported`}},
		{name: "top level array", doc: `[1,2]`, want: []string{"top level is not an object"}},
		{
			name: "unresolved $ref",
			doc:  spec(`"/a":{"get":{"operationId":"a",` + okResponses + `,"parameters":[{"$ref":"#/components/parameters/Nope"}]}}`),
			want: []string{"api.json: error: #/paths/~1a/get/parameters/0/$ref: ", `"#/components/parameters/Nope" does not resolve`},
		},
		{
			name: "every unresolved $ref at once",
			doc: spec(`"/a":{"get":{"operationId":"a",` + okResponses + `,"parameters":[{"$ref":"#/components/parameters/Nope"},` +
				`{"name":"q","in":"query","schema":{"$ref":"#/components/schemas/Gone"}}]}}`),
			want: []string{"api.json: error: #/paths/~1a/get/parameters/0/$ref: $ref \"#/components/parameters/Nope\" does not resolve: no \"components\"\n" +
				"api.json: error: #/paths/~1a/get/parameters/1/schema/$ref: $ref \"#/components/schemas/Gone\" does not resolve: no \"components\""},
		},
		{
			name: "remote $ref",
			doc:  spec(`"/a":{"get":{"operationId":"a",` + okResponses + `,"parameters":[{"$ref":"https://example.com/p.json"}]}}`),
			want: []string{"api.json: #/paths/~1a/get/parameters/0/$ref", `$ref "https://example.com/p.json" is remote (scheme https:)`},
		},
		{
			name: "file $ref",
			doc:  spec(`"/a":{"get":{"operationId":"a",` + okResponses + `,"parameters":[{"$ref":"common.yaml#/P"}]}}`),
			want: []string{"api.json: #/paths/~1a/get/parameters/0/$ref", "names a file, but a spec given in memory has no folder to read it from"},
		},
		{
			name: "duplicate operationIds",
			doc: spec(`"/a":{"get":{"operationId":"x",` + okResponses + `},"post":{"operationId":"y",` + okResponses + `}},` +
				`"/b":{"get":{"operationId":"x",` + okResponses + `},"put":{"operationId":"y",` + okResponses + `}}`),
			want: []string{"api.json: error: operation x (GET /b): the operationId is also that of GET /a; every operationId must be unique\n" +
				"api.json: error: operation y (PUT /b): the operationId is also that of POST /a; every operationId must be unique"},
		},
		{
			name: "required body without content",
			doc:  spec(`"/a":{"post":{"operationId":"makeA",` + okResponses + `,"requestBody":{"required":true}}}`),
			want: []string{"api.json: error: operation makeA (POST /a): the request body is required but has no media type under content, so no request example; add one"},
		},
		{
			name: "no success response",
			doc:  spec(`"/a":{"get":{"operationId":"getA","responses":{"404":{"description":"missing"}}}}`),
			want: []string{"api.json: error: operation getA (GET /a): no success response (2xx or 3xx); document at least one"},
		},
		{
			name: "no error response",
			doc:  spec(`"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok"}}}}`),
			edit: func(c *config.Config) { c.DefaultErrorResponse = "" },
			want: []string{"api.json: error: operation getA (GET /a): no error response (4xx, 5xx or default)"},
		},
		{
			name: "operationId that is not a file name",
			doc:  spec(`"/a":{"get":{"operationId":"..",` + okResponses + `}}`),
			want: []string{`api.json: error: operation .. (GET /a): the operationId cannot be made into a safe file name`},
		},
		{
			name: "file name collision",
			doc:  spec(`"/a":{"get":{"operationId":"a/b",` + okResponses + `}},"/b":{"get":{"operationId":"a_b",` + okResponses + `}}`),
			want: []string{`api.json: error: operation a_b (GET /b): the file name "a_b" is also that of operation a/b (GET /a) on case-insensitive file systems; rename one of them`},
		},
		{
			name: "file names differing in case only",
			doc:  spec(`"/a":{"get":{"operationId":"getOAuth",` + okResponses + `}},"/b":{"get":{"operationId":"getOauth",` + okResponses + `}}`),
			want: []string{`api.json: error: operation getOauth (GET /b): the file name "getOauth" is also that of operation getOAuth (GET /a) on case-insensitive file systems`},
		},
		{
			name: "bad replacement pattern",
			doc:  spec(`"/a":{"get":{"operationId":"a",` + okResponses + `}}`),
			edit: func(c *config.Config) {
				c.Replacements = append(c.Replacements, normalizeReplacement("(?=x)", ""))
			},
			want: []string{"text replacement 2", "lookaround is not supported"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := generate(t, tt.doc, tt.edit)
			if err == nil {
				t.Fatalf("no error; generated %d files", res.Files.Len())
			}
			msg := err.Error()
			for _, line := range badLines(err) {
				t.Errorf("not one problem a line: %q", line)
			}
			if !strings.HasPrefix(msg, "api.json: ") {
				t.Errorf("error does not name the file: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

// TestSafeFileNames checks that operationIds become safe file names and
// that no operationId leads outside the output folder.
func TestSafeFileNames(t *testing.T) {
	doc := spec(`"/a":{"get":{"operationId":"../../x",` + okResponses + `}},"/b":{"get":{"operationId":"wéird id",` + okResponses + `}}`)
	res, err := generate(t, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files.Files() {
		for _, seg := range strings.Split(f.Path, "/") {
			if seg == ".." || seg == "." || seg == "" {
				t.Errorf("unsafe path %s", f.Path)
			}
		}
	}
	for _, want := range []string{"docs/operations/.._.._x.md", "docs/operations/w_ird_id.md", "examples/http/.._.._x.ts"} {
		if res.Files.Get(want) == nil {
			t.Errorf("missing %s", want)
		}
	}
	readme := string(res.Files.Get("docs/operations/README.md").Data)
	if !strings.Contains(readme, "| [wéird id](./w_ird_id.md) | GET | `/b` | - |") {
		t.Errorf("README does not link the safe file name:\n%s", readme)
	}
}

// TestInferredOperationIDs checks the naming of operations without an
// operationId, and the override table.
func TestInferredOperationIDs(t *testing.T) {
	doc := spec(`"/agents/instructions":{"get":{` + okResponses + `}},"/a/{run}/x":{"post":{` + okResponses + `}},` +
		`"/agents/recurring-task-runs/due":{"get":{` + okResponses + `}}`)
	res, err := generate(t, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, op := range res.API.Operations {
		ids = append(ids, op.ID+" "+strings.Join(flatten(op.Security), ","))
	}
	want := "createAByrunByX ,getAgentsInstructions ,listDueRecurringTaskRuns ApiKeyAuth"
	if got := strings.Join(ids, ","); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func flatten(reqs [][]string) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r...)
	}
	return out
}
