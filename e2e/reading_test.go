package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"timeline/demo"
	"timeline/models"
)

// newDemo serves the demo data: 58 events, most in 2022, a few in 2024 and
// none in 2023.
func newDemo(t *testing.T) (*site, int) {
	t.Helper()
	evs, err := demo.Events()
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, func(ctx context.Context, st *models.Store) error {
		_, err := st.ImportEvents(ctx, evs)
		return err
	})
	return s, len(evs)
}

// axisReport lists the axis labels whose words show but are not wholly
// inside the axis, and how many show at all.
type axisReport struct {
	Shown   int      `json:"shown"`
	Clipped []string `json:"clipped"`
}

// measureAxis reads the box of every axis label's words (a Range around
// its text, so padding and tick lines do not count) against the axis's box.
const measureAxis = `(() => {
  const axis = document.querySelector("#timeline .tl-axis").getBoundingClientRect();
  const out = { shown: 0, clipped: [] };
  for (const d of document.querySelectorAll("#timeline .tl-tick, #timeline .tl-major")) {
    const cs = getComputedStyle(d);
    if (!d.textContent || cs.color === "rgba(0, 0, 0, 0)" || cs.visibility === "hidden" || !d.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(d);
    const r = range.getBoundingClientRect();
    out.shown++;
    if (r.left < axis.left - 0.5 || r.right > axis.right + 0.5 || r.top < axis.top - 0.5 || r.bottom > axis.bottom + 0.5)
      out.clipped.push(d.textContent + " [" + Math.round(r.left - axis.left) + ", " + Math.round(r.right - axis.left) + "] of " + Math.round(axis.width));
  }
  return out;
})()`

// TestAxisLabels: at 1440 and 390 px, in many windows and after zooming,
// every axis label that shows lies wholly inside the axis (none is cut at
// an edge, as "Novembe" was).
func TestAxisLabels(t *testing.T) {
	t.Parallel()
	s, _ := newDemo(t)
	b := newBrowser(t)
	windows := []string{"", "from=2022-09-19&to=2022-10-09", "from=2022-08-01&to=2022-11-03", "from=2022-08-20&to=2022-11-27",
		"from=2022-10-25&to=2022-11-05", "from=2021-12-20&to=2024-11-30", "from=2022-09-28&to=2022-10-01"}
	for _, c := range []struct {
		name string
		o    tabOptions
	}{
		{"1440", tabOptions{width: 1440, height: 900}},
		{"390", tabOptions{width: 390, height: 844, touch: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := b.tab(t, c.o)
			check := func(label string) {
				t.Helper()
				r := eval[axisReport](tb, measureAxis)
				if r.Shown < 3 {
					t.Errorf("%s: %d axis labels show, want some", label, r.Shown)
				}
				for _, c := range r.Clipped {
					t.Errorf("%s: axis label cut at the edge: %s", label, c)
				}
			}
			for _, w := range windows {
				tb.openReady(s.URL + "/?" + w)
				check(w)
			}
			// Zooming by steps moves the edges through many labels.
			tb.openReady(s.URL + "/?from=2022-07-01&to=2022-12-31")
			for i := range 6 {
				tb.do(chromedp.Click(chromedp.CSS(`.tl-tool[data-act="zoom-in"]`)))
				tb.settle()
				tb.wait(`!document.querySelector("#timeline").classList.contains("tl-dragging")`)
				check(fmt.Sprintf("zoomed in %d times", i+1))
			}
			tb.noErrors()
		})
	}
}

// gapReport is how much of the plot's width no drawn item covers.
type gapReport struct {
	Longest float64 `json:"longest"` // the widest stretch with no item, as a share of the width
	Empty   float64 `json:"empty"`   // all such stretches wider than 2% together, as a share
	Events  int     `json:"events"`  // events drawn one by one
}

// measureGaps projects every drawn item's mark onto the time axis and
// measures what is left bare.
const measureGaps = `(() => {
  const plot = document.querySelector("#timeline .tl-plot").getBoundingClientRect();
  // Marks only (a dot, a bar, a count): a title beside them is not an event there.
  const spans = [...document.querySelectorAll("#timeline .tl-item")].map((b) => {
      const r = b.getBoundingClientRect();
      const w = b.classList.contains("tl-point") ? 12 : b.classList.contains("tl-outside") ? parseFloat(b.style.getPropertyValue("--bw")) : r.width;
      return [r.left, r.left + w];
    })
    .map(([a, b]) => [Math.max(a, plot.left) - plot.left, Math.min(b, plot.right) - plot.left])
    .filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0]);
  let at = 0, longest = 0, empty = 0;
  const gap = (g) => { longest = Math.max(longest, g); if (g > plot.width * 0.02) empty += g; };
  for (const [a, b] of spans) { if (a > at) gap(a - at); at = Math.max(at, b); }
  gap(plot.width - at);
  return { longest: longest / plot.width, empty: empty / plot.width,
    events: document.querySelectorAll("#timeline .tl-item[data-id]").length };
})()`

// TestEmptyStretches: the demo data has no event in 2023. Opened without a
// window, the timeline shows the run of events that holds most of them, so
// the quiet year takes no room; "All" still shows the whole period, quiet
// year included (which is also what shows the measure can fail).
func TestEmptyStretches(t *testing.T) {
	t.Parallel()
	s, total := newDemo(t)
	b := newBrowser(t)
	for _, c := range []struct {
		name string
		o    tabOptions
	}{
		{"1440", tabOptions{width: 1440, height: 900}},
		{"390", tabOptions{width: 390, height: 844, touch: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := b.tab(t, c.o)
			tb.openReady(s.URL + "/")
			open := eval[gapReport](tb, measureGaps)
			period := eval[string](tb, `document.querySelector("[data-testid=overview-window]").getAttribute("aria-valuetext")`)
			t.Logf("opened on %s: %d of %d events drawn, widest bare stretch %.0f%% of the width, %.0f%% bare in all",
				period, open.Events, total, open.Longest*100, open.Empty*100)
			if open.Longest > 0.15 {
				t.Errorf("opening view %s: a stretch of %.0f%% of the width shows nothing, want at most 15%%", period, open.Longest*100)
			}
			if open.Empty > 0.3 {
				t.Errorf("opening view %s: %.0f%% of the width shows nothing, want at most 30%%", period, open.Empty*100)
			}
			if c.name == "1440" && float64(open.Events) < 0.8*float64(total) {
				t.Errorf("opening view %s draws %d of %d events one by one, want most of them", period, open.Events, total)
			}
			if q := tb.query(); q != "" {
				t.Errorf("opening wrote %q into the URL; the reader chose no window", q)
			}
			tb.do(chromedp.Click(chromedp.CSS(`.tl-tool[data-act="fit"]`)))
			tb.wait(`new URLSearchParams(location.search).get("from") < "2022-02-01" && new URLSearchParams(location.search).get("to") > "2024-09-01"`)
			tb.settle()
			all := eval[gapReport](tb, measureGaps)
			t.Logf("all: widest bare stretch %.0f%% of the width", all.Longest*100)
			if all.Longest < 0.25 {
				t.Errorf("the whole period shows a widest bare stretch of %.0f%%; the quiet 2023 should show there", all.Longest*100)
			}
			tb.noErrors()
		})
	}
}

// cardReport is where the open card is against the item it describes.
type cardReport struct {
	Open    bool    `json:"open"`
	Side    string  `json:"side"`
	Overlap float64 `json:"overlap"` // px² the card covers of the item's box
	Item    string  `json:"item"`
	InView  bool    `json:"inView"` // the item is inside the plot
}

// stillCard waits until the open card's event stops moving (the view may
// glide to clear it) for five frames in a row.
const stillCard = `new Promise((done) => {
  const c = document.querySelector("[data-testid=event-card]");
  let last = null, same = 0;
  const step = () => {
    const b = c.dataset.id && document.querySelector("#timeline .tl-item[data-id='" + c.dataset.id + "']");
    const x = b ? Math.round(b.getBoundingClientRect().left) + ":" + (c.dataset.side || "") : "none";
    same = x === last ? same + 1 : 0;
    last = x;
    if (same >= 5) done(true); else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`

const measureCard = `(() => {
  const c = document.querySelector("[data-testid=event-card]");
  const id = c.dataset.id;
  const b = id && document.querySelector("#timeline .tl-item[data-id='" + id + "']");
  if (c.hidden || !b) return { open: !c.hidden, side: "", overlap: -1, item: "", inView: false };
  const r = b.getBoundingClientRect(), k = c.getBoundingClientRect(), p = document.getElementById("tl-plot").getBoundingClientRect();
  const w = Math.max(0, Math.min(r.right, k.right) - Math.max(r.left, k.left)), h = Math.max(0, Math.min(r.bottom, k.bottom) - Math.max(r.top, k.top));
  return { open: true, side: c.dataset.side || "right", overlap: w * h, item: b.textContent + " @" + Math.round(r.left - p.left),
    inView: r.left >= p.left - 1 && r.left < p.right };
})()`

// TestCardKeepsItemInView: at 1440 px the open card never covers the item
// it describes, wherever in the plot that item is, and when the reader
// drags the item under the card, the card moves to the other side.
func TestCardKeepsItemInView(t *testing.T) {
	t.Parallel()
	s, _ := newDemo(t)
	b := newBrowser(t)
	for _, c := range []struct {
		name string
		o    tabOptions
	}{
		{"light", tabOptions{width: 1440, height: 900}},
		{"dark", tabOptions{width: 1440, height: 900, dark: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := b.tab(t, c.o)
			tb.openReady(s.URL + "/?from=2022-09-19&to=2022-10-09")
			// Events from the left edge to the right edge of the plot, every fifth by position.
			keys := eval[[]string](tb, `(() => { const p = document.getElementById("tl-plot").getBoundingClientRect();
				const items = [...document.querySelectorAll("#timeline .tl-item[data-id]")].map((b) => ({ k: b.dataset.key, r: b.getBoundingClientRect() }))
					.filter((i) => i.r.left >= p.left && i.r.right <= p.right).sort((a, b) => a.r.left - b.r.left);
				return items.filter((_, i) => i % 5 === 0 || i === items.length - 1).map((i) => i.k); })()`)
			if len(keys) < 4 {
				t.Fatalf("only %d events to open", len(keys))
			}
			sides := map[string]int{}
			for _, k := range keys {
				tb.openReady(s.URL + "/?from=2022-09-19&to=2022-10-09")
				tb.do(chromedp.Click(chromedp.CSS(`#timeline .tl-item[data-key="` + k + `"]`)))
				tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return !c.hidden && !c.hasAttribute("aria-busy"); })()`)
				tb.settle()
				eval[bool](tb, stillCard)
				r := eval[cardReport](tb, measureCard)
				sides[r.Side]++
				if r.Overlap != 0 || !r.InView {
					t.Errorf("event %s: the card (%s) covers %.0f px² of it (in view %v)", r.Item, r.Side, r.Overlap, r.InView)
				}
			}
			t.Logf("cards opened on the sides %v", sides)
			if sides["left"] == 0 {
				t.Errorf("the card never moved to the left, sides %v: events at the right must push it there", sides)
			}
			tb.elementShot("card", "#timeline")
			// With the card open on the right of a day's event at the left, drag that event to the right.
			tb.openReady(s.URL + "/?from=2022-09-19&to=2022-10-09")
			point := eval[string](tb, `(() => { const p = document.getElementById("tl-plot").getBoundingClientRect();
				return [...document.querySelectorAll("#timeline .tl-point[data-id]")].map((b) => ({ k: b.dataset.key, r: b.getBoundingClientRect() }))
					.filter((i) => i.r.left >= p.left && i.r.left < p.left + 300).sort((a, b) => a.r.left - b.r.left)[0]?.k || ""; })()`)
			if point == "" {
				t.Fatal("no day's event at the left of the plot")
			}
			tb.do(chromedp.Click(chromedp.CSS(`#timeline .tl-item[data-key="` + point + `"]`)))
			tb.wait(`!document.querySelector("[data-testid=event-card]").hidden`)
			tb.settle()
			eval[bool](tb, stillCard)
			if r := eval[cardReport](tb, measureCard); r.Side != "right" || r.Overlap != 0 {
				t.Errorf("event %s at the left: card on the %s covering %.0f px², want on the right, clear", r.Item, r.Side, r.Overlap)
			}
			x, y := plotPoint(tb, 0.1, 0.97)
			tb.do(
				chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonType(input.MouseButtonLeft), func(p *input.DispatchMouseEventParams) { p.Buttons = 1; p.ClickCount = 1 }),
				chromedp.MouseEvent(chromedp.MouseMoved, x+300, y, func(p *input.DispatchMouseEventParams) { p.Buttons = 1; p.Button = input.MouseButtonLeft }),
				chromedp.MouseEvent(chromedp.MouseMoved, x+500, y, func(p *input.DispatchMouseEventParams) { p.Buttons = 1; p.Button = input.MouseButtonLeft }),
				chromedp.MouseEvent(chromedp.MouseReleased, x+500, y, chromedp.ButtonType(input.MouseButtonLeft), func(p *input.DispatchMouseEventParams) { p.ClickCount = 1 }),
			)
			tb.settle()
			eval[bool](tb, stillCard)
			if r := eval[cardReport](tb, measureCard); !r.InView || r.Side != "left" || r.Overlap != 0 {
				t.Errorf("after dragging event %s to the right: card on the %s covering %.0f px², want it moved left and the event in view (%v)", r.Item, r.Side, r.Overlap, r.InView)
			}
			tb.axe("card " + c.name)
			tb.noErrors()
		})
	}
}
