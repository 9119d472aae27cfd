package model_test

import (
	"testing"
)

const detailSpec = `
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      x-codeSamples: [{lang: sh, source: "echo"}]
      responses:
        "200":
          description: OK.
          headers:
            X-Rate: {$ref: "#/components/headers/Rate"}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Shape"}
        "400": {description: Bad.}
components:
  headers:
    Rate: {description: Left., required: true, schema: {type: integer}, example: 5}
  schemas:
    Shape:
      oneOf: [{$ref: "#/components/schemas/Square"}, {$ref: "#/components/schemas/Circle"}]
      discriminator: {propertyName: kind, mapping: {sq: Square, ci: "#/components/schemas/Circle"}}
    Square:
      type: object
      properties:
        side: {type: number, exclusiveMinimum: 0, maximum: 10, multipleOf: 0.5, default: 1}
        kind: {const: sq}
    Circle:
      type: object
      properties:
        tags: {type: array, minItems: 1, maxItems: 3, uniqueItems: true, items: {type: string, minLength: 2, pattern: "^[a-z]+$"}, examples: [[ab]]}
`

func TestSchemaDetail(t *testing.T) {
	api := build(t, detailSpec)
	set := api.Schemas
	op := api.Operations[0]
	shape := op.Responses[0].Schema
	if shape.Name != "Shape" {
		t.Fatalf("response schema %q", shape.Name)
	}
	m := shape.Detail.Mapping
	if len(m) != 2 || m[0].Value != "sq" || m[0].Schema == nil || m[0].Schema.Name != "Square" || m[1].Schema == nil || m[1].Schema.Name != "Circle" {
		t.Fatalf("mapping %+v", m)
	}
	side := m[0].Schema.Properties[0].Schema.Detail
	if side.ExclusiveMinimum != 0.0 || side.Maximum != 10.0 || side.Minimum != nil || side.MultipleOf != 0.5 || !side.Default.Present || side.Default.Value != 1.0 {
		t.Errorf("side %+v", side)
	}
	if kind := m[0].Schema.Properties[1].Schema.Detail; !kind.Const.Present || kind.Const.Value != "sq" {
		t.Errorf("kind const %+v", kind.Const)
	}
	tags := m[1].Schema.Properties[0].Schema
	if d := tags.Detail; d.MinItems != 1.0 || d.MaxItems != 3.0 || !d.UniqueItems || len(d.Examples) != 1 {
		t.Errorf("tags %+v", d)
	}
	if d := tags.Items.Detail; d.MinLength != 2.0 || d.MaxLength != nil || d.Pattern != "^[a-z]+$" {
		t.Errorf("tag items %+v", d)
	}
	headers := op.Responses[0].Headers
	if len(headers) != 1 || headers[0].Name != "X-Rate" || !headers[0].Required || headers[0].Description != "Left." ||
		headers[0].Schema == nil || headers[0].Schema.Type != "integer" || headers[0].Example.Value != 5.0 {
		t.Errorf("headers %+v", headers)
	}
	if samples, _ := set.OperationObject(op).Array("x-codeSamples"); len(samples) != 1 {
		t.Error("OperationObject does not reach the operation's extensions")
	}
}
