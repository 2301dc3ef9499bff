package views

import (
	"context"
	"io"

	"fmt"
	"github.com/a-h/templ"
	"strconv"
	"strings"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func joinComma(xs []string) string { return strings.Join(xs, ", ") }

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

// selectedTypes summarises the type filter for its collapsed heading.
func selectedTypes(opts []Option) string {
	n := 0
	for _, o := range opts {
		if o.Selected {
			n++
		}
	}
	if n == 0 {
		return ": all"
	}
	return fmt.Sprintf(": %d selected", n)
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
