package normalize

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/ecma"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

func apply(t *testing.T, doc string, opts Options) string {
	t.Helper()
	v, err := ecma.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(v.(*ecma.Object), opts); err != nil {
		t.Fatal(err)
	}
	return ecma.MarshalString(v, false)
}

// TestPathItemsWithoutOperations: a path item with no operation is removed
// even when no exclusion emptied it (FORMAT.md §1.2): {}, or only head,
// options, trace, parameters, a summary or extensions. Extensions of the
// paths object, references and items that are not objects stay.
func TestPathItemsWithoutOperations(t *testing.T) {
	doc := `{"paths":{"/empty":{},"/other":{"head":{},"options":{},"trace":{},"parameters":[],"summary":"s","x-a":1},` +
		`"/keep":{"get":{"responses":{}}},"x-ext":{},"/ref":{"$ref":"#/components/pathItems/P"},"/bad":3}}`
	got := apply(t, doc, Options{})
	want := `{"paths":{"/keep":{"get":{"responses":{}}},"x-ext":{},"/ref":{"$ref":"#/components/pathItems/P"},"/bad":3}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestUnmatchedExclusions: the exclusion entries that match no operation
// are returned, in order; "<method> <path>" matches with the method in any
// case (the form errors show, "GET /a", is accepted).
func TestUnmatchedExclusions(t *testing.T) {
	v, _ := ecma.Parse([]byte(`{"paths":{"/a":{"get":{"operationId":"getA"},"put":{}},"/b":{"post":{"operationId":"makeB"}}}}`))
	unmatched, err := Apply(v.(*ecma.Object), Options{Exclude: []string{"nope", "getA", "PUT /a", "get /b", "makeB", "delete /a"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(unmatched, ","); got != "nope,get /b,delete /a" {
		t.Errorf("unmatched %q", got)
	}
	if got := ecma.MarshalString(v, false); got != `{"paths":{}}` {
		t.Errorf("got %s", got)
	}
}

func TestExclusionAndSchemePruning(t *testing.T) {
	doc := `{"security":[{"Top":[]}],"paths":{` +
		`"/a":{"parameters":[],"get":{"operationId":"keep","responses":{"200":{}}},"post":{"operationId":"dropById","security":[{"Post":[]}],"responses":{"200":{}}}},` +
		`"/b":{"delete":{"operationId":"dropByRoute","security":[{"Del":[]},{"Other":[]}],"responses":{"200":{}}}}},` +
		`"components":{"securitySchemes":{"Top":{},"Post":{},"Del":{},"Other":{},"Unused":{}}}}`
	got := apply(t, doc, Options{Exclude: []string{"dropById", "delete /b"}})
	want := `{"security":[{"Top":[]}],"paths":{"/a":{"parameters":[],"get":{"operationId":"keep","responses":{"200":{}}}}},` +
		`"components":{"securitySchemes":{"Top":{}}}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestDefaultErrorResponse(t *testing.T) {
	doc := `{"paths":{"/a":{"get":{"responses":{"200":{}}},"put":{"responses":{"200":{},"4XX":{}}},"post":{"responses":{"201":{},"500":{}}},"patch":{}}}}`
	got := apply(t, doc, Options{DefaultErrorResponse: "Error response."})
	want := `{"paths":{"/a":{"get":{"responses":{"200":{},"default":{"description":"Error response."}}},` +
		`"put":{"responses":{"200":{},"4XX":{},"default":{"description":"Error response."}}},` +
		`"post":{"responses":{"201":{},"500":{}}},` +
		`"patch":{"responses":{"default":{"description":"Error response."}}}}}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestReplacementsFollowJavaScript runs the published replacement over
// string values at every depth (ecma's tests cover JavaScript's regular
// expressions themselves).
func TestReplacementsFollowJavaScript(t *testing.T) {
	published := Replacement{
		Pattern: "Optional\\s+.+runtime agent type identifier\\. Prefer sending this as `meta\\.type`\\.",
		Replace: "Optional runtime agent type identifier. Prefer sending this as `meta.type`.",
	}
	tests := []struct {
		r        Replacement
		in, want string
	}{
		{published, "Optional legacy runtime agent type identifier. Prefer sending this as `meta.type`.",
			"Optional runtime agent type identifier. Prefer sending this as `meta.type`."},
		{published, "Optional\u00a0legacy runtime agent type identifier. Prefer sending this as `meta.type`.",
			"Optional runtime agent type identifier. Prefer sending this as `meta.type`."},
	}
	for _, tt := range tests {
		doc := `{"k":` + ecma.MarshalString(tt.in, false) + `,"list":[` + ecma.MarshalString(tt.in, false) + `]}`
		got := apply(t, doc, Options{Replacements: []Replacement{tt.r}})
		w := ecma.MarshalString(tt.want, false)
		if want := `{"k":` + w + `,"list":[` + w + `]}`; got != want {
			t.Errorf("%q on %q:\n got %s\nwant %s", tt.r.Pattern, tt.in, got, want)
		}
	}
}

func TestReplacementKeysUntouched(t *testing.T) {
	got := apply(t, `{"abc":"abc"}`, Options{Replacements: []Replacement{{Pattern: "b", Replace: "X"}}})
	if want := `{"abc":"aXc"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
