package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"timeline/demo"
	"timeline/models"
)

func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	synthetic := fs.Int("synthetic", 0, "also generate `N` realistic synthetic events (for load tests)")
	seed := fs.Uint64("synthetic-seed", 1, "seed of the synthetic generator; the same seed makes the same events")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	if *synthetic < 0 || *synthetic > 5_000_000 {
		return &exitError{code: 2, err: fmt.Errorf("seed: --synthetic must be 0 to 5000000")}
	}
	log := newLogger(getenv, stderr)
	store, closeStore, err := openStore(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer closeStore()
	if err := loadDemo(ctx, store, stdout); err != nil {
		return err
	}
	if *synthetic > 0 {
		n, err := store.BulkInsert(ctx, demo.Synthetic(*synthetic, *seed))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "synthetic: %d events, %d new\n", *synthetic, n)
	}
	return nil
}

// loadDemo stores the demo dataset; events already there are skipped.
func loadDemo(ctx context.Context, store *models.Store, stdout io.Writer) error {
	evs, err := demo.Events()
	if err != nil {
		return err
	}
	n, err := store.ImportEvents(ctx, evs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo dataset: %d events, %d new\n", len(evs), n)
	return nil
}
