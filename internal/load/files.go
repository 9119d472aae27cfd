package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/refs"
	"github.com/pb33f/go-yaml"
)

// Bounds on a split spec: the files one spec may read, their total size, and
// the values references inlined more than once may copy.
const (
	MaxFiles        = 1000
	MaxBytes        = 128 << 20
	MaxInlineCopies = 1_000_000
)

// File reads the spec at name and every file its references name, and
// bundles them into one document that refers only within itself (see
// bundler). The document's Files lists the files read, the spec first; an
// error is an *Error that lists every file read or tried, so that a watcher
// can wait for a missing one to appear.
//
// The files are read with this package's own parsers, so that a JSON file
// keeps JSON.parse's reading wherever it is: libopenapi's bundler reads
// JSON as YAML and names the components it adds its own way.
func File(name string) (*Document, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, &Error{Files: []string{name}, Err: fmt.Errorf("%s: cannot read the spec: %v", name, notExist(err))}
	}
	dir := filepath.Dir(name)
	realDir, err := filepath.EvalSymlinks(dir)
	if err == nil {
		realDir, err = filepath.Abs(realDir)
	}
	if err != nil {
		return nil, &Error{Files: []string{name}, Err: fmt.Errorf("%s: cannot read the spec's folder: %v", name, err)}
	}
	b := &bundler{name: name, dir: dir, realDir: realDir, rootKey: path.Clean(filepath.ToSlash(filepath.Base(name))), size: int64(len(data))}
	doc, err := b.run(data)
	files := append([]string{name}, b.read...)
	if err != nil {
		return nil, &Error{Files: files, Err: err}
	}
	doc.Files = files
	return doc, nil
}

// Error is a spec that does not load, with the files read or tried.
type Error struct {
	Files []string
	Err   error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Bytes reads data, a spec given in memory under name (for errors only).
// A reference to another file is an error: there is no folder to read it
// from.
func Bytes(name string, data []byte) (*Document, error) {
	b := &bundler{name: name, rootKey: "\x00memory"}
	doc, err := b.run(data)
	if err != nil {
		return nil, err
	}
	doc.Files = []string{name}
	return doc, nil
}

func notExist(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("no such file")
	}
	return err
}

// bundler turns a spec split over files into one document, the one the
// same API written as a single file would be:
//
//   - A reference within the spec's own file stays as written.
//   - A root component that is only a reference to another file,
//     components/schemas/Board: {$ref: schemas/Board.yaml}, becomes that
//     file's content, and every reference to the same file (and fragment)
//     becomes #/components/schemas/Board.
//   - Any other reference to another file, where the OpenAPI object it
//     stands for has a components section (schemas, parameters, responses,
//     requestBodies, headers, examples, links, callbacks, securitySchemes),
//     adds its target under that section, named after the last token of
//     the fragment (common.yaml#/Pet: Pet) or else the file's base name
//     without extension (schemas/Pet.yaml: Pet). Characters outside
//     [A-Za-z0-9._-] become "_"; a name already taken gets _2, _3, … in
//     the order the references are met, root components first.
//   - A reference anywhere else (a path item, say) is replaced by its
//     target, with the reference's other keys laid over it.
//   - A value of a discriminator's mapping that names another file
//     (schemas/Dog.yaml, other.yaml#/components/schemas/Dog) follows the
//     rules of a schema's reference: it becomes the "#/components/schemas/…"
//     reference its target is bundled under. Schema names (Dog), "#/…"
//     values (they name the bundled document's components) and values
//     that name nothing in the spec's folder tree stay as written.
//
// Files must lie in the spec's folder tree, symlinks resolved; remote
// references are refused.
type bundler struct {
	name    string // the spec as given
	dir     string // its folder; "" for a spec in memory
	realDir string // the folder, absolute with symlinks resolved
	rootKey string

	files map[string]ecma.Value // parsed files by path relative to dir
	read  []string              // files read or tried, as shown
	size  int64
	conv  converter // one alias budget for all the YAML files

	root       *ecma.Object
	names      map[string]string          // "file#fragment" → its "#/components/…" reference
	taken      map[string]map[string]bool // component section → names in use
	hoisted    []hoist                    // targets to add, in naming order
	registered map[*ecma.Object]bool      // root components that are a file's content
	inlining   []string                   // targets being inlined, outermost first
	copies     int
	sources    []Source
}

// pos is where a value stands: the pointer in its file, and the pointer in
// the bundled document.
type pos struct{ in, out string }

func (p pos) child(token string) pos { return pos{p.in + "/" + token, p.out + "/" + token} }

// Source says that the bundled document's value at Pointer was read from
// File at FilePointer.
type Source struct{ Pointer, File, FilePointer string }

type hoist struct {
	section, name, file, fragment string
}

func (b *bundler) run(data []byte) (*Document, error) {
	doc, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.name, err)
	}
	b.root = doc.Root
	b.files = map[string]ecma.Value{b.rootKey: doc.Root}
	b.names = map[string]string{}
	b.taken = map[string]map[string]bool{}
	b.registered = map[*ecma.Object]bool{}
	if !b.hasFileRefs(doc.Root) {
		return doc, nil
	}
	b.register()
	out, err := b.value(doc.Root, b.rootKey, ctxRoot, pos{"#", "#"})
	if err != nil {
		return nil, err
	}
	root := out.(*ecma.Object)
	for i := 0; i < len(b.hoisted); i++ {
		h := b.hoisted[i]
		target, _ := b.lookup(h.file, h.fragment)
		to := refs.Pointer("components", h.section, h.name)
		b.sources = append(b.sources, Source{Pointer: to, File: b.show(h.file), FilePointer: "#" + h.fragment})
		v, err := b.value(target, h.file, sectionContext[h.section], pos{"#" + h.fragment, to})
		if err != nil {
			return nil, err
		}
		components, ok := root.Object("components")
		if !ok {
			components = ecma.NewObject(1)
			root.Set("components", components)
		}
		section, ok := components.Object(h.section)
		if !ok {
			section = ecma.NewObject(1)
			components.Set(h.section, section)
		}
		section.Set(h.name, ecma.DeepCopy(v))
	}
	doc.Root = root
	doc.Sources = b.sources
	return doc, nil
}

// hasFileRefs reports whether any reference in v leaves the document, so
// that a single-file spec is returned untouched.
func (b *bundler) hasFileRefs(v ecma.Value) bool {
	switch t := v.(type) {
	case *ecma.Object:
		// One pass over the members: no lookup of "$ref" in every object.
		for i := range t.Len() {
			k, x := t.At(i)
			if ref, ok := x.(string); ok {
				if k == "$ref" && !strings.HasPrefix(ref, "#") {
					return true
				}
				continue
			}
			if m, ok := x.(*ecma.Object); ok && k == "mapping" {
				for j := range m.Len() {
					if _, v := m.At(j); isString(v, mappingNamesFile) {
						return true
					}
				}
			}
			if b.hasFileRefs(x) {
				return true
			}
		}
	case []ecma.Value:
		return slices.ContainsFunc(t, b.hasFileRefs)
	}
	return false
}

// register names the root components that are only a reference to another
// file, and reserves the names the root's components use.
func (b *bundler) register() {
	components, _ := b.root.Object("components")
	if components == nil {
		return
	}
	for i := range components.Len() {
		section, v := components.At(i)
		m, ok := v.(*ecma.Object)
		if !ok || sectionContext[section] == "" {
			continue
		}
		b.taken[section] = map[string]bool{}
		for j := range m.Len() {
			name, c := m.At(j)
			b.taken[section][name] = true
			o, ok := c.(*ecma.Object)
			if !ok || o.Len() != 1 {
				continue
			}
			ref, ok := o.String("$ref")
			if !ok || strings.HasPrefix(ref, "#") {
				continue
			}
			file, fragment, err := b.target(ref, b.rootKey)
			if err != nil || file == b.rootKey {
				continue // reported where the walk meets it
			}
			key := file + "#" + fragment
			if _, dup := b.names[key]; !dup {
				b.names[key] = refs.Pointer("components", section, name)
				b.registered[o] = true
			}
		}
	}
}

// value returns v, which stands at pointer at of file in a position of kind
// ctx, with its references bundled. v itself is not modified.
func (b *bundler) value(v ecma.Value, file string, ctx context, at pos) (ecma.Value, error) {
	switch t := v.(type) {
	case *ecma.Object:
		if ref, ok := t.String("$ref"); ok {
			return b.ref(t, ref, file, ctx, at)
		}
		return b.object(t, file, ctx, at, nil)
	case string:
		if ctx == ctxMapping && mappingNamesFile(t) {
			return b.mappingRef(t, file), nil
		}
	case []ecma.Value:
		var out []ecma.Value
		for i, x := range t {
			nx, err := b.value(x, file, ctx.child("", x), at.child(strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			if out == nil && !ecma.Same(nx, x) {
				out = slices.Clone(t)
			}
			if out != nil {
				out[i] = nx
			}
		}
		if out != nil {
			return out, nil
		}
	}
	return v, nil
}

// object bundles o's values. When set is given, the "$ref" key is left
// out of the walk and set edits the copy returned.
func (b *bundler) object(o *ecma.Object, file string, ctx context, at pos, set func(*ecma.Object)) (ecma.Value, error) {
	var out *ecma.Object
	for i := range o.Len() {
		k, x := o.At(i)
		if k == "$ref" && set != nil {
			continue
		}
		nx, err := b.value(x, file, ctx.child(k, x), at.child(refs.EscapeToken(k)))
		if err != nil {
			return nil, err
		}
		if out == nil && !ecma.Same(nx, x) {
			out = o.Clone()
		}
		if out != nil {
			out.Set(k, nx)
		}
	}
	if set != nil {
		if out == nil {
			out = o.Clone()
		}
		set(out)
	}
	if out != nil {
		return out, nil
	}
	return o, nil
}

func (b *bundler) ref(o *ecma.Object, ref, file string, ctx context, at pos) (ecma.Value, error) {
	where := b.show(file) + ": " + at.in + "/$ref"
	if file == b.rootKey && strings.HasPrefix(ref, "#") {
		return b.object(o, file, ctx, at, nil)
	}
	tfile, fragment, err := b.target(ref, file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if _, err := b.lookup(tfile, fragment); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	rewrite := func(to string) (ecma.Value, error) {
		return b.object(o, file, ctx, at, func(out *ecma.Object) { out.Set("$ref", to) })
	}
	if tfile == b.rootKey {
		return rewrite("#" + fragment)
	}
	key := tfile + "#" + fragment
	if to, ok := b.names[key]; ok && !b.registered[o] {
		return rewrite(to)
	}
	if section := ctx.section(); section != "" && !b.registered[o] {
		return rewrite(b.hoist(section, key, tfile, fragment))
	}
	// Inline the target.
	if i := slices.Index(b.inlining, key); i >= 0 {
		return nil, fmt.Errorf("%s: $ref %q makes a cycle between files (%s → %s) where a reference can only be replaced by its target; move the target under components",
			where, ref, strings.Join(b.inlining[i:], " → "), key)
	}
	b.inlining = append(b.inlining, key)
	target, _ := b.lookup(tfile, fragment)
	b.sources = append(b.sources, Source{Pointer: at.out, File: b.show(tfile), FilePointer: "#" + fragment})
	v, err := b.value(target, tfile, ctx, pos{"#" + fragment, at.out})
	b.inlining = b.inlining[:len(b.inlining)-1]
	if err != nil {
		return nil, err
	}
	v = ecma.DeepCopy(v)
	if b.copies += count(v); b.copies > MaxInlineCopies {
		return nil, fmt.Errorf("%s: references replaced by their targets copy more than %d values; refusing a spec built to explode", where, MaxInlineCopies)
	}
	t, isObject := v.(*ecma.Object)
	if o.Len() == 1 || !isObject {
		return v, nil
	}
	siblings, err := b.object(o, file, ctx, at, func(out *ecma.Object) { out.Delete("$ref") })
	if err != nil {
		return nil, err
	}
	s := siblings.(*ecma.Object)
	for i := range s.Len() {
		k, sv := s.At(i)
		t.Set(k, sv)
	}
	return t, nil
}

// mappingNamesFile reports whether a discriminator mapping value is a
// reference that names a file: not a schema name (no '/', '#' or file
// extension) and not a "#/…" reference.
func mappingNamesFile(v string) bool {
	if strings.HasPrefix(v, "#") {
		return false
	}
	switch path.Ext(v) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return strings.ContainsAny(v, "/#")
}

func isString(v ecma.Value, f func(string) bool) bool {
	s, ok := v.(string)
	return ok && f(s)
}

// mappingRef is a discriminator mapping value met in file, as a reference
// into the bundled document: the schema it names is bundled as a schema's
// $ref to it is. A value that names no schema of a file in the spec's
// folder tree (a missing file, a remote one, one outside the folder) stays
// as written, unread: unlike a $ref, a mapping needs no target to generate
// (digitalocean's bundled spec keeps the file names of its sources).
func (b *bundler) mappingRef(v, file string) ecma.Value {
	tfile, fragment, err := b.target(v, file)
	if err == nil {
		_, err = b.lookup(tfile, fragment)
	}
	if err != nil {
		return v
	}
	if tfile == b.rootKey {
		return "#" + fragment
	}
	key := tfile + "#" + fragment
	if to, ok := b.names[key]; ok {
		return to
	}
	return b.hoist("schemas", key, tfile, fragment)
}

// hoist returns the component reference for the target key, naming it
// the first time.
func (b *bundler) hoist(section, key, file, fragment string) string {
	if to, ok := b.names[key]; ok {
		return to
	}
	base := path.Base(file)
	base = strings.TrimSuffix(base, path.Ext(base))
	if fragment != "" {
		tokens := strings.Split(fragment, "/")
		base = tokens[len(tokens)-1]
		if dec, err := url.PathUnescape(base); err == nil {
			base = dec
		}
		base = strings.ReplaceAll(strings.ReplaceAll(base, "~1", "/"), "~0", "~")
	}
	base = strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, base)
	if base == "" {
		base = "_"
	}
	if b.taken[section] == nil {
		b.taken[section] = map[string]bool{}
	}
	name := base
	for n := 2; b.taken[section][name]; n++ {
		name = fmt.Sprintf("%s_%d", base, n)
	}
	b.taken[section][name] = true
	b.hoisted = append(b.hoisted, hoist{section: section, name: name, file: file, fragment: fragment})
	to := refs.Pointer("components", section, name)
	b.names[key] = to
	return to
}

// target resolves ref, met in file from, to a file (read and parsed) and
// a fragment.
func (b *bundler) target(ref, from string) (file, fragment string, err error) {
	filePart, fragment, _ := strings.Cut(ref, "#")
	if fragment != "" && fragment[0] != '/' {
		return "", "", fmt.Errorf("$ref %q: the fragment is not a JSON pointer (#/...)", ref)
	}
	if filePart == "" {
		return from, fragment, nil
	}
	if scheme, ok := urlScheme(filePart); ok {
		return "", "", fmt.Errorf("$ref %q is remote (%s); only files in the spec's folder are read", ref, scheme)
	}
	if b.dir == "" {
		return "", "", fmt.Errorf("$ref %q names a file, but a spec given in memory has no folder to read it from", ref)
	}
	p := filePart
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if path.IsAbs(p) || filepath.IsAbs(p) {
		return "", "", fmt.Errorf("$ref %q is an absolute path; name files relative to the file that refers to them", ref)
	}
	key := path.Clean(path.Join(path.Dir(from), filepath.ToSlash(p)))
	if key == ".." || strings.HasPrefix(key, "../") {
		return "", "", fmt.Errorf("$ref %q leaves the spec's folder %s", ref, b.dir)
	}
	if err := b.readFile(key, ref); err != nil {
		return "", "", err
	}
	return key, fragment, nil
}

// urlScheme reports the scheme of a reference that is a URL ("https:",
// "file:", "//host").
func urlScheme(s string) (string, bool) {
	if strings.HasPrefix(s, "//") {
		return "a network-path reference", true
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		case i > 0 && r == ':':
			return "scheme " + s[:i+1], true
		default:
			return "", false
		}
	}
	return "", false
}

// readFile reads and parses the file key once.
func (b *bundler) readFile(key, ref string) error {
	if _, ok := b.files[key]; ok {
		return nil
	}
	name := b.show(key)
	if len(b.files) >= MaxFiles {
		return fmt.Errorf("$ref %q: the spec reads more than %d files; agentmc-gen refuses a spec split this far", ref, MaxFiles)
	}
	b.read = append(b.read, name)
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return fmt.Errorf("$ref %q: cannot read %s: %v", ref, name, notExist(err))
	}
	if real, err = filepath.Abs(real); err != nil {
		return fmt.Errorf("$ref %q: cannot read %s: %v", ref, name, err)
	}
	if rel, err := filepath.Rel(b.realDir, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("$ref %q: %s is a symlink to %s, outside the spec's folder", ref, name, real)
	}
	info, err := os.Stat(real)
	if err == nil && !info.Mode().IsRegular() {
		err = errors.New("not a regular file")
	}
	if err == nil && b.size+info.Size() > MaxBytes {
		err = fmt.Errorf("the spec's files add up to more than %d MiB", MaxBytes>>20)
	}
	var data []byte
	if err == nil {
		data, err = os.ReadFile(real)
	}
	if err != nil {
		return fmt.Errorf("$ref %q: cannot read %s: %v", ref, name, err)
	}
	b.size += int64(len(data))
	v, err := b.parse(key, data)
	if err != nil {
		return fmt.Errorf("$ref %q: %s: %v", ref, name, err)
	}
	b.files[key] = v
	return nil
}

// parse reads a referenced file: a .json file as JSON.parse would, any
// other as JSON too when it is JSON (as the spec itself is read), else as
// YAML (flow-style YAML may start like JSON).
func (b *bundler) parse(key string, data []byte) (ecma.Value, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	isJSON := strings.EqualFold(path.Ext(key), ".json")
	if isJSON || len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		v, err := ecma.Parse(data)
		if err == nil {
			return v, nil
		}
		if isJSON {
			return nil, fmt.Errorf("not valid JSON: %w", err)
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, yamlError(err)
	}
	return b.conv.node(&n, 0)
}

// lookup returns what fragment points at in file.
func (b *bundler) lookup(file, fragment string) (ecma.Value, error) {
	v := b.files[file]
	if fragment == "" {
		return v, nil
	}
	o, ok := v.(*ecma.Object)
	if !ok {
		return nil, fmt.Errorf("$ref %q does not resolve: %s is not an object", b.show(file)+"#"+fragment, b.show(file))
	}
	t, err := refs.New(o).Lookup("#" + fragment)
	if err != nil && file != b.rootKey {
		return nil, fmt.Errorf("in %s: %w", b.show(file), err)
	}
	return t, err
}

// show is how errors name the file key.
func (b *bundler) show(key string) string {
	if key == b.rootKey {
		return b.name
	}
	return filepath.Join(b.dir, filepath.FromSlash(key))
}

// count is the number of values in v.
func count(v ecma.Value) int {
	n := 1
	switch t := v.(type) {
	case *ecma.Object:
		for i := range t.Len() {
			_, x := t.At(i)
			n += count(x)
		}
	case []ecma.Value:
		for _, x := range t {
			n += count(x)
		}
	}
	return n
}

// A context is the kind of OpenAPI object a position in the document
// holds, as far as references care: it says which components section a
// referenced file belongs in. "map:X" is a map of X.
type context string

const (
	ctxRoot    context = "root"
	ctxOther   context = ""
	ctxMapping context = "mappingValue" // a value of a discriminator's mapping: it names a schema
)

// sectionContext maps each components section to the kind of its entries.
var sectionContext = map[string]context{
	"schemas": "schema", "responses": "response", "parameters": "parameter", "examples": "example",
	"requestBodies": "requestBody", "headers": "header", "securitySchemes": "securityScheme",
	"links": "link", "callbacks": "callback", "pathItems": "pathItem",
}

// section is the components section a referenced target of this kind is
// added to, or "" when it is replaced by its target instead (path items:
// OpenAPI 3.0 has no section for them).
func (c context) section() string {
	if c == "pathItem" {
		return ""
	}
	for s, k := range sectionContext {
		if k == c {
			return s
		}
	}
	return ""
}

var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// child is the context of the value under key (or of an array element,
// key "") in a position of kind c.
func (c context) child(key string, v ecma.Value) context {
	if m, ok := strings.CutPrefix(string(c), "map:"); ok {
		return context(m)
	}
	switch c {
	case ctxRoot:
		switch key {
		case "paths", "webhooks":
			return "map:pathItem"
		case "components":
			return "components"
		}
	case "components":
		if k := sectionContext[key]; k != "" {
			return "map:" + k
		}
	case "pathItem":
		if key == "parameters" {
			return "parameterList"
		}
		if methods[key] {
			return "operation"
		}
	case "operation":
		switch key {
		case "parameters":
			return "parameterList"
		case "requestBody":
			return "requestBody"
		case "responses":
			return "map:response"
		case "callbacks":
			return "map:callback"
		}
	case "callback":
		return "pathItem"
	case "parameterList":
		return "parameter"
	case "parameter", "header":
		switch key {
		case "schema":
			return "schema"
		case "content":
			return "map:mediaType"
		case "examples":
			return "map:example"
		}
	case "requestBody":
		if key == "content" {
			return "map:mediaType"
		}
	case "mediaType":
		switch key {
		case "schema":
			return "schema"
		case "examples":
			return "map:example"
		case "encoding":
			return "map:encoding"
		}
	case "encoding":
		if key == "headers" {
			return "map:header"
		}
	case "response":
		switch key {
		case "headers":
			return "map:header"
		case "content":
			return "map:mediaType"
		case "links":
			return "map:link"
		}
	case "schemaList":
		return "schema"
	case "schema":
		switch key {
		case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas":
			return "map:schema"
		case "allOf", "anyOf", "oneOf", "prefixItems":
			return "schemaList"
		case "items":
			if _, isArray := v.([]ecma.Value); isArray {
				return "schemaList"
			}
			return "schema"
		case "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
			"unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema":
			return "schema"
		case "discriminator":
			return "discriminator"
		}
	case "discriminator":
		if key == "mapping" {
			return "map:" + ctxMapping
		}
	}
	return ctxOther
}
