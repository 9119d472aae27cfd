// Package mockapi runs the mock server (package mock) on an httptest
// server for tests, and records what it received.
package mockapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/mock"
)

// Server is a validating stand-in for the API.
type Server struct {
	*httptest.Server
	// BaseURL is the URL to give clients: the server's root plus the base path.
	BaseURL string
	// Handler is the mock itself.
	Handler *mock.Handler

	mu        sync.Mutex
	problems  []string
	calls     map[string]int
	exchanges []*Exchange
}

// Exchange is one request the server received.
type Exchange = mock.Exchange

// New starts a server for api; it stops when the test ends.
func New(t testing.TB, api *model.API) *Server {
	t.Helper()
	s := &Server{calls: map[string]int{}}
	h, err := mock.New(api, mock.Options{Observe: s.observe})
	if err != nil {
		t.Fatalf("mockapi: %v", err)
	}
	s.Handler = h
	s.Server = httptest.NewServer(h)
	s.BaseURL = s.URL + h.BasePath()
	t.Cleanup(s.Close)
	return s
}

func (s *Server) observe(ex *mock.Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ex.Operation == nil {
		s.problems = append(s.problems, fmt.Sprintf("%s %s: no operation matches", ex.Method, ex.URI))
		return
	}
	s.calls[ex.Operation.ID]++
	s.exchanges = append(s.exchanges, ex)
	for _, e := range ex.Errors {
		s.problems = append(s.problems, fmt.Sprintf("%s %s (%s): %s", ex.Method, ex.URI, ex.Operation.ID, Describe(e)))
	}
}

// Exchanges returns the requests received so far that matched an operation.
func (s *Server) Exchanges() []*Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Exchange(nil), s.exchanges...)
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

// Match returns the operation a request is for, or nil.
func (s *Server) Match(method, path string) *model.Operation {
	op, _ := s.Handler.Match(method, path)
	return op
}

// Describe is a one-line account of a validation error.
func Describe(e *verrors.ValidationError) string { return mock.Describe(e) }

// PrimarySuccess is the response an operation answers with by default.
func PrimarySuccess(op *model.Operation) *model.Response { return mock.PrimarySuccess(op) }

// Write answers with a documented response: its status and example.
func Write(w http.ResponseWriter, resp *model.Response) { mock.WriteExample(w, resp) }
