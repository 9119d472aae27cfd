package golang

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// breakCycles makes struct fields that would contain their own struct by
// value pointers, field by field in declaration order (a field made a
// pointer may spare later ones). A path from a field's struct back to its
// own lies inside one strongly connected component of the by-value graph
// as it was before any change, so only fields within a component are
// searched, and only through it: linear for the acyclic rest. In a
// component of more than bigCycle structs (no real spec has one; a hostile
// one makes the search quadratic) every field inside it is a pointer.
func breakCycles(decls []*decl) {
	index := make(map[*decl]int, len(decls))
	for i, d := range decls {
		index[d] = i
	}
	comp := components(decls, index)
	size := map[int]int{}
	for _, c := range comp {
		size[c]++
	}
	seen := make([]int, len(decls))
	stamp := 0
	// reaches reports whether from contains to by value, within from's
	// component, through fields that are not pointers.
	var reaches func(from, to int) bool
	reaches = func(from, to int) bool {
		if from == to {
			return true
		}
		if seen[from] == stamp {
			return false
		}
		seen[from] = stamp
		for _, f := range decls[from].fields {
			if f.wrap == wPtr {
				continue
			}
			if next, ok := index[valueStruct(f.typ)]; ok && comp[next] == comp[from] && reaches(next, to) {
				return true
			}
		}
		return false
	}
	for i, d := range decls {
		if d.kind != dStruct {
			continue
		}
		for _, f := range d.fields {
			if f.wrap == wPtr {
				continue
			}
			target, ok := index[valueStruct(f.typ)]
			if !ok || comp[target] != comp[i] {
				continue
			}
			if size[comp[i]] > bigCycle {
				f.wrap = wPtr
				continue
			}
			stamp++
			if reaches(target, i) {
				f.wrap = wPtr
			}
		}
	}
}

const bigCycle = 500

// components numbers the strongly connected components of the graph of
// structs containing structs by value (Tarjan's algorithm).
func components(decls []*decl, index map[*decl]int) []int {
	comp := make([]int, len(decls))
	order := make([]int, len(decls)) // visit order + 1; 0: not visited
	low := make([]int, len(decls))
	onStack := make([]bool, len(decls))
	var stack []int
	next, count := 0, 0
	var visit func(v int)
	visit = func(v int) {
		next++
		order[v], low[v] = next, next
		stack = append(stack, v)
		onStack[v] = true
		for _, f := range decls[v].fields {
			if f.wrap == wPtr {
				continue
			}
			w, ok := index[valueStruct(f.typ)]
			if !ok {
				continue
			}
			if order[w] == 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], order[w])
			}
		}
		if low[v] == order[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = count
				if w == v {
					break
				}
			}
			count++
		}
	}
	for v := range decls {
		if order[v] == 0 {
			visit(v)
		}
	}
	return comp
}

// valueStruct returns the struct a value of t contains by value, or nil.
func valueStruct(t *goType) *decl {
	for t != nil && t.kind == kNamed {
		switch t.decl.kind {
		case dStruct:
			return t.decl
		case dAlias:
			t = t.decl.alias
			continue
		}
		return nil
	}
	return nil
}

// fieldType renders f's Go type inside the package.
func fieldType(f *field, qual func(string) *jen.Statement) *jen.Statement {
	switch f.wrap {
	case wOpt:
		return qual("Opt").Types(f.typ.code(qual))
	case wPtr:
		return jen.Op("*").Add(f.typ.code(qual))
	}
	return f.typ.code(qual)
}

func local(name string) *jen.Statement { return jen.Id(name) }

// renderDecls writes every declaration to f.
func renderDecls(f *jen.File, decls []*decl) {
	for _, d := range decls {
		switch d.kind {
		case dStruct:
			renderStruct(f, d)
		case dEnum:
			renderEnum(f, d)
		case dUnion:
			renderUnion(f, d)
		case dSlice:
			doc(f.Group, d.name+" is "+d.origin+".", d.doc)
			f.Type().Id(d.name).Index().Add(d.alias.code(local))
		case dMap:
			doc(f.Group, d.name+" is "+d.origin+".", d.doc)
			f.Type().Id(d.name).Map(jen.String()).Add(d.alias.code(local))
		case dAlias:
			doc(f.Group, d.name+" is "+d.origin+".", d.doc)
			f.Type().Id(d.name).Op("=").Add(d.alias.code(local))
		}
		f.Line()
	}
}

func renderStruct(f *jen.File, d *decl) {
	doc(f.Group, d.name+" is "+d.origin+".", d.doc)
	f.Type().Id(d.name).StructFunc(func(g *jen.Group) {
		for _, fl := range d.fields {
			text := fl.doc
			notes := []string{}
			if text == "" && !fl.required {
				// Without a description, the notes are the doc.
				notes = append(notes, "Optional.")
			}
			if fl.required {
				notes = append(notes, "Required.")
			}
			if fl.nullable {
				notes = append(notes, "Nullable.")
			}
			var deprecated string
			if fl.deprecated {
				deprecated = "Deprecated: the spec marks this property deprecated."
			}
			doc(g, text, strings.Join(notes, " "), deprecated)
			tag := fl.json
			if d.multipart {
				g.Id(fl.name).Add(fieldType(fl, local)).Tag(map[string]string{"form": fl.json})
				continue
			}
			if d.params {
				g.Id(fl.name).Add(fieldType(fl, local))
				continue
			}
			if !validTagName(fl.json) {
				// encoding/json cannot name this property; the field is
				// kept for completeness but never encoded.
				g.Id(fl.name).Add(fieldType(fl, local)).Tag(map[string]string{"json": "-"})
				continue
			}
			if fl.omit {
				if fl.wrap == wPtr {
					tag += ",omitempty"
				} else {
					tag += ",omitzero"
				}
			}
			g.Id(fl.name).Add(fieldType(fl, local)).Tag(map[string]string{"json": tag})
		}
	})
}

func renderEnum(f *jen.File, d *decl) {
	doc(f.Group, d.name+" is "+d.origin+". It is open: values other than its constants decode too.", d.doc)
	f.Type().Id(d.name).Add(d.enumBase.code(local))
	f.Line()
	doc(f.Group, "The values of "+d.name+".")
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, c := range d.consts {
			g.Id(c.name).Id(d.name).Op("=").Add(enumLit(d, c.value))
		}
	})
	f.Line()
	f.Comment("Valid reports whether v is one of the values the spec lists.")
	f.Func().Params(jen.Id("v").Id(d.name)).Id("Valid").Params().Bool().BlockFunc(func(g *jen.Group) {
		if len(d.consts) == 0 {
			g.Return(jen.False())
			return
		}
		g.Switch(jen.Id("v")).Block(
			jen.CaseFunc(func(g *jen.Group) {
				for _, c := range d.consts {
					g.Id(c.name)
				}
			}).Block(jen.Return(jen.True())),
		)
		g.Return(jen.False())
	})
}

func enumLit(d *decl, v ecma.Value) jen.Code {
	switch x := v.(type) {
	case string:
		return jen.Lit(x)
	case float64:
		if d.enumBase == tInt {
			return jen.Lit(int(x))
		}
		return jen.Lit(x)
	}
	return jen.Lit(ecma.MarshalString(v, false))
}

func renderUnion(f *jen.File, d *decl) {
	var kinds []string
	for _, v := range d.variants {
		kinds = append(kinds, v.accessor)
	}
	doc(f.Group, d.name+" is "+d.origin+": one of "+strings.Join(kinds, ", ")+". It keeps the raw JSON; read it with the As methods and build it with the From functions.", d.doc)
	f.Type().Id(d.name).Struct(jen.Id("u").Id("union"))
	f.Line()
	recv := jen.Id("x").Id(d.name)
	f.Comment("MarshalJSON writes the raw JSON, or null when unset.")
	f.Func().Params(recv.Clone()).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("x").Dot("u").Dot("marshal").Call()))
	f.Comment("UnmarshalJSON keeps the raw JSON.")
	f.Func().Params(jen.Id("x").Op("*").Id(d.name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Return(jen.Id("x").Dot("u").Dot("unmarshal").Call(jen.Id("data"))))
	f.Comment("IsZero reports whether x is unset, so that omitzero leaves it out.")
	f.Func().Params(recv.Clone()).Id("IsZero").Params().Bool().Block(
		jen.Return(jen.Len(jen.Id("x").Dot("u").Dot("raw")).Op("==").Lit(0)))
	f.Comment("Raw returns the raw JSON.")
	f.Func().Params(recv.Clone()).Id("Raw").Params().Qual("encoding/json", "RawMessage").Block(
		jen.Return(jen.Id("x").Dot("u").Dot("raw")))
	for _, v := range d.variants {
		t := v.typ.code(local)
		doc(f.Group, "As"+v.accessor+" decodes x as "+goTypeString(v.typ)+".")
		f.Func().Params(recv.Clone()).Id("As"+v.accessor).Params().Params(t.Clone(), jen.Error()).Block(
			jen.Var().Id("v").Add(t.Clone()),
			jen.Err().Op(":=").Id("x").Dot("u").Dot("as").Call(jen.Op("&").Id("v")),
			jen.Return(jen.Id("v"), jen.Err()),
		)
		doc(f.Group, v.constructor+" returns a "+d.name+" holding v.")
		f.Func().Id(v.constructor).Params(jen.Id("v").Add(t.Clone())).Id(d.name).Block(
			jen.Return(jen.Id(d.name).Values(jen.Dict{jen.Id("u"): jen.Id("unionOf").Call(jen.Id("v"))})))
	}
}

func goTypeString(t *goType) string {
	return strings.TrimSpace(jen.Var().Id("_").Add(t.code(local)).GoString()[len("var _ "):])
}

// validTagName reports whether encoding/json can use name as a key in a
// struct tag: not empty, no quote, backslash, comma or backquote.
func validTagName(name string) bool {
	return name != "" && name != "-" && !strings.ContainsAny(name, "\"\\,`")
}
