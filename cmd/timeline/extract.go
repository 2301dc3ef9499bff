package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"timeline/extract"
	"timeline/extract/places"
	"timeline/ingest"
)

const extractUsage = `usage: timeline extract [--published YYYY-MM-DD] [--infer-published] [--format jsonl|text] FILE...

Prints the events found in each article (plain text, or HTML by its name or
content), one JSON object per line or one readable line each. Touches no
database. Texts without a dateline need --published (or --infer-published).`

func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, extractUsage) }
	published := fs.String("published", "", "publication date `YYYY-MM-DD` for texts without a dateline")
	infer := fs.Bool("infer-published", false, "guess a missing publication date from the dates the text mentions")
	format := fs.String("format", "jsonl", "output `format`: jsonl or text")
	if err := parseInterspersed(fs, args); err != nil {
		return &exitError{code: 2, err: err}
	}
	files := fs.Args()
	if len(files) == 0 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("extract: name at least one FILE")}
	}
	if *format != "jsonl" && *format != "text" {
		return &exitError{code: 2, err: fmt.Errorf("extract: --format %q: use jsonl or text", *format)}
	}
	pub, err := parsePublished(*published)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	gaz, err := places.NewGazetteer()
	if err != nil {
		return err
	}
	failed, undated := 0, 0
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		doc, err := readExtractFile(name, pub, *infer)
		if err != nil {
			failed++
			if errors.Is(err, extract.ErrNoPublished) {
				undated++
			}
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			continue
		}
		if doc.PublishedGuessed {
			fmt.Fprintf(stderr, "%s: publication date guessed as %s\n", name, doc.Published.Format(time.DateOnly))
		}
		if err := writeEvents(stdout, *format, name, extract.Events(doc, gaz)); err != nil {
			return err
		}
	}
	switch {
	case undated > 0 && undated == failed:
		return &exitError{code: 2, err: fmt.Errorf("extract: %d of %d files have no publication date: pass --published YYYY-MM-DD or --infer-published", undated, len(files))}
	case failed > 0:
		return fmt.Errorf("extract: %d of %d files failed", failed, len(files))
	}
	return nil
}

// readExtractFile reads one article file as HTML or text.
func readExtractFile(name string, pub *time.Time, infer bool) (extract.Document, error) {
	f, err := os.Open(name)
	if err != nil {
		return extract.Document{}, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, extract.MaxInputBytes+1))
	if err != nil {
		return extract.Document{}, err
	}
	if len(raw) > extract.MaxInputBytes {
		return extract.Document{}, fmt.Errorf("larger than %d MiB: not an article", extract.MaxInputBytes>>20)
	}
	if ingest.IsHTML(name, "", raw) {
		return extract.FromHTML(raw, "", pub)
	}
	return extract.FromText(raw, pub, infer)
}

// eventJSON is the line format of ../shared/eval: dates as YYYY-MM-DD.
type eventJSON struct {
	Type          string        `json:"type"`
	Start         string        `json:"start"`
	End           string        `json:"end"`
	Precision     string        `json:"precision"`
	DateText      string        `json:"date_text"`
	Title         string        `json:"title"`
	Summary       string        `json:"summary"`
	Location      string        `json:"location"`
	Place         *places.Place `json:"place"`
	Actors        []string      `json:"actors"`
	Numbers       []string      `json:"numbers"`
	Evidence      string        `json:"evidence"`
	EvidenceStart int           `json:"evidence_start"`
	EvidenceEnd   int           `json:"evidence_end"`
	Confidence    float64       `json:"confidence"`
	Source        string        `json:"source"`
}

func writeEvents(w io.Writer, format, source string, evs []extract.Event) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range evs {
		if format == "text" {
			if _, err := fmt.Fprintf(w, "%s  %-20s %s%s\n    %q\n", dateWords(e), e.Type, e.Title,
				placeSuffix(e), e.Summary); err != nil {
				return err
			}
			continue
		}
		var place *places.Place
		if e.Place != nil {
			p := *e.Place
			p.Aliases = nil
			place = &p
		}
		line := eventJSON{
			Type: e.Type, Start: e.Start.Format(time.DateOnly), End: e.End.Format(time.DateOnly),
			Precision: string(e.Precision), DateText: e.DateText, Title: e.Title, Summary: e.Summary,
			Location: e.Location, Place: place, Actors: nonNil(e.Actors), Numbers: nonNil(e.Numbers),
			Evidence: e.Evidence, EvidenceStart: e.EvidenceStart, EvidenceEnd: e.EvidenceEnd,
			Confidence: e.Confidence, Source: source,
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}

func dateWords(e extract.Event) string {
	if e.Start.Equal(e.End) {
		return e.Start.Format(time.DateOnly)
	}
	return e.Start.Format(time.DateOnly) + ".." + e.End.Format(time.DateOnly)
}

func placeSuffix(e extract.Event) string {
	if e.Location == "" || strings.Contains(e.Title, e.Location) {
		return ""
	}
	return " — " + e.Location
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
