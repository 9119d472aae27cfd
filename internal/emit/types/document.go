package types

import (
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// paths is transformPathsObject.
func (g *gen) paths(paths ecma.Value) []*member {
	var out []*member
	for _, e := range entries(paths) {
		if obj(e.val) == nil {
			continue
		}
		if has(e.val, "$ref") {
			out = append(out, &member{name: propertyName(e.key), typ: g.oapiRef(get(e.val, "$ref"), nil), comment: docComment(e.val)})
			continue
		}
		out = append(out, &member{name: propertyName(e.key), typ: g.pathItem(e.val, g.createRef("paths", e.key))})
	}
	return out
}

// pathItem is transformPathItemObject.
func (g *gen) pathItem(item ecma.Value, path string) *node {
	itemParams := array(get(item, "parameters"))
	members := g.parameters(itemParams, g.createRef(path, "parameters"))
	for _, method := range methods {
		op := get(item, method)
		if !ecma.Truthy(op) {
			members = append(members, &member{name: method, optional: true, typ: tNever})
			continue
		}
		var keyed *ecma.Object
		if !has(op, "$ref") {
			keyed = ecma.NewObject(len(itemParams))
			for _, p := range append(append([]ecma.Value{}, itemParams...), array(get(op, "parameters"))...) {
				var key string
				if has(p, "$ref") {
					r := g.resolve(jsString(get(p, "$ref")))
					key = templateValue(r, "in") + "-" + templateValue(r, "name")
				} else {
					key = templateValue(p, "in") + "-" + templateValue(p, "name")
				}
				keyed.Set(key, p)
			}
		}
		opPath := g.createRef(path, method)
		var t *node
		switch {
		case has(op, "$ref"):
			t = g.oapiRef(get(op, "$ref"), nil)
		case ecma.Truthy(get(op, "operationId")):
			id := strings.ReplaceAll(jsString(get(op, "operationId")), "#", "/")
			t = g.oapiRef(g.createRef("operations", id), nil)
			g.useFooter("operations")
			g.operations = append(g.operations, &member{name: propertyName(id), typ: literal(g.operation(op, paramValues(keyed), opPath))})
		default:
			t = literal(g.operation(op, paramValues(keyed), opPath))
		}
		members = append(members, &member{name: method, typ: t, comment: docComment(op)})
	}
	return literal(members)
}

// templateValue is `${v?.[key]}`.
func templateValue(v ecma.Value, key string) string {
	o := obj(v)
	if o == nil || !o.Has(key) {
		return "undefined"
	}
	x, _ := o.Get(key)
	return jsString(x)
}

func paramValues(keyed *ecma.Object) []ecma.Value {
	out := make([]ecma.Value, 0, keyed.Len())
	for _, e := range entries(keyed) {
		out = append(out, e.val)
	}
	return out
}

// parameters is transformParametersArray.
func (g *gen) parameters(params []ecma.Value, path string) []*member {
	resolved := make([]ecma.Value, len(params))
	for i, p := range params {
		if has(p, "$ref") {
			resolved[i] = g.resolve(jsString(get(p, "$ref")))
		} else {
			resolved[i] = p
		}
	}
	var locs []*member
	for _, in := range []string{"query", "header", "path", "cookie"} {
		var ms []*member
		for i, p := range params {
			r := resolved[i]
			if get(r, "in") != in {
				continue
			}
			opt := in != "path" && !ecma.Truthy(get(r, "required"))
			var t *node
			if has(p, "$ref") {
				t = g.oapiRef(get(p, "$ref"), r)
			} else {
				t = g.parameter(r, g.createRef(path, "parameters", in, jsString(get(r, "name"))))
			}
			ms = append(ms, &member{name: propertyName(jsString(get(r, "name"))), optional: opt, typ: t, comment: docComment(r)})
		}
		allOptional := true
		for _, m := range ms {
			allOptional = allOptional && m.optional
		}
		if len(ms) == 0 {
			locs = append(locs, &member{name: in, optional: true, typ: tNever})
		} else {
			locs = append(locs, &member{name: in, optional: allOptional, typ: literal(ms)})
		}
	}
	return []*member{{name: "parameters", typ: literal(locs)}}
}

// parameter is transformParameterObject.
func (g *gen) parameter(p ecma.Value, path string) *node {
	if s := get(p, "schema"); ecma.Truthy(s) {
		return g.schema(s, path, false)
	}
	return tString
}

// operation is transformOperationObject, with the folded parameters.
func (g *gen) operation(op ecma.Value, params []ecma.Value, path string) []*member {
	members := g.parameters(params, path)
	if rb := get(op, "requestBody"); ecma.Truthy(rb) {
		var t *node
		var target ecma.Value = rb
		if has(rb, "$ref") {
			t = g.oapiRef(get(rb, "$ref"), nil)
			target = g.resolve(jsString(get(rb, "$ref")))
		} else {
			t = g.requestBody(rb, g.createRef(path, "requestBody"))
		}
		members = append(members, &member{name: "requestBody", optional: !ecma.Truthy(get(target, "required")), typ: t, comment: docComment(rb)})
	} else {
		members = append(members, &member{name: "requestBody", optional: true, typ: tNever})
	}
	responses := get(op, "responses")
	if responses == nil {
		responses = ecma.NewObject(0)
	}
	return append(members, &member{name: "responses", typ: g.responses(responses, path)})
}

// requestBody is transformRequestBodyObject.
func (g *gen) requestBody(rb ecma.Value, path string) *node {
	var ms []*member
	for _, e := range entries(get(rb, "content")) {
		ms = append(ms, g.contentMember(e.key, e.val, g.createRef(path, "content", e.key)))
	}
	if len(ms) == 0 {
		ms = []*member{{name: propertyName("*/*"), optional: true, typ: tNever}}
	}
	return literal([]*member{{name: "content", typ: literal(ms)}})
}

// contentMember is one media type of a content map, found at path: a
// $ref typed as a schema, else the media type object.
func (g *gen) contentMember(mediaType string, v ecma.Value, path string) *member {
	var t *node
	if has(v, "$ref") {
		t = g.schema(v, path, false)
	} else {
		t = g.mediaType(v, path)
	}
	return &member{name: propertyName(mediaType), typ: t, comment: docComment(v)}
}

// mediaType is transformMediaTypeObject.
func (g *gen) mediaType(mt ecma.Value, path string) *node {
	s := get(mt, "schema")
	if !ecma.Truthy(s) {
		return tUnknown
	}
	return g.schema(s, path, false)
}

// responses is transformResponsesObject.
func (g *gen) responses(responses ecma.Value, path string) *node {
	var ms []*member
	for _, e := range entries(responses) {
		var t *node
		if has(e.val, "$ref") {
			t = g.oapiRef(get(e.val, "$ref"), nil)
		} else {
			t = g.response(e.val, g.createRef(path, "responses", e.key))
		}
		ms = append(ms, &member{name: propertyName(e.key), typ: t, comment: docComment(e.val)})
	}
	if len(ms) == 0 {
		return tNever
	}
	return literal(ms)
}

// response is transformResponseObject.
func (g *gen) response(r ecma.Value, path string) *node {
	var headers []*member
	if h := get(r, "headers"); ecma.Truthy(h) {
		for _, e := range entries(h) {
			isRef := has(e.val, "$ref")
			var t *node
			if isRef {
				t = g.oapiRef(get(e.val, "$ref"), nil)
			} else {
				t = g.header(e.val, g.createRef(path, "headers", e.key))
			}
			headers = append(headers, &member{name: propertyName(e.key), optional: !isRef && !ecma.Truthy(get(e.val, "required")), typ: t, comment: docComment(e.val)})
		}
	}
	headers = append(headers, &member{index: true, param: "name", typ: tUnknown})
	ms := []*member{{name: "headers", typ: literal(headers)}}
	var content []*member
	if c := get(r, "content"); ecma.Truthy(c) {
		for _, e := range entries(c) {
			content = append(content, &member{name: propertyName(e.key), typ: g.mediaType(e.val, g.createRef(path, "content", e.key)), comment: docComment(e.val)})
		}
	}
	if len(content) > 0 {
		ms = append(ms, &member{name: "content", typ: literal(content)})
	} else {
		ms = append(ms, &member{name: "content", optional: true, typ: tNever})
	}
	return literal(ms)
}

// header is transformHeaderObject.
func (g *gen) header(h ecma.Value, path string) *node {
	if s := get(h, "schema"); ecma.Truthy(s) {
		return g.schema(s, path, false)
	}
	if c := get(h, "content"); ecma.Truthy(c) {
		var ms []*member
		for _, e := range entries(c) {
			ms = append(ms, g.contentMember(e.key, e.val, path+"/"+escapePointer(e.key)))
		}
		return literal(ms)
	}
	return tUnknown
}

// components is transformComponentsObject.
func (g *gen) components(c ecma.Value) []*member {
	var out []*member
	for _, key := range []string{"schemas", "responses", "parameters", "requestBodies", "headers", "pathItems"} {
		var items []*member
		if kv := get(c, key); ecma.Truthy(kv) {
			for _, e := range entries(kv) {
				path := g.createRef("components", key, e.key)
				var t *node
				switch key {
				case "schemas":
					t = g.schema(e.val, path, false)
				case "responses":
					t = g.response(e.val, path)
				case "parameters":
					t = g.parameter(e.val, path)
				case "requestBodies":
					t = g.requestBody(e.val, path)
				case "headers":
					t = g.header(e.val, path)
				case "pathItems":
					t = g.pathItem(e.val, path)
				}
				items = append(items, &member{name: propertyName(e.key), typ: t, comment: docComment(e.val)})
			}
		}
		if len(items) > 0 {
			out = append(out, &member{name: key, typ: literal(items)})
		} else {
			out = append(out, &member{name: key, typ: tNever})
		}
	}
	return out
}

// webhooks is transformWebhooksObject.
func (g *gen) webhooks(w ecma.Value) []*member {
	var out []*member
	for _, e := range entries(w) {
		out = append(out, &member{name: propertyName(e.key), typ: g.pathItem(e.val, g.createRef("webhooks", e.key))})
	}
	return out
}

const header = `/**
 * This file was auto-generated by openapi-typescript.
 * Do not make direct changes to the file.
 */

`

const withRequired = "type WithRequired<T, K extends keyof T> = T & {\n    [P in K]-?: T[P];\n};\n"

// document prints schema.ts for the document root: openapi-typescript's
// output without the empty webhooks and $defs aliases (FORMAT.md §10).
func (g *gen) document() ([]byte, error) {
	g.scanDiscriminators()
	var p printer
	p.b.WriteString(header)
	emptyAlias := func(name string) { p.aliasDecl(name, record(tString, tNever)) }
	for _, root := range []string{"paths", "webhooks", "components", "$defs"} {
		v := get(g.root, root)
		if root == "components" && !ecma.Truthy(v) {
			// openapi-typescript's bundling step (Redocly) adds "components": {}.
			v = ecma.NewObject(0)
		}
		if obj(v) == nil && array(v) == nil {
			if root == "paths" || root == "components" {
				emptyAlias(root)
			}
			continue
		}
		var members []*member
		switch root {
		case "paths":
			members = g.paths(v)
		case "webhooks":
			members = g.webhooks(v)
		case "components":
			members = g.components(v)
		case "$defs":
			if t := g.schema(v, g.createRef("$defs"), false); t.kind == kLiteral {
				members = t.members
			}
		}
		if len(members) > 0 {
			p.interfaceDecl(root, members)
		} else if root == "paths" || root == "components" {
			emptyAlias(root)
		}
	}
	for _, f := range g.footer {
		if f == "operations" {
			p.interfaceDecl("operations", g.operations)
		} else {
			p.b.WriteString(withRequired)
		}
	}
	if len(g.operations) == 0 {
		emptyAlias("operations")
	}
	if g.err != nil {
		return nil, g.err
	}
	return []byte(p.b.String()), nil
}
