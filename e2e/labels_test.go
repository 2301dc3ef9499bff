package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"timeline/demo"
	"timeline/models"
)

// labelReport is what the page says about the labels in view.
type labelReport struct {
	Events   []int    `json:"events"`   // ids of the events drawn as points or bars
	Labelled []int    `json:"labelled"` // ids of those whose title can be read
	Overlaps []string `json:"overlaps"` // pairs of items whose boxes overlap
	Clipped  []string `json:"clipped"`  // labelled items whose text is cut without an ellipsis
}

// measureLabels reads every drawn item's box from the page: an event counts
// as labelled when its button is marked so and at least 30px of its title is
// visible inside the plot; boxes overlap when they share more than half a pixel.
const measureLabels = `(() => {
  const plot = document.querySelector("#timeline .tl-plot").getBoundingClientRect();
  const items = [...document.querySelectorAll("#timeline .tl-item")].map((b) => {
    const r = b.getBoundingClientRect();
    const cs = getComputedStyle(b);
    const padL = parseFloat(cs.paddingLeft), padR = parseFloat(cs.paddingRight);
    const left = Math.max(r.left + padL, plot.left), right = Math.min(r.right - padR, plot.right);
    return { b, r, id: b.dataset.id ? Number(b.dataset.id) : 0, text: right - left,
      labelled: b.classList.contains("tl-labelled") && cs.color !== "rgba(0, 0, 0, 0)",
      ellipsis: cs.textOverflow === "ellipsis", full: b.scrollWidth <= b.clientWidth + 1 };
  }).filter((it) => it.r.right > plot.left && it.r.left < plot.right);
  const out = { events: [], labelled: [], overlaps: [], clipped: [] };
  for (const it of items) {
    if (!it.id) continue;
    out.events.push(it.id);
    if (it.labelled && it.text >= 30) out.labelled.push(it.id);
    if (it.labelled && !it.full && !it.ellipsis) out.clipped.push(it.b.textContent);
  }
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i].r, b = items[j].r;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 0.5 && h > 0.5) out.overlaps.push(items[i].b.textContent + " × " + items[j].b.textContent);
  }
  return out;
})()`

// TestLabels opens the demo data on 19 September – 9 October 2022 at 1440px
// and measures how many of the events in view show their title, and that no
// two items (a label included) overlap, in light and dark mode.
func TestLabels(t *testing.T) {
	t.Parallel()
	evs, err := demo.Events()
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, func(ctx context.Context, st *models.Store) error {
		_, err := st.ImportEvents(ctx, evs)
		return err
	})
	from, to := day("2022-09-19"), day("2022-10-09")
	want := 0
	for _, e := range evs {
		if !e.DateEnd.Before(from) && !e.DateStart.After(to) {
			want++
		}
	}
	if want < 15 {
		t.Fatalf("the demo data has %d events in the window; the test needs a crowded one", want)
	}
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
			r := eval[labelReport](tb, measureLabels)
			tb.elementShot("1440", "#timeline")
			if got := len(r.Events); got != want {
				t.Errorf("%d events drawn one by one, want all %d in the window", got, want)
			}
			share := float64(len(r.Labelled)) / float64(want)
			t.Logf("labelled %d of %d events in view (%.0f%%)", len(r.Labelled), want, share*100)
			if share < 0.8 {
				t.Errorf("%d of %d events show their title (%.0f%%), want at least 80%%", len(r.Labelled), want, share*100)
			}
			for _, o := range r.Overlaps {
				t.Errorf("overlap: %s", o)
			}
			for _, c := range r.Clipped {
				t.Errorf("label cut without an ellipsis: %q", c)
			}
			// The legend starts folded and, opened, names every mark and every type in the lanes.
			type legend struct {
				Open  bool     `json:"open"`
				Marks int      `json:"marks"`
				Types []string `json:"types"`
				Lanes []string `json:"lanes"`
			}
			read := `(() => { const l = document.querySelector("[data-testid=timeline-legend]");
				return { open: l.open && l.querySelector(".tl-legend-types").checkVisibility(),
					marks: [...l.querySelectorAll(".tl-legend-marks li")].filter((li) => li.checkVisibility() && li.textContent.length > 10).length,
					types: [...l.querySelectorAll(".tl-legend-types li")].map((li) => li.textContent),
					lanes: [...document.querySelectorAll("#timeline .tl-lane")].map((li) => li.textContent) }; })()`
			if lg := eval[legend](tb, read); lg.Open {
				t.Errorf("the legend is open before anyone asked")
			}
			eval[bool](tb, `(document.querySelector("[data-testid=timeline-legend] summary").click(), true)`)
			lg := eval[legend](tb, read)
			if !lg.Open || lg.Marks != 5 {
				t.Errorf("opened legend: open %v with %d marks explained, want open with 5 (point, bar, faded ends, count, more)", lg.Open, lg.Marks)
			}
			if fmt.Sprint(lg.Types) != fmt.Sprint(lg.Lanes) || len(lg.Types) < 5 {
				t.Errorf("legend types %q, want the lanes' %q", lg.Types, lg.Lanes)
			}
			tb.elementShot("legend", "#timeline")
			tb.axe("labels " + c.name)
			tb.noErrors()
		})
	}
}

// elementShot saves a picture of the element sel under artifacts/, to look at.
func (tb *tab) elementShot(label, sel string) {
	tb.t.Helper()
	buf, err := chromedp.Run(tb.ctx, chromedp.Screenshot(sel))
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
