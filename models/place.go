package models

import (
	"context"
	"fmt"

	"github.com/lib/pq"
)

// Place is where an event happened: a city, region, country, wider area or
// border crossing, with coordinates and the other names it goes by.
type Place struct {
	ID          int64
	Name        string
	Kind        string
	Region      string
	CountryCode string
	Lat         *float64
	Lon         *float64
	Aliases     pq.StringArray `gorm:"type:text[]"`
}

// Places returns the places that published events happen in, by name.
func (s *Store) Places(ctx context.Context) ([]Place, error) {
	var ps []Place
	err := s.db.WithContext(ctx).
		Where("EXISTS (SELECT 1 FROM events e WHERE e.place_id = places.id AND e.status = 'published')").
		Order("name").Find(&ps).Error
	if err != nil {
		return nil, fmt.Errorf("models: places: %w", err)
	}
	return ps, nil
}
