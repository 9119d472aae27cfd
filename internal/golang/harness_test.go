package golang

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// contractFile generates contract_test.go for the generated package: one
// subtest per operation calls the client with the documented example
// values against the server at $CONTRACT_BASE_URL and compares the typed
// result, re-encoded, with the documented example; a second subtest asks
// the server (X-Contract-Status) for an error status and checks the
// *APIError.
func contractFile(api *model.API, cfg *config.Config) []byte {
	pkg, _, importPath := Settings(cfg)
	g := newGen(api, cfg, pkg, importPath)
	g.build()
	qual := func(name string) *jen.Statement { return jen.Qual(importPath, name) }
	lit := &literals{qual: qual}
	f := jen.NewFile(pkg + "_test")
	f.ImportName(importPath, pkg)
	f.HeaderComment(Header)
	// The helpers appended below use these packages.
	f.Var().Defs(
		jen.Id("_").Op("=").Qual("errors", "As"),
		jen.Id("_").Op("=").Qual("reflect", "DeepEqual"),
		jen.Id("_").Op("=").Qual("strconv", "Itoa"),
		jen.Id("_").Op("=").Qual("encoding/json", "Marshal"),
		jen.Id("_").Op("=").Add(qual("OperationByID")),
	)
	f.Func().Id("TestContract").Params(jen.Id("t").Op("*").Qual("testing", "T")).BlockFunc(func(b *jen.Group) {
		b.Id("base").Op(":=").Qual("os", "Getenv").Call(jen.Lit("CONTRACT_BASE_URL"))
		b.If(jen.Id("base").Op("==").Lit("")).Block(jen.Id("t").Dot("Skip").Call(jen.Lit("CONTRACT_BASE_URL is not set")))
		opts := []jen.Code{qual("WithBaseURL").Call(jen.Id("base")), qual("WithMaxRetries").Call(jen.Lit(0))}
		for _, s := range g.schemes {
			opts = append(opts, qual("WithCredential").Call(jen.Lit(s.s.Name), jen.Lit(credentialFor(s.s))))
		}
		b.Id("client").Op(":=").Add(qual("NewClient")).Call(opts...)
		b.Id("ctx").Op(":=").Qual("context", "Background").Call()
		b.Id("_").Op("=").Id("ctx")
		for _, o := range g.ops {
			args := []jen.Code{jen.Id("ctx")}
			var setup []jen.Code
			for _, p := range o.path {
				switch {
				case p.p.Example.Present:
					args = append(args, lit.value(p.typ, p.p.Example.Value))
				case p.typ == tInt:
					args = append(args, jen.Lit(1))
				default:
					args = append(args, jen.Lit("x"))
				}
			}
			if o.body != nil {
				switch {
				case o.body.kind == bRaw:
					args = append(args, jen.Qual("strings", "NewReader").Call(jen.Lit(rawText(o.body.example))))
				case o.body.example.Present:
					setup = append(setup,
						jen.Var().Id("body").Add(o.body.typ.code(qual)),
						jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Index().Byte().Parens(jen.Lit(ecma.MarshalString(o.body.example.Value, false))), jen.Op("&").Id("body")), jen.Err().Op("!=").Nil()).Block(
							jen.Id("t").Dot("Fatalf").Call(jen.Lit("decoding the request example: %v"), jen.Err())),
					)
					args = append(args, jen.Op("&").Id("body"))
				default:
					args = append(args, jen.Nil())
				}
			}
			if o.params != nil {
				args = append(args, o.paramsExample(lit, qual))
			}
			id := o.op.ID
			b.Id("t").Dot("Run").Call(jen.Lit(id), jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T")).BlockFunc(func(tb *jen.Group) {
				for _, s := range setup {
					tb.Add(s)
				}
				call := jen.Id("client").Dot(o.method).Call(args...)
				switch o.result {
				case rNone:
					tb.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
				case rRedirect:
					tb.List(jen.Id("target"), jen.Err()).Op(":=").Add(call)
					tb.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
					tb.If(jen.Id("target").Dot("String").Call().Op("!=").Lit("https://files.example.com/object")).Block(
						jen.Id("t").Dot("Errorf").Call(jen.Lit("redirect target %s"), jen.Id("target")))
				case rBinary:
					tb.List(jen.Id("res"), jen.Err()).Op(":=").Add(call)
					tb.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
					tb.Defer().Id("res").Dot("Close").Call()
					tb.List(jen.Id("data"), jen.Id("_")).Op(":=").Qual("io", "ReadAll").Call(jen.Id("res"))
					tb.Id("sameJSON").Call(jen.Id("t"), jen.Qual("encoding/json", "RawMessage").Call(jen.Id("data")), jen.Lit(id), jen.Lit(o.resp.Status), jen.Lit(o.resp.MediaType))
				case rJSON:
					tb.List(jen.Id("res"), jen.Err()).Op(":=").Add(call)
					tb.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
					tb.Id("sameJSON").Call(jen.Id("t"), jen.Id("res"), jen.Lit(id), jen.Lit(o.resp.Status), jen.Lit(o.resp.MediaType))
				}
				if st := errorStatus(o.op); st != "" {
					errArgs := append(append([]jen.Code(nil), args...), qual("WithHeader").Call(jen.Lit("X-Contract-Status"), jen.Lit(st)))
					errCall := jen.Id("client").Dot(o.method).Call(errArgs...)
					var assign jen.Code
					if o.result == rNone {
						assign = jen.Id("err").Op(":=").Add(errCall)
					} else {
						assign = jen.List(jen.Id("_"), jen.Id("err")).Op(":=").Add(errCall)
					}
					tb.Block(assign, jen.Id("wantAPIError").Call(jen.Id("t"), jen.Id("err"), jen.Lit(id), jen.Lit(st)))
				}
			}))
		}
	})
	var b strings.Builder
	if err := f.Render(&b); err != nil {
		panic(err)
	}
	return []byte(b.String() + strings.ReplaceAll(contractHelpers, "agentmc.", pkg+"."))
}

func rawText(e model.Example) string {
	if !e.Present {
		return ""
	}
	if s, ok := e.Value.(string); ok {
		return s
	}
	return ecma.MarshalString(e.Value, false)
}

func credentialFor(s *model.SecurityScheme) string {
	if s.Type == "http" && strings.EqualFold(s.Scheme, "basic") {
		return "user:secret"
	}
	return "test-" + strings.ToLower(s.Name)
}

// errorStatus is the documented error status the contract asks for: the
// first 4xx other than 408 and 429 (not retried), else the first error.
func errorStatus(op *model.Operation) string {
	var first string
	for _, r := range op.ErrorResponses() {
		if first == "" && r.Status != "default" {
			first = r.Status
		}
		if n, err := strconv.Atoi(r.Status); err == nil && n >= 400 && n < 500 && n != 408 && n != 429 {
			return r.Status
		}
	}
	return first
}

const contractHelpers = `
// sameJSON compares got, encoded as JSON, with the documented example of
// the operation's response, as values.
func sameJSON(t *testing.T, got any, id, status, mediaType string) {
	t.Helper()
	op, ok := agentmc.OperationByID(id)
	if !ok {
		t.Fatalf("no operation %s", id)
	}
	for _, r := range op.Responses {
		if r.Status != status || r.MediaType != mediaType {
			continue
		}
		if r.Example == nil {
			return
		}
		data, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("re-encoding the result: %v", err)
		}
		var a, b any
		if err := json.Unmarshal(data, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(r.Example, &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("the typed result re-encodes differently from the example:\n got %s\nwant %s", data, r.Example)
		}
		return
	}
	t.Fatalf("%s has no %s %s response", id, status, mediaType)
}

// wantAPIError checks that err is an *APIError with the status and the
// envelope of the documented example.
func wantAPIError(t *testing.T, err error, id, status string) {
	t.Helper()
	var apiErr *agentmc.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T), want *APIError", err, err)
	}
	if strconv.Itoa(apiErr.StatusCode) != status {
		t.Errorf("status %d, want %s", apiErr.StatusCode, status)
	}
	op, _ := agentmc.OperationByID(id)
	for _, r := range op.Responses {
		if r.Status != status || r.Example == nil {
			continue
		}
		var env struct {
			Error struct {
				Code    string          ` + "`json:\"code\"`" + `
				Message string          ` + "`json:\"message\"`" + `
				Details json.RawMessage ` + "`json:\"details\"`" + `
			} ` + "`json:\"error\"`" + `
		}
		if json.Unmarshal(r.Example, &env) != nil || env.Error.Code == "" {
			return
		}
		if apiErr.Code != env.Error.Code || apiErr.Message != env.Error.Message {
			t.Errorf("envelope %q %q, want %q %q", apiErr.Code, apiErr.Message, env.Error.Code, env.Error.Message)
		}
		if len(env.Error.Details) > 0 && string(env.Error.Details) != "null" {
			var a, b any
			json.Unmarshal(apiErr.Details, &a)
			json.Unmarshal(env.Error.Details, &b)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("details %s, want %s", apiErr.Details, env.Error.Details)
			}
		}
		return
	}
}
`
