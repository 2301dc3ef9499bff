package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"timeline/web"
)

// listFlag is a flag that may be given many times (--type protest --type arson).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// cmdExport writes the events of a view to stdout in one of the export
// formats: the same filters as the chronology's query string, as flags.
func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "csv", "csv, json, geojson, timelinejs or ics")
	from := fs.String("from", "", "window start: `YYYY-MM-DD`, YYYY-MM or YYYY")
	to := fs.String("to", "", "window end (inclusive): `YYYY-MM-DD`, YYYY-MM or YYYY")
	query := fs.String("q", "", "search, in web search syntax")
	ongoing := fs.String("ongoing", "", "include (default) or skip the events already under way when the window opens")
	var types, places, actors listFlag
	fs.Var(&types, "type", "event type (repeatable)")
	fs.Var(&places, "place", "place name (repeatable)")
	fs.Var(&actors, "actor", "actor name (repeatable)")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	if fs.NArg() > 0 {
		return &exitError{code: 2, err: fmt.Errorf("export: unexpected argument %q: the filters are flags", fs.Arg(0))}
	}
	f, err := web.FindExportFormat(*format)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("export: %w", err)}
	}
	q := url.Values{}
	for k, v := range map[string]string{"from": *from, "to": *to, "q": *query, "ongoing": *ongoing} {
		if v != "" {
			q.Set(k, v)
		}
	}
	q["type"], q["place"], q["actor"] = types, places, actors
	log := newLogger(getenv, stderr)
	store, closeStore, err := openStore(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer closeStore()
	filter, canonical, err := web.ExportFilter(ctx, store, q.Encode())
	if err != nil {
		if msg, ok := web.IsInputError(err); ok {
			return &exitError{code: 2, err: fmt.Errorf("export: %s", msg)}
		}
		return err
	}
	base := strings.TrimRight(getenv("TIMELINE_BASE_URL"), "/")
	if base == "" {
		addr := getenv("TIMELINE_ADDR")
		if addr == "" {
			addr = "localhost:8080"
		}
		base = "http://" + addr
	}
	site := getenv("TIMELINE_SITE_NAME")
	if site == "" {
		site = web.DefaultSiteName
	}
	n, err := web.Export(ctx, store, stdout, f, filter, web.ExportMeta{Site: site, BaseURL: base, Query: canonical, Created: store.Now().UTC()})
	if err != nil {
		return fmt.Errorf("export: after %d events: %w", n, err)
	}
	fmt.Fprintf(stderr, "exported %d events as %s\n", n, f.Name)
	return nil
}
