package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/static"
	"timeline/web"
)

// routes is the map of the whole HTTP surface. What readers see is served
// through the response cache, keyed by the data version.
func routes(e *echo.Echo, h *web.Handler, assets *static.Assets, cache echo.MiddlewareFunc) {
	e.GET("/", h.Chronology, cache)
	e.GET("/events/:id", h.Event, cache)
	e.GET("/events/:id/:slug", h.Event, cache)
	e.GET("/categories.css", h.CategoriesCSS, cache)

	api := e.Group("/api/v1", cache)
	api.GET("/events", h.APIEvents)
	api.GET("/events/:id", h.APIEvent)
	api.GET("/histogram", h.APIHistogram)

	e.GET("/healthz", h.Healthz)
	e.GET("/readyz", h.Readyz)

	// Signing in and out. Every POST anywhere is CSRF-checked by the global
	// csrf middleware; the sign-in form's token comes from a pre-session
	// cookie.
	e.GET("/login", h.Login)
	e.POST("/login", h.LoginPost)
	e.POST("/logout", h.Logout)

	// The signed-in side: every route needs a session and names the least
	// role it needs (editors curate; admins also manage users and read the
	// audit log). Register them only through cu.
	cu := newCuration(e, h)
	cu.GET("/admin", models.RoleEditor, h.Dashboard)
	cu.GET("/admin/users", models.RoleAdmin, h.Users)
	cu.POST("/admin/users", models.RoleAdmin, h.AddUser)
	cu.GET("/admin/users/:id", models.RoleAdmin, h.User)
	cu.POST("/admin/users/:id/disable", models.RoleAdmin, h.DisableUser)
	cu.POST("/admin/users/:id/password", models.RoleAdmin, h.ResetPassword)
	cu.POST("/admin/users/:id/end-sessions", models.RoleAdmin, h.EndUserSessions)
	cu.GET("/admin/audit", models.RoleAdmin, h.Audit)
	cu.GET("/account", models.RoleEditor, h.Account)
	cu.POST("/account/password", models.RoleEditor, h.ChangePassword)
	cu.POST("/account/sessions/:id/end", models.RoleEditor, h.EndOwnSession)
	cu.POST("/account/sessions/end-others", models.RoleEditor, h.EndOtherSessions)

	e.GET(static.Prefix+"*", echo.WrapHandler(assets))
	e.GET("/favicon.ico", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, assets.URL("img/icon.svg"))
	})
}
