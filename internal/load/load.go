// Package load reads an OpenAPI 3.x document, JSON or YAML, into a
// ecma tree that keeps every key in its order.
//
// JSON is read by ecma, which follows JSON.parse to the letter (the
// published artifacts were printed from JSON.parse's view of the spec:
// duplicate keys, big numbers and lone surrogates all matter). YAML is read
// by libopenapi and its node tree converted, aliases and merge keys expanded
// within a budget so that a document built to explode is refused.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/datamodel"
)

// MaxAliasValues bounds the values YAML aliases may add to a document, so
// that a small file built to explode through aliases (a "billion laughs")
// is refused quickly instead of exhausting memory.
const MaxAliasValues = 1_000_000

// Document is a loaded OpenAPI document.
type Document struct {
	// Root is the document's top-level object.
	Root *ecma.Object
	// Version is the value of its "openapi" field, such as "3.0.3".
	Version string
	// Format is "json" or "yaml" (the spec's own file).
	Format string
	// Files are the files the document was read from, the spec first.
	Files []string
	// Sources map the parts of a split spec to the files they came from,
	// outermost first.
	Sources []Source
}

// Locate returns the file and the pointer in it that the document's
// pointer comes from, when that is a file other than the spec's.
func (d *Document) Locate(pointer string) (file, filePointer string, ok bool) {
	for i := len(d.Sources) - 1; i >= 0; i-- {
		s := d.Sources[i]
		if rest, found := strings.CutPrefix(pointer, s.Pointer); found && (rest == "" || rest[0] == '/') {
			return s.File, s.FilePointer + rest, true
		}
	}
	return "", "", false
}

// Explain rewrites the document pointers in an error message that come
// from another file of a split spec as that file and its pointer:
// "#/paths/~1a/get" becomes "paths/a.yaml#/get".
func (d *Document) Explain(msg string) string {
	if len(d.Sources) == 0 {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.Index(msg, "#/")
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		n := strings.IndexAny(msg[i:], " \t:,()\"'")
		if n < 0 {
			n = len(msg) - i
		}
		b.WriteString(msg[:i])
		p := msg[i : i+n]
		if file, fp, ok := d.Locate(p); ok {
			b.WriteString(file + fp)
		} else {
			b.WriteString(p)
		}
		msg = msg[i+n:]
	}
}

// Parse reads data, a JSON or YAML OpenAPI 3.x document. Errors say where
// in the text or the document the problem is; the caller adds the file name.
func Parse(data []byte) (*Document, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, errors.New("the file is empty, not an OpenAPI document")
	}
	doc := &Document{Format: "yaml"}
	var root ecma.Value
	if trimmed[0] == '{' || trimmed[0] == '[' {
		doc.Format = "json"
		v, err := ecma.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("not valid JSON: %w", err)
		}
		root = v
	} else {
		v, err := parseYAML(data)
		if err != nil {
			return nil, err
		}
		root = v
	}
	obj, ok := root.(*ecma.Object)
	if !ok {
		return nil, errors.New("not an OpenAPI document: the top level is not an object")
	}
	doc.Root = obj
	version, ok := obj.Get("openapi")
	vs, isString := version.(string)
	switch {
	case !ok && obj.Has("swagger"):
		return nil, errors.New(`not OpenAPI 3.x: this is a Swagger 2.0 document ("swagger" field); convert it to OpenAPI 3 first`)
	case !ok:
		return nil, errors.New(`not an OpenAPI document: no "openapi" field at the top level`)
	case !isString:
		return nil, fmt.Errorf(`#/openapi: the version must be a string such as "3.0.3", found %s`, ecma.MarshalString(version, false))
	case !strings.HasPrefix(vs, "3."):
		return nil, fmt.Errorf("#/openapi: version %q is not supported; agentmc-gen reads OpenAPI 3.0 and 3.1", vs)
	}
	doc.Version = vs
	return doc, nil
}

// YAMLError is a document that is not YAML, in the project's words: the
// position of the problem (1-based; Line is 0 when the parser gave none)
// and what is wrong there, with the construct being read and where it
// starts, in one line.
type YAMLError struct {
	Line, Column int
	Msg          string
}

func (e *YAMLError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("not valid YAML: line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return "not valid YAML: " + e.Msg
}

// yamlError turns the YAML parser's error into a *YAMLError.
func yamlError(err error) error {
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return &YAMLError{Msg: strings.Join(strings.Fields(msg), " ")}
	}
	msg := le.Message
	if le.ContextMsg != "" {
		msg += " " + le.ContextMsg
		if c := le.ContextMark; c.Line > 0 && c != le.Mark {
			msg += fmt.Sprintf(" that starts at line %d, column %d", c.Line, c.Column)
		}
	}
	return &YAMLError{Line: le.Mark.Line, Column: le.Mark.Column, Msg: strings.Join(strings.Fields(msg), " ")}
}

func parseYAML(data []byte) (ecma.Value, error) {
	info, err := datamodel.ExtractSpecInfoWithDocumentCheck(data, true)
	if err != nil {
		return nil, yamlError(err)
	}
	root := info.RootNode
	if root == nil || len(root.Content) == 0 {
		return nil, errors.New("not valid YAML: no document")
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 && root.Content[0].Kind == yaml.ScalarNode &&
		root.Content[0].Tag == "!!str" && root.Content[0].Value == string(data) {
		// libopenapi's stand-in for text it could not parse.
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			return nil, yamlError(err)
		}
	}
	c := converter{}
	return c.node(root, 0)
}

type converter struct {
	aliased int // values produced by expanding aliases
	inAlias int // depth of alias expansions being converted
}

func (c *converter) node(n *yaml.Node, depth int) (ecma.Value, error) {
	if c.inAlias > 0 {
		c.aliased++
		if c.aliased > MaxAliasValues {
			return nil, fmt.Errorf("line %d: YAML aliases expand to more than %d values; refusing a document built to explode", n.Line, MaxAliasValues)
		}
	}
	if depth > ecma.MaxDepth {
		return nil, fmt.Errorf("line %d: nested deeper than %d levels; agentmc-gen refuses documents this deep", n.Line, ecma.MaxDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.node(n.Content[0], depth)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, fmt.Errorf("line %d: unknown alias %q", n.Line, n.Value)
		}
		c.inAlias++
		defer func() { c.inAlias-- }()
		return c.node(n.Alias, depth)
	case yaml.SequenceNode:
		a := make([]ecma.Value, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.node(item, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case yaml.MappingNode:
		o := ecma.NewObject(len(n.Content) / 2)
		if err := c.mapping(o, n, depth, false); err != nil {
			return nil, err
		}
		return o, nil
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}

// mapping adds n's pairs to o. Merged pairs (the "<<" key) never replace
// keys the mapping sets itself.
func (c *converter) mapping(o *ecma.Object, n *yaml.Node, depth int, merged bool) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			sources := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				sources = v.Content
			}
			for _, s := range sources {
				for s.Kind == yaml.AliasNode && s.Alias != nil {
					s = s.Alias
				}
				if s.Kind != yaml.MappingNode {
					return fmt.Errorf("line %d: a merge key (<<) needs a mapping", v.Line)
				}
				c.inAlias++
				err := c.mapping(o, s, depth, true)
				c.inAlias--
				if err != nil {
					return err
				}
			}
			continue
		}
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: mapping keys must be scalars", k.Line)
		}
		if merged && o.Has(key) {
			continue
		}
		val, err := c.node(v, depth+1)
		if err != nil {
			return err
		}
		o.Set(key, val)
	}
	return nil
}

func scalar(n *yaml.Node) (ecma.Value, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on", "y":
			return true, nil
		}
		return false, nil
	case "!!int":
		s := strings.ReplaceAll(n.Value, "_", "")
		if strings.HasPrefix(s, "0o") || strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0b") {
			if i, err := strconv.ParseInt(s, 0, 64); err == nil {
				return float64(i), nil
			}
		}
		return ecma.ParseNumber(strings.TrimPrefix(s, "+")), nil
	case "!!float":
		s := strings.ToLower(strings.ReplaceAll(n.Value, "_", ""))
		switch strings.TrimLeft(s, "+-") {
		case ".inf":
			if strings.HasPrefix(s, "-") {
				return math.Inf(-1), nil
			}
			return math.Inf(1), nil
		case ".nan":
			return math.NaN(), nil
		}
		return ecma.ParseNumber(strings.TrimPrefix(s, "+")), nil
	}
	return n.Value, nil
}

// ParseYAML reads any YAML (or JSON) document into a ecma value, with
// the same alias budget as specs. Errors give the line.
func ParseYAML(data []byte) (ecma.Value, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, yamlError(err)
	}
	c := converter{}
	return c.node(&n, 0)
}
