package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var testEmitters = []string{"docs", "sdk", "go"}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Preset, then file, then flags; the file's paths are relative to its
// folder, the flags' to the current one.
func TestResolveLayers(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeTestFile(t, "go.mod", "module example.com/app\n")
	writeTestFile(t, "conf/agentmc-gen.yaml", "spec: api.yaml\nout: gen\npreset: agentmc-0.1\ntemplates: /abs/tmpl\ndocs: {title: From file}\nemit: [docs]\n")

	cfg, err := Resolve(Flags{Config: "conf/agentmc-gen.yaml"}, testEmitters)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != "agentmc-0.1" || !cfg.CurlOnPages || cfg.DocsTitle != "From file" || strings.Join(cfg.Emit, ",") != "docs" {
		t.Errorf("file over preset: %+v", cfg)
	}
	if cfg.Spec != filepath.Join("conf", "api.yaml") || cfg.Out != filepath.Join("conf", "gen") || cfg.TemplatesDir != "/abs/tmpl" {
		t.Errorf("paths: spec %q out %q templates %q", cfg.Spec, cfg.Out, cfg.TemplatesDir)
	}
	// The import path depends on the package name, which may come from the
	// spec: the generator derives it after FillFromSpec, not Resolve.
	if cfg.GoImport != "" {
		t.Errorf("GoImport %q before the spec is read", cfg.GoImport)
	}
	if imp := GoImportPath(cfg.Out, "go/agentmc"); imp != "example.com/app/conf/gen/go/agentmc" {
		t.Errorf("GoImportPath %q", imp)
	}
	if imp := GoImportPath(".", "."); imp != "example.com/app" {
		t.Errorf("GoImportPath at the module root %q", imp)
	}

	cfg, err = Resolve(Flags{Config: "conf/agentmc-gen.yaml", Preset: "agentmc", Spec: "s.json", Out: "o", Emit: "sdk,go", GoPackage: "amc"}, testEmitters)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != "agentmc" || cfg.CurlOnPages || cfg.DocsTitle != "From file" || cfg.Spec != "s.json" || cfg.Out != "o" ||
		strings.Join(cfg.Emit, ",") != "sdk,go" || cfg.GoPackage != "amc" {
		t.Errorf("flags over file: %+v", cfg)
	}
}

// A run that names no preset starts from the default one, whose settings
// the spec fills.
func TestResolveDefaultPreset(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := Resolve(Flags{Spec: "s.yaml", Out: "o"}, testEmitters)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != DefaultPreset || cfg.Strict || cfg.BaseURL != "" || cfg.GoPackage != "" {
		t.Errorf("no preset: %+v", cfg)
	}
}

// Equal flag values stay two settings: -out D -templates D keeps -out.
func TestResolveEqualFlagValues(t *testing.T) {
	t.Chdir(t.TempDir())
	writeTestFile(t, FileName, "spec: api.yaml\nout: configured\n")
	cfg, err := Resolve(Flags{Out: "D", Templates: "D"}, testEmitters)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Out != "D" || cfg.TemplatesDir != "D" || cfg.Spec != "api.yaml" {
		t.Errorf("out %q templates %q spec %q", cfg.Out, cfg.TemplatesDir, cfg.Spec)
	}
}

func TestResolveErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	writeTestFile(t, "file.txt", "x")
	writeTestFile(t, "bad-emit.yaml", "emit: [docs, pdf]\n")
	tests := []struct {
		flags Flags
		want  string
	}{
		{Flags{Out: "o"}, "no spec: pass -spec FILE or set spec in agentmc-gen.yaml"},
		{Flags{Spec: "s"}, "no output folder: pass -out DIR or set out in agentmc-gen.yaml"},
		{Flags{Spec: "s", Out: "file.txt"}, "-out file.txt: is a file, not a folder"},
		{Flags{Spec: "s", Out: "o", Preset: "nope"}, `-preset: unknown preset "nope" (known: agentmc, agentmc-0.1, default)`},
		{Flags{Spec: "s", Out: "o", Emit: "docs,pdf"}, `-emit: unknown emitter "pdf" (known: docs, sdk, go)`},
		{Flags{Spec: "s", Out: "o", Config: "bad-emit.yaml"}, `bad-emit.yaml: emit: unknown emitter "pdf" (known: docs, sdk, go)`},
		{Flags{Spec: "s", Out: "o", Config: "nope.yaml"}, "nope.yaml: no such configuration file"},
	}
	for _, tt := range tests {
		if _, err := Resolve(tt.flags, testEmitters); err == nil || err.Error() != tt.want {
			t.Errorf("%+v: error %v, want %q", tt.flags, err, tt.want)
		}
	}
}

func TestModulePath(t *testing.T) {
	for gomod, want := range map[string]string{
		"module example.com/a\n\ngo 1.22\n": "example.com/a",
		"// x\nmodule \"example.com/q\"\n":  "example.com/q",
		"go 1.22\n":                         "",
	} {
		if got := modulePath([]byte(gomod)); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", gomod, got, want)
		}
	}
}
