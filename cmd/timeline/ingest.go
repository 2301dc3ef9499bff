package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"timeline/extract"
	"timeline/extract/places"
	"timeline/fetch"
	"timeline/ingest"
	"timeline/models"
)

func cmdIngest(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	published := fs.String("published", "", "publication date `YYYY-MM-DD` for texts without a dateline")
	infer := fs.Bool("infer-published", false, "guess a missing publication date from the dates the text mentions")
	publish := fs.Bool("publish", false, "publish the events at once instead of storing drafts for review")
	allowPrivate := fs.Bool("allow-private-urls", false, "allow fetching loopback and private addresses (tests only)")
	if err := parseInterspersed(fs, args); err != nil {
		return &exitError{code: 2, err: err}
	}
	if fs.NArg() == 0 {
		return &exitError{code: 2, err: errors.New("ingest: name at least one FILE or URL")}
	}
	pub, err := parsePublished(*published)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	gaz, err := places.NewGazetteer()
	if err != nil {
		return err
	}
	log := newLogger(getenv, stderr)
	store, closeStore, err := openStore(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer closeStore()
	client := fetch.New(fetch.Options{AllowPrivate: *allowPrivate})
	status := models.StatusDraft
	if *publish {
		status = models.StatusPublished
	}

	failed := 0
	for _, arg := range fs.Args() {
		doc, srcURL, err := readArticle(ctx, client, arg, pub, *infer)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "%s: %v\n", arg, err)
			continue
		}
		res, err := store.Ingest(ctx, ingest.SourceOf(doc, srcURL), ingest.NewEvents(doc, gaz, status), ingest.SameHappening)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "%s: %v\n", arg, err)
			continue
		}
		switch {
		case res.Existing:
			fmt.Fprintf(stdout, "%s: already ingested (source %d), nothing added\n", arg, res.SourceID)
		case res.Version:
			fmt.Fprintf(stdout, "%s: a new version of source %d: %d events updated, %d linked, %d new drafts, %d no longer quoted\n",
				arg, res.SourceID, res.Updated, res.Linked, res.Created, res.Stale)
		default:
			fmt.Fprintf(stdout, "%s: source %d, %d events (%d new, %d already known)\n",
				arg, res.SourceID, res.Created+res.Linked, res.Created, res.Linked)
		}
	}
	if failed > 0 {
		return fmt.Errorf("ingest: %d of %d articles failed", failed, fs.NArg())
	}
	return nil
}

func parsePublished(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, fmt.Errorf("--published %q: use YYYY-MM-DD", s)
	}
	return &t, nil
}

// readArticle loads a file or fetches a URL and reads it as HTML or text.
func readArticle(ctx context.Context, client *fetch.Client, arg string, pub *time.Time, infer bool) (extract.Document, string, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		raw, srcURL, contentType, err := ingest.Fetch(ctx, client, arg)
		if err != nil {
			return extract.Document{}, "", err
		}
		doc, err := ingest.Read(raw, arg, contentType, srcURL, pub, infer)
		return doc, srcURL, err
	}
	f, err := os.Open(arg)
	if err != nil {
		return extract.Document{}, "", err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, ingest.MaxArticleBytes+1))
	if err != nil {
		return extract.Document{}, "", err
	}
	doc, err := ingest.Read(raw, arg, "", "", pub, infer)
	return doc, "", err
}
