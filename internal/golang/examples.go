package golang

import (
	"sort"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// exampleFile is a program that calls the operation with its documented
// example values and prints the result.
//
// Each program carries the build constraint ExampleTag, so that ./...
// patterns leave it out: go generate ./... lists the packages first, and a
// run that removes a stale example would otherwise make go generate fail
// on the folder it listed. go run and go vet take them with -tags example.
func (g *gen) exampleFile(o *opInfo) *jen.File {
	f := newFile("main")
	f.HeaderComment("//go:build " + ExampleTag)
	qual := func(name string) *jen.Statement { return jen.Qual(g.importPath, name) }
	f.ImportName(g.importPath, g.pkg)
	op := o.op
	pkgDoc(f, "Command "+op.FileName+" calls "+op.ID+" ("+upper(op.Method)+" "+op.Path+") with the documented example values and prints the result. "+
		"It reads its settings with "+g.pkg+".FromEnv. Run it with go run -tags "+ExampleTag+".")
	lit := &literals{qual: qual}
	f.Func().Id("main").Params().BlockFunc(func(b *jen.Group) {
		b.Id("ctx").Op(":=").Qual("context", "Background").Call()
		b.Id("client").Op(":=").Add(qual("NewClient")).Call(qual("FromEnv").Call())
		args := []jen.Code{jen.Id("ctx")}
		for _, p := range o.path {
			if p.p.Example.Present {
				args = append(args, lit.value(p.typ, p.p.Example.Value))
			} else {
				args = append(args, zeroOutside(p.typ, qual))
			}
		}
		if o.body != nil {
			switch {
			case o.body.kind == bRaw:
				text := ""
				if o.body.example.Present {
					if s, ok := o.body.example.Value.(string); ok {
						text = s
					} else {
						text = ecma.MarshalString(o.body.example.Value, false)
					}
				}
				args = append(args, jen.Qual("strings", "NewReader").Call(jen.Lit(text)))
			case o.body.example.Present && o.body.example.Value == nil:
				// A null example is the type's zero value (null for a map,
				// a slice or any); a literal nil has no type to declare.
				b.Var().Id("body").Add(o.body.typ.code(qual))
				args = append(args, jen.Op("&").Id("body"))
			case o.body.example.Present && (o.body.kind == bMultipart || small(o.body.example.Value)):
				b.Id("body").Op(":=").Add(lit.value(o.body.typ, o.body.example.Value))
				args = append(args, jen.Op("&").Id("body"))
			case o.body.example.Present:
				// A large example reads better, and formats far faster, as
				// the JSON it is than as a deep Go literal.
				b.Var().Id("body").Add(o.body.typ.code(qual))
				b.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Index().Byte().Parens(jen.Lit(ecma.MarshalString(o.body.example.Value, true))), jen.Op("&").Id("body")), jen.Err().Op("!=").Nil()).Block(
					jen.Qual("log", "Fatal").Call(jen.Err()))
				args = append(args, jen.Op("&").Id("body"))
			default:
				args = append(args, jen.Nil())
			}
		}
		if o.params != nil {
			args = append(args, o.paramsExample(lit, qual))
		}
		call := jen.Id("client").Dot(o.method).Call(args...)
		fatal := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
		switch o.result {
		case rNone:
			b.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
			b.Qual("fmt", "Println").Call(jen.Lit("ok"))
		case rRedirect:
			b.List(jen.Id("target"), jen.Err()).Op(":=").Add(call)
			b.Add(fatal)
			b.Qual("fmt", "Println").Call(jen.Id("target"))
		case rBinary:
			b.List(jen.Id("res"), jen.Err()).Op(":=").Add(call)
			b.Add(fatal)
			b.Defer().Id("res").Dot("Close").Call()
			b.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual("io", "Copy").Call(jen.Qual("os", "Stdout"), jen.Id("res")), jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
		case rJSON:
			b.List(jen.Id("res"), jen.Err()).Op(":=").Add(call)
			b.Add(fatal)
			b.List(jen.Id("out"), jen.Err()).Op(":=").Qual("encoding/json", "MarshalIndent").Call(jen.Id("res"), jen.Lit(""), jen.Lit("  "))
			b.Add(fatal)
			b.Qual("fmt", "Println").Call(jen.String().Call(jen.Id("out")))
		}
	})
	return f
}

func zeroOutside(t *goType, qual func(string) *jen.Statement) jen.Code {
	if t.kind == kNamed && t.decl.kind == dEnum {
		return qual(t.decl.name).Call(zeroValue(t.decl.enumBase))
	}
	return zeroValue(t)
}

// literals renders example JSON values as Go expressions of given types,
// outside the package.
type literals struct {
	qual func(string) *jen.Statement
}

// field renders v for a struct field, wrapped as the field holds it.
func (l *literals) field(f *field, v ecma.Value) jen.Code {
	switch f.wrap {
	case wOpt:
		if v == nil {
			return l.qual("Null").Types(f.typ.code(l.qual)).Call()
		}
		// Some infers its type from a typed value; untyped number
		// constants need it spelled out (also through an alias of a number
		// type: type Limit = int64), and so do collections, whose literal
		// is an untyped nil when the example is of another type.
		base := f.typ
		for base.kind == kNamed && base.decl.kind == dAlias {
			base = base.decl.alias
		}
		if base.kind == kScalar && (base.builtin == "int64" || base.builtin == "float64") ||
			base.kind == kSlice || base.kind == kMap || base.kind == kAnyMap {
			return l.qual("Some").Types(f.typ.code(l.qual)).Call(l.value(f.typ, v))
		}
		return l.qual("Some").Call(l.value(f.typ, v))
	case wPtr:
		if v == nil {
			return jen.Nil()
		}
		return jen.Op("&").Add(l.value(f.typ, v))
	}
	return l.value(f.typ, v)
}

func (l *literals) value(t *goType, v ecma.Value) jen.Code {
	switch t.kind {
	case kScalar:
		switch t.builtin {
		case "string":
			if s, ok := v.(string); ok {
				return jen.Lit(s)
			}
			if v != nil {
				return jen.Lit(ecma.MarshalString(v, false))
			}
			return jen.Lit("")
		case "bool":
			b, _ := v.(bool)
			return jen.Lit(b)
		case "int64":
			n, _ := v.(float64)
			return jen.Lit(int(n))
		case "float64":
			n, _ := v.(float64)
			return jen.Lit(n)
		}
	case kTime:
		s, _ := v.(string)
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return jen.Qual("time", "Time").Values()
		}
		tm = tm.UTC()
		return jen.Qual("time", "Date").Call(jen.Lit(tm.Year()), jen.Qual("time", tm.Month().String()), jen.Lit(tm.Day()),
			jen.Lit(tm.Hour()), jen.Lit(tm.Minute()), jen.Lit(tm.Second()), jen.Lit(tm.Nanosecond()), jen.Qual("time", "UTC"))
	case kRaw:
		return jen.Qual("encoding/json", "RawMessage").Call(jen.Lit(ecma.MarshalString(v, false)))
	case kAnyMap:
		o, ok := v.(*ecma.Object)
		if !ok {
			return jen.Nil()
		}
		return jen.Map(jen.String()).Any().Values(l.anyDict(o))
	case kSlice:
		arr, ok := v.([]ecma.Value)
		if !ok {
			return jen.Nil()
		}
		return jen.Index().Add(t.elem.code(l.qual)).ValuesFunc(func(g *jen.Group) {
			for _, x := range arr {
				g.Add(l.value(t.elem, x))
			}
		})
	case kMap:
		o, ok := v.(*ecma.Object)
		if !ok {
			return jen.Nil()
		}
		return jen.Map(jen.String()).Add(t.elem.code(l.qual)).Values(l.dict(o, func(x ecma.Value) jen.Code { return l.value(t.elem, x) }))
	case kReader:
		s, _ := v.(string)
		return jen.Qual("strings", "NewReader").Call(jen.Lit(s))
	case kNamed:
		return l.named(t, v)
	}
	return jen.Nil()
}

func (l *literals) named(t *goType, v ecma.Value) jen.Code {
	d := t.decl
	switch d.kind {
	case dStruct:
		o, ok := v.(*ecma.Object)
		if !ok {
			return l.qual(d.name).Values()
		}
		var items []jen.Code
		for _, f := range d.fields {
			x, ok := o.Get(f.json)
			if !ok {
				continue
			}
			if x == nil && f.wrap == wPlain && (f.typ.collection() || f.typ.selfNull()) && f.typ.kind != kRaw {
				continue
			}
			items = append(items, jen.Id(f.name).Op(":").Add(l.field(f, x)))
		}
		if len(items) == 0 {
			return l.qual(d.name).Values()
		}
		return l.qual(d.name).Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, items...)
	case dEnum:
		for _, c := range d.consts {
			if ecma.MarshalString(c.value, false) == ecma.MarshalString(v, false) {
				return l.qual(c.name)
			}
		}
		return l.qual(d.name).Call(l.value(d.enumBase, v))
	case dUnion:
		for _, vr := range d.variants {
			if fits(vr.typ, v) {
				return l.qual(vr.constructor).Call(l.value(vr.typ, v))
			}
		}
		return l.qual(d.name).Values()
	case dSlice, dMap:
		inner := &goType{kind: kSlice, elem: d.alias}
		if d.kind == dMap {
			inner.kind = kMap
		}
		return l.qual(d.name).Call(l.value(inner, v))
	case dAlias:
		return l.value(d.alias, v)
	}
	return jen.Nil()
}

// fits reports whether the JSON value v is of t's JSON kind.
func fits(t *goType, v ecma.Value) bool {
	switch t.kind {
	case kScalar:
		switch v := v.(type) {
		case string:
			return t.builtin == "string"
		case bool:
			return t.builtin == "bool"
		case float64:
			return t.builtin == "float64" || t.builtin == "int64" && v == float64(int64(v))
		}
		return false
	case kTime:
		s, ok := v.(string)
		if ok {
			_, err := time.Parse(time.RFC3339Nano, s)
			return err == nil
		}
		return false
	case kRaw:
		return true
	case kAnyMap, kMap:
		_, ok := v.(*ecma.Object)
		return ok
	case kSlice:
		_, ok := v.([]ecma.Value)
		return ok
	case kNamed:
		switch t.decl.kind {
		case dStruct, dMap:
			_, ok := v.(*ecma.Object)
			return ok
		case dSlice:
			_, ok := v.([]ecma.Value)
			return ok
		case dEnum:
			return fits(t.decl.enumBase, v)
		case dAlias:
			return fits(t.decl.alias, v)
		}
	}
	return false
}

func (l *literals) dict(o *ecma.Object, val func(ecma.Value) jen.Code) jen.Dict {
	d := jen.Dict{}
	keys := append([]string(nil), o.Keys()...)
	sort.Strings(keys)
	for _, k := range keys {
		x, _ := o.Get(k)
		d[jen.Lit(k)] = val(x)
	}
	return d
}

func (l *literals) anyDict(o *ecma.Object) jen.Dict { return l.dict(o, l.anyValue) }

func (l *literals) anyValue(v ecma.Value) jen.Code {
	switch x := v.(type) {
	case nil:
		return jen.Nil()
	case bool:
		return jen.Lit(x)
	case float64:
		return jen.Lit(x)
	case string:
		return jen.Lit(x)
	case []ecma.Value:
		return jen.Index().Any().ValuesFunc(func(g *jen.Group) {
			for _, e := range x {
				g.Add(l.anyValue(e))
			}
		})
	case *ecma.Object:
		return jen.Map(jen.String()).Any().Values(l.anyDict(x))
	}
	return jen.Nil()
}

// small reports whether an example is small enough to write as a Go
// literal: at most 60 values, nested at most 4 deep.
func small(v ecma.Value) bool {
	n := 0
	var walk func(v ecma.Value, depth int) bool
	walk = func(v ecma.Value, depth int) bool {
		n++
		if n > 60 || depth > 4 {
			return false
		}
		switch t := v.(type) {
		case *ecma.Object:
			for i := range t.Len() {
				_, x := t.At(i)
				if !walk(x, depth+1) {
					return false
				}
			}
		case []ecma.Value:
			for _, x := range t {
				if !walk(x, depth+1) {
					return false
				}
			}
		}
		return true
	}
	return walk(v, 0)
}

// paramsExample is the params argument of a call with the documented
// example values: &XxxParams{...}, or nil when no parameter has one.
func (o *opInfo) paramsExample(lit *literals, qual func(string) *jen.Statement) jen.Code {
	d := jen.Dict{}
	for _, pf := range o.pfields {
		if pf.p.Example.Present {
			d[jen.Id(pf.f.name)] = lit.field(pf.f, pf.p.Example.Value)
		}
	}
	if len(d) == 0 {
		return jen.Nil()
	}
	return jen.Op("&").Add(qual(o.params.name)).Values(d)
}
