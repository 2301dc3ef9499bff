package models

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
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
