// Package ingest turns articles (text, HTML files, URLs) into sources and
// draft events, for the command line and for the jobs that the browser's
// ingest form queues in PostgreSQL, which a Runner works through.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"timeline/extract"
	"timeline/extract/places"
	"timeline/fetch"
	"timeline/models"
)

// MaxArticleBytes caps one article; a longer file is not an article.
const MaxArticleBytes = 10 << 20

// Check refuses, with a reason a person can act on, what cannot be an
// article: nothing, too much, binary data, text in an encoding other than
// UTF-8. UTF-16 with a byte-order mark is converted; a UTF-8 one dropped.
func Check(raw []byte) ([]byte, error) {
	switch {
	case len(raw) > MaxArticleBytes:
		return nil, fmt.Errorf("larger than %d MiB: not an article", MaxArticleBytes>>20)
	case len(bytes.TrimSpace(raw)) == 0:
		return nil, errors.New("empty: there is no text in it")
	}
	if u16, ok := fromUTF16(raw); ok {
		raw = u16
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(raw, 0) >= 0 {
		return nil, fmt.Errorf("a binary file (%s), not text or HTML", http.DetectContentType(raw))
	}
	if !utf8.Valid(raw) {
		return nil, errors.New("not UTF-8 text: save it as UTF-8 and send it again")
	}
	return raw, nil
}

// fromUTF16 converts text that starts with a UTF-16 byte-order mark.
func fromUTF16(raw []byte) ([]byte, bool) {
	if len(raw) < 2 || len(raw)%2 != 0 {
		return nil, false
	}
	var be bool
	switch {
	case raw[0] == 0xfe && raw[1] == 0xff:
		be = true
	case raw[0] == 0xff && raw[1] == 0xfe:
	default:
		return nil, false
	}
	units := make([]uint16, 0, len(raw)/2-1)
	for i := 2; i < len(raw); i += 2 {
		if be {
			units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
		} else {
			units = append(units, uint16(raw[i+1])<<8|uint16(raw[i]))
		}
	}
	return []byte(string(utf16.Decode(units))), true
}

// Fetch gets a URL through client and checks what came back.
func Fetch(ctx context.Context, client *fetch.Client, url string) (raw []byte, finalURL, contentType string, err error) {
	page, err := client.Get(ctx, url)
	if err != nil {
		return nil, "", "", err
	}
	return page.Body, page.URL, page.ContentType, nil
}

// Read checks raw and reads it as HTML or plain text. name (a file name)
// and contentType help tell which; pub is the publication date to use when
// the article gives none, and infer guesses one from the text otherwise.
func Read(raw []byte, name, contentType, srcURL string, pub *time.Time, infer bool) (extract.Document, error) {
	raw, err := Check(raw)
	if err != nil {
		return extract.Document{}, err
	}
	if IsHTML(name, contentType, raw) {
		doc, err := extract.FromHTML(raw, srcURL, pub)
		if errors.Is(err, extract.ErrNoPublished) && infer {
			return extract.Document{}, errors.New("the page gives no publication date: give one")
		}
		return doc, err
	}
	return extract.FromText(raw, pub, infer)
}

// IsHTML tells HTML from plain text by the content type, the file name and
// the first bytes.
func IsHTML(name, contentType string, raw []byte) bool {
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

// SourceOf is the source to store for an article.
func SourceOf(doc extract.Document, srcURL string) models.Source {
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

// NewEvents turns extracted events into events to store, each citing the
// article with its evidence and offsets.
func NewEvents(doc extract.Document, gaz *places.Gazetteer, status models.Status) []models.NewEvent {
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

// SameHappening asks the extractor whether a stored event and a new one
// describe one happening, so a second article adds a source, not a duplicate.
func SameHappening(stored *models.Event, ev *models.NewEvent) bool {
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
