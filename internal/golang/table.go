package golang

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// tableFile writes Operations and OperationByID, the Go twin of
// operations.ts.
func (g *gen) tableFile() *jen.File {
	f := newFile(g.pkg)
	raw := jen.Qual("encoding/json", "RawMessage")
	f.Comment("Operation describes one operation of the API: the fields of the published operation model.")
	f.Type().Id("Operation").Struct(
		jen.Comment("ID is the operationId."),
		jen.Id("ID").String(),
		jen.Comment("Method is the HTTP method, in upper case."),
		jen.Id("Method").String(),
		jen.Comment("Path is the path template, such as /boards/{id}."),
		jen.Id("Path").String(),
		jen.Comment("Summary is the spec's summary."),
		jen.Id("Summary").String(),
		jen.Comment("Description is the spec's description."),
		jen.Id("Description").String(),
		jen.Comment("Tags are the operation's tags."),
		jen.Id("Tags").Index().String(),
		jen.Comment("Security lists alternative requirements, each the scheme names that must all be satisfied."),
		jen.Id("Security").Index().Index().String(),
		jen.Comment("Parameters are the path, query, header and cookie parameters."),
		jen.Id("Parameters").Index().Id("OperationParameter"),
		jen.Comment("RequestBodyRequired reports whether a request body is required."),
		jen.Id("RequestBodyRequired").Bool(),
		jen.Comment("RequestExamples are the request body examples by media type."),
		jen.Id("RequestExamples").Index().Id("OperationMedia"),
		jen.Comment("Responses are the documented responses, one per status and media type."),
		jen.Id("Responses").Index().Id("OperationResponse"),
	)
	f.Comment("OperationParameter is one parameter of an Operation.")
	f.Type().Id("OperationParameter").Struct(
		jen.Comment("Name is the parameter's name."),
		jen.Id("Name").String(),
		jen.Comment("In is path, query, header or cookie."),
		jen.Id("In").String(),
		jen.Comment("Required reports whether the parameter must be sent."),
		jen.Id("Required").Bool(),
		jen.Comment("Description is the spec's text."),
		jen.Id("Description").String(),
		jen.Comment("Example is the example value as JSON, or nil."),
		jen.Id("Example").Add(raw.Clone()),
	)
	f.Comment("OperationMedia is a request body example of one media type.")
	f.Type().Id("OperationMedia").Struct(
		jen.Comment("MediaType is the content type."),
		jen.Id("MediaType").String(),
		jen.Comment("Example is the example body as JSON, or nil."),
		jen.Id("Example").Add(raw.Clone()),
	)
	f.Comment("OperationResponse is one documented response of an Operation.")
	f.Type().Id("OperationResponse").Struct(
		jen.Comment("Status is the status code, or \"default\"."),
		jen.Id("Status").String(),
		jen.Comment("MediaType is the content type, or \"none\"."),
		jen.Id("MediaType").String(),
		jen.Comment("Description is the spec's text."),
		jen.Id("Description").String(),
		jen.Comment("HasContent reports whether the response has a body."),
		jen.Id("HasContent").Bool(),
		jen.Comment("Example is the example body as JSON, or nil."),
		jen.Id("Example").Add(raw.Clone()),
	)
	f.Line()
	f.Comment("OperationByID returns the operation with the given ID.")
	f.Func().Id("OperationByID").Params(jen.Id("id").String()).Params(jen.Id("Operation"), jen.Bool()).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("op")).Op(":=").Range().Id("Operations")).Block(
			jen.If(jen.Id("op").Dot("ID").Op("==").Id("id")).Block(jen.Return(jen.Id("op"), jen.True())),
		),
		jen.Return(jen.Id("Operation").Values(), jen.False()),
	)
	return f
}

// operationsVar is the Operations variable, written directly rather than
// through jennifer and go/format: one line per operation is already the
// gofmt form (checked by the tests), and formatting this literal would be
// the largest cost of the emitter.
func (g *gen) operationsVar() string {
	var b strings.Builder
	b.WriteString("\n// Operations lists every operation, sorted by ID.\nvar Operations = []Operation{\n")
	for _, o := range g.ops {
		b.WriteString("\t")
		writeRecord(&b, o.op)
		b.WriteString(",\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func writeRecord(b *strings.Builder, op *model.Operation) {
	var fields []string
	add := func(k, v string) { fields = append(fields, k+": "+v) }
	add("ID", strconv.Quote(op.ID))
	add("Method", strconv.Quote(upper(op.Method)))
	add("Path", strconv.Quote(op.Path))
	if op.Summary != "" {
		add("Summary", strconv.Quote(op.Summary))
	}
	if op.Description != "" {
		add("Description", strconv.Quote(op.Description))
	}
	if len(op.Tags) > 0 {
		add("Tags", "[]string"+quoteList(op.Tags))
	}
	if len(op.Security) > 0 {
		var reqs []string
		for _, r := range op.Security {
			reqs = append(reqs, quoteList(r))
		}
		add("Security", "[][]string{"+strings.Join(reqs, ", ")+"}")
	}
	if len(op.Parameters) > 0 {
		var ps []string
		for _, p := range op.Parameters {
			f := []string{"Name: " + strconv.Quote(p.Name), "In: " + strconv.Quote(p.In)}
			if p.Required {
				f = append(f, "Required: true")
			}
			if p.Description != "" {
				f = append(f, "Description: "+strconv.Quote(p.Description))
			}
			if p.Example.Present {
				f = append(f, "Example: "+rawLit(p.Example.Value))
			}
			ps = append(ps, "{"+strings.Join(f, ", ")+"}")
		}
		add("Parameters", "[]OperationParameter{"+strings.Join(ps, ", ")+"}")
	}
	if op.RequestBodyRequired {
		add("RequestBodyRequired", "true")
	}
	if len(op.RequestExamples) > 0 {
		var es []string
		for _, e := range op.RequestExamples {
			f := []string{"MediaType: " + strconv.Quote(e.MediaType)}
			if e.Example.Present {
				f = append(f, "Example: "+rawLit(e.Example.Value))
			}
			es = append(es, "{"+strings.Join(f, ", ")+"}")
		}
		add("RequestExamples", "[]OperationMedia{"+strings.Join(es, ", ")+"}")
	}
	var rs []string
	for _, r := range op.Responses {
		f := []string{"Status: " + strconv.Quote(r.Status), "MediaType: " + strconv.Quote(r.MediaType)}
		if r.Description != "" {
			f = append(f, "Description: "+strconv.Quote(r.Description))
		}
		if r.HasContent {
			f = append(f, "HasContent: true")
			if r.Example.Present {
				f = append(f, "Example: "+rawLit(r.Example.Value))
			}
		}
		rs = append(rs, "{"+strings.Join(f, ", ")+"}")
	}
	add("Responses", "[]OperationResponse{"+strings.Join(rs, ", ")+"}")
	b.WriteString("{" + strings.Join(fields, ", ") + "}")
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return "{" + strings.Join(q, ", ") + "}"
}

func rawLit(v ecma.Value) string {
	return "json.RawMessage(" + strconv.Quote(ecma.MarshalString(v, false)) + ")"
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
