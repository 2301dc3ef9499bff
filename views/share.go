package views

import (
	"net/url"
	"strings"
)

// Meta is what a page tells other sites about itself: its share card, the
// discovery links of its oEmbed and feed, and structured data.
type Meta struct {
	URL       string // absolute canonical URL (og:url)
	Type      string // og:type: website or article
	Image     string // absolute URL of the 1200×630 share image
	ImageAlt  string
	OEmbed    string // discovery URL of the oEmbed answer, absolute
	Feed      string // the Atom feed of the same filters
	FeedTitle string
	JSONLD    any // schema.org data written as application/ld+json, or nil
}

// Share is the "Download", "Cite" and "Embed" block of a permalink or a
// chronology view.
type Share struct {
	What      string // "event" or "view"
	Citations []Citation
	CiteFiles []Link // BibTeX, RIS, CSL-JSON
	Downloads []Link // the exports of the view
	EmbedCode string // the iframe to paste into another page
	// FollowsView marks links that carry the chronology's query string: the
	// script rewrites them as the reader moves the timeline.
	FollowsView bool
}

// Link is one link of a menu.
type Link struct {
	Label string
	URL   string
	Note  string // what the file is for, in a few words
	Kind  string // a stable name for tests and the script: csv, bibtex, ...
}

// Citation is one citation style as text in parts, so the site's name can
// be set in italics where the style asks for it and the accessed date can
// follow the reader's clock.
type Citation struct {
	Style string // APA 7, MLA 9, Chicago
	ID    string // apa, mla, chicago
	Parts []CitePart
}

// CitePart is a run of a citation's text.
type CitePart struct {
	Text   string
	Italic bool
	// Accessed marks the accessed date: its ISO day, for <time datetime>.
	Accessed string
}

// basePath is a menu link without the view's query string: its path and
// its own format parameter, onto which the script puts the current view.
func basePath(u string) string {
	path, query, _ := strings.Cut(u, "?")
	q, err := url.ParseQuery(query)
	if err != nil || q.Get("format") == "" {
		return path
	}
	return path + "?" + url.Values{"format": {q.Get("format")}}.Encode()
}

// EmbedEventView is the compact card of one event that other sites frame.
type EmbedEventView struct {
	Page
	Event     EventItem
	Permalink string
	Sources   int
}

// EmbedView is the interactive timeline of a view that other sites frame,
// with the list below as its fallback.
type EmbedView struct {
	Page
	Title    string // the view's title from its filters
	ViewURL  string // the same view on the site, absolute
	Months   []Month
	Count    int
	Total    int
	More     bool   // the view holds more than Total
	NextURL  string // the next page, on the site
	Filtered bool
	Unknown  string // the notice naming types left out, or ""
}
