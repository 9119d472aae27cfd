package model_test

import (
	"testing"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/load"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

const schemaSpec = `
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: OK.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
        "400": {description: Bad.}
components:
  schemas:
    Thing:
      type: object
      description: A thing.
      required: [id]
      properties:
        id: {type: integer}
        name: {type: [string, "null"]}
        kind: {type: string, enum: [a, b, null]}
        when: {type: string, format: date-time, nullable: true}
        parent: {$ref: "#/components/schemas/Thing", nullable: true}
        tags: {type: object, additionalProperties: {type: string}}
        meta: {type: object, additionalProperties: true}
        closed: {type: object, additionalProperties: false}
        either: {oneOf: [{type: string}, {type: integer}], discriminator: {propertyName: t}}
        both: {allOf: [{$ref: "#/components/schemas/Base"}]}
        list: {type: array, items: {$ref: "#/components/schemas/Base"}}
    Base: {type: object, properties: {x: {type: string}}, example: {x: "1"}}
`

func TestSchemas(t *testing.T) {
	doc, err := load.Parse([]byte(schemaSpec))
	if err != nil {
		t.Fatal(err)
	}
	api, err := model.Build(doc.Root, model.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	set := api.Schemas()
	if len(set.Components) != 2 || set.Components[0].Name != "Base" || set.Components[1].Name != "Thing" {
		t.Fatalf("components %v", set.Components)
	}
	thing := set.Components[1]
	// The response schema of the model is the component itself.
	if got := set.Of(api.Operations[0].Responses[0].Schema); got != thing {
		t.Errorf("Of(response schema) = %p, want the Thing component %p", got, thing)
	}
	if thing.Type != "object" || thing.Doc() != "A thing." || len(thing.Properties) != 11 {
		t.Fatalf("Thing: %+v", thing)
	}
	props := map[string]*model.Property{}
	for _, p := range thing.Properties {
		props[p.Name] = p
	}
	if !props["id"].Required || props["name"].Required {
		t.Error("required flags")
	}
	if s := props["name"].Schema; s.Type != "string" || !s.Nullable {
		t.Errorf("type list with null: %+v", s)
	}
	if s := props["kind"].Schema; len(s.Enum) != 2 || !s.Nullable {
		t.Errorf("enum with null: %+v", s)
	}
	if s := props["when"].Schema; s.Format != "date-time" || !s.Nullable {
		t.Errorf("date-time: %+v", s)
	}
	parent := props["parent"].Schema
	if parent.Ref != thing || !parent.Nullable {
		t.Errorf("a $ref with a nullable sibling: %+v", parent)
	}
	if r, nullable := parent.Resolved(); r != thing || !nullable {
		t.Errorf("Resolved: %p %v", r, nullable)
	}
	if s := props["tags"].Schema; s.AdditionalProperties == nil || s.AdditionalProperties.Type != "string" || !s.AdditionalAllowed {
		t.Errorf("additionalProperties schema: %+v", s)
	}
	if s := props["meta"].Schema; s.AdditionalProperties != nil || !s.AdditionalAllowed {
		t.Errorf("additionalProperties true: %+v", s)
	}
	if s := props["closed"].Schema; s.AdditionalAllowed || !s.AdditionalForbidden {
		t.Errorf("additionalProperties false: %+v", s)
	}
	if s := props["either"].Schema; len(s.OneOf) != 2 || s.Discriminator != "t" {
		t.Errorf("oneOf: %+v", s)
	}
	base := set.Components[0]
	if s := props["both"].Schema; len(s.AllOf) != 1 || s.AllOf[0].Ref != base {
		t.Errorf("allOf: %+v", s)
	}
	if s := props["list"].Schema; s.Items == nil || s.Items.Ref != base {
		t.Errorf("items: %+v", s)
	}
	if !base.Example.Present {
		t.Error("example")
	}
}
