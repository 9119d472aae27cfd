package calls

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// Check reports every operation that cannot be sent as written, one
// problem each, naming the operation, its pointer and the field; Build
// then makes no calls at all.
func TestCheckReportsEveryOperation(t *testing.T) {
	api := &model.API{
		SecuritySchemes: []*model.SecurityScheme{{Name: "key", Type: "apiKey", In: "header", ParamName: "X Key"}},
		Operations: []*model.Operation{
			{ID: "fine", Method: "get", Path: "/fine", Pointer: "#/paths/~1fine/get"},
			{ID: "host", Method: "get", Path: "@evil.example/x", Pointer: "#/paths/@evil.example~1x/get"},
			{ID: "header", Method: "get", Path: "/h", Pointer: "#/paths/~1h/get", Parameters: []*model.Parameter{{Name: "X-Ok", In: "header"}, {Name: "X\r\nInjected: 1", In: "header"}}},
			{ID: "media", Method: "post", Path: "/m", Pointer: "#/paths/~1m/post", RequestExamples: []*model.MediaExample{{MediaType: "application/json\r\nX-Injected: 1"}}},
			{ID: "scheme", Method: "get", Path: "/s", Pointer: "#/paths/~1s/get", Security: [][]string{{"key"}}},
		},
	}
	problems := Check(api)
	want := []struct{ op, pointer, message string }{
		{"host", "#/paths/@evil.example~1x/get", `path "@evil.example/x" does not start with /`},
		{"header", "#/paths/~1h/get", `parameters[1].name: `},
		{"media", "#/paths/~1m/post", `requestBody media type `},
		{"scheme", "#/paths/~1s/get", `security scheme "key": name "X Key" is not an HTTP header name`},
	}
	if len(problems) != len(want) {
		t.Fatalf("Check found %d problems, want %d: %v", len(problems), len(want), problems)
	}
	for i, w := range want {
		p := problems[i]
		if p.Severity != model.Error || p.Pointer != w.pointer || !strings.Contains(p.Operation, w.op) || !strings.HasPrefix(p.Message, w.message) {
			t.Errorf("problem %d = %+v, want an error for %s at %s starting %q", i, p, w.op, w.pointer, w.message)
		}
	}
	if set, err := Build(api, &config.Config{}); err == nil || set != nil {
		t.Errorf("Build = %v, %v; want no calls and the problems", set, err)
	}
}

// The calls are pure: the same operation gives equal calls, and the
// operation is left as it was.
func TestCallsArePure(t *testing.T) {
	body := ecma.NewObject(1)
	body.Set("name", "a b")
	op := &model.Operation{
		ID: "makeThing", Method: "post", Path: "/things/{id}",
		Parameters: []*model.Parameter{
			{Name: "id", In: "path", Required: true, Style: "simple", Example: model.Example{Value: "x/y", Present: true}},
			{Name: "q", In: "query", Style: "form", Explode: true, Example: model.Example{Value: "1 2", Present: true}},
		},
		RequestExamples: []*model.MediaExample{{MediaType: "application/json", Example: model.Example{Value: body, Present: true}}},
	}
	api := &model.API{Operations: []*model.Operation{op}}
	cfg := &config.Config{BaseURL: "https://api.example"}
	a, b := Curl(op, api, cfg), Curl(op, api, cfg)
	if a == b || strings.Join(CurlLines(a, cfg.BaseURL, ""), "\n") != strings.Join(CurlLines(b, cfg.BaseURL, ""), "\n") {
		t.Fatal("two Curl calls differ or share their result")
	}
	if a.Target != "/things/x%2Fy?q=1+2" || a.Method != "POST" || !a.HasData || a.Data != `{"name":"a b"}` {
		t.Errorf("Curl = %+v", a)
	}
	sdk := SDK(op, api, cfg)
	if got := ecma.MarshalString(sdk.Options, false); got != `{"params":{"path":{"id":"x/y"},"query":{"q":"1 2"}},"body":{"name":"a b"}}` {
		t.Errorf("SDK options = %s", got)
	}
	if op.Parameters[0].Example.Value != "x/y" || body.Len() != 1 {
		t.Error("the calls changed the operation")
	}
}
