package clientruntime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Client calls the API. Create one with NewClient; a Client is safe for
// concurrent use.
type Client struct {
	baseURL            *url.URL
	httpClient         *http.Client
	noRedirect         *http.Client
	plain              *http.Client
	userAgent          string
	maxRetries         int
	retryBase          time.Duration
	maxRetryDelay      time.Duration
	retryNonIdempotent bool
	header             http.Header
	credentials        map[string]string
	err                error
}

// An Option configures a Client in NewClient.
type Option interface {
	applyClient(c *Client)
}

// A RequestOption configures one call. Options that are also an Option
// (CommonOption) override the client's setting for that call.
type RequestOption interface {
	applyCall(c *callConfig)
}

// A CommonOption is accepted both by NewClient and by every call.
type CommonOption struct {
	client func(*Client)
	call   func(*callConfig)
}

func (o CommonOption) applyClient(c *Client)   { o.client(c) }
func (o CommonOption) applyCall(c *callConfig) { o.call(c) }

type clientOption func(*Client)

func (f clientOption) applyClient(c *Client) { f(c) }

type requestOption func(*callConfig)

func (f requestOption) applyCall(c *callConfig) { f(c) }

// callConfig is the settings of one call: the client's, then the call's options.
type callConfig struct {
	header             http.Header
	query              queryString
	credentials        map[string]string
	maxRetries         int
	retryNonIdempotent bool
	responseInto       **http.Response
}

// NewClient returns a client for the API. Without options it calls
// DefaultBaseURL with http.DefaultClient's transport, sends no credentials
// and retries failed calls twice. It reads no environment variable unless
// FromEnv is passed.
func NewClient(opts ...Option) *Client {
	c := &Client{
		userAgent:     DefaultUserAgent,
		maxRetries:    2,
		retryBase:     500 * time.Millisecond,
		maxRetryDelay: 8 * time.Second,
		header:        http.Header{},
		credentials:   map[string]string{},
		httpClient:    &http.Client{},
	}
	c.baseURL, c.err = url.Parse(DefaultBaseURL)
	for _, o := range opts {
		if o != nil {
			o.applyClient(c)
		}
	}
	c.setHTTPClient(c.httpClient)
	return c
}

// setHTTPClient derives the clients used for calls from hc: one that drops
// credentials on a redirect to another host, one that does not follow
// redirects, and one that sends nothing but the request.
func (c *Client) setHTTPClient(hc *http.Client) {
	user := hc.CheckRedirect
	safe := *hc
	safe.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && !sameHost(req.URL, via[0].URL) {
			for _, h := range credentialHeaders() {
				req.Header.Del(h)
			}
		}
		if user != nil {
			return user(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	c.httpClient = &safe
	stop := *hc
	stop.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.noRedirect = &stop
	plain := *hc
	plain.Jar = nil
	c.plain = &plain
}

func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

// credentialHeaders are the headers that carry a credential.
func credentialHeaders() []string {
	hs := []string{"Authorization", "Cookie", "Proxy-Authorization"}
	for _, s := range securitySchemes {
		if s.kind == "apiKey" && s.in == "header" {
			hs = append(hs, s.name)
		}
	}
	return hs
}

// WithBaseURL sets the URL the operation paths are appended to.
func WithBaseURL(base string) Option {
	return clientOption(func(c *Client) {
		u, err := url.Parse(strings.TrimRight(base, "/"))
		if err != nil {
			c.err = fmt.Errorf("base URL: %w", err) // do prefixes the package and the operation
			return
		}
		c.baseURL = u
	})
}

// WithHTTPClient sets the http.Client that sends the requests. Its
// CheckRedirect still runs, after the client removed credentials from
// redirects to other hosts. Do not set its Timeout to bound calls; use a
// context instead.
func WithHTTPClient(hc *http.Client) Option {
	return clientOption(func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	})
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return clientOption(func(c *Client) { c.userAgent = ua })
}

// WithRetryBackoff sets the first retry delay (doubled at each attempt,
// with jitter) and the longest delay the client waits, including one
// asked for by Retry-After.
func WithRetryBackoff(base, max time.Duration) Option {
	return clientOption(func(c *Client) { c.retryBase, c.maxRetryDelay = base, max })
}

// WithMaxRetries sets how many times a failed call is retried (default 2).
func WithMaxRetries(n int) CommonOption {
	return CommonOption{
		client: func(c *Client) { c.maxRetries = max(n, 0) },
		call:   func(c *callConfig) { c.maxRetries = max(n, 0) },
	}
}

// WithRetryNonIdempotent lets POST and PATCH calls be retried on every
// retryable failure, not only on 429 and 503.
func WithRetryNonIdempotent() CommonOption {
	return CommonOption{
		client: func(c *Client) { c.retryNonIdempotent = true },
		call:   func(c *callConfig) { c.retryNonIdempotent = true },
	}
}

// WithHeader adds a header to every request (on NewClient) or to one call.
func WithHeader(name, value string) CommonOption {
	return CommonOption{
		client: func(c *Client) { c.header.Add(name, value) },
		call:   func(c *callConfig) { c.header.Add(name, value) },
	}
}

// WithCredential sets the credential of the named security scheme: an API
// key, a bearer token, a cookie value, or "user:password" for basic auth.
// An empty value removes it.
func WithCredential(scheme, value string) CommonOption {
	return CommonOption{
		client: func(c *Client) { setCredential(c.credentials, scheme, value) },
		call:   func(c *callConfig) { setCredential(c.credentials, scheme, value) },
	}
}

func setCredential(m map[string]string, scheme, value string) {
	if value == "" {
		delete(m, scheme)
		return
	}
	m[scheme] = value
}

// WithQuery sets a query parameter on one call, replacing any value the
// call's parameters gave it.
func WithQuery(name, value string) RequestOption {
	return requestOption(func(c *callConfig) { c.query.set(name, value) })
}

// WithResponseInto stores the call's last HTTP response in *resp. Its body
// is already read and closed, except for calls that return a stream.
func WithResponseInto(resp **http.Response) RequestOption {
	return requestOption(func(c *callConfig) { c.responseInto = resp })
}

// APIError is the error of a call the API answered with a status other
// than 2xx (or the documented redirect). Use errors.As to get it.
type APIError struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// Code is the error envelope's error.code ("" when the body is not an envelope).
	Code string
	// Message is the envelope's error.message (or a Laravel message).
	Message string
	// Details is the envelope's error.details, or nil.
	Details json.RawMessage
	// Operation is the operation ID.
	Operation string
	// Method is the request's HTTP method.
	Method string
	// Path is the request's URL path.
	Path string
	// Header is the response's headers.
	Header http.Header
	// Body is the response body, kept even when it is not an envelope.
	Body []byte
}

// Error describes the failure without credentials.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, errorPrefix+"%s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	} else if e.Code == "" {
		b.WriteString(" " + http.StatusText(e.StatusCode))
	}
	return b.String()
}

// FieldErrors returns the validation messages of a 422 answer by field
// (details.fields), or nil.
func (e *APIError) FieldErrors() map[string][]string {
	var d struct {
		Fields map[string][]string `json:"fields"`
	}
	if json.Unmarshal(e.Details, &d) != nil {
		return nil
	}
	return d.Fields
}

func newAPIError(op, method string, resp *http.Response, body []byte) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, Operation: op, Method: method, Path: resp.Request.URL.Path, Header: resp.Header, Body: body}
	var env struct {
		Error *struct {
			Code    string          `json:"code"`
			Message string          `json:"message"`
			Details json.RawMessage `json:"details"`
		} `json:"error"`
		Message string          `json:"message"`
		Errors  json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &env) == nil {
		if env.Error != nil {
			e.Code, e.Message, e.Details = env.Error.Code, env.Error.Message, env.Error.Details
		} else {
			e.Message = env.Message
			if len(env.Errors) > 0 {
				e.Details = json.RawMessage(`{"fields":` + string(env.Errors) + `}`)
			}
		}
	}
	return e
}

// ErrMissingCredentials is returned, wrapped, by a call whose operation
// requires credentials that the client was not given.
var ErrMissingCredentials = errors.New("missing credentials")

// Opt is an optional value: unset, null, or a value. The zero Opt is unset
// and left out of JSON; Null sends null.
type Opt[T any] struct {
	value T
	state uint8 // 0 unset, 1 null, 2 value
}

// Some returns an Opt holding v.
func Some[T any](v T) Opt[T] { return Opt[T]{value: v, state: 2} }

// Null returns an Opt holding JSON null.
func Null[T any]() Opt[T] { return Opt[T]{state: 1} }

// Get returns the value and whether there is one (false when unset or null).
func (o Opt[T]) Get() (T, bool) { return o.value, o.state == 2 }

// Or returns the value, or def when unset or null.
func (o Opt[T]) Or(def T) T {
	if o.state == 2 {
		return o.value
	}
	return def
}

// IsNull reports whether o holds JSON null.
func (o Opt[T]) IsNull() bool { return o.state == 1 }

// IsSet reports whether o holds a value or null.
func (o Opt[T]) IsSet() bool { return o.state != 0 }

// IsZero reports whether o is unset, so that omitzero leaves it out.
func (o Opt[T]) IsZero() bool { return o.state == 0 }

// String is how fmt prints the value: the value itself, "null" or "unset".
func (o Opt[T]) String() string {
	switch o.state {
	case 1:
		return "null"
	case 2:
		return fmt.Sprint(o.value)
	}
	return "unset"
}

// MarshalJSON writes the value, or null when unset or null.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state != 2 {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON reads null or a value.
func (o *Opt[T]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		var zero T
		o.value, o.state = zero, 1
		return nil
	}
	if err := json.Unmarshal(data, &o.value); err != nil {
		return err
	}
	o.state = 2
	return nil
}

// Binary is a streamed response body. The caller must close it.
type Binary struct {
	io.ReadCloser
	// ContentType is the response's Content-Type.
	ContentType string
}

// File is a file part of a multipart request body, with the file name
// and content type to send. Any io.Reader works too; its Name method, if
// any, gives the file name.
type File struct {
	// Reader gives the content.
	Reader io.Reader
	// Name is the file name sent; "" uses the reader's Name method, if any.
	Name string
	// ContentType is the part's type; "" sends application/octet-stream.
	ContentType string
}

// Read reads from f.Reader.
func (f File) Read(p []byte) (int, error) { return f.Reader.Read(p) }

// Fetch downloads u, such as the URL an operation redirects to, as a
// fresh GET request that carries no credentials and no client headers.
func (c *Client) Fetch(ctx context.Context, u *url.URL) (*Binary, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf(errorPrefix+"fetch: %w", err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.plain.Do(req)
	if err != nil {
		return nil, fmt.Errorf(errorPrefix+"fetch: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		return nil, newAPIError("", http.MethodGet, resp, body)
	}
	return &Binary{ReadCloser: resp.Body, ContentType: resp.Header.Get("Content-Type")}, nil
}

// operation is what a generated method tells the client about its call.
type operation struct {
	id, method, path string
	security         [][]string
	redirect         bool
}

// request is one call being built by a generated method.
type request struct {
	op          *operation
	path        string
	query       queryString
	header      http.Header
	body        []byte
	hasBody     bool
	contentType string
	stream      func() (io.Reader, string) // a body that cannot be replayed
	err         error
}

func (c *Client) newRequest(op *operation) *request {
	return &request{op: op, header: http.Header{}}
}

func (r *request) setJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		r.err = fmt.Errorf("encoding the request body: %w", err)
		return
	}
	r.body, r.hasBody, r.contentType = b, true, "application/json"
}

func (r *request) setRaw(body io.Reader, contentType string) {
	r.stream = func() (io.Reader, string) { return body, contentType }
}

// setFormJSON sends v's top-level JSON members as a URL-encoded form.
func (r *request) setFormJSON(v any) {
	b, err := json.Marshal(v)
	var m map[string]any
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	values := url.Values{}
	for k, x := range m {
		var vals []string
		if vals, err = formatValue(x); err != nil {
			break
		}
		values[k] = vals
	}
	if err != nil {
		r.err = fmt.Errorf("encoding the form body: %w", err)
		return
	}
	r.body, r.hasBody, r.contentType = []byte(values.Encode()), true, "application/x-www-form-urlencoded"
}

// setMultipart streams a multipart body written by fill.
func (r *request) setMultipart(fill func(w *multipart.Writer) error) {
	r.stream = func() (io.Reader, string) {
		pr, pw := io.Pipe()
		w := multipart.NewWriter(pw)
		go func() {
			err := fill(w)
			if err == nil {
				err = w.Close()
			}
			pw.CloseWithError(err)
		}()
		return pr, w.FormDataContentType()
	}
}

func writeMultipartField(w *multipart.Writer, name string, v any) error {
	switch t := v.(type) {
	case File:
		return writeMultipartFile(w, name, t.Reader, t.Name, t.ContentType)
	case io.Reader:
		return writeMultipartFile(w, name, t, "", "")
	}
	vals, err := formatValue(v)
	if err != nil {
		return err
	}
	for _, s := range vals {
		if err := w.WriteField(name, s); err != nil {
			return err
		}
	}
	return nil
}

func writeMultipartFile(w *multipart.Writer, name string, r io.Reader, filename, contentType string) error {
	if r == nil {
		return nil
	}
	if filename == "" {
		if n, ok := r.(interface{ Name() string }); ok {
			filename = n.Name()
		} else {
			filename = name
		}
	}
	if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
		filename = filename[i+1:]
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, name, filename)}
	h["Content-Type"] = []string{contentType}
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(part, r)
	return err
}

// pathParam formats a path parameter, escaped; empty values are errors.
func (r *request) pathParam(name string, v any) string {
	vals, err := formatValue(v)
	if err == nil && (len(vals) == 0 || vals[0] == "") {
		err = errors.New("is empty")
	}
	if err != nil {
		if r.err == nil {
			r.err = fmt.Errorf("path parameter %s: %w", name, err)
		}
		return ""
	}
	return url.PathEscape(strings.Join(vals, ","))
}

// queryString is the query of a request, pair by pair in the order added.
type queryString []queryPair

// queryPair is one name and value of a query string. A pair whose value
// keeps RFC 3986's reserved characters (a parameter with allowReserved)
// holds its text as the query carries it, encoded by the serialiser
// (styleFormPair); the others are encoded when the request is sent.
type queryPair struct {
	name, value string
	encoded     bool // value is "name=value" encoded already
}

func (q *queryString) add(name, value string) {
	*q = append(*q, queryPair{name: name, value: value})
}

// addEncoded adds a pair whose text is encoded already.
func (q *queryString) addEncoded(name, text string) {
	*q = append(*q, queryPair{name: name, value: text, encoded: true})
}

// set replaces every pair of name with one pair.
func (q *queryString) set(name, value string) {
	*q = slices.DeleteFunc(*q, func(p queryPair) bool { return p.name == name })
	q.add(name, value)
}

// encode is the query's text, sorted by name as url.Values.Encode sorts it
// (pairs of one name in the order added), each value encoded as
// url.QueryEscape does unless it is encoded already.
func (q queryString) encode() string {
	sorted := slices.Clone(q)
	slices.SortStableFunc(sorted, func(a, b queryPair) int { return strings.Compare(a.name, b.name) })
	var b strings.Builder
	for _, p := range sorted {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		if p.encoded {
			b.WriteString(p.value)
			continue
		}
		b.WriteString(url.QueryEscape(p.name))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
	}
	return b.String()
}

// addQuery adds a query parameter; arrays repeat the name (form, explode).
func (r *request) addQuery(name string, v any) {
	vals, err := formatValue(v)
	if err != nil {
		if r.err == nil {
			r.err = fmt.Errorf("query parameter %s: %w", name, err)
		}
		return
	}
	for _, s := range vals {
		r.query.add(name, s)
	}
}

// addHeader sets a header parameter; arrays are joined with commas.
func (r *request) addHeader(name string, v any) {
	vals, err := formatValue(v)
	if err != nil {
		if r.err == nil {
			r.err = fmt.Errorf("header parameter %s: %w", name, err)
		}
		return
	}
	r.header.Set(name, strings.Join(vals, ","))
}

// addCookie adds a cookie parameter.
func (r *request) addCookie(name string, v any) {
	vals, err := formatValue(v)
	if err != nil {
		if r.err == nil {
			r.err = fmt.Errorf("cookie parameter %s: %w", name, err)
		}
		return
	}
	r.header.Add("Cookie", (&http.Cookie{Name: name, Value: strings.Join(vals, ",")}).String())
}

// formatValue renders a parameter value as strings: scalars as themselves,
// time.Time as RFC 3339, slices element by element, other values as JSON.
func formatValue(v any) ([]string, error) {
	switch t := v.(type) {
	case string:
		return []string{t}, nil
	case bool:
		return []string{strconv.FormatBool(t)}, nil
	case int64:
		return []string{strconv.FormatInt(t, 10)}, nil
	case float64:
		return []string{strconv.FormatFloat(t, 'f', -1, 64)}, nil
	case time.Time:
		return []string{t.Format(time.RFC3339Nano)}, nil
	case json.RawMessage:
		return []string{string(t)}, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return []string{rv.String()}, nil
	case reflect.Bool:
		return []string{strconv.FormatBool(rv.Bool())}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return []string{strconv.FormatInt(rv.Int(), 10)}, nil
	case reflect.Float32, reflect.Float64:
		return []string{strconv.FormatFloat(rv.Float(), 'f', -1, 64)}, nil
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range rv.Len() {
			s, err := formatValue(rv.Index(i).Interface())
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return []string{string(b)}, nil
}

// do sends r with retries and returns the successful response, its body
// unread, or an error (*APIError for an error status).
func (c *Client) do(ctx context.Context, r *request, opts []RequestOption) (*http.Response, error) {
	op := r.op
	fail := func(err error) (*http.Response, error) {
		return nil, fmt.Errorf(errorPrefix+"%s: %w", op.id, err)
	}
	if c.err != nil {
		return fail(c.err)
	}
	if r.err != nil {
		return fail(r.err)
	}
	cfg := callConfig{
		header: http.Header{}, query: slices.Clone(r.query), credentials: make(map[string]string, len(c.credentials)),
		maxRetries: c.maxRetries, retryNonIdempotent: c.retryNonIdempotent,
	}
	for k, v := range c.credentials {
		cfg.credentials[k] = v
	}
	for _, o := range opts {
		if o != nil {
			o.applyCall(&cfg)
		}
	}
	// r.path is escaped already; the URL keeps that spelling.
	u := *c.baseURL
	u.RawPath = strings.TrimRight(c.baseURL.EscapedPath(), "/") + r.path
	var err error
	if u.Path, err = url.PathUnescape(u.RawPath); err != nil {
		return fail(err)
	}
	auth, err := chooseCredentials(op, cfg.credentials)
	if err != nil {
		return fail(err)
	}
	for _, a := range auth {
		if a.scheme.kind == "apiKey" && a.scheme.in == "query" {
			cfg.query.set(a.scheme.name, a.value)
		}
	}
	u.RawQuery = cfg.query.encode()
	hc := c.httpClient
	if op.redirect {
		hc = c.noRedirect
	}
	idempotent := op.method != http.MethodPost && op.method != http.MethodPatch
	for attempt := 0; ; attempt++ {
		var body io.Reader
		contentType := r.contentType
		replayable := r.stream == nil
		if r.hasBody {
			body = bytes.NewReader(r.body)
		} else if r.stream != nil {
			body, contentType = r.stream()
		}
		req, err := http.NewRequestWithContext(ctx, op.method, u.String(), body)
		if err != nil {
			return fail(err)
		}
		// Client headers, then the call's parameters, then the call's
		// options: each replaces what the one before set.
		for _, h := range []http.Header{c.header, r.header, cfg.header} {
			for k, v := range h {
				req.Header[k] = append([]string(nil), v...)
			}
		}
		req.Header.Set("User-Agent", c.userAgent)
		req.Header.Set("Accept", "application/json")
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if sameHost(req.URL, c.baseURL) {
			for _, a := range auth {
				a.apply(req)
			}
		}
		resp, err := hc.Do(req)
		if cfg.responseInto != nil && resp != nil {
			*cfg.responseInto = resp
		}
		retry := false
		var wait time.Duration
		if err != nil {
			if ctx.Err() != nil {
				return fail(ctx.Err())
			}
			retry = idempotent || cfg.retryNonIdempotent
		} else {
			ok := resp.StatusCode >= 200 && resp.StatusCode <= 299 || op.redirect && resp.StatusCode >= 300 && resp.StatusCode <= 399
			if ok {
				return resp, nil
			}
			data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
			resp.Body.Close()
			err = newAPIError(op.id, op.method, resp, data)
			switch resp.StatusCode {
			case http.StatusTooManyRequests, http.StatusServiceUnavailable:
				retry = true
			case http.StatusRequestTimeout:
				retry = idempotent || cfg.retryNonIdempotent
			default:
				retry = resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && (idempotent || cfg.retryNonIdempotent)
			}
			if d, has := retryAfter(resp.Header); has {
				if d > c.maxRetryDelay {
					retry = false
				}
				wait = d
			}
		}
		if !retry || attempt >= cfg.maxRetries || !replayable {
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				return nil, apiErr
			}
			return fail(err)
		}
		if wait == 0 {
			wait = c.backoff(attempt)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fail(ctx.Err())
		case <-t.C:
		}
	}
}

// backoff is the delay before retry n+1: base·2^n, capped, less up to 25%.
func (c *Client) backoff(n int) time.Duration {
	d := c.retryBase << min(n, 20)
	if d > c.maxRetryDelay || d <= 0 {
		d = c.maxRetryDelay
	}
	return d - time.Duration(rand.Float64()*0.25*float64(d))
}

// retryAfter reads Retry-After-Ms, then Retry-After in seconds or as an HTTP date.
func retryAfter(h http.Header) (time.Duration, bool) {
	if ms, err := strconv.ParseFloat(h.Get("Retry-After-Ms"), 64); err == nil && ms >= 0 {
		return time.Duration(ms * float64(time.Millisecond)), true
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// securityScheme is one entry of the spec's securitySchemes.
type securityScheme struct {
	kind, in, name, scheme string
}

type appliedCredential struct {
	scheme securityScheme
	value  string
}

func (a appliedCredential) apply(req *http.Request) {
	s := a.scheme
	switch {
	case s.kind == "apiKey" && s.in == "header":
		req.Header.Set(s.name, a.value)
	case s.kind == "apiKey" && s.in == "cookie":
		req.AddCookie(&http.Cookie{Name: s.name, Value: a.value})
	case s.kind == "http" && strings.EqualFold(s.scheme, "basic"):
		user, pass, _ := strings.Cut(a.value, ":")
		req.SetBasicAuth(user, pass)
	case s.kind == "http" || s.kind == "oauth2" || s.kind == "openIdConnect":
		scheme := "Bearer"
		if s.kind == "http" && s.scheme != "" && !strings.EqualFold(s.scheme, "bearer") {
			scheme = s.scheme
		}
		req.Header.Set("Authorization", scheme+" "+a.value)
	}
}

// chooseCredentials picks the first of op's security requirements whose
// schemes all have a credential.
func chooseCredentials(op *operation, creds map[string]string) ([]appliedCredential, error) {
	if len(op.security) == 0 {
		return nil, nil
	}
	for _, req := range op.security {
		var out []appliedCredential
		ok := true
		for _, name := range req {
			s, known := securitySchemes[name]
			v, has := creds[name]
			if !known || !has {
				ok = false
				break
			}
			out = append(out, appliedCredential{scheme: s, value: v})
		}
		if ok {
			return out, nil
		}
	}
	var alts []string
	for _, req := range op.security {
		alts = append(alts, strings.Join(req, " and "))
	}
	return nil, fmt.Errorf("%w: the operation needs %s (set them with WithCredential or the scheme's option)", ErrMissingCredentials, strings.Join(alts, " or "))
}

// decodeJSON reads resp's body into out and closes it.
func decodeJSON(op *operation, resp *http.Response, out any) error {
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf(errorPrefix+"%s: reading the response: %w", op.id, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf(errorPrefix+"%s: the %d response has an empty body", op.id, resp.StatusCode)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf(errorPrefix+"%s: decoding the response: %w", op.id, err)
	}
	return nil
}

// discard drains and closes resp's body.
func discard(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

// location returns the redirect target of resp, resolved against its URL.
func location(op *operation, resp *http.Response) (*url.URL, error) {
	discard(resp)
	loc := resp.Header.Get("Location")
	if loc == "" {
		return nil, fmt.Errorf(errorPrefix+"%s: the %d response has no Location", op.id, resp.StatusCode)
	}
	u, err := resp.Request.URL.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf(errorPrefix+"%s: Location: %w", op.id, err)
	}
	return u, nil
}

func binary(resp *http.Response) *Binary {
	return &Binary{ReadCloser: resp.Body, ContentType: resp.Header.Get("Content-Type")}
}

// withPage sets the page query parameter of a paginated call.
func withPage(page int64) RequestOption {
	return WithQuery("page", strconv.FormatInt(page, 10))
}

// paginate walks pages from 1 until the last page or an empty page,
// yielding each item; it stops fetching when the loop breaks.
func paginate[T any](fetch func(page int64) (items []T, current, last int64, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := int64(1); ; page++ {
			items, current, last, err := fetch(page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) == 0 || current >= last || current < page {
				return
			}
		}
	}
}

// union is the raw JSON of a oneOf or anyOf value.
type union struct {
	raw json.RawMessage
}

func (u union) marshal() ([]byte, error) {
	if len(u.raw) == 0 {
		return []byte("null"), nil
	}
	return u.raw, nil
}

func (u *union) unmarshal(data []byte) error {
	u.raw = append(json.RawMessage(nil), data...)
	return nil
}

func (u union) as(v any) error {
	if len(u.raw) == 0 {
		return errors.New(errorPrefix + "the value is unset")
	}
	return json.Unmarshal(u.raw, v)
}

func unionOf(v any) union {
	b, err := json.Marshal(v)
	if err != nil {
		return union{}
	}
	return union{raw: b}
}
