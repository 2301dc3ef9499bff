package models

import (
	"context"
	"fmt"
)

// Judged is how editors treated one field of the extractor's proposals:
// kept as proposed, changed before publishing, or rejected with the whole
// draft.
type Judged struct {
	Kept, Changed, Rejected int
}

// Decided is the number of proposals an editor has ruled on.
func (j Judged) Decided() int { return j.Kept + j.Changed + j.Rejected }

// ProposalStats is the extractor's record for one event type it proposed.
type ProposalStats struct {
	Type                           string // the type the extractor proposed
	Proposed, Pending, Merged      int    // all proposals; still drafts; merged as duplicates
	TypeField, Dates, Place, Title Judged
}

// ProposalStatsByType compares what the extractor proposed with what
// editors made of it, per proposed type. Drafts still waiting and drafts
// merged into another event are counted apart: neither says whether a
// field was right. Dates are kept when first day, last day and precision
// all are.
func (s *Store) ProposalStatsByType(ctx context.Context) ([]ProposalStats, error) {
	rows, err := s.db.WithContext(ctx).Raw(`SELECT p.type, count(*),
		count(*) FILTER (WHERE e.status = 'draft'),
		count(*) FILTER (WHERE e.status = 'merged'),
		count(*) FILTER (WHERE e.status = 'rejected'),
		count(*) FILTER (WHERE e.status = 'published' AND e.type = p.type),
		count(*) FILTER (WHERE e.status = 'published' AND e.type <> p.type),
		count(*) FILTER (WHERE e.status = 'published' AND e.date_start = p.date_start AND e.date_end = p.date_end AND e.date_precision = p.date_precision),
		count(*) FILTER (WHERE e.status = 'published' AND NOT (e.date_start = p.date_start AND e.date_end = p.date_end AND e.date_precision = p.date_precision)),
		count(*) FILTER (WHERE e.status = 'published' AND e.place_id IS NOT DISTINCT FROM p.place_id),
		count(*) FILTER (WHERE e.status = 'published' AND e.place_id IS DISTINCT FROM p.place_id),
		count(*) FILTER (WHERE e.status = 'published' AND e.title = p.title),
		count(*) FILTER (WHERE e.status = 'published' AND e.title <> p.title)
		FROM event_proposals p JOIN events e ON e.id = p.event_id
		GROUP BY p.type ORDER BY p.type`).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: proposal stats: %w", err)
	}
	defer rows.Close()
	var out []ProposalStats
	for rows.Next() {
		var p ProposalStats
		var rejected int
		if err := rows.Scan(&p.Type, &p.Proposed, &p.Pending, &p.Merged, &rejected,
			&p.TypeField.Kept, &p.TypeField.Changed, &p.Dates.Kept, &p.Dates.Changed,
			&p.Place.Kept, &p.Place.Changed, &p.Title.Kept, &p.Title.Changed); err != nil {
			return nil, fmt.Errorf("models: proposal stats: %w", err)
		}
		p.TypeField.Rejected, p.Dates.Rejected, p.Place.Rejected, p.Title.Rejected = rejected, rejected, rejected, rejected
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: proposal stats: %w", err)
	}
	return out, nil
}
