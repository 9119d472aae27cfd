package lint_test

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/hostile"
	"github.com/agentmc/agentmc-gen/internal/lint"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestCorpusClean generates the docs of every published release in the
// shared corpus and lints them: zero findings. It also lints the published
// pages as they are on disk (expected/), through Dir.
func TestCorpusClean(t *testing.T) {
	for _, specPath := range testenv.Releases(t) {
		dir := filepath.Dir(specPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			cfg, _ := config.Preset("agentmc")
			cfg.Spec = specPath
			cfg.Emit = []string{"docs"}
			res, err := generator.GenerateFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			findings := lint.Set(res.Files)
			for _, f := range findings {
				t.Errorf("%s", f)
			}
			published, err := lint.Dir(filepath.Join(dir, "expected"))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range published {
				t.Errorf("published: %s", f)
			}
		})
	}
}

// TestDefaultSpecClean lints the docs of the repository's default spec and
// configuration (agentmc-gen.yaml): zero findings.
func TestDefaultSpecClean(t *testing.T) {
	root := testenv.ModuleRoot(t)
	cfg, err := config.Resolve(config.Flags{Config: filepath.Join(root, config.FileName)}, generator.EmitterNames())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Emit = []string{"docs", "sdk", "curl"}
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	findings := lint.Set(res.Files)
	for _, f := range findings {
		t.Errorf("%s", f)
	}
	if n := len(res.API.Operations); n == 0 {
		t.Fatal("the default spec has no operations")
	}
}

// good is a clean folder of pages: README, two operation pages, index.json.
func good() map[string]string {
	return map[string]string{
		"docs/operations/README.md": "# Docs\n\n| Operation ID | Method |\n| --- | --- |\n" +
			"| [getA](./getA.md) | GET |\n| [getB](./getB.md) | GET |\n",
		"docs/operations/getA.md": "# getA\n\n## Parameters\n\n| Name | In |\n| --- | --- |\n| id | path |\n\n" +
			"## Response\n\n```json\n{\n  \"a\": 1\n}\n```\n\nSee [getB](./getB.md#parameters).\n",
		"docs/operations/getB.md":    "# getB\n\nNo parameters.\n\n```ts\nconst x = 1;\n```\n",
		"docs/operations/index.json": "[\n  {\n    \"operationId\": \"getA\"\n  },\n  {\n    \"operationId\": \"getB\"\n  }\n]\n",
	}
}

func run(files map[string]string) []lint.Finding {
	data := map[string][]byte{}
	for p, s := range files {
		data[p] = []byte(s)
	}
	return lint.Files{Data: data}.Lint()
}

// TestGoodPages is the baseline of the finding tests: the fixture is clean.
func TestGoodPages(t *testing.T) {
	for _, f := range run(good()) {
		t.Errorf("unexpected finding: %s", f)
	}
}

// TestFindings proves that each rule fires, on the file and line of the
// problem, and only there.
func TestFindings(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(m map[string]string)
		want   []string // "file:line: ...(rule)" prefixes and suffixes
		detail string   // a fragment of the message
	}{
		{
			name: "row with an extra cell",
			edit: func(m map[string]string) {
				m["docs/operations/getA.md"] = strings.Replace(m["docs/operations/getA.md"], "| id | path |", "| id | path | extra |", 1)
			},
			want: []string{"docs/operations/getA.md:7:"}, detail: "table row has 3 cells, its header has 2 (table)",
		},
		{
			name: "row with a missing cell",
			edit: func(m map[string]string) {
				m["docs/operations/getA.md"] = strings.Replace(m["docs/operations/getA.md"], "| id | path |", "| id |", 1)
			},
			want: []string{"docs/operations/getA.md:7:"}, detail: "table row has 1 cells, its header has 2 (table)",
		},
		{
			name: "escaped pipe is not a cell",
			edit: func(m map[string]string) {
				m["docs/operations/getA.md"] = strings.Replace(m["docs/operations/getA.md"], "| id | path |", `| a \| b | path |`, 1)
			},
		},
		{
			name: "header and delimiter disagree",
			edit: func(m map[string]string) {
				m["docs/operations/getA.md"] = strings.Replace(m["docs/operations/getA.md"], "| Name | In |", "| Name | In | Extra |", 1)
			},
			want: []string{"docs/operations/getA.md:5:"}, detail: "table header has 3 cells, its delimiter row has 2",
		},
		{
			name: "unclosed fence",
			edit: func(m map[string]string) {
				m["docs/operations/getB.md"] = "# getB\n\nText.\n\n```ts\nconst x = 1;\n"
			},
			want: []string{"docs/operations/getB.md:5:"}, detail: "code fence ``` opened here is never closed (fence)",
		},
		{
			name: "unclosed fence in a list item",
			edit: func(m map[string]string) {
				m["docs/operations/getB.md"] = "# getB\n\n- item\n\n  ```ts\n  const x = 1;\n\nOutside.\n"
			},
			want: []string{"docs/operations/getB.md:5:"}, detail: "never closed (fence)",
		},
		{
			name: "closed fence in a list item",
			edit: func(m map[string]string) {
				m["docs/operations/getB.md"] = "# getB\n\n- item\n\n  ```ts\n  const x = 1;\n  ```\n\nOutside.\n"
			},
		},
		{
			name: "link to a missing page",
			edit: func(m map[string]string) {
				m["docs/operations/getB.md"] += "\nSee [getC](./getC.md).\n"
			},
			want: []string{"docs/operations/getB.md:9:"}, detail: "link to ./getC.md: no such file (docs/operations/getC.md) (link)",
		},
		{
			name: "absolute links and fragments are not checked",
			edit: func(m map[string]string) {
				m["docs/operations/getB.md"] += "\n[a](https://example.com/x.md) [b](#top) [c](mailto:x@example.com)\n"
			},
		},
		{
			name: "page missing from index.json",
			edit: func(m map[string]string) {
				m["docs/operations/index.json"] = "[\n  {\n    \"operationId\": \"getA\"\n  }\n]\n"
			},
			want: []string{"docs/operations/getB.md:1:"}, detail: "operation getB is missing from docs/operations/index.json (index)",
		},
		{
			name: "page missing from README",
			edit: func(m map[string]string) {
				m["docs/operations/README.md"] = strings.Replace(m["docs/operations/README.md"], "| [getB](./getB.md) | GET |\n", "", 1)
			},
			want: []string{"docs/operations/getB.md:1:"}, detail: "operation getB is missing from docs/operations/README.md",
		},
		{
			name: "index record without a page",
			edit: func(m map[string]string) {
				m["docs/operations/index.json"] = strings.Replace(m["docs/operations/index.json"], "\n]", ",\n  {\n    \"operationId\": \"getC\"\n  }\n]", 1)
			},
			want: []string{"docs/operations/index.json:8:"}, detail: "index.json lists operation getC, but no page",
		},
		{
			name: "index.json does not parse",
			edit: func(m map[string]string) {
				m["docs/operations/index.json"] = "[\n  {\n    \"operationId\": \"getA\",\n  }\n]\n"
			},
			want: []string{"docs/operations/index.json:4:"}, detail: "does not parse",
		},
		{
			name: "JSON block does not parse",
			edit: func(m map[string]string) {
				m["docs/operations/getA.md"] = strings.Replace(m["docs/operations/getA.md"], "  \"a\": 1\n", "  \"a\": 1,\n  b: 2\n", 1)
			},
			want: []string{"docs/operations/getA.md:14:"}, detail: "JSON code block does not parse: invalid character 'b'",
		},
		{
			name: "empty JSON block",
			edit: func(m map[string]string) {
				m["docs/operations/getA.md"] = strings.Replace(m["docs/operations/getA.md"], "{\n  \"a\": 1\n}\n", "", 1)
			},
			want: []string{"docs/operations/getA.md:11:"}, detail: "JSON code block is empty (json)",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := good()
			c.edit(files)
			findings := run(files)
			if len(findings) != len(c.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(findings), len(c.want), join(findings))
			}
			for i, w := range c.want {
				s := findings[i].String()
				if !strings.HasPrefix(s, w) || !strings.Contains(s, c.detail) {
					t.Errorf("finding %q, want prefix %q containing %q", s, w, c.detail)
				}
			}
		})
	}
}

// TestDirLinksOutside checks that Dir resolves links outside the pages'
// folder on disk (an SDK example beside the docs) and reports missing ones.
func TestDirLinksOutside(t *testing.T) {
	dir := t.TempDir()
	files := good()
	files["docs/operations/getB.md"] += "\n[example](../../examples/http/getB.ts) [gone](../../examples/http/nope.ts)\n"
	files["examples/http/getB.ts"] = "export {};\n"
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	findings, err := lint.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || !strings.Contains(findings[0].String(), "docs/operations/getB.md:9: link to ../../examples/http/nope.ts") {
		t.Fatalf("got:\n%s", join(findings))
	}
}

func join(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

// TestStructure: an operation page whose record in index.json has the
// operation model must show that model's outline, and no raw HTML or
// link; each edit below is what an unescaped spec text would have done.
func TestStructure(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = "clean.json"
	cfg.Emit = []string{"docs"}
	res, err := generator.Generate(cfg, hostile.Clean())
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range res.Files.Files() {
		files[f.Path] = string(f.Data)
	}
	const page = "docs/operations/showBoard.md"
	if findings := run(files); len(findings) != 0 {
		t.Fatalf("clean pages:\n%s", join(findings))
	}
	for _, c := range []struct{ name, old, new, detail string }{
		{"heading in a description", "Returns one board.", "Returns one board.\n# Injected", `"#" where its operation's layout has "## Parameters"`},
		{"setext heading", "Returns one board.", "Returns one board.\n---", `"## Returns one board." where its operation's layout has "## Parameters"`},
		{"section heading", "Returns one board.", "x\n## SDK Example", `"## SDK Example" where its operation's layout has "## Parameters"`},
		{"table ended by a line break", "| Related data. |", "| Related\ndata. |", `"table of 4 rows" where its operation's layout has "table of 3 rows"`},
		{"table ended by a CR", "| Related data. |", "| Related\rdata. |", `"table of 4 rows" where its operation's layout has "table of 3 rows"`},
		{"heading after a CR", "Returns one board.", "Returns one board.\r# Injected", `"#" where its operation's layout has "## Parameters"`},
		{"raw HTML", "Returns one board.", "Returns <img src=x onerror=alert(1)> one board.", "raw HTML"},
		{"HTML block", "Returns one board.", "<script>alert(1)</script>", "raw HTML"},
		{"link", "Returns one board.", "[Returns](https://evil.example) one board.", "a link"},
		{"fence swallowing the rest", "Returns one board.", "```", `"## Error Responses" where its operation's layout has "## Parameters"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			edited := maps.Clone(files)
			if !strings.Contains(edited[page], c.old) {
				t.Fatalf("no %q in the page", c.old)
			}
			edited[page] = strings.Replace(edited[page], c.old, c.new, 1)
			findings := run(edited)
			if len(findings) == 0 || !strings.Contains(findings[0].String(), c.detail) || findings[0].Rule != "structure" {
				t.Fatalf("want a structure finding containing %q, got:\n%s", c.detail, join(findings))
			}
		})
	}
}
