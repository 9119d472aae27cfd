package serve_test

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/mock"
	"github.com/agentmc/agentmc-gen/internal/serve"
)

// TestBrowserTryIt serves the default spec as `agentmc-gen mock -site`
// does (the mock and the live site on one loopback origin, behind the
// Host check) and drives the try-it panel of operation pages in headless
// Chromium: the panel shows and the block that starts the mock hides; an
// API key typed once is kept for the tab (sessionStorage, not
// localStorage) and sent; the form is sent with the keyboard; the answers
// are the documented examples of the primary success and, chosen with
// Prefer, of an error status; without credentials the mock's 401 shows;
// and every operation, sent as its page pre-fills it, succeeds. Axe-core,
// when $AXE_CORE_JS names axe.min.js, finds no serious or critical
// violation on a page with the panel and an answer showing, light and dark.
func TestBrowserTryIt(t *testing.T) {
	exe := chromium(t)
	t.Setenv("AGENTMC_SCREENSHOTS", filepath.Join(filepath.Dir(screenshotsDir()), "agentmc-gen-site-screenshots-tryit"))
	shots := screenshots(t)
	t.Logf("screenshots: %s", shots)

	cfg, _ := defaultConfig(t)
	api := mock.NewServer(mock.ServerOptions{Config: cfg})
	if _, err := api.Handler(); err != nil {
		t.Fatal(err)
	}
	pages := serve.New(serve.Options{Config: cfg})
	if st := pages.Status(); st.Error != "" {
		t.Fatal(st.Error)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = mock.LoopbackHosts(mock.WithSite(api, pages), srv.Listener.Addr())
	srv.Start()
	// Closed after the browser (cleanups run last first): its pages hold
	// the live-reload event stream open.
	t.Cleanup(srv.Close)

	gen := *cfg
	gen.Emit = nil
	res, err := generator.GenerateFile(&gen)
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]*model.Operation{}
	for _, op := range res.API.Operations {
		ops[op.ID] = op
	}
	example := func(id, status string) ecma.Value {
		t.Helper()
		for _, r := range ops[id].Responses {
			if r.Status == status && r.Example.Present {
				return r.Example.Value
			}
		}
		t.Fatalf("%s documents no example for %s", id, status)
		return nil
	}

	ctx := browser(t, exe)
	tab := &browserTab{t: t, ctx: ctx, shots: shots, timeout: 10 * time.Second, detail: func() string {
		return fmt.Sprintf("; status %q", eval[string](t, ctx, `(e => e ? e.textContent : "")(document.getElementById("try-status"))`))
	}}
	do, wait, shot := tab.do, tab.wait, tab.shot
	open := func(id string) {
		t.Helper()
		do("open "+id, chromedp.Navigate(srv.URL+"/operations/"+id+".html"))
		wait("the panel of "+id, `!document.getElementById("try-it").hidden`)
		if !eval[bool](t, ctx, `document.getElementById("try-it-offline").hidden`) {
			t.Errorf("%s: the block that starts the mock still shows beside the panel", id)
		}
	}
	// send submits the form and waits for an answer with the given status.
	send := func(what string, status string, keys ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		eval[string](t, ctx, `document.getElementById("try-status").textContent = ""`)
		if len(keys) == 0 {
			keys = []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.ID("try-send"), chromedp.NodeVisible)}
		}
		do(what, keys...)
		wait(what, `document.getElementById("try-status").textContent.startsWith(`+quote(status+" ")+`)`)
	}
	answer := func() (string, string) {
		return eval[string](t, ctx, `document.getElementById("try-headers").textContent`),
			eval[string](t, ctx, `document.getElementById("try-response").textContent`)
	}
	sameAs := func(what, body string, want ecma.Value) {
		t.Helper()
		got, err := ecma.Parse([]byte(body))
		if err != nil || ecma.MarshalString(got, false) != ecma.MarshalString(want, false) {
			t.Errorf("%s: the body shown is\n%s\nwant the example\n%s", what, body, ecma.MarshalString(want, true))
		}
	}

	// updateTask: a path parameter and a JSON body, pre-filled with the
	// examples; the API key typed into its field; sent with Enter.
	open("updateTask")
	if got := eval[string](t, ctx, `document.getElementById("try-p1").value + " " + JSON.parse(document.getElementById("try-body").value).title`); got != "121 Draft post-incident summary" {
		t.Errorf("the form is not pre-filled with the examples: %q", got)
	}
	do("type the API key", chromedp.SendKeys(chromedp.ID("try-c1"), "mca_test_key"), chromedp.KeyEvent(kb.Tab))
	send("send with Enter", "200", chromedp.Focus(chromedp.ID("try-p1")), chromedp.KeyEvent(kb.Enter))
	headers, body := answer()
	sameAs("updateTask 200", body, example("updateTask", "200"))
	if !strings.Contains(headers, "content-type: application/json") {
		t.Errorf("headers shown:\n%s", headers)
	}
	do("screenshot", shot("tryit-1-success.png"))

	// Prefer: code=404 answers the documented error example.
	do("choose 404", chromedp.SetValue(chromedp.ID("try-prefer"), "404"))
	send("send with Prefer 404", "404")
	_, body = answer()
	sameAs("updateTask 404", body, example("updateTask", "404"))
	do("screenshot", shot("tryit-2-prefer-404.png"))

	// dynamic=true: a body synthesised from the schema, not the example.
	do("choose dynamic", chromedp.SetValue(chromedp.ID("try-prefer"), ""), chromedp.Click(chromedp.ID("try-dynamic"), chromedp.NodeVisible))
	send("send with Prefer dynamic", "200")
	_, body = answer()
	if v, err := ecma.Parse([]byte(body)); err != nil || ecma.MarshalString(v, false) == ecma.MarshalString(example("updateTask", "200"), false) {
		t.Errorf("dynamic=true: %v; the body shown is the example or not JSON:\n%s", err, body)
	}
	do("back to the examples", chromedp.Click(chromedp.ID("try-dynamic"), chromedp.NodeVisible))
	if err := checkAxe(ctx, t, "updateTask with an answer, light"); err != nil {
		t.Error(err)
	}
	do("dark mode", chromedp.Click(chromedp.ID("theme-toggle"), chromedp.NodeVisible))
	if err := checkAxe(ctx, t, "updateTask with an answer, dark"); err != nil {
		t.Error(err)
	}
	do("screenshot", shot("tryit-3-dark.png"))

	// The key is kept for the tab only, and filled in on the next page.
	if got := eval[string](t, ctx, `sessionStorage.getItem("api-docs-try:ApiKeyAuth") + " " + JSON.stringify(Object.keys(localStorage).filter(k => k.indexOf("try") >= 0))`); got != "mca_test_key []" {
		t.Errorf("credential storage: %q, want it in sessionStorage only", got)
	}
	open("showTask")
	if got := eval[string](t, ctx, `document.getElementById("try-c1").value`); got != "mca_test_key" {
		t.Errorf("the next page's key field holds %q", got)
	}
	send("showTask", "200")
	_, body = answer()
	sameAs("showTask 200", body, example("showTask", "200"))

	// Without credentials the mock's 401 problem shows, as text.
	eval[string](t, ctx, `document.getElementById("try-c1").value = ""`)
	send("showTask without a key", "401")
	if _, body = answer(); !strings.Contains(body, `"in": "security"`) {
		t.Errorf("the 401 answer does not list the security failure:\n%s", body)
	}

	// Every operation answers its form as pre-filled (with credentials of
	// each scheme in place) with a success: the documented examples make a
	// valid request.
	eval[string](t, ctx, `["ApiKeyAuth", "AgentBearerAuth", "BearerAuth"].forEach(s => sessionStorage.setItem("api-docs-try:" + s, "test-credential")), ""`)
	var failed []string
	for _, op := range res.API.Operations {
		open(op.ID)
		eval[string](t, ctx, `document.getElementById("try-status").textContent = ""`)
		do("send "+op.ID, chromedp.Click(chromedp.ID("try-send"), chromedp.NodeVisible))
		wait("the answer to "+op.ID, `document.getElementById("try-status").textContent.indexOf(" ms") > 0`)
		status := eval[string](t, ctx, `document.getElementById("try-status").textContent`)
		if !strings.HasPrefix(status, "2") && !strings.HasPrefix(status, "Redirect") {
			_, body := answer()
			failed = append(failed, op.ID+": "+status+"\n"+body)
		}
	}
	if len(failed) > 0 {
		t.Errorf("%d of %d operations do not succeed as pre-filled:\n%s", len(failed), len(res.API.Operations), strings.Join(failed, "\n"))
	}
	t.Logf("%d operations sent from their pages as pre-filled", len(res.API.Operations))
}
