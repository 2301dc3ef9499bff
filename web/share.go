package web

import (
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// view is a chronology view read from a query string: what exports, feeds,
// citations, embeds and share images of "exactly this view" all start from.
type view struct {
	form   filterForm
	filter models.Filter
	cats   []models.Category
	parts  *shared // the shared parts it was read with
	// query is the view's canonical query string: its filters and window,
	// without the page (cursor) or the open event (focus).
	query url.Values
}

// readView validates the chronology's query string as the chronology does.
func (h *Handler) readView(c echo.Context) (view, error) {
	vw, _, err := h.readViewAs(c, false)
	return vw, err
}

// readReadersView is readView for a page people read: a type nobody knows
// (a typo, an old link) is left out and named in the notice it returns,
// as on the chronology, instead of refusing the page.
func (h *Handler) readReadersView(c echo.Context) (view, string, error) {
	return h.readViewAs(c, true)
}

func (h *Handler) readViewAs(c echo.Context, lenient bool) (view, string, error) {
	sh, err := h.shared(c.Request().Context())
	if err != nil {
		return view{}, "", err
	}
	cats := sh.cats
	form, err := readFilterForm(c.Request().URL.RawQuery)
	if err != nil {
		return view{}, "", err
	}
	var notice string
	if lenient {
		var unknown []string
		form.Types, unknown = knownTypes(form.Types, cats)
		notice = unknownNotice(unknown, cats)
	}
	f, err := form.filter(cats)
	if err != nil {
		return view{}, "", err
	}
	f.After, f.Before = nil, nil // a view is every page of it
	return view{form: form, filter: f, cats: cats, parts: sh, query: form.canonical()}, notice, nil
}

// canonical is the form's view as a query string: parameters in a fixed
// order, types sorted, no paging, so one view has one URL.
func (f filterForm) canonical() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("from", f.From)
	set("to", f.To)
	types := slices.Clone(f.Types)
	slices.Sort(types)
	if len(types) > 0 {
		q["type"] = types
	}
	if len(f.Places) > 0 {
		q["place"] = f.Places
	}
	if len(f.Actors) > 0 {
		q["actor"] = f.Actors
	}
	set("q", f.Query)
	if f.Ongoing == "skip" {
		q.Set("ongoing", "skip")
	}
	return q
}

// with returns "path?query" with one more parameter.
func withParam(path string, q url.Values, k, v string) string {
	q2 := url.Values{}
	for key, vs := range q {
		q2[key] = vs
	}
	q2.Set(k, v)
	return path + "?" + q2.Encode()
}

// pathWith is path with the query string, when there is one.
func pathWith(path string, q url.Values) string {
	if s := q.Encode(); s != "" {
		return path + "?" + s
	}
	return path
}

// title names the view from its filters and says how many events it holds,
// for share cards and citations: "Protest in Dagestan, September 2022: 12 events".
func (v view) title(n tally) string { return v.name() + ": " + n.words() }

// name names the view from its filters: "Protest in Dagestan, September 2022".
func (v view) name() string {
	var b strings.Builder
	if len(v.form.Types) == 0 {
		b.WriteString("Events")
	} else {
		var names []string
		for _, t := range v.form.Types {
			for _, c := range v.cats {
				if c.Slug == t {
					names = append(names, c.Name)
				}
			}
		}
		for i := 1; i < len(names); i++ {
			names[i] = strings.ToLower(names[i][:1]) + names[i][1:]
		}
		b.WriteString(andList(names))
	}
	if len(v.form.Places) > 0 {
		b.WriteString(" in " + andList(v.form.Places))
	}
	if len(v.form.Actors) > 0 {
		b.WriteString(" naming " + andList(v.form.Actors))
	}
	if v.form.Query != "" {
		b.WriteString(" matching “" + v.form.Query + "”")
	}
	if w := windowWords(v.filter.From, v.filter.To); w != "" {
		b.WriteString(", " + w)
	}
	return b.String()
}

// thousands writes a count with commas between thousands.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// andList joins names as English does: "a", "a and b", "a, b and c".
func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// windowWords says a window in words: a whole month or year by its name,
// open ends as "since" and "until".
func windowWords(from, to time.Time) string {
	day := func(t time.Time) string { return t.Format("2 January 2006") }
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return "since " + day(from)
	case from.IsZero():
		return "until " + day(to)
	case from.Day() == 1 && to.AddDate(0, 0, 1).Day() == 1 && from.Year() == to.Year() && from.Month() == to.Month():
		return from.Format("January 2006")
	case from.YearDay() == 1 && to.Month() == time.December && to.Day() == 31:
		if from.Year() == to.Year() {
			return fmt.Sprint(from.Year())
		}
		return fmt.Sprintf("%d–%d", from.Year(), to.Year())
	}
	return models.DateWords(from, to, models.PrecisionRange)
}

// exportFormats are the downloads of a view, in menu order.
var exportFormats = []struct{ kind, label, path, note string }{
	{"csv", "CSV", "/export/events.csv", "spreadsheets"},
	{"json", "JSON", "/export/events.json", "code"},
	{"geojson", "GeoJSON", "/export/events.geojson", "maps"},
	{"timelinejs", "TimelineJS JSON", "/export/timelinejs.json", "TimelineJS3"},
	{"ics", "Calendar (ICS)", "/export/events.ics", "calendar apps"},
	{"atom", "Atom feed", "/feed.atom", "feed readers: new and corrected events"},
}

// viewShare is the share block of a chronology view.
func (h *Handler) viewShare(w work, q url.Values) views.Share {
	s := views.Share{What: "view", Citations: citations(w), CiteFiles: citeFiles(pathWith("/cite", q)), FollowsView: true}
	for _, f := range exportFormats {
		s.Downloads = append(s.Downloads, views.Link{Label: f.label, URL: pathWith(f.path, q), Note: f.note, Kind: f.kind})
	}
	s.EmbedCode = iframeCode(h.viewURL("/embed", q), w.Title+" · "+h.site, defaultEmbedWidth, defaultViewHeight)
	return s
}

// eventShare is the share block of a permalink.
func (h *Handler) eventShare(w work, id int64, version int) views.Share {
	s := views.Share{What: "event", Citations: citations(w), CiteFiles: citeFiles(fmt.Sprintf("/events/%d/cite", id))}
	s.Downloads = []views.Link{
		{Label: "JSON", URL: fmt.Sprintf("/api/v1/events/%d", id), Note: "code", Kind: "json"},
		{Label: "Share image (PNG)", URL: eventImagePath(id, version), Note: "1200 × 630", Kind: "png"},
	}
	s.EmbedCode = iframeCode(fmt.Sprintf("%s/embed/events/%d", h.baseURL, id), w.Title+" · "+h.site, defaultEmbedWidth, defaultCardHeight)
	return s
}

// The size of an embed when the host page says nothing.
const (
	defaultEmbedWidth = 640
	defaultCardHeight = 300
	defaultViewHeight = 560
)

// iframeCode is the one element another page pastes to embed us. The
// sandbox lets the embed run its own scripts and open our pages in a new
// tab, and nothing else: no access to the host page, no forms.
func iframeCode(src, title string, width, height int) string {
	return fmt.Sprintf(`<iframe src="%s" width="%d" height="%d" title="%s" loading="lazy" `+
		`sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" `+
		`style="border:0;max-width:100%%"></iframe>`,
		html.EscapeString(src), width, height, html.EscapeString(title))
}

// viewMeta is the share card and discovery links of a chronology view.
func (h *Handler) viewMeta(title string, q url.Values) views.Meta {
	canonical := h.viewURL("/", q)
	return views.Meta{
		URL:       canonical,
		Type:      "website",
		Image:     h.viewURL("/share.png", q),
		ImageAlt:  title,
		OEmbed:    h.baseURL + "/oembed?" + url.Values{"url": {canonical}, "format": {"json"}}.Encode(),
		Feed:      pathWith("/feed.atom", q),
		FeedTitle: title + " · " + h.site,
	}
}
