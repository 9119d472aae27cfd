package generator_test

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator/config"
)

// Regression cases for what real-world specs (the APIs.guru collection,
// scripts/realworld) taught the pipeline.

// TestFileNameClash: operationIds that differ only in case, or in characters
// a file name cannot hold, fail by the published rule (TestBadInput); with
// fileNameClashes: suffix they get distinct file names: the first in spec
// order keeps the plain one, the others a "_2", "_3", … suffix (seen in
// gitea.io: userGetOauth2Application and userGetOAuth2Application).
func TestFileNameClash(t *testing.T) {
	doc := spec(`"/a":{"get":{"operationId":"a/b",` + okResponses + `}},"/b":{"get":{"operationId":"a_b",` + okResponses + `}},` +
		`"/c":{"get":{"operationId":"A_B",` + okResponses + `}},"/d":{"get":{"operationId":"a_b_2",` + okResponses + `}}`)
	res, err := generate(t, doc, func(c *config.Config) { c.SuffixFileNameClashes = true })
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, op := range res.API.Operations {
		got[op.ID] = op.FileName
	}
	want := map[string]string{"a/b": "a_b", "a_b_2": "a_b_2", "a_b": "a_b_3", "A_B": "A_B_4"}
	for id, name := range want {
		if got[id] != name {
			t.Errorf("%s: file name %q, want %q", id, got[id], name)
		}
	}
	for _, name := range want {
		for _, p := range []string{"docs/operations/" + name + ".md", "examples/http/" + name + ".ts"} {
			if res.Files.Get(p) == nil {
				t.Errorf("missing %s", p)
			}
		}
	}
	readme := string(res.Files.Get("docs/operations/README.md").Data)
	if !strings.Contains(readme, "| [A_B](./A_B_4.md) |") {
		t.Errorf("README does not link the suffixed file name:\n%s", readme)
	}
}

// TestPathsExtension: a specification extension in the Paths object is not
// a path item (seen in apicurio.local/registry: "x-codegen-contextRoot").
func TestPathsExtension(t *testing.T) {
	res, err := generate(t, spec(`"x-codegen-contextRoot":"/apis/registry","/a":{"get":{"operationId":"a",`+okResponses+`}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.API.Operations); n != 1 {
		t.Errorf("%d operations, want 1", n)
	}
}

// TestPercentEncodedRef: a $ref whose pointer percent-encodes the braces of
// a path template resolves (seen in digitalocean.com, codat.io and a dozen
// more: "#/paths/~1v2~1keys~1%7Bid%7D/get/parameters/0").
func TestPercentEncodedRef(t *testing.T) {
	doc := spec(`"/keys/{id}":{"get":{"operationId":"getKey","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer","example":7}}],` + okResponses + `},` +
		`"delete":{"operationId":"deleteKey","parameters":[{"$ref":"#/paths/~1keys~1%7Bid%7D/get/parameters/0"}],` + okResponses + `}}`)
	res, err := generate(t, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range res.API.Operations {
		if op.ID == "deleteKey" && (len(op.Parameters) != 1 || op.Parameters[0].Name != "id") {
			t.Errorf("deleteKey parameters: %+v", op.Parameters)
		}
	}
}
