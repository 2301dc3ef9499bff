package web

import (
	"fmt"
	"net/http"

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
	id, ok := parseID(c.Param("id"))
	if !ok {
		return nil, 0, fmt.Errorf("web: event %q: %w", clip(c.Param("id"), 30), models.ErrNotFound)
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
	v := views.EventView{
		Page:      h.page(ev.Title+" · Timeline", ev.Summary),
		Event:     item,
		DateText:  ev.DateText,
		Precision: precisionWords[ev.DatePrecision],
		Permalink: h.baseURL + ev.Path(),
	}
	v.Page.Canonical = v.Permalink
	for _, a := range ev.Actors {
		v.Actors = append(v.Actors, a.Name)
	}
	for _, es := range ev.Sources {
		if es.Source == nil {
			continue
		}
		s := views.SourceItem{Outlet: es.Source.Outlet, Title: es.Source.Title, Quote: es.Quote,
			Verbatim: verbatim(es)}
		if es.Source.URL != nil {
			s.URL = *es.Source.URL
		}
		if p := es.Source.PublishedAt; p != nil {
			s.Published = p.Format("2 January 2006")
			s.Datetime = p.Format("2006-01-02")
		}
		v.Sources = append(v.Sources, s)
	}
	v.Citation = fmt.Sprintf("“%s” (%s). Timeline, event %d. %s", ev.Title, item.DateWords, ev.ID, v.Permalink)
	return render(c, http.StatusOK, views.EventPage(v))
}
