package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
)

// API limits, documented in the README.
const (
	apiDefaultLimit   = 100
	apiDefaultBuckets = 100
)

// apiEvent is an event in the JSON API.
type apiEvent struct {
	ID        int64        `json:"id"`
	Title     string       `json:"title"`
	Summary   string       `json:"summary"`
	Type      string       `json:"type"`
	TypeName  string       `json:"type_name"`
	Colour    string       `json:"colour"`
	Start     string       `json:"start"`
	End       string       `json:"end"`
	Precision string       `json:"precision"`
	DateWords string       `json:"date_words"`
	DateText  string       `json:"date_text,omitempty"`
	Place     string       `json:"place,omitempty"`
	URL       string       `json:"url"`  // absolute: the canonical permalink
	Path      string       `json:"path"` // the same, from the site's root, for our own pages
	Version   int          `json:"version"`
	Updated   string       `json:"updated"`
	Sources   []apiSource  `json:"sources,omitempty"`
	Actors    []string     `json:"actors,omitempty"`
	Location  *apiLocation `json:"location,omitempty"`
	// Marks says where the title and summary match the search q, as parts
	// alternating plain and matching text, plain first.
	Marks *apiMarks `json:"marks,omitempty"`
}

type apiMarks struct {
	Title   []string `json:"title"`
	Summary []string `json:"summary"`
}

type apiSource struct {
	Outlet    string `json:"outlet"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Archive   string `json:"archive_url,omitempty"`
	Published string `json:"published,omitempty"`
	Quote     string `json:"quote,omitempty"`
	// Verbatim says whether quote is the source's own words or a paraphrase.
	Verbatim bool `json:"quote_verbatim"`
}

type apiLocation struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

func (h *Handler) toAPIEvent(e *models.Event) apiEvent {
	it := eventItem(e)
	a := apiEvent{ID: e.ID, Title: e.Title, Summary: e.Summary, Type: e.Type, TypeName: it.TypeName,
		Start: it.Start, End: it.End, Precision: it.Precision, DateWords: it.DateWords, Place: it.Place,
		URL: h.baseURL + it.URL, Path: it.URL, Version: e.Version, Updated: e.UpdatedAt.UTC().Format(time.RFC3339)}
	if e.Category != nil {
		a.Colour = e.Category.Colour
	}
	return a
}

// APIEvents lists published events in a window, a page at a time.
func (h *Handler) APIEvents(c echo.Context) error {
	if err := unknownParams(c.Path(), c.QueryParams()); err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, _, err := h.apiFilter(c)
	if err != nil {
		return err
	}
	f.Limit = apiDefaultLimit
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > models.MaxPage {
			return invalid("limit must be a number from 1 to %d", models.MaxPage)
		}
		f.Limit = n
	}
	page, err := h.store.ListEvents(ctx, f)
	if err != nil {
		return err
	}
	out := struct {
		Events     []apiEvent `json:"events"`
		NextCursor *string    `json:"next_cursor"`
	}{Events: make([]apiEvent, 0, len(page.Events))}
	var marks map[int64]models.Highlight
	if f.Query != "" {
		ids := make([]int64, len(page.Events))
		for i := range page.Events {
			ids[i] = page.Events[i].ID
		}
		if marks, err = h.store.Highlights(ctx, ids, f.Query); err != nil {
			return err
		}
	}
	for i := range page.Events {
		a := h.toAPIEvent(&page.Events[i])
		if m, ok := marks[a.ID]; ok {
			a.Marks = &apiMarks{Title: m.Title, Summary: m.Summary}
		}
		out.Events = append(out.Events, a)
	}
	if page.Next != nil {
		s := page.Next.String()
		out.NextCursor = &s
	}
	return c.JSON(http.StatusOK, out)
}

// APIEvent returns one published event with its sources.
func (h *Handler) APIEvent(c echo.Context) error {
	if err := unknownParams(c.Path(), c.QueryParams()); err != nil {
		return err
	}
	ev, _, err := h.publicEvent(c)
	if err != nil {
		return err
	}
	a := h.toAPIEvent(ev)
	a.DateText = ev.DateText
	a.Sources = []apiSource{}
	for _, es := range ev.Sources {
		if es.Source == nil {
			continue
		}
		s := apiSource{Outlet: es.Source.Outlet, Title: es.Source.Title, Quote: es.Quote, Verbatim: verbatim(es)}
		if u := es.Source.URL; u != nil && *u != "" {
			s.URL, s.Archive = *u, archiveURL(*u, es.Source.PublishedAt)
		}
		if es.Source.PublishedAt != nil {
			s.Published = es.Source.PublishedAt.Format(time.DateOnly)
		}
		a.Sources = append(a.Sources, s)
	}
	for _, ac := range ev.Actors {
		a.Actors = append(a.Actors, ac.Name)
	}
	if p := ev.Place; p != nil {
		a.Location = &apiLocation{Name: p.Name, Kind: p.Kind, Country: p.CountryCode, Lat: p.Lat, Lon: p.Lon}
	}
	return c.JSON(http.StatusOK, a)
}

// APIHistogram counts published events per type in buckets of the window
// (by default the extent of the matching events): equal slices of days, or
// calendar units.
func (h *Handler) APIHistogram(c echo.Context) error {
	if err := unknownParams(c.Path(), c.QueryParams()); err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, cats, err := h.apiFilter(c)
	if err != nil {
		return err
	}
	cut, auto, err := readCut(c.QueryParams())
	if err != nil {
		return err
	}
	type apiType struct {
		Slug   string `json:"slug"`
		Name   string `json:"name"`
		Colour string `json:"colour"`
	}
	type apiBucket struct {
		Start  string         `json:"start"`
		End    string         `json:"end"`
		Total  int            `json:"total"`
		Counts map[string]int `json:"counts"`
	}
	type apiExtent struct {
		Start string `json:"start"`
		End   string `json:"end"`
	}
	out := struct {
		From       *string     `json:"from"`
		To         *string     `json:"to"`
		Extent     *apiExtent  `json:"extent,omitempty"`
		Unit       models.Unit `json:"unit,omitempty"`
		BucketDays int         `json:"bucket_days,omitempty"`
		Total      int         `json:"total"`
		// CountCap is where the pages' count line of this view stops
		// counting (see countCap), when it does: past it, the timeline's
		// script says "More than 1,000 events" as the page does, not the
		// exact total.
		CountCap int         `json:"count_cap,omitempty"`
		Buckets  []apiBucket `json:"buckets"`
		Types    []apiType   `json:"types"`
	}{Buckets: []apiBucket{}, Types: []apiType{}}
	for _, cat := range cats {
		out.Types = append(out.Types, apiType{cat.Slug, cat.Name, cat.Colour})
	}
	if !f.CountsExactly() {
		out.CountCap = countCap
	}
	if f.From.IsZero() || f.To.IsZero() {
		from, to, ok, err := h.store.Extent(ctx, f)
		if err != nil {
			return err
		}
		if !ok {
			return c.JSON(http.StatusOK, out)
		}
		// The window widens to whole units; the matches' own span is worth knowing.
		out.Extent = &apiExtent{from.Format(time.DateOnly), to.Format(time.DateOnly)}
		if f.From.IsZero() {
			f.From = from
		}
		if f.To.IsZero() {
			f.To = to
		}
		if f.To.Before(f.From) {
			return c.JSON(http.StatusOK, out)
		}
	}
	if auto {
		cut.Unit = finestUnit(f.From, f.To, cut.Buckets)
	} else if cut.Unit != "" {
		if n := cut.Unit.Count(f.From, f.To); n > models.MaxBuckets {
			return invalid("by %s, this window has %d buckets, more than %d: choose a coarser unit, a shorter window or unit=auto", cut.Unit, n, models.MaxBuckets)
		}
	}
	hist, err := h.store.Histogram(ctx, f, cut)
	if err != nil {
		return err
	}
	from, to := hist.From.Format(time.DateOnly), hist.To.Format(time.DateOnly)
	out.From, out.To, out.Unit, out.BucketDays, out.Total = &from, &to, hist.Unit, hist.BucketDays, hist.Total
	for _, b := range hist.Buckets {
		out.Buckets = append(out.Buckets, apiBucket{b.Start.Format(time.DateOnly), b.End.Format(time.DateOnly), b.Total, b.Counts})
	}
	return c.JSON(http.StatusOK, out)
}

// readCut reads how a histogram is cut: buckets and unit. auto
// means the unit is to be chosen once the window is known.
func readCut(q url.Values) (cut models.Cut, auto bool, err error) {
	unit := q.Get("unit")
	cut.Buckets = apiDefaultBuckets
	if s := q.Get("buckets"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > models.MaxBuckets {
			return cut, false, invalid("buckets must be a number from 1 to %d", models.MaxBuckets)
		}
		if unit != "" && unit != "auto" {
			return cut, false, invalid("buckets goes with unit=auto or no unit: by %s, the unit sets the buckets", unit)
		}
		cut.Buckets = n
	}
	switch u := models.Unit(unit); {
	case unit == "":
	case unit == "auto":
		auto = true
	case u.Valid():
		cut.Unit = u
	default:
		return cut, false, invalid("unit must be auto, day, week, month, quarter, year or decade")
	}
	return cut, auto, nil
}

// finestUnit is the finest calendar unit that cuts from..to into at most
// buckets buckets, or the coarsest unit when none does.
func finestUnit(from, to time.Time, buckets int) models.Unit {
	for _, u := range models.Units {
		if u.Count(from, to) <= buckets {
			return u
		}
	}
	return models.Units[len(models.Units)-1]
}

// apiFilter validates the filter parameters against the event types, and
// returns the types too for handlers that describe them.
func (h *Handler) apiFilter(c echo.Context) (models.Filter, []models.Category, error) {
	cats, err := h.store.Categories(c.Request().Context())
	if err != nil {
		return models.Filter{}, nil, err
	}
	form, err := readFilterForm(c.Request().URL.RawQuery)
	if err != nil {
		return models.Filter{}, nil, err
	}
	f, err := form.filter(cats)
	return f, cats, err
}
