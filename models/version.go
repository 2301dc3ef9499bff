package models

import (
	"context"
	"fmt"
)

// DataVersion is a number that changes, in the same transaction, with every
// write to what readers see (events, their sources, places, actors, types).
// Equal versions mean equal public data, so responses can be cached by it.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.WithContext(ctx).Raw("SELECT v FROM data_version").Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("models: data version: %w", err)
	}
	return v, nil
}
