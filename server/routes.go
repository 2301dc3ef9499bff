package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/static"
	"timeline/web"
)

// router is what routes are added to: the application or one of its groups.
type router interface {
	Match(methods []string, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route
}

// get adds a route that answers GET and HEAD alike: net/http drops the
// body of a HEAD answer, so one handler serves both.
func get(r router, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	r.Match([]string{http.MethodGet, http.MethodHead}, path, h, m...)
}

// routes is the map of the whole HTTP surface. What readers see is served
// through the response cache, keyed by the data version. Only /embed may
// be framed by other sites; the read-only API, exports, feed and oEmbed
// answer any origin's scripts.
func routes(e *echo.Echo, h *web.Handler, assets *static.Assets, cache echo.MiddlewareFunc, limit rateLimits) {
	get(e, "/", h.Chronology, cache, limit.search) // limits count cache misses only: see ratelimit.go
	get(e, "/events/:id", h.Event, cache)
	get(e, "/events/:id/:slug", h.Event, cache)
	get(e, "/events/:id/cite", h.EventCite) // carries today's date: never cached
	get(e, "/events/:id/share.png", h.EventImage)
	get(e, "/cite", h.ViewCite)
	get(e, "/share.png", h.ViewImage, cache)
	get(e, "/categories.css", h.CategoriesCSS, cache)

	get(e, "/embed", h.EmbedChronology, frameable, cache, limit.search)
	get(e, "/embed/events/:id", h.EmbedEvent, frameable, cache)
	get(e, "/oembed", h.OEmbed, anyOrigin, cache)

	// Exports stream from a database cursor, so they bypass the cache.
	// They are the expensive public routes to rate-limit.
	for _, f := range web.ExportFormats {
		get(e, "/export/"+f.File, h.ServeExport(f), anyOrigin, limit.export)
	}
	get(e, "/feed.atom", h.Feed, anyOrigin, cache)
	get(e, "/sitemap.xml", h.Sitemap, cache)
	get(e, "/sitemap-:n", h.SitemapPart, cache)
	get(e, "/robots.txt", h.Robots)

	// Signing in and out. Every POST anywhere is CSRF-checked by the global
	// csrf middleware; the sign-in form's token comes from a pre-session
	// cookie.
	get(e, "/login", h.Login)
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
	ingestRoutes(cu, h)  // see ingest.go
	reviewRoutes(cu, h)  // see review.go
	historyRoutes(cu, h) // see history.go
	cu.GET("/account", models.RoleEditor, h.Account)
	cu.POST("/account/password", models.RoleEditor, h.ChangePassword)
	cu.POST("/account/sessions/:id/end", models.RoleEditor, h.EndOwnSession)
	cu.POST("/account/sessions/end-others", models.RoleEditor, h.EndOtherSessions)

	api := e.Group("/api/v1", anyOrigin, cache)
	get(api, "/events", h.APIEvents, limit.search)
	get(api, "/events/:id", h.APIEvent)
	get(api, "/histogram", h.APIHistogram, limit.histogram)

	get(e, "/healthz", h.Healthz)
	get(e, "/readyz", h.Readyz)

	get(e, static.Prefix+"*", echo.WrapHandler(assets))
	get(e, "/favicon.ico", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, assets.URL("img/icon.svg"))
	})
}
