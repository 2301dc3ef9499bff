package models

import (
	"context"
	"fmt"
)

// Actor is a person or organisation named in events.
type Actor struct {
	ID   int64
	Name string
	Kind string // person | organisation
}

// ActorNames returns the names of the actors of published events, the most
// often named first, at most limit of them: suggestions for the filter.
func (s *Store) ActorNames(ctx context.Context, limit int) ([]string, error) {
	var names []string
	err := s.db.WithContext(ctx).Raw(`SELECT a.name FROM actors a
		JOIN event_actors ea ON ea.actor_id = a.id
		JOIN events e ON e.id = ea.event_id AND e.status = 'published'
		GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT ?`, limit).Scan(&names).Error
	if err != nil {
		return nil, fmt.Errorf("models: actor names: %w", err)
	}
	return names, nil
}
