// Package model is the intermediate model of an API that every emitter
// reads: built once from the normalised spec, never re-derived.
package model

import (
	"maps"
	"slices"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/openapi"
)

// API is one normalised OpenAPI document.
type API struct {
	// Title and Version are the spec's info.title and info.version.
	Title, Version string
	// OpenAPI is the spec's "openapi" version string.
	OpenAPI string
	// Servers are the spec's top-level servers, in spec order.
	Servers []Server
	// Operations, sorted by ID as JavaScript's localeCompare sorts.
	Operations []*Operation
	// SecuritySchemes in spec order, after unused ones were removed.
	SecuritySchemes []*SecurityScheme
	// Spec is the normalised document, as the spec artifact prints it.
	Spec *ecma.Object
	// Schemas are the typed schemas: the components, and those of the
	// parameters, request bodies and responses, which point into it.
	Schemas *SchemaSet
	// Warnings are the problems found that did not stop the build.
	Warnings Problems
}

// Server is one entry of the spec's servers.
type Server struct {
	// URL is the url as written, with {variable} placeholders.
	URL string
	// Defaults are the default values of the server variables, by name.
	Defaults map[string]string
}

// DefaultURL is the URL with each variable replaced by its default value.
func (s Server) DefaultURL() string {
	// One pass: a default is never read for placeholders.
	var pairs []string
	for _, name := range slices.Sorted(maps.Keys(s.Defaults)) {
		pairs = append(pairs, "{"+name+"}", s.Defaults[name])
	}
	return strings.NewReplacer(pairs...).Replace(s.URL)
}

// SecurityScheme is one entry of components.securitySchemes.
type SecurityScheme struct {
	Name string
	// Type is "apiKey", "http", "oauth2", "openIdConnect" or "mutualTLS".
	Type string
	// In and ParamName locate an apiKey: "header", "query" or "cookie", and the name.
	In, ParamName string
	// Scheme is an http scheme's name, such as "bearer" or "basic".
	Scheme      string
	Description string
}

// SchemeByName returns the security scheme called name, or nil.
func (a *API) SchemeByName(name string) *SecurityScheme {
	for _, s := range a.SecuritySchemes {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Operation is one operation of the API (FORMAT.md §2).
type Operation struct {
	ID     string
	Method string // lower case
	Path   string // the template as written in the spec
	// Summary and Description are "" when absent.
	Summary, Description string
	Tags                 []string
	// Security lists the alternative requirements, each the scheme names
	// that must all be satisfied. Empty means no authentication.
	Security            [][]string
	Parameters          []*Parameter
	RequestBodyRequired bool
	RequestExamples     []*MediaExample
	Responses           []*Response
	// FileName is the ID made safe for use as a file name.
	FileName string
	// Pointer is the JSON pointer of the operation in the spec.
	Pointer string
	// Deprecated reports the spec's deprecated flag.
	Deprecated bool
}

// Parameter is a path, query, header or cookie parameter.
type Parameter struct {
	Name, In    string
	Required    bool
	Description string
	Example     Example
	// Schema is the parameter's schema, or nil (one of API.Schemas).
	Schema *Schema
	// Style and Explode say how the value is serialised, OpenAPI's
	// defaults resolved: form and explode for query and cookie, simple
	// without explode for path and header. AllowReserved sends a query
	// value's RFC 3986 reserved characters unencoded.
	Style         string
	Explode       bool
	AllowReserved bool
	// ContentType is the media type of a parameter given by content
	// instead of schema: its value is sent as that media type's text (JSON),
	// not by a style; "" otherwise.
	ContentType string
}

// IsDefaultStyle reports whether p is serialised in the default style of
// its location.
func (p *Parameter) IsDefaultStyle() bool {
	style, explode := DefaultStyle(p.In)
	return p.Style == style && p.Explode == explode && !p.AllowReserved
}

// DefaultStyle is OpenAPI's default style of a parameter location, and
// whether it explodes.
func DefaultStyle(in string) (style string, explode bool) {
	if in == "path" || in == "header" {
		return "simple", false
	}
	return "form", true
}

// Encoding is how one property of a form body (application/x-www-form-urlencoded
// or multipart/form-data) is sent, OpenAPI's defaults resolved.
type Encoding struct {
	// ContentType is the declared content type of a multipart part, or "".
	ContentType string
	// Style, Explode and AllowReserved serialise the property as a query
	// parameter would be: form and explode unless declared.
	Style         string
	Explode       bool
	AllowReserved bool
	// Styled reports whether style, explode or allowReserved was declared:
	// in a multipart body only then does the style apply (OpenAPI 3.1 §4.8.15).
	Styled bool
}

// DefaultEncoding is the encoding of a form body property that has no
// entry under encoding.
var DefaultEncoding = Encoding{Style: "form", Explode: true}

// Example is an example value; Present is false when there is none
// (a null example is present).
type Example struct {
	Value   ecma.Value
	Present bool
}

// MediaExample is the example of one request body media type.
type MediaExample struct {
	MediaType string
	Example   Example
	// Schema is the media type's schema, or nil (one of API.Schemas).
	Schema *Schema
	// Encoding holds the declared encoding of form body properties, by
	// property name; nil when there is none.
	Encoding map[string]*Encoding
}

// EncodingOf returns the encoding of property name: its entry, else
// DefaultEncoding.
func (e *MediaExample) EncodingOf(name string) Encoding {
	if enc := e.Encoding[name]; enc != nil {
		return *enc
	}
	return DefaultEncoding
}

// IsForm reports whether the media type is a form body whose encoding
// applies: application/x-www-form-urlencoded or multipart/form-data.
func (e *MediaExample) IsForm() bool { return e.IsURLEncoded() || e.IsMultipart() }

// IsURLEncoded reports whether the media type is application/x-www-form-urlencoded.
func (e *MediaExample) IsURLEncoded() bool {
	return mediaBase(e.MediaType) == "application/x-www-form-urlencoded"
}

// IsMultipart reports whether the media type is multipart/form-data.
func (e *MediaExample) IsMultipart() bool { return mediaBase(e.MediaType) == "multipart/form-data" }

func mediaBase(mt string) string {
	mt, _, _ = strings.Cut(mt, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// Response is one response entry: a status and one media type of it, or
// the media type "none" when the response has no content.
type Response struct {
	Status      string
	MediaType   string
	Description string
	HasContent  bool
	Example     Example
	// Schema is the media type's schema, or nil (one of API.Schemas).
	Schema *Schema
	// Headers are the headers the spec documents for the status, in spec
	// order; the entries of one status share them.
	Headers []*Header
}

// IsSuccess reports whether the status is 2xx or 3xx written as three digits.
func (r *Response) IsSuccess() bool { return openapi.IsSuccessStatus(r.Status) }

// IsError reports whether the status is 4xx, 5xx or "default".
func (r *Response) IsError() bool { return openapi.IsErrorStatus(r.Status) }

// InSuccessClass reports whether the status is a success status or the
// range 2XX or 3XX.
func (r *Response) InSuccessClass() bool { return r.IsSuccess() || isRange(r.Status, '2', '3') }

// InErrorClass reports whether the status is an error status or the range
// 4XX or 5XX.
func (r *Response) InErrorClass() bool { return r.IsError() || isRange(r.Status, '4', '5') }

func isRange(status string, first ...byte) bool {
	return len(status) == 3 && (status[1:] == "XX" || status[1:] == "xx") && strings.IndexByte(string(first), status[0]) >= 0
}

// ResultResponses are the entries a successful call answers with: the
// success entries; else the 2XX and 3XX ranges; else "default", which then
// describes every status.
func (op *Operation) ResultResponses() []*Response {
	if rs := op.SuccessResponses(); len(rs) > 0 {
		return rs
	}
	if rs := op.filter((*Response).InSuccessClass); len(rs) > 0 {
		return rs
	}
	return op.filter(func(r *Response) bool { return r.Status == "default" })
}

// SuccessResponses returns the success entries in order.
func (op *Operation) SuccessResponses() []*Response { return op.filter((*Response).IsSuccess) }

// ErrorResponses returns the error entries in order.
func (op *Operation) ErrorResponses() []*Response { return op.filter((*Response).IsError) }

func (op *Operation) filter(keep func(*Response) bool) []*Response {
	var out []*Response
	for _, r := range op.Responses {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// PrimaryRequestExample is the request example a call example sends:
// the application/json entry, else the first; nil when the operation has
// no request body.
func (op *Operation) PrimaryRequestExample() *MediaExample {
	for _, e := range op.RequestExamples {
		if e.MediaType == "application/json" {
			return e
		}
	}
	if len(op.RequestExamples) > 0 {
		return op.RequestExamples[0]
	}
	return nil
}

// UsesScheme reports whether any security requirement names scheme.
func (op *Operation) UsesScheme(scheme string) bool {
	for _, req := range op.Security {
		for _, s := range req {
			if s == scheme {
				return true
			}
		}
	}
	return false
}

// Record returns the operation as the published operation model prints it
// in index.json and the operations module: the fields of FORMAT.md §2, in order.
func (op *Operation) Record() *ecma.Object {
	o := ecma.NewObject(11)
	o.Set("operationId", op.ID)
	o.Set("method", op.Method)
	o.Set("path", op.Path)
	o.Set("summary", op.Summary)
	o.Set("description", op.Description)
	tags := make([]ecma.Value, len(op.Tags))
	for i, t := range op.Tags {
		tags[i] = t
	}
	o.Set("tags", tags)
	security := make([]ecma.Value, len(op.Security))
	for i, req := range op.Security {
		names := make([]ecma.Value, len(req))
		for j, n := range req {
			names[j] = n
		}
		security[i] = names
	}
	o.Set("security", security)
	params := make([]ecma.Value, len(op.Parameters))
	for i, p := range op.Parameters {
		po := ecma.NewObject(5)
		po.Set("name", p.Name)
		po.Set("in", p.In)
		po.Set("required", p.Required)
		po.Set("description", p.Description)
		if p.Example.Present {
			po.Set("example", p.Example.Value)
		}
		params[i] = po
	}
	o.Set("parameters", params)
	o.Set("requestBodyRequired", op.RequestBodyRequired)
	reqs := make([]ecma.Value, len(op.RequestExamples))
	for i, e := range op.RequestExamples {
		eo := ecma.NewObject(2)
		eo.Set("mediaType", e.MediaType)
		if e.Example.Present {
			eo.Set("example", e.Example.Value)
		}
		reqs[i] = eo
	}
	o.Set("requestExamples", reqs)
	resps := make([]ecma.Value, len(op.Responses))
	for i, r := range op.Responses {
		ro := ecma.NewObject(5)
		ro.Set("status", r.Status)
		ro.Set("mediaType", r.MediaType)
		ro.Set("description", r.Description)
		ro.Set("hasContent", r.HasContent)
		if r.Example.Present {
			ro.Set("example", r.Example.Value)
		}
		resps[i] = ro
	}
	o.Set("responses", resps)
	return o
}
