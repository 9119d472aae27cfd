package serialize

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// styleExamples is the style-examples table of OpenAPI 3.1.0 (§4.8.12.4),
// for parameter color: "" (empty), "blue", ["blue","black","brown"] and
// {"R":100,"G":200,"B":150}. "" marks n/a. Query styles are written as
// the query string, '&'-joined, with a space as %20 as the table shows
// (3.1.0 leaves "color=" out of the delimited rows; 3.1.1 restores it).
var styleExamples = []struct {
	style                     string
	explode                   bool
	empty, str, array, object string
}{
	{"matrix", false, ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"},
	{"matrix", true, ";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"},
	{"label", false, ".", ".blue", ".blue.black.brown", ".R.100.G.200.B.150"},
	{"label", true, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"},
	{"form", false, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"},
	{"form", true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"},
	{"simple", false, "", "blue", "blue,black,brown", "R,100,G,200,B,150"},
	{"simple", true, "", "blue", "blue,black,brown", "R=100,G=200,B=150"},
	{"spaceDelimited", false, "", "", "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"},
	{"pipeDelimited", false, "", "", "color=blue|black|brown", "color=R|100|G|200|B|150"},
	{"deepObject", true, "", "", "", "color[R]=100&color[G]=200&color[B]=150"},
}

func colorValues(t *testing.T) []ecma.Value {
	var out []ecma.Value
	for _, src := range []string{`""`, `"blue"`, `["blue","black","brown"]`, `{"R":100,"G":200,"B":150}`} {
		v, err := ecma.Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// serialise applies a style to a style value as the table writes it.
func serialise(style string, explode bool, v any) string {
	switch style {
	case "matrix", "label", "simple":
		return styleString("color", v, style, explode, nil)
	}
	var parts []string
	for _, p := range styleQuery("color", v, style, explode) {
		parts = append(parts, p.name+"="+strings.ReplaceAll(p.value, " ", "%20"))
	}
	return strings.Join(parts, "&")
}

// TestStyleExamples runs the table on the values the generator reads
// (JSON examples) and on the values the Go client reads (Go values through
// encoding/json): the same file serialises both.
func TestStyleExamples(t *testing.T) {
	type rgb struct {
		R int64 `json:"R"`
		G int64 `json:"G"`
		B int64 `json:"B"`
	}
	goValues := []any{"", "blue", []string{"blue", "black", "brown"}, rgb{100, 200, 150}}
	for _, row := range styleExamples {
		want := []string{row.empty, row.str, row.array, row.object}
		for i, v := range colorValues(t) {
			if want[i] == "" {
				continue
			}
			if got := serialise(row.style, row.explode, Tree(v)); got != want[i] {
				t.Errorf("%s explode=%v %s: generator got %q, want %q", row.style, row.explode, ecma.MarshalString(v, false), got, want[i])
			}
			tree, err := styleTree(goValues[i])
			if err != nil {
				t.Fatal(err)
			}
			if got := serialise(row.style, row.explode, tree); got != want[i] {
				t.Errorf("%s explode=%v %#v: client got %q, want %q", row.style, row.explode, goValues[i], got, want[i])
			}
		}
	}
}

// TestStripeForm is the case of issue 11: metadata declared deepObject in
// a form body is sent as metadata[order]=42, nested objects and arrays in
// brackets; a property left to the default (form, explode) sends its
// members by name.
func TestStripeForm(t *testing.T) {
	body, _ := ecma.Parse([]byte(`{"email":"a b@x.io","metadata":{"order":"42","tags":["x","y"],"ship":{"city":"Köln"}}}`))
	obj := body.(*ecma.Object)
	var got []string
	for i := range obj.Len() {
		name, v := obj.At(i)
		style := "form"
		if name == "metadata" {
			style = "deepObject"
		}
		for _, p := range Query(name, v, style, true) {
			got = append(got, FormPair(p, false))
		}
	}
	want := "email=a+b%40x.io&metadata%5Border%5D=42&metadata%5Btags%5D%5B0%5D=x&metadata%5Btags%5D%5B1%5D=y&metadata%5Bship%5D%5Bcity%5D=K%C3%B6ln"
	if s := strings.Join(got, "&"); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

// TestEncoding: names and values are encoded, delimiters are not;
// allowReserved keeps reserved characters but those that would change how
// the query string reads; numbers print as JavaScript prints them; an
// object left to a scalar style is its JSON text.
func TestEncoding(t *testing.T) {
	v, _ := ecma.Parse([]byte(`["a/b","c d"]`))
	if got, want := String("id", v, "matrix", true, PathValue), ";id=a%2Fb;id=c%20d"; got != want {
		t.Errorf("matrix path: got %q, want %q", got, want)
	}
	if got, want := FormPair(Pair{"q", "a/b?c&d=e+f#g h"}, true), "q=a/b?c%26d%3De%2Bf%23g+h"; got != want {
		t.Errorf("allowReserved: got %q, want %q", got, want)
	}
	// RFC 6570's reserved expansion: a percent-encoded triple passes, any
	// other '%', a space and non-ASCII bytes are encoded.
	if got, want := FormPair(Pair{"q", "%41%2f 100%!é:"}, true), "q=%41%2f+100%25!%C3%A9:"; got != want {
		t.Errorf("allowReserved, percent signs: got %q, want %q", got, want)
	}
	if got, want := FormPair(Pair{"q", "%41"}, false), "q=%2541"; got != want {
		t.Errorf("form, percent sign: got %q, want %q", got, want)
	}
	if got, want := FormPair(Pair{"q", "a/b?c"}, false), "q=a%2Fb%3Fc"; got != want {
		t.Errorf("form: got %q, want %q", got, want)
	}
	n, _ := ecma.Parse([]byte(`[1e21, 0.5, true, null, {"a": "<&>"}]`))
	if got, want := String("n", n, "simple", false, nil), `1e+21,0.5,true,null,{"a":"<&>"}`; got != want {
		t.Errorf("scalars: got %q, want %q", got, want)
	}
	if got := Query("n", mustParse(t, `[]`), "form", true); len(got) != 0 {
		t.Errorf("an empty array sends %v, want nothing", got)
	}
}

func mustParse(t *testing.T, s string) ecma.Value {
	v, err := ecma.Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
