// Command agentmc-gen turns an OpenAPI spec into an API package: operation
// docs, index.json, TypeScript SDK examples, cURL examples and the
// operations table, byte for byte as @agentmc/api publishes them.
//
// Usage:
//
//	agentmc-gen generate [-spec FILE] [-out DIR] [-preset NAME] [flags]
//	agentmc-gen check    [same flags]   exit 1 when DIR is not up to date
//	agentmc-gen version
//
//go:generate go run . generate -config ../../agentmc-gen.yaml
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/emit/goclient"
	"github.com/agentmc/agentmc-gen/generator/write"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `agentmc-gen turns an OpenAPI 3.x spec into an API package.

Usage:
  agentmc-gen generate [flags]   write every artifact under the output folder
  agentmc-gen check [flags]      compare the output folder with what generate would write;
                                 exit 0 when identical, 1 when not (diffs shown), 2 on errors
  agentmc-gen version            print the version

Settings come from the preset, then the configuration file (agentmc-gen.yaml in the
current folder, or -config FILE), then the flags. Run 'agentmc-gen generate -h' for flags.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version":
		fmt.Fprintln(stdout, "agentmc-gen", version())
		return 0
	case "generate":
		return generate(args[1:], stdout, stderr, false)
	case "check":
		return generate(args[1:], stdout, stderr, true)
	}
	fmt.Fprintf(stderr, "agentmc-gen: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" {
		return "(devel)"
	}
	return info.Main.Version
}

// options are the flags of generate and check.
type options struct {
	configPath, spec, out, preset, templates, emit string
	goOut, goPackage                               string
}

func (o *options) flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.configPath, "config", "", "configuration `file` (default: "+config.FileName+" in the current folder, if present)")
	fs.StringVar(&o.spec, "spec", "", "the OpenAPI spec `file` (JSON or YAML)")
	fs.StringVar(&o.out, "out", "", "the output `folder`")
	fs.StringVar(&o.preset, "preset", "", "the layout: "+strings.Join(config.PresetNames(), ", ")+" (default agentmc)")
	fs.StringVar(&o.templates, "templates", "", "`folder` of templates overriding the embedded ones")
	fs.StringVar(&o.emit, "emit", "", "comma-separated `emitters` to run: "+strings.Join(config.Emitters, ", "))
	fs.StringVar(&o.goOut, "go-out", "", "`folder` of the Go client package, relative to the output folder (default go/<package>)")
	fs.StringVar(&o.goPackage, "go-package", "", "`name` of the Go client package (default agentmc)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: agentmc-gen %s [flags]\n\nFlags:\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// resolve builds the configuration: preset, then file, then flags.
func (o *options) resolve() (*config.Config, error) {
	var file *config.File
	path := o.configPath
	if path == "" {
		if _, err := os.Stat(config.FileName); err == nil {
			path = config.FileName
		}
	}
	if path != "" {
		f, err := config.ReadFile(path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such configuration file", path)
			}
			return nil, err
		}
		file = f
	}
	preset := "agentmc"
	if file != nil && file.Preset != "" {
		preset = file.Preset
	}
	if o.preset != "" {
		preset = o.preset
	}
	cfg, err := config.Preset(preset)
	if err != nil {
		return nil, fmt.Errorf("-preset: %v", err)
	}
	if file != nil {
		file.Apply(cfg)
		// Paths in the file are relative to the file's folder.
		base := filepath.Dir(file.Path)
		for _, p := range []*string{&cfg.Spec, &cfg.Out, &cfg.TemplatesDir} {
			if *p != "" && !filepath.IsAbs(*p) {
				*p = filepath.Join(base, *p)
			}
		}
	}
	for flagValue, field := range map[string]*string{o.spec: &cfg.Spec, o.out: &cfg.Out, o.templates: &cfg.TemplatesDir} {
		if flagValue != "" {
			*field = flagValue
		}
	}
	if o.emit != "" {
		cfg.Emit = strings.Split(o.emit, ",")
		for _, e := range cfg.Emit {
			if _, ok := generator.Emitters[e]; !ok {
				return nil, fmt.Errorf("-emit: unknown emitter %q (known: %s)", e, strings.Join(config.Emitters, ", "))
			}
		}
	}
	if o.goOut != "" {
		cfg.GoOut = o.goOut
	}
	if o.goPackage != "" {
		cfg.GoPackage = o.goPackage
	}
	if cfg.GoImport == "" && cfg.Out != "" {
		cfg.GoImport = goImportPath(cfg)
	}
	if cfg.Spec == "" {
		return nil, errors.New("no spec: pass -spec FILE or set spec in " + config.FileName)
	}
	if cfg.Out == "" {
		return nil, errors.New("no output folder: pass -out DIR or set out in " + config.FileName)
	}
	if fi, err := os.Stat(cfg.Out); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("-out %s: is a file, not a folder", cfg.Out)
	}
	return cfg, nil
}

// goImportPath derives the Go client's import path from the go.mod above
// the output folder, or returns "" when there is none.
func goImportPath(cfg *config.Config) string {
	_, dir, _ := goclient.Settings(cfg)
	abs, err := filepath.Abs(filepath.Join(cfg.Out, filepath.FromSlash(dir)))
	if err != nil {
		return ""
	}
	for root := filepath.Dir(abs); ; root = filepath.Dir(root) {
		if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
			mod := modulePath(data)
			rel, err := filepath.Rel(root, abs)
			if mod == "" || err != nil {
				return ""
			}
			return mod + "/" + filepath.ToSlash(rel)
		}
		if filepath.Dir(root) == root {
			return ""
		}
	}
}

// modulePath reads the module directive of a go.mod file.
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

func generate(args []string, stdout, stderr io.Writer, check bool) int {
	name, failCode := "generate", 1
	if check {
		name, failCode = "check", 2
	}
	var o options
	fs := o.flags(name, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return failCode
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "agentmc-gen %s: unexpected argument %q\n", name, fs.Arg(0))
		return failCode
	}
	start := time.Now()
	cfg, err := o.resolve()
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen %s: %v\n", name, err)
		return failCode
	}
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen %s: %v\n", name, err)
		return failCode
	}
	plan, err := write.NewPlan(cfg.Out, res.Files, generator.OwnedDirs(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen %s: %v\n", name, err)
		return failCode
	}
	if check {
		return report(plan, stdout)
	}
	if err := plan.Apply(); err != nil {
		fmt.Fprintf(stderr, "agentmc-gen generate: writing %s: %v\n", cfg.Out, err)
		return 1
	}
	fmt.Fprintf(stdout, "agentmc-gen: %d operations, %d files in %s: %d written, %d unchanged, %d removed (%s)\n",
		len(res.API.Operations), res.Files.Len(), cfg.Out, len(plan.Create)+len(plan.Update), len(plan.Unchanged),
		len(plan.Remove), time.Since(start).Round(time.Millisecond))
	return 0
}

// report prints what check found and returns its exit code.
func report(plan *write.Plan, stdout io.Writer) int {
	if len(plan.Create)+len(plan.Update)+len(plan.Remove) == 0 {
		fmt.Fprintf(stdout, "agentmc-gen check: %s is up to date (%d files)\n", plan.Dir, len(plan.Unchanged))
		return 0
	}
	for _, p := range plan.Update {
		old, _ := os.ReadFile(filepath.Join(plan.Dir, filepath.FromSlash(p)))
		text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(old)), B: difflib.SplitLines(string(plan.Set.Get(p).Data)),
			FromFile: "a/" + p, ToFile: "b/" + p, Context: 3,
		})
		fmt.Fprint(stdout, text)
	}
	for _, p := range plan.Create {
		fmt.Fprintf(stdout, "missing: %s\n", p)
	}
	for _, p := range plan.Remove {
		fmt.Fprintf(stdout, "stale: %s\n", p)
	}
	fmt.Fprintf(stdout, "agentmc-gen check: %s is out of date: %d changed, %d missing, %d stale; run agentmc-gen generate\n",
		plan.Dir, len(plan.Update), len(plan.Create), len(plan.Remove))
	return 1
}
