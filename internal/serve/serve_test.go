package serve_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/serve"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// defaultConfig is the repository's configuration (agentmc-gen.yaml) with
// its spec copied into a temporary folder, so that tests can edit it.
func defaultConfig(t testing.TB) (*config.Config, []byte) {
	t.Helper()
	root := testenv.ModuleRoot(t)
	cfg, err := config.Resolve(config.Flags{Config: filepath.Join(root, config.FileName)}, generator.EmitterNames())
	if err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile(cfg.Spec)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Spec = filepath.Join(t.TempDir(), filepath.Base(cfg.Spec))
	write(t, cfg.Spec, spec)
	return cfg, spec
}

func write(t testing.TB, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	// Write beside and rename, as editors do, so that a poll never reads
	// half a file.
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// event is a version announced by the server, and when it arrived.
type event struct {
	version int64
	at      time.Time
}

// subscribe reads the server's event stream like a browser's EventSource.
func subscribe(t *testing.T, ctx context.Context, url string) <-chan event {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+serve.Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan event, 16)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name == "version":
				v, _ := strconv.ParseInt(strings.TrimPrefix(line, "data: "), 10, 64)
				ch <- event{v, time.Now()}
			}
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan event, after int64) event {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatal("event stream closed")
			}
			if e.version > after {
				return e
			}
		case <-timeout:
			t.Fatalf("no new version after %d within 5s", after)
		}
	}
}

// TestServeReloadsOnSpecChange runs the server on a copy of the default
// spec, edits the spec five times while a client listens to the event
// stream, and checks that saves are announced within a second (median) and
// that the page then shows each edit, without restarting the server. It then
// breaks the spec (the pages show the error, the server keeps running) and
// fixes it again.
func TestServeReloadsOnSpecChange(t *testing.T) {
	cfg, spec := defaultConfig(t)
	s := serve.New(serve.Options{Config: cfg})
	ts := httptest.NewServer(s)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)
	events := subscribe(t, ctx, ts.URL)

	first := next(t, events, 0)
	page := ts.URL + "/operations/listTasks.html"
	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, "List board tasks.") {
		t.Fatalf("GET %s: %d\n%.300s", page, code, body)
	}
	if !strings.Contains(body, `<script src="/_agentmc-gen/live.js" data-version="`+strconv.FormatInt(first.version, 10)+`"></script>`) {
		t.Error("the page has no live-reload script of the current version")
	}

	const original = "summary: List board tasks."
	if strings.Count(string(spec), original) != 1 {
		t.Fatalf("the default spec no longer has exactly one %q", original)
	}
	version := first.version
	var latencies []time.Duration
	for i := 1; i <= 5; i++ {
		edited := "List board tasks (edit " + strconv.Itoa(i) + ")."
		saved := time.Now()
		write(t, cfg.Spec, []byte(strings.Replace(string(spec), original, "summary: "+edited, 1)))
		e := next(t, events, version)
		version = e.version
		latency := e.at.Sub(saved)
		latencies = append(latencies, latency)
		if latency > 5*time.Second {
			t.Errorf("edit %d: announced %v after the save", i, latency)
		}
		if code, body := get(t, page); code != 200 || !strings.Contains(body, edited) {
			t.Errorf("edit %d: GET %s: %d, the page does not show %q", i, page, code, edited)
		}
	}
	slices.Sort(latencies)
	t.Logf("save-to-reload-event latency over %d edits: min %v, median %v, max %v (poll interval %v)",
		len(latencies), latencies[0], latencies[len(latencies)/2], latencies[len(latencies)-1], serve.DefaultInterval)
	// The budget is a second from save to reload. A single slow edit on a
	// machine busy with other test binaries is tolerated; the median is not.
	if median := latencies[len(latencies)/2]; median > time.Second {
		t.Errorf("median save-to-reload latency %v, want within 1s", median)
	}

	// A broken spec: every page shows the error, the server stays up.
	write(t, cfg.Spec, []byte("openapi: 3.0.3\npaths: [\n"))
	version = next(t, events, version).version
	code, body = get(t, page)
	if code != 500 || !strings.Contains(body, filepath.Base(cfg.Spec)) || !strings.Contains(body, `id="error"`) ||
		!strings.Contains(body, "/_agentmc-gen/live.js") {
		t.Errorf("broken spec: GET %s: %d\n%.600s", page, code, body)
	}
	if _, status := get(t, ts.URL+serve.Prefix+"status"); !strings.Contains(status, `"error"`) {
		t.Errorf("status does not report the error: %s", status)
	}
	t.Logf("broken spec shows: %s", errorText(body))

	write(t, cfg.Spec, spec)
	next(t, events, version)
	if code, body := get(t, page); code != 200 || !strings.Contains(body, "List board tasks.") {
		t.Errorf("fixed spec: GET %s: %d", page, code)
	}
	if code, _ := get(t, ts.URL+"/"); code != 200 {
		t.Errorf("GET /: %d", code)
	}
	if code, _ := get(t, ts.URL+"/operations/nope.html"); code != 404 {
		t.Errorf("GET a missing page: %d, want 404", code)
	}
	cancel()
}

func errorText(body string) string {
	_, after, _ := strings.Cut(body, `<pre id="error">`)
	text, _, _ := strings.Cut(after, "</pre>")
	return text
}

// TestServeTemplates checks that the templates folder is watched: a new
// stylesheet is served after the next poll, a broken page template shows
// its error, and removing it recovers.
func TestServeTemplates(t *testing.T) {
	cfg, _ := defaultConfig(t)
	cfg.TemplatesDir = t.TempDir()
	s := serve.New(serve.Options{Config: cfg})
	ts := httptest.NewServer(s)
	defer ts.Close()

	if s.Poll() {
		t.Error("Poll regenerated although nothing changed")
	}
	write(t, filepath.Join(cfg.TemplatesDir, "site", "style.css"), []byte("body { color: red; }\n"))
	if !s.Poll() {
		t.Fatal("Poll did not see the new stylesheet")
	}
	if _, css := get(t, ts.URL+"/assets/style.css"); css != "body { color: red; }\n" {
		t.Errorf("style.css = %q", css)
	}
	bad := filepath.Join(cfg.TemplatesDir, "site", "page.html")
	write(t, bad, []byte("<html>{{.Broken</html>"))
	s.Poll()
	if code, body := get(t, ts.URL+"/"); code != 500 || !strings.Contains(body, "site/page.html") {
		t.Errorf("broken template: GET /: %d %s", code, errorText(body))
	}
	os.Remove(bad)
	s.Poll()
	if code, _ := get(t, ts.URL+"/"); code != 200 {
		t.Errorf("after removing the broken template: GET /: %d", code)
	}
}

// TestServeMissingSpec starts the server on a spec that does not exist yet:
// it serves the error, then the site once the file appears.
func TestServeMissingSpec(t *testing.T) {
	cfg, spec := defaultConfig(t)
	os.Remove(cfg.Spec)
	s := serve.New(serve.Options{Config: cfg})
	ts := httptest.NewServer(s)
	defer ts.Close()
	if code, body := get(t, ts.URL+"/"); code != 500 || !strings.Contains(body, "cannot read the spec") {
		t.Errorf("GET /: %d %s", code, errorText(body))
	}
	write(t, cfg.Spec, spec)
	s.Poll()
	if code, _ := get(t, ts.URL+"/"); code != 200 {
		t.Errorf("GET / after the spec appeared: %d", code)
	}
}

// TestServeConfigReload checks that with Resolve the configuration file is
// read at every poll: a changed setting regenerates, an unchanged one does
// not, and a broken file shows its error until fixed.
func TestServeConfigReload(t *testing.T) {
	base, _ := defaultConfig(t)
	file := filepath.Join(filepath.Dir(base.Spec), config.FileName)
	resolve := func() (*config.Config, error) {
		return config.Resolve(config.Flags{Config: file, Preset: base.Preset, Out: filepath.Dir(file)}, generator.EmitterNames())
	}
	settings := func(title string) []byte {
		return []byte("spec: " + filepath.Base(base.Spec) + "\ndocs:\n  title: " + title + "\n")
	}
	write(t, file, settings("First Title"))
	s := serve.New(serve.Options{Config: base, Resolve: resolve})
	ts := httptest.NewServer(s)
	defer ts.Close()
	if _, body := get(t, ts.URL+"/"); !strings.Contains(body, "<title>First Title</title>") {
		t.Fatalf("index does not use the configured title:\n%.400s", body)
	}
	if s.Poll() {
		t.Error("Poll regenerated although the configuration did not change")
	}
	write(t, file, settings("Second Title"))
	if !s.Poll() {
		t.Fatal("Poll did not see the configuration change")
	}
	if _, body := get(t, ts.URL+"/"); !strings.Contains(body, "<title>Second Title</title>") {
		t.Error("index does not show the new title")
	}
	write(t, file, []byte("docs: [\n"))
	s.Poll()
	if code, body := get(t, ts.URL+"/"); code != 500 || !strings.Contains(body, config.FileName) {
		t.Errorf("broken configuration: GET /: %d %s", code, errorText(body))
	}
	write(t, file, settings("Third Title"))
	s.Poll()
	if code, body := get(t, ts.URL+"/"); code != 200 || !strings.Contains(body, "<title>Third Title</title>") {
		t.Errorf("fixed configuration: GET /: %d", code)
	}
}

// Only requests naming the server by its bound address or localhost (with
// the port) are answered: a DNS-rebinding page sends its own host name.
func TestServeRefusesOtherHosts(t *testing.T) {
	cfg, _ := defaultConfig(t)
	s := serve.New(serve.Options{Config: cfg})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: serve.LocalOnly(ln.Addr(), s)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	for host, want := range map[string]int{
		"127.0.0.1:" + port:              http.StatusOK,
		"localhost:" + port:              http.StatusOK,
		"LOCALHOST:" + port:              http.StatusOK,
		"evil.example:" + port:           http.StatusForbidden,
		"evil.example":                   http.StatusForbidden,
		"localhost.evil.example:" + port: http.StatusForbidden,
		"127.0.0.2:" + port:              http.StatusForbidden,
		"localhost:1":                    http.StatusForbidden,
		"127.0.0.1":                      http.StatusForbidden,
	} {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/index.html", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: status %d, want %d", host, resp.StatusCode, want)
		}
	}
}

// Bound to all interfaces, the server answers any IP address (a LAN
// address is no DNS name) and localhost, and still no host name.
func TestServeAllInterfacesHosts(t *testing.T) {
	h := serve.LocalOnly(&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for host, want := range map[string]int{
		"192.168.1.5:8080": http.StatusOK, "[::1]:8080": http.StatusOK, "localhost:8080": http.StatusOK,
		"rebind.example:8080": http.StatusForbidden, "192.168.1.5:8081": http.StatusForbidden,
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q: status %d, want %d", host, rec.Code, want)
		}
	}
}

// TestServeSplitSpec checks that every file of a split spec is watched:
// editing a referenced file regenerates, and so does creating a file that
// a reference names but that was missing.
func TestServeSplitSpec(t *testing.T) {
	dir := t.TempDir()
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = filepath.Join(dir, "api.yaml")
	write(t, cfg.Spec, []byte("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: 'paths/a.yaml'}\n"))
	page := func(schema string) []byte {
		return []byte("get:\n  operationId: getA\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '" +
			schema + "'}\n    '400': {description: bad}\n")
	}
	write(t, filepath.Join(dir, "paths", "a.yaml"), page("../schemas/A.yaml"))
	write(t, filepath.Join(dir, "schemas", "A.yaml"), []byte("type: object\nproperties: {id: {type: string}}\n"))
	s := serve.New(serve.Options{Config: cfg})
	if st := s.Status(); st.Error != "" || st.Version != 1 {
		t.Fatalf("first generation: %+v", st)
	}
	// The first generation learns the files; the next poll hashes them
	// and regenerates once, the list having changed.
	s.Poll()
	if s.Poll() {
		t.Error("regenerated with nothing changed")
	}
	write(t, filepath.Join(dir, "schemas", "A.yaml"), []byte("type: object\nproperties: {id: {type: integer}}\n"))
	if !s.Poll() {
		t.Error("editing schemas/A.yaml, two references away from the spec, did not regenerate")
	}
	write(t, filepath.Join(dir, "paths", "a.yaml"), page("../schemas/B.yaml"))
	if !s.Poll() || !strings.Contains(s.Status().Error, "B.yaml: no such file") {
		t.Errorf("a reference to a missing file: %+v", s.Status())
	}
	write(t, filepath.Join(dir, "schemas", "B.yaml"), []byte("type: string\n"))
	if !s.Poll() || s.Status().Error != "" {
		t.Errorf("creating the missing file: %+v", s.Status())
	}
}

// TestServeWarnings: the spec's warnings do not stop the site; they are
// logged one a line and listed in the status.
func TestServeWarnings(t *testing.T) {
	cfg, _ := defaultConfig(t)
	cfg.Exclude = []string{"noSuchOperation"}
	var log strings.Builder
	s := serve.New(serve.Options{Config: cfg, Log: &log})
	want := cfg.Spec + ": warning: exclude: noSuchOperation matches no operation"
	if st := s.Status(); st.Error != "" || !slices.Equal(st.Warnings, []string{want}) {
		t.Errorf("status %+v", st)
	}
	if !strings.Contains(log.String(), "agentmc-gen serve: version 1: "+want+"\n") {
		t.Errorf("log:\n%s", log.String())
	}
}
