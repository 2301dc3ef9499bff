// Package web holds the HTTP handlers: the reader pages, the JSON API and
// health checks. Handlers parse and validate input, call the store, and hand
// view models to views; they return errors and never write error pages.
package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"timeline/ingest"
	"timeline/models"
	"timeline/static"
	"timeline/views"
)

// Handler serves the pages and API of the chronology.
type Handler struct {
	store   *models.Store
	assets  *static.Assets
	log     *slog.Logger
	baseURL string // absolute URL of the site, for permalinks and citations
	site    string // the site's name, in titles, citations and share cards
	secure  bool   // served over https: cookies are Secure and __Host- prefixed
	images  *imageCache
	ingest  *ingest.Runner // nil: jobs wait for a runner elsewhere
	parts   sharedParts    // the chronology's shared parts, per data version
	// Draining, when set and true, turns /readyz 503 while the server
	// finishes the requests in hand before it stops.
	Draining func() bool
}

// NewHandler wires the handlers to their dependencies. site is the name
// the site goes by in titles, citations, feeds and share images.
func NewHandler(store *models.Store, assets *static.Assets, log *slog.Logger, baseURL, site string) *Handler {
	if site == "" {
		site = DefaultSiteName
	}
	return &Handler{store: store, assets: assets, log: log, baseURL: strings.TrimRight(baseURL, "/"), site: site,
		secure: strings.HasPrefix(baseURL, "https://"), images: newImageCache(imageCacheEntries)}
}

// DefaultSiteName is the site's name when TIMELINE_SITE_NAME is unset.
const DefaultSiteName = "Timeline"

// InputError is a request the client must change: it becomes a 400 with
// Message shown to the person who sent it.
type InputError struct{ Message string }

func (e *InputError) Error() string { return e.Message }

// Unwrap lets errors.Is(err, models.ErrInvalid) see input errors too.
func (e *InputError) Unwrap() error { return models.ErrInvalid }

func invalid(format string, args ...any) error {
	return &InputError{Message: fmt.Sprintf(format, args...)}
}

// IsInputError reports whether err is a client mistake and returns its message.
func IsInputError(err error) (string, bool) {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Message, true
	}
	return "", false
}

// page fills the parts of every page's view model that do not depend on it.
func (h *Handler) page(title, description string) views.Page {
	return views.Page{
		Title:       title,
		Description: description,
		SiteName:    h.site,
		CSS:         []string{h.assets.URL("css/app.css"), h.assets.URL("css/timeline.css"), h.assets.URL("css/share.css")},
		JS:          []string{h.assets.URL("js/main.js"), h.assets.URL("js/share.js")},
		Modules:     h.assets.Modules("js/main.js"),
	}
}

// render writes a templ component as an HTML response.
//
// The page is rendered into a buffer and sent in one write: the
// connection's small writes cost a system call each (a list page is about
// 150 KB), and a template that fails half way still leaves nothing sent,
// so the error handler can answer properly.
func render(c echo.Context, status int, comp templ.Component) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledPage {
			buf.Reset()
			pageBuffers.Put(buf)
		}
	}()
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	h.Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	c.Response().WriteHeader(status)
	_, err := c.Response().Write(buf.Bytes())
	return err
}

// pageBuffers holds the buffers pages are rendered into; one much larger
// than a page is dropped rather than kept.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledPage = 1 << 20

// Render shows an error page; the server's error handler is its one caller.
func (h *Handler) Render(c echo.Context, v views.ErrorView) error {
	v.Page = h.page(v.Heading+" · "+h.site, "")
	v.Page.NoIndex = true
	return render(c, v.Status, views.ErrorPage(v))
}

// Healthz answers as long as the process serves HTTP; it does not touch the
// database, so an orchestrator does not restart us for a database outage.
func (h *Handler) Healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// Readyz answers 503 while the database does not, so a load balancer can
// take this instance out of rotation.
func (h *Handler) Readyz(c echo.Context) error {
	if h.Draining != nil && h.Draining() {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "draining"})
	}
	// Whatever the database does, the answer comes within two seconds.
	ctx, cancel := context.WithTimeout(c.Request().Context(), 1500*time.Millisecond)
	defer cancel()
	if err := h.store.Ping(ctx); err != nil {
		c.Response().Header().Set("Retry-After", "5")
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
