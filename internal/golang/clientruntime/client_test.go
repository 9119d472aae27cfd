package clientruntime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const thingJSON = `{"id":42,"name":"Ops","description":null}`

func newClient(url string, opts ...Option) *Client {
	base := []Option{WithBaseURL(url), WithCredential("ApiKeyAuth", "key-1"), WithRetryBackoff(time.Millisecond, 2*time.Second)}
	return NewClient(append(base, opts...)...)
}

// script answers the n-th request (from 0) with statuses[n] and an error
// envelope, or with thingJSON once the statuses are used up.
func script(t *testing.T, calls *atomic.Int32, header http.Header, statuses ...int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1)) - 1
		for k, v := range header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		if n < len(statuses) {
			w.WriteHeader(statuses[n])
			fmt.Fprintf(w, `{"error":{"code":"e%d","message":"failed","details":{"fields":{"name":["is required"]}}}}`, statuses[n])
			return
		}
		io.WriteString(w, thingJSON)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRetriesOn5xxAnd429(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504, 429, 408} {
		var calls atomic.Int32
		srv := script(t, &calls, nil, status, status)
		res, err := newClient(srv.URL).showThing(context.Background(), "42", nil)
		if err != nil || res.ID.Or(0) != 42 {
			t.Fatalf("%d: %v %+v", status, err, res)
		}
		if calls.Load() != 3 {
			t.Errorf("%d: %d attempts, want 3", status, calls.Load())
		}
	}
}

func TestNoRetryOn501And4xx(t *testing.T) {
	t.Parallel()
	for _, status := range []int{501, 400, 404, 409, 422} {
		var calls atomic.Int32
		srv := script(t, &calls, nil, status, status)
		_, err := newClient(srv.URL).showThing(context.Background(), "42", nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || calls.Load() != 1 {
			t.Errorf("%d: err %v after %d attempts, want an *APIError after 1", status, err, calls.Load())
		}
	}
}

func TestRetriesStopAtMax(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := script(t, &calls, nil, 503, 503, 503, 503)
	_, err := newClient(srv.URL).showThing(context.Background(), "42", nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Code != "e503" || apiErr.Operation != "showThing" {
		t.Fatalf("err %v", err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d attempts, want 3 (1 + 2 retries)", calls.Load())
	}
	calls.Store(0)
	_, err = newClient(srv.URL, WithMaxRetries(0)).showThing(context.Background(), "42", nil)
	if err == nil || calls.Load() != 1 {
		t.Errorf("WithMaxRetries(0): %d attempts, err %v", calls.Load(), err)
	}
	calls.Store(0)
	_, err = newClient(srv.URL).showThing(context.Background(), "42", nil, WithMaxRetries(1))
	if err == nil || calls.Load() != 2 {
		t.Errorf("WithMaxRetries(1) on the call: %d attempts, err %v", calls.Load(), err)
	}
}

func TestNonIdempotentRetries(t *testing.T) {
	t.Parallel()
	body := &thing{Name: Some("Ops")}
	var calls atomic.Int32
	srv := script(t, &calls, nil, 500, 500)
	if _, err := newClient(srv.URL).createThing(context.Background(), body); err == nil || calls.Load() != 1 {
		t.Errorf("POST on 500: %d attempts, want 1 (err %v)", calls.Load(), err)
	}
	calls.Store(0)
	if _, err := newClient(srv.URL).createThing(context.Background(), body, WithRetryNonIdempotent()); err != nil || calls.Load() != 3 {
		t.Errorf("POST on 500 with WithRetryNonIdempotent: %d attempts, want 3 (err %v)", calls.Load(), err)
	}
	var calls2 atomic.Int32
	srv2 := script(t, &calls2, nil, 503)
	if _, err := newClient(srv2.URL).createThing(context.Background(), body); err != nil || calls2.Load() != 2 {
		t.Errorf("POST on 503: %d attempts, want 2 (err %v)", calls2.Load(), err)
	}
	var calls3 atomic.Int32
	srv3 := script(t, &calls3, nil, 502)
	if err := newClient(srv3.URL).updateThing(context.Background(), 1, body); err == nil || calls3.Load() != 1 {
		t.Errorf("PATCH on 502: %d attempts, want 1 (err %v)", calls3.Load(), err)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	// Each asks for about a second (an HTTP date has a resolution of one
	// second: two seconds from now is one to two seconds away).
	for name, header := range map[string]func() http.Header{
		"seconds":      func() http.Header { return http.Header{"Retry-After": {"1"}} },
		"milliseconds": func() http.Header { return http.Header{"Retry-After-Ms": {"1000"}} },
		"date": func() http.Header {
			return http.Header{"Retry-After": {time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := script(t, &calls, header(), 429)
			start := time.Now()
			if _, err := newClient(srv.URL).showThing(context.Background(), "42", nil); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d < 900*time.Millisecond || calls.Load() != 2 {
				t.Errorf("retried after %v, %d attempts", d, calls.Load())
			}
		})
	}
	// A Retry-After longer than the longest delay is not waited for.
	var calls atomic.Int32
	srv := script(t, &calls, http.Header{"Retry-After": {"3600"}}, 503)
	start := time.Now()
	_, err := newClient(srv.URL).showThing(context.Background(), "42", nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || calls.Load() != 1 || time.Since(start) > time.Second {
		t.Errorf("Retry-After 3600: %d attempts in %v, err %v", calls.Load(), time.Since(start), err)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		h    http.Header
		want time.Duration
		has  bool
	}{
		{http.Header{}, 0, false},
		{http.Header{"Retry-After": {"2"}}, 2 * time.Second, true},
		{http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond, true},
		{http.Header{"Retry-After-Ms": {"250"}, "Retry-After": {"9"}}, 250 * time.Millisecond, true},
		{http.Header{"Retry-After": {"-1"}}, 0, false},
		{http.Header{"Retry-After": {"soon"}}, 0, false},
		{http.Header{"Retry-After": {"Mon, 02 Jan 2006 15:04:05 GMT"}}, 0, true},
	} {
		if got, has := retryAfter(c.h); got != c.want || has != c.has {
			t.Errorf("%v: %v %v, want %v %v", c.h, got, has, c.want, c.has)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	c := NewClient(WithRetryBackoff(100*time.Millisecond, time.Second))
	for n, want := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second} {
		for range 20 {
			if d := c.backoff(n); d > want || d < want*3/4 {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, want*3/4, want)
			}
		}
	}
	if d := c.backoff(1000); d > time.Second || d <= 0 {
		t.Errorf("backoff(1000) = %v", d)
	}
}

func TestCancellation(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	defer close(block)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(srv.URL).showThing(ctx, "42", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v, want context.DeadlineExceeded", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	// The deadline also cuts a back-off wait short.
	var calls atomic.Int32
	srv2 := script(t, &calls, http.Header{"Retry-After": {"1.5"}}, 503, 503)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	start = time.Now()
	_, err = newClient(srv2.URL).showThing(ctx2, "42", nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second || calls.Load() != 1 {
		t.Errorf("during back-off: err %v after %v and %d attempts", err, time.Since(start), calls.Load())
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var mu sync.Mutex
	var pages []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		page := r.URL.Query().Get("page")
		mu.Lock()
		pages = append(pages, page+"/"+r.URL.Query().Get("per_page"))
		mu.Unlock()
		var n int
		fmt.Sscan(page, &n)
		// links.next points elsewhere: the client must not follow it.
		fmt.Fprintf(w, `{"data":[{"id":%d},{"id":%d}],"links":{"next":"https://evil.example/things?page=%d"},"meta":{"current_page":%d,"last_page":3}}`, 2*n-1, 2*n, n+1, n)
	}))
	defer srv.Close()
	c := newClient(srv.URL)
	var ids []int64
	for th, err := range c.listThingsAll(context.Background(), WithQuery("per_page", "2")) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, th.ID.Or(0))
	}
	if fmt.Sprint(ids) != "[1 2 3 4 5 6]" || calls.Load() != 3 {
		t.Errorf("ids %v after %d requests", ids, calls.Load())
	}
	if strings.Join(pages, ",") != "1/2,2/2,3/2" {
		t.Errorf("pages requested: %v", pages)
	}
	// Breaking out stops fetching.
	calls.Store(0)
	n := 0
	for _, err := range c.listThingsAll(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 3 {
			break
		}
	}
	if calls.Load() != 2 {
		t.Errorf("break after 3 items: %d requests, want 2", calls.Load())
	}
}

func TestPaginationStops(t *testing.T) {
	t.Parallel()
	// An empty page, a page other than the one asked for, a page without
	// meta or an error ends the walk, whatever last_page says.
	for _, c := range []struct {
		name           string
		body           string
		requests, errs int32
	}{
		{"empty page", `{"data":[],"meta":{"current_page":1,"last_page":9}}`, 1, 0},
		{"same page again", `{"data":[{"id":1}],"meta":{"current_page":1,"last_page":9}}`, 2, 0},
		{"no meta", `{"data":[{"id":1}]}`, 1, 0},
		{"error status", "", 1, 1},
	} {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			if c.body == "" {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			io.WriteString(w, c.body)
		}))
		var errs, items int32
		for _, err := range newClient(srv.URL).listThingsAll(context.Background()) {
			if err != nil {
				errs++
			}
			if items++; items > 10 {
				break // the walk does not stop by itself
			}
		}
		srv.Close()
		if calls.Load() != c.requests || errs != c.errs {
			t.Errorf("%s: %d requests and %d errors, want %d and %d", c.name, calls.Load(), errs, c.requests, c.errs)
		}
	}
}

func TestCredentialsStayOnTheBaseHost(t *testing.T) {
	t.Parallel()
	var otherKey, otherAuth atomic.Value
	otherKey.Store("")
	otherAuth.Store("")
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherKey.Store(r.Header.Get("X-Api-Key"))
		otherAuth.Store(r.Header.Get("Authorization") + r.Header.Get("Cookie"))
		io.WriteString(w, thingJSON)
	}))
	defer other.Close()
	var sawKey atomic.Value
	base := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawKey.Store(r.Header.Get("X-Api-Key"))
		http.Redirect(w, r, other.URL+"/things/42", http.StatusFound)
	}))
	defer base.Close()
	res, err := newClient(base.URL, WithCredential("BearerAuth", "tok"), WithHeader("Cookie", "a=b")).showThing(context.Background(), "42", nil)
	if err != nil || res == nil {
		t.Fatal(err)
	}
	if sawKey.Load() != "key-1" {
		t.Errorf("the base host got X-Api-Key %q", sawKey.Load())
	}
	if k := otherKey.Load().(string); k != "" {
		t.Errorf("the redirect target on another host got X-Api-Key %q", k)
	}
	if a := otherAuth.Load().(string); a != "" {
		t.Errorf("the redirect target got credentials %q", a)
	}
	// A same-host redirect keeps the key.
	var hops atomic.Int32
	var lastKey atomic.Value
	same := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lastKey.Store(r.Header.Get("X-Api-Key"))
		if hops.Add(1) == 1 {
			http.Redirect(w, r, "/moved", http.StatusFound)
			return
		}
		io.WriteString(w, thingJSON)
	}))
	defer same.Close()
	if _, err := newClient(same.URL).showThing(context.Background(), "42", nil); err != nil || lastKey.Load() != "key-1" {
		t.Errorf("same-host redirect: key %q, err %v", lastKey.Load(), err)
	}
	// The user's CheckRedirect still runs, after the credentials are gone.
	var userSaw atomic.Value
	hc := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		userSaw.Store(req.Header.Get("X-Api-Key"))
		return nil
	}}
	if _, err := newClient(base.URL, WithHTTPClient(hc)).showThing(context.Background(), "42", nil); err != nil || userSaw.Load() != "" {
		t.Errorf("user CheckRedirect saw X-Api-Key %q, err %v", userSaw.Load(), err)
	}
}

func TestCredentialKinds(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(fmt.Sprintf("auth=%s key=%s query=%s cookie=%s", r.Header.Get("Authorization"), r.Header.Get("X-Api-Key"), r.URL.Query().Get("api_key"), r.Header.Get("Cookie")))
	}))
	defer srv.Close()
	for _, c := range []struct {
		opts []Option
		call func(*Client) error
		want string
	}{
		{[]Option{WithCredential("BearerAuth", "tok")}, func(c *Client) error { return c.updateThing(context.Background(), 1, nil) }, "auth=Bearer tok key= query= cookie="},
		{[]Option{WithCredential("BasicAuth", "ann:pw")}, func(c *Client) error {
			// Basic is no requirement of updateThing: send it through a
			// requirement list that names it.
			opUpdateThingBasic := *opUpdateThing
			opUpdateThingBasic.security = [][]string{{"BasicAuth"}}
			r := c.newRequest(&opUpdateThingBasic)
			r.path = "/x"
			resp, err := c.do(context.Background(), r, nil)
			if err == nil {
				discard(resp)
			}
			return err
		}, "auth=Basic YW5uOnB3 key= query= cookie="},
		{[]Option{WithCredential("ApiKeyAuth", "k"), WithCredential("QueryKey", "q")}, func(c *Client) error { return c.withAll(context.Background()) }, "auth= key=k query=q cookie="},
		{[]Option{WithCredential("CookieKey", "s")}, func(c *Client) error { return c.withAll(context.Background()) }, "auth= key= query= cookie=session=s"},
		// The first requirement whose schemes all have a credential wins.
		{[]Option{WithCredential("QueryKey", "q"), WithCredential("CookieKey", "s")}, func(c *Client) error { return c.withAll(context.Background()) }, "auth= key= query= cookie=session=s"},
		// An empty value removes a credential.
		{[]Option{WithCredential("BearerAuth", "tok"), WithCredential("ApiKeyAuth", "k"), WithCredential("ApiKeyAuth", "")}, func(c *Client) error { return c.updateThing(context.Background(), 1, nil) }, "auth=Bearer tok key= query= cookie="},
	} {
		got.Store("")
		c2 := NewClient(append([]Option{WithBaseURL(srv.URL)}, c.opts...)...)
		if err := c.call(c2); err != nil || got.Load() != c.want {
			t.Errorf("sent %q, want %q (err %v)", got.Load(), c.want, err)
		}
	}
	for scheme, want := range map[string]string{"DigestAuth": "Digest tok", "OAuth": "Bearer tok"} {
		req, _ := http.NewRequest("GET", "http://x", nil)
		appliedCredential{scheme: securitySchemes[scheme], value: "tok"}.apply(req)
		if req.Header.Get("Authorization") != want {
			t.Errorf("%s: Authorization %q, want %q", scheme, req.Header.Get("Authorization"), want)
		}
	}
}

func TestMissingCredentials(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := script(t, &calls, nil)
	_, err := NewClient(WithBaseURL(srv.URL)).showThing(context.Background(), "42", nil)
	if !errors.Is(err, ErrMissingCredentials) || calls.Load() != 0 {
		t.Errorf("err %v after %d requests, want ErrMissingCredentials before any", err, calls.Load())
	}
	if !strings.Contains(err.Error(), "ApiKeyAuth or BearerAuth") || !strings.HasPrefix(err.Error(), errorPrefix+"showThing: ") {
		t.Errorf("error %q", err)
	}
	// An operation without security sends none.
	if err := NewClient(WithBaseURL(srv.URL)).ping(context.Background()); err != nil {
		t.Errorf("ping: %v", err)
	}
}

func TestPerCallOptions(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	var resp *http.Response
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("X-Api-Key") + "|" + r.Header.Get("X-Agent-Id") + "|" + r.Header.Get("User-Agent") + "|" + r.URL.RawQuery)
		w.Header().Set("X-Request-Id", "r1")
		io.WriteString(w, thingJSON)
	}))
	defer srv.Close()
	c := newClient(srv.URL, WithHeader("X-Agent-Id", "7"), WithUserAgent("ua/1"))
	if _, err := c.showThing(context.Background(), "42", nil); err != nil || got.Load() != "key-1|7|ua/1|" {
		t.Errorf("client settings: sent %q, err %v", got.Load(), err)
	}
	if _, err := c.showThing(context.Background(), "42", &thingParams{Tags: []string{"a", "b"}}, WithCredential("ApiKeyAuth", "call-key"), WithHeader("X-Agent-Id", "8"), WithQuery("tags", "c"), WithResponseInto(&resp)); err != nil || got.Load() != "call-key|8|ua/1|tags=c" {
		t.Errorf("per-call key, header and query: sent %q, err %v", got.Load(), err)
	}
	if resp == nil || resp.Header.Get("X-Request-Id") != "r1" {
		t.Errorf("WithResponseInto: %v", resp)
	}
	// The per-call options changed nothing on the client.
	if _, err := c.showThing(context.Background(), "42", nil); err != nil || got.Load() != "key-1|7|ua/1|" {
		t.Errorf("after a per-call override: sent %q, err %v", got.Load(), err)
	}
	if NewClient().userAgent != DefaultUserAgent || NewClient().baseURL.String() != DefaultBaseURL {
		t.Error("NewClient without options does not use the defaults")
	}
}

func TestParameters(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.EscapedPath() + "?" + r.URL.RawQuery + " trace=" + r.Header.Get("X-Trace") + " cookie=" + r.Header.Get("Cookie"))
		io.WriteString(w, thingJSON)
	}))
	defer srv.Close()
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	params := &thingParams{Tags: []string{"x y", "z"}, Since: Some(since), Trace: Some("t1"), Session: Some("s1")}
	if _, err := newClient(srv.URL+"/api/").showThing(context.Background(), "a/b c", params); err != nil {
		t.Fatal(err)
	}
	if want := "/api/things/a%2Fb%20c?since=2026-01-02T03%3A04%3A05Z&tags=x+y&tags=z trace=t1 cookie=session=s1"; got.Load() != want {
		t.Errorf("sent %q, want %q", got.Load(), want)
	}
	// An empty path parameter fails before any request.
	if _, err := newClient(srv.URL).showThing(context.Background(), "", nil); err == nil || !strings.Contains(err.Error(), "path parameter id: is empty") {
		t.Errorf("empty path parameter: %v", err)
	}
	for _, c := range []struct {
		v    any
		want string
	}{
		{int64(-3), "[-3]"}, {1.5, "[1.5]"}, {true, "[true]"}, {json.RawMessage(`{"a":1}`), `[{"a":1}]`},
		{int32(7), "[7]"}, {float32(0.25), "[0.25]"}, {[]int64{1, 2}, "[1 2]"}, {map[string]int{"a": 1}, `[{"a":1}]`},
	} {
		if got, err := formatValue(c.v); err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("formatValue(%#v) = %v, %v, want %s", c.v, got, err, c.want)
		}
	}
	if _, err := newClient(srv.URL).showThing(context.Background(), "1", nil, WithQuery("x", "y")); err != nil {
		t.Fatal(err)
	}
	// do names the package once, then the operation.
	if err := NewClient(WithBaseURL("http://[::1")).ping(context.Background()); err == nil || !strings.HasPrefix(err.Error(), errorPrefix+"ping: base URL: ") || strings.Count(err.Error(), errorPrefix) != 1 {
		t.Errorf("a bad base URL: %v", err)
	}
}

func TestBodies(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/uploads":
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				t.Errorf("multipart: %v", err)
				return
			}
			f, h, err := r.FormFile("file")
			if err != nil {
				t.Errorf("file part: %v", err)
				return
			}
			data, _ := io.ReadAll(f)
			got["upload"] = fmt.Sprintf("%s %s %s %v", data, h.Filename, h.Header.Get("Content-Type"), r.MultipartForm.Value)
		case "/form":
			r.ParseForm()
			got["form"] = r.Header.Get("Content-Type") + " " + r.PostForm.Encode()
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "thanks")
		case "/raw":
			b, _ := io.ReadAll(r.Body)
			got["raw"] = r.Header.Get("Content-Type") + " " + string(b)
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte{0, 1, 2})
		case "/things":
			b, _ := io.ReadAll(r.Body)
			got["json"] = r.Header.Get("Content-Type") + " " + string(b)
			io.WriteString(w, thingJSON)
		}
	}))
	defer srv.Close()
	c := newClient(srv.URL)
	ctx := context.Background()
	if err := c.upload(ctx, &uploadBody{File: File{Reader: strings.NewReader("hello"), Name: "dir/notes.txt", ContentType: "text/plain"}, Title: Some("t"), Count: Some[int64](2), Labels: []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	res, err := c.sendForm(ctx, &formBody{Name: Some("Ann"), Age: Some[int64](30)})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(res)
	res.Close()
	bin, err := c.putRaw(ctx, strings.NewReader("raw text"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(bin)
	bin.Close()
	if _, err := c.createThing(ctx, &thing{Name: Some("Ops"), Description: Null[string]()}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.createThing(ctx, nil); err == nil || !strings.Contains(err.Error(), "the request body is required") {
		t.Errorf("nil body: %v", err)
	}
	for k, want := range map[string]string{
		"upload": "hello notes.txt text/plain map[count:[2] labels:[a b] title:[t]]",
		"form":   "application/x-www-form-urlencoded age=30&name=Ann",
		"raw":    "text/plain raw text",
		"json":   `application/json {"name":"Ops","description":null}`,
	} {
		if got[k] != want {
			t.Errorf("%s: server got %q, want %q", k, got[k], want)
		}
	}
	if string(text) != "thanks" || res.ContentType != "text/plain" || fmt.Sprint(data) != "[0 1 2]" || bin.ContentType != "application/octet-stream" {
		t.Errorf("responses %q %q %v %q", text, res.ContentType, data, bin.ContentType)
	}
	// A body that cannot be replayed is not retried.
	var calls atomic.Int32
	fail := script(t, &calls, nil, 503, 503)
	if _, err := newClient(fail.URL).putRaw(ctx, strings.NewReader("x")); err == nil || calls.Load() != 1 {
		t.Errorf("a streamed body was sent %d times (err %v)", calls.Load(), err)
	}
}

func TestRedirectAndFetch(t *testing.T) {
	t.Parallel()
	var fetched atomic.Value
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched.Store(r.Header.Get("X-Api-Key") + r.Header.Get("X-Agent-Id") + r.Header.Get("Authorization"))
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "content")
	}))
	defer files.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/things/2/file" {
			w.WriteHeader(http.StatusFound)
			return
		}
		http.Redirect(w, r, files.URL+"/object?sig=1", http.StatusFound)
	}))
	defer api.Close()
	c := newClient(api.URL, WithHeader("X-Agent-Id", "7"))
	u, err := c.download(context.Background(), 1)
	if err != nil || u.String() != files.URL+"/object?sig=1" {
		t.Fatalf("download: %v %v", u, err)
	}
	if fetched.Load() != nil {
		t.Error("the redirect was followed")
	}
	b, err := c.Fetch(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(b)
	b.Close()
	if string(data) != "content" || b.ContentType != "text/plain" || fetched.Load() != "" {
		t.Errorf("Fetch: %q %q, sent credentials or headers %q", data, b.ContentType, fetched.Load())
	}
	if _, err := c.download(context.Background(), 2); err == nil || !strings.Contains(err.Error(), "has no Location") {
		t.Errorf("redirect without Location: %v", err)
	}
	missing := *u
	missing.Path = "/missing"
	var apiErr *APIError
	if _, err := c.Fetch(context.Background(), &missing); !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("Fetch of a missing file: %v", err)
	}
}

func TestAPIError(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := script(t, &calls, nil, 422)
	_, err := newClient(srv.URL).showThing(context.Background(), "42", nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err %v", err)
	}
	if want := errorPrefix + "GET /things/42: 422 e422: failed"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	if fe := apiErr.FieldErrors(); fmt.Sprint(fe) != "map[name:[is required]]" {
		t.Errorf("FieldErrors() = %v", fe)
	}
	// A Laravel body and a body that is no envelope.
	resp := &http.Response{StatusCode: 422, Request: httptest.NewRequest("POST", "/x", nil), Header: http.Header{}}
	e := newAPIError("op", "POST", resp, []byte(`{"message":"invalid","errors":{"a":["bad"]}}`))
	if e.Message != "invalid" || fmt.Sprint(e.FieldErrors()) != "map[a:[bad]]" || e.Error() != errorPrefix+"POST /x: 422: invalid" {
		t.Errorf("Laravel body: %+v %q", e, e)
	}
	e = newAPIError("op", "POST", resp, []byte("<html>"))
	if e.Error() != errorPrefix+"POST /x: 422 Unprocessable Entity" || e.FieldErrors() != nil || string(e.Body) != "<html>" {
		t.Errorf("no envelope: %q", e)
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{"": "the 200 response has an empty body", "{": "decoding the response"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }))
		_, err := newClient(srv.URL).showThing(context.Background(), "1", nil)
		srv.Close()
		if err == nil || !strings.HasPrefix(err.Error(), errorPrefix+"showThing: ") || !strings.Contains(err.Error(), want) {
			t.Errorf("body %q: %v, want %q", body, err, want)
		}
	}
}

func TestOpt(t *testing.T) {
	t.Parallel()
	data, err := json.Marshal(thing{ID: Some[int64](1), Description: Null[string]()})
	if err != nil || string(data) != `{"id":1,"description":null}` {
		t.Errorf("marshal: %s %v", data, err)
	}
	var th thing
	if err := json.Unmarshal([]byte(`{"id":1,"description":null}`), &th); err != nil {
		t.Fatal(err)
	}
	if v, ok := th.ID.Get(); !ok || v != 1 || !th.Description.IsNull() || th.Description.IsZero() || th.Name.IsSet() || !th.Name.IsZero() {
		t.Errorf("decoded %+v", th)
	}
	if th.Name.Or("def") != "def" || th.Description.Or("def") != "def" || th.ID.Or(9) != 1 {
		t.Error("Or")
	}
	if err := json.Unmarshal([]byte(`{"id":"x"}`), &th); err == nil {
		t.Error("a string decoded into Opt[int64]")
	}
	if b, _ := Null[int]().MarshalJSON(); string(b) != "null" {
		t.Errorf("Null marshals as %s", b)
	}
	if got := fmt.Sprint(Some[int64](7), " ", Null[int](), " ", Opt[bool]{}); got != "7 null unset" {
		t.Errorf("fmt prints Opt as %q", got)
	}
}

func TestUnion(t *testing.T) {
	t.Parallel()
	p := petFromThing(thing{ID: Some[int64](3)})
	data, err := json.Marshal(p)
	if err != nil || string(data) != `{"id":3}` {
		t.Errorf("marshal: %s %v", data, err)
	}
	var q pet
	if err := json.Unmarshal([]byte(`{"id":4}`), &q); err != nil {
		t.Fatal(err)
	}
	if th, err := q.asThing(); err != nil || th.ID.Or(0) != 4 {
		t.Errorf("as: %+v %v", th, err)
	}
	if _, err := (pet{}).asThing(); err == nil || err.Error() != errorPrefix+"the value is unset" {
		t.Errorf("unset: %v", err)
	}
	if b, _ := json.Marshal(pet{}); string(b) != "null" {
		t.Errorf("unset marshals as %s", b)
	}
	if u := unionOf(func() {}); len(u.raw) != 0 {
		t.Error("an unencodable value gave raw JSON")
	}
}

// TestQueryPairs: a pair added encoded (a parameter with allowReserved,
// encoded by the serialiser) reaches the server as it is, reserved
// characters and all, among pairs the runtime encodes, in url.Values'
// order (by name); a per-call WithQuery replaces pairs of both kinds.
func TestQueryPairs(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.RawQuery)
	}))
	defer srv.Close()
	c := newClient(srv.URL)
	send := func(opts ...RequestOption) string {
		r := c.newRequest(opPing)
		r.path = "/ping"
		r.addQuery("z", "a/b c")
		r.query.addEncoded("path", "path=/a/b?c:d@e")
		r.addQuery("a", []string{"1", "2"})
		r.query.addEncoded("path", "path=%41!")
		resp, err := c.do(context.Background(), r, opts)
		if err != nil {
			t.Fatal(err)
		}
		discard(resp)
		return got.Load().(string)
	}
	if s, want := send(), "a=1&a=2&path=/a/b?c:d@e&path=%41!&z=a%2Fb+c"; s != want {
		t.Errorf("sent %q, want %q", s, want)
	}
	if s, want := send(WithQuery("path", "/x")), "a=1&a=2&path=%2Fx&z=a%2Fb+c"; s != want {
		t.Errorf("WithQuery over encoded pairs: sent %q, want %q", s, want)
	}
	// Without the encoded pairs the text is url.Values.Encode's.
	var q queryString
	v := url.Values{}
	for _, p := range [][2]string{{"b", "x&y"}, {"a", "é"}, {"b", "1"}, {"", "="}} {
		q.add(p[0], p[1])
		v.Add(p[0], p[1])
	}
	if q.encode() != v.Encode() {
		t.Errorf("encode %q, url.Values %q", q.encode(), v.Encode())
	}
}
