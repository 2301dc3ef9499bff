package views

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// filterURL links to the chronology filtered by one value of a parameter,
// e.g. every event naming an actor.
func filterURL(param, value string) templ.SafeURL {
	return templ.SafeURL("/?" + url.Values{param: {value}}.Encode())
}

func countWords(n int, more bool) string {
	switch {
	case more:
		return fmt.Sprintf("Showing the first %d events.", n)
	case n == 1:
		return "1 event."
	default:
		return fmt.Sprintf("%d events.", n)
	}
}

func dateTextNote(s string) string {
	if s == "" {
		return ""
	}
	return "; the source says “" + s + "”"
}

// selectedSummary summarises a group of choices for its collapsed heading:
// ": all" (or whatever none chosen means) or ": 2 selected".
func selectedSummary(opts []Option, none string) string {
	if n := countSelected(opts); n > 0 {
		return fmt.Sprintf(": %d selected", n)
	}
	return ": " + none
}

func countSelected(opts []Option) int {
	n := 0
	for _, o := range opts {
		if o.Selected {
			n++
		}
	}
	return n
}

// sourceCite writes "Outlet, Title, 7 August 2022" with the title linked when
// the source has a URL. It is Go rather than templ because templ puts a space
// before each comma that follows a conditional element. Every value goes
// through templ's escaping, and the URL through its sanitiser.
func sourceCite(s SourceItem) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		parts := []string{`<span class="outlet">` + templ.EscapeString(s.Outlet) + `</span>`}
		switch {
		case s.URL != "":
			href := string(templ.URL(s.URL))
			parts = append(parts, `<a href="`+templ.EscapeString(href)+`" rel="noopener noreferrer">`+
				templ.EscapeString(s.Title)+`</a>`)
		case s.Title != "":
			parts = append(parts, `<cite>`+templ.EscapeString(s.Title)+`</cite>`)
		}
		if s.Published != "" {
			parts = append(parts, `<time datetime="`+templ.EscapeString(s.Datetime)+`">`+
				templ.EscapeString(s.Published)+`</time>`)
		}
		_, err := io.WriteString(w, strings.Join(parts, ", "))
		return err
	})
}
