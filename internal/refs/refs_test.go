package refs_test

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/refs"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

func parse(t *testing.T, src string) *ecma.Object {
	t.Helper()
	v, err := ecma.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return v.(*ecma.Object)
}

// Real specs (seen in the APIs.guru collection) point into paths with the
// URI-fragment form of a JSON pointer, percent-encoding the braces of path
// templates (RFC 6901 §6).
func TestLookupPercentEncoded(t *testing.T) {
	root := parse(t, `{"paths":{"/a/{id}":{"get":{"x":1}},"/b/%7Bid%7D":{"get":{"x":2}},"/c d":{"x":3}}}`)
	r := refs.New(root)
	for ref, want := range map[string]float64{
		"#/paths/~1a~1%7Bid%7D/get/x": 1, // encoded braces name "/a/{id}"
		"#/paths/~1a~1{id}/get/x":     1,
		"#/paths/~1b~1%7Bid%7D/get/x": 2, // a key that holds %7B literally wins
		"#/paths/~1c%20d/x":           3,
	} {
		v, err := r.Lookup(ref)
		if err != nil {
			t.Errorf("%s: %v", ref, err)
			continue
		}
		if v != want {
			t.Errorf("%s = %v, want %v", ref, v, want)
		}
	}
	for _, ref := range []string{"#/paths/~1a~1%7Bnone%7D/get", "#/paths/%zz"} {
		if _, err := r.Lookup(ref); err == nil || !strings.Contains(err.Error(), "does not resolve") {
			t.Errorf("%s: got %v, want a does-not-resolve error", ref, err)
		}
	}
	if err := refs.New(parse(t, `{"paths":{"/a/{id}":{"get":{"$ref":"#/paths/~1a~1%7Bid%7D/put"},"put":{}}}}`)).Check(); len(err) > 0 {
		t.Errorf("Check: %v", err)
	}
}

// ResolveLimited visits at most the values it is given, then cuts: a
// document of references to references expands no further.
func TestResolveLimited(t *testing.T) {
	root := parse(t, `{"a":[{"$ref":"#/b"},{"$ref":"#/b"}],"b":[{"$ref":"#/c"},{"$ref":"#/c"}],"c":"x"}`)
	r := refs.New(root)
	a, _ := root.Get("a")
	full := r.Resolve(a, nil)
	if got := ecma.MarshalString(full, false); got != `[["x","x"],["x","x"]]` {
		t.Errorf("Resolve = %s", got)
	}
	left := 7
	if got := ecma.MarshalString(r.ResolveLimited(a, nil, &left), false); got != `[["x","x"],["x","x"]]` || left != 0 {
		t.Errorf("ResolveLimited(7) = %s, %d left; want everything, 0 left", got, left)
	}
	left = 4
	if got := ecma.MarshalString(r.ResolveLimited(a, nil, &left), false); got != `[["x","x"],null]` || left != -1 {
		t.Errorf("ResolveLimited(4) = %s, %d left; want the rest null, -1 left", got, left)
	}
}
