package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"timeline/models"
)

// metrics are the Prometheus series of one server, in a registry of its own
// so that tests can run several servers in one process.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	cache    *prometheus.CounterVec
	inFlight prometheus.Gauge
}

func newMetrics(store *models.Store) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "timeline_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status (499: the client left first).",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "timeline_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "timeline_response_cache_total",
			Help: "Cacheable public responses, by result (hit or miss).",
		}, []string{"result"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "timeline_http_requests_in_flight",
			Help: "Requests being answered now.",
		}),
	}
	pool := func(name, help string, value func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "timeline_db_pool_" + name, Help: help}, value)
	}
	m.reg.MustRegister(m.requests, m.duration, m.cache, m.inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		pool("open_connections", "Connections open to PostgreSQL.", func() float64 { return float64(store.PoolStats().OpenConnections) }),
		pool("in_use_connections", "Connections running a query.", func() float64 { return float64(store.PoolStats().InUse) }),
		pool("idle_connections", "Connections idle in the pool.", func() float64 { return float64(store.PoolStats().Idle) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "timeline_db_pool_wait_total",
			Help: "Times a request waited for a free connection."}, func() float64 { return float64(store.PoolStats().WaitCount) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "timeline_db_pool_wait_seconds_total",
			Help: "Time requests spent waiting for a free connection."}, func() float64 { return store.PoolStats().WaitDuration.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "timeline_ingest_jobs_unfinished",
			Help: "Ingest jobs queued or running (-1 when the database does not answer)."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			ids, err := store.UnfinishedIngestJobs(ctx)
			if err != nil {
				return -1
			}
			return float64(len(ids))
		}),
	)
	return m
}

// middleware counts and times every request once its status is final.
func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		began := time.Now()
		m.inFlight.Inc()
		err := next(c)
		m.inFlight.Dec()
		route := c.Path()
		if route == "" || route == "/*" {
			route = "unmatched" // one series for every unknown address
		}
		status := c.Response().Status
		if err != nil && !c.Response().Committed {
			status = http.StatusInternalServerError
		}
		method := c.Request().Method
		m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(route, method).Observe(time.Since(began).Seconds())
		switch c.Response().Header().Get("X-Cache") {
		case "hit":
			m.cache.WithLabelValues("hit").Inc()
		case "miss":
			m.cache.WithLabelValues("miss").Inc()
		}
		return err
	}
}

// serveMetrics serves /metrics on addr until ctx ends, and Go's profiles
// under /debug/pprof/ (a CPU profile of at most 8 s: ?seconds=8, within the
// write timeout). It is a listener of its own, for Prometheus and the
// operator, never the public site's.
func serveMetrics(ctx context.Context, m *metrics, addr string, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("server: metrics listener (TIMELINE_METRICS_ADDR): %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Timeout: 5 * time.Second}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}
