// Command agentmc-gen turns an OpenAPI spec into an API package: operation
// docs, index.json, TypeScript SDK examples, cURL examples and the
// operations table, byte for byte as @agentmc/api publishes them.
//
// Usage:
//
//	agentmc-gen generate [-spec FILE] [-out DIR] [-preset NAME] [flags]
//	agentmc-gen check    [same flags]   exit 1 when DIR is not up to date
//	agentmc-gen lint     [same flags]   parse the generated pages; exit 1 on findings
//	agentmc-gen serve    [-addr HOST:PORT] [same flags]   live preview of the docs site
//	agentmc-gen diff     [-format F] [-fail-on L] OLD NEW   API changes between two specs
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

	"github.com/pmezard/go-difflib/difflib"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/emit/spec"
	"github.com/agentmc/agentmc-gen/generator/lint"
	"github.com/agentmc/agentmc-gen/generator/serve"
	"github.com/agentmc/agentmc-gen/generator/specdiff"
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
}

func (o *options) flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.Define(fs, generator.EmitterNames())
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
	for _, w := range res.API.Warnings {
		fmt.Fprintf(stderr, "agentmc-gen %s: warning: %s\n", name, w)
	}
	plan, err := write.NewPlan(cfg.Out, res.Files, generator.Owned(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "agentmc-gen %s: %v\n", name, err)
		return failCode
	}
	if check {
		return report(plan, stdout)
	}
	if plan.Changed() {
		if plan, err = apply(cfg, res, plan, o.lockWait, stderr); err != nil {
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

// errInterrupted marks a run stopped by SIGINT or SIGTERM.
var errInterrupted = errors.New("interrupted")

// apply takes the output folder's lock, plans again under it (another run
// may have written meanwhile) and writes. SIGINT and SIGTERM are caught
// from here on: before any file is replaced they stop the run with the
// folder as it was; once the renames began, the run finishes first.
func apply(cfg *config.Config, res *generator.Result, plan *write.Plan, wait time.Duration, stderr io.Writer) (*write.Plan, error) {
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
	if plan, err = write.NewPlan(cfg.Out, res.Files, generator.Owned(cfg)); err != nil {
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

// report prints what check found and returns its exit code. It shows
// diffs of regular files only, never of what a link points to, a special
// file or a file larger than any generated one; a file whose only
// difference is CRLF line endings is named, not diffed.
func report(plan *write.Plan, stdout io.Writer) int {
	if len(plan.Create)+len(plan.Update)+len(plan.Remove)+len(plan.Leftovers) == 0 {
		fmt.Fprintf(stdout, "agentmc-gen check: %s is up to date (%d files)\n", plan.Dir, len(plan.Unchanged))
		return 0
	}
	apiOverview(plan, stdout)
	notDiffed := map[string]string{}
	for _, p := range plan.LineEndings {
		notDiffed[p] = "line endings: %s (CRLF on disk, LF generated; the content is the same)\n"
	}
	for _, p := range plan.TooLarge {
		notDiffed[p] = "changed: %s (larger than any generated file; not read)\n"
	}
	for _, pr := range plan.Problems {
		if slices.Contains(plan.Update, pr.Path) {
			notDiffed[pr.Path] = "changed: %s " + strings.ReplaceAll("("+pr.What+")", "%", "%%") + "\n"
		}
	}
	for _, p := range plan.Update {
		if format, ok := notDiffed[p]; ok {
			fmt.Fprintf(stdout, format, p)
			continue
		}
		text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(plan.Old(p))), B: difflib.SplitLines(string(plan.Set.Get(p).Data)),
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
	for _, p := range plan.Leftovers {
		fmt.Fprintf(stdout, "leftover: %s (of an interrupted run; generate removes it)\n", p)
	}
	for _, pr := range plan.Problems {
		if slices.Contains(plan.Remove, pr.Path) {
			fmt.Fprintf(stdout, "problem: %s\n", pr)
		}
	}
	summary := fmt.Sprintf("%d changed, %d missing, %d stale", len(plan.Update), len(plan.Create), len(plan.Remove))
	if len(plan.Leftovers) > 0 {
		summary += fmt.Sprintf(", %d leftover", len(plan.Leftovers))
	}
	if n := len(plan.LineEndings); n > 0 && n == len(plan.Update) && len(plan.Create)+len(plan.Remove)+len(plan.Leftovers) == 0 {
		fmt.Fprintf(stdout, "agentmc-gen check: %s differs only in line endings (%d files with CRLF): the checkout converted them; "+
			"mark the folder `-text` in .gitattributes (see README) and check out again\n", plan.Dir, n)
		return 1
	}
	fmt.Fprintf(stdout, "agentmc-gen check: %s is out of date: %s; run agentmc-gen generate\n", plan.Dir, summary)
	return 1
}

// apiOverview prints, before the file diffs of check, the API changes from
// the spec last generated (the spec emitter's copy in the output folder)
// to the current one, when that copy is out of date.
func apiOverview(plan *write.Plan, stdout io.Writer) {
	if !slices.Contains(plan.Update, spec.Path) {
		return
	}
	// The plan read it as a regular file inside the folder (nil otherwise).
	old := plan.Old(spec.Path)
	if old == nil {
		return
	}
	r, err := specdiff.Compare(specdiff.Spec{Name: filepath.Join(plan.Dir, spec.Path), Data: old},
		specdiff.Spec{Name: "the spec", Data: plan.Set.Get(spec.Path).Data}, specdiff.Options{})
	if err != nil {
		fmt.Fprintf(stdout, "API changes: cannot compare: %v\n", err)
		return
	}
	r.WriteOverview(stdout)
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
			fmt.Fprintf(stderr, "agentmc-gen lint: %v\n", err)
			return 2
		}
		findings = lint.Set(res.Files)
		what = fmt.Sprintf("%d operations generated from %s", len(res.API.Operations), cfg.Spec)
	}
	for _, f := range findings {
		p := filepath.Join(cfg.Out, filepath.FromSlash(f.File))
		if *format == "github" {
			fmt.Fprintf(stdout, "::error file=%s,line=%d,title=agentmc-gen lint (%s)::%s\n", p, f.Line, f.Rule, f.Message)
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
	fs.StringVar(&o.Preset, "preset", "", "the layout: "+strings.Join(config.PresetNames(), ", ")+" (default agentmc)")
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
