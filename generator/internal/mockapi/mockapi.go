// Package mockapi serves an API from its model for tests: every request is
// validated against the spec with libopenapi-validator and answered with
// the documented example of the operation's primary success response.
package mockapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/agentmc/agentmc-gen/generator/jsontext"
	"github.com/agentmc/agentmc-gen/generator/model"
)

// BasePath is the path prefix the server answers under, as in the
// AgentMC server URL https://agentmc.ai/api/v1.
const BasePath = "/api/v1"

// Server is a validating stand-in for the API.
type Server struct {
	*httptest.Server
	// BaseURL is the URL to give clients: the server's root plus BasePath.
	BaseURL string

	validator validator.Validator
	routes    []route

	mu        sync.Mutex
	problems  []string
	calls     map[string]int
	exchanges []*Exchange
}

// Exchange is one request the server received.
type Exchange struct {
	Operation *model.Operation
	Method    string
	URI       string
	Body      []byte
	// Errors are the validator's findings; empty when the request is valid.
	Errors []*verrors.ValidationError
}

// BodyOnly reports whether every finding is about the request body's schema.
func (e *Exchange) BodyOnly() bool {
	for _, err := range e.Errors {
		if err.ValidationType != "requestBody" || err.ValidationSubType != "schema" {
			return false
		}
	}
	return len(e.Errors) > 0
}

// Exchanges returns the requests received so far.
func (s *Server) Exchanges() []*Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Exchange(nil), s.exchanges...)
}

// Describe is a one-line account of a validation error.
func Describe(e *verrors.ValidationError) string {
	detail := e.Reason
	for _, f := range e.SchemaValidationErrors {
		detail += "; " + f.Reason
	}
	return e.Message + ": " + detail
}

type route struct {
	op      *model.Operation
	pattern *regexp.Regexp
	literal int // length of the template's text outside {params}
}

var paramPattern = regexp.MustCompile(`\{[^}]*\}`)

// New starts a server for api; it stops when the test ends.
func New(t testing.TB, api *model.API) *Server {
	t.Helper()
	doc, err := libopenapi.NewDocument(jsontext.Marshal(api.Spec, false))
	if err != nil {
		t.Fatalf("mockapi: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("mockapi: %v", errs)
	}
	s := &Server{validator: v, calls: map[string]int{}}
	for _, op := range api.Operations {
		s.routes = append(s.routes, route{op: op, pattern: pathPattern(op.Path), literal: len(paramPattern.ReplaceAllString(op.Path, ""))})
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	s.BaseURL = s.URL + BasePath
	t.Cleanup(s.Close)
	return s
}

// pathPattern matches a path template, each {param} one segment.
func pathPattern(path string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	rest := path
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		b.WriteString(`[^/]+`)
		rest = rest[i+j+1:]
	}
	b.WriteString(regexp.QuoteMeta(rest))
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// Problems returns every validation error and unmatched request so far.
// Exchanges tells them apart.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

// Calls returns how many requests reached the operation with this ID.
func (s *Server) Calls(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}

func (s *Server) problem(format string, args ...any) {
	s.mu.Lock()
	s.problems = append(s.problems, fmt.Sprintf(format, args...))
	s.mu.Unlock()
}

// Match returns the operation a request is for, or nil.
func (s *Server) Match(method, path string) *model.Operation {
	path = strings.TrimPrefix(path, BasePath)
	var best *model.Operation
	bestLiteral := -1
	for _, r := range s.routes {
		if strings.EqualFold(r.op.Method, method) && r.pattern.MatchString(path) {
			// Prefer the template with the most literal text (/tasks/mine over /tasks/{id}).
			if r.literal > bestLiteral {
				best, bestLiteral = r.op, r.literal
			}
		}
	}
	return best
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	op := s.Match(r.Method, r.URL.Path)
	if op == nil {
		s.problem("%s %s: no operation matches", r.Method, r.URL.Path)
		http.Error(w, `{"error":{"code":"not_found","message":"no such operation"}}`, http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	ok, errs := s.validator.ValidateHttpRequestSync(r)
	s.mu.Lock()
	s.calls[op.ID]++
	s.exchanges = append(s.exchanges, &Exchange{Operation: op, Method: r.Method, URI: r.URL.RequestURI(), Body: body, Errors: errs})
	s.mu.Unlock()
	if !ok {
		for _, e := range errs {
			s.problem("%s %s (%s): %s", r.Method, r.URL.RequestURI(), op.ID, Describe(e))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"code":"validation.failed","message":%s}}`, jsontext.MarshalString(errs[0].Message, false))
		return
	}
	resp := PrimarySuccess(op)
	if resp == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	Write(w, resp)
}

// PrimarySuccess is the response an operation answers with: the first
// success entry, preferring one with JSON content.
func PrimarySuccess(op *model.Operation) *model.Response {
	var first *model.Response
	for _, r := range op.SuccessResponses() {
		if first == nil {
			first = r
		}
		if r.HasContent && strings.Contains(r.MediaType, "json") {
			return r
		}
	}
	return first
}

// Write answers with a documented response: its status and example.
func Write(w http.ResponseWriter, resp *model.Response) {
	code, _ := strconv.Atoi(resp.Status)
	if code == 0 {
		code = http.StatusOK
	}
	if code >= 300 && code < 400 {
		w.Header().Set("Location", "https://files.example.com/object")
	}
	if !resp.HasContent || !resp.Example.Present || code == http.StatusNoContent {
		w.WriteHeader(code)
		return
	}
	w.Header().Set("Content-Type", resp.MediaType)
	w.WriteHeader(code)
	w.Write(jsontext.Marshal(resp.Example.Value, false))
}
