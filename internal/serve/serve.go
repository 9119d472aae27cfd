// Package serve is the live preview of the docs site: it renders the site
// in memory, serves it over HTTP, watches the spec and the templates folder
// (by polling their content), regenerates on change and tells every open
// page to reload through server-sent events. A spec or template that does
// not generate shows its error on the page; the server keeps running and
// recovers on the next good save.
package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/watch"
)

// Prefix is the URL path of the server's own endpoints.
const Prefix = "/_agentmc-gen/"

// DefaultInterval is how often the watched files are read.
const DefaultInterval = watch.DefaultInterval

// Options configure a server.
type Options struct {
	// Config is the generator configuration: its Spec and TemplatesDir are
	// watched. Its Emit list is ignored: the server renders the site.
	Config *config.Config
	// Resolve, when set, is called at every poll to read the configuration
	// again (such as agentmc-gen.yaml and the flags): its result replaces
	// Config, so that editing the configuration file regenerates too, and
	// its error shows on the pages like a broken spec's.
	Resolve func() (*config.Config, error)
	// Watch lists more files whose change regenerates (such as the
	// configuration file); they are read as part of the fingerprint only.
	Watch []string
	// Interval is the polling period (DefaultInterval when zero).
	Interval time.Duration
	// Log receives one line per regeneration; nil discards.
	Log io.Writer
}

// Server serves the site and regenerates it when its inputs change.
type Server struct {
	opts Options

	pollMu sync.Mutex // one Poll at a time
	inputs watch.Inputs

	mu      sync.RWMutex
	files   map[string][]byte // by path inside site/, e.g. "operations/x.html"
	err     error             // the last generation's error, or nil
	warns   model.Problems    // the last generation's warnings
	version int64             // counts generations, good or broken
	changed chan struct{}     // closed and replaced at each new version
	built   time.Time

	live []byte
}

// New builds the site once and returns the server. A generation error is
// not returned: it is what the pages show until the inputs are fixed.
func New(opts Options) *Server {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{opts: opts, changed: make(chan struct{})}
	s.inputs = watch.Inputs{Config: opts.Config, Resolve: opts.Resolve, Watch: opts.Watch}
	s.Poll()
	return s
}

// Run polls the inputs until ctx is done.
func (s *Server) Run(ctx context.Context) {
	watch.Every(ctx, s.opts.Interval, func() { s.Poll() })
}

// Poll reads the inputs and regenerates when they changed since the last
// generation. It reports whether it regenerated.
func (s *Server) Poll() bool {
	s.pollMu.Lock()
	defer s.pollMu.Unlock()
	st, changed := s.inputs.Poll()
	if !changed {
		return false
	}
	cfg := st.Config
	start := time.Now()
	files, warns, err := s.generate(cfg)
	if st.ConfigErr != nil {
		files, err = nil, st.ConfigErr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	s.err, s.warns = err, warns
	if err == nil {
		s.files = files
	}
	assets, aerr := site.LoadAssets(cfg.TemplatesDir)
	if aerr == nil {
		s.live = assets.Live
	} else if s.live == nil {
		embedded, _ := site.LoadAssets("")
		s.live = embedded.Live
	}
	s.built = time.Now()
	close(s.changed)
	s.changed = make(chan struct{})
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(s.opts.Log, "agentmc-gen serve: version %d: %s\n", s.version, line)
		}
	} else {
		for _, w := range warns {
			fmt.Fprintf(s.opts.Log, "agentmc-gen serve: version %d: %s\n", s.version, w.Error())
		}
		fmt.Fprintf(s.opts.Log, "agentmc-gen serve: version %d: %d files (%s)\n", s.version, len(files), time.Since(start).Round(time.Millisecond))
	}
	return true
}

func (s *Server) generate(c *config.Config) (map[string][]byte, model.Problems, error) {
	cfg := *c
	cfg.Emit = []string{"site"}
	res, err := s.inputs.Generate(&cfg)
	if err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	for _, f := range res.Files.Files() {
		if rel, ok := strings.CutPrefix(f.Path, site.Dir+"/"); ok {
			files[rel] = f.Data
		}
	}
	return files, res.Warnings, nil
}

// Status is what /_agentmc-gen/status reports.
type Status struct {
	Version int64  `json:"version"`
	Error   string `json:"error,omitempty"`
	Files   int    `json:"files"`
	// Warnings are the spec's problems that did not stop the generation.
	Warnings []string `json:"warnings,omitempty"`
}

// Status returns the current version and error.
func (s *Server) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Status{Version: s.version, Files: len(s.files)}
	if s.err != nil {
		st.Error = s.err.Error()
	}
	for _, w := range s.warns {
		st.Warnings = append(st.Warnings, w.Error())
	}
	return st
}

// Changed returns a channel closed at the next new version.
func (s *Server) Changed() <-chan struct{} {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.changed
}

// ServeHTTP serves the site, the live-reload script and event stream, and
// the status.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "live.js":
		s.mu.RLock()
		live := s.live
		s.mu.RUnlock()
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(live)
		return
	case Prefix + "status":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(s.Status())
		return
	}
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if p == "" || strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	s.mu.RLock()
	data, found := s.files[p]
	err, version := s.err, s.version
	s.mu.RUnlock()
	if !found && p == "assets/style.css" {
		// Style the error page even when no generation ever succeeded.
		if embedded, err := site.LoadAssets(""); err == nil {
			data, found = embedded.Style, true
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	isHTML := path.Ext(p) == ".html"
	switch {
	case err != nil && (isHTML || !found):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write(s.page(version, "The site could not be generated", err.Error()))
	case !found:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(s.page(version, "Not found", "No page "+r.URL.Path+" in the site."))
	default:
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		w.Header().Set("Content-Type", ctype)
		if isHTML {
			data = inject(data, version)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data)
	}
}

// inject adds the live-reload script before </body>.
func inject(page []byte, version int64) []byte {
	tag := []byte(`<script src="` + Prefix + `live.js" data-version="` + strconv.FormatInt(version, 10) + `"></script>` + "\n")
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · agentmc-gen serve</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body class="error-page">
<header class="topbar"><a class="brand" href="/index.html">agentmc-gen serve</a><span class="version">version {{.Version}}</span></header>
<div class="layout">
<main class="doc" id="content">
<h1>{{.Title}}</h1>
<pre id="error">{{.Message}}</pre>
<p>This page reloads by itself when the spec or the templates change.</p>
</main>
</div>
</body>
</html>
`))

func (s *Server) page(version int64, title, message string) []byte {
	var buf bytes.Buffer
	errorPage.Execute(&buf, struct {
		Title, Message string
		Version        int64
	}{title, message, version})
	return inject(buf.Bytes(), version)
}

// events streams the site's version: once on connect and after every
// regeneration, as "event: version" server-sent events.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	heartbeat := time.NewTicker(15 * time.Second)
	defer heartbeat.Stop()
	for {
		s.mu.RLock()
		version, changed := s.version, s.changed
		s.mu.RUnlock()
		if _, err := fmt.Fprintf(w, "event: version\ndata: %d\n\n", version); err != nil {
			return
		}
		flusher.Flush()
		for waiting := true; waiting; {
			select {
			case <-r.Context().Done():
				return
			case <-changed:
				waiting = false
			case <-heartbeat.C:
				if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
					return
				}
				flusher.Flush()
			}
		}
	}
}
