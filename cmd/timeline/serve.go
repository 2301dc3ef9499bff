package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"timeline/fetch"
	"timeline/ingest"
	"timeline/models"
	"timeline/server"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withDemo := fs.Bool("demo", false, "load the demo dataset first when the database has no events")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg := server.Config{TrustProxy: getenv("TIMELINE_TRUST_PROXY") == "1", SiteName: getenv("TIMELINE_SITE_NAME"),
		MetricsAddr: getenv("TIMELINE_METRICS_ADDR")}
	switch s := getenv("TIMELINE_RATE_LIMIT"); s {
	case "", "on":
	case "off":
		cfg.RateLimits.Off = true
	default:
		return &exitError{code: 2, err: fmt.Errorf("TIMELINE_RATE_LIMIT=%q: want on or off", s)}
	}
	for _, v := range []struct {
		name string
		into *int
		min  int
	}{{"TIMELINE_MAX_CONNS", &cfg.MaxConns, 1}, {"TIMELINE_MAX_CONNS_PER_CLIENT", &cfg.MaxConnsPerClient, 0}} {
		s := getenv(v.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < v.min || n > 1<<20 {
			return &exitError{code: 2, err: fmt.Errorf("%s=%q: want a number of connections from %d to %d", v.name, s, v.min, 1<<20)}
		}
		*v.into = n
		if n == 0 {
			*v.into = -1 // no per-client cap
		}
	}
	if s := getenv("TIMELINE_CACHE_MB"); s != "" {
		mb, err := strconv.Atoi(s)
		if err != nil || mb < 0 || mb > 1<<14 {
			return &exitError{code: 2, err: fmt.Errorf("TIMELINE_CACHE_MB=%q: want a number of megabytes from 0 (off) to 16384", s)}
		}
		cfg.CacheBytes = mb << 20
		if mb == 0 {
			cfg.CacheBytes = -1
		}
	}
	for _, v := range []struct {
		name string
		into *time.Duration
	}{{"TIMELINE_REQUEST_TIMEOUT", &cfg.RequestTimeout}, {"TIMELINE_SHUTDOWN_GRACE", &cfg.ShutdownGrace}, {"TIMELINE_DRAIN_DELAY", &cfg.DrainDelay}} {
		s := getenv(v.name)
		if s == "" {
			continue
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 || d > time.Hour {
			return &exitError{code: 2, err: fmt.Errorf("%s=%q: want a duration from 0s to 1h, such as 15s", v.name, s)}
		}
		if d == 0 {
			d = -1 // zero means none; the server's zero means its default
		}
		*v.into = d
	}
	sessions, err := sessionPolicy(getenv)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	log := newLogger(getenv, stderr)
	stmt := getenv("TIMELINE_DB_STATEMENT_TIMEOUT")
	if stmt == "" {
		stmt = "15s"
	}
	d, err := time.ParseDuration(stmt)
	if err != nil || d < 0 || d > time.Hour {
		return &exitError{code: 2, err: fmt.Errorf("TIMELINE_DB_STATEMENT_TIMEOUT=%q: want a duration from 0s (none) to 1h", stmt)}
	}
	// connect_timeout bounds a connection attempt to a stalled server; the
	// statement timeout bounds a runaway query (milliseconds for PostgreSQL).
	params := fmt.Sprintf("connect_timeout=3&statement_timeout=%d", d.Milliseconds())
	store, closeStore, err := openStoreWith(ctx, getenv, log, params)
	if err != nil {
		return err
	}
	defer closeStore()
	store.Sessions = sessions
	if *withDemo {
		empty, err := store.Empty(ctx)
		if err != nil {
			return err
		}
		if empty {
			if err := loadDemo(ctx, store, stdout); err != nil {
				return err
			}
		}
	}
	addr := getenv("TIMELINE_ADDR")
	if addr == "" {
		addr = "localhost:8080"
	}
	base := getenv("TIMELINE_BASE_URL")
	if base == "" {
		base = "http://" + addr
	}
	cfg.BaseURL = base
	cfg.Ingest = ingest.NewRunner(store, log, fetch.New(fetch.Options{}))
	go cfg.Ingest.Run(ctx) // resumes what a restart interrupted
	e, err := server.New(store, log, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s (TIMELINE_ADDR): %w", addr, err)
	}
	welcome(ctx, stdout, store, "http://"+ln.Addr().String(), getenv)
	return server.Serve(ctx, e, ln, log)
}

// welcome tells a person at the terminal where the site is, where its data
// lives and how to make the first admin.
func welcome(ctx context.Context, w io.Writer, store *models.Store, url string, getenv func(string) string) {
	fmt.Fprintf(w, "\nTimeline is serving at %s\n", url)
	if getenv("DATABASE_URL") != "" {
		fmt.Fprintln(w, "Database: DATABASE_URL")
	} else {
		dir := getenv("TIMELINE_DATA_DIR")
		if dir == "" {
			dir = "./data"
		}
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
		fmt.Fprintf(w, "Data: %s (a private PostgreSQL; delete the folder to start afresh)\n", dir)
	}
	if users, err := store.Users(ctx); err == nil && len(users) == 0 {
		fmt.Fprintln(w, "No admin yet: in another terminal run")
		fmt.Fprintf(w, "  %s user add you@example.org --role admin\n", selfCommand())
	}
	fmt.Fprintln(w, "Stop with Ctrl-C.")
	fmt.Fprintln(w)
}

// sessionPolicy reads TIMELINE_SESSION_IDLE and TIMELINE_SESSION_MAX.
func sessionPolicy(getenv func(string) string) (models.SessionPolicy, error) {
	p := models.DefaultSessionPolicy
	for _, v := range []struct {
		name string
		into *time.Duration
	}{{"TIMELINE_SESSION_IDLE", &p.Idle}, {"TIMELINE_SESSION_MAX", &p.Max}} {
		s := getenv(v.name)
		if s == "" {
			continue
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Minute || d > 366*24*time.Hour {
			return p, fmt.Errorf("%s=%q: want a duration from 1m to 8784h, such as 8h", v.name, s)
		}
		*v.into = d
	}
	if p.Idle > p.Max {
		return p, fmt.Errorf("TIMELINE_SESSION_IDLE (%s) is longer than TIMELINE_SESSION_MAX (%s)", p.Idle, p.Max)
	}
	return p, nil
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	log := newLogger(getenv, stderr)
	_, closeStore, err := openStore(ctx, getenv, log)
	if err != nil {
		return err
	}
	closeStore()
	_, err = io.WriteString(stdout, "migrations applied\n")
	return err
}

// selfCommand is how a person would run this binary again: its path, or
// "go run ./cmd/timeline" when go run built it in a temporary folder.
func selfCommand() string {
	self := os.Args[0]
	if strings.Contains(self, "go-build") || self == "" {
		return "go run ./cmd/timeline"
	}
	return self
}
