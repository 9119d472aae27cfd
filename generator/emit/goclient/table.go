package goclient

import (
	"github.com/dave/jennifer/jen"

	"github.com/agentmc/agentmc-gen/generator/jsontext"
	"github.com/agentmc/agentmc-gen/generator/model"
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
	f.Comment("Operations lists every operation, sorted by ID.")
	f.Var().Id("Operations").Op("=").Index().Id("Operation").ValuesFunc(func(list *jen.Group) {
		for _, o := range g.ops {
			list.Add(operationRecord(o.op))
		}
	})
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

func exampleCode(e model.Example) jen.Code {
	if !e.Present {
		return jen.Nil()
	}
	return jen.Qual("encoding/json", "RawMessage").Call(jen.Lit(jsontext.MarshalString(e.Value, false)))
}

func strings2(list []string) jen.Code {
	return jen.Index().String().ValuesFunc(func(g *jen.Group) {
		for _, s := range list {
			g.Lit(s)
		}
	})
}

func operationRecord(op *model.Operation) jen.Code {
	d := jen.Dict{
		jen.Id("ID"): jen.Lit(op.ID), jen.Id("Method"): jen.Lit(upper(op.Method)), jen.Id("Path"): jen.Lit(op.Path),
	}
	if op.Summary != "" {
		d[jen.Id("Summary")] = jen.Lit(op.Summary)
	}
	if op.Description != "" {
		d[jen.Id("Description")] = jen.Lit(op.Description)
	}
	if len(op.Tags) > 0 {
		d[jen.Id("Tags")] = strings2(op.Tags)
	}
	if len(op.Security) > 0 {
		d[jen.Id("Security")] = jen.Index().Index().String().ValuesFunc(func(g *jen.Group) {
			for _, req := range op.Security {
				g.Add(strings2(req))
			}
		})
	}
	if len(op.Parameters) > 0 {
		d[jen.Id("Parameters")] = jen.Index().Id("OperationParameter").ValuesFunc(func(g *jen.Group) {
			for _, p := range op.Parameters {
				pd := jen.Dict{jen.Id("Name"): jen.Lit(p.Name), jen.Id("In"): jen.Lit(p.In)}
				if p.Required {
					pd[jen.Id("Required")] = jen.True()
				}
				if p.Description != "" {
					pd[jen.Id("Description")] = jen.Lit(p.Description)
				}
				if p.Example.Present {
					pd[jen.Id("Example")] = exampleCode(p.Example)
				}
				g.Values(pd)
			}
		})
	}
	if op.RequestBodyRequired {
		d[jen.Id("RequestBodyRequired")] = jen.True()
	}
	if len(op.RequestExamples) > 0 {
		d[jen.Id("RequestExamples")] = jen.Index().Id("OperationMedia").ValuesFunc(func(g *jen.Group) {
			for _, e := range op.RequestExamples {
				ed := jen.Dict{jen.Id("MediaType"): jen.Lit(e.MediaType)}
				if e.Example.Present {
					ed[jen.Id("Example")] = exampleCode(e.Example)
				}
				g.Values(ed)
			}
		})
	}
	d[jen.Id("Responses")] = jen.Index().Id("OperationResponse").ValuesFunc(func(g *jen.Group) {
		for _, r := range op.Responses {
			rd := jen.Dict{jen.Id("Status"): jen.Lit(r.Status), jen.Id("MediaType"): jen.Lit(r.MediaType)}
			if r.Description != "" {
				rd[jen.Id("Description")] = jen.Lit(r.Description)
			}
			if r.HasContent {
				rd[jen.Id("HasContent")] = jen.True()
			}
			if r.Example.Present && r.HasContent {
				rd[jen.Id("Example")] = exampleCode(r.Example)
			}
			g.Values(rd)
		}
	})
	return jen.Values(d)
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
