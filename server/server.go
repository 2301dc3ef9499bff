// Package server is the echo application: it wires middleware, routes and the
// one error handler around the web handlers, and runs the HTTP server with
// timeouts and a graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"timeline/ingest"
	"timeline/models"
	"timeline/static"
	"timeline/web"
)

// Config is what the server needs to know about its surroundings.
type Config struct {
	BaseURL string // absolute URL of the site, e.g. https://timeline.example.org
	// TrustProxy makes the client address come from X-Forwarded-For set by a
	// proxy on a private or loopback address; off, the peer address is used.
	TrustProxy bool
	// BodyLimit caps request bodies ("1M").
	BodyLimit string
	// CacheBytes is the memory for cached public responses: 0 means
	// DefaultCacheBytes, a negative number turns the cache off.
	CacheBytes int
	// SiteName is what the site calls itself in titles, citations, feeds
	// and share images ("Timeline" when empty).
	SiteName string
	// RequestTimeout bounds each request but exports and uploads
	// (DefaultRequestTimeout when 0, none when negative).
	RequestTimeout time.Duration
	// ShutdownGrace is how long requests in flight may take to finish once
	// the server is told to stop (DefaultShutdownGrace when 0).
	ShutdownGrace time.Duration
	// DrainDelay is how long the server keeps accepting connections, with
	// /readyz at 503, before it closes its listener (DefaultDrainDelay when
	// 0, none when negative): the time a load balancer needs to notice.
	DrainDelay time.Duration
	// MetricsAddr, when set, is the loopback or private address where
	// Prometheus metrics are served on a listener of their own.
	MetricsAddr string
	// MaxConns caps the connections held at once (DefaultMaxConns when 0);
	// MaxConnsPerClient caps those from one peer address
	// (DefaultMaxConnsPerClient when 0, none when negative or behind a
	// trusted proxy, whose connections all come from one address).
	MaxConns, MaxConnsPerClient int
	// RateLimits bounds what one client may ask of the expensive public
	// routes (search, histograms, exports); the zero value is the defaults.
	RateLimits RateLimits
	// Ingest runs the jobs that /admin/ingest queues; the caller runs it.
	// Without one, jobs wait in the database for a process that has one.
	Ingest *ingest.Runner
}

// contentSecurityPolicy allows only our own scripts, styles and images: no
// inline script or style, no framing, no plugins.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// New builds the echo application.
func New(store *models.Store, log *slog.Logger, cfg Config) (*echo.Echo, error) {
	assets, err := static.New()
	if err != nil {
		return nil, fmt.Errorf("server: assets: %w", err)
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	h := web.NewHandler(store, assets, log, cfg.BaseURL, cfg.SiteName)
	state := &runtimeState{grace: cfg.ShutdownGrace, delay: cfg.DrainDelay, metrics: newMetrics(store), metricsAddr: cfg.MetricsAddr}
	if state.grace <= 0 {
		state.grace = DefaultShutdownGrace
	}
	switch {
	case state.delay == 0:
		state.delay = DefaultDrainDelay
	case state.delay < 0:
		state.delay = 0
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	state.maxConns, state.maxConnsPerClient = cfg.MaxConns, cfg.MaxConnsPerClient
	if state.maxConns <= 0 {
		state.maxConns = DefaultMaxConns
	}
	switch {
	case cfg.TrustProxy || state.maxConnsPerClient < 0:
		state.maxConnsPerClient = 0
	case state.maxConnsPerClient == 0:
		state.maxConnsPerClient = DefaultMaxConnsPerClient
	}
	h.Draining = state.draining.Load
	h.SetIngest(cfg.Ingest)

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader() // trusts loopback and private ranges only
	}
	e.HTTPErrorHandler = errorHandler(h, log, newOutage(store, log))
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(dropBadRequestID, middleware.RequestID()) // see headers.go
	e.Use(state.metrics.middleware)
	e.Use(requestLogger(log))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.Error("panic", "path", c.Request().URL.Path, "err", err, "stack", string(stack))
			return err
		},
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ContentSecurityPolicy: contentSecurityPolicy,
		ReferrerPolicy:        "strict-origin-when-cross-origin",
	}))
	e.Use(siteHeaders(cfg.BaseURL)) // HSTS from the configured base URL only
	e.Use(requestDeadline(cfg.RequestTimeout), extendWhileWriting)
	e.Use(bodyLimits(h, cfg.BodyLimit)...) // see ingest.go
	e.Use(private, csrf(h))                // see auth.go and csrf.go
	var cache echo.MiddlewareFunc = func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	if cfg.CacheBytes >= 0 {
		if cfg.CacheBytes == 0 {
			cfg.CacheBytes = DefaultCacheBytes
		}
		cache = newResponseCache(cfg.CacheBytes, store.DataVersion).middleware
	}
	routes(e, h, assets, cache, newRateLimits(cfg.RateLimits))
	states.Store(e, state)
	return e, nil
}

// Run serves e on addr until ctx ends, then drains: /readyz turns 503 at
// once, the listener stays open for the drain delay, then closes, and
// requests in flight get the shutdown grace to finish.
func Run(ctx context.Context, e *echo.Echo, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	return Serve(ctx, e, ln, log)
}

// Serve is Run on a listener the caller opened (tests pass port 0).
func Serve(ctx context.Context, e *echo.Echo, ln net.Listener, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      writeTimeout, // streams extend it: see streams.go
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	st := stateOf(e)
	if st.metricsAddr != "" && st.metrics != nil {
		stop, err := serveMetrics(ctx, st.metrics, st.metricsAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	ln = capConnections(ln, st.maxConns, st.maxConnsPerClient)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	st.draining.Store(true)
	log.Info("draining: /readyz answers 503, requests in flight may finish",
		"drain_delay", st.delay.String(), "grace", st.grace.String())
	// Answers from now on ask their clients to close the connection, so
	// keep-alive clients move elsewhere before the listener closes.
	srv.SetKeepAlivesEnabled(false)
	if st.delay > 0 {
		select {
		case <-time.After(st.delay):
		case err := <-errc:
			return fmt.Errorf("server: %w", err)
		}
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), st.grace)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		srv.Close()
		return fmt.Errorf("server: requests still running after the %s grace were cut: %w", st.grace, err)
	}
	log.Info("stopped serving: every request in flight was answered")
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

// requestLogger logs one line per request, with the status the error
// handler will choose for failed ones.
func requestLogger(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true,
		LogRemoteIP: true, LogRequestID: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []any{"method", v.Method, "uri", v.URI, "status", v.Status,
				"latency_ms", float64(v.Latency.Microseconds()) / 1000, "ip", v.RemoteIP, "request_id", v.RequestID}
			if v.Error != nil && v.Status >= 500 && !dbUnavailable(v.Error) {
				log.Error("request", append(attrs, "err", v.Error)...)
				return nil
			}
			log.Info("request", attrs...)
			return nil
		},
	})
}
