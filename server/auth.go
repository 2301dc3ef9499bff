package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/web"
)

// private marks every answer of the signed-in side and its door (/admin,
// /account, /login, /logout), error pages included, as never to be stored
// by any cache nor indexed.
func private(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if web.Guarded(c.Request().URL.Path) {
			hdr := c.Response().Header()
			hdr.Set(echo.HeaderCacheControl, "no-store")
			hdr.Set("X-Robots-Tag", "noindex, nofollow")
		}
		return next(c)
	}
}

// requireRole lets a request through only with a live session whose user
// has role (admins have every role). Without one: pages answer 303 to the
// sign-in page, which comes back here after; JSON requests 401; forms the
// sign-in page keeping their input (see web.Handler.SignedOutPost). A user
// without the role gets 403.
func requireRole(h *web.Handler, role models.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			in, err := h.Session(c)
			if errors.Is(err, models.ErrNoSession) {
				switch {
				case web.WantsJSON(req):
					return err
				case req.Method == http.MethodGet || req.Method == http.MethodHead:
					return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(req.URL.RequestURI()))
				default:
					return h.SignedOutPost(c)
				}
			}
			if err != nil {
				return err
			}
			if !in.User.Role.Allows(role) {
				return fmt.Errorf("server: %s needs %s, %s is %s: %w", req.URL.Path, role, in.User.Email, in.User.Role, models.ErrForbidden)
			}
			h.SetSignedIn(c, in)
			return next(c)
		}
	}
}

// curation registers the routes of the signed-in side. Each needs a session
// of at least its role, and is named after that role ("admin GET
// /admin/users"), which is how the route-table test knows what to expect
// of every route, including ones added later.
type curation struct {
	e     *echo.Echo
	roles map[models.Role]echo.MiddlewareFunc
}

func newCuration(e *echo.Echo, h *web.Handler) *curation {
	return &curation{e: e, roles: map[models.Role]echo.MiddlewareFunc{
		models.RoleEditor: requireRole(h, models.RoleEditor),
		models.RoleAdmin:  requireRole(h, models.RoleAdmin),
	}}
}

func (cu *curation) add(methods []string, path string, role models.Role, handler echo.HandlerFunc) {
	if !web.Guarded(path) || strings.HasPrefix(path, "/login") || strings.HasPrefix(path, "/logout") {
		panic("server: curation route outside /admin and /account: " + path)
	}
	for _, r := range cu.e.Match(methods, path, handler, cu.roles[role]) {
		r.Name = RouteName(role, r.Method, path)
	}
}

// GET registers a page of the signed-in side (GET and HEAD, like get).
func (cu *curation) GET(path string, role models.Role, handler echo.HandlerFunc) {
	cu.add([]string{http.MethodGet, http.MethodHead}, path, role, handler)
}

// POST registers a state change of the signed-in side.
func (cu *curation) POST(path string, role models.Role, handler echo.HandlerFunc) {
	cu.add([]string{http.MethodPost}, path, role, handler)
}

// RouteName is the name of a curation route: the role it needs, its method
// and path.
func RouteName(role models.Role, method, path string) string {
	return string(role) + " " + method + " " + path
}
