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
	"timeline/models"
)

// maxArticleBytes caps one article file; longer files are not articles.
const maxArticleBytes = 20 << 20

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
		res, err := store.Ingest(ctx, sourceOf(doc, srcURL), newEvents(doc, gaz, status), sameHappening)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "%s: %v\n", arg, err)
			continue
		}
		switch {
		case res.Existing:
			fmt.Fprintf(stdout, "%s: already ingested (source %d), nothing added\n", arg, res.SourceID)
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
	var raw []byte
	var srcURL, contentType string
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		page, err := client.Get(ctx, arg)
		if err != nil {
			return extract.Document{}, "", err
		}
		raw, srcURL, contentType = page.Body, page.URL, page.ContentType
	} else {
		f, err := os.Open(arg)
		if err != nil {
			return extract.Document{}, "", err
		}
		defer f.Close()
		raw, err = io.ReadAll(io.LimitReader(f, maxArticleBytes+1))
		if err != nil {
			return extract.Document{}, "", err
		}
		if len(raw) > maxArticleBytes {
			return extract.Document{}, "", fmt.Errorf("larger than %d MiB: not an article", maxArticleBytes>>20)
		}
	}
	if isHTML(arg, contentType, raw) {
		doc, err := extract.FromHTML(raw, srcURL, pub)
		return doc, srcURL, err
	}
	doc, err := extract.FromText(raw, pub, infer)
	return doc, srcURL, err
}

func isHTML(name, contentType string, raw []byte) bool {
	if strings.Contains(contentType, "html") {
		return true
	}
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".html") || strings.HasSuffix(lower, ".htm") {
		return true
	}
	head := strings.ToLower(string(raw[:min(len(raw), 512)]))
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html")
}

func sourceOf(doc extract.Document, srcURL string) models.Source {
	src := models.Source{Title: doc.Title, Outlet: doc.Site, Language: "en", Body: doc.Text}
	if srcURL != "" {
		src.URL = &srcURL
	}
	if !doc.Published.IsZero() {
		p := doc.Published
		src.PublishedAt = &p
	}
	return src
}

// newEvents turns extracted events into events to store, each citing the
// article with its evidence and offsets.
func newEvents(doc extract.Document, gaz *places.Gazetteer, status models.Status) []models.NewEvent {
	evs := extract.Events(doc, gaz)
	out := make([]models.NewEvent, 0, len(evs))
	for _, e := range evs {
		start, end := e.EvidenceStart, e.EvidenceEnd
		ne := models.NewEvent{
			Title: e.Title, Summary: e.Summary, Type: e.Type, Status: status,
			DateStart: e.Start, DateEnd: e.End, Precision: e.Precision, DateText: e.DateText,
			Confidence: e.Confidence, ExtractorVersion: extract.Version,
			Citations: []models.Citation{{Quote: e.Evidence, QuoteStart: &start, QuoteEnd: &end}},
		}
		if p := e.Place; p != nil {
			lat, lon := p.Lat, p.Lon
			ne.Place = &models.Place{Name: p.Name, Kind: p.Kind, Region: p.Region, CountryCode: p.Country,
				Lat: &lat, Lon: &lon, Aliases: p.Aliases}
		}
		for _, a := range e.Actors {
			ne.Actors = append(ne.Actors, models.Actor{Name: a})
		}
		out = append(out, ne)
	}
	return out
}

// sameHappening asks the extractor whether a stored event and a new one
// describe one happening, so a second article adds a source, not a duplicate.
func sameHappening(stored *models.Event, ev *models.NewEvent) bool {
	a := extract.Event{Type: stored.Type, Start: stored.DateStart, End: stored.DateEnd,
		Precision: stored.DatePrecision, Title: stored.Title, Summary: stored.Summary}
	if stored.Place != nil {
		a.Place = &places.Place{Name: stored.Place.Name, Kind: stored.Place.Kind}
	}
	b := extract.Event{Type: ev.Type, Start: ev.DateStart, End: ev.DateEnd, Precision: ev.Precision,
		Title: ev.Title, Summary: ev.Summary}
	if ev.Place != nil {
		b.Place = &places.Place{Name: ev.Place.Name, Kind: ev.Place.Kind}
	}
	if len(ev.Citations) > 0 {
		b.Evidence = ev.Citations[0].Quote
	}
	return extract.SameHappening(a, b)
}
