package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"

	"timeline/server"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withDemo := fs.Bool("demo", false, "load the demo dataset first when the database has no events")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg := server.Config{TrustProxy: getenv("TIMELINE_TRUST_PROXY") == "1", SiteName: getenv("TIMELINE_SITE_NAME")}
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
	log := newLogger(getenv, stderr)
	store, closeStore, err := openStore(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer closeStore()
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
	e, err := server.New(store, log, cfg)
	if err != nil {
		return err
	}
	return server.Run(ctx, e, addr, log)
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
