package specdiff

import (
	"fmt"
	"go/types"
	"strings"
)

// incompatible lists the changes from old to new of a package's exported
// API that can break code using it, as "name: what" in the terms of
// golang.org/x/exp/apidiff ("BoardResponse.Name: removed", "(*Client).M:
// changed from func(...) to func(...)").
//
// It is not apidiff: apidiff pairs a generic type's parameters with the
// first instantiations it meets, so a field going from Opt[int64] to int64
// (a query parameter becoming required) comes out as "Opt: changed from
// struct{...} to int64" plus phantom changes of every other Opt[int64]
// field, and the field itself is not named. Types here correspond by name,
// which is how the generated client names them, and are compared as
// written, without parameter names; constants' values are left out
// (DefaultUserAgent follows info.version; no caller's code depends on it).
func incompatible(oldPkg, newPkg *types.Package) []string {
	str := func(t types.Type) string {
		return types.TypeString(t, func(p *types.Package) string {
			if p == oldPkg || p == newPkg {
				return ""
			}
			return p.Name()
		})
	}
	changed := func(name string, from, to string) string {
		return fmt.Sprintf("%s: changed from %s to %s", name, from, to)
	}
	var out []string
	for _, name := range oldPkg.Scope().Names() {
		o := oldPkg.Scope().Lookup(name)
		if !o.Exported() {
			continue
		}
		n := newPkg.Scope().Lookup(name)
		if n == nil {
			out = append(out, name+": removed")
			continue
		}
		ot, isType := o.(*types.TypeName)
		nt, stillType := n.(*types.TypeName)
		switch {
		case isType != stillType:
			out = append(out, changed(name, objectString(o, str), objectString(n, str)))
		case isType:
			out = append(out, typeChanges(name, ot, nt, str)...)
		default:
			if from, to := signatureString(o.Type(), str), signatureString(n.Type(), str); from != to {
				out = append(out, changed(name, from, to))
			}
		}
	}
	return out
}

func objectString(o types.Object, str func(types.Type) string) string {
	if _, ok := o.(*types.TypeName); ok {
		return "type"
	}
	return signatureString(o.Type(), str)
}

// typeChanges compares two declarations of a type: its exported fields,
// interface methods, or underlying type, then its exported methods.
func typeChanges(name string, o, n *types.TypeName, str func(types.Type) string) []string {
	var out []string
	add := func(member, what string) { out = append(out, member+": "+what) }
	ou, nu := o.Type().Underlying(), n.Type().Underlying()
	os, oStruct := ou.(*types.Struct)
	ns, nStruct := nu.(*types.Struct)
	oi, oIface := ou.(*types.Interface)
	ni, nIface := nu.(*types.Interface)
	switch {
	case oStruct && nStruct:
		nf := map[string]*types.Var{}
		for f := range ns.Fields() {
			nf[f.Name()] = f
		}
		for f := range os.Fields() {
			if !f.Exported() {
				continue
			}
			g := nf[f.Name()]
			switch {
			case g == nil || !g.Exported():
				add(name+"."+f.Name(), "removed")
			case str(f.Type()) != str(g.Type()):
				add(name+"."+f.Name(), fmt.Sprintf("changed from %s to %s", str(f.Type()), str(g.Type())))
			}
		}
	case oIface && nIface:
		// Every method matters: callers use the old ones, implementations
		// (mocks of API) lack the new ones.
		om := map[string]*types.Func{}
		for m := range oi.Methods() {
			om[m.Name()] = m
		}
		for m := range ni.Methods() {
			if om[m.Name()] == nil {
				add(name+"."+m.Name(), "added")
			}
		}
		for m := range oi.Methods() {
			g, _, _ := types.LookupFieldOrMethod(ni, false, m.Pkg(), m.Name())
			switch g := g.(type) {
			case nil:
				add(name+"."+m.Name(), "removed")
			case *types.Func:
				if from, to := signatureString(m.Type(), str), signatureString(g.Type(), str); from != to {
					add(name+"."+m.Name(), fmt.Sprintf("changed from %s to %s", from, to))
				}
			}
		}
		return out
	default:
		if from, to := signatureString(ou, str), signatureString(nu, str); from != to {
			add(name, fmt.Sprintf("changed from %s to %s", from, to))
		}
	}
	// Methods, on the value or the pointer.
	nms := types.NewMethodSet(types.NewPointer(n.Type()))
	oms := types.NewMethodSet(types.NewPointer(o.Type()))
	for sel := range oms.Methods() {
		m := sel.Obj().(*types.Func)
		if !m.Exported() {
			continue
		}
		recv := name
		if sig := m.Type().(*types.Signature); sig.Recv() != nil {
			if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
				recv = "(*" + name + ")"
			}
		}
		g := nms.Lookup(m.Pkg(), m.Name())
		if g == nil {
			add(recv+"."+m.Name(), "removed")
			continue
		}
		if from, to := signatureString(m.Type(), str), signatureString(g.Obj().Type(), str); from != to {
			add(recv+"."+m.Name(), fmt.Sprintf("changed from %s to %s", from, to))
		}
	}
	return out
}

// signatureString writes a type, and a function's type without its
// parameter names, which callers do not depend on.
func signatureString(t types.Type, str func(types.Type) string) string {
	sig, ok := t.(*types.Signature)
	if !ok {
		return str(t)
	}
	list := func(vars *types.Tuple, variadic bool) string {
		var parts []string
		for i := range vars.Len() {
			t := vars.At(i).Type()
			if variadic && i == vars.Len()-1 {
				parts = append(parts, "..."+str(t.(*types.Slice).Elem()))
				continue
			}
			parts = append(parts, str(t))
		}
		return strings.Join(parts, ", ")
	}
	s := "func(" + list(sig.Params(), sig.Variadic()) + ")"
	switch r := sig.Results(); r.Len() {
	case 0:
	case 1:
		s += " " + list(r, false)
	default:
		s += " (" + list(r, false) + ")"
	}
	return s
}
