// Command timeline is the one binary of the project: it serves the
// chronology, manages its database and runs the extractor.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// exitError carries a process exit code other than 1 through run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "timeline:", err)
		var ee *exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}

const usage = `usage: timeline <command> [flags]

commands:
  serve     serve the chronology over HTTP
  migrate   apply database migrations
  seed      load the demo dataset (idempotent)
  ingest    extract events from articles and store them
  extract   print the events found in articles as JSON lines (no database)
  dates     normalise time expressions, one JSON line per phrase (no database)
  export    write the events of a view to stdout: --format csv|json|geojson|timelinejs|ics

Without DATABASE_URL, serve, migrate, seed, ingest and export start a private
PostgreSQL cluster under TIMELINE_DATA_DIR (default ./data).`

// run is main without the process: arguments, environment and output are
// parameters so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return &exitError{code: 2, err: errors.New("no command given")}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, getenv, stdout, stderr)
	case "seed":
		return cmdSeed(ctx, rest, getenv, stdout, stderr)
	case "ingest":
		return cmdIngest(ctx, rest, getenv, stdout, stderr)
	case "extract":
		return cmdExtract(ctx, rest, stdout, stderr)
	case "dates":
		return cmdDates(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return &exitError{code: 2, err: fmt.Errorf("unknown command %q", cmd)}
}
