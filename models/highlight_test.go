package models_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"timeline/demo"
	"timeline/models"
)

func TestHighlightsMarkMatchingWords(t *testing.T) {
	s := newStore(t)
	a := newEvent("a", "protest", "2022-09-25", "2022-09-25", models.StatusPublished)
	a.Title = "Women protest <b>mobilization</b> in Yakutsk"
	a.Summary = "Protesters  danced around a  police line; several were detained."
	b := newEvent("b", "arson", "2022-09-26", "2022-09-26", models.StatusPublished)
	b.Title = "Enlistment office set on fire"
	b.Summary = "No one was hurt."
	c := newEvent("c", "arson", "2022-09-27", "2022-09-27", models.StatusPublished)
	c.Title = "Marker \uE000 in a title"
	c.Summary = "Another protest."
	seed(t, s, a, b, c)
	ids := map[string]int64{}
	page, err := s.ListEvents(context.Background(), models.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Events {
		ids[*e.ImportKey] = e.ID
	}
	all := []int64{ids["a"], ids["b"], ids["c"]}

	got, err := s.Highlights(context.Background(), all, `protests "police line" -riot`)
	if err != nil {
		t.Fatal(err)
	}
	show := func(m models.Marked) string {
		var b strings.Builder
		for i, p := range m {
			if i%2 == 1 {
				fmt.Fprintf(&b, "[%s]", p)
			} else {
				b.WriteString(p)
			}
		}
		return b.String()
	}
	ha := got[ids["a"]]
	if want := "Women [protest] <b>mobilization</b> in Yakutsk"; show(ha.Title) != want {
		t.Errorf("title = %q, want %q", show(ha.Title), want)
	}
	// Marked as the search reads words: stemmed ("protests" finds
	// "Protesters"), and with the text's own spacing kept.
	if want := "[Protesters]  danced around a  [police] [line]; several were detained."; show(ha.Summary) != want {
		t.Errorf("summary = %q, want %q", show(ha.Summary), want)
	}
	if _, ok := got[ids["b"]]; ok {
		t.Errorf("an event without a matching word got highlights: %q", got[ids["b"]])
	}
	hc := got[ids["c"]]
	if len(hc.Title) != 1 || hc.Title[0] != c.Title || show(hc.Summary) != "Another [protest]." {
		t.Errorf("a title holding a marker must stay plain and whole: %q / %q", hc.Title, show(hc.Summary))
	}
	if none, err := s.Highlights(context.Background(), all, "   "); err != nil || len(none) != 0 {
		t.Errorf("blank search: %v, %v", none, err)
	}
}

// TestHighlightsJoinedMatchSeparate: the one headline per event that
// Highlights asks for marks what one headline each for the title and the
// summary (what it asked for before) marks, over the demo dataset and
// synthetic events, for searches of every form websearch_to_tsquery reads.
func TestHighlightsJoinedMatchSeparate(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	evs, err := demo.Events()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BulkInsert(ctx, demo.Synthetic(1000, 4)); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	if err := s.DB().Raw("SELECT id FROM events ORDER BY id").Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	show := func(m models.Marked) string {
		var b strings.Builder
		for i, p := range m {
			if i%2 == 1 {
				b.WriteString("[" + p + "]")
			} else {
				b.WriteString(p)
			}
		}
		return b.String()
	}
	brackets := strings.NewReplacer("\uE000", "[", "\uE001", "]")
	for _, q := range []string{"protest", "protests Kazan", `"partial mobilization"`, "mobilization -Putin",
		"arson or fire", "reported in", "call-ups", "prisoners recruited", `"load testing" event`, "Yakutsk"} {
		got, err := s.Highlights(ctx, ids, q)
		if err != nil {
			t.Fatal(err)
		}
		var old []struct {
			ID                 int64
			TitleHL, SummaryHL string
		}
		if err := s.DB().Raw(`SELECT e.id,
				ts_headline('english', e.title, q, @opts) AS title_hl,
				ts_headline('english', e.summary, q, @opts) AS summary_hl
			FROM events e, websearch_to_tsquery('english', @q) q ORDER BY e.id`,
			sql.Named("opts", "HighlightAll=true, StartSel=\uE000, StopSel=\uE001"), sql.Named("q", q)).Scan(&old).Error; err != nil {
			t.Fatal(err)
		}
		marked := 0
		for _, o := range old {
			h, ok := got[o.ID]
			title, summary := brackets.Replace(o.TitleHL), brackets.Replace(o.SummaryHL)
			if !ok {
				if strings.Contains(title+summary, "[") {
					t.Errorf("%q: event %d: not marked, separately %q / %q", q, o.ID, title, summary)
				}
				continue
			}
			marked++
			if show(h.Title) != title || show(h.Summary) != summary {
				t.Errorf("%q: event %d: joined %q / %q, separately %q / %q", q, o.ID, show(h.Title), show(h.Summary), title, summary)
			}
		}
		if marked == 0 {
			t.Errorf("%q marked nothing", q)
		}
	}
}
