// Package mock serves an API from its model: every request is validated
// against the spec with libopenapi-validator and answered with a documented
// example, chosen the way Prism chooses it: the primary success response
// unless a "Prefer: code=…, example=…, dynamic=true, seed=…" header asks
// for another status, a named example or one synthesised from the schema.
// Invalid requests get an application/problem+json listing every failure;
// every response the mock sends is itself checked against the spec.
package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/emit/site"
	"github.com/agentmc/agentmc-gen/internal/refs"
)

// MaxBody is the largest request body read; a larger one is refused (413).
const MaxBody = 10 << 20

// ProblemHeader marks a response that breaks the spec (a documented
// example that fails its own schema): its value is a fixed token and a
// count, never spec text; the failures themselves go to the log.
const ProblemHeader = "X-Mock-Problem"

// Options configure a Handler.
type Options struct {
	// BasePath is the path prefix the API answers under. When empty, it is
	// the path of the spec's first server URL ("/api/v1" for
	// https://agentmc.ai/api/v1); "/" serves at the root.
	BasePath string
	// Dynamic answers with examples synthesised from the schema unless a
	// request says "Prefer: dynamic=false".
	Dynamic bool
	// Seed seeds the synthesised examples unless a request gives
	// "Prefer: seed=N".
	Seed uint64
	// Observe, when set, receives every request the handler answered.
	Observe func(*Exchange)
	// Log receives one line per request and per problem; nil discards.
	Log io.Writer
}

// Handler answers the operations of one API. It is safe for concurrent use.
type Handler struct {
	api       *model.API
	opts      Options
	basePath  string
	validator validator.Validator
	resolver  *refs.Resolver
	routes    []route
	problems  []ExampleProblem

	mu      sync.Mutex
	checked map[string][]Failure // static responses already checked, by responseKey
}

// Exchange is one request the handler answered.
type Exchange struct {
	Operation *model.Operation // nil when no operation matched
	Method    string
	URI       string
	Body      []byte
	// Errors are the validator's findings; empty when the request is valid.
	Errors []*verrors.ValidationError
	// Status is the status answered.
	Status int
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

type route struct {
	op      *model.Operation
	pattern *regexp.Regexp
	literal int // length of the template's text outside {params}
}

var paramPattern = regexp.MustCompile(`\{[^}]*\}`)

// New prepares a handler for api: it builds the validator from the
// normalised spec and checks every documented response example against its
// schema (ExampleProblems).
func New(api *model.API, opts Options) (*Handler, error) {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	doc, err := libopenapi.NewDocument(ecma.Marshal(api.Spec, false))
	if err != nil {
		return nil, fmt.Errorf("mock: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		return nil, fmt.Errorf("mock: %v", errors.Join(errs...))
	}
	h := &Handler{
		api: api, opts: opts, validator: v, resolver: refs.New(api.Spec),
		checked: map[string][]Failure{},
	}
	h.basePath = strings.TrimSuffix(opts.BasePath, "/")
	if opts.BasePath == "" {
		h.basePath = SpecBasePath(api.Spec)
	}
	for _, op := range api.Operations {
		h.routes = append(h.routes, route{op: op, pattern: pathPattern(op.Path), literal: len(paramPattern.ReplaceAllString(op.Path, ""))})
	}
	h.problems = h.checkExamples()
	return h, nil
}

// BasePath is the path prefix the handler answers under ("" for the root).
func (h *Handler) BasePath() string { return h.basePath }

// API is the model the handler serves.
func (h *Handler) API() *model.API { return h.api }

// SpecBasePath is the path of the first server URL of a spec, without a
// trailing slash: "/api/v1" for https://agentmc.ai/api/v1, "" when there
// is no server. Server variables take their default values. The site's
// try-it panel addresses the same path (site.ServerBasePath).
func SpecBasePath(spec *ecma.Object) string { return site.ServerBasePath(spec) }

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

// Match returns the operation a request is for, or nil, and the methods
// the path allows (for a 405).
func (h *Handler) Match(method, path string) (*model.Operation, []string) {
	rest, ok := strings.CutPrefix(path, h.basePath)
	if !ok || (rest != "" && rest[0] != '/') {
		return nil, nil
	}
	var best *model.Operation
	var allowed []string
	bestLiteral := -1
	for _, r := range h.routes {
		if !r.pattern.MatchString(rest) {
			continue
		}
		if m := strings.ToUpper(r.op.Method); !slices.Contains(allowed, m) {
			allowed = append(allowed, m)
		}
		// Prefer the template with the most literal text (/tasks/mine over /tasks/{id}).
		if strings.EqualFold(r.op.Method, method) && r.literal > bestLiteral {
			best, bestLiteral = r.op, r.literal
		}
	}
	slices.Sort(allowed)
	return best, allowed
}

// ServeHTTP validates the request and answers it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ex := &Exchange{Method: r.Method, URI: r.URL.RequestURI()}
	rec := &statusWriter{ResponseWriter: w}
	h.serve(rec, r, ex)
	ex.Status = rec.status
	fmt.Fprintf(h.opts.Log, "agentmc-gen mock: %s %q %d\n", ex.Method, ex.URI, ex.Status)
	if h.opts.Observe != nil {
		h.opts.Observe(ex)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, ex *Exchange) {
	op, allowed := h.Match(r.Method, r.URL.Path)
	ex.Operation = op
	if op == nil {
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeProblem(w, Problem{Type: problemType("no-method-matched"), Title: "No operation for this method", Status: http.StatusMethodNotAllowed,
				Detail: "the path allows " + strings.Join(allowed, ", ")})
			return
		}
		writeProblem(w, Problem{Type: problemType("no-path-matched"), Title: "No operation for this path", Status: http.StatusNotFound,
			Detail: "no path of the spec matches under the base path " + strconv.Quote(h.basePath)})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		writeProblem(w, Problem{Type: problemType("body-too-large"), Title: "Request body too large", Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("the mock reads at most %d bytes", MaxBody)})
		return
	}
	ex.Body = body
	r.Body = io.NopCloser(bytes.NewReader(body))
	if ok, errs := h.validator.ValidateHttpRequestSync(r); !ok {
		ex.Errors = errs
		failures := Failures(errs)
		status, title := http.StatusBadRequest, "Invalid request"
		if onlySecurity(failures) {
			status, title = http.StatusUnauthorized, "Missing or invalid credentials"
		}
		writeProblem(w, Problem{Type: problemType("invalid-request"), Title: title, Status: status,
			Detail: fmt.Sprintf("%d validation failures", len(failures)), Operation: op.ID, Errors: failures})
		return
	}
	pref, err := ParsePrefer(r.Header.Values("Prefer"))
	if err != nil {
		writeProblem(w, Problem{Type: problemType("invalid-prefer"), Title: "Invalid Prefer header", Status: http.StatusBadRequest, Detail: err.Error(), Operation: op.ID})
		return
	}
	if !pref.DynamicSet {
		pref.Dynamic = h.opts.Dynamic
	}
	if !pref.SeedSet {
		pref.Seed = h.opts.Seed
	}
	ans, problem := h.choose(op, pref, r.Header.Get("Accept"))
	if problem != nil {
		problem.Operation = op.ID
		writeProblem(w, *problem)
		return
	}
	h.answer(w, r, op, ans, pref)
}

func onlySecurity(fs []Failure) bool {
	for _, f := range fs {
		if f.In != "security" {
			return false
		}
	}
	return len(fs) > 0
}

// answer is what to send: a documented response entry, the status to send
// it with and the named example to use ("" for the entry's example).
type answer struct {
	resp    *model.Response
	status  int
	example string
}

// choose picks the response by the preferences and the Accept header.
func (h *Handler) choose(op *model.Operation, pref Prefer, accept string) (answer, *Problem) {
	var entries []*model.Response
	status := 0
	switch {
	case pref.Code != 0:
		status = pref.Code
		entries = entriesFor(op, pref.Code)
		if len(entries) == 0 {
			return answer{}, &Problem{Type: problemType("no-response-defined"), Title: "No such documented response", Status: http.StatusBadRequest,
				Detail: fmt.Sprintf("Prefer: code=%d: the operation documents no response for this status", pref.Code)}
		}
	case pref.Example != "":
		// Microcks-style pairing: the example name alone picks the
		// response that documents it, successes first.
		for _, resp := range slices.Concat(op.SuccessResponses(), op.ErrorResponses()) {
			if h.namedExample(op, resp, pref.Example) != nil {
				entries = []*model.Response{resp}
				break
			}
		}
		if entries == nil {
			return answer{}, &Problem{Type: problemType("no-example-defined"), Title: "No such named example", Status: http.StatusBadRequest,
				Detail: "Prefer: example=" + strconv.Quote(pref.Example) + ": no response of the operation has an example of this name"}
		}
	default:
		if p := PrimarySuccess(op); p != nil {
			entries = entriesFor(op, statusCode(p.Status))
			if !slices.Contains(entries, p) {
				entries = []*model.Response{p}
			}
		} else if entries = entriesFor(op, http.StatusOK); len(entries) == 0 {
			return answer{}, &Problem{Type: problemType("no-response-defined"), Title: "No success response documented", Status: http.StatusInternalServerError,
				Detail: "the operation documents no 2xx or 3xx response and no default"}
		}
	}
	resp := negotiate(entries, accept)
	if resp == nil {
		return answer{}, &Problem{Type: problemType("not-acceptable"), Title: "Not acceptable", Status: http.StatusNotAcceptable,
			Detail: "no documented media type of the response matches the Accept header"}
	}
	if status == 0 {
		status = statusCode(resp.Status)
	}
	ans := answer{resp: resp, status: status}
	if pref.Example != "" {
		if h.namedExample(op, resp, pref.Example) == nil {
			return answer{}, &Problem{Type: problemType("no-example-defined"), Title: "No such named example", Status: http.StatusBadRequest,
				Detail: "Prefer: example=" + strconv.Quote(pref.Example) + ": the chosen response has no example of this name"}
		}
		ans.example = pref.Example
	}
	return ans, nil
}

// entriesFor returns the entries documented for a status: the exact code,
// else its range ("4XX"), else "default".
func entriesFor(op *model.Operation, code int) []*model.Response {
	for _, key := range []string{strconv.Itoa(code), strconv.Itoa(code/100) + "XX", "default"} {
		var out []*model.Response
		for _, r := range op.Responses {
			if strings.EqualFold(r.Status, key) {
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// statusCode is the code a documented status is sent with: "default"
// answers 500 unless the request chose a code, a range its first code.
func statusCode(status string) int {
	if n, err := strconv.Atoi(status); err == nil {
		return n
	}
	if len(status) == 3 && strings.HasSuffix(strings.ToUpper(status), "XX") && status[0] >= '1' && status[0] <= '5' {
		return int(status[0]-'0') * 100
	}
	return http.StatusInternalServerError
}

// negotiate picks among the media types of one status: the first the
// Accept header admits (JSON first when it admits several), or nil.
func negotiate(entries []*model.Response, accept string) *model.Response {
	accepts := func(mt string) bool {
		if accept == "" || mt == "none" {
			return true
		}
		for _, part := range strings.Split(accept, ",") {
			want, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil || params["q"] == "0" {
				continue
			}
			have, _, _ := mime.ParseMediaType(mt)
			if want == "*/*" || want == have || (strings.HasSuffix(want, "/*") && strings.HasPrefix(have, strings.TrimSuffix(want, "*"))) {
				return true
			}
		}
		return false
	}
	var first *model.Response
	for _, r := range entries {
		if !accepts(r.MediaType) {
			continue
		}
		if strings.Contains(r.MediaType, "json") {
			return r
		}
		if first == nil {
			first = r
		}
	}
	return first
}

// PrimarySuccess is the response an operation answers with by default:
// the first success entry, preferring one with JSON content.
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

// answer writes the chosen response, checked against the spec first.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, op *model.Operation, ans answer, pref Prefer) {
	resp := ans.resp
	var body []byte
	var failures []Failure
	withBody := resp.HasContent && ans.status != http.StatusNoContent && ans.status != http.StatusNotModified
	header := responseHeader(resp, ans.status, withBody)
	switch {
	case !withBody:
		failures = h.checkStatic(r, op, resp, ans, header, nil)
	case ans.example != "":
		body = ecma.Marshal(h.namedExample(op, resp, ans.example).value, false)
		failures = h.checkStatic(r, op, resp, ans, header, body)
	case pref.Dynamic:
		body, failures = h.dynamic(r, op, resp, ans.status, header, pref.Seed)
	case resp.Example.Present:
		body = ecma.Marshal(resp.Example.Value, false)
		failures = h.checkStatic(r, op, resp, ans, header, body)
	default:
		// No example documented nor synthesised: answer from the schema.
		body, failures = h.dynamic(r, op, resp, ans.status, header, pref.Seed)
	}
	for k, v := range header {
		w.Header()[k] = v
	}
	if op.Deprecated {
		w.Header().Set("Deprecation", "true")
	}
	if len(failures) > 0 {
		w.Header().Set(ProblemHeader, "response-breaks-schema; failures="+strconv.Itoa(len(failures)))
		h.logProblem("response breaks its schema", ExampleProblem{Operation: op.ID, Status: resp.Status, MediaType: resp.MediaType,
			Example: exampleLabel(ans, pref), Failures: failures})
	}
	if body != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(ans.status)
	w.Write(body)
}

func exampleLabel(ans answer, pref Prefer) string {
	switch {
	case ans.example != "":
		return "examples/" + ans.example
	case pref.Dynamic:
		return fmt.Sprintf("dynamic (seed %d)", pref.Seed)
	}
	return "example"
}

// responseHeader is the header of a response: its Content-Type (the
// documented media type, re-encoded so that no spec text reaches the
// header raw) and, for a redirect, a Location.
func responseHeader(resp *model.Response, status int, withBody bool) http.Header {
	header := http.Header{}
	if status >= 300 && status < 400 {
		header.Set("Location", "https://files.example.com/object")
	}
	if withBody {
		ctype := "application/octet-stream"
		if mt, params, err := mime.ParseMediaType(resp.MediaType); err == nil {
			if f := mime.FormatMediaType(mt, params); f != "" {
				ctype = f
			}
		}
		header.Set("Content-Type", ctype)
	}
	return header
}

// WriteExample answers with a documented response entry and its example,
// as the handler does for a valid request without preferences.
func WriteExample(w http.ResponseWriter, resp *model.Response) {
	code := statusCode(resp.Status)
	withBody := resp.HasContent && resp.Example.Present && code != http.StatusNoContent && code != http.StatusNotModified
	for k, v := range responseHeader(resp, code, withBody) {
		w.Header()[k] = v
	}
	w.WriteHeader(code)
	if withBody {
		w.Write(ecma.Marshal(resp.Example.Value, false))
	}
}

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type      string    `json:"type"`
	Title     string    `json:"title"`
	Status    int       `json:"status"`
	Detail    string    `json:"detail,omitempty"`
	Operation string    `json:"operationId,omitempty"`
	Errors    []Failure `json:"errors,omitempty"`
}

func problemType(name string) string { return "urn:agentmc-gen:mock:" + name }

// writeProblem sends a problem as application/problem+json; every string
// in it (spec text included) is JSON-encoded.
func writeProblem(w http.ResponseWriter, p Problem) {
	data, _ := json.MarshalIndent(p, "", "  ")
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)+1))
	w.WriteHeader(p.Status)
	w.Write(append(data, '\n'))
}

// Failure is one validation failure with its location.
type Failure struct {
	// In is where: "path", "query", "header", "cookie" (parameters),
	// "body", "security", or "request" (the request as a whole).
	In string `json:"in"`
	// Name is the parameter or header name.
	Name string `json:"name,omitempty"`
	// Pointer is the JSON pointer (RFC 6901) of the failing value inside
	// the body or parameter; "" for the value itself.
	Pointer string `json:"pointer,omitempty"`
	Message string `json:"message"`
}

// Failures flattens validation errors into one failure per finding: each
// schema violation inside a body or parameter is one failure.
func Failures(errs []*verrors.ValidationError) []Failure {
	var out []Failure
	for _, e := range errs {
		f := Failure{In: location(e), Name: e.ParameterName}
		if len(e.SchemaValidationErrors) == 0 {
			f.Message = e.Message
			if e.Reason != "" && e.Reason != e.Message {
				f.Message += ": " + e.Reason
			}
			out = append(out, f)
			continue
		}
		for _, s := range e.SchemaValidationErrors {
			g := f
			g.Pointer = pointer(s.InstancePath)
			g.Message = s.Reason
			out = append(out, g)
		}
	}
	return out
}

func location(e *verrors.ValidationError) string {
	switch e.ValidationType {
	case "parameter":
		return e.ValidationSubType
	case "requestBody", "response":
		if strings.Contains(strings.ToLower(e.ValidationSubType), "header") {
			return "header"
		}
		return "body"
	case "security":
		return "security"
	}
	return "request"
}

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/")
		b.WriteString(refs.EscapeToken(t))
	}
	return b.String()
}

// Describe is a one-line account of a validation error.
func Describe(e *verrors.ValidationError) string {
	detail := e.Reason
	for _, f := range e.SchemaValidationErrors {
		detail += "; " + f.Reason
	}
	return e.Message + ": " + detail
}
