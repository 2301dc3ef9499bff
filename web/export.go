package web

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"timeline/models"
)

// The data licence, stated in every export, the feed and the README.
const (
	licenceName = "CC BY 4.0"
	licenceURL  = "https://creativecommons.org/licenses/by/4.0/"
)

// ExportMeta is what an export says about itself: where it comes from,
// under which licence, and which view it holds.
type ExportMeta struct {
	Site    string
	BaseURL string
	Query   string // the view's canonical query string
	Created time.Time
}

// Licence is the licence and attribution line of an export.
func (m ExportMeta) Licence() string {
	return fmt.Sprintf("Data: %s, %s. Credit: %s (%s). Sources belong to their publishers; quotes are short extracts for reference.",
		licenceName, licenceURL, m.Site, m.BaseURL)
}

// ViewURL is the chronology view the export holds.
func (m ExportMeta) ViewURL() string {
	if m.Query == "" {
		return m.BaseURL + "/"
	}
	return m.BaseURL + "/?" + m.Query
}

// exporter writes one format: a head, each event, and a tail.
type exporter interface {
	head(w *bufio.Writer, m ExportMeta) error
	event(w *bufio.Writer, m ExportMeta, e *models.ExportEvent) error
	tail(w *bufio.Writer, m ExportMeta, n int) error
}

// ExportFormat is one of the formats a view exports to.
type ExportFormat struct {
	Name        string // as `timeline export --format` takes it
	ContentType string
	File        string // the download's file name
	new         func() exporter
}

// ExportFormats lists the formats, by name.
var ExportFormats = []ExportFormat{
	{"csv", "text/csv; charset=utf-8; header=present", "events.csv", func() exporter { return &csvExport{} }},
	{"json", "application/json; charset=utf-8", "events.json", func() exporter { return &jsonExport{} }},
	{"geojson", "application/geo+json; charset=utf-8", "events.geojson", func() exporter { return &geoExport{} }},
	{"timelinejs", "application/json; charset=utf-8", "timelinejs.json", func() exporter { return &tljsExport{} }},
	{"ics", "text/calendar; charset=utf-8", "events.ics", func() exporter { return &icsExport{} }},
}

// FindExportFormat returns the format of a name, or an input error naming
// the known ones.
func FindExportFormat(name string) (ExportFormat, error) {
	var names []string
	for _, f := range ExportFormats {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return ExportFormat{}, invalid("format %q is not an export format: use %s", clip(name, 30), strings.Join(names, ", "))
}

// Export streams every event of f to out in format: one database cursor,
// one event in memory at a time. It returns how many events it wrote.
func Export(ctx context.Context, store *models.Store, out io.Writer, format ExportFormat, f models.Filter, m ExportMeta) (int, error) {
	w := bufio.NewWriterSize(out, 32<<10)
	x := format.new()
	if err := x.head(w, m); err != nil {
		return 0, err
	}
	n := 0
	for ev, err := range store.Export(ctx, f) {
		if err != nil {
			return n, err
		}
		if err := x.event(w, m, ev); err != nil {
			return n, err
		}
		n++
	}
	if err := x.tail(w, m, n); err != nil {
		return n, err
	}
	return n, w.Flush()
}

// ExportFilter reads a chronology query string into the filter an export
// of that view uses, validating it as the chronology does, and returns the
// view's canonical query string too.
func ExportFilter(ctx context.Context, store *models.Store, rawQuery string) (models.Filter, string, error) {
	cats, err := store.Categories(ctx)
	if err != nil {
		return models.Filter{}, "", err
	}
	form, err := readFilterForm(rawQuery)
	if err != nil {
		return models.Filter{}, "", err
	}
	f, err := form.filter(cats)
	f.After, f.Before = nil, nil
	return f, form.canonical().Encode(), err
}

// ServeExport answers /export/… for one format: exactly the view the same
// query string shows on /, streamed as it is read. Once the first bytes
// are out a failure cannot become an error page; the connection is cut
// instead, so no client takes a truncated file for a whole one.
func (h *Handler) ServeExport(format ExportFormat) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		f, q, err := ExportFilter(ctx, h.store, c.Request().URL.RawQuery)
		if err != nil {
			return err
		}
		res := c.Response()
		res.Header().Set(echo.HeaderContentType, format.ContentType)
		res.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s"`, citeKey(h.site, "view"), format.File))
		res.Header().Set(echo.HeaderCacheControl, "no-cache")
		res.WriteHeader(http.StatusOK)
		if c.Request().Method == http.MethodHead {
			return nil
		}
		_, err = Export(ctx, h.store, res, format, f, h.exportMeta(q))
		if err == nil || ctx.Err() != nil {
			return nil // a reader who hangs up is not a failure
		}
		h.log.Error("export failed", "format", format.Name, "query", q, "err", err)
		panic(http.ErrAbortHandler)
	}
}

func (h *Handler) exportMeta(q string) ExportMeta {
	return ExportMeta{Site: h.site, BaseURL: h.baseURL, Query: q, Created: h.store.Now().UTC()}
}

// --- CSV: one row per event, RFC 4180 as encoding/csv writes it.

type csvExport struct{ w *csv.Writer }

var csvHeader = []string{"id", "permalink", "title", "summary", "type", "start", "end", "precision",
	"date_words", "place", "lat", "lon", "actors", "sources", "updated", "version", "licence"}

func (x *csvExport) head(w *bufio.Writer, m ExportMeta) error {
	x.w = csv.NewWriter(w)
	return x.w.Write(csvHeader)
}

func float(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func (x *csvExport) event(w *bufio.Writer, m ExportMeta, e *models.ExportEvent) error {
	var place, lat, lon string
	if e.Place != nil {
		place, lat, lon = e.Place.Name, float(e.Place.Lat), float(e.Place.Lon)
	}
	sources := []byte("[]")
	if len(e.Sources) > 0 {
		var err error
		if sources, err = json.Marshal(jsonSources(e.Sources)); err != nil {
			return err
		}
	}
	return x.w.Write([]string{strconv.FormatInt(e.ID, 10), m.BaseURL + e.Path(), e.Title, e.Summary, e.Type,
		e.DateStart.Format(time.DateOnly), e.DateEnd.Format(time.DateOnly), string(e.Precision), e.DateWords(),
		place, lat, lon, strings.Join(e.Actors, "; "), string(sources),
		e.UpdatedAt.UTC().Format(time.RFC3339), strconv.Itoa(e.Version), licenceName})
}

func (x *csvExport) tail(w *bufio.Writer, m ExportMeta, n int) error {
	x.w.Flush()
	return x.w.Error()
}

// --- JSON: the view's metadata, then its events.

// jsonSources shapes an event's sources as the API does.
func jsonSources(ss []models.ExportSource) []apiSource {
	out := make([]apiSource, 0, len(ss))
	for _, s := range ss {
		j := apiSource{Outlet: s.Outlet, Title: s.Title, URL: s.URL, Quote: s.Quote, Verbatim: s.Verbatim}
		if s.Published != nil {
			j.Published = s.Published.UTC().Format(time.DateOnly)
		}
		if s.URL != "" {
			j.Archive = archiveURL(s.URL, s.Published)
		}
		out = append(out, j)
	}
	return out
}

type jsonEvent struct {
	ID        int64       `json:"id"`
	URL       string      `json:"url"`
	Title     string      `json:"title"`
	Summary   string      `json:"summary"`
	Type      string      `json:"type"`
	TypeName  string      `json:"type_name"`
	Start     string      `json:"start"`
	End       string      `json:"end"`
	Precision string      `json:"precision"`
	DateWords string      `json:"date_words"`
	DateText  string      `json:"date_text,omitempty"`
	Place     string      `json:"place,omitempty"`
	Lat       *float64    `json:"lat,omitempty"`
	Lon       *float64    `json:"lon,omitempty"`
	Actors    []string    `json:"actors"`
	Sources   []apiSource `json:"sources"`
	Updated   string      `json:"updated"`
	Version   int         `json:"version"`
}

func toJSONEvent(m ExportMeta, e *models.ExportEvent) jsonEvent {
	j := jsonEvent{ID: e.ID, URL: m.BaseURL + e.Path(), Title: e.Title, Summary: e.Summary, Type: e.Type,
		TypeName: e.TypeName, Start: e.DateStart.Format(time.DateOnly), End: e.DateEnd.Format(time.DateOnly),
		Precision: string(e.Precision), DateWords: e.DateWords(), DateText: e.DateText,
		Actors: append([]string{}, e.Actors...), Sources: jsonSources(e.Sources),
		Updated: e.UpdatedAt.UTC().Format(time.RFC3339), Version: e.Version}
	if p := e.Place; p != nil {
		j.Place, j.Lat, j.Lon = p.Name, p.Lat, p.Lon
	}
	return j
}

// jsonList writes the elements of a streamed JSON array, a comma before
// all but the first.
type jsonList struct{ n int }

func (l *jsonList) write(w *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if l.n > 0 {
		w.WriteByte(',')
	}
	w.WriteString("\n")
	l.n++
	_, err = w.Write(b)
	return err
}

// metaFields are the members every JSON export opens with.
func metaFields(m ExportMeta) string {
	b, _ := json.Marshal(map[string]string{
		"licence": licenceName, "licence_url": licenceURL, "attribution": m.Licence(),
		"source": m.ViewURL(), "created": m.Created.Format(time.RFC3339),
	})
	return string(b[1 : len(b)-1])
}

type jsonExport struct{ list jsonList }

func (x *jsonExport) head(w *bufio.Writer, m ExportMeta) error {
	_, err := w.WriteString("{" + metaFields(m) + `,"events":[`)
	return err
}

func (x *jsonExport) event(w *bufio.Writer, m ExportMeta, e *models.ExportEvent) error {
	return x.list.write(w, toJSONEvent(m, e))
}

func (x *jsonExport) tail(w *bufio.Writer, m ExportMeta, n int) error {
	_, err := fmt.Fprintf(w, "\n],\"count\":%d}\n", n)
	return err
}

// --- GeoJSON (RFC 7946): a FeatureCollection, one Feature per event; an
// event without coordinates has a null geometry, as the RFC allows.

type geoExport struct{ list jsonList }

func (x *geoExport) head(w *bufio.Writer, m ExportMeta) error {
	_, err := w.WriteString(`{"type":"FeatureCollection",` + metaFields(m) + `,"features":[`)
	return err
}

func (x *geoExport) event(w *bufio.Writer, m ExportMeta, e *models.ExportEvent) error {
	var geometry any
	if p := e.Place; p != nil && p.Lat != nil && p.Lon != nil {
		// RFC 7946: longitude first.
		geometry = map[string]any{"type": "Point", "coordinates": [2]float64{*p.Lon, *p.Lat}}
	}
	return x.list.write(w, map[string]any{
		"type": "Feature", "id": e.ID, "geometry": geometry, "properties": toJSONEvent(m, e),
	})
}

func (x *geoExport) tail(w *bufio.Writer, m ExportMeta, n int) error {
	_, err := w.WriteString("\n]}\n")
	return err
}

// --- TimelineJS3: its JSON format (a title slide and events), whose text
// fields it reads as HTML, so ours are escaped.

type tljsDate struct {
	Year  int `json:"year"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`
}

type tljsText struct {
	Headline string `json:"headline"`
	Text     string `json:"text"`
}

type tljsEvent struct {
	UniqueID    string    `json:"unique_id"`
	StartDate   tljsDate  `json:"start_date"`
	EndDate     *tljsDate `json:"end_date,omitempty"`
	DisplayDate string    `json:"display_date"`
	Group       string    `json:"group"`
	Text        tljsText  `json:"text"`
	Autolink    bool      `json:"autolink"`
}

// tljsDates cuts a range to its precision: a month is year and month, a
// year only the year; anything finer or vaguer is its first and last day.
func tljsDates(e *models.ExportEvent) (tljsDate, *tljsDate) {
	s, end := e.DateStart, e.DateEnd
	switch e.Precision {
	case models.PrecisionYear:
		if s.Year() == end.Year() {
			return tljsDate{Year: s.Year()}, nil
		}
		return tljsDate{Year: s.Year()}, &tljsDate{Year: end.Year()}
	case models.PrecisionMonth:
		start := tljsDate{Year: s.Year(), Month: int(s.Month())}
		if s.Year() == end.Year() && s.Month() == end.Month() {
			return start, nil
		}
		return start, &tljsDate{Year: end.Year(), Month: int(end.Month())}
	}
	start := tljsDate{Year: s.Year(), Month: int(s.Month()), Day: s.Day()}
	if s.Equal(end) {
		return start, nil
	}
	return start, &tljsDate{Year: end.Year(), Month: int(end.Month()), Day: end.Day()}
}

type tljsExport struct{ list jsonList }

func (x *tljsExport) head(w *bufio.Writer, m ExportMeta) error {
	title, err := json.Marshal(map[string]any{"text": tljsText{
		Headline: html.EscapeString(m.Site),
		Text: fmt.Sprintf(`<p>Exported from <a href="%s">%s</a>.</p><p>%s</p>`,
			html.EscapeString(m.ViewURL()), html.EscapeString(m.ViewURL()), html.EscapeString(m.Licence())),
	}})
	if err != nil {
		return err
	}
	_, err = w.WriteString(`{"title":` + string(title) + `,"scale":"human","events":[`)
	return err
}

func (x *tljsExport) event(w *bufio.Writer, m ExportMeta, e *models.ExportEvent) error {
	start, end := tljsDates(e)
	var text strings.Builder
	if e.Summary != "" {
		fmt.Fprintf(&text, "<p>%s</p>", html.EscapeString(e.Summary))
	}
	if e.Place != nil {
		fmt.Fprintf(&text, "<p>%s</p>", html.EscapeString(e.Place.Name))
	}
	for _, s := range e.Sources {
		name := html.EscapeString(strings.TrimSpace(s.Outlet + ", " + s.Title))
		if s.URL != "" {
			name = fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(s.URL), name)
		}
		fmt.Fprintf(&text, "<p>Source: %s</p>", name)
	}
	url := m.BaseURL + e.Path()
	fmt.Fprintf(&text, `<p><a href="%s">%s</a></p>`, html.EscapeString(url), html.EscapeString(url))
	return x.list.write(w, tljsEvent{
		UniqueID: strconv.FormatInt(e.ID, 10), StartDate: start, EndDate: end, DisplayDate: e.DateWords(),
		Group: e.TypeName, Text: tljsText{Headline: html.EscapeString(e.Title), Text: text.String()},
	})
}

func (x *tljsExport) tail(w *bufio.Writer, m ExportMeta, n int) error {
	_, err := w.WriteString("\n]}\n")
	return err
}

// --- iCalendar (RFC 5545): all-day events, CRLF line ends, lines folded
// at 75 octets without splitting a character.

type icsExport struct{ host string }

// icsText escapes a TEXT value: backslash, semicolon, comma and newlines.
var icsText = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// icsLine writes one content line, folded: every physical line is at most
// 75 octets, continuation lines start with a space.
func icsLine(w *bufio.Writer, line string) {
	const max = 75
	width := max
	for len(line) > width {
		cut := width
		for cut > width-utf8.UTFMax && !utf8Start(line[cut]) {
			cut--
		}
		if !utf8Start(line[cut]) {
			cut = width // not UTF-8 here: no character to keep whole
		}
		w.WriteString(line[:cut])
		w.WriteString("\r\n ")
		line = line[cut:]
		width = max - 1 // the leading space counts
	}
	w.WriteString(line)
	w.WriteString("\r\n")
}

// utf8Start reports whether b begins a character (is not a continuation byte).
func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

func (x *icsExport) head(w *bufio.Writer, m ExportMeta) error {
	x.host = strings.TrimPrefix(strings.TrimPrefix(m.BaseURL, "https://"), "http://")
	for _, l := range []string{
		"BEGIN:VCALENDAR", "VERSION:2.0",
		"PRODID:-//" + icsText.Replace(m.Site) + "//Chronology export//EN",
		"CALSCALE:GREGORIAN", "METHOD:PUBLISH",
		"NAME:" + icsText.Replace(m.Site), "X-WR-CALNAME:" + icsText.Replace(m.Site),
		"DESCRIPTION:" + icsText.Replace(m.Licence()), "X-WR-CALDESC:" + icsText.Replace(m.Licence()),
		"URL:" + m.ViewURL(),
	} {
		icsLine(w, l)
	}
	return nil
}

func (x *icsExport) event(w *bufio.Writer, m ExportMeta, e *models.ExportEvent) error {
	url := m.BaseURL + e.Path()
	desc := e.Summary
	if desc != "" {
		desc += "\n\n"
	}
	desc += "Date: " + e.DateWords() + "\n"
	for _, s := range e.Sources {
		desc += "Source: " + strings.TrimSpace(s.Outlet+", "+s.Title)
		if s.URL != "" {
			desc += " " + s.URL
		}
		desc += "\n"
	}
	desc += url + "\n" + m.Licence()
	stamp := e.UpdatedAt.UTC().Format("20060102T150405Z")
	lines := []string{
		"BEGIN:VEVENT",
		"UID:event-" + strconv.FormatInt(e.ID, 10) + "@" + icsText.Replace(x.host),
		"DTSTAMP:" + stamp,
		"LAST-MODIFIED:" + stamp,
		"SEQUENCE:" + strconv.Itoa(e.Version-1),
		"DTSTART;VALUE=DATE:" + e.DateStart.Format("20060102"),
		// DTEND of an all-day event is the day after the last.
		"DTEND;VALUE=DATE:" + e.DateEnd.AddDate(0, 0, 1).Format("20060102"),
		"SUMMARY:" + icsText.Replace(e.Title),
		"DESCRIPTION:" + icsText.Replace(desc),
		"CATEGORIES:" + icsText.Replace(e.TypeName),
		"URL:" + url,
		"TRANSP:TRANSPARENT",
	}
	if p := e.Place; p != nil {
		lines = append(lines, "LOCATION:"+icsText.Replace(p.Name))
		if p.Lat != nil && p.Lon != nil {
			lines = append(lines, "GEO:"+float(p.Lat)+";"+float(p.Lon))
		}
	}
	for _, l := range append(lines, "END:VEVENT") {
		icsLine(w, l)
	}
	return nil
}

func (x *icsExport) tail(w *bufio.Writer, m ExportMeta, n int) error {
	icsLine(w, "END:VCALENDAR")
	return nil
}
