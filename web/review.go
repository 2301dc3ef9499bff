package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// eventForm is the review screen's edit form.
type eventForm struct {
	Version   string `form:"version"`
	Title     string `form:"title"`
	Summary   string `form:"summary"`
	Type      string `form:"type"`
	DateStart string `form:"date_start"`
	DateEnd   string `form:"date_end"`
	Precision string `form:"precision"`
	DateText  string `form:"date_text"`
	Actors    string `form:"actors"` // one a line
	Note      string `form:"note"`
}

func reviewPath(id int64) string { return "/admin/review/" + strconv.FormatInt(id, 10) }

// reviewEvent is the event the path's :id names, whatever its status.
func (h *Handler) reviewEvent(c echo.Context) (*models.Event, error) {
	id, err := eventParam(c)
	if err != nil {
		return nil, err
	}
	return h.store.Event(c.Request().Context(), id)
}

// Review is /admin/review/{id}: the draft's sources with the evidence
// marked, beside its fields and the decisions.
func (h *Handler) Review(c echo.Context) error {
	ev, err := h.reviewEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == models.StatusMerged {
		return c.Redirect(http.StatusSeeOther, reviewPath(*ev.MergedIntoID))
	}
	return h.reviewPage(c, http.StatusOK, ev, formOf(ev), "", nil)
}

// formOf is the edit form holding ev's fields as stored.
func formOf(ev *models.Event) views.EventForm {
	return views.EventForm{Title: views.Field{Value: ev.Title}, Summary: views.Field{Value: ev.Summary},
		Type: views.Field{Value: ev.Type}, DateStart: views.Field{Value: ev.DateStart.Format(time.DateOnly)},
		DateEnd: views.Field{Value: ev.DateEnd.Format(time.DateOnly)}, Precision: views.Field{Value: string(ev.DatePrecision)},
		DateText: views.Field{Value: ev.DateText}, Actors: views.Field{Value: actorLines(ev)}}
}

func actorLines(ev *models.Event) string {
	names := make([]string, 0, len(ev.Actors))
	for _, a := range ev.Actors {
		names = append(names, a.Name)
	}
	return strings.Join(names, "\n")
}

func (h *Handler) reviewPage(c echo.Context, status int, ev *models.Event, form views.EventForm, msg string, changed []views.ChangedField) error {
	ctx := c.Request().Context()
	cats, err := h.store.Categories(ctx)
	if err != nil {
		return err
	}
	next, err := h.store.NextDraft(ctx, ev.ID)
	if err != nil {
		return err
	}
	prev, err := h.store.PrevDraft(ctx, ev.ID)
	if err != nil {
		return err
	}
	v := views.ReviewView{AdminPage: h.reviewShell(c, "Review "+ev.Title), ID: ev.ID,
		Status: string(ev.Status), Version: ev.Version, Form: form, Error: msg, Changed: changed, Undo: undoOffer(c)}
	if next != 0 {
		v.Next = reviewPath(next)
	}
	if prev != 0 {
		v.Prev = reviewPath(prev)
	}
	if ev.Status == models.StatusDraft || ev.Status == models.StatusPublished {
		if v.Suggestions, err = h.suggestions(ctx, ev, cats); err != nil {
			return err
		}
	}
	for _, cat := range cats {
		v.Types = append(v.Types, views.Option{Value: cat.Slug, Label: cat.Name})
	}
	for _, p := range models.Precisions {
		v.Precisions = append(v.Precisions, views.Option{Value: string(p), Label: precisionWords[p]})
	}
	for _, es := range ev.Sources {
		if es.Source == nil {
			continue
		}
		p := views.EvidencePassage{Outlet: es.Source.Outlet, Title: es.Source.Title, Quote: es.Quote,
			Verbatim: verbatim(es), Parts: []string{es.Source.Body}}
		if p.Verbatim {
			// verbatim checked the offsets: the body cuts cleanly at them.
			body, start, end := es.Source.Body, *es.QuoteStart, *es.QuoteEnd
			p.Parts = []string{body[:start], body[start:end], body[end:]}
			p.Pieces = pieces(body[start:end], ev)
		}
		if es.Source.PublishedAt != nil {
			p.Published = es.Source.PublishedAt.Format("2 January 2006")
		}
		v.Sources = append(v.Sources, p)
	}
	return render(c, status, views.ReviewPage(v))
}

// SaveEvent is POST /admin/events/{id}: the edit form. A refused field
// shows the form again with the reason; a stale version answers 409 with
// this editor's input kept and what the other editor saved beside it.
func (h *Handler) SaveEvent(c echo.Context) error {
	ev, err := h.reviewEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == models.StatusMerged {
		return h.mergedPage(c, http.StatusConflict, ev, true) // see edit.go
	}
	if c.FormValue("form") == "edit" {
		return h.saveFullEdit(c, ev) // the edit page's form: see edit.go
	}
	var f eventForm
	if err := c.Bind(&f); err != nil {
		return invalid("The form could not be read.")
	}
	version, err := formVersion(f.Version)
	if err != nil {
		return invalid("The form has no version.")
	}
	form := views.EventForm{Title: views.Field{Value: f.Title}, Summary: views.Field{Value: f.Summary},
		Type: views.Field{Value: f.Type}, DateStart: views.Field{Value: f.DateStart}, DateEnd: views.Field{Value: f.DateEnd},
		Precision: views.Field{Value: f.Precision}, DateText: views.Field{Value: f.DateText},
		Actors: views.Field{Value: f.Actors}, Note: views.Field{Value: f.Note}}
	// The place is not on this form: the stored one stays (the version
	// check makes sure it is the one this editor saw).
	edit := models.Edit{Title: f.Title, Summary: f.Summary, Type: f.Type, Precision: models.Precision(f.Precision),
		DateText: f.DateText, PlaceID: ev.PlaceID, Actors: strings.Split(f.Actors, "\n"), Note: f.Note}
	edit.DateStart, _ = time.Parse(time.DateOnly, f.DateStart)
	edit.DateEnd, _ = time.Parse(time.DateOnly, f.DateEnd)

	_, err = h.store.Update(c.Request().Context(), ev.ID, version, edit)
	var fe *models.FieldError
	switch {
	case errors.As(err, &fe):
		fields := map[string]*views.Field{"title": &form.Title, "summary": &form.Summary, "type": &form.Type,
			"date_start": &form.DateStart, "date_end": &form.DateEnd, "precision": &form.Precision, "date_text": &form.DateText,
			"actors": &form.Actors, "note": &form.Note}
		if p := fields[fe.Field]; p != nil {
			p.Error = fe.Message
		}
		ev.Version = version
		return h.reviewPage(c, http.StatusBadRequest, ev, form, "The changes were not saved: "+fe.Message, nil)
	case errors.Is(err, models.ErrConflict):
		// The page carries the stored version, so sending this editor's
		// input again overwrites the other change knowingly.
		if ev, err = h.store.Event(c.Request().Context(), ev.ID); err != nil {
			return err
		}
		return h.reviewPage(c, http.StatusConflict, ev, form,
			"Someone else changed this event while you were editing it. Your changes are kept in the form and were not saved; compare, then save again.",
			changedFields(ev, edit))
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, reviewPath(ev.ID)+"?done=saved")
}

// changedFields lists the stored fields that differ from what this
// editor sent.
func changedFields(theirs *models.Event, mine models.Edit) []views.ChangedField {
	var out []views.ChangedField
	add := func(label, t, m string) {
		if t != m {
			out = append(out, views.ChangedField{Label: label, Theirs: t})
		}
	}
	add("Title", theirs.Title, strings.TrimSpace(mine.Title))
	add("Summary", theirs.Summary, strings.TrimSpace(mine.Summary))
	add("Type", theirs.Type, mine.Type)
	add("First day", theirs.DateStart.Format(time.DateOnly), mine.DateStart.Format(time.DateOnly))
	add("Last day", theirs.DateEnd.Format(time.DateOnly), mine.DateEnd.Format(time.DateOnly))
	add("Known to", precisionWords[theirs.DatePrecision], precisionWords[mine.Precision])
	add("Date words", theirs.DateText, strings.TrimSpace(mine.DateText))
	var actors []string
	for _, a := range mine.Actors {
		if a = strings.TrimSpace(a); a != "" {
			actors = append(actors, a)
		}
	}
	add("Actors", strings.ReplaceAll(actorLines(theirs), "\n", ", "), strings.Join(actors, ", "))
	return out
}

// SetEventStatus is POST /admin/events/{id}/status: publish, reject (with
// an optional reason) or return to draft; then on to the next draft.
func (h *Handler) SetEventStatus(c echo.Context) error {
	ev, err := h.reviewEvent(c)
	if err != nil {
		return err
	}
	version, err := formVersion(c.FormValue("version"))
	if err != nil {
		return invalid("The form has no version.")
	}
	status := models.Status(c.FormValue("status"))
	after, err := h.store.Decide(c.Request().Context(), ev.ID, version, status, c.FormValue("reason"))
	var fe *models.FieldError
	switch {
	case errors.As(err, &fe):
		return invalid("%s", fe.Message)
	case errors.Is(err, models.ErrConflict):
		if ev, err = h.store.Event(c.Request().Context(), ev.ID); err != nil {
			return err
		}
		return h.reviewPage(c, http.StatusConflict, ev, formOf(ev),
			"Someone else changed this event since you loaded it, so nothing was decided. Check it again below.", nil)
	case err != nil:
		return err
	}
	done := map[models.Status]string{models.StatusPublished: "published", models.StatusRejected: "rejected", models.StatusDraft: "drafted"}[status]
	return h.decided(c, ev.ID, done, after)
}

// formVersion is the event version a form was made from. Only positive
// ones: the store reads a negative version as "any", which no form may ask.
func formVersion(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 {
		return 0, invalid("The form has no version.")
	}
	return v, nil
}
