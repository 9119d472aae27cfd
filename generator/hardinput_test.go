package generator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Each hard input gets a clear error or a correct result, in bounded time.
// The bounds asserted are generous (a test is no benchmark); they catch
// exponential blow-ups, not slow machines.

func TestHardDeepSchema(t *testing.T) {
	// 10,000 levels of nested objects in a response schema.
	schema := `{"type":"integer"}`
	schema = strings.Repeat(`{"type":"object","properties":{"p":`, 10000) + schema + strings.Repeat(`}}`, 10000)
	doc := spec(`"/deep":{"get":{"operationId":"deep","responses":{"200":{"description":"ok","content":{"application/json":{"schema":` + schema + `}}},"400":{"description":"bad"}}}}`)
	start := time.Now()
	_, err := generate(t, doc, nil)
	if err == nil || !strings.Contains(err.Error(), "nested deeper than 1000 levels") {
		t.Errorf("got %v, want a nesting error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	// The same in YAML, as flow mappings.
	yamlDoc := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /deep:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: " +
		strings.Repeat("{properties: {p: ", 10000) + "{type: integer}" + strings.Repeat("}}", 10000) + "\n"
	if _, err := generate(t, yamlDoc, nil); err == nil || !strings.Contains(err.Error(), "depth") {
		t.Errorf("YAML: got %v, want a nesting error", err)
	}
}

func TestHardRefCycleThroughCombinators(t *testing.T) {
	// A → allOf → B → items → C → additionalProperties → A.
	doc := `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"operationId":"x",` +
		`"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}},"400":{"description":"bad"}}}}},` +
		`"components":{"schemas":{` +
		`"A":{"allOf":[{"$ref":"#/components/schemas/B"},{"type":"object","properties":{"name":{"type":"string"}}}]},` +
		`"B":{"type":"object","properties":{"list":{"type":"array","items":{"$ref":"#/components/schemas/C"}}}},` +
		`"C":{"type":"object","additionalProperties":{"$ref":"#/components/schemas/A"}}}}}`
	res, err := generate(t, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := string(res.Files.Get("docs/operations/x.md").Data)
	// C's map value is A again, inside A's own expansion: cut to {}, which
	// has no example, so the map shows "value".
	want := "```json\n{\n  \"list\": [\n    {\n      \"key\": \"value\"\n    }\n  ],\n  \"name\": \"string\"\n}\n```"
	if !strings.Contains(page, want) {
		t.Errorf("unexpected example:\n%s", page)
	}
}

func TestHardYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "x-a%d: &a%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("paths: {}\n")
	start := time.Now()
	_, err := generate(t, b.String(), nil)
	if err == nil || !strings.Contains(err.Error(), "YAML aliases expand to more than") {
		t.Errorf("got %v, want an alias error", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestHardHugeString(t *testing.T) {
	huge := strings.Repeat("0123456789", 5<<20) // 50 MB
	doc := `{"openapi":"3.0.3","info":{"title":"t","version":"1","description":"` + huge + `"},"paths":{"/x":{"get":{"operationId":"x",` + okResponses + `}}}}`
	res, err := generate(t, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Files.Get("spec/openapi.filtered.json").Data); n < len(huge) {
		t.Errorf("spec is %d bytes, shorter than the string", n)
	}
}

func TestHardInvalidUTF8(t *testing.T) {
	for name, doc := range map[string]string{
		"json": "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"\xff\xfe\"}}",
		"yaml": "openapi: 3.0.3\ninfo:\n  title: \"\xff\xfe\"\n",
	} {
		_, err := generate(t, doc, nil)
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), "utf-8") {
			t.Errorf("%s: got %v, want an invalid UTF-8 error", name, err)
		}
	}
}

func TestHardRemoteRefNeverFetched(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"name":"p","in":"query"}`))
	}))
	defer srv.Close()
	for _, ref := range []string{srv.URL + "/p.json", "file:///etc/passwd", "../shared/p.yaml#/P"} {
		doc := spec(`"/a":{"get":{"operationId":"a",` + okResponses + `,"parameters":[{"$ref":"` + ref + `"}]}}`)
		if _, err := generate(t, doc, nil); err == nil || !strings.Contains(err.Error(), "is remote") && !strings.Contains(err.Error(), "no folder") {
			t.Errorf("%s: got %v, want a remote or in-memory file error", ref, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the remote $ref was fetched %d times", n)
	}
}

// TestOddShapes feeds values of unexpected types where the spec expects
// objects, arrays or strings: each must give a result or its problems, one a line.
func TestOddShapes(t *testing.T) {
	for _, paths := range []string{
		`"/a":[]`, `"/a":{"get":[]}`, `"/a":{"get":{"responses":[]}}`, `"/a":{"get":{"responses":{"200":[]}}}`,
		`"/a":{"get":{"responses":{"200":{"content":[]}},"parameters":{}}}`, `"/a":{"get":{"tags":[1,null,"x"],"operationId":5,` + okResponses + `}}`,
		`"/a":{"get":{"security":[1,{"A":[]}],` + okResponses + `}}`, `"/a":{"get":{"parameters":[1],` + okResponses + `}}`,
		`"/a":{"get":{"parameters":[{"name":"p"}],` + okResponses + `}}`, `"/a":{"get":{"requestBody":[],` + okResponses + `}}`,
		`"/a":{"get":{"requestBody":{"content":{"application/json":[]}},` + okResponses + `}}`,
		`"/a":{"get":{"responses":{"200":{"content":{"application/json":{"schema":[1]}}},"400":{}}}}`,
		`"/a":{"get":{"responses":{"200":{"content":{"application/json":{"examples":[1]}}},"400":{}}}}`,
		`"/a":{"get":{"responses":{"200":{"$ref":"#/paths"},"400":{}}}}`, `"/a":{"$ref":"#/paths/~1b"},"/b":{"get":{` + okResponses + `}}`,
		`"/a":{"get":{"responses":{"200":{"description":5},"400":{}},"summary":["x"]}}`,
	} {
		res, err := generate(t, spec(paths), nil)
		if err != nil && badLines(err) != nil {
			t.Errorf("%s: not one problem a line: %q", paths, badLines(err))
		}
		if err == nil && res.Files.Len() == 0 {
			t.Errorf("%s: no files and no error", paths)
		}
	}
	for _, doc := range []string{`{"openapi":"3.0.0","paths":[]}`, `{"openapi":"3.0.0","paths":null}`, `{"openapi":"3.0.0"}`,
		`{"openapi":"3.0.0","components":[],"security":{}}`, `{"openapi":"3.0.0","info":"x","paths":{}}`} {
		if _, err := generate(t, doc, nil); err != nil && badLines(err) != nil {
			t.Errorf("%s: not one problem a line: %q", doc, badLines(err))
		}
	}
}
