package model_test

import (
	"testing"

	"github.com/agentmc/agentmc-gen/generator/model"
)

const styleSpec = `
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things/{id}:
    post:
      operationId: makeThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
        - {name: X-A, in: header, schema: {type: string}}
        - {name: c, in: cookie, schema: {type: string}}
        - {name: f, in: query, style: form, explode: false, schema: {type: array, items: {type: string}}}
        - {name: d, in: query, style: deepObject, schema: {type: object}}
        - {name: p, in: query, style: pipeDelimited, allowReserved: true, schema: {type: array, items: {type: string}}}
        - {$ref: "#/components/parameters/M"}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object}
            encoding:
              metadata: {style: deepObject, explode: true}
              note: {allowReserved: true}
              file: {contentType: image/png}
      responses:
        "200": {description: OK.}
        "400": {description: Bad.}
components:
  parameters:
    M: {name: m, in: path, style: matrix, explode: true, schema: {type: object}}
`

// TestStyles: model.Build resolves OpenAPI's defaults once: form and
// explode for query and cookie, simple without explode for path and
// header, explode only for form when a style is declared without it; a
// form body's encoding entries likewise, Styled when a style, explode or
// allowReserved is declared, and the default for a property without one.
func TestStyles(t *testing.T) {
	api := build(t, styleSpec)
	op := api.Operations[0]
	type style struct {
		style            string
		explode, reserve bool
	}
	want := map[string]style{
		"id": {"simple", false, false}, "q": {"form", true, false}, "X-A": {"simple", false, false},
		"c": {"form", true, false}, "f": {"form", false, false}, "d": {"deepObject", false, false},
		"p": {"pipeDelimited", false, true}, "m": {"matrix", true, false},
	}
	for _, p := range op.Parameters {
		if got := (style{p.Style, p.Explode, p.AllowReserved}); got != want[p.Name] {
			t.Errorf("parameter %s: got %+v, want %+v", p.Name, got, want[p.Name])
		}
		if isDefault := p.Name == "id" || p.Name == "q" || p.Name == "X-A" || p.Name == "c"; p.IsDefaultStyle() != isDefault {
			t.Errorf("parameter %s: IsDefaultStyle() = %v, want %v", p.Name, p.IsDefaultStyle(), isDefault)
		}
	}
	body := op.RequestExamples[0]
	if !body.IsURLEncoded() || !body.IsForm() || body.IsMultipart() {
		t.Errorf("media type %s: IsURLEncoded %v, IsForm %v, IsMultipart %v", body.MediaType, body.IsURLEncoded(), body.IsForm(), body.IsMultipart())
	}
	for name, want := range map[string]model.Encoding{
		"metadata": {Style: "deepObject", Explode: true, Styled: true},
		"note":     {Style: "form", Explode: true, AllowReserved: true, Styled: true},
		"file":     {Style: "form", Explode: true, ContentType: "image/png"},
		"other":    model.DefaultEncoding,
	} {
		if got := body.EncodingOf(name); got != want {
			t.Errorf("encoding of %s: got %+v, want %+v", name, got, want)
		}
	}
}
