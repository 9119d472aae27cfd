package examples

import (
	"testing"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/refs"

	_ "github.com/agentmc/agentmc-gen/internal/testenv" // the module-wide -update flag
)

// synth parses a document, and synthesises the example of the media type
// object at #/m (or of the schema at #/s when there is no m).
func synth(t *testing.T, doc string) (string, bool) {
	t.Helper()
	v, err := ecma.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	root := v.(*ecma.Object)
	r := refs.New(root)
	if broken := r.Check(); len(broken) > 0 {
		t.Fatal(broken)
	}
	s := New(r)
	var ex ecma.Value
	var ok bool
	if m, isMedia := root.Object("m"); isMedia {
		ex, ok = s.For(m, nil)
	} else {
		schema, _ := root.Get("s")
		ex, ok = s.Schema(schema, nil)
	}
	if !ok {
		return "", false
	}
	return ecma.MarshalString(ex, false), true
}

func TestSynthesis(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		// Media type and parameter order: example, examples, schema.
		{"example wins", `{"m":{"example":{"a":1},"examples":{"x":{"value":2}},"schema":{"type":"string"}}}`, `{"a":1}`},
		{"null example counts", `{"m":{"example":null,"schema":{"type":"string"}}}`, `null`},
		{"first examples entry with a value", `{"m":{"examples":{"a":{"summary":"no value"},"b":{"value":"B"},"c":{"value":"C"}}}}`, `"B"`},
		{"examples through $ref", `{"m":{"examples":{"a":{"$ref":"#/c/ex"}}},"c":{"ex":{"value":[1,2]}}}`, `[1,2]`},
		{"schema when no example", `{"m":{"schema":{"type":"integer"}}}`, `1`},
		// Rule 1: example, default, const, enum.
		{"schema example", `{"s":{"type":"string","example":"x","default":"d"}}`, `"x"`},
		{"default", `{"s":{"type":"string","default":"d","const":"c"}}`, `"d"`},
		{"const", `{"s":{"type":"string","const":"c","enum":["e"]}}`, `"c"`},
		{"enum", `{"s":{"type":"string","enum":["first","second"]}}`, `"first"`},
		// Rule 2: oneOf / anyOf take the first alternative.
		{"oneOf", `{"s":{"oneOf":[{"type":"boolean"},{"type":"string"}]}}`, `true`},
		{"anyOf", `{"s":{"anyOf":[{"type":"number"},{"type":"string"}]}}`, `1.5`},
		// Rule 3: allOf merges objects left to right, keeping first positions.
		{"allOf merge", `{"s":{"allOf":[{"properties":{"a":{"example":1},"b":{"example":2}}},{"properties":{"c":{"example":3},"a":{"example":9}}}]}}`, `{"a":9,"b":2,"c":3}`},
		{"allOf no object", `{"s":{"allOf":[{"type":"string"},{"type":"integer"}]}}`, `"string"`},
		{"allOf skips non-objects", `{"s":{"allOf":[{"type":"string"},{"properties":{"a":{"type":"integer"}}}]}}`, `{"a":1}`},
		// Rule 4: objects.
		{"object properties in order", `{"s":{"type":"object","properties":{"z":{"type":"string","format":"email"},"1":{"type":"boolean"},"a":{}}}}`, `{"1":true,"z":"agent@example.com"}`},
		{"properties without type", `{"s":{"properties":{"a":{"type":"integer"}}}}`, `{"a":1}`},
		{"additionalProperties schema", `{"s":{"type":"object","additionalProperties":{"type":"integer"}}}`, `{"key":1}`},
		{"additionalProperties without example", `{"s":{"type":"object","additionalProperties":{}}}`, `{"key":"value"}`},
		{"additionalProperties true", `{"s":{"type":"object","additionalProperties":true}}`, `{}`},
		{"empty object", `{"s":{"type":"object"}}`, `{}`},
		// Rule 5: arrays.
		{"array", `{"s":{"type":"array","items":{"type":"string","format":"uuid"}}}`, `["11111111-1111-1111-1111-111111111111"]`},
		{"array of nothing", `{"s":{"type":"array","items":{}}}`, `[]`},
		// Rule 6: string formats.
		{"date-time", `{"s":{"type":"string","format":"date-time"}}`, `"2026-02-24T12:00:00Z"`},
		{"date", `{"s":{"type":"string","format":"date"}}`, `"2026-02-24"`},
		{"uri", `{"s":{"type":"string","format":"uri"}}`, `"https://agentmc.ai"`},
		{"url", `{"s":{"type":"string","format":"url"}}`, `"https://agentmc.ai"`},
		{"other format", `{"s":{"type":"string","format":"binary"}}`, `"string"`},
		// Rule 7.
		{"integer", `{"s":{"type":"integer"}}`, `1`},
		{"number", `{"s":{"type":"number"}}`, `1.5`},
		{"boolean", `{"s":{"type":"boolean"}}`, `true`},
		// References, and $ref siblings laid over the target.
		{"$ref", `{"s":{"$ref":"#/c/A"},"c":{"A":{"type":"object","properties":{"id":{"type":"integer"}}}}}`, `{"id":1}`},
		{"$ref siblings", `{"s":{"$ref":"#/c/A","example":{"over":true}},"c":{"A":{"type":"string"}}}`, `{"over":true}`},
		{"$ref inside an example", `{"s":{"example":{"a":{"$ref":"#/c/v"}}},"c":{"v":{"x":1}}}`, `{"a":{"x":1}}`},
		// Cycles: a $ref met again in its own expansion stands as {}.
		{"cycle", `{"s":{"$ref":"#/c/Node"},"c":{"Node":{"type":"object","properties":{"id":{"type":"integer"},"next":{"$ref":"#/c/Node"},"kids":{"type":"array","items":{"$ref":"#/c/Node"}}}}}}`, `{"id":1,"kids":[]}`},
		{"mutual cycle", `{"s":{"$ref":"#/c/A"},"c":{"A":{"properties":{"b":{"$ref":"#/c/B"}}},"B":{"properties":{"a":{"$ref":"#/c/A"},"n":{"type":"integer"}}}}}`, `{"b":{"n":1}}`},
	}
	for _, tt := range tests {
		got, ok := synth(t, tt.doc)
		if !ok || got != tt.want {
			t.Errorf("%s: got %s (ok=%v), want %s", tt.name, got, ok, tt.want)
		}
	}
}

func TestSynthesisNone(t *testing.T) {
	for name, doc := range map[string]string{
		"type list (3.1)": `{"s":{"type":["string","null"]}}`,
		"no type":         `{"s":{"description":"anything"}}`,
		"boolean schema":  `{"s":true}`,
		"no schema":       `{"m":{"description":"x"}}`,
		"oneOf of none":   `{"s":{"oneOf":[{},{"type":"string"}]}}`,
	} {
		if got, ok := synth(t, doc); ok {
			t.Errorf("%s: got %s, want none", name, got)
		}
	}
}

func TestDepthLimit(t *testing.T) {
	// Each level nests one object; depth counts from 0 at the top schema,
	// and a schema past depth 7 yields none.
	nest := func(levels int) string {
		s := `{"type":"integer"}`
		for range levels {
			s = `{"type":"object","properties":{"p":` + s + `}}`
		}
		return `{"s":` + s + `}`
	}
	got, _ := synth(t, nest(7))
	if want := `{"p":{"p":{"p":{"p":{"p":{"p":{"p":1}}}}}}}`; got != want {
		t.Errorf("7 levels: got %s, want %s", got, want)
	}
	got, _ = synth(t, nest(8))
	if want := `{"p":{"p":{"p":{"p":{"p":{"p":{"p":{}}}}}}}}`; got != want {
		t.Errorf("8 levels: got %s, want %s", got, want)
	}
	// Arrays count as levels too.
	got, _ = synth(t, `{"s":{"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"integer"}}}}}}}}}}`)
	if want := `[[[[[[[[]]]]]]]]`; got != want {
		t.Errorf("8 nested arrays: got %s, want %s", got, want)
	}
}
