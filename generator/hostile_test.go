package generator_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/emit/curl"
	"github.com/agentmc/agentmc-gen/internal/emit/docs"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/hostile"
	"github.com/agentmc/agentmc-gen/internal/lint"
)

// hostileConfig generates every text artifact: docs (with the 0.1
// layout's cURL section, a fenced shell command), SDK examples, the spec,
// cURL scripts and the site.
func hostileConfig() *config.Config {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = "hostile.json"
	cfg.Emit = []string{"docs", "sdk", "spec", "curl", "site"}
	cfg.CurlOnPages = true
	return cfg
}

// scriptEnv is the environment the scripts run in: the stub curl first on
// PATH, the credentials set, the base URL variable not set.
var scriptEnv = map[string]string{"AGENTMC_API_KEY": "the-api-key", "AGENTMC_AGENT_TOKEN": "the-agent-token"}

// TestHostileSpecs puts every payload of package hostile into every spec
// field that reaches an artifact, one at a time. Generation fails with a
// one-line error exactly where the field forbids the payload; otherwise
// every artifact keeps the clean spec's structure: each TypeScript example
// is one call, each cURL script passes curl exactly the arguments of the
// model and runs nothing else, each page has the clean page's outline, and
// the site's pages hold only the site's own elements and scripts.
func TestHostileSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the hostile-spec suite in -short mode")
	}
	_, shErr := exec.LookPath("sh")
	// One stub for all scripts, written before any runs: a file still open
	// for writing when another test forks cannot be executed (ETXTBSY).
	stubBin = t.TempDir()
	must(t, os.WriteFile(filepath.Join(stubBin, "curl"), []byte(stubCurl), 0o755))
	cfg := hostileConfig()
	cleanRes, err := generator.Generate(cfg, hostile.Clean())
	if err != nil {
		t.Fatal(err)
	}
	if p := textProblems(cfg, cleanRes); len(p) > 0 {
		t.Fatalf("clean spec:\n%s", strings.Join(p, "\n"))
	}
	clean := map[string]artifacts{}
	for _, op := range cleanRes.API.Operations {
		a := collect(t, cfg, cleanRes, op, shErr == nil)
		if len(a.pageOutline) == 0 || (shErr == nil && len(a.curlArgs) == 0) {
			t.Fatalf("clean %s: no outline or no curl arguments", op.ID)
		}
		clean[op.Method] = a
	}
	cleanIndex := outline(cleanRes.Files.Get(docs.Dir + "/README.md").Data)

	for _, p := range hostile.Payloads {
		t.Run("everywhere/"+p.Name, func(t *testing.T) {
			t.Parallel()
			res, err := generator.Generate(cfg, hostile.Everywhere(p.Text))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			for _, p := range textProblems(cfg, res) {
				t.Error(p)
			}
		})
	}
	for _, c := range hostile.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			res, err := generator.Generate(cfg, c.Spec())
			if c.WantError {
				switch {
				case err == nil:
					t.Fatalf("generated; want an error: the field forbids %q", c.Payload.Text)
				case strings.ContainsAny(err.Error(), "\r\n"):
					t.Fatalf("multi-line error: %q", err)
				case !strings.Contains(err.Error(), "operation "):
					t.Fatalf("the error does not name the operation: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			for _, p := range textProblems(cfg, res) {
				t.Error(p)
			}
			if got := outline(res.Files.Get(docs.Dir + "/README.md").Data); !slices.Equal(got, cleanIndex) {
				t.Errorf("README.md outline\n got %q\nwant %q", got, cleanIndex)
			}
			for _, op := range res.API.Operations {
				want := clean[op.Method]
				got := collect(t, cfg, res, op, shErr == nil)
				if !slices.Equal(got.pageOutline, want.pageOutline) {
					t.Errorf("%s page outline\n got %q\nwant %q", op.Method, got.pageOutline, want.pageOutline)
				}
				if got.siteScripts != want.siteScripts {
					t.Errorf("%s site page: %d scripts, the clean page has %d", op.Method, got.siteScripts, want.siteScripts)
				}
				if got.siteControls != want.siteControls {
					t.Errorf("%s site page: try-it controls %v, the clean page has %v", op.Method, got.siteControls, want.siteControls)
				}
				if shErr == nil && len(got.curlArgs) != len(want.curlArgs) {
					t.Errorf("%s script: %d arguments, the clean script passes %d", op.Method, len(got.curlArgs), len(want.curlArgs))
				}
			}
		})
	}
}

// artifacts are the structure of one operation's outputs.
type artifacts struct {
	pageOutline  []string
	siteScripts  int
	siteControls [5]int // the try-it panel's <input, <textarea, <select, <option and <button
	curlArgs     []string
}

func collect(t *testing.T, cfg *config.Config, res *generator.Result, op *model.Operation, runScripts bool) artifacts {
	t.Helper()
	var a artifacts
	page := res.Files.Get(docs.Dir + "/" + op.FileName + ".md")
	if page == nil {
		t.Fatalf("%s: no page", op.ID)
	}
	a.pageOutline = outline(page.Data)
	if html := res.Files.Get(site.PagePath(op)); html != nil {
		a.siteScripts = bytes.Count(html.Data, []byte("<script"))
		for i, tag := range []string{"<input", "<textarea", "<select", "<option", "<button"} {
			a.siteControls[i] = bytes.Count(html.Data, []byte(tag))
		}
	}
	if runScripts {
		script := res.Files.Get(curl.Dir + "/" + op.FileName + ".sh")
		if script == nil {
			t.Fatalf("%s: no script", op.ID)
		}
		if prev, ok := scriptRuns.Load(string(script.Data)); ok {
			a.curlArgs = prev.([]string) // the same script already ran and was checked
		} else {
			a.curlArgs = runScript(t, script.Data)
			if !t.Failed() {
				scriptRuns.Store(string(script.Data), a.curlArgs)
			}
		}
		if want := curlArgs(cfg, calls.Curl(op, res.API, cfg)); !slices.Equal(a.curlArgs, want) {
			t.Errorf("%s script: curl received\n %q\nwant\n %q", op.Method, a.curlArgs, want)
		}
	}
	return a
}

// curlArgs are the arguments the model means curl to receive, with the
// base URL variable unset and the credentials of scriptEnv.
func curlArgs(cfg *config.Config, c *calls.CurlCommand) []string {
	args := []string{"-X", c.Method, cfg.BaseURL + c.Target}
	for _, h := range c.Headers {
		args = append(args, "-H", h.Text+scriptEnv[h.Env])
	}
	if c.HasData {
		args = append(args, "--data-raw", c.Data)
	}
	return args
}

// scriptRuns holds the arguments of each script already run, by its text.
var scriptRuns sync.Map

// stubBin is the folder of the stub curl.
var stubBin string

// stubCurl writes its arguments, each followed by a NUL, to $ARGV_OUT.
const stubCurl = "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\000' \"$a\"; done > \"$ARGV_OUT\"\n"

// runScript runs a cURL script with the stub curl in a folder of its own
// and returns the arguments curl received. Anything else the script
// leaves in the folder (such as a PWNED file) fails the test.
func runScript(t *testing.T, script []byte) []string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "script.sh"), script, 0o755))
	argv := filepath.Join(dir, "argv")
	cmd := exec.Command("sh", "script.sh")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + stubBin + ":/usr/bin:/bin", "ARGV_OUT=" + argv, "HOME=" + dir}
	for k, v := range scriptEnv {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("the script failed or printed (%v): %s", err, out)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"argv", "script.sh"}) {
		t.Errorf("the script left %q in its folder; only curl may run", names)
	}
	data, err := os.ReadFile(argv)
	if err != nil {
		t.Fatalf("curl did not run: %v", err)
	}
	args := strings.Split(string(data), "\x00")
	return args[:len(args)-1]
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// outline is a markdown page as a CommonMark renderer sees its blocks: headings (with
// the text of level 1 and 2 headings left out for level 1, whose text is
// the operation), tables with their row count, fenced blocks with their
// info, lists with their item count, and every raw HTML node and link.
func outline(src []byte) []string {
	src = lint.CommonMarkLines(src)
	doc := site.Markdown().Parser().Parse(text.NewReader(src))
	var out []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := strings.Repeat("#", n.Level)
			if n.Level == 2 {
				h += " " + site.PlainText(n, src)
			}
			out = append(out, h)
		case *extast.Table:
			out = append(out, fmt.Sprintf("table of %d rows", n.ChildCount()))
		case *ast.FencedCodeBlock:
			out = append(out, "fence "+string(n.Language(src)))
		case *ast.List:
			out = append(out, fmt.Sprintf("list of %d", n.ChildCount()))
		case *ast.HTMLBlock, *ast.RawHTML:
			out = append(out, "raw HTML")
		case *ast.Link, *ast.Image, *ast.AutoLink:
			out = append(out, "link")
		}
		return ast.WalkContinue, nil
	})
	return out
}

// TestHostileSettings: what OpenAPI or HTTP forbid and the configuration
// keys that reach scripts and examples are refused with one line naming
// the operation or the key.
func TestHostileSettings(t *testing.T) {
	base := hostile.Base
	for _, c := range []struct {
		name   string
		spec   func(d map[string]any)
		config func(c *config.Config)
		want   string
	}{
		{name: "path not starting with /", spec: func(d map[string]any) {
			paths := d["paths"].(map[string]any)
			paths["@other.host/x"] = paths["/boards/{board}"]
			delete(paths, "/boards/{board}")
		}, want: "hostile.json: error: operation showBoard (GET @other.host/x): path \"@other.host/x\" does not start with /\n" +
			"hostile.json: error: operation updateBoard (PUT @other.host/x): path \"@other.host/x\" does not start with /"},
		{name: "header parameter name", spec: func(d map[string]any) {
			for _, item := range d["paths"].(map[string]any) {
				params := item.(map[string]any)["get"].(map[string]any)["parameters"].([]any)
				params[2].(map[string]any)["name"] = "X-A\r\nX-Evil: 1"
			}
		}, want: `operation showBoard (GET /boards/{board}): parameters[2].name: "X-A\r\nX-Evil: 1" is not an HTTP header name`},
		{name: "api key header name", spec: func(d map[string]any) {
			d["components"].(map[string]any)["securitySchemes"].(map[string]any)["ApiKeyAuth"].(map[string]any)["name"] = "X-Key: 1\nX-Evil"
		}, want: `security scheme "ApiKeyAuth": name "X-Key: 1\nX-Evil" is not an HTTP header name`},
		{name: "env name", config: func(c *config.Config) { c.APIKeyEnv = "X;touch PWNED" },
			want: `config: curl.apiKeyEnv: "X;touch PWNED" is not a shell variable name`},
		{name: "scheme env name", config: func(c *config.Config) { c.SchemeEnv = map[string]string{"BearerAuth": "$(id)"} },
			want: `config: curl.schemeEnv.BearerAuth: "$(id)" is not a shell variable name`},
		{name: "base URL env name", config: func(c *config.Config) { c.BaseURLEnv = "A}" },
			want: `config: curl.baseURLEnv: "A}" is not a shell variable name`},
		{name: "sdk auth env", config: func(c *config.Config) { c.SDKAuth[0].Env = "A.B" },
			want: `config: sdk.auth[0].env: "A.B" is not a shell variable name`},
		{name: "sdk auth option", config: func(c *config.Config) { c.SDKAuth[0].Option = "x: 1, y" },
			want: `config: sdk.auth[0].option: "x: 1, y" is not a JavaScript identifier`},
		{name: "sdk client", config: func(c *config.Config) { c.SDKClient = "A(); evil()" },
			want: `config: sdk.client: "A(); evil()" is not a JavaScript identifier`},
		{name: "base URL", config: func(c *config.Config) { c.BaseURL = "https://x\"; touch PWNED; \"" },
			want: `config: baseURL: "https://x\"; touch PWNED; \"" has "\""`},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := base()
			if c.spec != nil {
				c.spec(d)
			}
			cfg := hostileConfig()
			if c.config != nil {
				c.config(cfg)
			}
			_, err := generator.Generate(cfg, hostile.Encode(d))
			if err == nil || !strings.Contains(err.Error(), c.want) || badLines(err) != nil {
				t.Fatalf("error %v, want one problem a line, containing %s", err, c.want)
			}
		})
	}
}

// TestHostileSiteFields puts every payload into the spec fields only the
// site shows (x-codeSamples, response headers, discriminator mappings,
// patterns, titles of variants) and checks that every page keeps only the
// site's own elements, attributes and scripts, and the clean page's tabs.
func TestHostileSiteFields(t *testing.T) {
	cfg := hostileConfig()
	spec := func(s string) []byte {
		d := hostile.Base()
		paths := d["paths"].(map[string]any)
		get := paths["/boards/{board}"].(map[string]any)["get"].(map[string]any)
		get["x-codeSamples"] = []any{map[string]any{"lang": s, "label": s, "source": s}}
		ok := get["responses"].(map[string]any)["200"].(map[string]any)
		ok["headers"] = map[string]any{s: map[string]any{"description": s, "schema": map[string]any{"type": "string", "pattern": s}, "example": s}}
		schemas := d["components"].(map[string]any)["schemas"].(map[string]any)
		board := schemas["Board"].(map[string]any)
		board["discriminator"] = map[string]any{"propertyName": s, "mapping": map[string]any{s: "#/components/schemas/Error"}}
		board["oneOf"] = []any{map[string]any{"$ref": "#/components/schemas/Error"}, map[string]any{"type": "object", "title": s}}
		name := board["properties"].(map[string]any)["name"].(map[string]any)
		name["pattern"], name["minLength"] = s, 1
		return hostile.Encode(d)
	}
	tabs := func(res *generator.Result) int {
		return bytes.Count(res.Files.Get(site.PagePath(res.API.Operations[0])).Data, []byte(`role="tab"`))
	}
	clean, err := generator.Generate(cfg, spec("clean"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range textProblems(cfg, clean) {
		t.Error("clean: " + p)
	}
	want := tabs(clean)
	if want < 5 { // TypeScript, cURL, the sample; two variants
		t.Fatalf("the clean page has %d tabs", want)
	}
	for _, p := range hostile.Payloads {
		t.Run(p.Name, func(t *testing.T) {
			t.Parallel()
			res, err := generator.Generate(cfg, spec(p.Text))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			for _, p := range textProblems(cfg, res) {
				t.Error(p)
			}
			if got := tabs(res); got != want {
				t.Errorf("%d tabs, the clean page has %d", got, want)
			}
		})
	}
}
