package serve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/testenv"
	writeset "github.com/agentmc/agentmc-gen/internal/write"
)

// TestBrowserReference opens the site of the site package's schema fixture
// (a oneOf with a discriminator, allOf, a cycle, headers, x-codeSamples)
// from disk over file://, under the pages' Content-Security-Policy, and
// drives it with the keyboard and the mouse: variant tabs, code tabs
// remembered across pages, a deep link into a variant, the site search,
// dark mode by the system and by the toggle; then axe-core, when
// $AXE_CORE_JS names axe.min.js (.ci/run installs it), finds no serious or
// critical WCAG 2.2 AA violation on an operation, a schema and the index
// page, light and dark.
func TestBrowserReference(t *testing.T) {
	exe := chromium(t)
	// Screenshots go beside TestBrowser's, in a folder of their own.
	t.Setenv("AGENTMC_SCREENSHOTS", filepath.Join(filepath.Dir(screenshotsDir()), "agentmc-gen-site-screenshots-reference"))
	shots := screenshots(t)
	t.Logf("screenshots: %s", shots)
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = filepath.Join(testenv.ModuleRoot(t), "internal", "emit", "site", "testdata", "schemas.yaml")
	cfg.Emit = []string{"docs", "sdk", "curl", "site"}
	res, err := generator.GenerateFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plan, err := writeset.NewPlan(dir, res.Files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	page := func(p string) string { return "file://" + filepath.ToSlash(filepath.Join(dir, "site", p)) }

	ctx := browser(t, exe)
	tab := &browserTab{t: t, ctx: ctx, shots: shots, timeout: 10 * time.Second}
	do, wait, shot := tab.do, tab.wait, tab.shot
	const ready = `document.documentElement.classList.contains("js") && document.readyState === "complete"`
	open := func(p string) {
		t.Helper()
		do("open "+p, chromedp.Navigate(page(p)))
		wait("the page's script", ready)
	}
	visible := func(id string) bool {
		t.Helper()
		return eval[bool](t, ctx, `(e => !!e && e.getClientRects().length > 0)(document.getElementById(`+quote(id)+`))`)
	}

	// The stylesheet and the script load over file:// under the policy.
	open("operations/createPet.html")
	if pos := eval[string](t, ctx, `getComputedStyle(document.querySelector(".topbar")).position`); pos != "sticky" {
		t.Errorf("the stylesheet did not apply over file:// (topbar position %q)", pos)
	}
	// No mock serves a file: the try-it panel stays hidden, the block that
	// starts the mock shows.
	if visible("try-it") || !visible("try-it-offline") {
		t.Error("over file:// the try-it panel shows, or the block that starts the mock does not")
	}

	// Variant tabs: the first selected, arrows move the selection.
	const catTab, dogTab = "field-body~of-1-tab", "field-body~of-2-tab"
	if !visible(catTab) || !visible("field-body~of-1") || visible("field-body~of-2") {
		t.Fatal("variant tabs: the cat tab and panel should show, the dog panel not")
	}
	do("focus the first variant tab", chromedp.Focus(chromedp.JSPath(`document.getElementById(`+quote(catTab)+`)`)), chromedp.KeyEvent(kb.ArrowRight))
	if got := eval[string](t, ctx, `document.activeElement.id + " " + document.activeElement.getAttribute("aria-selected") + " " + document.getElementById(`+quote(catTab)+`).tabIndex`); got != dogTab+" true -1" {
		t.Errorf("after ArrowRight: %q, want the dog tab focused and selected, the cat tab out of the tab order", got)
	}
	if visible("field-body~of-1") || !visible("field-body~of-2") || !visible("field-body.~v2.barks") {
		t.Error("after ArrowRight the dog panel with barks should show, alone")
	}
	do("screenshot", shot("ref-1-variants.png"))

	// Code tabs: the choice is remembered on the next page.
	do("choose cURL", chromedp.Click(chromedp.CSS(`[role=tab][data-key=curl]`), chromedp.NodeVisible))
	curlPanel := eval[string](t, ctx, `document.querySelector("[role=tab][data-key=curl]").getAttribute("aria-controls")`)
	if !visible(curlPanel) || visible("code-1") {
		t.Error("the cURL panel does not show after its tab is clicked, or the TypeScript panel still shows")
	}
	open("operations/getPet.html")
	if got := eval[string](t, ctx, `document.querySelector("[role=tab][aria-selected=true][data-key]").dataset.key`); got != "curl" {
		t.Errorf("the next page shows the %q tab, want the remembered curl", got)
	}

	// A deep link into the second variant opens it.
	do("deep link", chromedp.Navigate(page("operations/createPet.html")+"#field-r201.~v2.barks"))
	wait("the page's script", ready)
	wait("the linked field", `(e => !!e && e.getClientRects().length > 0)(document.getElementById("field-r201.~v2.barks"))`)

	// Search over file://: the index loads by a script element.
	do("search", chromedp.SendKeys(chromedp.ID("site-search"), "pet"))
	wait("search results", `document.querySelectorAll("#search-results a").length > 0`)
	hits := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-results a strong")).map(e => e.textContent)`)
	for _, want := range []string{"createPet", "getPet", "Pet", "PetBase"} {
		if !strings.Contains(strings.Join(hits, " "), want) {
			t.Errorf("search %q finds %v, not %s", "pet", hits, want)
		}
	}
	do("screenshot", shot("ref-2-search.png"))
	do("pick a result with the keyboard", chromedp.KeyEvent(kb.ArrowDown))
	first := eval[string](t, ctx, `document.activeElement.getAttribute("href")`)
	do("follow it", chromedp.KeyEvent(kb.Enter))
	wait("the result's page", `location.href.endsWith(`+quote(strings.TrimPrefix(first, "../"))+`)`)

	// Dark mode: the system's, then the toggle's, remembered.
	bg := func() string { return eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`) }
	setScheme := func(v string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}})
			return err
		})
	}
	open("operations/createPet.html")
	light := bg()
	do("prefer dark", setScheme("dark"))
	open("operations/createPet.html")
	dark := bg()
	if dark == light {
		t.Errorf("prefers-color-scheme: dark leaves the background %s", dark)
	}
	do("screenshot", shot("ref-3-dark.png"))
	if err := checkAxe(ctx, t, "createPet dark"); err != nil {
		t.Error(err)
	}
	do("toggle to light", chromedp.Click(chromedp.ID("theme-toggle"), chromedp.NodeVisible))
	if got := bg(); got != light {
		t.Errorf("the toggle gives background %s, want %s", got, light)
	}
	open("schemas/Pet.html")
	if got := bg(); got != light {
		t.Errorf("the toggle's choice is not remembered: background %s", got)
	}
	do("system light", setScheme("light"))

	for _, p := range []string{"operations/createPet.html", "schemas/PetBase.html", "index.html"} {
		open(p)
		if err := checkAxe(ctx, t, p); err != nil {
			t.Error(err)
		}
	}
}

// checkAxe runs axe-core's WCAG 2.x A/AA rules on the open page and
// reports the serious and critical violations.
func checkAxe(ctx context.Context, t *testing.T, what string) error {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		t.Logf("skipping axe-core on %s: set AXE_CORE_JS to axe.min.js (npm install axe-core@4, as .ci/run does)", what)
		return nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+";true")); err != nil {
		return err
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
		.then(r => r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => v.id + " (" + v.impact + "): " + v.nodes.length + " nodes, first " + v.nodes[0].target.join(" ")))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if len(found) > 0 {
		t.Errorf("axe-core on %s:\n%s", what, strings.Join(found, "\n"))
	} else {
		t.Logf("axe-core on %s: no serious or critical violation", what)
	}
	return nil
}
