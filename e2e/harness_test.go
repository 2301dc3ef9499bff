package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"timeline/models"
	"timeline/pglocal/pgtest"
	"timeline/server"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// chromiumPath finds the browser: $CHROMIUM, or chromium on the PATH. A
// missing browser fails the tests: they must not pass by skipping.
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("e2e: no Chromium found: install it (apt-get install chromium) or set CHROMIUM to its path; the browser tests cannot run without it")
	return ""
}

// site is a server under test with its store.
type site struct {
	URL   string
	store *models.Store
}

// newSite serves a fresh database filled by fill.
func newSite(t testing.TB, fill func(ctx context.Context, s *models.Store) error) *site {
	t.Helper()
	return newSiteWith(t, server.Config{BaseURL: "https://timeline.test"}, fill)
}

// newSiteWith is newSite with a server configuration of its own.
func newSiteWith(t testing.TB, cfg server.Config, fill func(ctx context.Context, s *models.Store) error) *site {
	t.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := fill(ctx, store); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := server.New(store, log, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(e)
	t.Cleanup(ts.Close)
	return &site{URL: ts.URL, store: store}
}

// browser is one headless Chromium for a test; tabs share it.
type browser struct {
	ctx context.Context
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // the tests may run as root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("enable-precise-memory-info", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("e2e: start Chromium at %s: %v", path, err)
	}
	return &browser{ctx: ctx}
}

// tabOptions choose the window and the media a tab emulates.
type tabOptions struct {
	width, height int64
	dark          bool
	noScript      bool
	touch         bool // a touch screen of two fingers
}

var desktop = tabOptions{width: 1366, height: 900}

// tab is one page in a fresh browser context (no shared storage or history).
type tab struct {
	t       testing.TB
	ctx     context.Context
	mu      sync.Mutex
	console []string // exceptions and console errors, to fail on
	close   func()   // closes the tab; it closes by itself when the test ends
}

func (b *browser) tab(t testing.TB, o tabOptions) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	ctx, cancel2 := context.WithTimeout(ctx, 90*time.Second)
	tb := &tab{t: t, ctx: ctx, close: sync.OnceFunc(func() { cancel2(); cancel() })}
	t.Cleanup(tb.close)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleError {
				tb.mu.Lock()
				tb.console = append(tb.console, m.String())
				tb.mu.Unlock()
			}
		}
	}()
	scheme := "light"
	if o.dark {
		scheme = "dark"
	}
	must(t, call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: o.width, Height: o.height, DeviceScaleFactor: 1, Mobile: o.width < 600,
	}))
	must(t, call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}))
	if o.touch {
		must(t, call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 2}))
	}
	if o.noScript {
		must(t, call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}))
	}
	t.Cleanup(func() {
		if t.Failed() {
			tb.screenshot("failed")
		}
	})
	return tb
}

// call sends one protocol command to the tab.
func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], p P) error {
	_, err := chromedp.Call(ctx, cmd, p)
	return err
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// screenshot saves the whole page under artifacts/ at the repository root.
func (tb *tab) screenshot(label string) {
	buf, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Logf("screenshot: %v", err)
		return
	}
	dir := filepath.Join("..", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Logf("screenshot: %v", err)
		return
	}
	name := filepath.Join(dir, unsafeName.ReplaceAllString(tb.t.Name()+"-"+label, "_")+".png")
	if err := os.WriteFile(name, buf, 0o644); err != nil {
		tb.t.Logf("screenshot: %v", err)
		return
	}
	tb.t.Logf("screenshot saved to %s", name)
}

// do runs actions, failing the test on error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// open navigates and waits for the timeline to have drawn, unless scripts are off.
func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(url))
}

// openReady opens a page and waits until the timeline has drawn its first view.
func (tb *tab) openReady(url string) {
	tb.t.Helper()
	tb.open(url)
	tb.settle()
}

// settle waits until the timeline has drawn and no data is on its way. The
// ready state must still hold after two animation frames: a resize or a
// follow-up fetch can start right after a first fetch ends, and the drawing
// itself happens in the next frame.
func (tb *tab) settle() {
	tb.t.Helper()
	const ready = `(() => { const h = document.getElementById("timeline");
		return !!h && h.dataset.booted === "true" && h.dataset.mode !== "loading" && h.dataset.busy === "false"; })()`
	for range 50 {
		tb.wait(ready)
		stable := eval[bool](tb, `new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(`+ready+`))))`)
		if stable {
			return
		}
	}
	tb.t.Fatal("the timeline never settled: it kept loading")
}

// eval evaluates JavaScript and decodes its JSON-able result into T.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("eval %.80q: %v", js, err)
	}
	return v
}

// wait polls a JavaScript condition until it holds.
func (tb *tab) wait(cond string) {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool]("!!("+cond+")", chromedp.WithPollingTimeout(15*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		tb.t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// keys presses keys on whatever has focus.
func (tb *tab) keys(keys string, opts ...chromedp.KeyOption) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(keys, opts...))
}

// point is a place in the viewport, in CSS pixels.
type point struct{ x, y float64 }

// touch puts fingers on the screen at path[0], moves them through the
// steps that follow and lifts them all (the tab needs touch set).
func (tb *tab) touch(path [][]point) {
	tb.t.Helper()
	for i, fingers := range path {
		typ := input.DispatchTouchEventTypeTouchMove
		if i == 0 {
			typ = input.DispatchTouchEventTypeTouchStart
		}
		var pts []*input.TouchPoint
		for id, p := range fingers {
			pts = append(pts, &input.TouchPoint{X: p.x, Y: p.y, ID: ptr(float64(id + 1))})
		}
		must(tb.t, call(tb.ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts}))
	}
	must(tb.t, call(tb.ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}))
}

// noErrors fails the test if the page logged an exception or an error.
func (tb *tab) noErrors() {
	tb.t.Helper()
	time.Sleep(50 * time.Millisecond)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.console {
		tb.t.Errorf("console: %s", m)
	}
}

// query returns the current URL's query string.
func (tb *tab) query() string {
	tb.t.Helper()
	return eval[string](tb, `location.search`)
}

// axe runs axe-core (from node_modules, installed by npm ci) on the page
// and fails on serious or critical violations.
func (tb *tab) axe(label string) {
	tb.t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		tb.t.Fatalf("axe-core is missing (%v): run `npm ci` at the repository root first", err)
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		tb.t.Fatalf("inject axe-core: %v", err)
	}
	type node struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
		HTML    string `json:"html"`
	}
	type violation struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []node `json:"nodes"`
	}
	raw := eval[[]byte](tb, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`)
	var vs []violation
	if err := json.Unmarshal(raw, &vs); err != nil {
		tb.t.Fatal(err)
	}
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			tb.t.Logf("axe %s: %s (%s, %d nodes)", label, v.ID, v.Impact, len(v.Nodes))
			continue
		}
		var where []string
		for i, n := range v.Nodes {
			if i == 4 {
				where = append(where, fmt.Sprintf("and %d more", len(v.Nodes)-4))
				break
			}
			where = append(where, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		tb.t.Errorf("axe %s: %s (%s): %s\n  %s", label, v.ID, v.Impact, v.Help, strings.Join(where, "\n  "))
	}
}
