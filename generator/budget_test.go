package generator_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/examples"
	"github.com/agentmc/agentmc-gen/internal/golang"
)

// wideRefSpec is a spec whose schema L0 has width required properties,
// each a $ref to L1, and so on depth levels down: a few kilobytes whose
// synthesised example, uncut, holds width^depth values.
func wideRefSpec(width, depth int) []byte {
	var schemas []string
	for k := 0; k < depth; k++ {
		var props, req []string
		for i := 0; i < width; i++ {
			props = append(props, fmt.Sprintf(`"p%d": {"$ref": "#/components/schemas/L%d"}`, i, k+1))
			req = append(req, fmt.Sprintf(`"p%d"`, i))
		}
		schemas = append(schemas, fmt.Sprintf(`"L%d": {"type": "object", "required": [%s], "properties": {%s}}`, k, strings.Join(req, ", "), strings.Join(props, ", ")))
	}
	schemas = append(schemas, fmt.Sprintf(`"L%d": {"type": "string"}`, depth))
	return budgetSpec(strings.Join(schemas, ",\n"), "L0", "")
}

// allOfDoublingSpec is a spec whose schema Ak is allOf [Ak+1, Ak+1],
// depth levels down: every path through it, followed naively, doubles.
func allOfDoublingSpec(depth int) []byte {
	var schemas []string
	for k := 0; k < depth; k++ {
		schemas = append(schemas, fmt.Sprintf(`"A%d": {"allOf": [{"$ref": "#/components/schemas/A%d"}, {"$ref": "#/components/schemas/A%d"}], "properties": {"a%d": {"type": "string"}}}`, k, k+1, k+1, k))
	}
	schemas = append(schemas, fmt.Sprintf(`"A%d": {"type": "object", "properties": {"leaf": {"type": "integer"}}}`, depth))
	return budgetSpec(strings.Join(schemas, ",\n"), "A0", `, "example": {"a0": "x"}`)
}

// budgetSpec is one operation whose request and response bodies are the
// schema top; bodyExample is added to the request body's media type.
func budgetSpec(schemas, top, bodyExample string) []byte {
	ref := `{"$ref": "#/components/schemas/` + top + `"}`
	return []byte(`{"openapi": "3.0.3", "info": {"title": "Budget", "version": "1"},
"paths": {"/x": {"post": {"operationId": "postX", "requestBody": {"required": true, "content": {"application/json": {"schema": ` + ref + bodyExample + `}}},
"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": ` + ref + `}}}}}}},
"components": {"schemas": {` + schemas + `}}}`)
}

// generateBounded runs every emitter on spec, failing the test if it does
// not finish within a minute (today's shapes took over 4 GB or over a
// minute; with the budgets they take well under a second).
func generateBounded(t testing.TB, spec []byte) *generator.Result {
	t.Helper()
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = "budget.json"
	cfg.Emit = []string{"docs", "sdk", "spec", "curl", "go", "site"}
	type result struct {
		res *generator.Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := generator.Generate(cfg, spec)
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.res
	case <-time.After(time.Minute):
		t.Fatal("generation did not finish within a minute")
	}
	return nil
}

// outputSize is the total size of the generated files and the largest one.
func outputSize(res *generator.Result) (total, largest int) {
	for _, f := range res.Files.Files() {
		total += len(f.Data)
		largest = max(largest, len(f.Data))
	}
	return total, largest
}

// The example of ten required $ref properties ten levels deep is cut at
// examples.MaxValues, with a warning naming where; the output stays small.
func TestBudgetWideRefs(t *testing.T) {
	spec := wideRefSpec(10, 10)
	res := generateBounded(t, spec)
	total, largest := outputSize(res)
	t.Logf("spec %d bytes: %d files, %d bytes, largest %d", len(spec), res.Files.Len(), total, largest)
	if largest > 2<<20 {
		t.Errorf("a file of %d bytes from a %d-byte spec", largest, len(spec))
	}
	if len(res.API.Warnings) == 0 || !strings.Contains(res.API.Warnings[0].Error(), fmt.Sprint(examples.MaxValues)) {
		t.Errorf("warnings %q: want the cut example named", res.API.Warnings)
	}
	for _, w := range res.API.Warnings {
		if !strings.Contains(w.Error(), "#/paths/~1x/post/") {
			t.Errorf("warning %q names no operation", w)
		}
	}
}

// allOf doubling thirty levels deep: the Go client's types merge each
// schema once, and the example synthesis stops at its depth.
func TestBudgetAllOfDoubling(t *testing.T) {
	spec := allOfDoublingSpec(30)
	res := generateBounded(t, spec)
	total, largest := outputSize(res)
	t.Logf("spec %d bytes: %d files, %d bytes, largest %d", len(spec), res.Files.Len(), total, largest)
	if largest > 2<<20 {
		t.Errorf("a file of %d bytes from a %d-byte spec", largest, len(spec))
	}
	f := res.Files.Get("go/agentmc/types.go")
	if f == nil {
		t.Fatal("no go/agentmc/types.go")
	}
	// A0 holds every property of the levels below it, once each.
	a0, _, _ := strings.Cut(string(f.Data)[strings.Index(string(f.Data), "type A0 struct"):], "\n}\n")
	if !strings.Contains(a0, "\tA29 ") || !strings.Contains(a0, "\tLeaf ") || strings.Count(a0, "\tLeaf ") != 1 {
		t.Errorf("type A0 lacks the merged properties")
	}
}

// exampleRefSpec is a spec whose request example is E0, a list of width
// references to E1, and so on depth levels down: width^depth values.
func exampleRefSpec(width, depth int) []byte {
	var ex []string
	for k := 0; k < depth; k++ {
		items := strings.TrimSuffix(strings.Repeat(fmt.Sprintf(`{"$ref": "#/components/examples/E%d/value"}, `, k+1), width), ", ")
		ex = append(ex, fmt.Sprintf(`"E%d": {"value": [%s]}`, k, items))
	}
	ex = append(ex, fmt.Sprintf(`"E%d": {"value": "x"}`, depth))
	return []byte(`{"openapi": "3.0.3", "info": {"title": "Budget", "version": "1"},
"paths": {"/x": {"post": {"operationId": "postX", "requestBody": {"content": {"application/json": {"schema": {"type": "array"}, "example": {"$ref": "#/components/examples/E0/value"}}}},
"responses": {"200": {"description": "ok"}}}}},
"components": {"examples": {` + strings.Join(ex, ",\n") + `}}}`)
}

// A given example whose references expand to 10^8 values is cut at
// examples.MaxTotalValues, with a warning.
func TestBudgetExampleRefs(t *testing.T) {
	spec := exampleRefSpec(10, 8)
	res := generateBounded(t, spec)
	total, largest := outputSize(res)
	t.Logf("spec %d bytes: %d files, %d bytes, largest %d", len(spec), res.Files.Len(), total, largest)
	if total > 100<<20 {
		t.Errorf("%d bytes of output from a %d-byte spec", total, len(spec))
	}
	if len(res.API.Warnings) != 1 {
		t.Errorf("warnings %q: want the cut example named", res.API.Warnings)
	}
}

// A chain of allOfs that would make the Go client declare more than
// golang.MaxFields struct fields is refused with one line, quickly.
func TestBudgetAllOfChainRefused(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = "budget.json"
	cfg.Emit = []string{"go"}
	done := make(chan error, 1)
	go func() {
		_, err := generator.Generate(cfg, allOfDoublingSpec(3000))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), fmt.Sprint(golang.MaxFields)) {
			t.Errorf("error %v: want one line naming the limit", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("generation did not finish within a minute")
	}
}

// structGraphSpec is n object schemas, each holding the next fan by value
// (required, not nullable); ring closes the last ones onto the first, so
// that all n form one cycle the Go client must break with pointers.
func structGraphSpec(n, fan int, ring bool) []byte {
	var schemas []string
	for i := 0; i < n; i++ {
		props, req := []string{`"v": {"type": "string"}`}, []string{}
		for j := 1; j <= fan; j++ {
			k := i + j
			if k >= n && !ring {
				continue
			}
			props = append(props, fmt.Sprintf(`"p%d": {"$ref": "#/components/schemas/S%d"}`, j, k%n))
			req = append(req, fmt.Sprintf(`"p%d"`, j))
		}
		schemas = append(schemas, fmt.Sprintf(`"S%d": {"type": "object", "required": [%s], "properties": {%s}}`, i, strings.Join(req, ", "), strings.Join(props, ", ")))
	}
	return budgetSpec(strings.Join(schemas, ",\n"), "S0", `, "example": {"v": "x"}`)
}

// Structs holding structs by value, acyclic or one big cycle: the Go
// client breaks cycles in time linear in the spec, and still parses.
func TestBudgetStructGraph(t *testing.T) {
	for _, ring := range []bool{false, true} {
		spec := structGraphSpec(1500, 10, ring)
		res := generateBounded(t, spec)
		f := res.Files.Get("go/agentmc/types.go")
		if f == nil {
			t.Fatal("no go/agentmc/types.go")
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "types.go", f.Data, 0); err != nil {
			t.Errorf("ring %v: %v", ring, err)
		}
		if ring && !strings.Contains(string(f.Data), "*S0 ") {
			t.Errorf("ring: no field holds S0 by pointer")
		}
	}
}

// BenchmarkBudget generates every artifact from the two exploding shapes.
func BenchmarkBudget(b *testing.B) {
	for _, c := range []struct {
		name string
		spec []byte
	}{{"wideRefs10x10", wideRefSpec(10, 10)}, {"allOfDoubling30", allOfDoublingSpec(30)}, {"exampleRefs10x8", exampleRefSpec(10, 8)}, {"structRing1500", structGraphSpec(1500, 10, true)}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.spec)))
			b.ReportAllocs()
			for b.Loop() {
				generateBounded(b, c.spec)
			}
		})
	}
}
