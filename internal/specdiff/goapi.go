package specdiff

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
)

// goClient is the generated Go client of one spec, parsed, then type-checked.
type goClient struct {
	files []*ast.File
	pkg   *types.Package
	// ops maps each Client method that calls an operation to it.
	ops map[string]*model.Operation
}

// compareGo generates the Go client of each spec with cfg and returns the
// incompatible changes of its API, each linked to the operation whose
// method it is or whose request or response type reaches it, located there.
func compareGo(old, new Spec, cfg *config.Config) ([]Change, error) {
	var clients [2]*goClient
	var errs [2]error
	fset := token.NewFileSet()
	var wg sync.WaitGroup
	for i, s := range []Spec{old, new} {
		wg.Go(func() { clients[i], errs[i] = generateGoClient(s, cfg, fset) })
	}
	wg.Wait()
	if err := cmp.Or(errs[0], errs[1]); err != nil {
		return nil, err
	}
	imp, err := stdlibImporter(fset, append(clients[0].files, clients[1].files...))
	if err != nil {
		return nil, err
	}
	for i, s := range []Spec{old, new} {
		conf := types.Config{Importer: imp}
		c := clients[i]
		if c.pkg, err = conf.Check(c.files[0].Name.Name, fset, c.files, nil); err != nil {
			return nil, fmt.Errorf("%s: type-checking the generated Go client: %v", s.Name, err)
		}
	}
	oldC, newC := clients[0], clients[1]
	oldUses, newUses := oldC.typeUses(), newC.typeUses()
	var out []Change
	for _, msg := range incompatible(oldC.pkg, newC.pkg) {
		name, what, _ := strings.Cut(msg, ": ")
		kind := objectKind(oldC.pkg, name)
		if kind == "" {
			kind = objectKind(newC.pkg, name)
		}
		ch := Change{ID: "go-api-incompatible", Level: Warning, Source: "go",
			Text: strings.Join(strings.Fields(fmt.Sprintf("Go client: %s `%s` %s", kind, name, what)), " ")}
		op := newC.operationOf(name, newUses)
		if op == nil {
			op = oldC.operationOf(name, oldUses)
		}
		if op != nil {
			ch.Method, ch.Path, ch.OperationID = strings.ToUpper(op.Method), op.Path, op.ID
		}
		out = append(out, ch)
	}
	return out, nil
}

// generateGoClient runs the generator's go emitter on s in memory and
// parses the client package.
func generateGoClient(s Spec, cfg *config.Config, fset *token.FileSet) (*goClient, error) {
	c := *cfg
	c.Spec, c.Emit = s.Name, []string{"go"}
	res, err := generator.Generate(&c, s.Data)
	if err != nil {
		return nil, err
	}
	// The client is the one folder of Go files that is not a program.
	byDir := map[string][]*ast.File{}
	for _, f := range res.Files.Files() {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		file, err := parser.ParseFile(fset, s.Name+"#"+f.Path, f.Data, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("%s: generated Go client: %v", s.Name, err)
		}
		if file.Name.Name != "main" {
			byDir[path.Dir(f.Path)] = append(byDir[path.Dir(f.Path)], file)
		}
	}
	if len(byDir) != 1 {
		return nil, fmt.Errorf("%s: generated Go client: want one package folder, found %d", s.Name, len(byDir))
	}
	var files []*ast.File
	for _, fs := range byDir {
		files = fs
	}
	return &goClient{files: files, ops: clientOperations(files, res.API)}, nil
}

// stdlibImporter reads the export data of the standard library packages the
// files import (the generated client imports nothing else), located by one
// `go list -export` run: the importer's default asks the go command once
// per package, which is most of the time of a comparison.
func stdlibImporter(fset *token.FileSet, files []*ast.File) (types.Importer, error) {
	var imports []string
	for _, f := range files {
		for _, spec := range f.Imports {
			if p, err := strconv.Unquote(spec.Path.Value); err == nil && !slices.Contains(imports, p) {
				imports = append(imports, p)
			}
		}
	}
	slices.Sort(imports)
	exports := map[string]string{}
	if len(imports) > 0 {
		cmd := exec.Command("go", append([]string{"list", "-export", "-f", "{{.ImportPath}}\t{{.Export}}", "--"}, imports...)...)
		cmd.Dir = os.TempDir() // outside any module: only the standard library
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()+" "+err.Error()), "\n")
			return nil, fmt.Errorf("comparing the Go clients needs the go command to read the standard library: go list -export: %s", msg)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if p, file, ok := strings.Cut(line, "\t"); ok {
				exports[p] = file
			}
		}
	}
	return importer.ForCompiler(fset, "gc", func(p string) (io.ReadCloser, error) {
		file, ok := exports[p]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %q (the generated client should import only the standard library)", p)
		}
		return os.Open(file)
	}), nil
}

// callLine is the last line of an operation method's doc comment: "POST /boards".
var callLine = regexp.MustCompile(`^([A-Z]+) (/\S*)$`)

// clientOperations maps the Client methods to the operations they call,
// read from the doc comment the emitter writes on each.
func clientOperations(files []*ast.File, api *model.API) map[string]*model.Operation {
	byCall := map[string]*model.Operation{}
	for _, op := range api.Operations {
		byCall[strings.ToUpper(op.Method)+" "+op.Path] = op
	}
	ops := map[string]*model.Operation{}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Doc == nil || receiverName(fn) != "Client" {
				continue
			}
			lines := strings.Split(strings.TrimSpace(fn.Doc.Text()), "\n")
			if m := callLine.FindStringSubmatch(lines[len(lines)-1]); m != nil {
				if op := byCall[m[1]+" "+m[2]]; op != nil {
					ops[fn.Name.Name] = op
				}
			}
		}
	}
	return ops
}

func receiverName(fn *ast.FuncDecl) string {
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// typeUses maps each named type of the package to the Client methods whose
// signature reaches it, nearest first (directly, then through fields and
// elements).
func (c *goClient) typeUses() map[string][]string {
	uses := map[string][]string{}
	methods := make([]string, 0, len(c.ops))
	for m := range c.ops {
		methods = append(methods, m)
	}
	slices.Sort(methods)
	client, _ := c.pkg.Scope().Lookup("Client").(*types.TypeName)
	if client == nil {
		return uses
	}
	type reach struct {
		method string
		depth  int
	}
	best := map[string][]reach{}
	for _, m := range methods {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(client.Type()), false, c.pkg, m)
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		seen := map[string]bool{}
		var walk func(t types.Type, depth int)
		walk = func(t types.Type, depth int) {
			switch t := t.(type) {
			case *types.Named:
				for arg := range t.TypeArgs().Types() { // Opt[Enum]
					walk(arg, depth)
				}
				if t.Obj().Pkg() != c.pkg || seen[t.Obj().Name()] {
					return
				}
				seen[t.Obj().Name()] = true
				best[t.Obj().Name()] = append(best[t.Obj().Name()], reach{m, depth})
				walk(t.Underlying(), depth+1)
			case *types.Pointer:
				walk(t.Elem(), depth)
			case *types.Slice:
				walk(t.Elem(), depth)
			case *types.Map:
				walk(t.Elem(), depth)
			case *types.Struct:
				for f := range t.Fields() {
					walk(f.Type(), depth)
				}
			case *types.Tuple:
				for v := range t.Variables() {
					walk(v.Type(), depth)
				}
			case *types.Signature:
				walk(t.Params(), depth)
				walk(t.Results(), depth)
			}
		}
		walk(fn.Type(), 0)
	}
	for name, rs := range best {
		slices.SortStableFunc(rs, func(a, b reach) int { return a.depth - b.depth })
		for _, r := range rs {
			uses[name] = append(uses[name], r.method)
		}
	}
	return uses
}

// operationOf is the operation an apidiff object name belongs to: a Client
// method's own, or the nearest one using the type the name starts with.
func (c *goClient) operationOf(name string, uses map[string][]string) *model.Operation {
	recv, member, isMember := strings.Cut(strings.NewReplacer("(*", "", ")", "").Replace(name), ".")
	if isMember && (recv == "Client" || recv == "API") { // API is the interface of Client's operations
		if op := c.ops[member]; op != nil {
			return op
		}
		return c.ops[strings.TrimSuffix(member, "All")] // the iterator over a list operation's pages
	}
	if obj := c.pkg.Scope().Lookup(recv); obj != nil && !isMember {
		// An enum constant belongs where its type is used, a constructor
		// where its result is.
		t := obj.Type()
		if sig, ok := t.(*types.Signature); ok && sig.Results().Len() > 0 {
			t = sig.Results().At(0).Type()
		}
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok && n.Obj().Pkg() == c.pkg {
			recv = n.Obj().Name()
		}
	}
	if ms := uses[recv]; len(ms) > 0 {
		return c.ops[ms[0]]
	}
	return nil
}

// objectKind says what an apidiff object name is in pkg: type, field,
// method, func, const or var; "" when pkg has no such object.
func objectKind(pkg *types.Package, name string) string {
	recv, member, isMember := strings.Cut(strings.NewReplacer("(*", "", ")", "").Replace(name), ".")
	obj := pkg.Scope().Lookup(recv)
	if obj == nil {
		return ""
	}
	if !isMember {
		switch obj.(type) {
		case *types.TypeName:
			return "type"
		case *types.Func:
			return "func"
		case *types.Const:
			return "const"
		}
		return "var"
	}
	t := obj.Type()
	if !types.IsInterface(t) {
		t = types.NewPointer(t)
	}
	m, _, _ := types.LookupFieldOrMethod(t, false, pkg, member)
	switch m.(type) {
	case *types.Var:
		return "field"
	case *types.Func:
		return "method"
	}
	return ""
}
