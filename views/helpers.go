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

// countWords says how many events the view holds and how many the page
// lists, in the words the script uses when it redraws the list. more says
// the view holds more than total (a search counted up to a limit). since
// names the month a focused event started the list at; the count is then
// of the events from there on.
func countWords(total, listed int, more, paged bool, since string) string {
	events := func(n int) string {
		if more && n == total {
			return "More than " + thousands(n) + " events"
		}
		if n == 1 {
			return "1 event"
		}
		return thousands(n) + " events"
	}
	scope := "in this view"
	if since != "" {
		scope = "from " + since + " on"
	}
	switch {
	case total == 0:
		return "No events " + scope + "."
	case paged:
		return fmt.Sprintf("%s %s; this page lists %s of them.", events(total), scope, thousands(listed))
	case listed < total:
		return fmt.Sprintf("%s %s; the list shows the first %s.", events(total), scope, thousands(listed))
	default:
		return events(total) + " " + scope + "."
	}
}

// thousands writes a count with commas between thousands: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
// the source has a URL, then its archived copy; a source without a public
// address says so, and an editors' description of an untitled report is
// not dressed as its headline. It is Go rather than templ because templ
// puts a space before each comma that follows a conditional element. Every
// value goes through templ's escaping, and the URLs through its sanitiser.
func sourceCite(s SourceItem) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		parts := []string{`<span class="outlet">` + templ.EscapeString(s.Outlet) + `</span>`}
		title := templ.EscapeString(s.Title)
		switch {
		case s.Supplied:
			title = `<span class="supplied-title" data-testid="supplied-title">` + title + `</span> (untitled report, described by the editors)`
		case s.Title != "" && s.URL == "":
			title = `<cite>` + title + `</cite>`
		}
		switch {
		case s.URL != "":
			href := string(templ.URL(s.URL))
			parts = append(parts, `<a href="`+templ.EscapeString(href)+`" rel="noopener noreferrer" data-testid="source-link">`+title+`</a>`)
		case s.Title != "":
			parts = append(parts, title)
		}
		if s.Published != "" {
			parts = append(parts, `<time datetime="`+templ.EscapeString(s.Datetime)+`">`+
				templ.EscapeString(s.Published)+`</time>`)
		}
		out := strings.Join(parts, ", ") + "."
		switch {
		case s.URL != "" && s.Archive != "":
			href := string(templ.URL(s.Archive))
			out += ` <a class="archive" href="` + templ.EscapeString(href) + `" rel="noopener noreferrer" data-testid="source-archive">Archived copy</a>`
		case s.URL == "":
			out += ` <span class="no-link" data-testid="source-no-link">No public link is known for this report.</span>`
		}
		_, err := io.WriteString(w, out)
		return err
	})
}

func sourceCount(n int) string {
	switch n {
	case 0:
		return "No source linked yet"
	case 1:
		return "1 source"
	}
	return strconv.Itoa(n) + " sources"
}
