package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
)

// ExampleProblem is a response the mock would send that breaks the spec:
// a documented example failing its own schema, or a synthesised one.
type ExampleProblem struct {
	Operation string `json:"operationId"`
	Status    string `json:"status"`
	MediaType string `json:"mediaType"`
	// Example says which: "example", "examples/<name>", "synthesized"
	// (from the schema, none being documented) or "dynamic (seed N)".
	Example  string    `json:"example"`
	Failures []Failure `json:"failures"`
}

// ExampleProblems returns the documented examples that break their schema,
// found when the handler was made.
func (h *Handler) ExampleProblems() []ExampleProblem { return h.problems }

// LogExampleProblems writes one warning line per example problem.
func (h *Handler) LogExampleProblems(w io.Writer) {
	for _, p := range h.problems {
		writeProblemLine(w, "documented example breaks its schema", p)
	}
}

func (h *Handler) logProblem(what string, p ExampleProblem) { writeProblemLine(h.opts.Log, what, p) }

// writeProblemLine logs a problem as one line of JSON: spec text in it is
// JSON-encoded, so it cannot break the line or forge another.
func writeProblemLine(w io.Writer, what string, p ExampleProblem) {
	data, _ := json.Marshal(p)
	fmt.Fprintf(w, "agentmc-gen mock: warning: %s: %s\n", what, data)
}

type named struct {
	name  string
	value ecma.Value
}

// mediaObject returns the spec's media type object of a response entry.
func (h *Handler) mediaObject(op *model.Operation, resp *model.Response) *ecma.Object {
	v, err := h.resolver.Lookup(op.Pointer)
	if err != nil {
		return nil
	}
	v, stack := h.resolver.Deref(v, nil)
	o, _ := v.(*ecma.Object)
	responses, _ := o.Object("responses")
	rv, ok := responses.Get(resp.Status)
	if !ok {
		return nil
	}
	rv, stack = h.resolver.Deref(rv, stack)
	ro, _ := rv.(*ecma.Object)
	content, _ := ro.Object("content")
	mv, ok := content.Get(resp.MediaType)
	if !ok {
		return nil
	}
	mv, _ = h.resolver.Deref(mv, stack)
	mo, _ := mv.(*ecma.Object)
	return mo
}

// namedExamples returns the entries of a response's "examples" map that
// have a value, in spec order.
func (h *Handler) namedExamples(op *model.Operation, resp *model.Response) []named {
	mo := h.mediaObject(op, resp)
	if mo == nil {
		return nil
	}
	ev, ok := mo.Get("examples")
	if !ok {
		return nil
	}
	ev, stack := h.resolver.Deref(ev, nil)
	m, _ := ev.(*ecma.Object)
	var out []named
	for i := range m.Len() {
		name, entry := m.At(i)
		entry, entryStack := h.resolver.Deref(entry, stack)
		if e, ok := entry.(*ecma.Object); ok {
			if v, ok := e.Get("value"); ok {
				out = append(out, named{name, h.resolver.Resolve(v, entryStack)})
			}
		}
	}
	return out
}

func (h *Handler) namedExample(op *model.Operation, resp *model.Response, name string) *named {
	for _, n := range h.namedExamples(op, resp) {
		if n.name == name {
			return &n
		}
	}
	return nil
}

// checkExamples checks every example the mock may send without a dynamic
// preference: each entry's example (documented or synthesised) and each
// named example.
func (h *Handler) checkExamples() []ExampleProblem {
	var out []ExampleProblem
	for _, op := range h.api.Operations {
		r := h.sampleRequest(op)
		for _, resp := range op.Responses {
			if !resp.HasContent {
				continue
			}
			status := statusCode(resp.Status)
			if status == http.StatusNoContent || status == http.StatusNotModified {
				continue
			}
			header := responseHeader(resp, status, true)
			mo := h.mediaObject(op, resp)
			namedList := h.namedExamples(op, resp)
			label := "synthesized"
			switch {
			case mo != nil && mo.Has("example"):
				label = "example"
			case len(namedList) > 0:
				// The entry's example is the first named one.
				label = "examples/" + namedList[0].name
				namedList = namedList[1:]
			}
			report := func(label string, ans answer, body []byte) {
				if fs := h.checkStatic(r, op, resp, ans, header, body); len(fs) > 0 {
					out = append(out, ExampleProblem{Operation: op.ID, Status: resp.Status, MediaType: resp.MediaType, Example: label, Failures: fs})
				}
			}
			if resp.Example.Present {
				report(label, answer{resp: resp, status: status}, ecma.Marshal(resp.Example.Value, false))
			}
			for _, n := range namedList {
				report("examples/"+n.name, answer{resp: resp, status: status, example: n.name}, ecma.Marshal(n.value, false))
			}
		}
	}
	return out
}

// sampleRequest is a request for an operation, enough for the validator to
// find the operation when it checks a response.
func (h *Handler) sampleRequest(op *model.Operation) *http.Request {
	path := paramPattern.ReplaceAllString(op.Path, "1")
	// A base path or a path template may hold what a URL escapes (a space).
	u := &url.URL{Scheme: "http", Host: "mock.invalid", Path: h.basePath + path}
	return httptest.NewRequest(strings.ToUpper(op.Method), u.String(), nil)
}

// checkStatic checks a documented response once; later calls return the
// first result.
func (h *Handler) checkStatic(r *http.Request, op *model.Operation, resp *model.Response, ans answer, header http.Header, body []byte) []Failure {
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%s", op.Pointer, resp.Status, resp.MediaType, ans.status, ans.example)
	h.mu.Lock()
	fs, ok := h.checked[key]
	h.mu.Unlock()
	if ok {
		return fs
	}
	fs = h.checkResponse(r, ans.status, header, body)
	h.mu.Lock()
	h.checked[key] = fs
	h.mu.Unlock()
	return fs
}

// checkResponse validates a response to r against the spec.
func (h *Handler) checkResponse(r *http.Request, status int, header http.Header, body []byte) []Failure {
	res := &http.Response{StatusCode: status, Header: header.Clone(), Body: io.NopCloser(bytes.NewReader(body)), Request: r}
	if ok, errs := h.validator.ValidateHttpResponse(r, res); !ok {
		return Failures(errs)
	}
	return nil
}
