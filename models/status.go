package models

import (
	"context"
	"fmt"
)

// StatusCounts counts events by status, for the curators' dashboard. Every
// status is present, zero or not.
func (s *Store) StatusCounts(ctx context.Context) (map[Status]int, error) {
	var rows []struct {
		Status Status
		N      int
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT status, count(*) AS n FROM events GROUP BY status`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: status counts: %w", err)
	}
	out := map[Status]int{StatusDraft: 0, StatusPublished: 0, StatusRejected: 0, StatusMerged: 0}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}
