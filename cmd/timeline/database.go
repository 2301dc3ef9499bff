package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	_ "github.com/jackc/pgx/v5/stdlib"

	"timeline/migrations"
	"timeline/models"
	"timeline/pglocal"
)

// openStore connects to DATABASE_URL, or starts the private cluster under
// TIMELINE_DATA_DIR when it is unset, and brings the schema up to date. The
// returned close function closes the store and stops a cluster it started.
func openStore(ctx context.Context, getenv func(string) string, log *slog.Logger) (*models.Store, func(), error) {
	url := getenv("DATABASE_URL")
	stopCluster := func() {}
	if url == "" {
		dir := getenv("TIMELINE_DATA_DIR")
		if dir == "" {
			dir = "./data"
		}
		c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, Logger: log})
		if err != nil {
			return nil, nil, err
		}
		log.Info("embedded database started", "data_dir", dir)
		url = c.URL()
		stopCluster = func() {
			if err := c.Stop(); err != nil {
				log.Error("stopping embedded database", "err", err)
			}
		}
	}
	if err := migrate(ctx, url); err != nil {
		stopCluster()
		return nil, nil, err
	}
	store, err := models.Open(ctx, url, log)
	if err != nil {
		stopCluster()
		return nil, nil, err
	}
	return store, func() { store.Close(); stopCluster() }, nil
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
