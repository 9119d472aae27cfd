// Package docs emits the operation pages (docs/operations/<id>.md), their
// index table (README.md) and the operation model as JSON (index.json).
// The pages are rendered by package render, which the site shares.
package docs

import (
	"bytes"
	"path"

	"github.com/agentmc/agentmc-gen/internal/emit"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/render"
)

// Dir is the folder of the pages, relative to the output folder.
const Dir = render.DocsDir

// Info registers the emitter.
var Info = emit.Info{Name: "docs", Emit: Emit, Owns: emit.Folders(Dir), Recognise: isPage}

// isPage reports whether a file has the layout of an operation page.
func isPage(p string, data []byte) bool {
	return path.Ext(p) == ".md" && bytes.HasPrefix(data, []byte("# ")) &&
		bytes.Contains(data, []byte("\n- Method: `")) && bytes.Contains(data, []byte("\n## SDK Example\n"))
}

// Emit writes the pages, README.md and index.json.
func Emit(ctx *emit.Context, out *output.Set) error {
	d := ctx.Docs()
	for _, op := range ctx.API.Operations {
		page, err := ctx.Templates.OperationPage(ctx.API, op, d)
		if err != nil {
			return err
		}
		if _, err := out.Add(Dir+"/"+op.FileName+".md", page); err != nil {
			return err
		}
	}
	readme, err := ctx.Templates.DocsIndex(ctx.API, d)
	if err != nil {
		return err
	}
	if _, err := out.Add(Dir+"/README.md", readme); err != nil {
		return err
	}
	_, err = out.Add(Dir+"/index.json", render.IndexJSON(ctx.API))
	return err
}
