package models

import "gorm.io/gorm"

// DB exposes the connection to the external tests of this package only.
func (s *Store) DB() *gorm.DB { return s.db }
