package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// BulkInsert stores many events quickly, in batches inside one transaction:
// places are matched by name, citations and actors are not stored. It is for
// generated load-test data; curated data goes through ImportEvents. Events
// whose ImportKey is stored already are skipped.
func (s *Store) BulkInsert(ctx context.Context, evs []NewEvent) (int, error) {
	created := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		placeIDs := map[string]int64{}
		rows := make([]Event, 0, 1000)
		flush := func() error {
			if len(rows) == 0 {
				return nil
			}
			res := tx.Omit(clause.Associations).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows)
			created += int(res.RowsAffected)
			rows = rows[:0]
			return res.Error
		}
		now := s.Now().UTC()
		for i := range evs {
			ev := &evs[i]
			if err := ev.Validate(); err != nil {
				return err
			}
			row := Event{Slug: Slugify(ev.Title), Title: ev.Title, Summary: ev.Summary, Type: ev.Type,
				Status: ev.Status, DateStart: ev.DateStart, DateEnd: ev.DateEnd, DatePrecision: ev.Precision,
				DateText: ev.DateText, Confidence: ev.Confidence, Version: 1, CreatedAt: now, UpdatedAt: now}
			if row.Status == StatusPublished {
				row.PublishedAt = &now
			}
			if ev.ImportKey != "" {
				key := ev.ImportKey
				row.ImportKey = &key
			}
			if ev.Place != nil {
				id, ok := placeIDs[ev.Place.Name]
				if !ok {
					var err error
					if id, err = upsertPlace(tx, ev.Place); err != nil {
						return err
					}
					placeIDs[ev.Place.Name] = id
				}
				row.PlaceID = &id
			}
			rows = append(rows, row)
			if len(rows) == cap(rows) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
	if err != nil {
		return 0, fmt.Errorf("models: bulk insert: %w", err)
	}
	// Fresh statistics, or the planner keeps the plans of an empty table
	// until autovacuum comes by.
	if err := s.db.WithContext(ctx).Exec("ANALYZE events, event_day_counts, places").Error; err != nil {
		return created, fmt.Errorf("models: bulk insert: analyze: %w", err)
	}
	return created, nil
}
