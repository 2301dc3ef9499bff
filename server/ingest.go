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
// several articles of up to 10 MiB each. The CSRF check reads the whole form
// before the route's role is checked, so the larger limit is only for a
// request whose session is a live one: a made-up cookie costs the server one
// indexed lookup, not 120 MB of parsing.
func bodyLimits(h *web.Handler, limit string) []echo.MiddlewareFunc {
	const key = "timeline.ingest_upload"
	isIngestPost := func(c echo.Context) bool {
		req := c.Request()
		if req.Method != http.MethodPost || req.URL.Path != "/admin/ingest" || h.SessionToken(c) == "" {
			return false
		}
		if ok, seen := c.Get(key).(bool); seen {
			return ok
		}
		_, err := h.Session(c)
		c.Set(key, err == nil)
		return err == nil
	}
	return []echo.MiddlewareFunc{
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: limit, Skipper: isIngestPost}),
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: web.IngestBodyLimit,
			Skipper: func(c echo.Context) bool { return !isIngestPost(c) }}),
	}
}
