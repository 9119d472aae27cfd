// Package generator runs the pipeline: load the spec, normalise it, build
// the model, and let each emitter write its files into one output set.
//
//	bytes ─load→ document ─normalize→ document ─model.Build→ API ─calls.Build→ API, calls ─emit/*→ files
package generator

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/emit/curl"
	"github.com/agentmc/agentmc-gen/internal/emit/docs"
	"github.com/agentmc/agentmc-gen/internal/emit/goclient"
	"github.com/agentmc/agentmc-gen/internal/emit/sdk"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/emit/spec"
	"github.com/agentmc/agentmc-gen/internal/emit/types"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/load"
	"github.com/agentmc/agentmc-gen/internal/normalize"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/render"
	"github.com/agentmc/agentmc-gen/internal/write"
)

// Registry lists every emitter: the names emit: and -emit accept, the
// folders the writer may clean, and the run order (registry order,
// whatever the order of emit:). No emitter needs another: each reads only
// the model, so the order changes no byte (TestEmitterOrder). A new emitter
// is one line here.
var Registry = []emit.Info{docs.Info, sdk.Info, spec.Info, types.Info, curl.Info, goclient.Info, site.Info}

// EmitterNames lists the registry's names, in order.
func EmitterNames() []string {
	names := make([]string, len(Registry))
	for i, e := range Registry {
		names[i] = e.Name
	}
	return names
}

// Result is the outcome of one run.
type Result struct {
	API   *model.API
	Files *output.Set
	// SpecFiles are the files the spec was read from, cfg.Spec first.
	SpecFiles []string
	// Warnings are the problems that did not stop the run, each naming the
	// spec file (errors come as the model.Problems error of the run).
	Warnings model.Problems
}

// GenerateFile reads cfg.Spec, and the files its references name within
// its folder, and generates from them. A load error is a *load.Error
// listing the files read or tried.
func GenerateFile(cfg *config.Config) (*Result, error) {
	doc, err := load.File(cfg.Spec)
	if err != nil {
		return nil, err
	}
	return run(cfg, doc)
}

// Generate runs the whole pipeline on spec, the bytes of cfg.Spec held in
// memory, and returns every file in memory. Errors start with the spec's
// file name. A reference to another file is an error: a spec in memory has
// no folder to read from (GenerateFile reads split specs).
func Generate(cfg *config.Config, data []byte) (*Result, error) {
	doc, err := load.Bytes(specName(cfg), data)
	if err != nil {
		return nil, err
	}
	return run(cfg, doc)
}

func specName(cfg *config.Config) string {
	if cfg.Spec == "" {
		return "spec"
	}
	return cfg.Spec
}

func run(cfg *config.Config, doc *load.Document) (*Result, error) {
	if err := cfg.CheckEmbedded(); err != nil {
		return nil, err
	}
	name := specName(cfg)
	// A pointer into a part of a split spec names that part's file.
	fail := func(err error) (*Result, error) {
		if msg := doc.Explain(err.Error()); msg != err.Error() {
			return nil, fmt.Errorf("%s: %s", name, msg)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// Problems name the spec file, each on its own line.
	inFile := func(ps model.Problems) model.Problems {
		out := make(model.Problems, len(ps))
		for i, p := range ps {
			p.File = name
			p.Pointer = doc.Explain(p.Pointer)
			p.Message = doc.Explain(p.Message)
			out[i] = p
		}
		return out
	}

	unmatched, err := normalize.Apply(doc.Root, normalize.Options{
		Exclude: cfg.Exclude, Replacements: cfg.Replacements, DefaultErrorResponse: cfg.DefaultErrorResponse,
	})
	if err != nil {
		return fail(err)
	}
	var warnings model.Problems
	for _, e := range unmatched {
		warnings = append(warnings, model.Problem{Severity: model.Warning, Message: "exclude: " + model.ErrorText(e) + " matches no operation"})
	}
	api, err := model.Build(doc.Root, model.Overrides{
		OperationIDs: cfg.OperationIDs, Security: cfg.Security, SuffixFileNameClashes: cfg.SuffixFileNameClashes, Strict: cfg.Strict,
	})
	var problems model.Problems
	if errors.As(err, &problems) {
		return nil, inFile(append(warnings, problems...))
	}
	if err != nil {
		return fail(err)
	}
	warnings = append(warnings, api.Warnings...)
	// Settings left empty come from the spec, before anything reads them.
	if err := cfg.FillFromSpec(api.Title, api.Servers); err != nil {
		return fail(err)
	}
	if err := cfg.CheckEmbedded(); err != nil {
		return fail(err)
	}
	// The Go import path: the go emitter's package and the site's Go tab
	// both need it.
	if cfg.GoImport == "" && cfg.Out != "" {
		_, dir, _ := golang.Settings(cfg)
		cfg.GoImport = config.GoImportPath(cfg.Out, dir)
	}
	examples, err := calls.Build(api, cfg)
	if errors.As(err, &problems) {
		return nil, inFile(append(warnings, problems...))
	} else if err != nil {
		return fail(err)
	}

	if slices.Contains(cfg.Emit, "go") {
		for _, op := range api.Operations {
			if op.PrimaryRequestExample() != nil && golang.BodyIgnored(op.Method) {
				warnings = append(warnings, model.Problem{Severity: model.Warning, Pointer: op.Pointer + "/requestBody", Operation: op.Where(),
					Message: "the Go client leaves out the " + strings.ToUpper(op.Method) + " request body: HTTP gives it no meaning"})
			}
		}
	}

	tmpl, err := render.Load(cfg.TemplatesDir)
	if err != nil {
		return nil, err
	}
	ctx := &emit.Context{API: api, Config: cfg, Calls: examples, Templates: tmpl}
	names := EmitterNames()
	for _, name := range cfg.Emit {
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("unknown emitter %q (known: %s)", name, strings.Join(names, ", "))
		}
	}
	files := output.NewSet()
	for _, e := range Registry {
		if !slices.Contains(cfg.Emit, e.Name) {
			continue
		}
		if err := e.Emit(ctx, files); err != nil {
			return nil, fmt.Errorf("emitter %s: %w", e.Name, err)
		}
	}
	return &Result{API: api, Files: files, SpecFiles: doc.Files, Warnings: inFile(warnings)}, nil
}

// Owned lists the folders of every registered emitter, enabled or not,
// with its recogniser: without a manifest, the files an emitter turned off
// wrote are stale as they are with one.
func Owned(cfg *config.Config) []write.Owned {
	var owned []write.Owned
	for _, e := range Registry {
		if e.Owns == nil {
			continue
		}
		for _, dir := range e.Owns(cfg) {
			owned = append(owned, write.Owned{Dir: dir, Recognise: e.Recognise})
		}
	}
	return owned
}
