// Package spec emits the normalised spec, spec/openapi.filtered.json.
package spec

import (
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/output"
)

// Path is where the spec is written, relative to the output folder.
const Path = "spec/openapi.filtered.json"

// Info registers the emitter.
var Info = emit.Info{Name: "spec", Emit: Emit}

// Emit writes the normalised spec as two-space JSON with a final newline.
func Emit(ctx *emit.Context, out *output.Set) error {
	_, err := out.Add(Path, append(ecma.Marshal(ctx.API.Spec, true), '\n'))
	return err
}
