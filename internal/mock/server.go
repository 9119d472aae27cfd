package mock

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/watch"
)

// ServerOptions configure a Server.
type ServerOptions struct {
	// Config names the spec and the settings that shape the model
	// (exclude, operationIds, replacements …); its emitters are ignored.
	Config *config.Config
	// Resolve, when set, reads the configuration again at every poll.
	Resolve func() (*config.Config, error)
	// Watch lists more files whose change reloads (the configuration file).
	Watch []string
	// Interval is the polling period (watch.DefaultInterval when zero).
	Interval time.Duration
	// Mock configures each handler; its Log also receives the reloads.
	Mock Options
}

// Server serves the current spec's mock and reloads it when the spec (or
// the configuration) changes. A spec that does not load is logged and the
// last good one stays in service; before the first good one, every request
// gets a 503 problem naming the error.
type Server struct {
	opts   ServerOptions
	pollMu sync.Mutex
	inputs watch.Inputs

	mu      sync.RWMutex
	handler *Handler
	err     error
	version int
}

// NewServer loads the spec once and returns the server.
func NewServer(opts ServerOptions) *Server {
	if opts.Mock.Log == nil {
		opts.Mock.Log = io.Discard
	}
	s := &Server{opts: opts, inputs: watch.Inputs{Config: opts.Config, Resolve: opts.Resolve, Watch: opts.Watch}}
	s.Poll()
	return s
}

// Run polls the inputs until ctx is done.
func (s *Server) Run(ctx context.Context) {
	watch.Every(ctx, s.opts.Interval, func() { s.Poll() })
}

// Poll reloads when the inputs changed; it reports whether it tried.
func (s *Server) Poll() bool {
	s.pollMu.Lock()
	defer s.pollMu.Unlock()
	st, changed := s.inputs.Poll()
	if !changed {
		return false
	}
	h, err := s.load(st)
	s.mu.Lock()
	s.version++
	s.err = err
	if err == nil {
		s.handler = h
	}
	version, handler := s.version, s.handler
	s.mu.Unlock()
	log := s.opts.Mock.Log
	if err != nil {
		// The error may quote spec text: JSON-encoded, it stays on its line.
		fmt.Fprintf(log, "agentmc-gen mock: version %d: error: %s\n", version, ecma.MarshalString(err.Error(), false))
		if handler != nil {
			fmt.Fprintf(log, "agentmc-gen mock: still serving the last spec that loaded\n")
		}
		return true
	}
	fmt.Fprintf(log, "agentmc-gen mock: version %d: %d operations under %s, %d example problems\n",
		version, len(h.api.Operations), ecma.MarshalString(h.basePath+"/", false), len(h.problems))
	h.LogExampleProblems(log)
	return true
}

func (s *Server) load(st watch.State) (*Handler, error) {
	if st.ConfigErr != nil {
		return nil, st.ConfigErr
	}
	cfg := *st.Config
	cfg.Emit = nil // the model is all the mock needs
	res, err := s.inputs.Generate(&cfg)
	if err != nil {
		return nil, err
	}
	return New(res.API, s.opts.Mock)
}

// Handler returns the handler in service (nil before a spec loaded) and
// the last load's error.
func (s *Server) Handler() (*Handler, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.handler, s.err
}

// ServeHTTP answers with the handler in service.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, err := s.Handler()
	if h == nil {
		detail := "no spec loaded yet"
		if err != nil {
			detail = err.Error()
		}
		writeProblem(w, Problem{Type: problemType("spec-not-loaded"), Title: "The spec could not be loaded", Status: http.StatusServiceUnavailable, Detail: detail})
		return
	}
	h.ServeHTTP(w, r)
}

// IsLoopback reports whether a listen address's host is a loopback
// address or "localhost".
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LoopbackHosts guards a server bound to a loopback address against DNS
// rebinding: a request whose Host header is neither the bound address nor
// localhost (with the bound port) gets a 403.
func LoopbackHosts(next http.Handler, bound net.Addr) http.Handler {
	_, port, _ := net.SplitHostPort(bound.String())
	allowed := map[string]bool{
		strings.ToLower(bound.String()):     true,
		"localhost:" + port:                 true,
		net.JoinHostPort("127.0.0.1", port): true,
		net.JoinHostPort("::1", port):       true,
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[strings.ToLower(r.Host)] {
			writeProblem(w, Problem{Type: problemType("host-not-allowed"), Title: "Host not allowed", Status: http.StatusForbidden,
				Detail: "the mock answers only requests addressed to " + bound.String() + " or localhost:" + port})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// WithSite serves the API under its base path and everything else from
// pages (the docs site), so that pages and API share one origin. With an
// empty base path the API takes every path but site.MockInfoPath, which
// tells the pages where the API is so that they show their try-it panel.
func WithSite(api *Server, pages http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := api.opts.Mock.BasePath
		if h, _ := api.Handler(); h != nil {
			base = h.BasePath()
		}
		base = strings.TrimSuffix(base, "/")
		if r.URL.Path == site.MockInfoPath {
			writeMockInfo(w, r, base)
			return
		}
		if rest, ok := strings.CutPrefix(r.URL.Path, base); ok && (rest == "" || rest[0] == '/') {
			api.ServeHTTP(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	})
}

// writeMockInfo answers site.MockInfoPath: the API's base path, escaped
// as a URL path so that the page can put it in front of a request's path.
func writeMockInfo(w http.ResponseWriter, r *http.Request, base string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	o := ecma.NewObject(1)
	o.Set("basePath", (&url.URL{Path: base}).EscapedPath())
	body := append(ecma.Marshal(o, false), '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
