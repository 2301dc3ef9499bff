package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// precisionWords says how exactly an event's date is known.
var precisionWords = map[models.Precision]string{
	models.PrecisionDay:       "known to the day",
	models.PrecisionWeek:      "known to the week",
	models.PrecisionMonthPart: "known to part of the month",
	models.PrecisionMonth:     "known to the month",
	models.PrecisionSeason:    "known to the season",
	models.PrecisionHalfYear:  "known to the half-year",
	models.PrecisionQuarter:   "known to the quarter",
	models.PrecisionYear:      "known to the year",
	models.PrecisionRange:     "a span of time",
	models.PrecisionReported:  "not dated by the source: dated by the report",
}

// verbatim reports whether a citation's quote is the source's own words: it
// must stand at its offsets in the stored body. Curated citations without a
// body are paraphrases and are never dressed as quotes.
func verbatim(es models.EventSource) bool {
	if es.Source == nil || es.QuoteStart == nil || es.QuoteEnd == nil {
		return false
	}
	body, start, end := es.Source.Body, *es.QuoteStart, *es.QuoteEnd
	return start >= 0 && start <= end && end <= len(body) && body[start:end] == es.Quote
}

// publicEvent resolves the :id of the path to the event a reader should see
// (see models.Store.PublicEvent) and returns the id that was asked for.
func (h *Handler) publicEvent(c echo.Context) (*models.Event, int64, error) {
	id, err := eventParam(c)
	if err != nil {
		return nil, 0, err
	}
	ev, err := h.store.PublicEvent(c.Request().Context(), id)
	return ev, id, err
}

// Event renders the permalink page of one event. Any URL that names the
// event but is not its canonical form (no slug, an old slug, a merged id)
// answers 301 to the canonical one, so links never break.
func (h *Handler) Event(c echo.Context) error {
	ev, asked, err := h.publicEvent(c)
	if err != nil {
		return err
	}
	if ev.ID != asked || c.Param("slug") != ev.Slug {
		return c.Redirect(http.StatusMovedPermanently, ev.Path())
	}
	item := eventItem(ev)
	w := h.eventWork(ev.ID, ev.Title, item.DateWords, ev.Path(), ev.UpdatedAt, ev.Version)
	v := views.EventView{
		Page:      h.page(ev.Title+" · "+h.site, ev.Summary),
		Event:     item,
		DateText:  ev.DateText,
		Precision: precisionWords[ev.DatePrecision],
		Permalink: w.URL,
		Updated:   ev.UpdatedAt.UTC().Format("2 January 2006"),
		UpdatedAt: ev.UpdatedAt.UTC().Format(time.RFC3339),
		Version:   ev.Version,
		Share:     h.eventShare(w, ev.ID, ev.Version),
	}
	v.Page.Canonical = v.Permalink
	v.Page.Meta = views.Meta{
		URL:       v.Permalink,
		Type:      "article",
		Image:     h.baseURL + eventImagePath(ev.ID, ev.Version),
		ImageAlt:  fmt.Sprintf("%s, %s", ev.Title, item.DateWords),
		OEmbed:    h.baseURL + "/oembed?" + url.Values{"url": {v.Permalink}, "format": {"json"}}.Encode(),
		Feed:      "/feed.atom",
		FeedTitle: "New and corrected events · " + h.site,
		JSONLD:    h.eventJSONLD(ev),
	}
	for _, a := range ev.Actors {
		v.Actors = append(v.Actors, a.Name)
	}
	for _, es := range ev.Sources {
		if es.Source == nil {
			continue
		}
		v.Sources = append(v.Sources, sourceItem(es))
	}
	if err := h.corrections(c.Request().Context(), ev.ID, &v); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.EventPage(v))
}

// sourceItem shapes a cited source for the screen: its link and the
// archive's copy when it has a URL, its date, and whether its title is
// the report's own or the editors' description of an untitled one.
func sourceItem(es models.EventSource) views.SourceItem {
	src := es.Source
	s := views.SourceItem{Outlet: src.Outlet, Title: src.Title, Quote: es.Quote, Verbatim: verbatim(es)}
	if t := strings.TrimSpace(src.Title); strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		s.Title, s.Supplied = strings.TrimSpace(t[1:len(t)-1]), true
	}
	if p := src.PublishedAt; p != nil {
		s.Published = p.Format("2 January 2006")
		s.Datetime = p.Format("2006-01-02")
	}
	if src.URL != nil && *src.URL != "" {
		s.URL = *src.URL
		s.Archive = archiveURL(*src.URL, src.PublishedAt)
	}
	return s
}

// archiveURL is the Wayback Machine's address for the copy of u nearest
// the day it was published (or the latest copy when the day is unknown).
func archiveURL(u string, published *time.Time) string {
	stamp := "2"
	if published != nil {
		stamp = published.UTC().Format("20060102")
	}
	return "https://web.archive.org/web/" + stamp + "/" + u
}

// eventParam is the event id in the route's path; one that is not an id
// is an event that does not exist (404).
func eventParam(c echo.Context) (int64, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return 0, fmt.Errorf("web: event %q: %w", clip(c.Param("id"), 30), models.ErrNotFound)
	}
	return id, nil
}
