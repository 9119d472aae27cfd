package config

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/normalize"
)

// The README's configuration block names every key; each must decode and
// land on its setting.
func TestREADMEConfiguration(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "### Configuration file\n")
	if !ok {
		t.Fatal("README.md: no Configuration file section")
	}
	_, rest, _ = strings.Cut(rest, "```yaml\n")
	block, _, ok := strings.Cut(rest, "```\n")
	if !ok {
		t.Fatal("README.md: no yaml block in the Configuration file section")
	}
	f, err := ParseFile("README.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	// Every key of the file type appears in the README.
	var missing []string
	var walk func(prefix string, typ reflect.Type, v reflect.Value)
	walk = func(prefix string, typ reflect.Type, v reflect.Value) {
		for i := range typ.NumField() {
			k := typ.Field(i).Tag.Get("yaml")
			if k == "-" {
				continue
			}
			fv := v.Field(i)
			if fv.IsNil() {
				missing = append(missing, prefix+k)
				continue
			}
			if typ.Field(i).Type.Kind() == reflect.Pointer && typ.Field(i).Type.Elem().Kind() == reflect.Struct {
				walk(prefix+k+".", typ.Field(i).Type.Elem(), fv.Elem())
			}
		}
	}
	walk("", reflect.TypeOf(*f), reflect.ValueOf(*f))
	if len(missing) > 0 {
		t.Errorf("keys the README's configuration block does not show: %s", strings.Join(missing, ", "))
	}

	cfg := agentmc()
	f.Apply(cfg)
	want := agentmc()
	want.Spec, want.Out, want.TemplatesDir = "spec/agentmc.openapi.yaml", "out", "templates-custom"
	want.Emit = []string{"docs", "sdk", "spec", "types", "curl", "go"}
	want.Exclude = []string{"deleteBoard", "get /internal/health"}
	want.OperationIDs = map[string]string{"get /agents/recurring-task-runs/due": "listDueRecurringTaskRuns"}
	want.Security = map[string][][]string{"get /agents/recurring-task-runs/due": {{"ApiKeyAuth"}}}
	want.SchemeEnv = map[string]string{"BearerAuth": "AGENTMC_USER_TOKEN"}
	want.GoPackage, want.GoOut, want.GoImport = "agentmc", "go/agentmc", "example.com/app/out/go/agentmc"
	want.Changelog = "docs/CHANGELOG.md"
	want.Host, want.EnvPrefix = "https://api.example.com", "AGENTMC"
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("applied:\n%+v\nwant:\n%+v", cfg, want)
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct{ file, want string }{
		{"ouput: x\n", `x.yaml: unknown key "ouput" (known: baseURL, changelog, curl, defaultErrorResponse, docs, emit, envPrefix, exclude, fileNameClashes, go, host, operationIds, out, preset, replacements, sdk, security, spec, strict, templates)`},
		{"out: [out]\n", `x.yaml: out: want a string, found ["out"]`},
		{"docs: {titel: T}\n", `x.yaml: unknown key "docs.titel" (known: specPath, title)`},
		{"docs: T\n", `x.yaml: docs: want a mapping {title, specPath}, found "T"`},
		{"go:\n  pkg: amc\n", `x.yaml: unknown key "go.pkg" (known: examples, import, out, package)`},
		{"curl: {onPages: yes please}\n", `x.yaml: curl.onPages: want true or false, found "yes please"`},
		{"curl: {schemeEnv: {A: [x]}}\n", `x.yaml: curl.schemeEnv.A: want a string, found ["x"]`},
		{"exclude: [a, 1]\n", `x.yaml: exclude[1]: want a string, found 1`},
		{"exclude: a\n", `x.yaml: exclude: want a list of strings, found "a"`},
		{"security: {get /a: [ApiKeyAuth]}\n", `x.yaml: security.get /a[0]: want a list of strings, found "ApiKeyAuth"`},
		{"sdk: {auth: [{scheme: A, opt: a}]}\n", `x.yaml: unknown key "sdk.auth[0].opt" (known: env, option, scheme)`},
		{"sdk: {auth: {scheme: A}}\n", `x.yaml: sdk.auth: want a list of {scheme, option, env}, found {"scheme":"A"}`},
		{"replacements: [{pattern: \"(\"}]\n", `x.yaml: replacements[0].pattern: `},
		{"preset: agentmc-9\n", `x.yaml: preset: unknown preset "agentmc-9" (known: agentmc, agentmc-0.1, default)`},
		{"fileNameClashes: rename\n", `x.yaml: fileNameClashes: want error or suffix, found "rename"`},
		{"- spec\n", `x.yaml: the configuration must be a mapping of settings`},
	}
	for _, tt := range tests {
		_, err := ParseFile("x.yaml", []byte(tt.file))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v, want one line starting %q", tt.file, err, tt.want)
		}
	}
}

// An empty list or mapping in the file overrides the preset's; a key the
// file leaves out keeps it.
func TestFileEmptyOverrides(t *testing.T) {
	f, err := ParseFile("x.yaml", []byte("replacements: []\noperationIds: {}\nsdk: {auth: []}\ncurl: {onPages: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := agentmc()
	f.Apply(cfg)
	if cfg.Replacements == nil || len(cfg.Replacements) != 0 || len(cfg.OperationIDs) != 0 || cfg.SDKAuth == nil || len(cfg.SDKAuth) != 0 {
		t.Errorf("empty values did not override: %+v", cfg)
	}
	if !cfg.CurlOnPages || cfg.DocsTitle != "AgentMC API Operation Docs" || len(cfg.Security) != 2 {
		t.Errorf("unset keys changed: %+v", cfg)
	}
	if !reflect.DeepEqual(agentmc().Replacements, []normalize.Replacement{{
		Pattern: "Optional\\s+.+runtime agent type identifier\\. Prefer sending this as `meta\\.type`\\.",
		Replace: "Optional runtime agent type identifier. Prefer sending this as `meta.type`.",
	}}) {
		t.Error("Apply changed the preset's own values")
	}
}

// TestBadYAML: a configuration that is not YAML is one line in the
// project's words, starting file:line:column.
func TestBadYAML(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{"spec: a\nout: [b\n", "agentmc-gen.yaml:3:1: not valid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts at line 2, column 6"},
		{"spec: a\n  out: b\n", "agentmc-gen.yaml:2:6: not valid YAML: mapping values are not allowed in this context"},
		{"\tspec: a\n", "agentmc-gen.yaml:1:1: not valid YAML: found character that cannot start any token while scanning for the next token"},
	} {
		_, err := ParseFile("agentmc-gen.yaml", []byte(tt.data))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "go-yaml") {
			t.Errorf("%q: %v\nwant %s", tt.data, err, tt.want)
		}
	}
}

// TestSpecKeys: host, envPrefix and go.examples are read.
func TestSpecKeys(t *testing.T) {
	f, err := ParseFile("agentmc-gen.yaml", []byte("host: https://h.test\nenvPrefix: ACME\ngo: {examples: false, out: .}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := neutral()
	f.Apply(c)
	if c.Host != "https://h.test" || c.EnvPrefix != "ACME" || !c.NoGoExamples || c.GoOut != "." {
		t.Errorf("got host %q, envPrefix %q, no examples %v, go out %q", c.Host, c.EnvPrefix, c.NoGoExamples, c.GoOut)
	}
	c.EnvPrefix = "my-api"
	if err := c.CheckEmbedded(); err == nil || !strings.Contains(err.Error(), "envPrefix") {
		t.Errorf("bad envPrefix: %v", err)
	}
}
