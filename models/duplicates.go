package models

import (
	"context"
	"fmt"
	"time"
)

// Duplicate suggestions: live events (drafts or published) that may tell of
// the same happening as a draft, ranked in SQL by type, overlapping dates,
// place and title trigrams (pg_trgm), for the caller to rank again with the
// extractor's judgement.

// Weights of the SQL ranking: a shared type counts most, then similar
// titles, then how much the dates overlap and a shared place.
const (
	dupTypeWeight    = 1.0
	dupTitleWeight   = 1.5
	dupOverlapWeight = 0.5
	dupPlaceWeight   = 0.6
	// dupMinTitle is how similar the titles of events of two types must be
	// for one to be suggested for the other.
	dupMinTitle = 0.3
	// dupLongRange (days): two ranges longer than this say too little to
	// be matched on dates (the extractor's rule too), so a long draft is
	// compared only with shorter events of its type.
	dupLongRange = 45
	// dupReportedWindow (days): an event dated by the report of it may
	// have happened in the week before.
	dupReportedWindow = 7
)

// Candidate is an event that may duplicate a draft, with its SQL score.
type Candidate struct {
	ID            int64
	Version       int
	Title         string
	Summary       string
	Type          string
	Status        Status
	DateStart     time.Time
	DateEnd       time.Time
	DatePrecision Precision
	PlaceID       *int64
	PlaceName     string
	PlaceKind     string
	Quote         string // its first source's evidence
	Similarity    float64
	Score         float64
}

// DuplicateCandidates lists up to limit live events that may tell of the
// same happening as ev, best first, leaving out ev itself and the events
// an editor marked as not the same.
func (s *Store) DuplicateCandidates(ctx context.Context, ev *Event, limit int) ([]Candidate, error) {
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	from, to := ev.DateStart, ev.DateEnd
	if ev.DatePrecision == PrecisionReported {
		from = from.AddDate(0, 0, -dupReportedWindow)
	}
	long := to.Sub(from) > dupLongRange*24*time.Hour
	var out []Candidate
	// Two searches, each answered by an index of its own (see migration
	// 00018): events of the draft's type, and events of other types whose
	// titles share trigrams with it (title % title: pg_trgm's threshold,
	// 0.3 unless set otherwise). The quote is read for the best only.
	err := s.db.WithContext(ctx).Raw(`WITH c AS (
			SELECT e.id, e.version, e.title, e.summary, e.type, e.status, e.date_start, e.date_end, e.date_precision, e.place_id
			FROM events e
			WHERE e.status IN ('draft', 'published') AND e.type = @type
				AND daterange(e.date_start, e.date_end, '[]') && daterange(CAST(@dfrom AS date), CAST(@dto AS date), '[]')
			UNION ALL
			SELECT e.id, e.version, e.title, e.summary, e.type, e.status, e.date_start, e.date_end, e.date_precision, e.place_id
			FROM events e
			WHERE e.status IN ('draft', 'published') AND NOT @long AND e.type <> @type AND e.title % @title
				AND daterange(e.date_start, e.date_end, '[]') && daterange(CAST(@dfrom AS date), CAST(@dto AS date), '[]')
		), ranked AS (
			SELECT c.*, sim AS similarity,
				(CASE WHEN c.type = @type THEN @wtype ELSE 0 END) + sim * @wtitle
				+ @woverlap * (least(c.date_end, CAST(@dto AS date)) - greatest(c.date_start, CAST(@dfrom AS date)) + 1)::float8
					/ (greatest(c.date_end, CAST(@dto AS date)) - least(c.date_start, CAST(@dfrom AS date)) + 1)
				+ (CASE WHEN c.place_id = @place THEN @wplace ELSE 0 END) AS score
			FROM c CROSS JOIN LATERAL (SELECT similarity(c.title, @title) AS sim) t
			WHERE c.id <> @id
				AND (c.type = @type OR sim >= @mintitle)
				AND (NOT @long OR c.date_end - c.date_start <= @longdays)
				AND NOT EXISTS (SELECT 1 FROM event_distinct x WHERE x.a = least(c.id, @id) AND x.b = greatest(c.id, @id))
			ORDER BY score DESC, c.id
			LIMIT @limit
		)
		SELECT r.*, coalesce(p.name, '') AS place_name, coalesce(p.kind, '') AS place_kind,
			coalesce((SELECT es.quote FROM event_sources es WHERE es.event_id = r.id ORDER BY es.source_id LIMIT 1), '') AS quote
		FROM ranked r LEFT JOIN places p ON p.id = r.place_id
		ORDER BY r.score DESC, r.id`,
		map[string]any{"id": ev.ID, "type": ev.Type, "title": ev.Title, "dfrom": from.Format(time.DateOnly), "dto": to.Format(time.DateOnly),
			"place": ev.PlaceID, "long": long, "longdays": dupLongRange, "mintitle": dupMinTitle, "limit": limit,
			"wtype": dupTypeWeight, "wtitle": dupTitleWeight, "woverlap": dupOverlapWeight, "wplace": dupPlaceWeight}).
		Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: duplicates of %d: %w", ev.ID, err)
	}
	return out, nil
}

// MarkDistinct remembers that events a and b are not the same happening,
// so neither is suggested as a duplicate of the other again. It is audited.
func (s *Store) MarkDistinct(ctx context.Context, a, b int64) error {
	if a == b {
		return fmt.Errorf("models: event %d is itself: %w", a, ErrInvalid)
	}
	lo, hi := min(a, b), max(a, b)
	return s.InTx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.db.WithContext(ctx).Model(&Event{}).Where("id IN ?", []int64{lo, hi}).Count(&n).Error; err != nil {
			return err
		}
		if n != 2 {
			return fmt.Errorf("models: not a duplicate: %d, %d: %w", a, b, ErrNotFound)
		}
		a := CallerFrom(ctx)
		res := tx.db.WithContext(ctx).Exec(`INSERT INTO event_distinct (a, b, actor_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			lo, hi, a.UserID, tx.Now().UTC())
		if res.Error != nil {
			return fmt.Errorf("models: not a duplicate: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		other := hi
		return tx.Audit(ctx, AuditEntry{Action: "event.not_duplicate", Entity: "event", EntityID: &lo,
			After: JSON(map[string]int64{"a": lo, "b": other})})
	})
}
