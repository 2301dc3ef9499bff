package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"timeline/web"
)

// csrf refuses every state-changing request that comes from another site
// (Go's cross-origin protection: Sec-Fetch-Site, else Origin against Host)
// or without this site's token, in the _csrf form field or the
// X-CSRF-Token header, checked in constant time. It is global, so no route
// can be added without it. Safe requests to the signed-in side get a token
// for their forms.
//
// One refusal is softened: a form for the signed-in side sent from this
// site by a browser that no longer has a session cookie (signed out in
// another tab) cannot carry a valid token, as its secret went with the
// session. It gets the sign-in page that keeps its input, which changes
// nothing, rather than a bare 403.
func csrf(h *web.Handler) echo.MiddlewareFunc {
	cop := http.NewCrossOriginProtection()
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			switch req.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				if web.Guarded(req.URL.Path) {
					h.EnsureCSRF(c)
				}
				return next(c)
			}
			if err := cop.Check(req); err != nil {
				return fmt.Errorf("server: %s %s: %w", req.Method, req.URL.Path, web.ErrCSRF)
			}
			token := req.Header.Get("X-CSRF-Token")
			if token == "" {
				token = c.FormValue("_csrf")
			}
			if token == "" {
				return fmt.Errorf("server: %s %s without a token: %w", req.Method, req.URL.Path, web.ErrCSRF)
			}
			if h.CheckCSRF(c, token) {
				h.EnsureCSRF(c)
				return next(c)
			}
			if h.SessionToken(c) == "" && web.Guarded(req.URL.Path) && web.LocalPath(req.URL.Path) != "" && !web.WantsJSON(req) {
				return h.SignedOutPost(c)
			}
			return fmt.Errorf("server: %s %s with a wrong token: %w", req.Method, req.URL.Path, web.ErrCSRF)
		}
	}
}
