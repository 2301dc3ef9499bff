package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"gorm.io/gorm"
)

// ExportEvent is a published event with everything an export or a feed
// writes about it, read in one row.
type ExportEvent struct {
	ID          int64
	Slug        string
	Title       string
	Summary     string
	Type        string
	TypeName    string
	Colour      string
	DateStart   time.Time
	DateEnd     time.Time
	Precision   Precision
	DateText    string
	Place       *ExportPlace
	Actors      []string
	Sources     []ExportSource
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt time.Time
	Version     int
}

// ExportPlace is where an exported event happened.
type ExportPlace struct {
	Name        string
	Kind        string
	CountryCode string
	Lat, Lon    *float64
}

// ExportSource is a source cited by an exported event.
type ExportSource struct {
	Outlet    string     `json:"outlet"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Published *time.Time `json:"published"`
	Quote     string     `json:"quote"`
	// Verbatim says the quote stands at its offsets in the stored article:
	// the source's own words, not an editor's paraphrase.
	Verbatim bool `json:"verbatim"`
}

// Path is the canonical permalink of the event.
func (e *ExportEvent) Path() string { return fmt.Sprintf("/events/%d/%s", e.ID, e.Slug) }

// DateWords is the event's date in words at its precision.
func (e *ExportEvent) DateWords() string { return DateWords(e.DateStart, e.DateEnd, e.Precision) }

// exportQuery reads the events of matching with their type, place, actors
// and sources, one row each, in the order given: the actors and sources
// come as JSON arrays that PostgreSQL aggregates once for all the matching
// events and joins by hash, so one pass over a cursor holds no more than
// one event at a time. (Aggregating per row in correlated subqueries made
// the planner's estimate so high that it spent a second compiling the
// query with JIT, and then ran it four times slower.) A quote is verbatim
// when it stands at its byte offsets in the body.
const exportQuery = `WITH m AS (?),
	ac AS (SELECT ea.event_id, json_agg(a.name ORDER BY a.name) AS names
		FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
		WHERE ea.event_id IN (SELECT id FROM m) GROUP BY ea.event_id),
	sc AS (SELECT es.event_id, json_agg(json_build_object(
			'outlet', s.outlet, 'title', s.title, 'url', coalesce(s.url, ''),
			'published', s.published_at, 'quote', es.quote,
			'verbatim', es.quote_start IS NOT NULL AND es.quote_end IS NOT NULL
				AND es.quote_end <= octet_length(s.body)
				AND substring(convert_to(s.body, 'UTF8') FROM es.quote_start + 1 FOR es.quote_end - es.quote_start)
					= convert_to(es.quote, 'UTF8'))
			ORDER BY es.source_id) AS list
		FROM event_sources es JOIN sources s ON s.id = es.source_id
		WHERE es.event_id IN (SELECT id FROM m) GROUP BY es.event_id)
	SELECT e.id, e.slug, e.title, e.summary, e.type, c.name, c.colour,
		e.date_start, e.date_end, e.date_precision, e.date_text,
		p.name, p.kind, p.country_code, p.lat, p.lon,
		e.created_at, e.updated_at, coalesce(e.published_at, e.updated_at), e.version,
		coalesce(ac.names, '[]'), coalesce(sc.list, '[]')
	FROM m e
	JOIN categories c ON c.slug = e.type
	LEFT JOIN places p ON p.id = e.place_id
	LEFT JOIN ac ON ac.event_id = e.id
	LEFT JOIN sc ON sc.event_id = e.id
	ORDER BY `

// exportedColumns are the columns of events an export reads: not the
// search vector, the largest of them.
const exportedColumns = `events.id, events.slug, events.title, events.summary, events.type,
	events.date_start, events.date_end, events.date_precision, events.date_text, events.place_id,
	events.created_at, events.updated_at, events.published_at, events.version`

// Export yields every published event matching f and overlapping its
// window (or starting inside it, with SkipOngoing), in chronological order:
// the same events Count counts. Paging (After, Limit) is ignored. The rows
// come from one database cursor as they are read, so memory stays flat
// whatever the number of events; the yielded event is reused between
// steps and must not be kept.
func (s *Store) Export(ctx context.Context, f Filter) iter.Seq2[*ExportEvent, error] {
	matching := windowed(s.published(ctx, f), f).Select(exportedColumns)
	return s.exportRows(s.db.WithContext(ctx).Raw(exportQuery+"e.date_start, e.id", matching).Rows)
}

// Recent yields the published events matching f and its window that were
// last published or changed most recently, newest first, at most limit of
// them: what a feed shows.
func (s *Store) Recent(ctx context.Context, f Filter, limit int) iter.Seq2[*ExportEvent, error] {
	matching := windowed(s.published(ctx, f), f).Select(exportedColumns).Order("events.updated_at DESC, events.id DESC").Limit(limit)
	return s.exportRows(s.db.WithContext(ctx).Raw(exportQuery+"e.updated_at DESC, e.id DESC", matching).Rows)
}

func (s *Store) exportRows(open func() (*sql.Rows, error)) iter.Seq2[*ExportEvent, error] {
	return func(yield func(*ExportEvent, error) bool) {
		rows, err := open()
		if err != nil {
			yield(nil, fmt.Errorf("models: export: %w", err))
			return
		}
		defer rows.Close()
		var (
			ev                  ExportEvent
			place               ExportPlace
			name, kind, country sql.NullString
			actors, sources     []byte
		)
		for rows.Next() {
			ev.Actors, ev.Sources = ev.Actors[:0], ev.Sources[:0]
			err := rows.Scan(&ev.ID, &ev.Slug, &ev.Title, &ev.Summary, &ev.Type, &ev.TypeName, &ev.Colour,
				&ev.DateStart, &ev.DateEnd, &ev.Precision, &ev.DateText,
				&name, &kind, &country, &place.Lat, &place.Lon,
				&ev.CreatedAt, &ev.UpdatedAt, &ev.PublishedAt, &ev.Version, &actors, &sources)
			// Most events of a large export have neither; "[]" needs no decoding.
			if err == nil && string(actors) != "[]" {
				err = json.Unmarshal(actors, &ev.Actors)
			}
			if err == nil && string(sources) != "[]" {
				err = json.Unmarshal(sources, &ev.Sources)
			}
			if err != nil {
				yield(nil, fmt.Errorf("models: export: %w", err))
				return
			}
			ev.Place = nil
			if name.Valid {
				place.Name, place.Kind, place.CountryCode = name.String, kind.String, country.String
				ev.Place = &place
			}
			if !yield(&ev, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, fmt.Errorf("models: export: %w", err))
		}
	}
}

// SitemapPage is how many URLs one sitemap holds. The protocol allows
// 50,000; a fifth of that keeps each file near a megabyte, which the
// response cache keeps and a crawler fetches quickly.
const SitemapPage = 10_000

// SitemapEntry is one published event's permalink and when it last changed.
type SitemapEntry struct {
	ID        int64
	Slug      string
	UpdatedAt time.Time
}

// PublishedCount is how many events are published, and when the last of
// them changed (zero without any).
func (s *Store) PublishedCount(ctx context.Context) (int, time.Time, error) {
	var row struct {
		N    int
		Last *time.Time
	}
	err := s.db.WithContext(ctx).Raw(`SELECT count(*) AS n, max(updated_at) AS last
		FROM events WHERE status = 'published'`).Scan(&row).Error
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("models: published count: %w", err)
	}
	var last time.Time
	if row.Last != nil {
		last = *row.Last
	}
	return row.N, last, nil
}

// Sitemap yields page n (from 0) of the published events in id order,
// SitemapPage at a time, from one cursor.
func (s *Store) Sitemap(ctx context.Context, n int) iter.Seq2[SitemapEntry, error] {
	return func(yield func(SitemapEntry, error) bool) {
		rows, err := s.db.WithContext(ctx).Raw(`SELECT id, slug, updated_at FROM events
			WHERE status = 'published' ORDER BY id LIMIT ? OFFSET ?`, SitemapPage, n*SitemapPage).Rows()
		if err != nil {
			yield(SitemapEntry{}, fmt.Errorf("models: sitemap: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var e SitemapEntry
			if err := rows.Scan(&e.ID, &e.Slug, &e.UpdatedAt); err != nil {
				yield(SitemapEntry{}, fmt.Errorf("models: sitemap: %w", err))
				return
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(SitemapEntry{}, fmt.Errorf("models: sitemap: %w", err))
		}
	}
}

// LastUpdate is when the last of the published events matching f (and
// overlapping its window) changed; zero when none match.
//
// PostgreSQL finds it by walking the index of updates newest first until
// an event matches: quick when many do, but a search that matches few or
// none walked past every event (40 ms at 100,000). So a view filtered by
// more than types and window first reads its matches, when there are at
// most lastScanLimit of them, and walks only when there are more.
func (s *Store) LastUpdate(ctx context.Context, f Filter) (time.Time, error) {
	var c Counted
	if !f.typesOnly() {
		var err error
		if c, err = s.CountUpTo(ctx, f, lastScanLimit); err != nil {
			return time.Time{}, err
		}
	}
	return s.LastUpdateOf(ctx, f, c)
}

// LastUpdateOf is LastUpdate of a view that CountUpTo counted as c (with a
// limit of at least lastScanLimit): the update c read, or else the walk.
func (s *Store) LastUpdateOf(ctx context.Context, f Filter, c Counted) (time.Time, error) {
	if c.LastRead {
		return c.Last, nil
	}
	var last sql.NullTime
	if err := windowed(s.published(ctx, f), f).Select("max(events.updated_at)").Row().Scan(&last); err != nil {
		return time.Time{}, fmt.Errorf("models: last update: %w", err)
	}
	return last.Time, nil
}

// lastScanLimit is how many matches LastUpdate reads rather than walk.
const lastScanLimit = 1000

// Counted is what CountUpTo found.
type Counted struct {
	N    int
	More bool // more than N events match
	// Last is the latest update of the matching events, read when
	// LastRead: that is, when they were all read to count them.
	Last     time.Time
	LastRead bool
}

// CountUpTo is how many published events match f, as Count, but a view
// filtered by more than types and window (a search, places, actors) is
// counted no further than limit: More says it holds more than the N =
// limit returned. Such a count reads every matching event (a common word
// matches a seventh of them: 30 ms at 100,000 events, the dearest part of
// a search page), where the page shows the first 200. When it reads them
// all, it reads their latest update too, which LastUpdate could only find
// by walking the updates index past every event when few match.
func (s *Store) CountUpTo(ctx context.Context, f Filter, limit int) (Counted, error) {
	if f.typesOnly() {
		n, err := s.Count(ctx, f)
		return Counted{N: n}, err
	}
	var row struct {
		N    int64
		Last sql.NullTime
	}
	// In the chronology's order, so that a scan of many matches reads the
	// covering index alone (migrations/00019 and 00020) rather than the
	// table; the order changes neither the count nor, when every match is
	// read, the latest update. The events of short and long texts are in
	// two indexes (see shortText): each part counts up to limit+1, so their
	// sum passes limit exactly when the matches do.
	part := func(which string) *gorm.DB {
		return windowed(s.published(ctx, f), f).Where(which).Select("events.updated_at").
			Order("events.date_start, events.id").Limit(limit + 1)
	}
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) AS n, max(updated_at) AS last FROM ((?) UNION ALL (?)) AS matching",
		part(shortText), part(longText)).Scan(&row).Error; err != nil {
		return Counted{}, fmt.Errorf("models: count: %w", err)
	}
	if int(row.N) > limit {
		return Counted{N: limit, More: true}, nil
	}
	return Counted{N: int(row.N), Last: row.Last.Time, LastRead: true}, nil
}
