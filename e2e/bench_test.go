package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"timeline/demo"
	"timeline/models"
	"timeline/pglocal/pgtest"
	"timeline/server"
)

// BenchmarkBrowser100k measures, in a real headless Chromium over 100,000
// synthetic events, what a reader waits for and what the page holds:
//
//   - load: a fresh browser context (nothing cached) opens the chronology;
//     reported are the median and worst times from navigation to the first
//     paint, the largest paint, the timeline's first drawing and the moment
//     all of its data has arrived, and the page's memory. With the server's
//     response cache off (every request reads the database) and on.
//   - zoom and pan: wheel zoom from the whole period down to days, out to a
//     year, a drag across it and out again, at about 60 input events a
//     second (new data arrives on the way); reported are the
//     frame intervals, the share of frames that missed the 60 Hz deadline,
//     frames of over 50 ms, the main thread's time per frame by kind (the
//     browser's own counters), the timeline's script time per drawing, and
//     the most DOM nodes the timeline held in any frame.
func BenchmarkBrowser100k(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if _, err := store.BulkInsert(ctx, demo.Synthetic(n, 1)); err != nil {
		b.Fatal(err)
	}
	serve := func(cacheBytes int) string {
		e, err := server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)),
			server.Config{BaseURL: "https://timeline.test", CacheBytes: cacheBytes, RateLimits: server.RateLimits{Off: true}})
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewServer(e)
		b.Cleanup(ts.Close)
		return ts.URL
	}
	br := newBrowser(b)

	for _, mode := range []struct {
		name  string
		cache int
	}{{"uncached", -1}, {"cached", 0}} {
		url := serve(mode.cache)
		b.Run("load/"+mode.name, func(b *testing.B) {
			var got []map[string]float64
			for b.Loop() {
				tb := br.tab(b, desktop)
				tb.openReady(url + "/")
				m := eval[map[string]float64](tb, loadMetrics)
				m["privateMB"] = rendererMemory(b, br)
				got = append(got, m)
				tb.noErrors()
				tb.close()
			}
			for _, k := range []string{"html", "fcp", "lcp", "drawn", "settled"} {
				p50, worst := spread(got, k)
				b.ReportMetric(p50, k+"-p50-ms")
				b.ReportMetric(worst, k+"-max-ms")
			}
			_, heap := spread(got, "heapMB")
			b.ReportMetric(heap, "heap-max-MB")
			_, nodes := spread(got, "nodes")
			b.ReportMetric(nodes, "page-nodes")
			_, private := spread(got, "privateMB")
			b.ReportMetric(private, "renderer-private-max-MB")
		})
	}

	url := serve(0)
	b.Run("zoom-and-pan", func(b *testing.B) {
		var frames []float64
		var drawMax, drawSum, drawn, nodes, long, heap, private float64
		busy := map[string]float64{} // seconds the main thread spent, by kind, from the browser's own counters
		for b.Loop() {
			tb := br.tab(b, desktop)
			tb.openReady(url + "/")
			x, y := plotPoint(tb, 0.5, 0.5)
			must(b, call(tb.ctx, performance.Enable, performance.EnableParams{}))
			before := metrics(tb)
			eval[bool](tb, frameRecorder)
			wheel := func(dy float64) {
				tb.do(chromedp.MouseEvent(chromedp.MouseWheel, x, y, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, dy }))
				time.Sleep(16 * time.Millisecond)
			}
			for range 60 {
				wheel(-100) // 60 steps of × 0.86 take the whole period down to days
			}
			for range 30 {
				wheel(100) // back out to about a year
			}
			held := func(p *input.DispatchMouseEventParams) { p.Buttons = 1; p.Button = input.MouseButtonLeft }
			tb.do(chromedp.MouseEvent(chromedp.MousePressed, x, y, held, func(p *input.DispatchMouseEventParams) { p.ClickCount = 1 }))
			for i := range 60 {
				tb.do(chromedp.MouseEvent(chromedp.MouseMoved, x-float64(i*8), y, held))
				time.Sleep(16 * time.Millisecond)
			}
			tb.do(chromedp.MouseEvent(chromedp.MouseReleased, x-480, y, chromedp.ButtonType(input.MouseButtonLeft), func(p *input.DispatchMouseEventParams) { p.ClickCount = 1 }))
			for range 30 {
				wheel(100)
			}
			time.Sleep(300 * time.Millisecond)
			r := eval[struct {
				Intervals []float64 `json:"intervals"`
				MaxNodes  float64   `json:"maxNodes"`
				Long      float64   `json:"long"`
				Drawn     float64   `json:"drawn"`
				DrawMs    float64   `json:"drawMs"`
				DrawMax   float64   `json:"drawMax"`
			}](tb, `window.__rec.stop()`)
			after := metrics(tb)
			for _, k := range []string{"ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration"} {
				busy[k] += after[k] - before[k]
			}
			heap = max(heap, after["JSHeapUsedSize"]/(1<<20))
			private = max(private, rendererMemory(b, br))
			frames = append(frames, r.Intervals...)
			drawn += r.Drawn
			drawSum += r.DrawMs
			drawMax = max(drawMax, r.DrawMax)
			nodes = max(nodes, r.MaxNodes)
			long += r.Long
			tb.noErrors()
			tb.close()
		}
		slices.Sort(frames)
		missed := 0
		for _, f := range frames {
			if f > 1000.0/60*1.5 {
				missed++
			}
		}
		b.ReportMetric(quantile(frames, 0.5), "frame-p50-ms")
		b.ReportMetric(quantile(frames, 0.95), "frame-p95-ms")
		b.ReportMetric(quantile(frames, 1), "frame-max-ms")
		b.ReportMetric(100*float64(missed)/float64(max(len(frames), 1)), "missed-%")
		b.ReportMetric(drawSum/max(drawn, 1), "js-per-frame-ms")
		b.ReportMetric(drawMax, "js-max-ms")
		b.ReportMetric(nodes, "timeline-nodes-max")
		b.ReportMetric(long/float64(b.N), "long-frames/run")
		b.ReportMetric(heap, "heap-max-MB")
		b.ReportMetric(private, "renderer-private-max-MB")
		perFrame := func(k string) float64 { return busy[k] * 1000 / float64(max(len(frames), 1)) }
		b.ReportMetric(perFrame("ScriptDuration"), "script-ms/frame")
		b.ReportMetric(perFrame("RecalcStyleDuration"), "style-ms/frame")
		b.ReportMetric(perFrame("LayoutDuration"), "layout-ms/frame")
		b.ReportMetric(perFrame("TaskDuration"), "main-thread-ms/frame")
	})
}

// loadMetrics reads the page's own timings (ms after navigation) and sizes.
const loadMetrics = `(async () => {
	const nav = performance.getEntriesByType("navigation")[0];
	const at = (name) => { const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : -1; };
	const lcp = await new Promise((done) => {
		new PerformanceObserver((l) => { const e = l.getEntries(); done(e[e.length - 1].startTime); })
			.observe({ type: "largest-contentful-paint", buffered: true });
		setTimeout(() => done(-1), 1000);
	});
	return { html: nav.responseEnd, fcp: at("first-contentful-paint"), lcp, drawn: at("timeline-ready"),
		settled: at("timeline-settled"), heapMB: performance.memory.usedJSHeapSize / 1048576,
		nodes: document.getElementsByTagName("*").length };
})()`

// frameRecorder notes every animation frame's time and the timeline's node
// count until window.__rec.stop() returns what it saw.
const frameRecorder = `(() => {
	const h = document.getElementById("timeline");
	const st = h.timelineStats;
	const base = { frames: st.frames, ms: st.totalMs };
	st.maxMs = 0;
	const times = [];
	let maxNodes = 0, long = 0, run = true;
	const count = () => { let n = 0; const w = document.createTreeWalker(h, NodeFilter.SHOW_ALL); while (w.nextNode()) n++; return n; };
	const step = (t) => { times.push(t); maxNodes = Math.max(maxNodes, count()); if (run) requestAnimationFrame(step); };
	requestAnimationFrame(step);
	const obs = new PerformanceObserver((l) => { long += l.getEntries().length; });
	obs.observe({ type: "long-animation-frame" });
	window.__rec = { stop() {
		run = false; obs.disconnect();
		const intervals = times.slice(1).map((t, i) => t - times[i]);
		return { intervals, maxNodes, long, drawn: st.frames - base.frames, drawMs: st.totalMs - base.ms, drawMax: st.maxMs };
	} };
	return true;
})()`

// rendererMemory is the private memory (resident and not shared with other
// processes: Private_Clean + Private_Dirty in /proc/PID/smaps_rollup) of the
// browser's largest renderer process, in MB: the page's memory beyond the
// JavaScript heap, without the shared libraries that make up most of a
// renderer's resident size. It is -1 where /proc cannot tell.
func rendererMemory(tb testing.TB, br *browser) float64 {
	tb.Helper()
	proc := chromedp.FromContext(br.ctx).Browser.Process()
	if proc == nil {
		return -1
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return -1
	}
	parent := map[int]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: the name may hold spaces, so read after its ")".
		if f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:])); len(f) > 1 {
			parent[pid], _ = strconv.Atoi(f[1])
		}
	}
	ours := func(pid int) bool {
		for i := 0; i < 10 && pid > 1; i++ {
			if pid = parent[pid]; pid == proc.Pid {
				return true
			}
		}
		return false
	}
	best := -1.0
	for pid := range parent {
		cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || !bytes.Contains(cmd, []byte("--type=renderer")) || !ours(pid) {
			continue
		}
		rollup, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
		if err != nil {
			continue
		}
		private := 0
		for _, line := range strings.Split(string(rollup), "\n") {
			name, kb, _ := strings.Cut(line, ":")
			if name == "Private_Clean" || name == "Private_Dirty" {
				n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(kb), " kB"))
				private += n
			}
		}
		best = max(best, float64(private)/1024)
	}
	return best
}

// metrics reads the browser's counters for the tab (Performance.getMetrics).
func metrics(tb *tab) map[string]float64 {
	tb.t.Helper()
	res, err := chromedp.Call(tb.ctx, performance.GetMetrics, cdp.Empty{})
	must(tb.t, err)
	out := map[string]float64{}
	for _, m := range res.Metrics {
		out[m.Name] = m.Value
	}
	return out
}

// spread returns the median and the largest of one metric.
func spread(runs []map[string]float64, key string) (p50, worst float64) {
	var v []float64
	for _, r := range runs {
		v = append(v, r[key])
	}
	slices.Sort(v)
	return quantile(v, 0.5), quantile(v, 1)
}

// quantile reads the q-th quantile of sorted values (0 when there are none).
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(int(q*float64(len(sorted))), len(sorted)-1)]
}
