package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// SetStatus publishes, rejects or returns an event to draft. version is the
// version the editor saw; a stale one is ErrConflict and changes nothing.
func (s *Store) SetStatus(ctx context.Context, id int64, version int, status Status) error {
	if status == StatusMerged || !(status == StatusDraft || status == StatusPublished || status == StatusRejected) {
		return fmt.Errorf("models: event %d: status %q: %w", id, status, ErrInvalid)
	}
	now := s.Now().UTC()
	updates := map[string]any{"status": status, "version": gorm.Expr("version + 1"), "updated_at": now}
	if status == StatusPublished {
		updates["published_at"] = gorm.Expr("coalesce(published_at, ?)", now)
	}
	return s.updateEvent(ctx, id, version, updates)
}

// Merge folds event id into the event into: readers following id's permalink
// land on into, and into gains id's sources.
func (s *Store) Merge(ctx context.Context, id int64, version int, into int64) error {
	if id == into {
		return fmt.Errorf("models: merge event %d into itself: %w", id, ErrInvalid)
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var target Event
		if err := tx.Select("id", "status").First(&target, into).Error; err != nil {
			return fmt.Errorf("models: merge into %d: %w", into, ErrNotFound)
		}
		if target.Status == StatusMerged || target.Status == StatusRejected {
			return fmt.Errorf("models: merge into %d (%s): %w", into, target.Status, ErrInvalid)
		}
		if err := tx.Exec(`INSERT INTO event_sources (event_id, source_id, quote, quote_start, quote_end)
			SELECT ?, source_id, quote, quote_start, quote_end FROM event_sources WHERE event_id = ?
			ON CONFLICT DO NOTHING`, into, id).Error; err != nil {
			return err
		}
		store := &Store{db: tx, Now: s.Now}
		return store.updateEvent(ctx, id, version, map[string]any{
			"status": StatusMerged, "merged_into_id": into,
			"version": gorm.Expr("version + 1"), "updated_at": s.Now().UTC(),
		})
	})
}

func (s *Store) updateEvent(ctx context.Context, id int64, version int, updates map[string]any) error {
	res := s.db.WithContext(ctx).Model(&Event{}).Where("id = ? AND version = ?", id, version).Updates(updates)
	if res.Error != nil {
		return fmt.Errorf("models: update event %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		if _, err := s.Event(ctx, id); err != nil {
			return err
		}
		return fmt.Errorf("models: update event %d at version %d: %w", id, version, ErrConflict)
	}
	return nil
}
