package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	neturl "net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib"

	"timeline/migrations"
	"timeline/models"
	"timeline/pglocal"
)

// openStore connects to DATABASE_URL, or starts the private cluster under
// TIMELINE_DATA_DIR when it is unset, and brings the schema up to date. The
// returned close function closes the store and stops a cluster it started.
//
// When another process (a running `timeline serve`, say) already holds the
// data folder, it connects to that process's cluster through the connection
// file the cluster publishes there, and leaves the schema to its owner.
func openStore(ctx context.Context, getenv func(string) string, log *slog.Logger) (*models.Store, func(), error) {
	return openStoreWith(ctx, getenv, log, "")
}

// openStoreWith is openStore with PostgreSQL settings added to the
// connection URL of the store (not of the migrations), such as a
// statement_timeout for the server.
func openStoreWith(ctx context.Context, getenv func(string) string, log *slog.Logger, params string) (*models.Store, func(), error) {
	url := getenv("DATABASE_URL")
	stopCluster := func() {}
	attached := false
	if url == "" {
		dir := getenv("TIMELINE_DATA_DIR")
		if dir == "" {
			dir = "./data"
		}
		c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, Logger: log})
		switch {
		case errors.Is(err, pglocal.ErrLocked):
			running, pid, ok := pglocal.Running(dir)
			if !ok {
				return nil, nil, err
			}
			log.Info("using the embedded database another process runs", "data_dir", dir, "pid", pid)
			url, attached = running, true
		case err != nil:
			return nil, nil, err
		default:
			log.Info("embedded database started", "data_dir", dir)
			url = c.URL()
			stopCluster = func() {
				if err := c.Stop(); err != nil {
					log.Error("stopping embedded database", "err", err)
				}
			}
		}
	}
	if !attached {
		if err := migrate(ctx, url); err != nil {
			stopCluster()
			return nil, nil, err
		}
	}
	store, err := models.Open(ctx, withParams(url, params), log)
	if err != nil {
		stopCluster()
		return nil, nil, err
	}
	return store, func() { store.Close(); stopCluster() }, nil
}

// withParams adds "k=v&k=v" settings to a URL or key=value connection
// string, leaving the ones it already sets alone.
func withParams(dsn, params string) string {
	if params == "" {
		return dsn
	}
	add, _ := neturl.ParseQuery(params)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := neturl.Parse(dsn)
		if err != nil {
			return dsn // the driver reports the malformed URL
		}
		q := u.Query()
		for k := range add {
			if q.Get(k) == "" {
				q.Set(k, add.Get(k))
			}
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	for k := range add {
		if !strings.Contains(dsn, k+"=") {
			dsn += " " + k + "=" + add.Get(k)
		}
	}
	return dsn
}

func migrate(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer db.Close()
	return migrations.Up(ctx, db)
}

// newLogger writes JSON lines to w at the level in TIMELINE_LOG_LEVEL.
func newLogger(getenv func(string) string, w interface{ Write([]byte) (int, error) }) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(getenv("TIMELINE_LOG_LEVEL"))); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
