package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

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

	e.GET(static.Prefix+"*", echo.WrapHandler(assets))
	e.GET("/favicon.ico", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, assets.URL("img/icon.svg"))
	})
}
