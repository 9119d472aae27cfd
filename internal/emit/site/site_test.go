package site_test

import (
	"bytes"
	"encoding/json"
	"html"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/render"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// defaultConfig is the repository's configuration (agentmc-gen.yaml).
func defaultConfig(t testing.TB) *config.Config {
	root := testenv.ModuleRoot(t)
	cfg, err := config.Resolve(config.Flags{Config: filepath.Join(root, config.FileName)}, generator.EmitterNames())
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func generate(t testing.TB, cfg *config.Config, emitters ...string) *generator.Result {
	t.Helper()
	cfg.Emit = emitters
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var (
	refAttr   = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idAttr    = regexp.MustCompile(` id="([^"]*)"`)
	rowAttr   = regexp.MustCompile(`<tr data-operation="([^"]+)">`)
	dataBlock = regexp.MustCompile(`(?s)<script type="application/json" id="operations-data">(.*?)</script>`)
)

// checkSite checks a generated site: a page per operation, ids unique on
// each page, every relative link and asset reference resolves to a generated file, no reference
// leaves the site for the network, and the index lists every operation in
// its table and in its embedded data.
func checkSite(t *testing.T, res *generator.Result) {
	t.Helper()
	ops := res.API.Operations
	for _, op := range ops {
		if res.Files.Get(site.PagePath(op)) == nil {
			t.Errorf("no page %s", site.PagePath(op))
		}
	}
	for _, p := range []string{site.IndexPath, site.JSONPath, site.StylePath, site.ScriptPath} {
		if res.Files.Get(p) == nil {
			t.Errorf("no %s", p)
		}
	}
	for _, f := range res.Files.Files() {
		if !strings.HasPrefix(f.Path, site.Dir+"/") || path.Ext(f.Path) != ".html" {
			continue
		}
		for _, m := range refAttr.FindAllSubmatch(f.Data, -1) {
			ref := string(m[1])
			switch {
			case strings.HasPrefix(ref, "#"), ref == "data:,":
				continue
			case strings.Contains(ref, "://") || strings.HasPrefix(ref, "//"):
				// Links written in the spec's descriptions may be absolute; the
				// site's own assets never are.
				if bytes.Contains(m[0], []byte("src=")) || strings.HasSuffix(ref, ".css") || strings.HasSuffix(ref, ".js") {
					t.Errorf("%s: network asset %s", f.Path, ref)
				}
				continue
			}
			target := path.Join(path.Dir(f.Path), strings.SplitN(strings.SplitN(ref, "#", 2)[0], "?", 2)[0])
			if res.Files.Get(target) == nil {
				t.Errorf("%s: link %s: no such file %s", f.Path, ref, target)
			}
		}
	}
	for _, f := range res.Files.Files() {
		if strings.HasPrefix(f.Path, site.Dir+"/") && path.Ext(f.Path) == ".html" {
			seen := map[string]bool{}
			for _, m := range idAttr.FindAllSubmatch(f.Data, -1) {
				if seen[string(m[1])] {
					t.Errorf("%s: id %q twice", f.Path, m[1])
				}
				seen[string(m[1])] = true
			}
		}
	}
	index := res.Files.Get(site.IndexPath).Data
	rows := rowAttr.FindAllSubmatch(index, -1)
	if len(rows) != len(ops) {
		t.Errorf("index has %d operation rows, want %d", len(rows), len(ops))
	}
	for i, m := range rows {
		if i < len(ops) && string(m[1]) != ops[i].ID {
			t.Errorf("index row %d is %s, want %s", i, m[1], ops[i].ID)
		}
	}
	block := dataBlock.FindSubmatch(index)
	if block == nil {
		t.Fatal("index has no embedded operations data")
	}
	var records []struct {
		OperationID string `json:"operationId"`
		Method      string `json:"method"`
		Tags        []string
	}
	if err := json.Unmarshal(block[1], &records); err != nil {
		t.Fatalf("embedded data: %v", err)
	}
	if len(records) != len(ops) {
		t.Errorf("embedded data has %d records, want %d", len(records), len(ops))
	}
	if !bytes.Equal(res.Files.Get(site.JSONPath).Data, res.Files.Get("docs/operations/index.json").Data) {
		t.Error("site/index.json differs from docs/operations/index.json")
	}
}

// TestDefaultSpecSite renders the site of the default spec and checks its
// pages, links and index.
func TestDefaultSpecSite(t *testing.T) {
	res := generate(t, defaultConfig(t), "docs", "site")
	checkSite(t, res)
	page := string(res.Files.Get("site/operations/listTasks.html").Data)
	for _, want := range []string{
		`<table>`, `<th>Name</th>`, `<code class="language-json">`, `<code class="language-ts">`,
		`<code class="language-bash">`, `<h2 id="parameters">Parameters<a href="#parameters"`,
		`<span class="method method-get">get</span>`, `<a href="../index.html">All operations</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("listTasks.html lacks %s", want)
		}
	}
}

// TestNewestCorpusSite renders the site of the newest published release.
func TestNewestCorpusSite(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = testenv.NewestRelease(t)
	checkSite(t, generate(t, cfg, "docs", "site"))
}

// TestSiteAloneMatches proves the site does not depend on whether the docs
// emitter ran before it (it renders the pages itself when not), and that
// the site does not change the docs.
func TestSiteAloneMatches(t *testing.T) {
	with := generate(t, defaultConfig(t), "docs", "site")
	alone := generate(t, defaultConfig(t), "site")
	docsOnly := generate(t, defaultConfig(t), "docs")
	for _, f := range with.Files.Files() {
		var other *output.File
		if strings.HasPrefix(f.Path, site.Dir+"/") {
			other = alone.Files.Get(f.Path)
		} else {
			other = docsOnly.Files.Get(f.Path)
		}
		if other == nil || !bytes.Equal(other.Data, f.Data) {
			t.Errorf("%s differs", f.Path)
		}
	}
	for _, f := range alone.Files.Files() {
		if !strings.HasPrefix(f.Path, site.Dir+"/") {
			t.Errorf("site alone wrote %s", f.Path)
		}
	}
}

// TestLinkRewrite checks that links between markdown pages become links
// between site pages, from the index and from an operation page.
func TestLinkRewrite(t *testing.T) {
	res := generate(t, defaultConfig(t), "site")
	index := string(res.Files.Get(site.IndexPath).Data)
	if !strings.Contains(index, `<a href="operations/listTasks.html">listTasks</a>`) || strings.Contains(index, `.md"`) {
		t.Error("index links are not rewritten to operations/*.html")
	}
}

// BenchmarkSite renders the whole site (the markdown pages and their HTML,
// and the Go example programs of the code tabs) for the newest published
// release, from its model.
func BenchmarkSite(b *testing.B) {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = testenv.NewestRelease(b)
	res := generate(b, cfg)
	tmpl, err := render.Load("")
	if err != nil {
		b.Fatal(err)
	}
	examples, err := calls.Build(res.API, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		// A context per run: the Go tab's example programs are derived
		// once per run, as in a run that emits the site alone.
		ctx := &emit.Context{API: res.API, Config: cfg, Calls: examples, Templates: tmpl}
		out := output.NewSet()
		if err := site.Emit(ctx, out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.API.Operations)), "pages")
}

var goTab = regexp.MustCompile(`(?s)<code class="language-go">(.*?)</code>`)

// TestGoTabWithoutGoEmitter checks that the site takes its Go tab from the
// Go code of the model, not from the go emitter's files: with site alone
// in emit:, every operation page shows the example program the go emitter
// writes, byte for byte, and the pages are the same as in a run that emits
// go too (in either order of the registry, see TestEmitterOrder).
func TestGoTabWithoutGoEmitter(t *testing.T) {
	alone := generate(t, defaultConfig(t), "site")
	both := generate(t, defaultConfig(t), "go", "site")
	if alone.Files.Get(golang.ExamplesDir+"/"+alone.API.Operations[0].FileName+"/main.go") != nil {
		t.Fatal("a run without go wrote the Go examples")
	}
	for _, op := range alone.API.Operations {
		page := alone.Files.Get(site.PagePath(op))
		example := both.Files.Get(golang.ExamplePath(op))
		if page == nil || example == nil {
			t.Fatalf("%s: no page or no Go example", op.ID)
		}
		m := goTab.FindSubmatch(page.Data)
		if m == nil {
			t.Errorf("%s: the page of a run without go has no Go tab", op.ID)
			continue
		}
		if got := html.UnescapeString(string(m[1])); got != string(example.Data) {
			t.Errorf("%s: the Go tab differs from %s:\n%s", op.ID, example.Path, got)
		}
		if !bytes.Equal(page.Data, both.Files.Get(site.PagePath(op)).Data) {
			t.Errorf("%s: the page differs between a run with go and one without", op.ID)
		}
	}
}

// TestNoGoTabWithoutExamples checks that go: {examples: false} leaves the
// Go tab out, as it leaves the example programs out.
func TestNoGoTabWithoutExamples(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.NoGoExamples = true
	res := generate(t, cfg, "site")
	for _, op := range res.API.Operations {
		if goTab.Match(res.Files.Get(site.PagePath(op)).Data) {
			t.Errorf("%s: a Go tab with the examples turned off", op.ID)
		}
	}
}

// TestNoGoTabWithoutGoClient checks that settings that make no Go package
// cost a site without go only its Go tab, and fail a run with go on the go
// emitter.
func TestNoGoTabWithoutGoClient(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.GoPackage = "main"
	res := generate(t, cfg, "site")
	for _, op := range res.API.Operations {
		if goTab.Match(res.Files.Get(site.PagePath(op)).Data) {
			t.Fatalf("%s: a Go tab with the go package named main", op.ID)
		}
	}
	cfg = defaultConfig(t)
	cfg.GoPackage = "main"
	cfg.Emit = []string{"go", "site"}
	if _, err := generator.GenerateFile(cfg); err == nil || !strings.HasPrefix(err.Error(), `emitter go: go package name "main"`) {
		t.Errorf("go and site with the go package named main: %v", err)
	}
}

// TestNotByDefault checks that no preset runs the site emitter unless asked,
// and that a configuration file can ask for it.
func TestNotByDefault(t *testing.T) {
	for _, name := range config.PresetNames() {
		cfg, _ := config.Preset(name)
		for _, e := range cfg.Emit {
			if e == "site" {
				t.Errorf("preset %s emits the site by default", name)
			}
		}
	}
	file, err := config.ParseFile("agentmc-gen.yaml", []byte("emit: [docs, site]\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc")
	file.Apply(cfg)
	if strings.Join(cfg.Emit, ",") != "docs,site" {
		t.Errorf("emit: [docs, site] gives %v", cfg.Emit)
	}
}

// TestTemplateOverride checks that a file in the templates folder's site/
// subfolder replaces the embedded one.
func TestTemplateOverride(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.TemplatesDir = t.TempDir()
	if err := os.MkdirAll(filepath.Join(cfg.TemplatesDir, "site"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg.TemplatesDir, "site", "style.css"), []byte("/* mine */\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := generate(t, cfg, "site")
	if got := string(res.Files.Get(site.StylePath).Data); got != "/* mine */\n" {
		t.Errorf("style.css = %q", got)
	}
}

// The site's markdown renders no raw HTML (html.WithUnsafe is off) and
// makes no link of a bare URL: every element and link is the generator's.
func TestMarkdownWritesNoSpecMarkup(t *testing.T) {
	var buf bytes.Buffer
	src := "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and https://evil.example and www.evil.example\n"
	if err := site.Markdown().Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<img", "<a "} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("%q in %s", bad, buf.String())
		}
	}
}
