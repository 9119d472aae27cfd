package load_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/load"
)

// writeTree writes files (path → content) under a new temp folder and
// returns the folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const head = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name: "leaves the folder",
			files: map[string]string{
				"api/spec.yaml": head + "paths:\n  /a: {$ref: '../outside.yaml'}\n",
				"outside.yaml":  "get: {}\n",
			},
			want: []string{"spec.yaml: #/paths/~1a/$ref: ", `$ref "../outside.yaml" leaves the spec's folder`},
		},
		{
			name: "leaves the folder from a nested file",
			files: map[string]string{
				"api/spec.yaml":    head + "paths:\n  /a: {$ref: 'paths/a.yaml'}\n",
				"api/paths/a.yaml": "get:\n  parameters:\n    - $ref: '../../p.yaml#/P'\n",
				"p.yaml":           "P: {name: p, in: query}\n",
			},
			want: []string{filepath.Join("api", "paths", "a.yaml") + ": #/get/parameters/0/$ref: ", `"../../p.yaml#/P" leaves the spec's folder`},
		},
		{
			name:  "remote",
			files: map[string]string{"api/spec.yaml": head + "paths:\n  /a: {$ref: 'https://example.com/a.yaml'}\n"},
			want:  []string{"spec.yaml: #/paths/~1a/$ref: ", "is remote (scheme https:)"},
		},
		{
			name:  "file URL",
			files: map[string]string{"api/spec.yaml": head + "paths:\n  /a: {$ref: 'file:///etc/passwd'}\n"},
			want:  []string{"is remote (scheme file:)"},
		},
		{
			name:  "absolute path",
			files: map[string]string{"api/spec.yaml": head + "paths:\n  /a: {$ref: '/etc/passwd'}\n"},
			want:  []string{"is an absolute path"},
		},
		{
			name: "missing file",
			files: map[string]string{
				"api/spec.yaml":    head + "paths:\n  /a: {$ref: 'paths/a.yaml'}\n",
				"api/paths/a.yaml": "get:\n  responses:\n    '200': {$ref: '../responses/ok.yaml'}\n",
			},
			want: []string{filepath.Join("api", "paths", "a.yaml") + ": #/get/responses/200/$ref: ", `$ref "../responses/ok.yaml": cannot read `, filepath.Join("api", "responses", "ok.yaml") + ": no such file"},
		},
		{
			name: "missing fragment",
			files: map[string]string{
				"api/spec.yaml":  head + "paths:\n  /a: {$ref: 'paths.yaml#/~1b'}\n",
				"api/paths.yaml": "/a: {}\n",
			},
			want: []string{"spec.yaml: #/paths/~1a/$ref: in ", `$ref "#/~1b" does not resolve: no "/b"`},
		},
		{
			name: "bad YAML in a referenced file",
			files: map[string]string{
				"api/spec.yaml": head + "paths:\n  /a: {$ref: 'a.yaml'}\n",
				"api/a.yaml":    "get: [\n",
			},
			want: []string{"spec.yaml: #/paths/~1a/$ref: ", filepath.Join("api", "a.yaml") + ": not valid YAML"},
		},
		{
			name: "inlined cycle between files",
			files: map[string]string{
				"api/spec.yaml": head + "paths:\n  /a: {$ref: 'a.yaml'}\n",
				"api/a.yaml":    "x-next: {$ref: 'b.yaml'}\n",
				"api/b.yaml":    "x-next: {$ref: 'a.yaml'}\n",
			},
			want: []string{"makes a cycle between files (a.yaml# → b.yaml# → a.yaml#)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, tt.files)
			spec := filepath.Join(dir, "api", "spec.yaml")
			_, err := load.File(spec)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error on more than one line: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q\nlacks %q", msg, w)
				}
			}
			var lerr *load.Error
			if !errors.As(err, &lerr) || lerr.Files[0] != spec {
				t.Errorf("not a *load.Error listing the spec first: %#v", err)
			}
		})
	}
}

func TestFileSymlinkOutOfFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"api/spec.yaml": head + "paths:\n  /a: {$ref: 'link/a.yaml'}\n",
		"secret/a.yaml": "get: {}\n",
	})
	if err := os.Symlink(filepath.Join(dir, "secret"), filepath.Join(dir, "api", "link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	_, err := load.File(filepath.Join(dir, "api", "spec.yaml"))
	want := filepath.Join(dir, "api", "link", "a.yaml") + " is a symlink to "
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "outside the spec's folder") {
		t.Errorf("got %v, want %q … outside the spec's folder", err, want)
	}
	// A symlink that stays inside the folder is followed.
	if err := os.Symlink(filepath.Join(dir, "api", "spec.yaml"), filepath.Join(dir, "api", "alias.yaml")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "api", "spec.yaml"), []byte(head+"paths:\n  /a: {$ref: 'alias.yaml#/x-item'}\nx-item: {get: {}}\n"), 0o644)
	if _, err := load.File(filepath.Join(dir, "api", "spec.yaml")); err != nil {
		t.Errorf("a symlink inside the folder: %v", err)
	}
}

// TestFileBundle checks the bundled document: component names kept,
// files not listed in the root's components added under a name from the
// fragment or the file, collisions numbered, cycles between files turned
// into references, JSON files read as JSON.parse reads them.
func TestFileBundle(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"spec.yaml": head + `paths:
  /boards:
    $ref: paths/boards.yaml
components:
  schemas:
    Board:
      $ref: schemas/Board.yaml
    Pet:
      type: string
`,
		"paths/boards.yaml": `get:
  parameters:
    - $ref: ../common.json#/Limit
  responses:
    '200':
      content:
        application/json:
          schema:
            type: array
            items: {$ref: ../schemas/Board.yaml}
    '404':
      $ref: ../common.json#/NotFound
post:
  requestBody:
    content:
      application/json:
        schema: {$ref: ../schemas/other/Pet.yaml}
  responses:
    '201':
      description: made
      content:
        application/json:
          schema: {$ref: '../spec.yaml#/components/schemas/Pet'}
`,
		"schemas/Board.yaml": `type: object
properties:
  children:
    type: array
    items: {$ref: Board.yaml}
  owner: {$ref: Owner.yaml}
`,
		"schemas/Owner.yaml":     "type: object\nproperties:\n  boards: {type: array, items: {$ref: Board.yaml}}\n  best: {$ref: '#/properties/boards'}\n",
		"schemas/other/Pet.yaml": "type: object\nproperties:\n  owner: {$ref: ../Owner.yaml}\n",
		"common.json":            `{"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 1e400}}, "NotFound": {"description": "a", "description": "b \ud800"}}`,
	})
	doc, err := load.File(filepath.Join(dir, "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got := ecma.MarshalString(doc.Root, false)
	want := `{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{"/boards":{` +
		`"get":{"parameters":[{"$ref":"#/components/parameters/Limit"}],"responses":{"200":{"content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/Board"}}}}},"404":{"$ref":"#/components/responses/NotFound"}}},` +
		`"post":{"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet_2"}}}},"responses":{"201":{"description":"made","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"}}}}}}}},` +
		`"components":{"schemas":{` +
		`"Board":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/components/schemas/Board"}},"owner":{"$ref":"#/components/schemas/Owner"}}},` +
		`"Pet":{"type":"string"},` +
		`"Pet_2":{"type":"object","properties":{"owner":{"$ref":"#/components/schemas/Owner"}}},` +
		`"Owner":{"type":"object","properties":{"boards":{"type":"array","items":{"$ref":"#/components/schemas/Board"}},"best":{"$ref":"#/components/schemas/boards"}}},` +
		`"boards":{"type":"array","items":{"$ref":"#/components/schemas/Board"}}},` +
		`"parameters":{"Limit":{"name":"limit","in":"query","schema":{"type":"integer","maximum":null}}},` +
		`"responses":{"NotFound":{"description":"b \ud800"}}}}`
	if got != want {
		t.Errorf("bundled:\n%s\nwant:\n%s", got, want)
	}
	if len(doc.Files) != 6 {
		t.Errorf("Files: %q, want the six files", doc.Files)
	}
}

func TestBytesRefusesFiles(t *testing.T) {
	_, err := load.Bytes("mem.yaml", []byte(head+"paths:\n  /a: {$ref: 'a.yaml'}\n"))
	if err == nil || !strings.Contains(err.Error(), `mem.yaml: #/paths/~1a/$ref: $ref "a.yaml" names a file, but a spec given in memory has no folder`) {
		t.Errorf("got %v", err)
	}
}

func TestFileLimits(t *testing.T) {
	files := map[string]string{"spec.yaml": head + "x-first: {$ref: 'f/0.yaml'}\n"}
	for i := range load.MaxFiles + 1 {
		files["f/"+itoa(i)+".yaml"] = "x: {$ref: '" + itoa(i+1) + ".yaml'}\n"
	}
	dir := writeTree(t, files)
	_, err := load.File(filepath.Join(dir, "spec.yaml"))
	if err == nil || !strings.Contains(err.Error(), "more than 1000 files") {
		t.Errorf("got %v, want the file cap", err)
	}

	// Inlining one file many times over is bounded too.
	files = map[string]string{"spec.yaml": head + "x-top: {$ref: 'l0.yaml'}\n"}
	for i := range 30 {
		next := "{$ref: 'l" + itoa(i+1) + ".yaml'}"
		files["l"+itoa(i)+".yaml"] = "[" + next + ", " + next + "]\n"
	}
	files["l30.yaml"] = "leaf\n"
	dir = writeTree(t, files)
	_, err = load.File(filepath.Join(dir, "spec.yaml"))
	if err == nil || !strings.Contains(err.Error(), "refusing a spec built to explode") {
		t.Errorf("got %v, want the copy budget", err)
	}
}

func itoa(i int) string { return strings.TrimSpace(ecma.MarshalString(float64(i), false)) }

// TestFileDiscriminatorMapping: a discriminator's mapping values that name
// files become the component references their targets are bundled under,
// by the rules of $ref (root components keep their names, other files are
// added under schemas, a fragment of the root file points into it); schema
// names and "#/…" values stay; a file named by a mapping alone is bundled
// too; a value naming nothing in the folder tree stays as written.
func TestFileDiscriminatorMapping(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"spec.yaml": head + `paths: {}
components:
  schemas:
    Pet:
      $ref: schemas/Pet.yaml
    Cat:
      $ref: schemas/Cat.yaml
    Fish:
      type: object
    Zoo:
      oneOf: [{$ref: '#/components/schemas/Pet'}]
      discriminator:
        propertyName: kind
        mapping: {lizard: schemas/Lizard.yaml, pet: '#/components/schemas/Pet'}
`,
		"schemas/Pet.yaml": `oneOf:
  - $ref: Dog.yaml
  - $ref: ./Cat.yaml
  - $ref: more.yaml#/components/schemas/Bird
discriminator:
  propertyName: kind
  mapping:
    dog: ./Dog.yaml
    cat: Cat.yaml
    bird: more.yaml#/components/schemas/Bird
    fish: Fish
    root: ../spec.yaml#/components/schemas/Fish
    self: '#/components/schemas/Cat'
`,
		"schemas/Dog.yaml":    "type: object\nproperties: {kind: {type: string}}\n",
		"schemas/Cat.yaml":    "type: object\nproperties: {kind: {type: string}}\n",
		"schemas/Lizard.yaml": "type: object\n",
		"schemas/more.yaml":   "components:\n  schemas:\n    Bird: {type: object}\n",
	})
	doc, err := load.File(filepath.Join(dir, "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got := ecma.MarshalString(doc.Root, false)
	want := `{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{},"components":{"schemas":{` +
		`"Pet":{"oneOf":[{"$ref":"#/components/schemas/Dog"},{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Bird"}],` +
		`"discriminator":{"propertyName":"kind","mapping":{"dog":"#/components/schemas/Dog","cat":"#/components/schemas/Cat","bird":"#/components/schemas/Bird",` +
		`"fish":"Fish","root":"#/components/schemas/Fish","self":"#/components/schemas/Cat"}}},` +
		`"Cat":{"type":"object","properties":{"kind":{"type":"string"}}},` +
		`"Fish":{"type":"object"},` +
		`"Zoo":{"oneOf":[{"$ref":"#/components/schemas/Pet"}],"discriminator":{"propertyName":"kind","mapping":{"lizard":"#/components/schemas/Lizard","pet":"#/components/schemas/Pet"}}},` +
		`"Dog":{"type":"object","properties":{"kind":{"type":"string"}}},` +
		`"Bird":{"type":"object"},` +
		`"Lizard":{"type":"object"}}}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	// Values that name nothing in the folder tree stay as written, and the
	// file outside it is not read.
	dir = writeTree(t, map[string]string{
		"api/spec.yaml": head + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{type: object}]\n" +
			"      discriminator: {propertyName: kind, mapping: {dog: ../Dog.yaml, cat: models/cat.yml#/cat, cow: 'https://example.com/cow.json'}}\n",
		"Dog.yaml": "type: object\n",
	})
	doc, err = load.File(filepath.Join(dir, "api", "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got = ecma.MarshalString(doc.Root, false)
	if !strings.Contains(got, `"mapping":{"dog":"../Dog.yaml","cat":"models/cat.yml#/cat","cow":"https://example.com/cow.json"}`) || strings.Contains(got, `"Dog"`) {
		t.Errorf("unresolvable mapping values: %s", got)
	}
	for _, f := range doc.Files {
		if strings.Contains(f, "Dog.yaml") {
			t.Errorf("read %s, outside the spec's folder", f)
		}
	}
}
