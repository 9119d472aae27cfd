// Package types emits src/generated/schema.ts, the TypeScript types of the
// normalised spec exactly as openapi-typescript 7.13.0 prints them with its
// default options, without the empty webhooks and $defs aliases
// (FORMAT.md §10).
package types

import (
	"fmt"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/output"
)

// Path is where the types are written, relative to the output folder.
const Path = "src/generated/schema.ts"

// Info registers the emitter.
var Info = emit.Info{Name: "types", Emit: Emit}

// Emit writes schema.ts from the model's normalised document.
func Emit(ctx *emit.Context, out *output.Set) error {
	data, err := Generate(ctx.API.Spec)
	if err != nil {
		return err
	}
	_, err = out.Add(Path, data)
	return err
}

// Generate returns schema.ts for a normalised document. The document is
// not changed.
func Generate(doc *ecma.Object) ([]byte, error) {
	g := &gen{root: doc}
	data, err := g.document()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Path, err)
	}
	return data, nil
}
