package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// pageSize is how many events one server-rendered page lists.
const pageSize = 200

// maxActorSuggestions caps the names the actor field suggests.
const maxActorSuggestions = 300

// Chronology renders the list of published events, grouped by month, for
// the window and filters in the query string.
func (h *Handler) Chronology(c echo.Context) error {
	ctx := c.Request().Context()
	sh, err := h.shared(ctx)
	if err != nil {
		return err
	}
	cats, places, actors := sh.cats, sh.places, sh.actors
	form, err := readFilterForm(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	// A reader who mistyped a type (or followed an old link) gets the page
	// with a notice; the API, read by programs, refuses it.
	var unknown []string
	form.Types, unknown = knownTypes(form.Types, cats)
	f, err := form.filter(cats)
	if err != nil {
		return err
	}
	vw := view{form: form, filter: f, cats: cats, parts: sh, query: form.canonical()}
	vw.filter.After, vw.filter.Before = nil, nil
	focused, err := h.focusEvent(c, form, &f)
	if err != nil {
		return err
	}
	var focus int64
	if focused != nil {
		focus = focused.ID
	}
	// The focused event moved the list's start: the view itself (and so the
	// From field) is still what the reader asked for.
	moved := !f.From.Equal(vw.filter.From)
	f.Limit = pageSize
	page, err := h.listPage(ctx, sh, f)
	if err != nil {
		return err
	}
	paged := form.Cursor != "" || form.Before != ""
	// A month of more than a page may hold the event past the first page:
	// the page then starts at the event itself, its month's earlier events
	// a click away.
	if moved && page.Next != nil && !slices.ContainsFunc(page.Events, func(e models.Event) bool { return e.ID == focus }) {
		f.After = &models.Cursor{Date: focused.DateStart, ID: focused.ID - 1}
		if page, err = h.listPage(ctx, sh, f); err != nil {
			return err
		}
		paged = true
	}
	total := tally{n: len(page.Events)}
	if page.Next != nil || paged {
		if total, err = sh.count(ctx, h.store, f); err != nil {
			return err
		}
	}
	v := views.ChronologyView{
		Page:     h.page("Timeline: the mobilization, event by event", "A sourced chronology of Russia’s wartime mobilization."),
		Count:    len(page.Events),
		Total:    total.n,
		More:     total.more,
		Paged:    paged,
		From:     dayOrEmpty(vw.filter.From),
		To:       dayOrEmpty(vw.filter.To),
		Query:    form.Query,
		Actor:    strings.Join(form.Actors, ", "),
		Actors:   actors,
		Filtered: form.From != "" || form.To != "" || form.Query != "" || len(form.Types) > 0 || len(form.Places) > 0 || len(form.Actors) > 0,
		ResetURL: "/",
		Focus:    focus,
		Unknown:  unknownNotice(unknown, cats),
	}
	if moved {
		v.Since = f.From.Format("January 2006")
	}
	for _, cat := range cats {
		v.Types = append(v.Types, views.Option{Value: cat.Slug, Label: cat.Name, Selected: slices.Contains(form.Types, cat.Slug)})
	}
	for _, p := range places {
		chosen := slices.ContainsFunc(form.Places, func(name string) bool { return strings.EqualFold(name, p.Name) })
		v.Places = append(v.Places, views.Option{Value: p.Name, Label: p.Name, Selected: chosen})
	}
	v.Months = groupByMonth(page.Events)
	if f.Query != "" {
		if err := h.markMatches(ctx, v.Months, f.Query, page.Marks); err != nil {
			return err
		}
	}
	// Page links carry the view and the position, not the focus: the
	// reader has moved on from the event they opened.
	if page.Next != nil {
		v.NextURL = withParam("/", vw.query, "cursor", page.Next.String())
	}
	if prev, err := h.earlier(ctx, vw.filter, f, page, moved); err != nil {
		return err
	} else if prev != nil {
		v.PrevURL = withParam("/", vw.query, "before", prev.String())
	}
	if paged {
		v.Page.NoIndex = true
	}
	if err := h.shareView(c, &v, vw, total, moved); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.Chronology(v))
}

// listPage is a page of the list: the events as ListEventsBrief reads them,
// with their types and places from the shared parts. An event whose type
// or place those do not hold (published after they were read) has the page
// read again in full.
func (h *Handler) listPage(ctx context.Context, sh *shared, f models.Filter) (models.Page, error) {
	page, err := h.store.ListEventsBrief(ctx, f)
	if err != nil {
		return page, err
	}
	for i := range page.Events {
		e := &page.Events[i]
		var ok bool
		if e.Category, ok = sh.catBySlug[e.Type]; !ok {
			return h.store.ListEvents(ctx, f)
		}
		if e.PlaceID != nil {
			if e.Place, ok = sh.placeByID[*e.PlaceID]; !ok {
				return h.store.ListEvents(ctx, f)
			}
		}
	}
	return page, nil
}

// earlier is where the page before this one ends (the position of this
// page's first event), or nil when the view has nothing earlier. Only a
// page that does not start the view can have earlier events: one reached
// by a cursor, or one a focused event moved.
func (h *Handler) earlier(ctx context.Context, whole, f models.Filter, page models.Page, moved bool) (*models.Cursor, error) {
	switch {
	case len(page.Events) == 0:
		return nil, nil
	case f.Before != nil:
		return page.Prev, nil
	case f.After == nil && !moved:
		return nil, nil
	}
	first := models.Cursor{Date: page.Events[0].DateStart, ID: page.Events[0].ID}
	whole.Before, whole.Limit = &first, 1
	p, err := h.store.ListEventsBrief(ctx, whole)
	if err != nil || len(p.Events) == 0 {
		return nil, err
	}
	return &first, nil
}

// knownTypes splits the types asked for into the known and the unknown.
func knownTypes(asked []string, cats []models.Category) (known, unknown []string) {
	for _, t := range asked {
		if slices.ContainsFunc(cats, func(c models.Category) bool { return c.Slug == t }) {
			known = append(known, t)
		} else {
			unknown = append(unknown, t)
		}
	}
	return known, unknown
}

// unknownNotice tells the reader which types were left out and names the
// types there are, as the filter shows them.
func unknownNotice(unknown []string, cats []models.Category) string {
	if len(unknown) == 0 {
		return ""
	}
	shown := make([]string, 0, 3)
	for i, u := range unknown {
		if i == 3 {
			shown = append(shown, "…")
			break
		}
		shown = append(shown, "“"+clip(u, 40)+"”")
	}
	names := make([]string, len(cats))
	for i, c := range cats {
		names[i] = c.Name
	}
	what := "There is no event type " + shown[0] + ", so the filter leaves it out"
	if len(unknown) > 1 {
		what = "There are no event types " + andList(shown) + ", so the filter leaves them out"
	}
	return what + ". The types are " + andList(names) + "."
}

// focusEvent reads focus=ID. Without a window or a page of its own, the
// list then opens at the month of that event, so the link works without
// JavaScript too; the reader's filters stay as they are. An event that is
// not published is ignored (nil, no error): the page still answers.
func (h *Handler) focusEvent(c echo.Context, form filterForm, f *models.Filter) (*models.Event, error) {
	if form.Focus == "" {
		return nil, nil
	}
	id, ok := parseID(form.Focus)
	if !ok {
		return nil, invalid("focus must be an event number")
	}
	ev, err := h.store.PublicEvent(c.Request().Context(), id)
	if errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrGone) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if f.From.IsZero() && f.To.IsZero() && f.After == nil && f.Before == nil {
		d := ev.ListDay() // the month the list files it under
		f.From = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return ev, nil
}

// markMatches marks where the listed events match the search: hl, as
// the page was read with them, or else as Highlights finds them.
func (h *Handler) markMatches(ctx context.Context, months []views.Month, query string, hl map[int64]models.Highlight) error {
	if hl == nil {
		var ids []int64
		for _, m := range months {
			for _, e := range m.Events {
				ids = append(ids, e.ID)
			}
		}
		var err error
		if hl, err = h.store.Highlights(ctx, ids, query); err != nil {
			return err
		}
	}
	for _, m := range months {
		for i := range m.Events {
			if x, ok := hl[m.Events[i].ID]; ok {
				m.Events[i].TitleMarks, m.Events[i].SummaryMarks = x.Title, x.Summary
			}
		}
	}
	return nil
}

// groupByMonth puts events under the month of their list day (the report's
// day for a reported event, otherwise the first day; see models.ListDay),
// in the order of that day. They arrive in the order of their first days, so
// a reported event whose range opens earlier moves down among the events of
// its report's day; across pages it stays on the page the store's order puts
// it on.
func groupByMonth(evs []models.Event) []views.Month {
	order := make([]*models.Event, len(evs))
	for i := range evs {
		order[i] = &evs[i]
	}
	slices.SortStableFunc(order, func(a, b *models.Event) int { return a.ListDay().Compare(b.ListDay()) })
	var months []views.Month
	for _, e := range order {
		d := e.ListDay()
		id := d.Format("2006-01")
		if len(months) == 0 || months[len(months)-1].ID != id {
			months = append(months, views.Month{ID: id, Label: d.Format("January 2006")})
		}
		m := &months[len(months)-1]
		m.Events = append(m.Events, eventItem(e))
	}
	return months
}

// eventItem shapes an event for the screen.
func eventItem(e *models.Event) views.EventItem {
	// A list writes three dates per event, most of them the same day.
	start, end := isoDay(e.DateStart), ""
	if end = start; !e.DateEnd.Equal(e.DateStart) {
		end = isoDay(e.DateEnd)
	}
	it := views.EventItem{
		ID:        e.ID,
		URL:       e.Path(),
		Title:     e.Title,
		Summary:   e.Summary,
		DateWords: e.DateWords(),
		Datetime:  datetimeAttr(e, start, end),
		Start:     start,
		End:       end,
		Precision: string(e.DatePrecision),
		Type:      e.Type,
		TypeName:  e.Type,
	}
	if e.Category != nil {
		it.TypeName = e.Category.Name
	}
	if e.Place != nil {
		it.Place = e.Place.Name
	}
	return it
}

// datetimeAttr is the most precise valid HTML date for the event that its
// words do not contradict: a day, a month or a year; the report's day for a
// reported event (as its words and its month in the list); the first day of
// other ranges, whose words begin with it. start and end are the event's
// first and last days as isoDay writes them.
func datetimeAttr(e *models.Event, start, end string) string {
	layout := ""
	switch e.DatePrecision {
	case models.PrecisionMonth:
		layout = "2006-01"
	case models.PrecisionYear, models.PrecisionHalfYear, models.PrecisionQuarter:
		layout = "2006"
	}
	if layout != "" {
		if len(start) == len(time.DateOnly) { // four-digit year: a prefix
			return start[:len(layout)]
		}
		return e.DateStart.Format(layout)
	}
	switch d := e.ListDay(); {
	case d.Equal(e.DateStart):
		return start
	case d.Equal(e.DateEnd):
		return end
	default:
		return isoDay(d)
	}
}

// isoDay writes t's day as 2006-01-02, as time.Format would for a year
// of four digits, in one allocation.
func isoDay(t time.Time) string {
	y, m, d := t.Date()
	if y < 1000 || y > 9999 {
		return t.Format(time.DateOnly)
	}
	b := []byte("0000-00-00")
	b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[5], b[6] = byte('0'+int(m)/10), byte('0'+int(m)%10)
	b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	return string(b)
}

// CategoriesCSS serves the category colours as custom properties, so the
// strict CSP (no inline styles) still lets admins add types with colours.
func (h *Handler) CategoriesCSS(c echo.Context) error {
	cats, err := h.store.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, cat := range cats {
		// Slugs and colours are constrained by the schema, so they are safe here.
		fmt.Fprintf(&b, ".cat-%s{--cat:%s}\n", cat.Slug, cat.Colour)
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", []byte(b.String()))
}

func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// shareView gives the chronology page its canonical link, share card,
// discovery links and the block to cite, download and embed the view.
// recount says the page's total is not the view's (a focused event moved
// the list's start).
func (h *Handler) shareView(c echo.Context, v *views.ChronologyView, vw view, total tally, recount bool) error {
	if recount {
		total = tally{n: -1}
	}
	w, err := h.viewWork(c, vw, total)
	if err != nil {
		return err
	}
	if len(vw.query) > 0 {
		v.Page.Title = w.Title + " · " + h.site
		v.Page.Description = "A sourced chronology: " + w.Title + "."
	}
	v.Page.Canonical = w.URL
	v.Page.Meta = h.viewMeta(w.Title, vw.query)
	v.Share = h.viewShare(w, vw.query)
	return nil
}
