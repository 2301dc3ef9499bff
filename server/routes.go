package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"timeline/static"
	"timeline/web"
)

// routes is the map of the whole HTTP surface.
func routes(e *echo.Echo, h *web.Handler, assets *static.Assets) {
	e.GET("/", h.Chronology)
	e.GET("/events/:id", h.Event)
	e.GET("/events/:id/:slug", h.Event)
	e.GET("/categories.css", h.CategoriesCSS)

	api := e.Group("/api/v1")
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
