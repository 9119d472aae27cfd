// Command agentmc-gen turns an OpenAPI spec into an API package: operation
// docs, index.json, TypeScript SDK examples, cURL examples and the
// operations table, byte for byte as @agentmc/api publishes them.
//
// Usage:
//
//	agentmc-gen generate [-spec FILE] [-out DIR] [-preset NAME] [flags]
//	agentmc-gen check    [same flags] [-format text|github]   exit 1 when DIR is not up to date
//	agentmc-gen lint     [same flags]   parse the generated pages; exit 1 on findings
//	agentmc-gen serve    [-addr HOST:PORT] [same flags]   live preview of the docs site
//	agentmc-gen diff     [-format F] [-fail-on L] OLD NEW   API changes between two specs
//	agentmc-gen mock     [-addr HOST:PORT] [-site] [same flags]   validating mock server of the API
//	agentmc-gen version
//
//go:generate go run . generate -config ../../agentmc-gen.yaml
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/changelog"
	"github.com/agentmc/agentmc-gen/internal/drift"
	"github.com/agentmc/agentmc-gen/internal/lint"
	"github.com/agentmc/agentmc-gen/internal/mock"
	"github.com/agentmc/agentmc-gen/internal/serve"
	"github.com/agentmc/agentmc-gen/internal/specdiff"
	"github.com/agentmc/agentmc-gen/internal/write"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `agentmc-gen turns an OpenAPI 3.x spec into an API package.

Usage:
  agentmc-gen generate [flags]   write every artifact under the output folder
  agentmc-gen check [flags]      compare the output folder with what generate would write;
                                 exit 0 when identical, 1 when not, 2 on errors: the API changes
                                 first, then diffs (long lines cut); -format github annotates
  agentmc-gen lint [flags]       parse every generated page with goldmark and report, as file:line,
                                 broken tables, open fences, dead links, operations missing from
                                 the index and JSON blocks that do not parse; exit 1 on findings
                                 (-dir lints the output folder as written, -format github annotates)
  agentmc-gen serve [flags]      serve the docs site at -addr (default 127.0.0.1:8080), regenerate
                                 it when the spec, the templates or the configuration change;
                                 open pages reload by themselves
  agentmc-gen diff [flags] OLD NEW
                                 the API changes from spec OLD to spec NEW (files, or git:REV:PATH
                                 read with git show): breaking, warning, info, plus the incompatible
                                 changes of the generated Go client when the configuration emits go;
                                 -format text|markdown|json|github, -fail-on breaking|warning|never;
                                 exit 0 when nothing reaches the fail level, 1 when something does, 2 on errors
  agentmc-gen mock [flags]       serve the spec's operations at -addr (default 127.0.0.1:4010) under
                                 its base path: requests validated (problem+json listing every failure),
                                 answers from the documented examples, chosen with Prism's
                                 Prefer: code=…, example=…, dynamic=true, seed=…; reloads on spec change;
                                 -site also serves the docs site at / from the same origin
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
	case "lint":
		return lintCmd(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "diff":
		return diffCmd(args[1:], stdout, stderr)
	case "mock":
		return mockCmd(args[1:], stdout, stderr)
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

// options are the flags of generate, check, lint and serve.
type options struct {
	config.Flags
	lockWait time.Duration
	format   string // check's report format
}

func (o *options) flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.Define(fs, generator.EmitterNames())
	if name == "check" {
		fs.StringVar(&o.format, "format", "text", "report `format`: text (API changes, then diffs), or github (workflow annotations)")
	}
	if name == "generate" {
		fs.DurationVar(&o.lockWait, "lock-wait", write.DefaultLockWait, "how long to wait for another run writing the output folder")
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: agentmc-gen %s [flags]\n\nFlags:\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// resolve builds the configuration: preset, then file, then flags.
func (o *options) resolve() (*config.Config, error) {
	return config.Resolve(o.Flags, generator.EmitterNames())
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
	if check && !slices.Contains(drift.Formats, o.format) {
		fmt.Fprintf(stderr, "agentmc-gen check: -format %q: want %s\n", o.format, strings.Join(drift.Formats, " or "))
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
		printProblems(stderr, name, err)
		return failCode
	}
	printProblems(stderr, name, res.Warnings)
	plan, err := planOutput(cfg, res, false)
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen %s: %v\n", name, err)
		return failCode
	}
	if check {
		return drift.Write(stdout, plan, drift.Options{Format: o.format, SpecFile: cfg.Spec})
	}
	if plan.Changed() {
		if plan, err = apply(cfg, res, o.lockWait, stderr); err != nil {
			fmt.Fprintf(stderr, "agentmc-gen generate: %v\n", err)
			if errors.Is(err, errInterrupted) {
				return 130
			}
			return 1
		}
	}
	fmt.Fprintf(stdout, "agentmc-gen: %d operations, %d files in %s: %d written, %d unchanged, %d removed (%s)\n",
		len(res.API.Operations), res.Files.Len(), cfg.Out, len(plan.Create)+len(plan.Update), len(plan.Unchanged),
		len(plan.Remove), time.Since(start).Round(time.Millisecond))
	return 0
}

// planOutput adds the changelog, computed from what the output folder
// holds (again: a second time, under the lock), and plans the writes.
func planOutput(cfg *config.Config, res *generator.Result, again bool) (*write.Plan, error) {
	record, err := changelog.Add(cfg, res.Files, again)
	if err != nil {
		return nil, err
	}
	plan, err := write.NewPlan(cfg.Out, res.Files, generator.Owned(cfg))
	if err == nil && record != nil {
		plan.RecordSpec(record)
	}
	return plan, err
}

// printProblems prints an error, or the warnings of a run, one problem a
// line ("agentmc-gen generate: spec.yaml: warning: operation …").
func printProblems(stderr io.Writer, cmd string, err error) {
	if err == nil || err.Error() == "" {
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "agentmc-gen %s: %s\n", cmd, line)
	}
}

// errInterrupted marks a run stopped by SIGINT or SIGTERM.
var errInterrupted = errors.New("interrupted")

// apply takes the output folder's lock, plans again under it (another run
// may have written meanwhile) and writes. SIGINT and SIGTERM are caught
// from here on: before any file is replaced they stop the run with the
// folder as it was; once the renames began, the run finishes first.
func apply(cfg *config.Config, res *generator.Result, wait time.Duration, stderr io.Writer) (*write.Plan, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	unlock, err := write.Lock(ctx, cfg.Out, wait)
	if err != nil {
		if errors.Is(err, write.ErrInterrupted) {
			err = fmt.Errorf("%w while waiting for the lock; %s is unchanged", errInterrupted, cfg.Out)
		}
		return nil, err
	}
	defer unlock()
	plan, err := planOutput(cfg, res, true)
	if err != nil {
		return nil, err
	}
	for _, pr := range plan.Problems {
		done := "replaced by the generated file"
		if slices.Contains(plan.Remove, pr.Path) {
			done = "removed as stale (the entry, not what it points to)"
		}
		if !pr.Fatal {
			fmt.Fprintf(stderr, "agentmc-gen generate: %s: %s; %s\n",
				filepath.Join(cfg.Out, filepath.FromSlash(pr.Path)), strings.TrimSuffix(pr.What, "; not read"), done)
		}
	}
	err = plan.ApplyContext(ctx)
	switch {
	case errors.Is(err, write.ErrInterrupted):
		return nil, fmt.Errorf("%w before any file was replaced; %s is unchanged", errInterrupted, cfg.Out)
	case err != nil:
		return nil, fmt.Errorf("writing %s: %v", cfg.Out, err)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%w while replacing files; finished: %s is up to date", errInterrupted, cfg.Out)
	}
	return plan, nil
}

// lintCmd generates the pages in memory (or reads them from the output
// folder with -dir), parses each with goldmark and reports every finding
// as file:line. Exit 0 when clean, 1 on findings, 2 on errors.
func lintCmd(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := o.flags("lint", stderr)
	onDisk := fs.Bool("dir", false, "lint the pages already written in the output folder instead of generating them")
	format := fs.String("format", "text", "findings `format`: text, or github (workflow annotations)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "agentmc-gen lint: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *format != "text" && *format != "github" {
		fmt.Fprintf(stderr, "agentmc-gen lint: -format %q: want text or github\n", *format)
		return 2
	}
	cfg, err := o.resolve()
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen lint: %v\n", err)
		return 2
	}
	var findings []lint.Finding
	what := cfg.Out
	if *onDisk {
		if findings, err = lint.Dir(cfg.Out); err != nil {
			fmt.Fprintf(stderr, "agentmc-gen lint: %v\n", err)
			return 2
		}
	} else {
		if !slices.Contains(cfg.Emit, "docs") {
			cfg.Emit = append(cfg.Emit, "docs")
		}
		res, err := generator.GenerateFile(cfg)
		if err != nil {
			printProblems(stderr, "lint", err)
			return 2
		}
		printProblems(stderr, "lint", res.Warnings)
		findings = lint.Set(res.Files)
		what = fmt.Sprintf("%d operations generated from %s", len(res.API.Operations), cfg.Spec)
	}
	for _, f := range findings {
		p := filepath.Join(cfg.Out, filepath.FromSlash(f.File))
		if *format == "github" {
			io.WriteString(stdout, specdiff.GitHubCommand("error", specdiff.Location{File: p, Line: f.Line}, "agentmc-gen lint ("+f.Rule+")", f.Message))
		} else {
			fmt.Fprintf(stdout, "%s:%d: %s (%s)\n", p, f.Line, f.Message, f.Rule)
		}
	}
	if len(findings) > 0 {
		fmt.Fprintf(stdout, "agentmc-gen lint: %d findings in %s\n", len(findings), what)
		return 1
	}
	fmt.Fprintf(stdout, "agentmc-gen lint: no findings in %s\n", what)
	return 0
}

// serveCmd serves the docs site from memory, regenerating it when the spec,
// the templates or the configuration change, until interrupted.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := o.flags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	poll := fs.Duration("poll", serve.DefaultInterval, "how often the spec and the templates are checked for changes")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "agentmc-gen serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if o.Out == "" {
		o.Out = "." // serve writes nothing; the output folder is not needed
	}
	cfg, err := o.resolve()
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen serve: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen serve: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := serve.New(serve.Options{Config: cfg, Resolve: o.resolve, Interval: *poll, Log: stderr})
	go s.Run(ctx)
	srv := &http.Server{Handler: serve.LocalOnly(ln.Addr(), s), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	fmt.Fprintf(stdout, "agentmc-gen serve: http://%s/ (watching %s", ln.Addr(), cfg.Spec)
	if cfg.TemplatesDir != "" {
		fmt.Fprintf(stdout, " and %s", cfg.TemplatesDir)
	}
	fmt.Fprintln(stdout, "; Ctrl+C stops)")
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "agentmc-gen serve: %v\n", err)
		return 1
	}
	return 0
}

// diffCmd reports the API changes from one spec to another. The settings
// (preset, configuration file) only matter for the Go client's comparison.
func diffCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "report `format`: "+strings.Join(specdiff.Formats, ", "))
	failOn := fs.String("fail-on", "breaking", "exit 1 when a change reaches this `level`: breaking, warning, or never")
	withGo := fs.Bool("go", false, "compare the generated Go clients too (default: when the configuration emits go)")
	var o options
	fs.StringVar(&o.Config, "config", "", "configuration `file` (default: "+config.FileName+" in the current folder, if present)")
	fs.StringVar(&o.Preset, "preset", "", "the layout: "+strings.Join(config.PresetNames(), ", ")+" (default: "+config.DefaultPreset+", every setting from the spec)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: agentmc-gen diff [flags] OLD NEW   (a spec file, or git:REV:PATH)\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "agentmc-gen diff: %v\n", err)
		return 2
	}
	if fs.NArg() != 2 {
		return fail(fmt.Errorf("want two specs, OLD and NEW; got %d arguments", fs.NArg()))
	}
	if !slices.Contains(specdiff.Formats, *format) {
		return fail(fmt.Errorf("-format %q: want %s", *format, strings.Join(specdiff.Formats, ", ")))
	}
	level, err := specdiff.ParseFailLevel(*failOn)
	if err != nil {
		return fail(fmt.Errorf("-fail-on %v", err))
	}
	o.Spec, o.Out = "-", "." // the configuration's spec and output folder are not used
	cfg, err := o.resolve()
	if err != nil {
		return fail(err)
	}
	var opts specdiff.Options
	goSet := false
	fs.Visit(func(f *flag.Flag) { goSet = goSet || f.Name == "go" })
	if (goSet && *withGo) || (!goSet && slices.Contains(cfg.Emit, "go")) {
		opts.GoConfig = cfg
	}
	var specs [2]specdiff.Spec
	for i, arg := range fs.Args() {
		if specs[i], err = specdiff.Read(arg); err != nil {
			return fail(err)
		}
	}
	report, err := specdiff.Compare(specs[0], specs[1], opts)
	if err != nil {
		return fail(err)
	}
	if err := report.Write(stdout, *format); err != nil {
		return fail(err)
	}
	if report.Reaches(level) {
		return 1
	}
	return 0
}

// mockCmd serves the validating mock of the spec's API on loopback,
// reloading it when the spec or the configuration change, until interrupted.
func mockCmd(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := o.flags("mock", stderr)
	addr := fs.String("addr", "127.0.0.1:4010", "`address` to listen on (loopback unless -allow-remote)")
	remote := fs.Bool("allow-remote", false, "allow a non-loopback -addr and any Host header")
	base := fs.String("base-path", "", "`path` the API answers under (default: the path of the spec's first server URL)")
	dynamic := fs.Bool("dynamic", false, "answer with examples synthesised from the schema (Prefer: dynamic=false turns it off)")
	seed := fs.Uint64("seed", 1, "seed of synthesised examples (Prefer: seed=N overrides)")
	poll := fs.Duration("poll", serve.DefaultInterval, "how often the spec is checked for changes")
	withSite := fs.Bool("site", false, "serve the docs site at / (live, as serve does) and the API under its base path")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int { fmt.Fprintf(stderr, "agentmc-gen mock: %v\n", err); return 2 }
	if fs.NArg() > 0 {
		return fail(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if !*remote && !mock.IsLoopback(*addr) {
		return fail(fmt.Errorf("-addr %s: not a loopback address; pass -allow-remote to serve other hosts", *addr))
	}
	if o.Out == "" {
		o.Out = "." // mock writes nothing
	}
	cfg, err := o.resolve()
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(err)
	}
	s := mock.NewServer(mock.ServerOptions{Config: cfg, Resolve: o.resolve, Interval: *poll,
		Mock: mock.Options{BasePath: *base, Dynamic: *dynamic, Seed: *seed, Log: stderr}})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go s.Run(ctx)
	var h http.Handler = s
	if *withSite {
		pages := serve.New(serve.Options{Config: cfg, Resolve: o.resolve, Interval: *poll, Log: stderr})
		go pages.Run(ctx)
		h = mock.WithSite(s, pages)
	}
	if !*remote {
		h = mock.LoopbackHosts(h, ln.Addr())
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	served := *base
	if m, _ := s.Handler(); m != nil {
		served = m.BasePath()
	}
	sitePart := ""
	if *withSite {
		sitePart = fmt.Sprintf(", site http://%s/", ln.Addr())
	}
	fmt.Fprintf(stdout, "agentmc-gen mock: API http://%s%s/%s (watching %s; Ctrl+C stops)\n", ln.Addr(), served, sitePart, cfg.Spec)
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "agentmc-gen mock: %v\n", err)
		return 1
	}
	return 0
}
