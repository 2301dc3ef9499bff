package views

import (
	"context"
	"html"
	"strings"
	"testing"
)

// TestEventListMarkup holds the hand-written list to the markup the templ
// version of the cards wrote (the chronology's tests and its browser tests
// read it by data-testid), with every value escaped.
func TestEventListMarkup(t *testing.T) {
	months := []Month{{ID: "2022-09", Label: "September 2022", Events: []EventItem{
		{ID: 7, URL: "/events/7/a-b", Title: `Fire at "office" <1>`, Summary: "Tom & Jerry's summary", DateWords: "21 September 2022",
			Datetime: "2022-09-21", Start: "2022-09-21", End: "2022-09-21", Precision: "day", Type: "arson", TypeName: "Arson", Place: "Kazan"},
		{ID: 8, URL: "/events/8/b", Title: "Protests in Yakutsk", DateWords: "September 2022", Datetime: "2022-09",
			Start: "2022-09-01", End: "2022-09-30", Precision: "month", Type: "protest", TypeName: "Protest",
			TitleMarks: []string{"", "Protests", " in <Yakutsk>"}},
	}}, {ID: "2022-10", Label: "October 2022", Events: []EventItem{
		{ID: 9, URL: "/events/9/c", Title: "T", Summary: "a protest b", SummaryMarks: []string{"a ", "protest", " b"},
			DateWords: "1 October 2022", Datetime: "2022-10-01", Start: "2022-10-01", End: "2022-10-01", Precision: "day",
			Type: "refusal", TypeName: "Refusal", Place: "Ufa"},
	}}}
	want := `<li class="month" id="m-2022-09"><h2 class="month-heading">September 2022</h2><ol class="events">` +
		`<li><article class="event cat-arson" id="event-7" data-testid="event" data-id="7" data-type="arson" data-start="2022-09-21" data-end="2022-09-21" data-precision="day">` +
		`<header class="event-meta"><time datetime="2022-09-21" data-testid="event-date">21 September 2022</time> <span class="badge" data-testid="event-type">Arson</span> ` +
		`<span class="place" data-testid="event-place">Kazan</span></header>` +
		`<h3 class="event-title"><a href="/events/7/a-b" data-testid="event-link">Fire at &#34;office&#34; &lt;1&gt;</a></h3>` +
		`<p class="event-summary">Tom &amp; Jerry&#39;s summary</p></article></li>` +
		`<li><article class="event cat-protest is-focused" aria-current="true" id="event-8" data-testid="event" data-id="8" data-type="protest" data-start="2022-09-01" data-end="2022-09-30" data-precision="month">` +
		`<header class="event-meta"><time datetime="2022-09" data-testid="event-date">September 2022</time> <span class="badge" data-testid="event-type">Protest</span> </header>` +
		`<h3 class="event-title"><a href="/events/8/b" data-testid="event-link"><mark>Protests</mark> in &lt;Yakutsk&gt;</a></h3></article></li></ol></li>` +
		`<li class="month" id="m-2022-10"><h2 class="month-heading">October 2022</h2><ol class="events">` +
		`<li><article class="event cat-refusal" id="event-9" data-testid="event" data-id="9" data-type="refusal" data-start="2022-10-01" data-end="2022-10-01" data-precision="day">` +
		`<header class="event-meta"><time datetime="2022-10-01" data-testid="event-date">1 October 2022</time> <span class="badge" data-testid="event-type">Refusal</span> ` +
		`<span class="place" data-testid="event-place">Ufa</span></header>` +
		`<h3 class="event-title"><a href="/events/9/c" data-testid="event-link">T</a></h3>` +
		`<p class="event-summary">a <mark>protest</mark> b</p></article></li></ol></li>`
	var b strings.Builder
	if err := monthList(months, 8).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// FuzzHTMLText: text is escaped exactly as html.EscapeString (templ's
// escaping) does.
func FuzzHTMLText(f *testing.F) {
	for _, s := range []string{"", "plain", `<a href="x">&'`, "&&", "ünï<cödé>", "\x00<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		o := newHTMLOut(&b)
		o.text(s)
		if got, want := b.String(), html.EscapeString(s); got != want {
			t.Errorf("text(%q) = %q, want %q", s, got, want)
		}
	})
}
