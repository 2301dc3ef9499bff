package web

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/views"
)

// badSignIn is the one message for every failed sign-in: it says nothing
// about whether the account exists.
const badSignIn = "The email or password is not right, or the account is disabled."

// Limits of the sign-in form that stop a request before any work.
const (
	maxEmailField = 1 << 10
	maxKeptFields = 200
	maxNextLen    = 2000
)

// loginForm is the sign-in form, with a form sent after its session ended
// carried along: the path it was sent to and its fields.
type loginForm struct {
	Email    string
	Password string
	Next     string // a local path, or ""
	Resend   string // a local path under /admin or /account, or ""
	Kept     []views.KeptField
	Dropped  []string
}

// parseLoginForm reads and checks the sign-in form. A field too big to be
// honest is an InputError (400) before any hashing; a malformed email is
// not: it fails like any other wrong email.
func parseLoginForm(vals url.Values) (loginForm, error) {
	f := loginForm{Email: vals.Get("email"), Password: vals.Get("password")}
	if len(f.Email) > maxEmailField {
		return loginForm{}, invalid("The email is too long.")
	}
	if len(f.Password) > models.MaxPasswordBytes || utf8.RuneCountInString(f.Password) > models.MaxPasswordLen {
		return loginForm{}, invalid("The password is longer than %d characters.", models.MaxPasswordLen)
	}
	f.Next = LocalPath(vals.Get("next"))
	if r := LocalPath(vals.Get("resend")); r != "" && (Guarded(r) && !strings.HasPrefix(r, "/login") && !strings.HasPrefix(r, "/logout")) {
		f.Resend = r
	}
	if f.Resend == "" {
		return f, nil
	}
	names := make([]string, 0, len(vals))
	for k := range vals {
		if name, ok := strings.CutPrefix(k, "keep."); ok && keepable(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range vals["keep."+name] {
			if len(f.Kept) == maxKeptFields {
				return loginForm{}, invalid("The form kept from before has too many fields.")
			}
			f.Kept = append(f.Kept, views.KeptField{Name: name, Value: v})
		}
	}
	for _, d := range vals["dropped"] {
		if isSecretField(d) && len(f.Dropped) < 10 && validFieldName(d) {
			f.Dropped = append(f.Dropped, d)
		}
	}
	return f, nil
}

// LocalPath returns s when it is a path on this site ("/admin/users?x=1"),
// never a URL elsewhere: not "//host", "/\host", a scheme, or anything with
// control characters. Otherwise, or for the sign-in and sign-out pages, "".
func LocalPath(s string) string {
	if s == "" || len(s) > maxNextLen || s[0] != '/' || strings.HasPrefix(s, "//") {
		return ""
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\\' || r == utf8.RuneError {
			return ""
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") {
		return ""
	}
	for _, p := range []string{"/login", "/logout"} {
		if u.Path == p || strings.HasPrefix(u.Path, p+"/") {
			return ""
		}
	}
	return s
}

// isSecretField reports whether a form field holds a password, which is
// never carried through the sign-in page.
func isSecretField(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "password") || n == "current" || n == "confirm"
}

func validFieldName(name string) bool {
	return name != "" && len(name) <= 100 && utf8.ValidString(name)
}

// keepable reports whether a field of a form is kept for sending again.
func keepable(name string) bool {
	return validFieldName(name) && name != "_csrf" && !isSecretField(name)
}

// loginPage fills the sign-in page's view.
func (h *Handler) loginPage(c echo.Context) views.LoginView {
	return views.LoginView{
		Page: views.Page{Title: "Sign in · Timeline", NoIndex: true,
			CSS: []string{h.assets.URL("css/app.css"), h.assets.URL("css/admin.css")}},
		CSRF: h.EnsureCSRF(c),
	}
}

// Login shows the sign-in form, or sends someone already signed in on.
func (h *Handler) Login(c echo.Context) error {
	next := LocalPath(c.QueryParam("next"))
	if _, err := h.Session(c); err == nil {
		return c.Redirect(http.StatusSeeOther, cmp.Or(next, "/admin"))
	} else if !errors.Is(err, models.ErrNoSession) {
		return err
	}
	v := h.loginPage(c)
	v.Next = next
	if c.QueryParam("out") == "1" {
		v.Notice = "You have signed out."
	}
	return render(c, http.StatusOK, views.LoginPage(v))
}

// LoginPost signs in. Success answers 303 to next (or to a page offering to
// send again a form whose session had ended); failure shows the form again
// with one message for every cause; too many failures answer 429.
func (h *Handler) LoginPost(c echo.Context) error {
	vals, err := c.FormParams()
	if err != nil {
		return invalid("The form could not be read.")
	}
	f, err := parseLoginForm(vals)
	if err != nil {
		return err
	}
	anonymous(c)
	in, token, err := h.store.SignIn(c.Request().Context(), models.SignInRequest{
		Email: f.Email, Password: f.Password, IP: c.RealIP(), UserAgent: c.Request().UserAgent(),
		OldToken: h.SessionToken(c),
	})
	var te *models.ThrottledError
	switch {
	case errors.As(err, &te):
		secs := int(math.Ceil(te.RetryAfter.Seconds()))
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		return h.loginAgain(c, f, http.StatusTooManyRequests,
			fmt.Sprintf("Too many attempts to sign in. Wait %s and try again.", waitWords(secs)))
	case errors.Is(err, models.ErrBadCredentials):
		return h.loginAgain(c, f, http.StatusUnauthorized, badSignIn)
	case err != nil:
		return err
	}
	h.setCookie(c, sessionCookieName, token, h.sessionCookieLife())
	h.clearCookie(c, csrfCookieName)
	if f.Resend == "" {
		return c.Redirect(http.StatusSeeOther, cmp.Or(f.Next, "/admin"))
	}
	// The page is the first of the new session: its token derives from the
	// new session's secret, which the browser only has from this answer on.
	c.Set(csrfKey, csrfFor(token))
	h.SetSignedIn(c, in)
	v := views.ResendView{AdminPage: h.adminPage(c, "Send it again?", f.Resend), Action: f.Resend, Kept: f.Kept, Dropped: f.Dropped}
	return render(c, http.StatusOK, views.ResendPage(v))
}

// loginAgain shows the sign-in form again after a failure, keeping what
// was typed except the password.
func (h *Handler) loginAgain(c echo.Context, f loginForm, status int, msg string) error {
	v := h.loginPage(c)
	v.Email, v.Next, v.Error = f.Email, f.Next, msg
	v.Resend, v.Kept, v.Dropped = f.Resend, f.Kept, f.Dropped
	return render(c, status, views.LoginPage(v))
}

func waitWords(secs int) string {
	switch {
	case secs <= 1:
		return "a second"
	case secs < 120:
		return strconv.Itoa(secs) + " seconds"
	default:
		return strconv.Itoa((secs+59)/60) + " minutes"
	}
}

// SignedOutPost answers a form sent to the signed-in side without a live
// session: it changes nothing and shows the sign-in form, which keeps the
// form's input (but never passwords or files) to offer sending it again
// once signed in. 401, as for any request that needs a session.
func (h *Handler) SignedOutPost(c echo.Context) error {
	v := h.loginPage(c)
	v.Resend = LocalPath(c.Request().URL.Path)
	if v.Resend == "" || !Guarded(v.Resend) {
		v.Resend = ""
		v.Notice = "Your session has ended. Sign in again to go on."
		return render(c, http.StatusUnauthorized, views.LoginPage(v))
	}
	vals, err := c.FormParams()
	if err != nil {
		vals = url.Values{}
	}
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch {
		case isSecretField(k) && validFieldName(k):
			v.Dropped = append(v.Dropped, k)
		case keepable(k):
			for _, val := range vals[k] {
				if len(v.Kept) < maxKeptFields {
					v.Kept = append(v.Kept, views.KeptField{Name: k, Value: val})
				}
			}
		}
	}
	return render(c, http.StatusUnauthorized, views.LoginPage(v))
}

// Logout ends the session on the server and in the browser.
func (h *Handler) Logout(c echo.Context) error {
	anonymous(c)
	if in, err := h.Session(c); err == nil {
		h.SetSignedIn(c, in)
	}
	if err := h.store.EndSession(c.Request().Context(), h.SessionToken(c)); err != nil {
		return err
	}
	h.clearCookie(c, sessionCookieName)
	return c.Redirect(http.StatusSeeOther, "/login?out=1")
}
