package web

import (
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// feedEntries is how many events a feed lists.
const feedEntries = 50

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title     string         `xml:"title"`
	ID        string         `xml:"id"`
	Updated   string         `xml:"updated"`
	Published string         `xml:"published"`
	Links     []atomLink     `xml:"link"`
	Category  []atomCategory `xml:"category"`
	Summary   atomText       `xml:"summary"`
	Content   atomText       `xml:"content"`
}

type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Author  struct {
		Name string `xml:"name"`
		URI  string `xml:"uri"`
	} `xml:"author"`
	Rights    string      `xml:"rights"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

// tagAuthority is the host of the base URL without its port: a tag URI
// names a domain.
func (h *Handler) tagAuthority() string {
	host := h.host()
	if i := strings.LastIndex(host, ":"); i > 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	return host
}

// entryID is an event's id in feeds: a tag URI (RFC 4151) of the site and
// the day the event was created, which never changes, whatever happens to
// its title, slug or dates.
func (h *Handler) entryID(id int64, created time.Time) string {
	return fmt.Sprintf("tag:%s,%s:event-%d", h.tagAuthority(), created.UTC().Format(time.DateOnly), id)
}

// Feed answers /feed.atom with the same filters as /: the events of the
// view published or corrected last, newest first. An entry's updated time
// is the event's own last change, so only a correction moves it.
func (h *Handler) Feed(c echo.Context) error {
	v, err := h.readView(c)
	if err != nil {
		return err
	}
	self := h.viewURL("/feed.atom", v.query)
	feed := atomFeed{
		Title: h.site,
		ID:    self,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: h.viewURL("/", v.query)},
			{Rel: "license", Href: licenceURL},
		},
		Rights:    fmt.Sprintf("%s: %s (%s)", licenceName, h.site, h.baseURL),
		Generator: h.site,
	}
	if len(v.query) > 0 {
		feed.Title = v.name() + " · " + h.site
	}
	feed.Author.Name, feed.Author.URI = h.site, h.baseURL+"/"
	var last time.Time
	for e, err := range h.store.Recent(c.Request().Context(), v.filter, feedEntries) {
		if err != nil {
			return err
		}
		link := h.baseURL + e.Path()
		var content strings.Builder
		if e.Summary != "" {
			fmt.Fprintf(&content, "<p>%s</p>", html.EscapeString(e.Summary))
		}
		fmt.Fprintf(&content, "<p>%s", html.EscapeString(e.DateWords()))
		if e.Place != nil {
			fmt.Fprintf(&content, " · %s", html.EscapeString(e.Place.Name))
		}
		content.WriteString("</p>")
		if len(e.Sources) > 0 {
			content.WriteString("<ul>")
			for _, s := range e.Sources {
				name := html.EscapeString(strings.TrimSpace(s.Outlet + ", " + s.Title))
				if s.URL != "" {
					name = fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(s.URL), name)
				}
				fmt.Fprintf(&content, "<li>%s</li>", name)
			}
			content.WriteString("</ul>")
		}
		if e.Version > 1 {
			fmt.Fprintf(&content, "<p>Revision %d.</p>", e.Version)
		}
		feed.Entries = append(feed.Entries, atomEntry{
			Title:     e.Title,
			ID:        h.entryID(e.ID, e.CreatedAt),
			Updated:   e.UpdatedAt.UTC().Format(time.RFC3339),
			Published: e.PublishedAt.UTC().Format(time.RFC3339),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Category:  []atomCategory{{Term: e.Type, Label: e.TypeName}},
			Summary:   atomText{Type: "text", Body: e.DateWords() + ": " + e.Summary},
			Content:   atomText{Type: "html", Body: content.String()},
		})
		if e.UpdatedAt.After(last) {
			last = e.UpdatedAt
		}
	}
	if last.IsZero() {
		// An empty feed changes when its first entry comes; until then it
		// claims no time of its own.
		last = time.Unix(0, 0)
	}
	feed.Updated = last.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(feed, "", " ")
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}
