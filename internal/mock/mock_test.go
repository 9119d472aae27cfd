package mock_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/mock"
	"github.com/agentmc/agentmc-gen/internal/serve"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// load builds the model of a spec file the way the mock command does.
func load(t testing.TB, spec string) *model.API {
	t.Helper()
	cfg, err := config.Preset("agentmc")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Spec, cfg.Emit = spec, nil
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res.API
}

// specs are the default spec and the newest corpus release.
func specs(t *testing.T) map[string]string {
	return map[string]string{
		"default": filepath.Join(testenv.ModuleRoot(t), "spec", "agentmc.openapi.yaml"),
		"newest":  testenv.NewestRelease(t),
	}
}

// logBuffer is an io.Writer safe for the handler's concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func start(t *testing.T, api *model.API, opts mock.Options) (*mock.Handler, *httptest.Server) {
	t.Helper()
	h, err := mock.New(api, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return h, srv
}

// text prints an example value as it goes into a URL.
func text(v ecma.Value) string {
	if s, ok := v.(string); ok {
		return s
	}
	return string(ecma.Marshal(v, false))
}

// exampleRequest is a valid request for op built from its documented
// examples and a credential for its first security requirement.
func exampleRequest(t *testing.T, api *model.API, op *model.Operation, base string) *http.Request {
	t.Helper()
	path := op.Path
	query := url.Values{}
	header := http.Header{}
	for _, p := range op.Parameters {
		if !p.Example.Present {
			continue
		}
		switch p.In {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(text(p.Example.Value)))
		case "query":
			query.Set(p.Name, text(p.Example.Value))
		case "header":
			header.Set(p.Name, text(p.Example.Value))
		}
	}
	var body io.Reader
	if e := op.PrimaryRequestExample(); e != nil && e.Example.Present {
		body = bytes.NewReader(ecma.Marshal(e.Example.Value, false))
		header.Set("Content-Type", e.MediaType)
	}
	target := base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	r, err := http.NewRequest(strings.ToUpper(op.Method), target, body)
	if err != nil {
		t.Fatal(err)
	}
	r.Header = header
	if len(op.Security) > 0 {
		for _, name := range op.Security[0] {
			s := api.SchemeByName(name)
			switch {
			case s.Type == "apiKey" && s.In == "header":
				r.Header.Set(s.ParamName, "test-key")
			case s.Type == "apiKey" && s.In == "query":
				q := r.URL.Query()
				q.Set(s.ParamName, "test-key")
				r.URL.RawQuery = q.Encode()
			case s.Type == "http" && strings.EqualFold(s.Scheme, "basic"):
				r.SetBasicAuth("user", "pass")
			case s.Type == "http":
				r.Header.Set("Authorization", "Bearer test-token")
			}
		}
	}
	return r
}

// noRedirects shows a 3xx as it is sent.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, r *http.Request) reply {
	t.Helper()
	resp, err := noRedirects.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, body}
}

func problemOf(t *testing.T, r reply) mock.Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, r.body)
	}
	var p mock.Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func sameJSON(t *testing.T, got []byte, want ecma.Value) bool {
	t.Helper()
	v, err := ecma.Parse(got)
	return err == nil && ecma.Equal(v, want)
}

// isExampleDefect reports a 400 whose every failure is in a request body
// that is exactly the documented example: the spec's example breaks its
// own schema, a defect of the spec and not of the mock.
func isExampleDefect(t *testing.T, r reply) bool {
	if r.status != http.StatusBadRequest {
		return false
	}
	for _, f := range problemOf(t, r).Errors {
		if f.In != "body" {
			return false
		}
	}
	return true
}

// TestEveryOperationAnswersItsExample sends each operation of the default
// spec and the newest corpus release a valid request built from its
// examples: the answer is the primary success response's documented
// example, with its status and media type.
func TestEveryOperationAnswersItsExample(t *testing.T) {
	for name, spec := range specs(t) {
		t.Run(name, func(t *testing.T) {
			api := load(t, spec)
			h, srv := start(t, api, mock.Options{})
			if h.BasePath() != "/api/v1" {
				t.Errorf("base path %q, want /api/v1", h.BasePath())
			}
			answered := 0
			for _, op := range api.Operations {
				r := do(t, exampleRequest(t, api, op, srv.URL+h.BasePath()))
				if isExampleDefect(t, r) {
					t.Logf("%s: the documented request example fails the spec's own schema: %s", op.ID, r.body)
					continue
				}
				want := mock.PrimarySuccess(op)
				if fmt.Sprint(r.status) != want.Status {
					t.Errorf("%s: status %d, want %s; body %s", op.ID, r.status, want.Status, r.body)
					continue
				}
				if r.status == http.StatusNoContent {
					if len(r.body) != 0 {
						t.Errorf("%s: 204 with a body %s", op.ID, r.body)
					}
				} else if want.HasContent && want.Example.Present && !sameJSON(t, r.body, want.Example.Value) {
					t.Errorf("%s: body %s, want the documented example %s", op.ID, r.body, ecma.Marshal(want.Example.Value, false))
				}
				if want.HasContent && r.status != http.StatusNoContent && !strings.Contains(r.header.Get("Content-Type"), "json") {
					t.Errorf("%s: Content-Type %q", op.ID, r.header.Get("Content-Type"))
				}
				answered++
			}
			if answered < len(api.Operations)*9/10 {
				t.Errorf("only %d of %d operations answered with their example", answered, len(api.Operations))
			}
			t.Logf("%d of %d operations answered with their example", answered, len(api.Operations))
		})
	}
}

// TestInvalidRequestListsEveryFailure: a path parameter below its minimum
// and a body with two wrong fields give one problem+json with all three.
func TestInvalidRequestListsEveryFailure(t *testing.T) {
	api := load(t, specs(t)["default"])
	h, srv := start(t, api, mock.Options{})
	r, _ := http.NewRequest("PATCH", srv.URL+h.BasePath()+"/tasks/0", strings.NewReader(`{"title": 5, "position": 0}`))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Api-Key", "k")
	got := do(t, r)
	if got.status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", got.status, got.body)
	}
	p := problemOf(t, got)
	if p.Operation != "updateTask" || p.Status != 400 {
		t.Errorf("problem %+v", p)
	}
	want := []mock.Failure{
		{In: "path", Name: "task"},
		{In: "body", Pointer: "/title"},
		{In: "body", Pointer: "/position"},
	}
	for _, w := range want {
		found := false
		for _, f := range p.Errors {
			found = found || (f.In == w.In && f.Name == w.Name && f.Pointer == w.Pointer && f.Message != "")
		}
		if !found {
			t.Errorf("no failure at %+v in %s", w, got.body)
		}
	}
}

// TestMissingCredentials: a request without any credential is a 401.
func TestMissingCredentials(t *testing.T) {
	api := load(t, specs(t)["default"])
	h, srv := start(t, api, mock.Options{})
	got := do(t, must(http.NewRequest("GET", srv.URL+h.BasePath()+"/boards", nil)))
	if got.status != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401: %s", got.status, got.body)
	}
	if p := problemOf(t, got); len(p.Errors) == 0 || p.Errors[0].In != "security" {
		t.Errorf("problem %s", got.body)
	}
}

func must(r *http.Request, err error) *http.Request {
	if err != nil {
		panic(err)
	}
	return r
}

// TestPreferCode: Prefer: code=404 answers the documented 404 example.
func TestPreferCode(t *testing.T) {
	api := load(t, specs(t)["default"])
	h, srv := start(t, api, mock.Options{})
	var op *model.Operation
	for _, o := range api.Operations {
		if o.ID == "showTask" {
			op = o
		}
	}
	var want *model.Response
	for _, r := range op.Responses {
		if r.Status == "404" {
			want = r
		}
	}
	r := exampleRequest(t, api, op, srv.URL+h.BasePath())
	r.Header.Set("Prefer", "code=404")
	got := do(t, r)
	if got.status != 404 || !sameJSON(t, got.body, want.Example.Value) {
		t.Errorf("Prefer code=404: %d %s, want 404 %s", got.status, got.body, ecma.Marshal(want.Example.Value, false))
	}
	r = exampleRequest(t, api, op, srv.URL+h.BasePath())
	r.Header.Set("Prefer", "code=418")
	if got := do(t, r); got.status != 400 || problemOf(t, got).Type != "urn:agentmc-gen:mock:no-response-defined" {
		t.Errorf("Prefer code=418: %d %s, want a 400 problem", got.status, got.body)
	}
}

// TestPreferExample: named examples by Prefer, with and without a code.
func TestPreferExample(t *testing.T) {
	api := load(t, "testdata/pets.yaml")
	h, srv := start(t, api, mock.Options{})
	if h.BasePath() != "/v2" {
		t.Errorf("base path %q, want /v2", h.BasePath())
	}
	for _, c := range []struct {
		prefer string
		status int
		want   string
	}{
		{"", 200, `{"id":7,"name":"Tom","kind":"cat"}`},
		{"example=dog", 200, `{"id":8,"name":"Rex","kind":"dog"}`},
		{`code=200, example="dog"`, 200, `{"id":8,"name":"Rex","kind":"dog"}`},
		{"example=notFound", 404, `{"code":"not_found","message":"No such pet."}`},
		{"code=404", 404, `{"code":"not_found","message":"No such pet."}`},
	} {
		r := must(http.NewRequest("GET", srv.URL+"/v2/pets/7", nil))
		if c.prefer != "" {
			r.Header.Set("Prefer", c.prefer)
		}
		got := do(t, r)
		if got.status != c.status || string(got.body) != c.want {
			t.Errorf("Prefer %q: %d %s, want %d %s", c.prefer, got.status, got.body, c.status, c.want)
		}
	}
	r := must(http.NewRequest("GET", srv.URL+"/v2/pets/7", nil))
	r.Header.Set("Prefer", "example=parrot")
	if got := do(t, r); got.status != 400 || problemOf(t, got).Type != "urn:agentmc-gen:mock:no-example-defined" {
		t.Errorf("Prefer example=parrot: %d %s", got.status, got.body)
	}
}

// TestBrokenExamplesReported: documented examples that break their schema
// are found at start, logged as JSON lines (spec text encoded, so a CR LF
// in it cannot forge a line or a header) and flagged on the response.
func TestBrokenExamplesReported(t *testing.T) {
	api := load(t, "testdata/pets.yaml")
	var log logBuffer
	h, srv := start(t, api, mock.Options{Log: &log})
	labels := map[string]bool{}
	for _, p := range h.ExampleProblems() {
		labels[p.Operation+" "+p.Status+" "+p.Example] = true
		if len(p.Failures) == 0 {
			t.Errorf("%+v: no failures", p)
		}
	}
	for _, want := range []string{"showPet 200 examples/broken", "createPet\r\nX-Injected: 1 201 example"} {
		if !labels[want] {
			t.Errorf("problem %q not reported; got %v", want, labels)
		}
	}
	if len(labels) != 2 {
		t.Errorf("problems %v, want exactly two", labels)
	}
	var start bytes.Buffer
	h.LogExampleProblems(&start)
	for _, line := range strings.Split(strings.TrimSuffix(start.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, "agentmc-gen mock: warning: documented example breaks its schema: {") {
			t.Errorf("log line %q", line)
		}
	}
	if n := strings.Count(start.String(), "\n"); n != 2 {
		t.Errorf("%d lines for two problems:\n%s", n, start.String())
	}

	r := must(http.NewRequest("GET", srv.URL+"/v2/pets/7", nil))
	r.Header.Set("Prefer", "example=broken")
	got := do(t, r)
	if got.status != 200 || !strings.HasPrefix(got.header.Get(mock.ProblemHeader), "response-breaks-schema; failures=") {
		t.Errorf("broken example: %d %s %q", got.status, got.body, got.header.Get(mock.ProblemHeader))
	}
	r = must(http.NewRequest("POST", srv.URL+"/v2/pets", strings.NewReader(`{"id":1,"name":"Tom","kind":"cat"}`)))
	r.Header.Set("Content-Type", "application/json")
	got = do(t, r)
	if got.status != 201 || got.header.Get(mock.ProblemHeader) == "" || got.header.Get("X-Injected") != "" {
		t.Errorf("createPet: %d %v", got.status, got.header)
	}
	if !strings.Contains(log.String(), `"operationId":"createPet\r\nX-Injected: 1"`) {
		t.Errorf("log does not hold the operation ID JSON-encoded:\n%s", log.String())
	}
	for _, line := range strings.Split(log.String(), "\n") {
		if line != "" && !strings.HasPrefix(line, "agentmc-gen mock: ") {
			t.Errorf("forged log line %q", line)
		}
	}
}

// TestDynamic: Prefer dynamic=true synthesises a body from the schema that
// the same seed reproduces, another seed changes, and that passes an
// independent libopenapi-validator check, for every operation.
func TestDynamic(t *testing.T) {
	all := specs(t)
	all["pets"] = "testdata/pets.yaml"
	for name, spec := range all {
		t.Run(name, func(t *testing.T) {
			api := load(t, spec)
			h, srv := start(t, api, mock.Options{})
			doc, err := libopenapi.NewDocument(ecma.Marshal(api.Spec, false))
			if err != nil {
				t.Fatal(err)
			}
			v, errs := validator.NewValidator(doc)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			varied, checked := 0, 0
			for _, op := range api.Operations {
				send := func(seed int) (reply, *http.Request) {
					r := exampleRequest(t, api, op, srv.URL+h.BasePath())
					r.Header.Set("Prefer", fmt.Sprintf("dynamic=true, seed=%d", seed))
					return do(t, r), r
				}
				a, req := send(7)
				if isExampleDefect(t, a) || len(a.body) == 0 {
					continue
				}
				b, _ := send(7)
				c, _ := send(8)
				if !bytes.Equal(a.body, b.body) {
					t.Errorf("%s: seed 7 gave %s, then %s", op.ID, a.body, b.body)
				}
				if !bytes.Equal(a.body, c.body) {
					varied++
				}
				if p := a.header.Get(mock.ProblemHeader); p != "" {
					t.Errorf("%s: dynamic response flagged %q: %s", op.ID, p, a.body)
				}
				resp := &http.Response{StatusCode: a.status, Header: a.header, Body: io.NopCloser(bytes.NewReader(a.body)), Request: req}
				if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
					for _, e := range errs {
						t.Errorf("%s: dynamic body %s: %s", op.ID, a.body, mock.Describe(e))
					}
				}
				checked++
			}
			if checked == 0 || varied < checked/2 {
				t.Errorf("%d dynamic responses checked, %d differ between seeds 7 and 8", checked, varied)
			}
			t.Logf("%d dynamic responses valid and reproducible, %d vary with the seed", checked, varied)
		})
	}
}

// TestReload: the server follows the spec file; a broken save keeps the
// last good spec in service and is logged.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "pets.yaml")
	orig, err := os.ReadFile("testdata/pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = spec
	var log logBuffer
	s := mock.NewServer(mock.ServerOptions{Config: cfg, Mock: mock.Options{Log: &log}})
	srv := httptest.NewServer(s)
	defer srv.Close()
	get := func() reply { return do(t, must(http.NewRequest("GET", srv.URL+"/v2/pets/7", nil))) }
	if got := get(); !strings.Contains(string(got.body), "Tom") {
		t.Fatalf("before: %d %s", got.status, got.body)
	}
	if s.Poll() {
		t.Error("Poll reloaded although nothing changed")
	}
	if err := os.WriteFile(spec, bytes.Replace(orig, []byte("name: Tom, kind: cat"), []byte("name: Felix, kind: cat"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if !s.Poll() {
		t.Fatal("Poll did not see the change")
	}
	if got := get(); !strings.Contains(string(got.body), "Felix") {
		t.Errorf("after the change: %d %s", got.status, got.body)
	}
	if err := os.WriteFile(spec, []byte("openapi: [broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Poll()
	if got := get(); !strings.Contains(string(got.body), "Felix") {
		t.Errorf("after a broken save: %d %s", got.status, got.body)
	}
	if _, err := s.Handler(); err == nil || !strings.Contains(log.String(), "still serving the last spec") {
		t.Errorf("broken save not reported: %v\n%s", err, log.String())
	}
}

// TestLoopbackHosts: only the bound address and localhost reach the mock.
func TestLoopbackHosts(t *testing.T) {
	api := load(t, "testdata/pets.yaml")
	h, err := mock.New(api, mock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = mock.LoopbackHosts(h, srv.Listener.Addr())
	srv.Start()
	defer srv.Close()
	_, port, _ := strings.Cut(srv.Listener.Addr().String(), ":")
	for host, want := range map[string]int{
		srv.Listener.Addr().String(): 200,
		"localhost:" + port:          200,
		"evil.example:" + port:       403,
		"localhost":                  403,
		"127.0.0.1.nip.io:" + port:   403,
	} {
		r := must(http.NewRequest("GET", srv.URL+"/v2/pets/7", nil))
		r.Host = host
		if got := do(t, r); got.status != want {
			t.Errorf("Host %q: %d, want %d", host, got.status, want)
		}
	}
	for addr, want := range map[string]bool{
		"127.0.0.1:4010": true, "localhost:4010": true, "[::1]:4010": true,
		"0.0.0.0:4010": false, ":4010": false, "192.168.1.2:4010": false, "example.com:4010": false,
	} {
		if mock.IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) = %v", addr, !want)
		}
	}
}

// TestNoRoute: problems for unknown paths and methods.
func TestNoRoute(t *testing.T) {
	api := load(t, "testdata/pets.yaml")
	_, srv := start(t, api, mock.Options{})
	if got := do(t, must(http.NewRequest("GET", srv.URL+"/v2/nope", nil))); got.status != 404 || problemOf(t, got).Type != "urn:agentmc-gen:mock:no-path-matched" {
		t.Errorf("unknown path: %d %s", got.status, got.body)
	}
	got := do(t, must(http.NewRequest("DELETE", srv.URL+"/v2/pets/7", nil)))
	if got.status != 405 || got.header.Get("Allow") != "GET" {
		t.Errorf("unknown method: %d %v %s", got.status, got.header, got.body)
	}
}

func TestParsePrefer(t *testing.T) {
	p, err := mock.ParsePrefer([]string{`code=404, example="not, found"`, "dynamic=true; x=y, seed=42, respond-async"})
	if err != nil || p.Code != 404 || p.Example != "not, found" || !p.Dynamic || !p.DynamicSet || p.Seed != 42 || !p.SeedSet {
		t.Errorf("%+v %v", p, err)
	}
	for _, bad := range []string{"code=abc", "code=99", "dynamic=maybe", "seed=-1", "example="} {
		if _, err := mock.ParsePrefer([]string{bad}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestWithSite: the docs site at / and the API under its base path, from
// one origin.
func TestWithSite(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = "testdata/pets.yaml"
	api := mock.NewServer(mock.ServerOptions{Config: cfg})
	pages := serve.New(serve.Options{Config: cfg})
	srv := httptest.NewServer(mock.WithSite(api, pages))
	defer srv.Close()
	page := do(t, must(http.NewRequest("GET", srv.URL+"/", nil)))
	if page.status != 200 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") || !strings.Contains(string(page.body), "showPet") {
		t.Errorf("/: %d %q %.200s", page.status, page.header.Get("Content-Type"), page.body)
	}
	if got := do(t, must(http.NewRequest("GET", srv.URL+"/v2/pets/7", nil))); got.status != 200 || !strings.Contains(string(got.body), "Tom") {
		t.Errorf("/v2/pets/7: %d %s", got.status, got.body)
	}
	if got := do(t, must(http.NewRequest("GET", srv.URL+"/v2x", nil))); got.status != 404 || strings.Contains(got.header.Get("Content-Type"), "problem") {
		t.Errorf("/v2x is the site's: %d %q", got.status, got.header.Get("Content-Type"))
	}
}

// TestWithSiteMockInfo: the pages served with the mock find the API's base
// path at site.MockInfoPath (escaped for a URL, and also when the API takes
// every path), and each operation page carries the try-it panel; the site
// alone (serve) does not answer it, so there the panel stays hidden.
func TestWithSiteMockInfo(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = "testdata/pets.yaml"
	pages := serve.New(serve.Options{Config: cfg})
	for _, c := range []struct{ base, want string }{{"", "/v2"}, {"/", ""}, {"/my api", "/my%20api"}} {
		api := mock.NewServer(mock.ServerOptions{Config: cfg, Mock: mock.Options{BasePath: c.base}})
		srv := httptest.NewServer(mock.WithSite(api, pages))
		got := do(t, must(http.NewRequest("GET", srv.URL+site.MockInfoPath, nil)))
		var info struct {
			BasePath *string `json:"basePath"`
		}
		if err := json.Unmarshal(got.body, &info); err != nil || got.status != 200 || got.header.Get("Content-Type") != "application/json" || info.BasePath == nil || *info.BasePath != c.want {
			t.Errorf("-base-path %q: %s: %d %q %s, want basePath %q", c.base, site.MockInfoPath, got.status, got.header.Get("Content-Type"), got.body, c.want)
		}
		if got := do(t, must(http.NewRequest("POST", srv.URL+site.MockInfoPath, nil))); got.status != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d", site.MockInfoPath, got.status)
		}
		srv.Close()
	}
	api := mock.NewServer(mock.ServerOptions{Config: cfg})
	srv := httptest.NewServer(mock.WithSite(api, pages))
	defer srv.Close()
	page := do(t, must(http.NewRequest("GET", srv.URL+"/operations/showPet.html", nil)))
	if page.status != 200 || !bytes.Contains(page.body, []byte(`<section id="try-it" class="try-it" data-try-it data-method="GET" data-path="/pets/{id}"`)) {
		t.Errorf("/operations/showPet.html: %d, no try-it panel: %.300s", page.status, page.body)
	}
	alone := httptest.NewServer(pages)
	defer alone.Close()
	if got := do(t, must(http.NewRequest("GET", alone.URL+site.MockInfoPath, nil))); got.status != 404 {
		t.Errorf("serve alone answers %s: %d", site.MockInfoPath, got.status)
	}
}
