package model_test

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/load"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

// build loads spec (YAML) and builds its model, failing the test on any
// error.
func build(t *testing.T, spec string) *model.API {
	t.Helper()
	doc, err := load.Parse([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	api, err := model.Build(doc.Root, model.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

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
	api := build(t, schemaSpec)
	set := api.Schemas
	if len(set.Components) != 2 || set.Components[0].Name != "Base" || set.Components[1].Name != "Thing" {
		t.Fatalf("components %v", set.Components)
	}
	thing := set.Components[1]
	// The response schema of the model is the component itself.
	if got := api.Operations[0].Responses[0].Schema; got != thing {
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

const sharedSpec = `
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /nodes/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/Id"}}
    get:
      operationId: getNode
      parameters:
        - $ref: "#/components/parameters/Depth"
      responses:
        "200":
          description: OK.
          headers:
            X-Id: {schema: {$ref: "#/components/schemas/Id"}}
          content:
            application/json: {schema: {$ref: "#/components/schemas/Node"}}
            application/xml: {schema: {$ref: "#/components/schemas/Node"}}
        default:
          description: Error.
          content:
            application/json: {schema: {type: object, properties: {node: {$ref: "#/components/schemas/Node"}}}}
    put:
      operationId: putNode
      parameters:
        - $ref: "#/components/parameters/Depth"
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/Node"}}
          text/plain: {schema: {$ref: "#/components/schemas/Node", description: Sibling.}}
      responses:
        "204": {description: Done.}
        "400": {description: Bad.}
components:
  parameters:
    Depth: {name: depth, in: query, schema: {type: integer}}
  schemas:
    Id: {type: string}
    Node:
      type: object
      properties:
        id: {$ref: "#/components/schemas/Id"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        next: {$ref: "#/components/schemas/Loop"}
    Loop: {$ref: "#/components/schemas/Loop2"}
    Loop2: {$ref: "#/components/schemas/Loop"}
`

// TestSchemasShared checks that the schemas of the operations point into
// API.Schemas: the same JSON object is one *Schema, whichever operation,
// parameter or media type reaches it, and reference cycles end.
func TestSchemasShared(t *testing.T) {
	api := build(t, sharedSpec)
	set := api.Schemas
	id, node, loop, loop2 := set.Component("Id"), set.Component("Node"), set.Component("Loop"), set.Component("Loop2")
	if id == nil || node == nil || loop == nil || loop2 == nil || set.Component("Nope") != nil {
		t.Fatalf("Component: %v %v %v %v", id, node, loop, loop2)
	}
	get, put := api.Operations[0], api.Operations[1]
	if get.ID != "getNode" || put.ID != "putNode" {
		t.Fatalf("operations %s %s", get.ID, put.ID)
	}
	// The path item's parameter is one object, typed once for both operations.
	if get.Parameters[0].Schema != id || put.Parameters[0].Schema != id {
		t.Errorf("path parameter schemas %p %p, want Id %p", get.Parameters[0].Schema, put.Parameters[0].Schema, id)
	}
	// A $ref'd parameter component: its schema is shared.
	depth := get.Parameters[1].Schema
	if depth == nil || depth.Type != "integer" || put.Parameters[1].Schema != depth {
		t.Errorf("Depth parameter schemas %+v %p", depth, put.Parameters[1].Schema)
	}
	if get.Responses[0].Schema != node || get.Responses[1].Schema != node || put.RequestExamples[0].Schema != node {
		t.Errorf("media type schemas are not the Node component")
	}
	if inner := get.Responses[2].Schema; inner == nil || inner.Properties[0].Schema.Ref != node {
		t.Errorf("an inline schema's reference: %+v", inner)
	}
	// A reference with siblings is the target with the siblings laid over,
	// its own schema whose members are the component's.
	plain := put.RequestExamples[1].Schema
	if plain == node || plain.Description != "Sibling." || len(plain.Properties) != 3 || plain.Properties[0].Schema != node.Properties[0].Schema {
		t.Errorf("a reference with a sibling: %+v", plain)
	}
	if put.Responses[0].Schema != nil {
		t.Errorf("a response without content has schema %+v", put.Responses[0].Schema)
	}
	// A header's schema keeps its reference.
	if h := get.Responses[0].Headers; len(h) != 1 || h[0].Schema.Ref != id || &get.Responses[1].Headers[0] != &h[0] {
		t.Errorf("headers %+v", h)
	}
	// Cycles: Node holds itself; Loop and Loop2 name each other.
	if children := node.Properties[1].Schema; children.Items.Ref != node {
		t.Errorf("children items %+v", children.Items)
	}
	if loop.Ref != loop2 || loop2.Ref != loop || node.Properties[2].Schema.Ref != loop {
		t.Errorf("Loop %p → %p, Loop2 %p → %p", loop, loop.Ref, loop2, loop2.Ref)
	}
	if r, _ := loop.Resolved(); r == nil {
		t.Error("Resolved of a reference cycle")
	}
	// Raw keeps the JSON for emitters that print it.
	if raw, ok := node.Raw.(*ecma.Object); !ok || raw.Keys()[0] != "type" {
		t.Errorf("Raw %v", node.Raw)
	}
}

// TestSchemaProblems checks that what cannot be typed is reported with
// its JSON pointer, every problem at once, and the build goes on.
func TestSchemaProblems(t *testing.T) {
	api := build(t, `
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters: [{name: q, in: query, schema: 7}]
      responses:
        "200": {description: OK., content: {application/json: {schema: {$ref: "#/components/schemas/Shape"}}}}
        "400": {description: Bad.}
components:
  schemas:
    Shape:
      oneOf: [{$ref: "#/components/schemas/Square"}, "circle"]
      discriminator: {propertyName: kind, mapping: {sq: Square, ci: Circle, n: 1}}
    Square: {type: object, properties: {side: {type: number}, kind: [string]}}
`)
	want := []string{
		`warning: #/components/schemas/Shape/oneOf/1: a schema must be an object or a boolean, found a string; it is read as any value`,
		`warning: #/components/schemas/Shape/discriminator/mapping/ci: a mapping value must name a schema, found "Circle", which names none; the mapping leaves it out`,
		`warning: #/components/schemas/Shape/discriminator/mapping/n: a mapping value must name a schema, found a number; the mapping leaves it out`,
		`warning: #/components/schemas/Square/properties/kind: a schema must be an object or a boolean, found an array; it is read as any value`,
		`warning: #/paths/~1a/get/parameters/0/schema: a schema must be an object or a boolean, found a number; it is read as any value`,
	}
	got := strings.Split(api.Warnings.Error(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m := api.Schemas.Component("Shape").Detail.Mapping; len(m) != 3 || m[0].Schema != api.Schemas.Component("Square") || m[1].Schema != nil {
		t.Errorf("mapping %+v", m)
	}
}
