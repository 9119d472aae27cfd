package generator_test

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/load"
	"github.com/agentmc/agentmc-gen/internal/testenv"
	"github.com/pb33f/go-yaml"
)

// TestSplitSpec splits the default spec over many files (paths, schemas,
// parameters and responses in files of their own, YAML and JSON, nested
// folders, references between files, ../ back to a sibling folder,
// fragments of another file, references back to the root file) and checks
// that every emitter writes exactly what the single file gives.
func TestSplitSpec(t *testing.T) {
	single := filepath.Join(testenv.ModuleRoot(t), "spec", "agentmc.openapi.yaml")
	orig, err := load.File(single)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	root := filepath.Join(dir, "api.yaml")
	files := splitSpec(t, orig.Root, dir, "api.yaml")
	if files < 60 {
		t.Fatalf("the split wrote only %d files", files)
	}

	// Every form of reference the split is meant to exercise is there.
	forms := map[string]string{
		"a path item file":             `"$ref": "paths/agents/connect.yaml"`,
		"a fragment of another file":   `"../parameters.yaml#/`,
		"back to the root file":        `"../api.yaml#/components/requestBodies/`,
		"../ to a sibling folder":      `"$ref": "../b/Board.yaml"`,
		"from a nested folder, ../../": `"../../schemas/`,
		"between files of one folder":  `"$ref": "Paginated.yaml"`,
		"a JSON file":                  `"$ref": "../../responses/Unauthorized.json"`,
	}
	var all strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			all.Write(data)
		}
		return nil
	})
	for form, text := range forms {
		if !strings.Contains(all.String(), text) {
			t.Errorf("the split has no reference %s (%s)", form, text)
		}
	}

	bundled, err := load.File(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(bundled.Files) != files {
		t.Errorf("the load read %d files, the split wrote %d", len(bundled.Files), files)
	}
	want, got := ecma.MarshalString(orig.Root, true), ecma.MarshalString(bundled.Root, true)
	if want != got {
		t.Errorf("the bundled split spec differs from the single file:\n%s", FirstDiff(want, got))
	}

	run := func(spec string) *generator.Result {
		cfg, _ := config.Preset("agentmc")
		cfg.Spec = spec
		cfg.Emit = generator.EmitterNames()
		res, err := generator.GenerateFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(single), run(root)
	if len(a.Files.Files()) != len(b.Files.Files()) {
		t.Errorf("single file: %d artifacts, split: %d", len(a.Files.Files()), len(b.Files.Files()))
	}
	for _, f := range a.Files.Files() {
		g := b.Files.Get(f.Path)
		switch {
		case g == nil:
			t.Errorf("%s: not generated from the split spec", f.Path)
		case !bytes.Equal(f.Data, g.Data):
			t.Errorf("%s differs:\n%s", f.Path, FirstDiff(string(f.Data), string(g.Data)))
		}
	}
	if len(b.SpecFiles) != files || b.SpecFiles[0] != root {
		t.Errorf("SpecFiles: %d files starting %q, want %d starting %q", len(b.SpecFiles), b.SpecFiles[0], files, root)
	}
}

// splitSpec writes root over files in dir and returns how many. Schemas go
// to schemas/<initial>/<Name>.yaml (every third .json), parameters to one
// parameters.yaml map, responses to responses/<Name>.json, path items to
// paths/ (those under /agents in paths/agents/); request bodies and
// security schemes stay in the root, referred to from the other files.
func splitSpec(t testing.TB, root *ecma.Object, dir, rootName string) int {
	t.Helper()
	type place struct{ file, fragment string }
	where := map[string]place{} // "schemas/Board" → its file
	components, _ := root.Object("components")
	schemas, _ := components.Object("schemas")
	for i, name := range schemas.Keys() {
		ext := ".yaml"
		if i%3 == 2 {
			ext = ".json"
		}
		where["schemas/"+name] = place{file: "schemas/" + strings.ToLower(name[:1]) + "/" + name + ext}
	}
	parameters, _ := components.Object("parameters")
	for _, name := range parameters.Keys() {
		where["parameters/"+name] = place{file: "parameters.yaml", fragment: "/" + name}
	}
	responses, _ := components.Object("responses")
	for _, name := range responses.Keys() {
		where["responses/"+name] = place{file: "responses/" + name + ".json"}
	}

	// refer rewrites the component references in v for the file at from.
	var refer func(v ecma.Value, from string) ecma.Value
	refer = func(v ecma.Value, from string) ecma.Value {
		switch x := v.(type) {
		case *ecma.Object:
			out := ecma.NewObject(x.Len())
			for i := range x.Len() {
				k, c := x.At(i)
				if s, ok := c.(string); ok && k == "$ref" {
					c = refTo(t, s, from, rootName, func(c string) (string, string, bool) {
						p, ok := where[c]
						return p.file, p.fragment, ok
					})
				}
				out.Set(k, refer(c, from))
			}
			return out
		case []ecma.Value:
			out := make([]ecma.Value, len(x))
			for i, c := range x {
				out[i] = refer(c, from)
			}
			return out
		}
		return v
	}

	written := map[string]ecma.Value{}
	newRoot := ecma.NewObject(root.Len())
	for i := range root.Len() {
		k, v := root.At(i)
		switch k {
		case "paths":
			paths := ecma.NewObject(0)
			for j, p := range v.(*ecma.Object).Keys() {
				item, _ := v.(*ecma.Object).Get(p)
				slug := strings.NewReplacer("/", "_", "{", "", "}", "").Replace(strings.TrimPrefix(p, "/"))
				file := "paths/" + slug + ".yaml"
				if rest, ok := strings.CutPrefix(p, "/agents/"); ok {
					file = "paths/agents/" + strings.NewReplacer("/", "_", "{", "", "}", "").Replace(rest) + ".yaml"
				} else if j%2 == 1 {
					file = "paths/" + slug + ".json"
				}
				written[file] = refer(item, file)
				ref := ecma.NewObject(1)
				ref.Set("$ref", file)
				paths.Set(p, ref)
			}
			newRoot.Set(k, paths)
		case "components":
			comps := ecma.NewObject(0)
			for j := range components.Len() {
				section, sv := components.At(j)
				m := sv.(*ecma.Object)
				out := ecma.NewObject(m.Len())
				for _, name := range m.Keys() {
					c, _ := m.Get(name)
					p, moved := where[section+"/"+name]
					if !moved {
						out.Set(name, c)
						continue
					}
					ref := ecma.NewObject(1)
					if p.fragment == "" {
						written[p.file] = refer(c, p.file)
						ref.Set("$ref", p.file)
					} else {
						m, _ := written[p.file].(*ecma.Object)
						if m == nil {
							m = ecma.NewObject(0)
							written[p.file] = m
						}
						m.Set(strings.TrimPrefix(p.fragment, "/"), refer(c, p.file))
						ref.Set("$ref", p.file+"#"+p.fragment)
					}
					out.Set(name, ref)
				}
				comps.Set(section, out)
			}
			newRoot.Set(k, comps)
		default:
			newRoot.Set(k, v)
		}
	}
	written[rootName] = newRoot
	for file, v := range written {
		var data []byte
		if strings.HasSuffix(file, ".json") {
			data = []byte(ecma.MarshalString(v, true))
		} else {
			var err error
			if data, err = yaml.Marshal(yamlNode(v)); err != nil {
				t.Fatal(err)
			}
		}
		p := filepath.Join(dir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return len(written)
}

// refTo is the reference, from the file at from, that stands for the
// single file's local reference ref: a path to the component's file, or
// back to the root file.
func refTo(t testing.TB, ref, from, rootName string, find func(component string) (file, fragment string, ok bool)) string {
	component, ok := strings.CutPrefix(ref, "#/components/")
	if !ok {
		t.Fatalf("%s: unexpected $ref %q", from, ref)
	}
	file, fragment := rootName, "/components/"+component
	if f, frag, ok := find(component); ok {
		file, fragment = f, frag
	}
	rel, err := filepath.Rel(path.Dir(from), file)
	if err != nil {
		t.Fatal(err)
	}
	if fragment != "" {
		return filepath.ToSlash(rel) + "#" + fragment
	}
	return filepath.ToSlash(rel)
}

// yamlNode is v as a YAML node: strings double-quoted, so that YAML reads
// back exactly the JSON value.
func yamlNode(v ecma.Value) *yaml.Node {
	switch x := v.(type) {
	case *ecma.Object:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i := range x.Len() {
			k, c := x.At(i)
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Style: yaml.DoubleQuotedStyle}, yamlNode(c))
		}
		return n
	case []ecma.Value:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, c := range x {
			n.Content = append(n.Content, yamlNode(c))
		}
		return n
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x, Style: yaml.DoubleQuotedStyle}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	case float64:
		if x == float64(int64(x)) {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(x), 10)}
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(x, 'g', -1, 64)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

// TestSplitSpecErrorNamesFile checks that an error about a part of a split
// spec names the file that part is in, with the pointer in that file.
func TestSplitSpecErrorNamesFile(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"api.yaml":     "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: 'paths/a.yaml'}\n",
		"paths/a.yaml": "get: 5\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = filepath.Join(dir, "api.yaml")
	_, err := generator.GenerateFile(cfg)
	want := cfg.Spec + ": error: " + filepath.Join(dir, "paths", "a.yaml") + "#/get: an operation must be an object, found a number"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// BenchmarkLoadSplitSpec measures reading and bundling the default spec
// split over files (compare BenchmarkLoadSingleSpec).
func BenchmarkLoadSplitSpec(b *testing.B) {
	orig, err := load.File(filepath.Join(testenv.ModuleRoot(b), "spec", "agentmc.openapi.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	splitSpec(b, orig.Root, dir, "api.yaml")
	for b.Loop() {
		if _, err := load.File(filepath.Join(dir, "api.yaml")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSingleSpec measures reading the default spec.
func BenchmarkLoadSingleSpec(b *testing.B) {
	spec := filepath.Join(testenv.ModuleRoot(b), "spec", "agentmc.openapi.yaml")
	for b.Loop() {
		if _, err := load.File(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSplitSpecDiscriminator: a union whose discriminator maps its values
// to schema files generates, with every emitter and no preset, exactly
// what the single file with #/components/schemas/… mappings generates.
func TestSplitSpecDiscriminator(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: Zoo API, version: '1'}\nservers: [{url: 'https://zoo.example/v1'}]\n" +
		"paths:\n  /pets:\n    post:\n      operationId: addPet\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n" +
		"            example: {kind: dog, bark: true}\n      responses:\n        '201': {description: Added.}\n        '400': {description: Bad.}\n"
	single := head + `components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]
      discriminator:
        propertyName: kind
        mapping: {dog: '#/components/schemas/Dog', cat: '#/components/schemas/Cat'}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}, bark: {type: boolean}}}
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, lives: {type: integer}}}
`
	dir := t.TempDir()
	files := map[string]string{
		"single.yaml": single,
		"split/api.yaml": head + `components:
  schemas:
    Pet: {$ref: schemas/Pet.yaml}
`,
		"split/schemas/Pet.yaml": `oneOf: [{$ref: Dog.yaml}, {$ref: Cat.yaml}]
discriminator:
  propertyName: kind
  mapping: {dog: ./Dog.yaml, cat: 'Cat.yaml'}
`,
		"split/schemas/Dog.yaml": "{type: object, required: [kind], properties: {kind: {type: string}, bark: {type: boolean}}}\n",
		"split/schemas/Cat.yaml": "{type: object, required: [kind], properties: {kind: {type: string}, lives: {type: integer}}}\n",
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
	run := func(spec string) *generator.Result {
		cfg, _ := config.Preset(config.DefaultPreset)
		cfg.Spec = spec
		cfg.Emit = generator.EmitterNames()
		res, err := generator.GenerateFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(filepath.Join(dir, "single.yaml")), run(filepath.Join(dir, "split", "api.yaml"))
	if len(a.Files.Files()) != len(b.Files.Files()) {
		t.Errorf("single file: %d artifacts, split: %d", len(a.Files.Files()), len(b.Files.Files()))
	}
	for _, f := range a.Files.Files() {
		if g := b.Files.Get(f.Path); g == nil {
			t.Errorf("%s: not generated from the split spec", f.Path)
		} else if !bytes.Equal(f.Data, g.Data) {
			t.Errorf("%s differs:\n%s", f.Path, FirstDiff(string(f.Data), string(g.Data)))
		}
	}
}
