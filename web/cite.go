package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"timeline/views"
)

// work is what a citation names: an event or a view of the chronology, at
// its current revision, as accessed today.
type work struct {
	Key       string // BibTeX key and CSL id: "timeline-event-42"
	Title     string // the event's title, or the view's title from its filters
	DateWords string // the event's date, or the view's window, in words
	URL       string // canonical and absolute
	Updated   time.Time
	// Revision names the revision: the event's version, or for a view the
	// data version of the whole chronology.
	Revision string
	Kind     string // "Chronology entry" or "Chronology view"
	Accessed time.Time
	Site     string
}

// fullTitle is the title with the date in words, as every style writes it.
func (w work) fullTitle() string {
	if w.DateWords == "" {
		return w.Title
	}
	return w.Title + ", " + w.DateWords
}

// mlaMonths are MLA 9's abbreviations of month names.
var mlaMonths = [...]string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

func mlaDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), mlaMonths[t.Month()-1], t.Year())
}

func usDate(t time.Time) string { return t.Format("January 2, 2006") }

// endSentence adds a full stop unless the text ends in one already (or in
// other closing punctuation).
func endSentence(s string) string {
	if s == "" || strings.ContainsRune(".?!", rune(s[len(s)-1])) {
		return s
	}
	return s + "."
}

// citations writes the work in APA 7, MLA 9 and Chicago (notes and
// bibliography, the bibliography entry).
func citations(w work) []views.Citation {
	day := w.Accessed.Format(time.DateOnly)
	noScheme := strings.TrimPrefix(strings.TrimPrefix(w.URL, "https://"), "http://")
	rev := w.Revision
	return []views.Citation{
		{Style: "APA 7", ID: "apa", Parts: []views.CitePart{
			// The site is the group author, so APA does not name it again as the publisher.
			{Text: fmt.Sprintf("%s (%s). ", endSentence(w.Site), w.Updated.Format("2006, January 2"))},
			{Text: w.fullTitle(), Italic: true},
			{Text: fmt.Sprintf(" [%s, %s]. Retrieved ", w.Kind, rev)},
			{Text: usDate(w.Accessed), Accessed: day},
			{Text: ", from " + w.URL},
		}},
		{Style: "MLA 9", ID: "mla", Parts: []views.CitePart{
			{Text: "“" + endSentence(w.fullTitle()) + "” "},
			{Text: w.Site, Italic: true},
			{Text: fmt.Sprintf(", %s, %s, %s. Accessed ", rev, mlaDate(w.Updated), noScheme)},
			{Text: mlaDate(w.Accessed), Accessed: day},
			{Text: "."},
		}},
		{Style: "Chicago", ID: "chicago", Parts: []views.CitePart{
			{Text: fmt.Sprintf("%s “%s” %s. %s, %s. Last modified %s. Accessed ", endSentence(w.Site), endSentence(w.fullTitle()),
				w.Kind, upperFirst(rev), w.Site, usDate(w.Updated))},
			{Text: usDate(w.Accessed), Accessed: day},
			{Text: ". " + w.URL + "."},
		}},
	}
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// citeFormats are the citation files, by the name format= takes.
var citeFormats = []struct {
	name, label, ext, contentType string
	write                         func(*bytes.Buffer, work)
}{
	{"bibtex", "BibTeX", "bib", "application/x-bibtex; charset=utf-8", writeBibTeX},
	{"ris", "RIS", "ris", "application/x-research-info-systems; charset=utf-8", writeRIS},
	{"csl-json", "CSL-JSON", "json", "application/vnd.citationstyles.csl+json; charset=utf-8", writeCSL},
}

// citeFiles links to the citation files of the page at base (a path that
// may carry a query already).
func citeFiles(base string) []views.Link {
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	var out []views.Link
	for _, f := range citeFormats {
		out = append(out, views.Link{Label: f.label, URL: base + sep + "format=" + f.name, Kind: f.name})
	}
	return out
}

// serveCitation answers a citation file in the format the query asks for.
func serveCitation(c echo.Context, w work) error {
	name := c.QueryParam("format")
	for _, f := range citeFormats {
		if f.name != name {
			continue
		}
		var buf bytes.Buffer
		f.write(&buf, w)
		h := c.Response().Header()
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, w.Key, f.ext))
		h.Set(echo.HeaderCacheControl, "no-store") // it carries today's date as the accessed date
		return c.Blob(http.StatusOK, f.contentType, buf.Bytes())
	}
	if name == "" {
		return invalid("format is missing: use format=bibtex, ris or csl-json")
	}
	return invalid("format %q is not a citation format: use bibtex, ris or csl-json", clip(name, 30))
}

// bibtexEscaper escapes the characters (La)TeX reads as commands inside a
// braced BibTeX field.
var bibtexEscaper = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `&`, `\&`, `%`, `\%`, `$`, `\$`,
	`#`, `\#`, `_`, `\_`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
)

func bibtex(s string) string { return bibtexEscaper.Replace(oneLine(s)) }

// oneLine folds line breaks and tabs into spaces: no format here keeps them.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var bibMonths = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// writeBibTeX writes a @misc entry as biblatex and natbib read it: the site
// as a corporate author (double braces keep it whole), url and urldate.
func writeBibTeX(b *bytes.Buffer, w work) {
	fmt.Fprintf(b, "@misc{%s,\n", w.Key)
	field := func(name, value string) { fmt.Fprintf(b, "  %-12s = {%s},\n", name, value) }
	field("author", "{"+bibtex(w.Site)+"}")
	field("title", "{"+bibtex(w.fullTitle())+"}")
	field("year", fmt.Sprint(w.Updated.Year()))
	fmt.Fprintf(b, "  %-12s = %s,\n", "month", bibMonths[w.Updated.Month()-1])
	field("date", w.Updated.Format(time.DateOnly))
	field("url", w.URL) // our own URLs: percent-encoded, no braces
	field("urldate", w.Accessed.Format(time.DateOnly))
	field("version", bibtex(w.Revision))
	field("note", bibtex(fmt.Sprintf("%s, %s, last updated %s", w.Kind, w.Revision, w.Updated.Format("2 January 2006"))))
	field("organization", bibtex(w.Site))
	b.WriteString("}\n")
}

// writeRIS writes one RIS record, a web page (ELEC), with CRLF line ends as
// the format's readers expect.
func writeRIS(b *bytes.Buffer, w work) {
	tag := func(t, v string) { fmt.Fprintf(b, "%s  - %s\r\n", t, oneLine(v)) }
	tag("TY", "ELEC")
	tag("TI", w.fullTitle())
	tag("AU", w.Site)
	tag("T2", w.Site)
	tag("PB", w.Site)
	tag("PY", fmt.Sprint(w.Updated.Year()))
	tag("DA", w.Updated.Format("2006/01/02/"))
	tag("ET", w.Revision)
	tag("UR", w.URL)
	tag("Y2", w.Accessed.Format("2006/01/02/"))
	tag("N1", fmt.Sprintf("%s, %s, last updated %s", w.Kind, w.Revision, w.Updated.Format("2 January 2006")))
	tag("ID", w.Key)
	b.WriteString("ER  - \r\n")
}

// writeCSL writes a CSL-JSON array of one webpage item.
func writeCSL(b *bytes.Buffer, w work) {
	parts := func(t time.Time) map[string][][]int {
		return map[string][][]int{"date-parts": {{t.Year(), int(t.Month()), t.Day()}}}
	}
	item := map[string]any{
		"id":              w.Key,
		"type":            "webpage",
		"title":           w.fullTitle(),
		"author":          []map[string]string{{"literal": w.Site}},
		"container-title": w.Site,
		"publisher":       w.Site,
		"URL":             w.URL,
		"issued":          parts(w.Updated),
		"accessed":        parts(w.Accessed),
		"version":         w.Revision,
		"genre":           w.Kind,
		"note":            fmt.Sprintf("%s, last updated %s", w.Revision, w.Updated.Format("2 January 2006")),
	}
	enc := json.NewEncoder(b)
	enc.SetIndent("", "  ")
	enc.Encode([]any{item})
}

// citeKey is a BibTeX key: the site's name in lower-case ASCII letters and
// digits, then what is cited.
func citeKey(site, rest string) string {
	var k strings.Builder
	for _, r := range strings.ToLower(site) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			k.WriteRune(r)
		}
	}
	if k.Len() == 0 {
		k.WriteString("timeline")
	}
	return k.String() + "-" + rest
}

// EventCite answers /events/{id}/cite?format=bibtex|ris|csl-json.
func (h *Handler) EventCite(c echo.Context) error {
	ev, _, err := h.publicEvent(c)
	if err != nil {
		return err
	}
	return serveCitation(c, h.eventWork(ev.ID, ev.Title, ev.DateWords(), ev.Path(), ev.UpdatedAt, ev.Version))
}

func (h *Handler) eventWork(id int64, title, words, path string, updated time.Time, version int) work {
	return work{Key: citeKey(h.site, fmt.Sprintf("event-%d", id)), Title: title, DateWords: words,
		URL: h.baseURL + path, Updated: updated.UTC(), Revision: fmt.Sprintf("revision %d", version),
		Kind: "Chronology entry", Accessed: h.store.Now().UTC(), Site: h.site}
}

// ViewCite answers /cite?format=…&(the chronology's query string): the
// citation of a view.
func (h *Handler) ViewCite(c echo.Context) error {
	v, err := h.readView(c)
	if err != nil {
		return err
	}
	w, err := h.viewWork(c, v, tally{n: -1})
	if err != nil {
		return err
	}
	return serveCitation(c, w)
}

// viewWork is the citation of a view of n events (counted here when n is
// negative): the whole chronology's data version is its revision, since a
// view has none of its own.
func (h *Handler) viewWork(c echo.Context, v view, n tally) (work, error) {
	ctx := c.Request().Context()
	sh := v.parts
	if sh == nil {
		var err error
		if sh, err = h.shared(ctx); err != nil {
			return work{}, err
		}
	}
	dv := sh.version
	updated, err := sh.lastUpdate(ctx, h.store, v.filter)
	if err != nil {
		return work{}, err
	}
	if updated.IsZero() {
		updated = h.store.Now()
	}
	if n.n < 0 {
		if n, err = sh.count(ctx, h.store, v.filter); err != nil {
			return work{}, err
		}
	}
	q := v.query.Encode()
	key := "view"
	if q != "" {
		key = fmt.Sprintf("view-%x", fnv32(q))
	}
	return work{Key: citeKey(h.site, key), Title: v.title(n), URL: h.viewURL("/", v.query),
		Updated: updated.UTC(), Revision: fmt.Sprintf("data version %d", dv), Kind: "Chronology view",
		Accessed: h.store.Now().UTC(), Site: h.site}, nil
}

// fnv32 is a short stable hash, for keys.
func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// viewURL is an absolute URL of path with the view's query string.
func (h *Handler) viewURL(path string, q url.Values) string {
	if s := q.Encode(); s != "" {
		return h.baseURL + path + "?" + s
	}
	return h.baseURL + path
}
