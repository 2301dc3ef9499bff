package models

import (
	"context"
	"fmt"
)

// DraftFilter chooses drafts for the review queue.
type DraftFilter struct {
	Type  string // a category slug, or "" for any
	Limit int
}

// DraftQueue is one page of the review queue and how many drafts match.
type DraftQueue struct {
	Drafts []Event
	Total  int
}

// Drafts lists the drafts waiting for review, oldest first, so that what
// came in first is decided first.
func (s *Store) Drafts(ctx context.Context, f DraftFilter) (DraftQueue, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := s.db.WithContext(ctx).Model(&Event{}).Where("status = ?", StatusDraft)
	if f.Type != "" {
		q = q.Where("type = ?", f.Type)
	}
	var out DraftQueue
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return DraftQueue{}, fmt.Errorf("models: drafts: %w", err)
	}
	out.Total = int(total)
	if err := q.Preload("Place").Order("id").Limit(f.Limit).Find(&out.Drafts).Error; err != nil {
		return DraftQueue{}, fmt.Errorf("models: drafts: %w", err)
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
