package server

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/labstack/echo/v4"

	"timeline/models"
)

// Defaults of the fault and drain settings (Config fields of the same names).
const (
	DefaultRequestTimeout = 10 * time.Second
	DefaultShutdownGrace  = 15 * time.Second
	DefaultDrainDelay     = time.Second
)

// statusClientClosed is what nginx logs for a client that went away before
// the answer: not a server error.
const statusClientClosed = 499

// errUnavailable marks an error as the database being out of reach.
var errUnavailable = errors.New("database unavailable")

// dbUnavailable tells whether err means the database could not be reached
// or did not answer in time, rather than a fault in the request.
func dbUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, errUnavailable) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// 08: connection exceptions; 57P01-03: the server shuts down or
		// starts; 57014: statement_timeout; 53300: too many connections.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" ||
			pgErr.Code == "57P03" || pgErr.Code == "57014" || pgErr.Code == "53300"
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	// pgx reports a connection lost in the middle of a query in words only.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "unexpected EOF") ||
		strings.Contains(msg, "failed to connect")
}

// clientGone tells whether the request failed because its client left.
func clientGone(c echo.Context, err error) bool {
	return errors.Is(c.Request().Context().Err(), context.Canceled) && (errors.Is(err, context.Canceled) || dbUnavailable(err))
}

// outage watches the database through the requests that fail: it logs once
// when the database goes away, with the error, and once when it is back,
// with how long it was away and how many requests it failed meanwhile.
type outage struct {
	store   *models.Store
	log     *slog.Logger
	down    atomic.Bool
	failed  atomic.Int64
	mu      sync.Mutex
	since   time.Time
	probing bool
}

func newOutage(store *models.Store, log *slog.Logger) *outage {
	return &outage{store: store, log: log}
}

// failure counts a request the database failed, and on the first one logs
// the outage and starts probing for the database's return.
func (o *outage) failure(err error) {
	o.failed.Add(1)
	if o.down.Load() {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.down.Load() {
		return
	}
	o.down.Store(true)
	o.since = time.Now()
	o.log.Error("database unavailable: answering 503 until it is back", "err", err)
	if !o.probing {
		o.probing = true
		go o.probe()
	}
}

// probe pings every half second until the database answers.
func (o *outage) probe() {
	for {
		time.Sleep(500 * time.Millisecond)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := o.store.Ping(ctx)
		cancel()
		if err == nil {
			o.mu.Lock()
			o.log.Info("database available again", "outage_ms", time.Since(o.since).Milliseconds(),
				"failed_requests", o.failed.Swap(0))
			o.down.Store(false)
			o.probing = false
			o.mu.Unlock()
			return
		}
	}
}

// requestDeadline bounds every request but the streaming exports and the
// uploads, so a database that stalls cannot hold requests forever.
func requestDeadline(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := c.Request().URL.Path
			if d <= 0 || strings.HasPrefix(p, "/export") || strings.HasPrefix(p, "/admin/ingest") {
				return next(c)
			}
			orig := c.Request()
			ctx, cancel := context.WithTimeout(orig.Context(), d)
			defer cancel()
			c.SetRequest(orig.WithContext(ctx))
			err := next(c)
			// The error handler runs after us: it must see the client's
			// context, not the one cancelled here.
			c.SetRequest(orig)
			return err
		}
	}
}

// runtimeState is what Serve needs from New: the drain flag and periods.
type runtimeState struct {
	draining atomic.Bool
	grace    time.Duration
	delay    time.Duration

	metrics     *metrics
	metricsAddr string

	maxConns, maxConnsPerClient int // see conns.go
}

var states sync.Map // *echo.Echo → *runtimeState

func stateOf(e *echo.Echo) *runtimeState {
	if s, ok := states.Load(e); ok {
		return s.(*runtimeState)
	}
	return &runtimeState{grace: DefaultShutdownGrace}
}
