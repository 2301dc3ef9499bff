package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Source is an ingested article. Its body is kept as plain text so evidence
// quotes can be shown in place by their offsets.
type Source struct {
	ID          int64
	URL         *string
	Title       string
	Outlet      string
	Author      string
	Language    string
	PublishedAt *time.Time
	Body        string
	BodySHA256  string `gorm:"column:body_sha256"`
	FetchedAt   time.Time
}

// BodyHash is the content hash sources are deduplicated by.
func BodyHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// SourceOption is an article an editor can cite: its id, title and outlet.
type SourceOption struct {
	ID     int64
	Title  string
	Outlet string
}

// RecentSources lists the newest articles, at most limit, for the edit
// page's "cite another article" list.
func (s *Store) RecentSources(ctx context.Context, limit int) ([]SourceOption, error) {
	var out []SourceOption
	err := s.db.WithContext(ctx).Model(&Source{}).Select("id", "title", "outlet").Order("id DESC").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: recent sources: %w", err)
	}
	return out, nil
}

// SourceBody is one stored article, with its body, or ErrNotFound.
func (s *Store) SourceBody(ctx context.Context, id int64) (*Source, error) {
	var src Source
	err := s.db.WithContext(ctx).Select("id", "title", "outlet", "body").Take(&src, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: source %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("models: source %d: %w", id, err)
	}
	return &src, nil
}
