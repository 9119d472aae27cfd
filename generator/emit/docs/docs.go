// Package docs emits the operation pages (docs/operations/<id>.md), their
// index table (README.md) and the operation model as JSON (index.json).
package docs

import (
	"bytes"
	"path"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/calls"
	"github.com/agentmc/agentmc-gen/generator/emit"
	"github.com/agentmc/agentmc-gen/generator/jsontext"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/generator/output"
)

// Dir is the folder of the pages, relative to the output folder.
const Dir = "docs/operations"

// Info registers the emitter.
var Info = emit.Info{Name: "docs", Emit: Emit, Owns: emit.Folders(Dir), Recognise: isPage}

// isPage reports whether a file has the layout of an operation page.
func isPage(p string, data []byte) bool {
	return path.Ext(p) == ".md" && bytes.HasPrefix(data, []byte("# ")) &&
		bytes.Contains(data, []byte("\n- Method: `")) && bytes.Contains(data, []byte("\n## SDK Example\n"))
}

// PageData is what operation.md.tmpl receives.
type PageData struct {
	API       *model.API
	Operation *model.Operation
	// SDKExample is the rendered TypeScript example, without final newline.
	SDKExample string
	// Curl is the cURL command as printed on the page, or "" when the
	// layout has no cURL section.
	Curl string
}

// IndexData is what README.md.tmpl receives.
type IndexData struct {
	API *model.API
	// Title heads the page; SpecPath names the spec it was generated from.
	Title, SpecPath string
}

// Emit writes the pages, README.md and index.json.
func Emit(ctx *emit.Context, out *output.Set) error {
	cfg := ctx.Config
	for _, op := range ctx.API.Operations {
		sdk, err := ctx.Templates.SDKExample(op, cfg.SDKPackage, cfg.SDKClient)
		if err != nil {
			return err
		}
		data := PageData{API: ctx.API, Operation: op, SDKExample: sdk}
		if cfg.CurlOnPages {
			data.Curl = strings.Join(calls.CurlLines(op.Curl, cfg.BaseURL, ""), "\n")
		}
		page, err := ctx.Templates.Execute("operation.md.tmpl", data)
		if err != nil {
			return err
		}
		if _, err := out.Add(Dir+"/"+op.FileName+".md", page); err != nil {
			return err
		}
	}
	readme, err := ctx.Templates.Execute("README.md.tmpl", IndexData{API: ctx.API, Title: cfg.DocsTitle, SpecPath: cfg.SpecPath})
	if err != nil {
		return err
	}
	if _, err := out.Add(Dir+"/README.md", readme); err != nil {
		return err
	}
	index := append(jsontext.Marshal(Records(ctx.API), true), '\n')
	_, err = out.Add(Dir+"/index.json", index)
	return err
}

// Records is the operation model as a JSON array.
func Records(api *model.API) []jsontext.Value {
	records := make([]jsontext.Value, len(api.Operations))
	for i, op := range api.Operations {
		records[i] = op.Record()
	}
	return records
}
