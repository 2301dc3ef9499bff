package server

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// embedSecurityPolicy is the page policy with one change: any site may
// frame the page. Everything else (our own scripts only, no inline code)
// stays as strict as on every other page.
var embedSecurityPolicy = strings.Replace(contentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors *", 1)

// frameable lets other sites put the route in an iframe: it replaces the
// headers the secure middleware set before it for every route.
func frameable(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", embedSecurityPolicy)
		h.Del("X-Frame-Options")
		return next(c)
	}
}

// anyOrigin lets scripts on any site read the answer: the route is public,
// read-only and sends no credentials, so there is nothing to protect by
// origin. Requests are simple GETs, which need no preflight.
func anyOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set(echo.HeaderAccessControlAllowOrigin, "*")
		h.Set(echo.HeaderAccessControlExposeHeaders, "ETag, Link")
		return next(c)
	}
}
