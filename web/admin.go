package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// adminNav lists the curation screens in the order the navigation shows
// them, each with the role it needs; new screens add a line here.
var adminNav = []struct {
	label, href string
	role        models.Role
}{
	{"Dashboard", "/admin", models.RoleEditor},
	{"Ingest", "/admin/ingest", models.RoleEditor},
	{"Review", "/admin/review", models.RoleEditor},
	{"Users", "/admin/users", models.RoleAdmin},
	{"Audit log", "/admin/audit", models.RoleAdmin},
	{"Your account", "/account", models.RoleEditor},
}

// notices confirm what a POST did, after its redirect (?done=...): fixed
// words, so the query string cannot put text on the page.
var notices = map[string]string{
	"created":   "The user was added.",
	"disabled":  "The user was disabled and their sessions ended.",
	"password":  "The password was changed and the other sessions ended.",
	"sessions":  "The sessions were ended.",
	"session":   "The session was ended.",
	"saved":     "The changes were saved.",
	"published": "The event was published.",
	"rejected":  "The event was rejected.",
	"drafted":   "The event was returned to the drafts.",
	"merged":    "The events were merged.",
	"undone":    "The last decision was undone.",
	"distinct":  "Noted: the two are not the same happening.",
	"restored":  "The revision was restored as a new version.",
}

// adminPage fills the shell of a signed-in screen; path chooses the current
// navigation entry.
func (h *Handler) adminPage(c echo.Context, title, path string) views.AdminPage {
	in := SignedIn(c)
	p := views.AdminPage{
		Page: views.Page{
			Title:   title + " · Timeline curation",
			CSS:     []string{h.assets.URL("css/app.css"), h.assets.URL("css/admin.css")},
			NoIndex: true,
		},
		CSRF:   h.EnsureCSRF(c),
		Notice: notices[c.QueryParam("done")],
	}
	if in != nil {
		p.UserName, p.UserEmail, p.Role = in.User.Name(), in.User.Email, string(in.User.Role)
	}
	best := -1
	for _, n := range adminNav {
		if in == nil || !in.User.Role.Allows(n.role) {
			continue
		}
		p.Nav = append(p.Nav, views.NavItem{Label: n.label, Href: n.href})
		if (path == n.href || strings.HasPrefix(path, n.href+"/")) && (best < 0 || len(n.href) > len(p.Nav[best].Href)) {
			best = len(p.Nav) - 1
		}
	}
	if best >= 0 {
		p.Nav[best].Current = true
	}
	return p
}

// whenWords formats a time for the curation screens, in UTC.
func whenWords(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") }

func whenOrNever(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return whenWords(*t)
}

// auditRows shapes audit entries for the screens.
func auditRows(entries []models.AuditEntry) []views.AuditRow {
	out := make([]views.AuditRow, 0, len(entries))
	for _, e := range entries {
		r := views.AuditRow{
			At: whenWords(e.At), Datetime: e.At.UTC().Format(time.RFC3339), Actor: e.ActorLabel,
			Action: e.Action, Entity: e.Entity, RequestID: e.RequestID,
			Before: indentJSON(e.Before), After: indentJSON(e.After),
		}
		if r.Actor == "" {
			r.Actor = "someone not signed in"
		}
		if e.ActorID != nil {
			r.ActorHref = "/admin/users/" + strconv.FormatInt(*e.ActorID, 10)
		}
		if e.EntityID != nil {
			r.EntityRef = e.Entity + " " + strconv.FormatInt(*e.EntityID, 10)
			if e.Entity == "user" {
				r.EntityURL = "/admin/users/" + strconv.FormatInt(*e.EntityID, 10)
			}
		}
		if e.IP != nil {
			r.IP = *e.IP
		}
		out = append(out, r)
	}
	return out
}

func indentJSON(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return string(raw)
	}
	return b.String()
}

// Dashboard is /admin: the counts of events by status and the latest
// activity.
func (h *Handler) Dashboard(c echo.Context) error {
	ctx := c.Request().Context()
	counts, err := h.store.StatusCounts(ctx)
	if err != nil {
		return err
	}
	recent, err := h.store.AuditLog(ctx, models.AuditFilter{Limit: 10})
	if err != nil {
		return err
	}
	users, err := h.store.Users(ctx)
	if err != nil {
		return err
	}
	v := views.DashboardView{AdminPage: h.adminPage(c, "Dashboard", "/admin"), Activity: auditRows(recent.Entries)}
	for _, u := range users {
		if u.Sessions > 0 && u.DisabledAt == nil {
			v.Online = append(v.Online, u.Name())
		}
	}
	for _, s := range []struct {
		status models.Status
		label  string
	}{{models.StatusDraft, "Drafts to review"}, {models.StatusPublished, "Published"}, {models.StatusRejected, "Rejected"}} {
		v.Counts = append(v.Counts, views.StatusCount{Label: s.label, Count: counts[s.status], Key: string(s.status)})
	}
	if SignedIn(c).User.Role.Allows(models.RoleAdmin) {
		v.AuditHref = "/admin/audit"
	}
	if v.Extractor, err = h.extractorRecord(ctx); err != nil { // see extractor.go
		return err
	}
	v.CSS = append(v.CSS, h.assets.URL("css/history.css"))
	return render(c, http.StatusOK, views.DashboardPage(v))
}

// sessionRows shapes sessions for the screens; current is the request's own.
func sessionRows(ss []models.Session, current int64) []views.SessionRow {
	out := make([]views.SessionRow, 0, len(ss))
	for _, s := range ss {
		r := views.SessionRow{ID: s.ID, Started: whenWords(s.CreatedAt), LastSeen: whenWords(s.LastSeenAt),
			Expires: whenWords(s.ExpiresAt), UserAgent: s.UserAgent, Current: s.ID == current}
		if s.IP != nil {
			r.IP = *s.IP
		}
		if r.UserAgent == "" {
			r.UserAgent = "unknown browser"
		}
		out = append(out, r)
	}
	return out
}
