package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
)

// Cookie names. Over https they take the __Host- prefix, which browsers
// accept only with Secure, Path=/ and no Domain: no other host, subdomain
// or plain-http page can set or shadow them.
const (
	sessionCookieName = "timeline_session"
	csrfCookieName    = "timeline_csrf"
)

// SessionCookie is the name of the session cookie on this site.
func (h *Handler) SessionCookie() string { return h.cookieName(sessionCookieName) }

func (h *Handler) cookieName(name string) string {
	if h.secure {
		return "__Host-" + name
	}
	return name
}

func (h *Handler) cookie(c echo.Context, name string) string {
	ck, err := c.Cookie(h.cookieName(name))
	if err != nil {
		return ""
	}
	return ck.Value
}

// Session looks up the live session the request's cookie names; without
// one the error is models.ErrNoSession.
func (h *Handler) Session(c echo.Context) (*models.SignedIn, error) {
	return h.store.SessionByToken(c.Request().Context(), h.SessionToken(c))
}

// SessionToken is the session token the request carries, or "".
func (h *Handler) SessionToken(c echo.Context) string { return h.cookie(c, sessionCookieName) }

func (h *Handler) setCookie(c echo.Context, name, value string, maxAge time.Duration) {
	c.SetCookie(&http.Cookie{
		Name: h.cookieName(name), Value: value, Path: "/",
		MaxAge: int(maxAge / time.Second), HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (h *Handler) clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: h.cookieName(name), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
}

// sessionCookieLife outlives the session by a day: the server ends the
// session first, so a browser still sends the cookie of an expired session
// and its forms can be recognised, kept and sent again after signing in.
func (h *Handler) sessionCookieLife() time.Duration { return h.store.Sessions.Max + 24*time.Hour }

// Context keys of what the middleware learns about a request.
const (
	signedInKey = "timeline.signed_in"
	csrfKey     = "timeline.csrf"
)

// SetSignedIn records the request's session for the handlers, and puts its
// user in the request's context as the caller the audit log names.
func (h *Handler) SetSignedIn(c echo.Context, in *models.SignedIn) {
	c.Set(signedInKey, in)
	id := in.User.ID
	c.SetRequest(c.Request().WithContext(models.WithCaller(c.Request().Context(), models.Caller{
		UserID: &id, Label: in.User.Email, RequestID: requestID(c), IP: c.RealIP(),
	})))
}

// SignedIn is the request's session, set by the middleware on every route
// that needs one; nil elsewhere.
func SignedIn(c echo.Context) *models.SignedIn {
	in, _ := c.Get(signedInKey).(*models.SignedIn)
	return in
}

// anonymous puts a caller without a user in the request's context, for the
// audit rows of sign-in attempts.
func anonymous(c echo.Context) {
	c.SetRequest(c.Request().WithContext(models.WithCaller(c.Request().Context(), models.Caller{
		RequestID: requestID(c), IP: c.RealIP(),
	})))
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// CSRF tokens. A form's token is an HMAC of the browser's secret: its
// session token when it has one, else a random pre-session secret in its
// own cookie (for the sign-in form). So the token changes with every new
// session, needs no storage, and only pages of this site, which can read
// it from the form or the csrf-token meta tag, can send it back.
const csrfLabel = "timeline csrf v1"

func csrfFor(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(csrfLabel))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfSecret is the secret the request's tokens derive from, or "".
func (h *Handler) csrfSecret(c echo.Context) string {
	if s := h.SessionToken(c); s != "" {
		return s
	}
	return h.cookie(c, csrfCookieName)
}

// CheckCSRF reports whether token is the request's CSRF token, comparing
// in constant time.
func (h *Handler) CheckCSRF(c echo.Context, token string) bool {
	secret := h.csrfSecret(c)
	if secret == "" || token == "" {
		return false
	}
	return hmac.Equal([]byte(token), []byte(csrfFor(secret)))
}

// EnsureCSRF makes the request's CSRF token available to its page, first
// giving the browser a pre-session secret if it has none.
func (h *Handler) EnsureCSRF(c echo.Context) string {
	if tok, ok := c.Get(csrfKey).(string); ok && tok != "" {
		return tok
	}
	secret := h.csrfSecret(c)
	if secret == "" {
		b := make([]byte, 32)
		rand.Read(b)
		secret = base64.RawURLEncoding.EncodeToString(b)
		h.setCookie(c, csrfCookieName, secret, 12*time.Hour)
	}
	tok := csrfFor(secret)
	c.Set(csrfKey, tok)
	return tok
}

// WantsJSON reports whether a request asks for JSON rather than a page:
// the curation screens' scripts send Accept: application/json.
func WantsJSON(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/admin/api/") {
		return true
	}
	accept := r.Header.Get(echo.HeaderAccept)
	return strings.Contains(accept, echo.MIMEApplicationJSON) && !strings.Contains(accept, echo.MIMETextHTML)
}

// Guarded reports whether a path belongs to the signed-in side of the site
// or its door: never cached, never indexed.
func Guarded(path string) bool {
	for _, p := range []string{"/admin", "/account", "/login", "/logout"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// ErrCSRF means a state-changing request came without this site's token or
// from another site. It changes nothing.
var ErrCSRF = errors.New("web: cross-site request or missing CSRF token")
