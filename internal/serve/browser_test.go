package serve_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/serve"
	writeset "github.com/agentmc/agentmc-gen/internal/write"
)

// chromium finds a Chromium binary ($CHROMIUM, else on $PATH), or skips.
func chromium(t *testing.T) string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("skipping: no Chromium binary on $PATH (install Debian's chromium package, as .ci/run does, or set $CHROMIUM)")
	return ""
}

// screenshots is the folder the browser test saves its screenshots into:
// $AGENTMC_SCREENSHOTS, else agentmc-gen-site-screenshots in the temporary
// folder. It is emptied first and kept after the test.
func screenshots(t *testing.T) string {
	dir := screenshotsDir()
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// matches is the index filter's rule, written again in Go: every word
// appears in the operation's ID, method, path, summary, description, tags,
// parameter names or response statuses.
func matches(op *model.Operation, query string) bool {
	parts := []string{op.ID, op.Method, op.Path, op.Summary, op.Description}
	parts = append(parts, op.Tags...)
	for _, p := range op.Parameters {
		parts = append(parts, p.Name)
	}
	for _, r := range op.Responses {
		parts = append(parts, r.Status)
	}
	hay := strings.ToLower(strings.Join(parts, "\n"))
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

const visibleRows = `Array.from(document.querySelectorAll("tr[data-operation]")).filter(r => !r.hidden).map(r => r.dataset.operation)`

// TestBrowser drives headless Chromium through the default spec's site,
// served by the live server from a local httptest server: it types into
// the index filter and sees the list narrow to exactly the matching
// operations, narrows further by method and by tag, opens an operation
// page and finds its parameter table and code blocks with copy buttons,
// checks that the pages fit a phone's width, edits the spec and sees the
// open page reload with the edit, and finally loads the site written to
// disk over file:// and filters it there. Screenshots of the pages go to
// the folder the test logs.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	shots := screenshots(t)
	t.Logf("screenshots: %s", shots)

	cfg, spec := defaultConfig(t)
	s := serve.New(serve.Options{Config: cfg})
	if st := s.Status(); st.Error != "" {
		t.Fatal(st.Error)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	runCtx, stopRun := context.WithCancel(context.Background())
	defer stopRun()
	go s.Run(runCtx)

	gen := *cfg
	gen.Emit = []string{"docs", "site"}
	res, err := generator.GenerateFile(&gen)
	if err != nil {
		t.Fatal(err)
	}
	ops := res.API.Operations

	ctx := browser(t, exe)
	tab := &browserTab{t: t, ctx: ctx, shots: shots, timeout: 15 * time.Second}
	do, shot, wait := tab.do, tab.shot, tab.wait
	change := func(sel, value string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(e => { e.value = `+quote(value)+`; e.dispatchEvent(new Event(e.tagName === "SELECT" ? "change" : "input")); return true })(document.querySelector(`+quote(sel)+`))`))
			return err
		})
	}

	// The index: every operation listed, then narrowed by the text filter.
	do("load the index",
		chromedp.Navigate(ts.URL+"/index.html"),
		chromedp.WaitVisible(chromedp.CSS(`#filters[data-ready="true"]`)),
		shot("1-index.png"),
	)
	rows := eval[[]string](t, ctx, visibleRows)
	if len(rows) != len(ops) {
		t.Fatalf("index lists %d operations, want %d", len(rows), len(ops))
	}

	const query = "task comment"
	var want []string
	for _, op := range ops {
		if matches(op, query) {
			want = append(want, op.ID)
		}
	}
	if len(want) == 0 || len(want) >= len(ops) {
		t.Fatalf("query %q matches %d of %d operations: not a narrowing test", query, len(want), len(ops))
	}
	do("type into the filter", chromedp.SendKeys(chromedp.CSS("#filter-text"), query))
	wait("the list to narrow", visibleRows+`.length === `+strconv.Itoa(len(want)))
	do("screenshot", shot("2-index-filtered.png"))
	rows = eval[[]string](t, ctx, visibleRows)
	count := eval[string](t, ctx, `document.getElementById("filter-count").textContent`)
	if !slices.Equal(rows, want) {
		t.Errorf("filter %q shows %v, want %v", query, rows, want)
	}
	if count != strconv.Itoa(len(want))+" of "+strconv.Itoa(len(ops))+" operations" {
		t.Errorf("count reads %q", count)
	}
	t.Logf("filter %q narrowed %d operations to %d: %s", query, len(ops), len(rows), strings.Join(rows, ", "))

	// Narrow by method, then by tag alone.
	do("filter by method", change("#filter-method", "delete"))
	rows = eval[[]string](t, ctx, visibleRows)
	want = nil
	for _, op := range ops {
		if matches(op, query) && op.Method == "delete" {
			want = append(want, op.ID)
		}
	}
	if len(want) == 0 || !slices.Equal(rows, want) {
		t.Errorf("filter %q + DELETE shows %v, want %v", query, rows, want)
	}
	do("filter by tag", change("#filter-text", ""), change("#filter-method", ""), change("#filter-tag", "Boards"))
	rows = eval[[]string](t, ctx, visibleRows)
	want = nil
	for _, op := range ops {
		if slices.Contains(op.Tags, "Boards") {
			want = append(want, op.ID)
		}
	}
	if len(want) == 0 || !slices.Equal(rows, want) {
		t.Errorf("tag Boards shows %v, want %v", rows, want)
	}
	if hash := eval[string](t, ctx, `location.hash`); hash != "#tag=Boards" {
		t.Errorf("the filter is not kept in the URL: hash %q", hash)
	}

	// An operation page, opened from the filtered index.
	var op *model.Operation
	for _, o := range ops {
		if o.ID == "listTasks" {
			op = o
		}
	}
	if op == nil || len(op.Parameters) == 0 {
		t.Fatal("the default spec has no listTasks with parameters")
	}
	do("filter to one", change("#filter-tag", ""), chromedp.SendKeys(chromedp.CSS("#filter-text"), "listTasks"))
	wait("one row", visibleRows+`.length === 1`)
	do("open an operation page",
		chromedp.Click(chromedp.CSS(`tr[data-operation="listTasks"] a`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`.op-meta`)),
	)
	url := eval[string](t, ctx, `location.href`)
	headers := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("h2#parameters + .table-wrap th")).map(th => th.textContent)`)
	paramRows := eval[int](t, ctx, `document.querySelectorAll("h2#parameters + .table-wrap tbody tr").length`)
	langs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".code-wrap pre code")).map(c => c.className)`)
	copyButtons := eval[int](t, ctx, `document.querySelectorAll(".code-wrap button.copy").length`)
	do("copy a code block", chromedp.Click(chromedp.CSS(`.code-wrap:has(code.language-ts) button.copy`), chromedp.NodeVisible))
	wait("the copy button to react", `document.querySelector(".code-wrap:has(code.language-ts) button.copy").textContent !== "Copy"`)
	copied := eval[string](t, ctx, `document.querySelector(".code-wrap:has(code.language-ts) button.copy").textContent`)
	do("screenshot", shot("3-operation.png"))
	if !strings.HasSuffix(url, "/operations/listTasks.html") {
		t.Errorf("the link opened %s", url)
	}
	if !slices.Equal(headers, []string{"Name", "In", "Required", "Description", "Example"}) || paramRows != len(op.Parameters) {
		t.Errorf("parameter table: headers %v, %d rows; want %d rows", headers, paramRows, len(op.Parameters))
	}
	for _, lang := range []string{"language-json", "language-ts", "language-bash"} {
		if !slices.Contains(langs, lang) {
			t.Errorf("no %s code block on the page (have %v)", lang, langs)
		}
	}
	if copyButtons != len(langs) || copyButtons == 0 {
		t.Errorf("%d copy buttons for %d code blocks", copyButtons, len(langs))
	}
	if copied != "Copied!" {
		t.Errorf("the copy button reads %q after a click", copied)
	}
	t.Logf("operation page: %d parameter rows, %d code blocks (%s), copy button: %q", paramRows, len(langs), strings.Join(langs, " "), copied)

	// A phone's width: nothing wider than the screen.
	do("phone width",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`.op-meta`)),
		shot("4-operation-phone.png"),
	)
	if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("operation page on a phone: %dpx wide in a %dpx window", w[0], w[1])
	}
	do("phone index",
		chromedp.Navigate(ts.URL+"/index.html"),
		chromedp.WaitVisible(chromedp.CSS(`#filters[data-ready="true"]`)),
		shot("5-index-phone.png"),
	)
	if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("index on a phone: %dpx wide in a %dpx window", w[0], w[1])
	}
	do("desktop again", chromedp.EmulateViewport(1280, 900))

	// Live reload: the open page follows an edit of the spec.
	const edited = "List board tasks, edited while the page was open."
	do("open the page to edit", chromedp.Navigate(ts.URL+"/operations/listTasks.html"), chromedp.WaitVisible(chromedp.CSS(`.op-meta`)))
	eval[bool](t, ctx, `window.beforeEdit = true`)
	saved := time.Now()
	write(t, cfg.Spec, []byte(strings.Replace(string(spec), "summary: List board tasks.", "summary: "+edited, 1)))
	wait("the page to reload", `document.body.innerText.includes(`+quote(edited)+`)`)
	t.Logf("the open page showed the edited spec %v after the save", time.Since(saved).Round(time.Millisecond))
	if eval[bool](t, ctx, `window.beforeEdit === true`) {
		t.Error("the page changed without reloading")
	}

	// The site as files, over file://: the filter works without a server.
	dir := t.TempDir()
	plan, err := writeset.NewPlan(dir, res.Files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	do("open the site over file://",
		chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(dir, "site", "index.html"))),
		chromedp.WaitVisible(chromedp.CSS(`#filters[data-ready="true"]`)),
		chromedp.SendKeys(chromedp.CSS("#filter-text"), "board"),
	)
	rows = eval[[]string](t, ctx, visibleRows)
	do("follow a link over file://",
		chromedp.Click(chromedp.CSS(`tr[data-operation]:not([hidden]) a`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`.op-meta`)),
	)
	url = eval[string](t, ctx, `location.href`)
	want = nil
	for _, op := range ops {
		if matches(op, "board") {
			want = append(want, op.ID)
		}
	}
	if !slices.Equal(rows, want) || len(rows) == len(ops) {
		t.Errorf("file:// filter %q shows %d rows, want %d", "board", len(rows), len(want))
	}
	if !strings.HasPrefix(url, "file://") || !strings.HasSuffix(url, ".html") {
		t.Errorf("file:// link opened %s", url)
	}
	entries, _ := os.ReadDir(shots)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	t.Logf("saved %d screenshots in %s: %s", len(names), shots, strings.Join(names, ", "))
}

// browser starts headless Chromium for the test; it stops when the test ends.
func browser(t *testing.T, exe string) context.Context {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	ctx, cancel := context.WithTimeout(bctx, 120*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// browserTab drives the browser tab of one test: steps that fail the test, a
// poll that survives the page reloading under it (live reload, or a click
// that navigates), and screenshots into the test's folder.
type browserTab struct {
	t       *testing.T
	ctx     context.Context
	shots   string
	timeout time.Duration
	// detail, when set, is added to the message of a wait that fails.
	detail func() string
}

// do runs steps, failing the test with what when one fails.
func (p *browserTab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// wait polls expr until it is true, for at most the page's timeout.
func (p *browserTab) wait(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(p.timeout)
	var err error
	for time.Now().Before(deadline) {
		var ok bool
		if ok, err = chromedp.Run(p.ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	detail := ""
	if p.detail != nil {
		detail = p.detail()
	}
	p.t.Fatalf("%s: waiting for %s: last error %v%s", what, expr, err, detail)
}

// shot saves a full-page screenshot as name in the screenshots folder.
func (p *browserTab) shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(p.shots, name), png, 0o644)
	})
}

// screenshotsDir is $AGENTMC_SCREENSHOTS, else the default folder.
func screenshotsDir() string {
	if dir := os.Getenv("AGENTMC_SCREENSHOTS"); dir != "" {
		return dir
	}
	return filepath.Join(os.TempDir(), "agentmc-gen-site-screenshots")
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}
