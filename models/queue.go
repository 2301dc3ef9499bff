package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// DraftFilter chooses drafts for the review queue.
type DraftFilter struct {
	Type     string    // a category slug, or "" for any
	SourceID int64     // drafts citing this source (article), or 0 for any
	MinConf  *float64  // confidence at least this, or nil
	MaxConf  *float64  // confidence at most this, or nil
	From, To time.Time // drafts whose dates overlap [From, To]; zero: open
	Page     int       // from 1
	Limit    int       // drafts a page, at most 200
}

// DraftQueue is one page of the review queue and how many drafts match.
type DraftQueue struct {
	Drafts []Event
	Total  int            // drafts matching the whole filter
	All    int            // drafts at all, whatever the filter
	ByType map[string]int // drafts matching the filter but its type, per type
	Page   int            // the page shown, from 1
	Pages  int            // pages of Limit drafts; at least 1
}

// QueueSource is an article drafts came from, offered as a queue filter.
type QueueSource struct {
	ID     int64
	Title  string
	Outlet string
	Drafts int
}

// filtered applies every part of f but its type to a query of events.
func (f DraftFilter) filtered(q *gorm.DB) *gorm.DB {
	q = q.Where("events.status = ?", StatusDraft)
	if f.SourceID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM event_sources es WHERE es.event_id = events.id AND es.source_id = ?)", f.SourceID)
	}
	if f.MinConf != nil {
		q = q.Where("events.confidence >= ?", *f.MinConf)
	}
	if f.MaxConf != nil {
		q = q.Where("events.confidence <= ?", *f.MaxConf)
	}
	if !f.From.IsZero() {
		q = q.Where("events.date_end >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("events.date_start <= ?", f.To)
	}
	return q
}

// Drafts lists the drafts waiting for review, oldest first, so that what
// came in first is decided first, with the counts the queue shows.
func (s *Store) Drafts(ctx context.Context, f DraftFilter) (DraftQueue, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Page < 1 {
		f.Page = 1
	}
	db := s.db.WithContext(ctx)
	out := DraftQueue{ByType: map[string]int{}, Page: f.Page}
	var byType []struct {
		Type string
		N    int
	}
	if err := f.filtered(db.Model(&Event{})).Select("events.type, count(*) AS n").Group("events.type").Scan(&byType).Error; err != nil {
		return DraftQueue{}, fmt.Errorf("models: drafts: %w", err)
	}
	for _, r := range byType {
		out.ByType[r.Type] = r.N
		if f.Type == "" || f.Type == r.Type {
			out.Total += r.N
		}
	}
	var all int64
	if err := db.Model(&Event{}).Where("status = ?", StatusDraft).Count(&all).Error; err != nil {
		return DraftQueue{}, fmt.Errorf("models: drafts: %w", err)
	}
	out.All = int(all)
	out.Pages = max(1, (out.Total+f.Limit-1)/f.Limit)
	q := f.filtered(db.Model(&Event{}))
	if f.Type != "" {
		q = q.Where("events.type = ?", f.Type)
	}
	if err := q.Preload("Place").Order("events.id").Offset((f.Page - 1) * f.Limit).Limit(f.Limit).Find(&out.Drafts).Error; err != nil {
		return DraftQueue{}, fmt.Errorf("models: drafts: %w", err)
	}
	return out, nil
}

// QueueSources lists the articles drafts were found in, newest first, with
// how many drafts each has waiting: at most limit of them.
func (s *Store) QueueSources(ctx context.Context, limit int) ([]QueueSource, error) {
	var out []QueueSource
	// Newest sources first, down the primary key, each counted through
	// its own citations: never an aggregate over every draft.
	err := s.db.WithContext(ctx).Raw(`SELECT s.id, s.title, s.outlet, n.drafts
		FROM sources s
		CROSS JOIN LATERAL (SELECT count(*) AS drafts FROM event_sources es JOIN events e ON e.id = es.event_id
			WHERE es.source_id = s.id AND e.status = 'draft') n
		WHERE n.drafts > 0
		ORDER BY s.id DESC LIMIT ?`, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: queue sources: %w", err)
	}
	return out, nil
}

// NextDraft is the id of the first draft after id, or 0 when none is left.
func (s *Store) NextDraft(ctx context.Context, after int64) (int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&Event{}).Where("status = ? AND id > ?", StatusDraft, after).
		Order("id").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("models: next draft after %d: %w", after, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// PrevDraft is the id of the last draft before id, or 0 when there is none.
func (s *Store) PrevDraft(ctx context.Context, before int64) (int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&Event{}).Where("status = ? AND id < ?", StatusDraft, before).
		Order("id DESC").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("models: draft before %d: %w", before, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}
