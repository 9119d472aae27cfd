package types

import (
	"strings"
)

// kind is the kind of a type node, as far as printing and the
// parenthesising and de-duplicating rules of the TypeScript factory tell
// them apart.
type kind int

const (
	kKeyword      kind = iota // text: string, number, boolean, never, unknown, undefined
	kNull                     // the literal type null
	kTrue                     // true
	kFalse                    // false
	kNumber                   // a numeric literal type; text may start with "-"
	kConst                    // a string constant, text is its JSON (openapi-typescript's identifier workaround)
	kRef                      // a type reference: text is the name, args its type arguments
	kIndexed                  // args[0]["<text>"]
	kArray                    // args[0][]
	kTuple                    // [args...]
	kUnion                    // args joined by " | "
	kIntersection             // args joined by " & "
	kLiteral                  // { members }
	kParen                    // (args[0])
)

// node is one TypeScript type.
type node struct {
	kind    kind
	text    string
	args    []*node
	members []*member
}

// member is a property signature or, when index is set, an index
// signature "[param: string]: typ".
type member struct {
	index    bool
	param    string
	readonly bool
	name     string // printed name: identifier, numeric literal or quoted string
	optional bool
	typ      *node
	// comment is the text between "/*" and "*/" of the leading JSDoc comment, or "".
	comment string
}

var (
	tString  = &node{kind: kKeyword, text: "string"}
	tNumber  = &node{kind: kKeyword, text: "number"}
	tBoolean = &node{kind: kKeyword, text: "boolean"}
	tNever   = &node{kind: kKeyword, text: "never"}
	tUnknown = &node{kind: kKeyword, text: "unknown"}
	tNull    = &node{kind: kNull}
	tTrue    = &node{kind: kTrue}
	tFalse   = &node{kind: kFalse}
)

// isPrimitive is openapi-typescript's tsIsPrimitive.
func isPrimitive(n *node) bool {
	if n == nil {
		return true
	}
	switch n.kind {
	case kNull:
		return true
	case kKeyword:
		return n.text != "unknown"
	}
	return false
}

// dedupe is tsDedupe: later repeats of a primitive keyword type are dropped.
func dedupe(types []*node) []*node {
	seen := map[string]bool{}
	out := make([]*node, 0, len(types))
	for _, t := range types {
		if isPrimitive(t) {
			key := t.text
			if t.kind == kNull {
				key = "null"
			}
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		out = append(out, t)
	}
	return out
}

// paren wraps unions and intersections, as the TypeScript factory does for
// members of unions and intersections and for array element types.
func paren(n *node) *node {
	if n.kind == kUnion || n.kind == kIntersection {
		return &node{kind: kParen, args: []*node{n}}
	}
	return n
}

func parenAll(types []*node) []*node {
	out := make([]*node, len(types))
	for i, t := range types {
		out[i] = paren(t)
	}
	return out
}

// union is tsUnion.
func union(types []*node) *node {
	switch len(types) {
	case 0:
		return tNever
	case 1:
		return types[0]
	}
	return &node{kind: kUnion, args: parenAll(dedupe(types))}
}

// rawUnion is ts.factory.createUnionTypeNode, without de-duplication.
func rawUnion(types []*node) *node { return &node{kind: kUnion, args: parenAll(types)} }

// intersection is tsIntersection.
func intersection(types []*node) *node {
	switch len(types) {
	case 0:
		return tNever
	case 1:
		return types[0]
	}
	return &node{kind: kIntersection, args: parenAll(dedupe(types))}
}

func arrayOf(elem *node) *node { return &node{kind: kArray, args: []*node{paren(elem)}} }

func ref(name string, args ...*node) *node { return &node{kind: kRef, text: name, args: args} }

func indexed(obj *node, key string) *node {
	return &node{kind: kIndexed, text: key, args: []*node{obj}}
}

func literal(members []*member) *node { return &node{kind: kLiteral, members: members} }

func record(key, value *node) *node { return ref("Record", key, value) }

// printer writes statements the way TypeScript's printer does with
// openapi-typescript's options: four-space indentation, line feeds.
type printer struct {
	b strings.Builder
}

func (p *printer) indent(depth int) {
	for range depth {
		p.b.WriteString("    ")
	}
}

// interfaceDecl prints "export interface name { members }".
func (p *printer) interfaceDecl(name string, members []*member) {
	p.b.WriteString("export interface ")
	p.b.WriteString(name)
	p.b.WriteString(" {\n")
	p.members(members, 1)
	p.b.WriteString("}\n")
}

// aliasDecl prints "export type name = typ;".
func (p *printer) aliasDecl(name string, typ *node) {
	p.b.WriteString("export type ")
	p.b.WriteString(name)
	p.b.WriteString(" = ")
	p.typ(typ, 0)
	p.b.WriteString(";\n")
}

func (p *printer) members(members []*member, depth int) {
	for _, m := range members {
		if m.comment != "" {
			p.comment(m.comment, depth)
		}
		p.indent(depth)
		if m.index {
			p.b.WriteString("[")
			p.b.WriteString(m.param)
			p.b.WriteString(": string]: ")
		} else {
			if m.readonly {
				p.b.WriteString("readonly ")
			}
			p.b.WriteString(m.name)
			if m.optional {
				p.b.WriteString("?")
			}
			p.b.WriteString(": ")
		}
		p.typ(m.typ, depth)
		p.b.WriteString(";\n")
	}
}

func (p *printer) typ(n *node, depth int) {
	switch n.kind {
	case kKeyword, kNumber, kConst:
		p.b.WriteString(n.text)
	case kNull:
		p.b.WriteString("null")
	case kTrue:
		p.b.WriteString("true")
	case kFalse:
		p.b.WriteString("false")
	case kRef:
		p.b.WriteString(n.text)
		if len(n.args) > 0 {
			p.b.WriteString("<")
			for i, a := range n.args {
				if i > 0 {
					p.b.WriteString(", ")
				}
				p.typ(a, depth)
			}
			p.b.WriteString(">")
		}
	case kIndexed:
		p.typ(n.args[0], depth)
		p.b.WriteString("[")
		p.b.WriteString(quote(n.text))
		p.b.WriteString("]")
	case kArray:
		p.typ(n.args[0], depth)
		p.b.WriteString("[]")
	case kTuple:
		// Tuples the factory made print one element a line.
		p.b.WriteString("[\n")
		for i, a := range n.args {
			if i > 0 {
				p.b.WriteString(",\n")
			}
			p.indent(depth + 1)
			p.typ(a, depth+1)
		}
		if len(n.args) > 0 {
			p.b.WriteString("\n")
		}
		p.indent(depth)
		p.b.WriteString("]")
	case kUnion, kIntersection:
		sep := " | "
		if n.kind == kIntersection {
			sep = " & "
		}
		for i, a := range n.args {
			if i > 0 {
				p.b.WriteString(sep)
			}
			p.typ(a, depth)
		}
	case kParen:
		p.b.WriteString("(")
		p.typ(n.args[0], depth)
		p.b.WriteString(")")
	case kLiteral:
		p.b.WriteString("{\n")
		p.members(n.members, depth+1)
		p.indent(depth)
		p.b.WriteString("}")
	}
}
