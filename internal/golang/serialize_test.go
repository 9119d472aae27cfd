package golang_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/golang"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// TestContractStyles runs the generated client of a Stripe-like spec
// against the validating mock: a form body whose metadata is declared
// deepObject, query parameters in form without explode, pipeDelimited,
// spaceDelimited and deepObject, label and matrix path parameters and a
// header array. Every request must pass libopenapi-validator and carry
// the text OpenAPI's styles give the documented examples, the same text
// the cURL scripts send (internal/emit/curl).
func TestContractStyles(t *testing.T) {
	spec := filepath.Join(testenv.ModuleRoot(t), "internal", "serialize", "testdata", "styles.yaml")
	dir := t.TempDir()
	importPath := contractModule + "/go/agentmc"
	res := generate(t, spec, "agentmc", importPath)
	writeModule(t, dir, "", res)
	cfg, _ := config.Preset("agentmc")
	cfg.GoImport = importPath
	write(t, filepath.Join(dir, "go", "agentmc", "contract_test.go"), string(golang.ContractFile(res.API, cfg)))
	m, contractBase, _ := contractServer(t, res.API)
	target, err := url.Parse(contractBase)
	if err != nil {
		t.Fatal(err)
	}
	target.Path = ""
	proxy := httputil.NewSingleHostReverseProxy(target)
	// The mock does not keep headers: they are noted on the way.
	var mu sync.Mutex
	headers := map[string]string{}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		for _, h := range []string{"X-Color", "X-Trace-Ids", "Cookie"} {
			if v := r.Header.Get(h); v != "" {
				headers[h] = v
			}
		}
		mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	base := front.URL + m.Handler.BasePath()
	out, err := goCmd(t, dir, []string{"CONTRACT_BASE_URL=" + base}, "test", "-count=1", "-v", "./go/agentmc/")
	for _, p := range m.Problems() {
		t.Errorf("server: %s", p)
	}
	if err != nil {
		t.Fatalf("go test in the generated package failed: %v\n%s", err, failures(out))
	}
	seen := map[string]string{}
	for _, ex := range m.Exchanges() {
		if ex.Operation.ID == "createCustomer" {
			form, err := url.ParseQuery(string(ex.Body))
			if err != nil {
				t.Fatalf("createCustomer: the body is not a form: %v", err)
			}
			if got := form.Get("metadata[order]"); got != "42" {
				t.Errorf("createCustomer: metadata[order] = %q, want 42 (body %s)", got, ex.Body)
			}
		}
		seen[ex.Operation.ID] = ex.URI + " " + string(ex.Body)
	}
	// Headers in style simple: the array joined, the object exploded.
	// A cookie in style form, its value encoded as encodeURIComponent does.
	if headers["X-Trace-Ids"] != "7,8" || headers["X-Color"] != "R=100,G=200" || headers["Cookie"] != "prefs=dark%2Ccompact" {
		t.Errorf("headers sent: %v, want X-Trace-Ids 7,8, X-Color R=100,G=200 and Cookie prefs=dark%%2Ccompact", headers)
	}
	// The query string is sorted by names as url.Values sorts it; an
	// allowReserved value keeps its reserved characters but & = + #, which
	// would change how the query reads.
	for id, want := range map[string][]string{
		"createCustomer": {"email=jenny@example.com", "&metadata%5Border%5D=42&", "address%5Bcity%5D=K%C3%B6ln", "preferred_locales%5B1%5D=fr"},
		"listCustomers":  {"expand=address%2Cmetadata", "ids=1%7C2%7C3", "sort=name+created", "created%5Bgte%5D=1&created%5Blt%5D=5", "status=active&status=pending", "&return_to=https://shop.example/back?cart%3D9%26step%3Dpay+%23top&", "filter=%7B%22a%22%3A1%7D"},
		"showCustomers":  {"/customers/.cus_1.cus_2 "},
		"showPoint":      {"/points/;x=1;y=2 "},
		"uploadFile":     {"name=\"purpose\"\r\n\r\ndispute_evidence\r\n", "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"order\":\"42\"}\r\n", "name=\"shipping\"\r\nContent-Type: application/json\r\n\r\n{\"city\":\"Köln\"}\r\n", "name=\"tags\"\r\n\r\na,b\r\n"},
	} {
		for _, w := range want {
			if !strings.Contains(seen[id], w) {
				t.Errorf("%s: the server saw %q, want %q in it", id, seen[id], w)
			}
		}
	}
}
