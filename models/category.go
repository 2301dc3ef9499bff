package models

import (
	"context"
	"fmt"
)

// Category is an event type, with the colour it is drawn in.
type Category struct {
	Slug        string `gorm:"primaryKey"`
	Name        string
	Colour      string
	Description string
	SortOrder   int
}

// Categories returns every event type in display order.
func (s *Store) Categories(ctx context.Context) ([]Category, error) {
	var cs []Category
	if err := s.db.WithContext(ctx).Order("sort_order, slug").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("models: categories: %w", err)
	}
	return cs, nil
}
