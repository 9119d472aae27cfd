package site

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/render"
)

// Direction says which side of an exchange a schema describes: readOnly
// fields are left out of requests, writeOnly fields out of responses.
type Direction int

const (
	// Both shows every field (component pages).
	Both Direction = iota
	Request
	Response
)

// Limits on what one tree shows, so that a large spec's pages stay small:
// named schemas nest inline down to inlineDepth on operation pages (on a
// component's page, other components link to their pages at once); no
// tree goes deeper than maxDepth or has more than maxRows rows.
const (
	inlineDepth = 3
	maxDepth    = 12
	maxRows     = 1500
	maxEnum     = 40
	maxValueLen = 400
)

// Tree is a schema body as a page shows it: the fields of an object (or of
// an array's items), its variants, or a link where expansion stops.
type Tree struct {
	Fields []*Field
	// Extra is the additionalProperties row of an open map, or nil.
	Extra    *Field
	Variants *Variants
	// Link points to the component page where the tree stops: a cycle
	// (Recursive) or the depth limit.
	Link      *Link
	Recursive bool
	// Cut reports a tree cut at the depth or row limit without a page to link.
	Cut bool
}

// Field is one row of a tree: a property, a parameter, a header or the
// additionalProperties of a map.
type Field struct {
	// ID is the row's element id ("field-…"), unique on the page.
	ID, Name string
	// In is a parameter's location; "" for other rows.
	In string
	TypeInfo
	Required, Nullable, Deprecated, ReadOnly, WriteOnly bool
	Facts
	Doc template.HTML
	// Body holds the nested fields, or nil for a leaf.
	Body *Tree
	// Open says whether a nested row starts unfolded.
	Open bool
}

// TypeInfo is a schema's type as text, with the page of its component.
type TypeInfo struct {
	Type, TypeHref string
}

// Facts are the values and constraints a row lists.
type Facts struct {
	Enum                    []string
	EnumMore                int
	Default, Const, Example string
	Constraints             []string
	Pattern                 string
}

// Variants are a oneOf/anyOf's alternatives, shown as tabs.
type Variants struct {
	// Kind is "One of" or "Any of".
	Kind string
	// ID prefixes the tab and panel ids.
	ID string
	// Discriminator is the property that selects the variant, or "".
	Discriminator string
	Tabs          []*Variant
}

// Variant is one tab of Variants.
type Variant struct {
	ID, Label string
	TypeInfo
	Facts
	Doc  template.HTML
	Body *Tree
}

// SchemaPage is a component's page.
type SchemaPage struct {
	Name, File string
	TypeInfo
	Facts
	Nullable, Deprecated bool
	Doc                  template.HTML
	Body                 *Tree
}

// trees renders schemas of one API into Trees. Its schema set is fully
// built before pages render in parallel; expansion only reads it.
type trees struct {
	md goldmark.Markdown
	// files maps each component to its page's file name.
	files map[*model.Schema]string
	docs  sync.Map // description → template.HTML
}

// walk is the state of expanding one tree.
type walk struct {
	t    *trees
	dir  Direction
	rows int
	// root is the prefix of links from the page to the site folder.
	root string
	// stack holds the schemas being expanded, to cut cycles.
	stack []*model.Schema
	// inline is the depth from which a named schema links to its page.
	inline int
}

func (t *trees) walk(dir Direction, root string) *walk {
	return &walk{t: t, dir: dir, root: root, inline: inlineDepth}
}

// doc renders a description as markdown: the text goes through
// render.Block (no raw HTML, no link, no block of the spec's making) and
// goldmark without html.WithUnsafe.
func (t *trees) doc(text string) template.HTML {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if h, ok := t.docs.Load(text); ok {
		return h.(template.HTML)
	}
	var buf bytes.Buffer
	if err := t.md.Convert([]byte(render.Block(text)), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(text))
	}
	h := template.HTML(buf.String())
	t.docs.Store(text, h)
	return h
}

// FieldID is the element id of a tree row: "field-" and the path's
// segments joined by ".", each segment's characters other than ASCII
// letters, digits, '-' and '_' written as "~" and two hex digits, so that
// the id is unique for each path and safe in a URL fragment. The rows of
// a map's values and of variants get segments of the site's own that no
// name yields ("~map", "~v1", ...).
func FieldID(path ...string) string {
	segs := make([]string, len(path))
	for i, p := range path {
		segs[i] = idSegment(p)
	}
	return joinID(segs)
}

// joinID is the id of a path of escaped segments.
func joinID(segs []string) string { return "field-" + strings.Join(segs, ".") }

func idSegment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "~%02X", c)
		}
	}
	return b.String()
}

// typeOf is a schema's type label, linked to its component's page when it
// is one.
func (w *walk) typeOf(s *model.Schema) TypeInfo {
	r, _ := s.Resolved()
	if r == nil {
		return TypeInfo{Type: "any"}
	}
	if r.Name != "" {
		if f, ok := w.t.files[r]; ok {
			return TypeInfo{Type: r.Name, TypeHref: w.root + "schemas/" + f}
		}
	}
	switch {
	case r.Type == "array" && r.Items != nil:
		items := w.typeOf(r.Items)
		return TypeInfo{Type: "array of " + items.Type, TypeHref: items.TypeHref}
	case r.Type != "" && r.Format != "":
		return TypeInfo{Type: r.Type + " (" + r.Format + ")"}
	case r.Type != "":
		return TypeInfo{Type: r.Type}
	case len(r.OneOf) > 0:
		return TypeInfo{Type: "one of"}
	case len(r.AnyOf) > 0:
		return TypeInfo{Type: "any of"}
	case len(r.AllOf) > 0 || len(r.Properties) > 0:
		return TypeInfo{Type: "object"}
	}
	return TypeInfo{Type: "any"}
}

// merged is an object schema with its allOf parts laid together.
type merged struct {
	props    []*model.Property
	required map[string]bool
	extra    *model.Schema
	open     bool
	oneOf    []*model.Schema
	anyOf    []*model.Schema
	disc     string
	mapping  []model.DiscriminatorCase
	items    *model.Schema
}

func (w *walk) merge(s *model.Schema, m *merged, seen map[*model.Schema]bool) {
	r, _ := s.Resolved()
	if r == nil || seen[r] {
		return
	}
	seen[r] = true
	for _, part := range r.AllOf {
		w.merge(part, m, seen)
	}
	for _, p := range r.Properties {
		if p.Required {
			m.required[p.Name] = true
		}
		replaced := false
		for i, q := range m.props {
			if q.Name == p.Name {
				m.props[i] = p
				replaced = true
			}
		}
		if !replaced {
			m.props = append(m.props, p)
		}
	}
	if r.AdditionalProperties != nil {
		m.extra = r.AdditionalProperties
	}
	m.open = m.open || r.AdditionalAllowed
	if len(r.OneOf) > 0 {
		m.oneOf = r.OneOf
	}
	if len(r.AnyOf) > 0 {
		m.anyOf = r.AnyOf
	}
	if r.Discriminator != "" {
		m.disc = r.Discriminator
		m.mapping = r.Detail.Mapping
	}
	if r.Items != nil {
		m.items = r.Items
	}
}

// Tree expands schema s, whose rows get ids under path (escaped segments,
// the first naming the tree on its page). depth counts the trees above.
func (w *walk) Tree(s *model.Schema, path []string, depth int) *Tree {
	r, _ := s.Resolved()
	if r == nil {
		return nil
	}
	for _, on := range w.stack {
		if on == r {
			return &Tree{Recursive: true, Link: w.link(r)}
		}
	}
	// An array's tree is its items' tree.
	for r.Type == "array" && r.Items != nil && len(r.Properties) == 0 && len(r.AllOf) == 0 {
		items, _ := r.Items.Resolved()
		if items == nil || items == r {
			return nil
		}
		r = items
		for _, on := range w.stack {
			if on == r {
				return &Tree{Recursive: true, Link: w.link(r)}
			}
		}
	}
	if !expandable(r) {
		return nil
	}
	if depth > maxDepth || w.rows > maxRows || (depth >= w.inline && r.Name != "" && w.t.files[r] != "") {
		if l := w.link(r); l != nil {
			return &Tree{Link: l}
		}
		return &Tree{Cut: true}
	}
	// The schema and its allOf parts are being expanded: a field that
	// refers back to any of them is a cycle.
	m := &merged{required: map[string]bool{}}
	parts := map[*model.Schema]bool{}
	w.merge(r, m, parts)
	n := len(w.stack)
	w.stack = append(w.stack, r)
	for part := range parts {
		if part != r {
			w.stack = append(w.stack, part)
		}
	}
	defer func() { w.stack = w.stack[:n] }()
	tree := &Tree{}
	for _, p := range m.props {
		ps, _ := p.Schema.Resolved()
		readOnly := p.Schema.ReadOnly || ps != nil && ps.ReadOnly
		writeOnly := p.Schema.WriteOnly || ps != nil && ps.WriteOnly
		if w.dir == Request && readOnly || w.dir == Response && writeOnly {
			continue
		}
		f := w.Field(p.Name, p.Schema, append(path, idSegment(p.Name)), depth)
		f.Required = m.required[p.Name]
		tree.Fields = append(tree.Fields, f)
	}
	if m.extra != nil {
		tree.Extra = w.Field("{key}", m.extra, append(path, "~map"), depth)
	}
	variants, kind := m.oneOf, "One of"
	if len(variants) == 0 {
		variants, kind = m.anyOf, "Any of"
	}
	if len(variants) == 0 && len(m.mapping) > 0 {
		// A discriminator with a mapping and no oneOf still names the variants.
		for _, c := range m.mapping {
			if c.Schema != nil {
				variants = append(variants, c.Schema)
			}
		}
		kind = "One of"
	}
	if len(variants) > 0 {
		v := &Variants{Kind: kind, ID: joinID(path) + "~of", Discriminator: m.disc}
		for i, vs := range variants {
			vr, _ := vs.Resolved()
			label := ""
			for _, c := range m.mapping {
				if c.Schema != nil && c.Schema == vr {
					label = c.Value
					break
				}
			}
			if label == "" && vr != nil {
				label = strings.TrimSpace(vr.Title)
				if label == "" {
					label = vr.Name
				}
			}
			if label == "" {
				label = w.typeOf(vs).Type
			}
			tab := &Variant{ID: v.ID + "-" + strconv.Itoa(i+1), Label: label, TypeInfo: w.typeOf(vs), Doc: w.t.doc(docOf(vs, vr))}
			tab.Facts = w.facts(vs, vr)
			tab.Body = w.Tree(vs, append(path[:len(path):len(path)], "~v"+strconv.Itoa(i+1)), depth+1)
			v.Tabs = append(v.Tabs, tab)
		}
		tree.Variants = v
	}
	return tree
}

// expandable reports whether a schema has anything a tree shows.
func expandable(r *model.Schema) bool {
	return len(r.Properties) > 0 || len(r.AllOf) > 0 || len(r.OneOf) > 0 || len(r.AnyOf) > 0 ||
		r.AdditionalProperties != nil || len(r.Detail.Mapping) > 0
}

func (w *walk) link(r *model.Schema) *Link {
	if f, ok := w.t.files[r]; ok {
		return &Link{ID: r.Name, Href: w.root + "schemas/" + f}
	}
	return nil
}

func docOf(s, r *model.Schema) string {
	if d := s.Doc(); d != "" {
		return d
	}
	return r.Doc()
}

// Field is the row of a schema s called name; path ends with its segment.
func (w *walk) Field(name string, s *model.Schema, path []string, depth int) *Field {
	w.rows++
	path = path[:len(path):len(path)]
	r, nullable := s.Resolved()
	f := &Field{ID: joinID(path), Name: name, TypeInfo: w.typeOf(s), Nullable: nullable, Open: depth == 0}
	if r == nil {
		return f
	}
	f.Deprecated = s.Deprecated || r.Deprecated
	f.ReadOnly = s.ReadOnly || r.ReadOnly
	f.WriteOnly = s.WriteOnly || r.WriteOnly
	f.Doc = w.t.doc(docOf(s, r))
	f.Facts = w.facts(s, r)
	f.Body = w.Tree(s, path, depth+1)
	return f
}

// facts lists the values and constraints of s (a reference's siblings
// first) and r, what it resolves to.
func (w *walk) facts(s, r *model.Schema) Facts {
	var f Facts
	if r == nil {
		return f
	}
	pick := func(get func(*model.Schema) model.Example) model.Example {
		if e := get(s); e.Present {
			return e
		}
		return get(r)
	}
	target := r
	// An array's constraints are its own; its items' values are the items'.
	for i := 0; i < 8 && target.Type == "array" && target.Items != nil; i++ {
		items, _ := target.Items.Resolved()
		if items == nil {
			break
		}
		f.Constraints = append(f.Constraints, constraints(target)...)
		target = items
	}
	for i, e := range target.Enum {
		if i == maxEnum {
			f.EnumMore = len(target.Enum) - maxEnum
			break
		}
		f.Enum = append(f.Enum, value(e))
	}
	if e := pick(func(x *model.Schema) model.Example { return x.Detail.Default }); e.Present {
		f.Default = value(e.Value)
	}
	if e := pick(func(x *model.Schema) model.Example { return x.Detail.Const }); e.Present {
		f.Const = value(e.Value)
	}
	if e := pick(func(x *model.Schema) model.Example { return x.Example }); e.Present {
		f.Example = value(e.Value)
	} else if len(r.Detail.Examples) > 0 {
		f.Example = value(r.Detail.Examples[0])
	}
	f.Constraints = append(f.Constraints, constraints(target)...)
	f.Pattern = target.Detail.Pattern
	return f
}

// value is a JSON value as a row shows it, shortened when long.
func value(v ecma.Value) string {
	s := ecma.MarshalString(v, false)
	if len(s) > maxValueLen {
		cut := maxValueLen
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// constraints are a schema's validation keywords in words.
func constraints(s *model.Schema) []string {
	d := s.Detail
	var out []string
	num := func(v ecma.Value) string { return ecma.MarshalString(v, false) }
	bound := func(v, exclusive ecma.Value, incl, excl string) {
		switch {
		case exclusive != nil && exclusive != true:
			out = append(out, excl+" "+num(exclusive))
		case v != nil && exclusive == true:
			out = append(out, excl+" "+num(v))
		case v != nil:
			out = append(out, incl+" "+num(v))
		}
	}
	bound(d.Minimum, d.ExclusiveMinimum, ">=", ">")
	bound(d.Maximum, d.ExclusiveMaximum, "<=", "<")
	if d.MultipleOf != nil {
		out = append(out, "multiple of "+num(d.MultipleOf))
	}
	span := func(lo, hi ecma.Value, unit string) {
		switch {
		case lo != nil && hi != nil && num(lo) == num(hi):
			out = append(out, num(lo)+" "+unit)
		case lo != nil && hi != nil:
			out = append(out, num(lo)+" to "+num(hi)+" "+unit)
		case lo != nil:
			out = append(out, ">= "+num(lo)+" "+unit)
		case hi != nil:
			out = append(out, "<= "+num(hi)+" "+unit)
		}
	}
	span(d.MinLength, d.MaxLength, "characters")
	span(d.MinItems, d.MaxItems, "items")
	if d.UniqueItems {
		out = append(out, "unique items")
	}
	span(d.MinProperties, d.MaxProperties, "properties")
	return out
}
