package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"timeline/models"
	"timeline/web"
)

// ingestRoutes are the browser's ingest workspace: the form, the POST that
// queues a job, and the job's progress (HTML or JSON).
func ingestRoutes(cu *curation, h *web.Handler) {
	cu.GET("/admin/ingest", models.RoleEditor, h.IngestPage)
	cu.POST("/admin/ingest", models.RoleEditor, h.IngestPost)
	cu.GET("/admin/ingest/:id", models.RoleEditor, h.IngestJob)
}

// bodyLimits caps request bodies at limit, and ingest uploads at
// web.IngestBodyLimit: the one request allowed past the usual limit, for
// several articles of up to 10 MiB each, and only from a browser with a
// session cookie, since the CSRF check reads the whole form before the
// session is checked.
func bodyLimits(h *web.Handler, limit string) []echo.MiddlewareFunc {
	isIngestPost := func(c echo.Context) bool {
		return c.Request().Method == http.MethodPost && c.Request().URL.Path == "/admin/ingest" && h.SessionToken(c) != ""
	}
	return []echo.MiddlewareFunc{
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: limit, Skipper: isIngestPost}),
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: web.IngestBodyLimit,
			Skipper: func(c echo.Context) bool { return !isIngestPost(c) }}),
	}
}
