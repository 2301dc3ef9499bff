package main

import (
	"context"
	"flag"
	"io"

	"timeline/server"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withDemo := fs.Bool("demo", false, "load the demo dataset first when the database has no events")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
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
	e, err := server.New(store, log, server.Config{BaseURL: base, TrustProxy: getenv("TIMELINE_TRUST_PROXY") == "1"})
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
