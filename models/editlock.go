package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// EditLease is how long an open edit form counts as open without a
// heartbeat: the form's script beats well inside it.
const EditLease = 150 * time.Second

// Editor is someone with an event's edit form open: who, and since when.
type Editor struct {
	UserID int64
	Name   string
	Since  time.Time
}

// Heartbeat marks user userID as editing event eventID now. A lapsed
// lease starts a new one, so "since" is when this sitting began.
func (s *Store) Heartbeat(ctx context.Context, eventID, userID int64) error {
	now := s.Now().UTC()
	err := s.db.WithContext(ctx).Exec(`INSERT INTO event_editors (event_id, user_id, since, heartbeat_at)
		SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE id = ?)
		ON CONFLICT (event_id, user_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at,
			since = CASE WHEN event_editors.heartbeat_at < ? THEN excluded.since ELSE event_editors.since END`,
		eventID, userID, now, now, eventID, now.Add(-EditLease)).Error
	if err != nil {
		return fmt.Errorf("models: heartbeat of %d on %d: %w", userID, eventID, err)
	}
	return nil
}

// LeaveEdit ends user userID's sitting on event eventID (they saved).
func (s *Store) LeaveEdit(ctx context.Context, eventID, userID int64) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM event_editors WHERE event_id = ? AND user_id = ?`,
		eventID, userID).Error; err != nil {
		return fmt.Errorf("models: leave edit of %d on %d: %w", userID, eventID, err)
	}
	return nil
}

// Editors lists who else than user except has event eventID's edit form
// open, within the lease, longest first.
func (s *Store) Editors(ctx context.Context, eventID, except int64) ([]Editor, error) {
	var out []Editor
	err := s.db.WithContext(ctx).Raw(`SELECT u.id AS user_id, coalesce(nullif(u.display_name, ''), u.email) AS name, l.since
		FROM event_editors l JOIN users u ON u.id = l.user_id
		WHERE l.event_id = ? AND l.user_id <> ? AND l.heartbeat_at >= ? AND u.disabled_at IS NULL
		ORDER BY l.since, u.id`, eventID, except, s.Now().UTC().Add(-EditLease)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: editors of %d: %w", eventID, err)
	}
	return out, nil
}

// AllPlaces lists every place in the gazetteer by name: what the edit
// form offers.
func (s *Store) AllPlaces(ctx context.Context) ([]Place, error) {
	var ps []Place
	if err := s.db.WithContext(ctx).Select("id", "name", "kind", "region", "country_code").Order("name, id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("models: places: %w", err)
	}
	return ps, nil
}

// PlaceNamed is the id of the gazetteer's place called name, the exact
// spelling before another case of it, or 0 when there is none.
func (s *Store) PlaceNamed(ctx context.Context, name string) (int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&Place{}).Where("lower(name) = lower(?)", name).
		Order(clause.OrderBy{Expression: clause.Expr{SQL: "name = ? DESC, id", Vars: []any{name}, WithoutParentheses: true}}).
		Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("models: place %q: %w", name, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}
