package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

func editPath(id int64) string { return "/admin/events/" + strconv.FormatInt(id, 10) + "/edit" }

func heartbeatPath(id int64) string {
	return "/admin/events/" + strconv.FormatInt(id, 10) + "/heartbeat"
}

// placeKinds are the kinds of place an editor can add.
var placeKinds = []views.Option{{Value: "city", Label: "City or town"}, {Value: "region", Label: "Region"},
	{Value: "country", Label: "Country"}, {Value: "area", Label: "Wider area"}, {Value: "crossing", Label: "Border crossing"}}

// maxPlaceOptions bounds the gazetteer names the edit page offers.
const maxPlaceOptions = 5000

// EditEvent is GET /admin/events/{id}/edit: every field of the event, with
// who else has it open. Opening it starts (or keeps) this editor's soft
// lock. A merged event answers with a page pointing to its survivor.
func (h *Handler) EditEvent(c echo.Context) error {
	ev, err := h.reviewEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == models.StatusMerged {
		return h.mergedPage(c, http.StatusOK, ev, false)
	}
	v := h.editForm(ev)
	return h.editPage(c, http.StatusOK, ev, v)
}

// editForm is the edit page's form holding ev's fields as stored.
func (h *Handler) editForm(ev *models.Event) views.EditView {
	v := views.EditView{Form: formOf(ev)}
	if ev.Place != nil {
		v.Place.Value = ev.Place.Name
	}
	for _, es := range ev.Sources {
		q := views.QuoteForm{SourceID: es.SourceID, Quote: views.Field{Value: es.Quote}, Verbatim: verbatim(es)}
		if es.QuoteStart != nil {
			q.Start.Value = strconv.Itoa(*es.QuoteStart)
		}
		if es.QuoteEnd != nil {
			q.End.Value = strconv.Itoa(*es.QuoteEnd)
		}
		v.Quotes = append(v.Quotes, q)
	}
	return v
}

// maxArticleOptions bounds the "cite another article" list: the newest.
const maxArticleOptions = 300

// editPage fills the rest of the edit page around v's form (which holds
// either the stored fields or what this editor sent) and renders it.
func (h *Handler) editPage(c echo.Context, status int, ev *models.Event, v views.EditView) error {
	ctx := c.Request().Context()
	in := SignedIn(c)
	if err := h.store.Heartbeat(ctx, ev.ID, in.User.ID); err != nil {
		return err
	}
	eds, err := h.store.Editors(ctx, ev.ID, in.User.ID)
	if err != nil {
		return err
	}
	cats, err := h.store.Categories(ctx)
	if err != nil {
		return err
	}
	places, err := h.store.AllPlaces(ctx)
	if err != nil {
		return err
	}
	v.AdminPage = h.adminPage(c, "Edit "+ev.Title, "/admin/review")
	v.CSS = append(v.CSS, h.assets.URL("css/history.css"))
	v.JS = append(v.JS, h.assets.URL("js/edit-lock.js"))
	v.ID, v.Title, v.Status, v.Version = ev.ID, ev.Title, string(ev.Status), ev.Version
	v.ReviewHref, v.HistoryHref, v.Heartbeat = reviewPath(ev.ID), historyPath(ev.ID), heartbeatPath(ev.ID)
	for _, e := range eds {
		v.Editors = append(v.Editors, views.LockNote{Name: e.Name, Since: e.Since.UTC().Format("15:04") + " UTC"})
	}
	for _, cat := range cats {
		v.Types = append(v.Types, views.Option{Value: cat.Slug, Label: cat.Name})
	}
	for _, p := range models.Precisions {
		v.Precisions = append(v.Precisions, views.Option{Value: string(p), Label: precisionWords[p]})
	}
	v.Kinds = placeKinds
	for i, p := range places {
		if i == maxPlaceOptions {
			break
		}
		v.Places = append(v.Places, p.Name)
	}
	// The sources' titles and bounds come from the store, whatever the
	// form sent.
	stored := map[int64]models.EventSource{}
	for _, es := range ev.Sources {
		stored[es.SourceID] = es
	}
	for i := range v.Quotes {
		q := &v.Quotes[i]
		if es, ok := stored[q.SourceID]; ok && es.Source != nil {
			q.Title, q.Outlet, q.BodyLen = es.Source.Title, es.Source.Outlet, len(es.Source.Body)
		}
	}
	recent, err := h.store.RecentSources(ctx, maxArticleOptions)
	if err != nil {
		return err
	}
	v.Articles = []views.Option{{Value: "", Label: "None"}}
	for _, src := range recent {
		if _, cited := stored[src.ID]; !cited {
			label := src.Title
			if src.Outlet != "" {
				label += " (" + src.Outlet + ")"
			}
			v.Articles = append(v.Articles, views.Option{Value: strconv.FormatInt(src.ID, 10), Label: label})
		}
	}
	return render(c, status, views.EditPage(v))
}

// mergedPage is what an edit of a merged event gets: where it went.
func (h *Handler) mergedPage(c echo.Context, status int, ev *models.Event, refused bool) error {
	into := *ev.MergedIntoID
	survivor, err := h.store.Event(c.Request().Context(), into)
	if err != nil {
		return err
	}
	v := views.MergedView{AdminPage: h.adminPage(c, "Event merged", "/admin/review"), ID: ev.ID, Title: ev.Title,
		SurvivorID: into, SurvivorTitle: survivor.Title, SurvivorEdit: editPath(into), SurvivorHistory: historyPath(into),
		HistoryHref: historyPath(ev.ID), Refused: refused}
	v.CSS = append(v.CSS, h.assets.URL("css/history.css"))
	return render(c, status, views.MergedPage(v))
}

// fullEditForm is the edit page's form: the review form's fields and the
// place, a new place and each cited source's quote (quote_{source},
// quote_start_{source}, quote_end_{source}, remove_{source}).
type fullEditForm struct {
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
	Place     string `form:"place"`
	NewPlace  string `form:"new_place"`
	NewKind   string `form:"new_place_kind"`
	NewLat    string `form:"new_place_lat"`
	NewLon    string `form:"new_place_lon"`
}

// saveFullEdit is POST /admin/events/{id} from the edit page. A refused
// field shows the page again with the reason (400); a stale version
// answers 409 with this editor's input kept and the other editor's change
// beside it, field by field.
func (h *Handler) saveFullEdit(c echo.Context, ev *models.Event) error {
	ctx := c.Request().Context()
	var f fullEditForm
	if err := c.Bind(&f); err != nil {
		return invalid("The form could not be read.")
	}
	version, err := formVersion(f.Version)
	if err != nil {
		return err
	}
	v := views.EditView{Form: views.EventForm{Title: views.Field{Value: f.Title}, Summary: views.Field{Value: f.Summary},
		Type: views.Field{Value: f.Type}, DateStart: views.Field{Value: f.DateStart}, DateEnd: views.Field{Value: f.DateEnd},
		Precision: views.Field{Value: f.Precision}, DateText: views.Field{Value: f.DateText},
		Actors: views.Field{Value: f.Actors}, Note: views.Field{Value: f.Note}},
		Place: views.Field{Value: strings.TrimSpace(f.Place)}, NewPlace: views.Field{Value: f.NewPlace},
		NewKind: views.Field{Value: f.NewKind}, NewLat: views.Field{Value: f.NewLat}, NewLon: views.Field{Value: f.NewLon}}
	edit := models.Edit{Title: f.Title, Summary: f.Summary, Type: f.Type, Precision: models.Precision(f.Precision),
		DateText: f.DateText, Actors: strings.Split(f.Actors, "\n"), Note: f.Note}
	edit.DateStart, _ = time.Parse(time.DateOnly, f.DateStart)
	edit.DateEnd, _ = time.Parse(time.DateOnly, f.DateEnd)

	refuse := func(field *views.Field, msg string) error {
		field.Error = msg
		ev.Version = version
		v.Error = "The changes were not saved: " + msg
		return h.editPage(c, http.StatusBadRequest, ev, v)
	}

	// Quotes of the sources the event cites; offsets whole numbers.
	var bad *views.Field
	var badMsg string
	for _, es := range ev.Sources {
		id := strconv.FormatInt(es.SourceID, 10)
		q := views.QuoteForm{SourceID: es.SourceID, Quote: views.Field{Value: c.FormValue("quote_" + id)},
			Start:  views.Field{Value: strings.TrimSpace(c.FormValue("quote_start_" + id))},
			End:    views.Field{Value: strings.TrimSpace(c.FormValue("quote_end_" + id))},
			Remove: c.FormValue("remove_"+id) != ""}
		qe := models.QuoteEdit{SourceID: es.SourceID, Quote: strings.TrimSpace(q.Quote.Value), Remove: q.Remove}
		for _, o := range []struct {
			f   *views.Field
			dst **int
		}{{&q.Start, &qe.QuoteStart}, {&q.End, &qe.QuoteEnd}} {
			if o.f.Value == "" {
				continue
			}
			n, err := strconv.Atoi(o.f.Value)
			if err != nil || n < 0 {
				o.f.Error = "An offset is a whole number of bytes, 0 or more."
				continue
			}
			*o.dst = &n
		}
		body := ""
		if es.Source != nil {
			body = es.Source.Body
		}
		// No offsets: find them, when the quote stands once in the article.
		if qe.QuoteStart == nil && qe.QuoteEnd == nil && q.Start.Error == "" && q.End.Error == "" {
			qe.QuoteStart, qe.QuoteEnd = models.QuoteOffsets(body, qe.Quote)
		}
		if qe.QuoteEnd != nil && *qe.QuoteEnd > len(body) {
			q.End.Error = fmt.Sprintf("The article is %d bytes long: the quote must end inside it.", len(body))
		}
		if qe.QuoteStart != nil && qe.QuoteEnd != nil && *qe.QuoteEnd < *qe.QuoteStart {
			q.End.Error = "The end cannot come before the start."
		}
		if (qe.QuoteStart == nil) != (qe.QuoteEnd == nil) && q.Start.Error == "" && q.End.Error == "" {
			q.Start.Error = "Give both offsets, or neither."
		}
		q.Verbatim = models.Verbatim(body, qe.Quote, qe.QuoteStart, qe.QuoteEnd)
		v.Quotes = append(v.Quotes, q)
		edit.Quotes = append(edit.Quotes, qe)
		last := &v.Quotes[len(v.Quotes)-1]
		for _, f := range []*views.Field{&last.Start, &last.End} {
			if f.Error != "" && bad == nil {
				bad, badMsg = f, f.Error
			}
		}
	}
	if bad != nil {
		return refuse(bad, badMsg)
	}

	// Another article to cite, with its words.
	v.AddSource.Value, v.AddQuote.Value = strings.TrimSpace(c.FormValue("add_source")), strings.TrimSpace(c.FormValue("add_quote"))
	if v.AddSource.Value != "" || v.AddQuote.Value != "" {
		id, err := strconv.ParseInt(v.AddSource.Value, 10, 64)
		if err != nil || id <= 0 {
			return refuse(&v.AddSource, "Choose the article to cite from the list.")
		}
		for _, es := range ev.Sources {
			if es.SourceID == id {
				return refuse(&v.AddSource, "The event cites this article already: change its quote above.")
			}
		}
		src, err := h.store.SourceBody(ctx, id)
		if errors.Is(err, models.ErrNotFound) {
			return refuse(&v.AddSource, "There is no such article.")
		}
		if err != nil {
			return err
		}
		if v.AddQuote.Value == "" {
			return refuse(&v.AddQuote, "Quote the article's words that report the event.")
		}
		qe := models.QuoteEdit{SourceID: id, Quote: v.AddQuote.Value}
		qe.QuoteStart, qe.QuoteEnd = models.QuoteOffsets(src.Body, qe.Quote)
		edit.Quotes = append(edit.Quotes, qe)
	}

	// The place: a gazetteer name, nothing, or a new place.
	if strings.TrimSpace(f.NewPlace) != "" {
		v.OpenNewPlace = true
		p := &models.Place{Name: f.NewPlace, Kind: f.NewKind}
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(f.NewLat), 64)
		lon, err2 := strconv.ParseFloat(strings.TrimSpace(f.NewLon), 64)
		if err1 != nil {
			return refuse(&v.NewLat, "Give the latitude as a number, such as 51.83.")
		}
		if err2 != nil {
			return refuse(&v.NewLon, "Give the longitude as a number, such as 107.58.")
		}
		p.Lat, p.Lon = &lat, &lon
		edit.NewPlace = p
	} else if name := strings.TrimSpace(f.Place); name != "" {
		id, err := h.store.PlaceNamed(ctx, name)
		if err != nil {
			return err
		}
		if id == 0 {
			v.OpenNewPlace = true
			return refuse(&v.Place, "There is no place of that name in the gazetteer: choose one from the list, or add it with its coordinates.")
		}
		edit.PlaceID = &id
	}

	_, err = h.store.Update(ctx, ev.ID, version, edit)
	var fe *models.FieldError
	switch {
	case errors.As(err, &fe):
		fields := map[string]*views.Field{"title": &v.Form.Title, "summary": &v.Form.Summary, "type": &v.Form.Type,
			"date_start": &v.Form.DateStart, "date_end": &v.Form.DateEnd, "precision": &v.Form.Precision,
			"date_text": &v.Form.DateText, "actors": &v.Form.Actors, "note": &v.Form.Note,
			"place": &v.NewPlace, "place_kind": &v.NewKind, "place_lat": &v.NewLat}
		for i := range v.Quotes {
			fields[fmt.Sprintf("quote_%d", v.Quotes[i].SourceID)] = &v.Quotes[i].Quote
		}
		p := fields[fe.Field]
		if p == nil {
			p = &v.Form.Title
		}
		if strings.HasPrefix(fe.Field, "place") && edit.NewPlace == nil {
			p = &v.Place
		}
		return refuse(p, fe.Message)
	case errors.Is(err, models.ErrConflict):
		stored, err := h.store.Event(ctx, ev.ID)
		if err != nil {
			return err
		}
		if stored.Status == models.StatusMerged {
			return h.mergedPage(c, http.StatusConflict, stored, true)
		}
		v.Conflict, v.ConflictBy = h.conflict(c, stored, version)
		v.Error = "Someone else changed this event while you were editing it. Your changes are kept in the form below and were not saved; compare, then save again to overwrite theirs."
		return h.editPage(c, http.StatusConflict, stored, v)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, editPath(ev.ID)+"?done=saved")
}

// conflict is what changed between the version this editor loaded and the
// stored event, field by field, and who saved the latest change.
func (h *Handler) conflict(c echo.Context, stored *models.Event, loaded int) ([]views.ChangeRow, string) {
	ctx := c.Request().Context()
	now := models.SnapshotOf(stored)
	by := "another editor"
	if r, err := h.store.RevisionAt(ctx, stored.ID, stored.Version); err == nil && r.ActorLabel != "" {
		by = r.ActorLabel
	}
	r, err := h.store.RevisionAt(ctx, stored.ID, loaded)
	if err != nil {
		return nil, by
	}
	then, err := r.Snap()
	if err != nil {
		return nil, by
	}
	var rows []views.ChangeRow
	for _, ch := range models.Diff(then, now) {
		rows = append(rows, views.ChangeRow{Label: fieldLabel(ch.Field), Before: ch.Before, After: ch.After})
	}
	return rows, by
}

// editorJSON is another editor with the form open, for the heartbeat.
type editorJSON struct {
	Name  string `json:"name"`
	Since string `json:"since"`
}

// Heartbeat is POST /admin/events/{id}/heartbeat: the edit page's script
// keeps this editor's soft lock alive, and learns who else is editing;
// with leave set, it ends this editor's sitting (204).
func (h *Handler) Heartbeat(c echo.Context) error {
	id, err := eventParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := SignedIn(c)
	if _, err := h.store.Event(ctx, id); err != nil {
		return err
	}
	if c.FormValue("leave") != "" {
		// The page is going away (saved, or left): others need not wait
		// for the lease to lapse.
		if err := h.store.LeaveEdit(ctx, id, in.User.ID); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
	if err := h.store.Heartbeat(ctx, id, in.User.ID); err != nil {
		return err
	}
	eds, err := h.store.Editors(ctx, id, in.User.ID)
	if err != nil {
		return err
	}
	out := struct {
		Editors []editorJSON `json:"editors"`
		Lease   int          `json:"lease_seconds"`
	}{Editors: []editorJSON{}, Lease: int(models.EditLease / time.Second)}
	for _, e := range eds {
		out.Editors = append(out.Editors, editorJSON{Name: e.Name, Since: e.Since.UTC().Format("15:04") + " UTC"})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}
