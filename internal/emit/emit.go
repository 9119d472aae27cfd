// Package emit defines what every emitter is: a function from the model to
// files in an output set, and the facts the rest of the tool needs about it.
package emit

import (
	"strings"
	"sync"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/render"
)

// Context is what an emitter reads: the model, the configuration, the
// templates, and what libraries derive from them, derived once per run.
// An emitter never reads another emitter's files.
type Context struct {
	API    *model.API
	Config *config.Config
	// Calls are the operations' call examples, made once for the run.
	Calls     calls.Set
	Templates *render.Templates

	goOnce sync.Once
	goCode *golang.Code
	goErr  error
}

// Go returns the Go code of the run (package golang), derived on the first
// call: the go emitter writes it and the site shows its example programs,
// and a run that emits both derives and renders it once.
func (c *Context) Go() (*golang.Code, error) {
	c.goOnce.Do(func() { c.goCode, c.goErr = golang.New(c.API, c.Config) })
	return c.goCode, c.goErr
}

// Docs are the settings of the operation pages, which the docs emitter
// writes and the site renders.
func (c *Context) Docs() render.Docs {
	cfg := c.Config
	d := render.Docs{Title: cfg.DocsTitle, SpecPath: cfg.SpecPath, SDKPackage: cfg.SDKPackage, SDKClient: cfg.SDKClient, Calls: c.Calls}
	if cfg.CurlOnPages {
		d.Curl = func(op *model.Operation) string {
			return strings.Join(calls.CurlLines(c.Calls[op].Curl, cfg.BaseURL, ""), "\n")
		}
	}
	return d
}

// Emitter writes one kind of artifact into out.
type Emitter func(ctx *Context, out *output.Set) error

// Info describes an emitter to the registry (generator.Registry), the one
// list the configuration, the flags, the run and the writer read.
type Info struct {
	// Name is the emitter's name in emit: and -emit.
	Name string
	// Emit writes the emitter's files.
	Emit Emitter
	// Owns lists the folders, relative to the output folder, the emitter
	// writes whole: a stale file in them is the emitter's to remove.
	Owns func(cfg *config.Config) []string
	// Recognise reports whether a file in an owned folder that no manifest
	// lists (an output folder written before manifests) has the layout of
	// the emitter's files, and so is removed when stale. Nil recognises
	// nothing: only files the manifest lists are removed.
	Recognise func(path string, data []byte) bool
}

// Folders returns a fixed Owns list.
func Folders(dirs ...string) func(*config.Config) []string {
	return func(*config.Config) []string { return dirs }
}
