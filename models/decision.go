package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// decisions are the revision actions Undo takes back.
var decisions = map[string]bool{"publish": true, "reject": true, "draft": true, "bulk_publish": true, "bulk_reject": true, "merge": true}

// Undo takes back the last decision on event id, which must still be at
// version (the version the decision left): a publish or reject returns the
// event to the status and reason it had before, a merge is unmerged. It is
// a new revision ("undo"), so the history keeps both.
func (s *Store) Undo(ctx context.Context, id int64, version int) (*Event, error) {
	var last Revision
	err := s.db.WithContext(ctx).Select("id", "version", "action").Where("event_id = ?", id).Order("id DESC").Take(&last).Error
	if err != nil || last.Version != version || !decisions[last.Action] {
		var n int64
		if e := s.db.WithContext(ctx).Model(&Event{}).Where("id = ?", id).Count(&n).Error; e == nil && n == 0 {
			return nil, fmt.Errorf("models: event %d: %w", id, ErrNotFound)
		}
		if err == nil && last.Version != version && decisions[last.Action] {
			return nil, fmt.Errorf("models: undo event %d at version %d, now %d: %w", id, version, last.Version, ErrConflict)
		}
		return nil, fmt.Errorf("models: event %d: no decision at version %d to undo: %w", id, version, ErrInvalid)
	}
	if last.Action == "merge" {
		return s.Unmerge(ctx, id, version)
	}
	return s.change(ctx, id, version, "undo", "undid "+last.Action, func(tx *Store, ev *Event) error {
		db := tx.db.WithContext(ctx)
		// Under the row lock: the decision is still the last change.
		var revs []Revision
		if err := db.Where("event_id = ?", id).Order("id DESC").Limit(2).Find(&revs).Error; err != nil {
			return err
		}
		if len(revs) < 2 || revs[0].ID != last.ID {
			return fmt.Errorf("models: event %d: no earlier revision to go back to: %w", id, ErrInvalid)
		}
		prev, err := revs[1].Snap()
		if err != nil {
			return err
		}
		updates := map[string]any{"status": prev.Status, "status_reason": prev.Reason}
		if prev.Status != StatusPublished {
			// A publish that is taken back leaves no publication date,
			// unless the event was published before it.
			var before int64
			if err := db.Model(&Revision{}).Where("event_id = ? AND id < ? AND snapshot->>'status' = 'published'", id, last.ID).
				Count(&before).Error; err != nil {
				return err
			}
			if before == 0 {
				updates["published_at"] = nil
			}
		}
		return db.Model(&Event{}).Where("id = ?", id).Updates(updates).Error
	})
}

// Pick is one draft of a bulk decision, at the version the editor saw.
type Pick struct {
	ID      int64
	Version int
}

// MaxBulk is how many drafts one bulk decision takes.
const MaxBulk = 200

// BulkResult says what a bulk decision did with each draft.
type BulkResult struct {
	Done    []*Event // decided, as changed
	Skipped []int64  // changed since the editor saw them, merged, or no longer drafts
}

// DecideMany publishes or rejects many drafts, each as its own change with
// its own revision and audit row ("bulk_publish", "bulk_reject"), so one
// draft changed meanwhile by another editor is skipped, not lost.
func (s *Store) DecideMany(ctx context.Context, picks []Pick, status Status, reason string) (BulkResult, error) {
	if status != StatusPublished && status != StatusRejected {
		return BulkResult{}, fmt.Errorf("models: bulk status %q: %w", status, ErrInvalid)
	}
	if len(picks) == 0 || len(picks) > MaxBulk {
		return BulkResult{}, fmt.Errorf("models: bulk of %d drafts (1 to %d): %w", len(picks), MaxBulk, ErrInvalid)
	}
	reason = strings.TrimSpace(reason)
	if len(reason) > MaxReasonLen || !utf8.ValidString(reason) {
		return BulkResult{}, &FieldError{Field: "reason", Message: fmt.Sprintf("A reason is at most %d bytes of text.", MaxReasonLen)}
	}
	action := map[Status]string{StatusPublished: "bulk_publish", StatusRejected: "bulk_reject"}[status]
	var out BulkResult
	seen := map[int64]bool{}
	for _, p := range picks {
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		ev, err := s.decide(ctx, p.ID, p.Version, status, reason, action, true)
		switch {
		case errors.Is(err, ErrConflict), errors.Is(err, ErrInvalid), errors.Is(err, ErrNotFound):
			out.Skipped = append(out.Skipped, p.ID)
		case err != nil:
			return out, err
		default:
			out.Done = append(out.Done, ev)
		}
	}
	return out, nil
}
