package views

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"
)

// monthList writes the months of a chronology page and their event cards:
// the <li> of each month, for an <ol class="chronology">. focus is the event
// to mark as the one asked for (0 for none).
//
// It is Go rather than templ because it is most of what an uncached page
// costs: templ's generated code passes every value through fmt.Sprint and
// builds each card's class list through a map, some 30 allocations per card,
// 6,000 per page. This writes the same markup with the same escaping
// (templ.EscapeString, i.e. html.EscapeString) straight into the page's
// buffer. TestEventListMarkup holds it to what the templ version wrote.
func monthList(months []Month, focus int64) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		o := newHTMLOut(w)
		for i := range months {
			m := &months[i]
			o.raw(`<li class="month" id="m-`)
			o.text(m.ID)
			o.raw(`"><h2 class="month-heading">`)
			o.text(m.Label)
			o.raw(`</h2><ol class="events">`)
			for j := range m.Events {
				o.raw(`<li>`)
				o.eventCard(&m.Events[j], m.Events[j].ID == focus)
				o.raw(`</li>`)
			}
			o.raw(`</ol></li>`)
		}
		return o.err
	})
}

// eventCard writes one event of a list as an <article>.
func (o *htmlOut) eventCard(e *EventItem, focused bool) {
	o.raw(`<article class="event cat-`)
	o.text(e.Type)
	if focused {
		o.raw(` is-focused" aria-current="true`)
	}
	o.raw(`" id="event-`)
	o.int(e.ID)
	o.raw(`" data-testid="event" data-id="`)
	o.int(e.ID)
	o.raw(`" data-type="`)
	o.text(e.Type)
	o.raw(`" data-start="`)
	o.text(e.Start)
	o.raw(`" data-end="`)
	o.text(e.End)
	o.raw(`" data-precision="`)
	o.text(e.Precision)
	o.raw(`"><header class="event-meta"><time datetime="`)
	o.text(e.Datetime)
	o.raw(`" data-testid="event-date">`)
	o.text(e.DateWords)
	o.raw(`</time> <span class="badge" data-testid="event-type">`)
	o.text(e.TypeName)
	o.raw(`</span> `)
	if e.Place != "" {
		o.raw(`<span class="place" data-testid="event-place">`)
		o.text(e.Place)
		o.raw(`</span>`)
	}
	// The URL is the event's own path, as templ.SafeURL took it.
	o.raw(`</header><h3 class="event-title"><a href="`)
	o.text(e.URL)
	o.raw(`" data-testid="event-link">`)
	o.marked(e.Title, e.TitleMarks)
	o.raw(`</a></h3>`)
	if e.Summary != "" {
		o.raw(`<p class="event-summary">`)
		o.marked(e.Summary, e.SummaryMarks)
		o.raw(`</p>`)
	}
	o.raw(`</article>`)
}

// marked writes text with the parts that match a search in <mark>, as the
// templ component marked does.
func (o *htmlOut) marked(text string, parts []string) {
	if len(parts) == 0 {
		o.text(text)
		return
	}
	for i, p := range parts {
		if i%2 == 1 {
			o.raw(`<mark>`)
			o.text(p)
			o.raw(`</mark>`)
		} else {
			o.text(p)
		}
	}
}

// htmlOut writes markup and escaped text to a writer, keeping the first
// error. Text is escaped exactly as html.EscapeString (and so templ) does,
// a run of plain characters at a time, without building strings.
type htmlOut struct {
	w       io.Writer
	sw      io.StringWriter
	err     error
	scratch [20]byte
}

func newHTMLOut(w io.Writer) *htmlOut {
	o := &htmlOut{w: w}
	if sw, ok := w.(io.StringWriter); ok {
		o.sw = sw
	}
	return o
}

func (o *htmlOut) raw(s string) {
	if o.err != nil {
		return
	}
	if o.sw != nil {
		_, o.err = o.sw.WriteString(s)
	} else {
		_, o.err = io.WriteString(o.w, s)
	}
}

func (o *htmlOut) int(n int64) {
	if o.err == nil {
		_, o.err = o.w.Write(strconv.AppendInt(o.scratch[:0], n, 10))
	}
}

// text writes s escaped for HTML text and quoted attribute values.
func (o *htmlOut) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		o.raw(s[last:i])
		o.raw(esc)
		last = i + 1
	}
	o.raw(s[last:])
}
