package render

import (
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// DocsDir is the folder of the operation pages, relative to the output
// folder. The docs emitter writes them there; the site renders the same
// pages and maps their links.
const DocsDir = "docs/operations"

// Docs are the settings the operation pages depend on.
type Docs struct {
	// Title heads README.md; SpecPath names the spec it was generated from.
	Title, SpecPath string
	// SDKPackage and SDKClient name the TypeScript SDK in examples.
	SDKPackage, SDKClient string
	// Calls are the operations' call examples.
	Calls calls.Set
	// Curl is an operation's cURL command as its page prints it; nil
	// when the layout has no cURL section.
	Curl func(op *model.Operation) string
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

// OperationPage renders the markdown page of op, DocsDir/<FileName>.md.
func (t *Templates) OperationPage(api *model.API, op *model.Operation, d Docs) ([]byte, error) {
	sdk, err := t.SDKExample(op, d.Calls[op].SDK, d.SDKPackage, d.SDKClient)
	if err != nil {
		return nil, err
	}
	data := PageData{API: api, Operation: op, SDKExample: sdk}
	if d.Curl != nil {
		data.Curl = d.Curl(op)
	}
	return t.Execute("operation.md.tmpl", data)
}

// DocsIndex renders the index table of the pages, DocsDir/README.md.
func (t *Templates) DocsIndex(api *model.API, d Docs) ([]byte, error) {
	return t.Execute("README.md.tmpl", IndexData{API: api, Title: d.Title, SpecPath: d.SpecPath})
}

// IndexJSON is DocsDir/index.json: the operation records, two-space
// indented, with a final newline.
func IndexJSON(api *model.API) []byte {
	return append(ecma.Marshal(Records(api), true), '\n')
}

// Records is the operation model as a JSON array, as index.json and
// operations.ts publish it.
func Records(api *model.API) []ecma.Value {
	records := make([]ecma.Value, len(api.Operations))
	for i, op := range api.Operations {
		records[i] = op.Record()
	}
	return records
}
