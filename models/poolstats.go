package models

import "database/sql"

// PoolStats reports the connection pool, for the metrics.
func (s *Store) PoolStats() sql.DBStats {
	db, err := s.db.DB()
	if err != nil {
		return sql.DBStats{}
	}
	return db.Stats()
}
