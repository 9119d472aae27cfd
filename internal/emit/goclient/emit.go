// Package goclient is the go emitter: it writes the Go client package and
// the example programs that package golang generates from the model.
package goclient

import (
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/output"
)

// Info registers the emitter. Its files are removed when a manifest lists
// them; it recognises none without one.
var Info = emit.Info{Name: "go", Emit: Emit, Owns: func(cfg *config.Config) []string {
	// A package at the root (go: {out: .}) owns no folder: the manifest
	// names its stale files.
	if _, dir, _ := golang.Settings(cfg); dir != "." {
		return []string{dir, golang.ExamplesDir}
	}
	return []string{golang.ExamplesDir}
}}

// Emit writes the package and the examples.
func Emit(ctx *emit.Context, out *output.Set) error {
	code, err := ctx.Go()
	if err != nil {
		return err
	}
	client, err := code.Client()
	if err != nil {
		return err
	}
	examples, err := code.Examples()
	if err != nil {
		return err
	}
	for _, f := range append(client, examples...) {
		if _, err := out.Add(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}
