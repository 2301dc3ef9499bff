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
			`<span class="outlet">AP</span>, <cite>Report</cite>, <time datetime="2022-08-07">7 August 2022</time>`},
		{SourceItem{Outlet: `<b>"x"</b>`, Title: "<script>", URL: "javascript:alert(1)"},
			`<span class="outlet">&lt;b&gt;&#34;x&#34;&lt;/b&gt;</span>, <a href="about:invalid#TemplFailedSanitizationURL" rel="noopener noreferrer">&lt;script&gt;</a>`},
		{SourceItem{Outlet: "Wire", Title: "T", URL: `https://example.org/a?b=1&c="2"`},
			`<span class="outlet">Wire</span>, <a href="https://example.org/a?b=1&amp;c=&#34;2&#34;" rel="noopener noreferrer">T</a>`},
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
