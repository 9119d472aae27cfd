package golang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// initialisms are the words written in capitals in Go names.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "CSV": true, "DNS": true, "EOF": true,
	"HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IDS": true, "IP": true, "JSON": true, "MIME": true,
	"SDK": true, "SQL": true, "SSH": true, "TLS": true, "TTL": true, "UI": true, "URI": true, "URL": true,
	"URLS": true, "UTC": true, "UUID": true, "XML": true,
}

// words splits s into words: at anything but ASCII letters and digits, and
// at case changes ("agentRealtimeHTTPSession" → agent Realtime HTTP Session).
func words(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	}) {
		start := 0
		rs := []rune(part)
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			split := unicode.IsLower(prev) && unicode.IsUpper(cur) ||
				unicode.IsUpper(prev) && unicode.IsUpper(cur) && i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if split {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
		out = append(out, string(rs[start:]))
	}
	return out
}

// exported turns s into an exported Go identifier; it is never empty and
// never starts with a digit.
func exported(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		up := strings.ToUpper(w)
		switch {
		case initialisms[up]:
			if up == "IDS" {
				up = "IDs"
			} else if up == "URLS" {
				up = "URLs"
			}
			b.WriteString(up)
		default:
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	name := b.String()
	if name == "" {
		return "X"
	}
	if name[0] >= '0' && name[0] <= '9' {
		return "X" + name
	}
	return name
}

// unexported turns s into an unexported identifier that is not a keyword,
// a predeclared name or one of reserved.
func unexported(s string, reserved map[string]bool) string {
	ws := words(s)
	var b strings.Builder
	for i, w := range ws {
		if i == 0 {
			b.WriteString(strings.ToLower(w))
			continue
		}
		b.WriteString(exported(w))
	}
	name := b.String()
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		name = "p" + name
	}
	if token.IsKeyword(name) || predeclared[name] || reserved[name] {
		name += "Param"
	}
	return name
}

var predeclared = map[string]bool{
	"any": true, "append": true, "bool": true, "byte": true, "cap": true, "clear": true, "close": true,
	"comparable": true, "complex": true, "complex128": true, "complex64": true, "copy": true, "delete": true,
	"error": true, "false": true, "float32": true, "float64": true, "imag": true, "int": true, "int16": true,
	"int32": true, "int64": true, "int8": true, "iota": true, "len": true, "make": true, "max": true, "min": true,
	"new": true, "nil": true, "panic": true, "print": true, "println": true, "real": true, "recover": true,
	"rune": true, "string": true, "true": true, "uint": true, "uint16": true, "uint32": true, "uint64": true,
	"uint8": true, "uintptr": true, "url": true, "http": true, "json": true, "time": true, "io": true,
	"context": true, "iter": true, "multipart": true, "fmt": true, "errors": true, "strconv": true,
}

// registry hands out unique names: a taken name gets the first free
// numeric suffix, starting at 2.
type registry struct {
	taken map[string]bool
}

func newRegistry(reserved ...string) *registry {
	r := &registry{taken: map[string]bool{}}
	for _, n := range reserved {
		r.taken[n] = true
	}
	return r
}

// claim returns name, or name2, name3, ... when taken, and marks it taken.
func (r *registry) claim(name string) string {
	if !r.taken[name] {
		r.taken[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !r.taken[n] {
			r.taken[n] = true
			return n
		}
	}
}

// generatedNames are the exported names of the fixed declarations the
// generator writes besides the runtime's; schema and operation types never
// take them, nor the runtime's (runtimeDecls).
var generatedNames = []string{
	"FromEnv", "DefaultBaseURL", "DefaultUserAgent", "Operation",
	"OperationParameter", "OperationResponse", "Operations", "OperationByID", "API",
}

// runtimeDecls returns the exported package-level names of the runtime and
// the methods of its Client, read from its source so that they cannot
// drift from it.
var runtimeDecls = sync.OnceValues(func() (names, methods []string) {
	f, err := parser.ParseFile(token.NewFileSet(), "client.go", runtimeSrc, parser.SkipObjectResolution)
	if err != nil {
		panic("clientruntime/client.go does not parse: " + err.Error())
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			} else if recvType(d.Recv.List[0].Type) == "Client" {
				methods = append(methods, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						names = append(names, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	return names, methods
})

// recvType is the name of a method's receiver type.
func recvType(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
