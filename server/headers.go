package server

import (
	"net/url"

	"github.com/labstack/echo/v4"
)

// permissionsPolicy turns off the powerful browser features the site never
// uses, so an injected script or an embedded frame cannot ask for them.
const permissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), " +
	"magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()"

// hstsValue asks browsers to use https for a year on this host.
const hstsValue = "max-age=31536000"

// maxRequestIDLen bounds a client's X-Request-ID: ours are 32 characters.
const maxRequestIDLen = 64

// siteHeaders sets the headers that depend on how the site is configured,
// not on what a client says: HSTS only when the public base URL is https
// (a client-sent X-Forwarded-Proto must not decide it), and the
// Permissions-Policy everywhere.
func siteHeaders(baseURL string) echo.MiddlewareFunc {
	u, err := url.Parse(baseURL)
	https := err == nil && u.Scheme == "https"
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Permissions-Policy", permissionsPolicy)
			if https {
				h.Set(echo.HeaderStrictTransportSecurity, hstsValue)
			}
			return next(c)
		}
	}
}

// dropBadRequestID removes a client's X-Request-ID unless it is short and
// made of letters, digits, '-', '_' and '.', so the request id middleware
// makes a fresh one: a client cannot put newlines, markup or a megabyte
// into our logs and answers.
func dropBadRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !wellFormedRequestID(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

func wellFormedRequestID(id string) bool {
	if len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}
