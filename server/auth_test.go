package server_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/pglocal/pgtest"
	"timeline/server"
)

const goodPassword = "correct horse battery staple"

// authSite is a served site with an admin and an editor, cheap password
// hashing and a clock the test moves.
type authSite struct {
	t      *testing.T
	store  *models.Store
	db     *sql.DB // for the test's own queries
	srv    *httptest.Server
	e      *echo.Echo
	admin  *models.User
	editor *models.User
	offset atomic.Int64
}

func newAuthSite(t *testing.T) *authSite {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.New(t)
	store, err := models.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &authSite{t: t, store: store, db: db}
	// The clock stands still unless the test moves it, so the waits it
	// reads come out exact however loaded the machine.
	base := time.Now()
	store.Now = func() time.Time { return base.Add(time.Duration(s.offset.Load())) }
	store.Passwords = models.NewHasher(models.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 4, time.Second)
	s.admin = s.addUser("admin@example.org", "Ada Admin", models.RoleAdmin)
	s.editor = s.addUser("editor@example.org", "Eddie Editor", models.RoleEditor)
	e, err := server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{BaseURL: "http://timeline.test"})
	if err != nil {
		t.Fatal(err)
	}
	s.e, s.srv = e, httptest.NewServer(e)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *authSite) addUser(email, name string, role models.Role) *models.User {
	s.t.Helper()
	u, err := s.store.CreateUser(context.Background(), models.NewUser{Email: email, Name: name, Role: role, Password: goodPassword})
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

func (s *authSite) advance(d time.Duration) { s.offset.Add(int64(d)) }

func (s *authSite) count(query string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// browser is a client with a cookie jar that does not follow redirects.
type browser struct {
	t    *testing.T
	site *authSite
	c    *http.Client
}

func (s *authSite) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: s.t, site: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type answer struct {
	Code   int
	Header http.Header
	Body   string
}

func (a answer) doc(t *testing.T) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(a.Body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (b *browser) do(req *http.Request) answer {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return answer{Code: res.StatusCode, Header: res.Header, Body: string(body)}
}

func (b *browser) get(path string, hdr ...string) answer {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.site.srv.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

// post sends a form as a same-origin browser would; hdr adds headers.
func (b *browser) post(path string, form url.Values, hdr ...string) answer {
	b.t.Helper()
	return b.send(http.MethodPost, path, form, hdr...)
}

// send is post with another method.
func (b *browser) send(method, path string, form url.Values, hdr ...string) answer {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.site.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

// token is the CSRF token the page at path gives its forms.
func (b *browser) token(path string) string {
	b.t.Helper()
	a := b.get(path)
	tok := a.doc(b.t).Find(`meta[name="csrf-token"]`).AttrOr("content", "")
	if tok == "" {
		b.t.Fatalf("%s (%d) has no CSRF token", path, a.Code)
	}
	return tok
}

func (b *browser) signIn(email, password, next string) answer {
	b.t.Helper()
	page := "/login"
	if b.get(page).Code == http.StatusSeeOther {
		page = "/admin" // signed in already: the token of the session
	}
	form := url.Values{"_csrf": {b.token(page)}, "email": {email}, "password": {password}}
	if next != "" {
		form.Set("next", next)
	}
	return b.post("/login", form)
}

func (b *browser) sessionCookie() string {
	u, _ := url.Parse(b.site.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "timeline_session" {
			return c.Value
		}
	}
	return ""
}

func TestSignInAndOut(t *testing.T) {
	s := newAuthSite(t)
	b := s.browser()

	a := b.get("/admin/users?x=1")
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != "/login?next=%2Fadmin%2Fusers%3Fx%3D1" {
		t.Fatalf("/admin signed out: %d → %q", a.Code, a.Header.Get("Location"))
	}
	login := b.get("/login?next=%2Fadmin%2Fusers%3Fx%3D1")
	if login.Code != 200 || login.Header.Get("Cache-Control") != "no-store" || !strings.Contains(login.Header.Get("X-Robots-Tag"), "noindex") {
		t.Fatalf("/login: %d, Cache-Control %q, X-Robots-Tag %q", login.Code, login.Header.Get("Cache-Control"), login.Header.Get("X-Robots-Tag"))
	}
	if got := login.doc(t).Find(`input[name=next]`).AttrOr("value", ""); got != "/admin/users?x=1" {
		t.Errorf("next carried in the form = %q", got)
	}

	// One message for every failure.
	var messages []string
	for _, creds := range [][2]string{{"admin@example.org", "not the right password"}, {"nobody@example.org", goodPassword}, {"not an email", goodPassword}} {
		a := b.signIn(creds[0], creds[1], "")
		if a.Code != http.StatusUnauthorized {
			t.Errorf("sign in as %q: %d, want 401", creds[0], a.Code)
		}
		messages = append(messages, a.doc(t).Find(`[data-testid=login-error]`).Text())
	}
	if messages[0] == "" || messages[0] != messages[1] || messages[1] != messages[2] {
		t.Errorf("failure messages differ or are missing: %q", messages)
	}
	if got := s.count(`SELECT count(*) FROM audit_log WHERE action = 'login.failure'`); got != 3 {
		t.Errorf("%d failures audited, want 3", got)
	}

	a = b.signIn("ADMIN@example.org", goodPassword, "/admin/users?x=1")
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != "/admin/users?x=1" {
		t.Fatalf("sign in: %d → %q\n%.500s", a.Code, a.Header.Get("Location"), a.Body)
	}
	var ck *http.Cookie
	for _, c := range (&http.Response{Header: a.Header}).Cookies() {
		if c.Name == "timeline_session" {
			ck = c
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/ (not Secure over http)", ck)
	}
	dash := b.get("/admin")
	if dash.Code != 200 || dash.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("dashboard: %d %q", dash.Code, dash.Header.Get("Cache-Control"))
	}
	if got := dash.doc(t).Find(`[data-testid=signed-in-as]`).Text(); got != "Ada Admin" {
		t.Errorf("dashboard says signed in as %q", got)
	}
	if got := dash.doc(t).Find(`[data-testid=online]`).Text(); got != "Signed in now: Ada Admin" {
		t.Errorf("dashboard lists as signed in: %q", got)
	}
	if got := dash.doc(t).Find(`[data-testid=activity] li`).Length(); got < 4 {
		t.Errorf("recent activity lists %d entries, want the sign-ins", got)
	}
	if b.get("/login").Code != http.StatusSeeOther {
		t.Error("/login signed in does not send on to the dashboard")
	}

	old := b.sessionCookie()
	a = b.post("/logout", url.Values{"_csrf": {b.token("/admin")}})
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != "/login?out=1" {
		t.Fatalf("logout: %d → %q", a.Code, a.Header.Get("Location"))
	}
	if n := s.count(`SELECT count(*) FROM sessions`); n != 0 {
		t.Errorf("%d sessions left after sign-out", n)
	}
	// The cookie replayed after sign-out leads to the sign-in page.
	replay := s.browser()
	u, _ := url.Parse(s.srv.URL)
	replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: "timeline_session", Value: old, Path: "/"}})
	if a := replay.get("/admin"); a.Code != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/login") {
		t.Errorf("replayed cookie: %d → %q", a.Code, a.Header.Get("Location"))
	}
	if got := s.count(`SELECT count(*) FROM audit_log WHERE action = 'logout.success'`); got != 1 {
		t.Errorf("%d sign-outs audited", got)
	}
}

// next is followed only to a path on this site.
func TestNoOpenRedirect(t *testing.T) {
	s := newAuthSite(t)
	for next, want := range map[string]string{
		"/admin/audit?user=1":       "/admin/audit?user=1",
		"/account":                  "/account",
		"//evil.example":            "/admin",
		"///evil.example":           "/admin",
		"/\\evil.example":           "/admin",
		"\\/evil.example":           "/admin",
		"https://evil.example/":     "/admin",
		"http:/evil.example":        "/admin",
		"javascript:alert(1)":       "/admin",
		" /admin/users":             "/admin",
		"/admin\r\nSet-Cookie: x=1": "/admin",
		"/login":                    "/admin",
		"/logout":                   "/admin",
		"":                          "/admin",
		"/%2F%2Fevil.example":       "/admin", // a path here, but refused all the same
	} {
		b := s.browser()
		a := b.signIn("editor@example.org", goodPassword, next)
		if a.Code != http.StatusSeeOther || a.Header.Get("Location") != want {
			t.Errorf("next %q: %d → %q, want %q", next, a.Code, a.Header.Get("Location"), want)
		}
	}
}

// Every sign-in makes a new session token; the one the browser had before
// is dead.
func TestNoSessionFixation(t *testing.T) {
	s := newAuthSite(t)
	b := s.browser()
	b.signIn("editor@example.org", goodPassword, "")
	first := b.sessionCookie()
	b.signIn("editor@example.org", goodPassword, "")
	second := b.sessionCookie()
	if first == "" || first == second {
		t.Fatalf("tokens %q then %q", first, second)
	}
	if _, err := s.store.SessionByToken(context.Background(), first); err == nil {
		t.Error("the token from before the new sign-in still works")
	}
	if n := s.count(`SELECT count(*) FROM sessions`); n != 1 {
		t.Errorf("%d sessions, want 1", n)
	}
	// A token planted by someone else (not one the server issued) is no session.
	planted := s.browser()
	u, _ := url.Parse(s.srv.URL)
	planted.c.Jar.SetCookies(u, []*http.Cookie{{Name: "timeline_session", Value: strings.Repeat("A", models.TokenLen), Path: "/"}})
	planted.signIn("editor@example.org", goodPassword, "")
	if got := planted.sessionCookie(); got == strings.Repeat("A", models.TokenLen) {
		t.Error("the planted token survived signing in")
	}
}

func TestSessionTimeoutsOnTheStoreClock(t *testing.T) {
	s := newAuthSite(t)
	s.store.Sessions = models.SessionPolicy{Idle: time.Hour, Max: 2 * time.Hour}
	b := s.browser()
	b.signIn("editor@example.org", goodPassword, "")
	s.advance(59 * time.Minute)
	if a := b.get("/admin"); a.Code != 200 {
		t.Fatalf("within the idle time: %d", a.Code)
	}
	s.advance(59 * time.Minute)
	if a := b.get("/admin"); a.Code != 200 {
		t.Fatalf("seen 59 minutes ago: %d", a.Code)
	}
	s.advance(5 * time.Minute) // 123 minutes after signing in
	if a := b.get("/admin"); a.Code != http.StatusSeeOther {
		t.Errorf("past the absolute timeout: %d", a.Code)
	}
	b.signIn("editor@example.org", goodPassword, "")
	s.advance(61 * time.Minute)
	if a := b.get("/admin"); a.Code != http.StatusSeeOther {
		t.Errorf("idle for 61 minutes: %d", a.Code)
	}
}

// A disabled user's live session is refused at its next request.
func TestDisabledUserIsSignedOut(t *testing.T) {
	s := newAuthSite(t)
	ed, admin := s.browser(), s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	admin.signIn("admin@example.org", goodPassword, "")
	if a := ed.get("/admin"); a.Code != 200 {
		t.Fatalf("editor: %d", a.Code)
	}
	path := "/admin/users/" + itoa(s.editor.ID)
	a := admin.post(path+"/disable", url.Values{"_csrf": {admin.token(path)}})
	if a.Code != http.StatusSeeOther {
		t.Fatalf("disable: %d %.300s", a.Code, a.Body)
	}
	if a := ed.get("/admin"); a.Code != http.StatusSeeOther {
		t.Errorf("disabled editor's next request: %d, want 303 to sign in", a.Code)
	}
	if a := ed.signIn("editor@example.org", goodPassword, ""); a.Code != http.StatusUnauthorized {
		t.Errorf("disabled editor signs in: %d", a.Code)
	}
	// The admin cannot disable themselves.
	self := "/admin/users/" + itoa(s.admin.ID)
	if a := admin.post(self+"/disable", url.Values{"_csrf": {admin.token(self)}}); a.Code != http.StatusBadRequest {
		t.Errorf("self-disable: %d", a.Code)
	}
}

func TestThrottledSignIn(t *testing.T) {
	s := newAuthSite(t)
	b := s.browser()
	for range models.DefaultThrottlePolicy.Free {
		if a := b.signIn("editor@example.org", "not the password", ""); a.Code != http.StatusUnauthorized {
			t.Fatalf("failure: %d", a.Code)
		}
	}
	a := b.signIn("editor@example.org", goodPassword, "")
	if a.Code != http.StatusTooManyRequests || a.Header.Get("Retry-After") != "30" {
		t.Fatalf("throttled: %d, Retry-After %q", a.Code, a.Header.Get("Retry-After"))
	}
	if !strings.Contains(a.doc(t).Find(`[data-testid=login-error]`).Text(), "30 seconds") {
		t.Errorf("the page does not say how long to wait: %q", a.doc(t).Find(`[data-testid=login-error]`).Text())
	}
	s.advance(31 * time.Second)
	if a := b.signIn("editor@example.org", goodPassword, ""); a.Code != http.StatusSeeOther {
		t.Errorf("after waiting: %d", a.Code)
	}
	if got := s.count(`SELECT count(*) FROM audit_log WHERE action = 'login.throttled'`); got != 1 {
		t.Errorf("%d throttles audited", got)
	}
}

func TestLoginBadInput(t *testing.T) {
	s := newAuthSite(t)
	b := s.browser()
	tok := b.token("/login")
	a := b.post("/login", url.Values{"_csrf": {tok}, "email": {"editor@example.org"}, "password": {strings.Repeat("p", 10<<10)}})
	if a.Code != http.StatusBadRequest {
		t.Errorf("10 KB password: %d, want 400", a.Code)
	}
	if n := s.count(`SELECT count(*) FROM login_attempts`); n != 0 {
		t.Errorf("the 10 KB password was counted as an attempt (%d): it must stop before any work", n)
	}
	if a := b.post("/login", url.Values{"email": {"editor@example.org"}, "password": {goodPassword}}); a.Code != http.StatusForbidden {
		t.Errorf("no token: %d", a.Code)
	}
	if a := b.post("/login", url.Values{"_csrf": {"forged"}, "email": {"editor@example.org"}, "password": {goodPassword}}); a.Code != http.StatusForbidden {
		t.Errorf("wrong token: %d", a.Code)
	}
	if a := b.post("/login", url.Values{"_csrf": {tok}, "email": {"editor@example.org"}, "password": {goodPassword}}, "Sec-Fetch-Site", "cross-site"); a.Code != http.StatusForbidden {
		t.Errorf("from another site: %d", a.Code)
	}
	if a := b.post("/login", url.Values{"_csrf": {tok}, "email": {"editor@example.org"}, "password": {goodPassword}}, "Origin", "https://evil.example", "Sec-Fetch-Site", ""); a.Code != http.StatusForbidden {
		t.Errorf("with a foreign Origin: %d", a.Code)
	}
	if n := s.count(`SELECT count(*) FROM sessions`); n != 0 {
		t.Errorf("%d sessions made by refused requests", n)
	}
}

// A form sent after the session ended is not acted on, and its input comes
// through signing in again to be sent with one click.
func TestExpiredSessionKeepsFormInput(t *testing.T) {
	s := newAuthSite(t)
	b := s.browser()
	b.signIn("admin@example.org", goodPassword, "")
	tok := b.token("/admin/users")
	s.advance(9 * time.Hour) // past the idle timeout

	form := url.Values{"_csrf": {tok}, "email": {"new@example.org"}, "name": {"Nina <b>New</b>"}, "role": {"editor"}, "password": {"a fresh long pass phrase"}}
	a := b.post("/admin/users", form)
	if a.Code != http.StatusUnauthorized {
		t.Fatalf("expired session POST: %d", a.Code)
	}
	if n := s.count(`SELECT count(*) FROM users WHERE email = 'new@example.org'`); n != 0 {
		t.Fatal("the user was created without a session")
	}
	d := a.doc(t)
	if !strings.Contains(d.Find(`[data-testid=kept-input]`).Text(), "nothing was changed") {
		t.Errorf("the page does not say the input is kept: %q", d.Find(`[data-testid=kept-input]`).Text())
	}
	if got := d.Find(`input[name="keep.name"]`).AttrOr("value", ""); got != "Nina <b>New</b>" {
		t.Errorf("kept name = %q", got)
	}
	if d.Find(`input[name="keep.password"]`).Length() != 0 || strings.Contains(a.Body, "a fresh long pass phrase") {
		t.Error("the password was carried through the sign-in page")
	}
	login := url.Values{}
	d.Find(`form[action="/login"] input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
		login.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	login.Set("email", "admin@example.org")
	login.Set("password", goodPassword)
	a = b.post("/login", login)
	if a.Code != 200 {
		t.Fatalf("sign in with kept input: %d %.300s", a.Code, a.Body)
	}
	d = a.doc(t)
	resend := d.Find(`[data-testid=resend] form`)
	if resend.AttrOr("action", "") != "/admin/users" {
		t.Fatalf("resend form goes to %q", resend.AttrOr("action", ""))
	}
	again := url.Values{}
	resend.Find(`input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
		again.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	if again.Get("_csrf") == tok || again.Get("_csrf") == "" {
		t.Error("the resend form does not carry the new session's token")
	}
	if resend.Find(`input[type=password][name=password]`).Length() != 1 {
		t.Error("the resend form does not ask for the password again")
	}
	again.Set("password", "a fresh long pass phrase")
	if a := b.post("/admin/users", again); a.Code != http.StatusSeeOther {
		t.Fatalf("sent again: %d %.300s", a.Code, a.Body)
	}
	var name string
	s.db.QueryRow(`SELECT display_name FROM users WHERE email = 'new@example.org'`).Scan(&name)
	if name != "Nina <b>New</b>" {
		t.Errorf("created with name %q", name)
	}

	// Signed out in another tab (no cookie at all): the form is kept too.
	b.post("/logout", url.Values{"_csrf": {b.token("/admin")}})
	if a := b.post("/admin/users", form); a.Code != http.StatusUnauthorized || a.doc(t).Find(`input[name="keep.email"]`).Length() != 1 {
		t.Errorf("signed-out POST: %d, kept %d", a.Code, a.doc(t).Find(`input[name="keep.email"]`).Length())
	}
}

func TestJSONRequestsGet401(t *testing.T) {
	s := newAuthSite(t)
	b := s.browser()
	a := b.get("/admin", "Accept", "application/json")
	if a.Code != http.StatusUnauthorized || !strings.Contains(a.Body, `"status":401`) {
		t.Errorf("JSON without a session: %d %s", a.Code, a.Body)
	}
}

// Nothing of the signed-in side or its door is ever cached or indexed,
// error pages included; cookies are __Host- and Secure over https.
func TestPrivateAnswers(t *testing.T) {
	s := newAuthSite(t)
	b := s.browser()
	b.signIn("admin@example.org", goodPassword, "")
	for _, path := range []string{"/login", "/admin", "/admin/users", "/admin/audit", "/account", "/admin/nowhere", "/admin/users/999"} {
		for range 2 {
			a := b.get(path)
			if a.Header.Get("Cache-Control") != "no-store" || !strings.Contains(a.Header.Get("X-Robots-Tag"), "noindex") || a.Header.Get("X-Cache") != "" || a.Header.Get("ETag") != "" {
				t.Errorf("%s (%d): Cache-Control %q, X-Robots-Tag %q, X-Cache %q, ETag %q", path, a.Code,
					a.Header.Get("Cache-Control"), a.Header.Get("X-Robots-Tag"), a.Header.Get("X-Cache"), a.Header.Get("ETag"))
			}
		}
	}
	// A public page is the same for everyone, cached, and sets no cookie.
	b.get("/")
	if a := b.get("/"); a.Header.Get("X-Cache") != "hit" || a.Header.Get("Set-Cookie") != "" {
		t.Errorf("public page for a signed-in reader: X-Cache %q, Set-Cookie %q", a.Header.Get("X-Cache"), a.Header.Get("Set-Cookie"))
	}

	e, err := server.New(s.store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{BaseURL: "https://timeline.test"})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != "__Host-timeline_csrf" || !cookies[0].Secure || !cookies[0].HttpOnly || cookies[0].Path != "/" || cookies[0].Domain != "" {
		t.Errorf("https cookies: %+v", cookies)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
