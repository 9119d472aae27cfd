// Package sdk emits the TypeScript SDK examples (examples/http/<id>.ts)
// and the operation model as a TypeScript module (operations.ts).
package sdk

import (
	"bytes"
	"path"

	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/render"
)

// ExamplesDir is the folder of the examples, relative to the output folder.
const ExamplesDir = "examples/http"

// Info registers the emitter.
var Info = emit.Info{Name: "sdk", Emit: Emit, Owns: emit.Folders(ExamplesDir), Recognise: isExample}

// isExample reports whether a file has the layout of an SDK example.
func isExample(p string, data []byte) bool {
	return path.Ext(p) == ".ts" && bytes.HasPrefix(data, []byte("import { ")) &&
		bytes.Contains(data, []byte("await client.operations."))
}

// OperationsData is what operations.ts.tmpl receives.
type OperationsData struct {
	// Records is the operation model as JSON values (see model.Operation.Record).
	Records any
}

// Emit writes one example per operation and src/generated/operations.ts.
func Emit(ctx *emit.Context, out *output.Set) error {
	cfg := ctx.Config
	for _, op := range ctx.API.Operations {
		text, err := ctx.Templates.SDKExample(op, ctx.Calls[op].SDK, cfg.SDKPackage, cfg.SDKClient)
		if err != nil {
			return err
		}
		if _, err := out.Add(ExamplesDir+"/"+op.FileName+".ts", []byte(text+"\n")); err != nil {
			return err
		}
	}
	ts, err := ctx.Templates.Execute("operations.ts.tmpl", OperationsData{Records: render.Records(ctx.API)})
	if err != nil {
		return err
	}
	_, err = out.Add("src/generated/operations.ts", ts)
	return err
}
