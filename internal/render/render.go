// Package render executes the text templates of the generated files: the
// embedded ones from package templates, each overridable from a folder.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/template"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/calls"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/templates"
)

// Templates is a loaded set of templates.
type Templates struct {
	t *template.Template
	// sdkExamples holds each rendered SDK example: the page and the
	// example file of an operation print the same text.
	sdkExamples sync.Map // sdkKey → string
}

type sdkKey struct {
	op          *model.Operation
	pkg, client string
}

// Load parses the embedded templates, then the *.tmpl files of dir (when
// not "") in their place.
func Load(dir string) (*Templates, error) {
	root := template.New("").Funcs(Funcs)
	names, err := fs.Glob(templates.FS, "*.tmpl")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return nil, err
		}
		if dir != "" {
			if custom, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				data = custom
				name = filepath.Join(dir, name)
			} else if !os.IsNotExist(err) {
				return nil, fmt.Errorf("templates: %v", err)
			}
		}
		if _, err := root.New(filepath.Base(name)).Parse(string(data)); err != nil {
			return nil, fmt.Errorf("template %s: %v", name, err)
		}
	}
	if dir != "" {
		extra, _ := filepath.Glob(filepath.Join(dir, "*.tmpl"))
		for _, p := range extra {
			if root.Lookup(filepath.Base(p)) == nil {
				return nil, fmt.Errorf("template %s overrides no template (known: %s)", p, strings.Join(names, ", "))
			}
		}
	}
	return &Templates{t: root}, nil
}

// MaxOutput bounds what one template execution may write: far above any
// generated file (the largest published one is under 1 MiB), low enough
// that a runaway override (nested ranges) fails fast instead of exhausting
// memory.
const MaxOutput = 64 << 20

// errTooLarge stops a template at MaxOutput.
var errTooLarge = fmt.Errorf("output exceeds %d MiB; check the template's loops", MaxOutput>>20)

// boundedBuffer is a bytes.Buffer that refuses to grow past MaxOutput.
type boundedBuffer struct{ bytes.Buffer }

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > MaxOutput {
		return 0, errTooLarge
	}
	return b.Buffer.Write(p)
}

// Execute runs the named template on data.
func (t *Templates) Execute(name string, data any) ([]byte, error) {
	var buf boundedBuffer
	if err := t.t.ExecuteTemplate(&buf, name, data); err != nil {
		if errors.Is(err, errTooLarge) {
			err = errTooLarge
		}
		return nil, fmt.Errorf("template %s: %v", name, err)
	}
	return buf.Bytes(), nil
}

// Funcs are the functions every template may call.
var Funcs = template.FuncMap{
	"upper":           strings.ToUpper,
	"join":            strings.Join,
	"json":            func(v any) string { return JSValue(v, true) },
	"compact":         func(v any) string { return JSValue(v, false) },
	"jsString":        JSString,
	"jsMember":        JSMember,
	"cell":            Cell,
	"auth":            Auth,
	"parameterTable":  ParameterTable,
	"requestSection":  RequestSection,
	"responseSection": ResponseSection,
	"oneLine":         OneLine,
	"inline":          Inline,
	"code":            Code,
	"cellCode":        CellCode,
	"linkCell":        LinkCell,
	"paragraphs":      Block,
	"fence":           Fence,
}

// OneLine makes text safe for a one-line comment: every control character
// (a newline would end the comment) becomes a space.
func OneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
}

// Auth prints security requirements: alternatives joined " OR ", schemes
// of one requirement joined " + ", or "None".
func Auth(security [][]string) string {
	if len(security) == 0 {
		return "None"
	}
	reqs := make([]string, len(security))
	for i, r := range security {
		names := make([]string, len(r))
		for j, n := range r {
			names[j] = Inline(n)
		}
		reqs[i] = strings.Join(names, " + ")
	}
	return strings.Join(reqs, " OR ")
}

// ParameterTable is the markdown table of parameters, or "None.".
func ParameterTable(params []*model.Parameter) string {
	if len(params) == 0 {
		return "None."
	}
	lines := []string{"| Name | In | Required | Description | Example |", "| --- | --- | --- | --- | --- |"}
	for _, p := range params {
		required := "no"
		if p.Required {
			required = "yes"
		}
		desc := p.Description
		if desc == "" {
			desc = "-"
		}
		example := ""
		if p.Example.Present {
			example = ecma.MarshalString(p.Example.Value, false)
		}
		lines = append(lines, "| "+strings.Join([]string{Cell(p.Name), Cell(p.In), required, Cell(desc), Cell(example)}, " | ")+" |")
	}
	return strings.Join(lines, "\n")
}

// RequestSection is a fenced JSON block per request media type, or "None.".
func RequestSection(examples []*model.MediaExample) string {
	if len(examples) == 0 {
		return "None."
	}
	blocks := make([]string, len(examples))
	for i, e := range examples {
		blocks[i] = "### " + Inline(e.MediaType) + "\n" + Fence("json", exampleJSON(e.Example))
	}
	return strings.Join(blocks, "\n\n")
}

// ResponseSection is a heading, description and fenced body per response
// entry, each followed by a blank line; or "None." and a newline.
func ResponseSection(responses []*model.Response) string {
	if len(responses) == 0 {
		return "None.\n"
	}
	var lines []string
	for _, r := range responses {
		lines = append(lines, "### "+Inline(r.Status)+" ("+Inline(r.MediaType)+")")
		if r.Description != "" {
			lines = append(lines, Block(r.Description), "")
		}
		if r.HasContent {
			lines = append(lines, Fence("json", exampleJSON(r.Example)))
		} else {
			lines = append(lines, "```text", "No response body.", "```")
		}
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// exampleJSON is the two-space JSON of an example, or "" when there is none.
func exampleJSON(e model.Example) string {
	if !e.Present {
		return ""
	}
	return ecma.MarshalString(e.Value, true)
}

// SDKExampleData is what sdk-example.ts.tmpl receives.
type SDKExampleData struct {
	Operation *model.Operation
	// Package and Client name the SDK's npm package and client class.
	Package, Client string
	// Auth is the credential option, or nil when the client takes none.
	Auth *SDKAuth
	// Options is the call's argument, or nil.
	Options *ecma.Object
}

// SDKAuth is a client constructor option and the variable it reads.
type SDKAuth struct{ Option, Env string }

// SDKExample renders an operation's TypeScript SDK example, the call
// call, without a final newline.
func (t *Templates) SDKExample(op *model.Operation, call *calls.SDKCall, pkg, client string) (string, error) {
	key := sdkKey{op, pkg, client}
	if text, ok := t.sdkExamples.Load(key); ok {
		return text.(string), nil
	}
	data := SDKExampleData{Operation: op, Package: pkg, Client: client, Options: call.Options}
	if call.AuthOption != "" {
		data.Auth = &SDKAuth{Option: call.AuthOption, Env: call.AuthEnv}
	}
	b, err := t.Execute("sdk-example.ts.tmpl", data)
	if err != nil {
		return "", err
	}
	t.sdkExamples.Store(key, string(b))
	return string(b), nil
}
