package views

import (
	"context"
	"strings"
	"testing"
)

func TestSourceCiteEscapes(t *testing.T) {
	tests := []struct {
		in   SourceItem
		want string
	}{
		{SourceItem{Outlet: "AP", Title: "Report", Published: "7 August 2022", Datetime: "2022-08-07"},
			`<span class="outlet">AP</span>, <cite>Report</cite>, <time datetime="2022-08-07">7 August 2022</time>. ` +
				`<span class="no-link" data-testid="source-no-link">No public link is known for this report.</span>`},
		{SourceItem{Outlet: `<b>"x"</b>`, Title: "<script>", URL: "javascript:alert(1)"},
			`<span class="outlet">&lt;b&gt;&#34;x&#34;&lt;/b&gt;</span>, <a href="about:invalid#TemplFailedSanitizationURL" rel="noopener noreferrer" data-testid="source-link">&lt;script&gt;</a>.`},
		{SourceItem{Outlet: "Wire", Title: "T", URL: `https://example.org/a?b=1&c="2"`},
			`<span class="outlet">Wire</span>, <a href="https://example.org/a?b=1&amp;c=&#34;2&#34;" rel="noopener noreferrer" data-testid="source-link">T</a>.`},
		{SourceItem{Outlet: "Wire", Title: "T", URL: "https://example.org/a", Archive: "https://web.archive.org/web/2/https://example.org/a"},
			`<span class="outlet">Wire</span>, <a href="https://example.org/a" rel="noopener noreferrer" data-testid="source-link">T</a>. ` +
				`<a class="archive" href="https://web.archive.org/web/2/https://example.org/a" rel="noopener noreferrer" data-testid="source-archive">Archived copy</a>`},
		{SourceItem{Outlet: "AP", Title: "Report on <arson>", Supplied: true},
			`<span class="outlet">AP</span>, <span class="supplied-title" data-testid="supplied-title">Report on &lt;arson&gt;</span> (untitled report, described by the editors). ` +
				`<span class="no-link" data-testid="source-no-link">No public link is known for this report.</span>`},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := sourceCite(tt.in).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("got  %s\nwant %s", b.String(), tt.want)
		}
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		total, listed int
		more, paged   bool
		since         string
		want          string
	}{
		{0, 0, false, false, "", "No events in this view."},
		{1, 0, false, true, "", "1 event in this view; this page lists 0 of them."},
		{1, 1, false, false, "", "1 event in this view."},
		{9, 9, false, false, "", "9 events in this view."},
		{1234567, 200, false, false, "", "1,234,567 events in this view; the list shows the first 200."},
		{1000, 200, false, true, "", "1,000 events in this view; this page lists 200 of them."},
		{5, 5, false, false, "October 2022", "5 events from October 2022 on."},
		{0, 0, false, false, "October 2022", "No events from October 2022 on."},
		{1000, 200, true, false, "", "More than 1,000 events in this view; the list shows the first 200."},
		{1000, 200, true, true, "", "More than 1,000 events in this view; this page lists 200 of them."},
	}
	for _, tt := range tests {
		if got := countWords(tt.total, tt.listed, tt.more, tt.paged, tt.since); got != tt.want {
			t.Errorf("countWords(%d, %d, %v, %v) = %q, want %q", tt.total, tt.listed, tt.more, tt.paged, got, tt.want)
		}
	}
}
