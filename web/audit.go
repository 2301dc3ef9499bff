package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// auditPageSize is how many entries one page of the audit log lists.
const auditPageSize = 50

// auditForm is the audit log's filter, from the query string.
type auditForm struct {
	User, Action, From, To, Before string
}

// filter checks the form and turns it into the store's filter.
func (f auditForm) filter() (models.AuditFilter, error) {
	out := models.AuditFilter{Limit: auditPageSize}
	if f.User != "" {
		id, ok := parseID(f.User)
		if !ok {
			return out, invalid("user %q is not a user's number.", clip(f.User, 30))
		}
		out.ActorID = id
	}
	if len(f.Action) > 100 {
		return out, invalid("The action is limited to 100 characters.")
	}
	out.Action = f.Action
	for _, d := range []struct {
		name, s string
		into    *time.Time
	}{{"from", f.From, &out.From}, {"to", f.To, &out.To}} {
		if d.s == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.s)
		if err != nil || t.Year() < 2000 || t.Year() > 2999 {
			return out, invalid("%s %q is not a date (YYYY-MM-DD).", d.name, clip(d.s, 30))
		}
		*d.into = t
	}
	if !out.From.IsZero() && !out.To.IsZero() && out.To.Before(out.From) {
		return out, invalid("from %s is after to %s.", f.From, f.To)
	}
	if f.Before != "" {
		id, ok := parseID(f.Before)
		if !ok {
			return out, invalid("before %q is not an entry's number.", clip(f.Before, 30))
		}
		out.Before = id
	}
	return out, nil
}

// query is the form as a query string, without the page cursor.
func (f auditForm) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"user": f.User, "action": f.Action, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// Audit lists the audit log, filtered by user, action and dates, newest
// first, a page at a time.
func (h *Handler) Audit(c echo.Context) error {
	ctx := c.Request().Context()
	form := auditForm{User: c.QueryParam("user"), Action: c.QueryParam("action"), From: c.QueryParam("from"),
		To: c.QueryParam("to"), Before: c.QueryParam("before")}
	f, err := form.filter()
	if err != nil {
		return err
	}
	page, err := h.store.AuditLog(ctx, f)
	if err != nil {
		return err
	}
	users, err := h.store.Users(ctx)
	if err != nil {
		return err
	}
	actions, err := h.store.AuditActions(ctx)
	if err != nil {
		return err
	}
	v := views.AuditView{AdminPage: h.adminPage(c, "Audit log", "/admin/audit"), Rows: auditRows(page.Entries),
		From: form.From, To: form.To, ResetURL: "/admin/audit", Filtered: len(form.query()) > 0}
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		v.Users = append(v.Users, views.AuditOption{Value: id, Label: u.Email, Selected: id == form.User})
	}
	for _, a := range actions {
		v.Actions = append(v.Actions, views.AuditOption{Value: a, Label: a, Selected: a == form.Action})
	}
	if page.Next != 0 {
		q := form.query()
		q.Set("before", strconv.FormatInt(page.Next, 10))
		v.NextURL = "/admin/audit?" + q.Encode()
	}
	return render(c, http.StatusOK, views.AuditPage(v))
}
