package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/server"
	"timeline/web"
)

var routeParam = regexp.MustCompile(`:[^/]+`)

// TestRouteTable walks every route echo knows, so it covers routes added
// later without being told of them:
//   - every state-changing route refuses, changing nothing, a request
//     without the CSRF token and one from another site that has the token;
//   - every route of the signed-in side is registered with the role it
//     needs, refuses a request without a session (303 to the sign-in page
//     for pages, 401 for JSON and for forms), and, when it is for admins,
//     answers 403 to an editor.
func TestRouteTable(t *testing.T) {
	s := newAuthSite(t)
	admin, editor, anon := s.browser(), s.browser(), s.browser()
	admin.signIn("admin@example.org", goodPassword, "")
	editor.signIn("editor@example.org", goodPassword, "")
	adminTok, editorTok, anonTok := admin.token("/admin"), editor.token("/admin"), anon.token("/login")

	snapshot := func() string {
		var b strings.Builder
		for _, q := range []string{`SELECT count(*) FROM users`, `SELECT count(*) FROM users WHERE disabled_at IS NOT NULL`,
			`SELECT count(*) FROM sessions`, `SELECT count(*) FROM audit_log`, `SELECT v FROM data_version`,
			`SELECT count(DISTINCT password_hash) FROM users`} {
			b.WriteString(itoa(int64(s.count(q))) + " ")
		}
		return b.String()
	}
	seen := map[string]int{}
	for _, r := range s.e.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		path := strings.ReplaceAll(routeParam.ReplaceAllString(r.Path, "1"), "*", "x")
		unsafe := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
		curation := web.Guarded(r.Path) && !strings.HasPrefix(r.Path, "/login") && !strings.HasPrefix(r.Path, "/logout")
		name := r.Method + " " + r.Path

		if unsafe {
			seen["unsafe"]++
			before := snapshot()
			if a := admin.send(r.Method, path, url.Values{"email": {"x@example.org"}}); a.Code != http.StatusForbidden {
				t.Errorf("%s without a token: %d, want 403", name, a.Code)
			}
			if a := admin.send(r.Method, path, url.Values{"_csrf": {adminTok}}, "Sec-Fetch-Site", "cross-site"); a.Code != http.StatusForbidden {
				t.Errorf("%s from another site: %d, want 403", name, a.Code)
			}
			if a := admin.send(r.Method, path, url.Values{"_csrf": {adminTok}}, "Sec-Fetch-Site", "", "Origin", "https://evil.example"); a.Code != http.StatusForbidden {
				t.Errorf("%s with a foreign Origin: %d, want 403", name, a.Code)
			}
			if a := admin.send(r.Method, path, url.Values{"_csrf": {editorTok}}); a.Code != http.StatusForbidden {
				t.Errorf("%s with another session's token: %d, want 403", name, a.Code)
			}
			if after := snapshot(); after != before {
				t.Errorf("%s: refused requests changed the database: %s→ %s", name, before, after)
			}
		}
		if !curation {
			continue
		}
		seen["curation"]++
		var role models.Role
		for _, ro := range []models.Role{models.RoleAdmin, models.RoleEditor} {
			if r.Name == server.RouteName(ro, r.Method, r.Path) {
				role = ro
			}
		}
		if role == "" {
			t.Errorf("%s is not registered through the curation routes (name %q): it may lack a session or role check", name, r.Name)
			continue
		}
		seen[string(role)]++
		before := snapshot()
		if unsafe {
			if a := anon.send(r.Method, path, url.Values{"_csrf": {anonTok}}); a.Code != http.StatusUnauthorized || !strings.Contains(a.Body, `action="/login"`) {
				t.Errorf("%s without a session: %d, want 401 with the sign-in form", name, a.Code)
			}
			if a := anon.send(r.Method, path, nil, "X-CSRF-Token", anonTok, "Accept", "application/json"); a.Code != http.StatusUnauthorized {
				t.Errorf("%s as JSON without a session: %d, want 401", name, a.Code)
			}
		} else {
			a := anon.get(path)
			if want := "/login?next=" + url.QueryEscape(path); a.Code != http.StatusSeeOther || a.Header.Get("Location") != want {
				t.Errorf("%s without a session: %d → %q, want 303 → %q", name, a.Code, a.Header.Get("Location"), want)
			}
			if a := anon.get(path, "Accept", "application/json"); a.Code != http.StatusUnauthorized {
				t.Errorf("%s as JSON without a session: %d, want 401", name, a.Code)
			}
		}
		if role == models.RoleAdmin {
			var a answer
			if unsafe {
				a = editor.send(r.Method, path, url.Values{"_csrf": {editorTok}})
			} else {
				a = editor.get(path)
			}
			if a.Code != http.StatusForbidden {
				t.Errorf("%s as an editor: %d, want 403", name, a.Code)
			}
		} else if !unsafe {
			if a := editor.get(path); a.Code == http.StatusForbidden || a.Code == http.StatusUnauthorized || a.Code == http.StatusSeeOther {
				t.Errorf("%s (for editors) as an editor: %d", name, a.Code)
			}
		}
		if after := snapshot(); after != before {
			t.Errorf("%s: refused requests changed the database: %s→ %s", name, before, after)
		}
	}
	// The walk must have met the routes it exists for.
	for _, k := range []string{"unsafe", "curation", "admin", "editor"} {
		if seen[k] < 2 {
			t.Errorf("only %d %s routes walked: %v", seen[k], k, seen)
		}
	}
}
