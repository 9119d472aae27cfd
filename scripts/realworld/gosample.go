package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/suite/vet"
	"golang.org/x/tools/go/packages"
)

// The Go sample: the Go client of each sampled document, generated alone
// (-emit go), is compiled with go build and then type-checked and vetted
// with its example programs (one //go:build example main package per
// operation).
//
// Clients are checked in batches: each batch is one module holding one
// folder per client (c000, c001, …; the examples import their client
// through that module's path). One go build ./... compiles the batch's
// client packages (the examples are excluded by their build tag, so
// nothing is linked), then one in-process load (go/packages, one go list
// call) type-checks every package of the batch from source and runs the
// analyzers of go vet on them (golang.org/x/tools/go/analysis/suite/vet,
// the suite cmd/vet runs). One go vet process per example package spends
// most of its time loading the client's export data again and again, and
// go build links every main package (about a second each); this checks the
// same packages with the same analyzers several times faster.

type compileResult struct {
	Doc      string
	OK       bool
	Stage    string `json:",omitempty"` // generate, build or vet
	Error    string `json:",omitempty"`
	Packages int    // packages type-checked and vetted: the client and its example programs
	Examples int    // of which example programs
}

// goSample is what the Go sample came to.
type goSample struct {
	Clients []compileResult
	Batches int
	Time    time.Duration
}

const sampleModule = "example.com/realworld"

// compileSample checks the Go clients of the first o.sample generated
// documents in the run's fixed shuffled order.
func compileSample(o *options, bin string, order []string, results []result) goSample {
	start := time.Now()
	var picked []string
	for i, r := range results {
		if r.Outcome == generated && len(picked) < o.sample {
			picked = append(picked, order[i])
		}
	}
	s := goSample{Clients: make([]compileResult, len(picked))}
	var b *batch
	flush := func() {
		if b != nil {
			defer os.RemoveAll(b.dir)
		}
		if b != nil && len(b.clients) > 0 {
			s.Batches++
			b.check(o, s.Clients)
			ok := 0
			for _, c := range s.Clients[:b.clients[len(b.clients)-1]+1] {
				if c.OK {
					ok++
				}
			}
			fmt.Fprintf(os.Stderr, "[go batch %d] clients %d/%d checked, %d ok, %s\n", s.Batches, b.clients[len(b.clients)-1]+1, len(picked), ok, time.Since(start).Round(time.Second))
		}
		b = nil
	}
	for i, doc := range picked {
		if b == nil {
			dir, err := os.MkdirTemp(o.tmp, "realworld-go-*")
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+sampleModule+"\n\ngo 1.26\n"), 0o644)
			}
			if err != nil {
				s.Clients[i] = compileResult{Doc: rel(o.cache, doc), Stage: "setup", Error: err.Error()}
				continue
			}
			b = &batch{dir: dir}
		}
		c := &s.Clients[i]
		c.Doc = rel(o.cache, doc)
		_, stderr, _, err := runBounded(o.timeout, b.dir, bin, "generate", "-spec", doc, "-out", clientDir(i), "-emit", "go")
		if err != nil {
			c.Stage, c.Error = "generate", errorText(stderr, err)
			os.RemoveAll(filepath.Join(b.dir, clientDir(i))) // nothing of it is checked
			continue
		}
		examples, _ := os.ReadDir(filepath.Join(b.dir, clientDir(i), "examples", "go"))
		c.Examples = len(examples)
		b.clients = append(b.clients, i)
		b.packages += 1 + len(examples)
		if b.packages >= o.batch {
			flush()
		}
	}
	flush()
	s.Time = time.Since(start)
	return s
}

func clientDir(i int) string { return fmt.Sprintf("c%03d", i) }

// clientOf is the index of the client a package of a batch belongs to, from
// its import path (example.com/realworld/c012/…), or -1.
func clientOf(pkgPath string) int {
	rest, ok := strings.CutPrefix(pkgPath, sampleModule+"/c")
	if !ok {
		return -1
	}
	var i int
	if _, err := fmt.Sscanf(rest, "%03d", &i); err != nil {
		return -1
	}
	return i
}

type batch struct {
	dir      string
	clients  []int // indexes into the sample
	packages int
}

// check builds and vets the batch and fills in the results of its clients.
func (b *batch) check(o *options, out []compileResult) {
	fail := func(i int, stage, msg string) {
		if c := &out[i]; c.Stage == "" {
			c.Stage, c.Error = stage, msg
		} else if c.Stage == stage && strings.Count(c.Error, "\n") < 20 {
			c.Error += "\n" + msg
		}
	}
	if _, stderr, _, err := runBounded(o.buildTimeout, b.dir, "go", "build", "./..."); err != nil {
		// Tell the clients apart: build each alone (the cache keeps what built).
		for _, i := range b.clients {
			if _, stderr, _, err := runBounded(o.buildTimeout, b.dir, "go", "build", "./"+clientDir(i)+"/..."); err != nil {
				fail(i, "build", errorText(stderr, err))
			}
		}
		if msg := errorText(stderr, err); !anyFailed(out, b.clients) {
			for _, i := range b.clients {
				fail(i, "build", msg)
			}
		}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: b.dir}
	if o.examples {
		cfg.BuildFlags = []string{"-tags", "example"}
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		for _, i := range b.clients {
			fail(i, "vet", "loading the packages: "+err.Error())
		}
		return
	}
	for _, p := range pkgs {
		i := clientOf(p.PkgPath)
		if i < 0 {
			continue
		}
		out[i].Packages++
		for _, e := range p.Errors {
			fail(i, "vet", strings.ReplaceAll(e.Error(), b.dir+string(filepath.Separator), ""))
		}
	}
	graph, err := checker.Analyze(vet.Suite, pkgs, nil)
	if err != nil && graph == nil {
		for _, i := range b.clients {
			fail(i, "vet", err.Error())
		}
		return
	}
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		i := clientOf(act.Package.PkgPath)
		if i < 0 {
			continue
		}
		if act.Err != nil && len(act.Package.Errors) == 0 { // else: "analysis skipped due to errors"
			fail(i, "vet", act.Analyzer.Name+": "+act.Err.Error())
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			pos.Filename = rel(b.dir, pos.Filename)
			fail(i, "vet", fmt.Sprintf("%s: %s (%s)", pos, d.Message, act.Analyzer.Name))
		}
	}
	for _, i := range b.clients {
		if out[i].Packages == 0 {
			fail(i, "vet", "no Go package loaded")
		}
		out[i].OK = out[i].Stage == ""
	}
}

func anyFailed(out []compileResult, clients []int) bool {
	for _, i := range clients {
		if out[i].Stage != "" {
			return true
		}
	}
	return false
}

func errorText(stderr string, err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	if s := strings.TrimSpace(stderr); s != "" {
		return s
	}
	return err.Error()
}
