package models

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Marked is a text cut where it matches a search: the parts alternate,
// plain first, so parts[1], parts[3], … are the matching words. Views wrap
// those in <mark> and escape every part like any other text.
type Marked []string

// Highlight is where an event's title and summary match a search.
type Highlight struct {
	Title, Summary Marked
}

// The markers ts_headline puts around matches: characters of Unicode's
// private use area, which no news text uses. A text that holds them anyway
// is left unmarked rather than misread.
const (
	markStart = "\uE000"
	markStop  = "\uE001"
)

// headlineJoin stands between an event's title and summary in the one
// text Highlights asks ts_headline to mark: a private-use character, as the
// markers, between two line breaks, which end any word before it (the
// character alone does not: it joined the words on either side).
const headlineJoin = "\n\uE002\n"

var headlineOptions = "HighlightAll=true, StartSel=" + markStart + ", StopSel=" + markStop

// Highlights marks the words of the events' titles and summaries that match
// query, read as the search reads it (websearch_to_tsquery, English
// stemming, so "protests" marks "protest"). Events without a match in
// either are left out of the map.
func (s *Store) Highlights(ctx context.Context, ids []int64, query string) (map[int64]Highlight, error) {
	out := map[int64]Highlight{}
	if len(ids) == 0 || strings.TrimSpace(query) == "" {
		return out, nil
	}
	// One array parameter rather than one per id: the statement stays the
	// same whatever the page's length, and pgx scans the rows itself.
	//
	// One ts_headline per event, over its title and summary joined by
	// headlineJoin, rather than one for each: most of a call's cost is its
	// setup, and two calls per event made the highlights a search page's
	// dearest query (4 ms of PostgreSQL's time for 200 events, 1 ms joined).
	// The join is a word boundary, so the marks are those of two calls
	// (TestHighlightsJoinedMatchSeparate); a title or summary holding it
	// splits wrongly and so, failing marked's check, stays plain.
	err := s.withPgx(ctx, func(conn *pgx.Conn) error {
		rows, err := conn.Query(ctx, `SELECT e.id, e.title, e.summary,
				ts_headline('english', e.title || $4 || e.summary, q, $1)
			FROM events e, websearch_to_tsquery('english', $2) q
			WHERE e.id = ANY($3)`, headlineOptions, query, ids, headlineJoin)
		if err != nil {
			return err
		}
		defer rows.Close()
		var id int64
		var title, summary, joined string
		for rows.Next() {
			if err := rows.Scan(&id, &title, &summary, &joined); err != nil {
				return err
			}
			if h, ok := highlightOf(title, summary, joined); ok {
				out[id] = h
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("models: highlights: %w", err)
	}
	return out, nil
}

// headlineSQL marks an event's title and summary (see Highlights) for
// the query q, in one headline.
const headlineSQL = "ts_headline('english', title || ? || summary, websearch_to_tsquery('english', ?), ?)"

// highlightOf reads the one headline of an event's title and summary;
// false when neither matches.
func highlightOf(title, summary, joined string) (Highlight, bool) {
	titleHL, summaryHL, _ := strings.Cut(joined, headlineJoin)
	h := Highlight{Title: marked(title, titleHL), Summary: marked(summary, summaryHL)}
	return h, len(h.Title) > 1 || len(h.Summary) > 1
}

// marked cuts a headline at its markers. It must give back the original
// text exactly once the markers are taken out; otherwise (the text held a
// marker itself, or PostgreSQL changed its spacing) the text stays plain.
func marked(original, headline string) Marked {
	plain := Marked{original}
	if strings.Contains(original, markStart) || strings.Contains(original, markStop) {
		return plain
	}
	var parts Marked
	rest := headline
	for {
		before, after, found := strings.Cut(rest, markStart)
		parts = append(parts, before)
		if !found {
			break
		}
		match, tail, closed := strings.Cut(after, markStop)
		if !closed || strings.Contains(match, markStart) {
			return plain
		}
		parts = append(parts, match)
		rest = tail
	}
	if strings.Join(parts, "") != original {
		return plain
	}
	return parts
}
