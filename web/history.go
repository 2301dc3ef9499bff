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

// actionWords says what a revision's action did, for the history.
var actionWords = map[string]string{
	"created":      "Created",
	"edit":         "Edited",
	"publish":      "Published",
	"reject":       "Rejected",
	"draft":        "Returned to the drafts",
	"merge":        "Merged into another event",
	"merged_in":    "Gained a merged event",
	"unmerge":      "Merge undone",
	"unmerged_out": "Lost a merged event (merge undone)",
	"restore":      "Restored an earlier version",
	"undo":         "Decision undone",
	"bulk_publish": "Published with others",
	"bulk_reject":  "Rejected with others",
}

// fieldLabels name the fields models.Diff compares.
var fieldLabels = map[string]string{
	"title": "Title", "summary": "Summary", "type": "Type", "status": "Status", "reason": "Reason",
	"merged_into": "Merged into", "date_start": "First day", "date_end": "Last day", "precision": "Known to",
	"date_text": "Date words", "place": "Place", "actors": "Actors", "sources": "Sources",
}

// fieldLabel names a changed field; a cited source is "Source 12".
func fieldLabel(f string) string {
	if id, ok := strings.CutPrefix(f, "source:"); ok {
		return "Source " + id
	}
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return f
}

func historyPath(id int64) string { return "/admin/events/" + strconv.FormatInt(id, 10) + "/history" }

// History is /admin/events/{id}/history: every revision of the event (who,
// when, what), the difference between any two chosen with ?from= and ?to=
// (revision ids; by default the last change), and a restore button on each.
func (h *Handler) History(c echo.Context) error {
	ev, err := h.reviewEvent(c)
	if err != nil {
		return err
	}
	return h.historyPage(c, http.StatusOK, ev, "")
}

func (h *Handler) historyPage(c echo.Context, status int, ev *models.Event, msg string) error {
	ctx := c.Request().Context()
	revs, err := h.store.Revisions(ctx, ev.ID)
	if err != nil {
		return err
	}
	v := views.HistoryView{AdminPage: h.adminPage(c, "History of "+ev.Title, "/admin/review"), ID: ev.ID, Title: ev.Title,
		Status: string(ev.Status), Version: ev.Version, Error: msg,
		ReviewHref: reviewPath(ev.ID), EditHref: editPath(ev.ID)}
	v.CSS = append(v.CSS, h.assets.URL("css/history.css"))
	if ev.Status == models.StatusPublished {
		v.PublicHref = ev.Path()
	}
	if ev.Status == models.StatusMerged && ev.MergedIntoID != nil {
		v.SurvivorHref = historyPath(*ev.MergedIntoID)
		v.SurvivorID = *ev.MergedIntoID
	}

	byID := map[int64]*models.Revision{}
	for i := range revs {
		byID[revs[i].ID] = &revs[i]
	}
	var from, to *models.Revision
	if n := len(revs); n >= 2 {
		from, to = &revs[n-2], &revs[n-1]
	}
	if q := c.QueryParam("from") + c.QueryParam("to"); q != "" {
		f, okf := parseID(c.QueryParam("from"))
		t, okt := parseID(c.QueryParam("to"))
		if !okf || !okt || byID[f] == nil || byID[t] == nil {
			return invalid("Choose two revisions of this event to compare.")
		}
		from, to = byID[f], byID[t]
		if from.ID > to.ID {
			from, to = to, from
		}
	}
	current := int64(0)
	if n := len(revs); n > 0 && revs[n-1].Version == ev.Version {
		current = revs[n-1].ID
	}
	for i := len(revs) - 1; i >= 0; i-- {
		r := revs[i]
		row := views.RevisionRow{ID: r.ID, Version: r.Version, At: whenWords(r.At), Datetime: r.At.UTC().Format(time.RFC3339),
			Who: r.ActorLabel, What: actionWords[r.Action], Note: r.Note, Public: r.Public,
			Current: r.ID == current, From: from != nil && r.ID == from.ID, To: to != nil && r.ID == to.ID}
		if row.What == "" {
			row.What = r.Action
		}
		if row.Who == "" {
			row.Who = "someone not signed in"
		}
		v.Rows = append(v.Rows, row)
	}
	if from != nil && to != nil {
		a, err := from.Snap()
		if err != nil {
			return err
		}
		b, err := to.Snap()
		if err != nil {
			return err
		}
		v.Compared = true
		v.FromVersion, v.ToVersion = from.Version, to.Version
		v.FromWhen, v.ToWhen = whenWords(from.At), whenWords(to.At)
		for _, ch := range models.Diff(a, b) {
			v.Changes = append(v.Changes, views.ChangeRow{Label: fieldLabel(ch.Field), Before: ch.Before, After: ch.After})
		}
	}
	return render(c, status, views.HistoryPage(v))
}

// RestoreEvent is POST /admin/events/{id}/restore: revision's content
// becomes the event's again, as a new revision (status stays as it is).
// version is the event's version the page showed: a stale one is 409.
func (h *Handler) RestoreEvent(c echo.Context) error {
	ev, err := h.reviewEvent(c)
	if err != nil {
		return err
	}
	version, err := formVersion(c.FormValue("version"))
	if err != nil {
		return err
	}
	rev, ok := parseID(c.FormValue("revision"))
	if !ok {
		return invalid("Choose a revision to restore.")
	}
	ctx := c.Request().Context()
	if _, err := h.store.Revision(ctx, ev.ID, rev); errors.Is(err, models.ErrNotFound) {
		return invalid("This event has no such revision.")
	} else if err != nil {
		return err
	}
	if ev.Status == models.StatusMerged {
		return invalid("This event is merged into event %d: restore the survivor's history instead.", *ev.MergedIntoID)
	}
	_, err = h.store.Restore(ctx, ev.ID, version, rev)
	var fe *models.FieldError
	switch {
	case errors.As(err, &fe):
		return invalid("The revision cannot be restored: %s", fe.Message)
	case errors.Is(err, models.ErrConflict):
		if ev, err = h.store.Event(ctx, ev.ID); err != nil {
			return err
		}
		return h.historyPage(c, http.StatusConflict, ev,
			"Someone else changed this event since you loaded its history, so nothing was restored. The list below is up to date: check it and restore again.")
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, historyPath(ev.ID)+"?done=restored")
}
