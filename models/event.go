package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// Status is where an event stands in curation.
type Status string

// The statuses of an event. Only published events are shown to readers.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusRejected  Status = "rejected"
	StatusMerged    Status = "merged"
)

// Event is one dated happening on the chronology. Its ID is stable forever;
// its slug follows its title and old slugs redirect.
type Event struct {
	ID               int64
	ImportKey        *string
	Slug             string
	Title            string
	Summary          string
	Type             string
	Category         *Category `gorm:"foreignKey:Type;references:Slug"`
	Status           Status
	StatusReason     string // why it was rejected, shown on its 410 page
	MergedIntoID     *int64
	DateStart        time.Time `gorm:"type:date"`
	DateEnd          time.Time `gorm:"type:date"`
	DatePrecision    Precision
	DateText         string
	PlaceID          *int64
	Place            *Place
	Confidence       float64
	ExtractorVersion string
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	PublishedAt      *time.Time
	Sources          []EventSource `gorm:"foreignKey:EventID"`
	Actors           []Actor       `gorm:"many2many:event_actors"`
}

// DateWords is the event's date in words at its precision.
func (e *Event) DateWords() string { return DateWords(e.DateStart, e.DateEnd, e.DatePrecision) }

// ListDay is the day a list files the event under (see ListDay).
func (e *Event) ListDay() time.Time { return ListDay(e.DateStart, e.DateEnd, e.DatePrecision) }

// Path is the canonical permalink of the event.
func (e *Event) Path() string {
	// Built by hand, in one allocation: a list page asks for 200 of them.
	var id [20]byte
	var b strings.Builder
	b.Grow(len("/events//") + len(id) + len(e.Slug))
	b.WriteString("/events/")
	b.Write(strconv.AppendInt(id[:0], e.ID, 10))
	b.WriteByte('/')
	b.WriteString(e.Slug)
	return b.String()
}

// EventSource links an event to a source that reports it, with the evidence
// quote and its character offsets in the source body.
type EventSource struct {
	EventID    int64 `gorm:"primaryKey"`
	SourceID   int64 `gorm:"primaryKey"`
	Source     *Source
	Quote      string
	QuoteStart *int
	QuoteEnd   *int
}

// latinFolds spells out the Latin letters that Unicode does not decompose.
var latinFolds = strings.NewReplacer("ß", "ss", "æ", "ae", "Æ", "Ae", "ø", "o", "Ø", "O",
	"œ", "oe", "Œ", "Oe", "ł", "l", "Ł", "L", "đ", "d", "Đ", "D", "þ", "th")

// Slugify turns a title into the readable part of a permalink: lower-case
// ASCII words joined by hyphens, at most 80 bytes, never empty.
func Slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(latinFolds.Replace(title)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r): // accents stripped by NFKD
		default:
			hyphen = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 80 {
		s = strings.Trim(s[:80], "-")
	}
	if s == "" {
		return "event"
	}
	if reservedSlugs[s] {
		return s + "-event"
	}
	return s
}

// reservedSlugs are the words routes use after /events/{id}/: a permalink
// whose slug were one of them would land on that route instead.
var reservedSlugs = map[string]bool{"cite": true}

// Event returns any event by id, whatever its status, with its category,
// place, sources and actors.
func (s *Store) Event(ctx context.Context, id int64) (*Event, error) {
	var ev Event
	err := s.db.WithContext(ctx).
		Preload("Category").Preload("Place").Preload("Actors").
		Preload("Sources", func(db *gorm.DB) *gorm.DB { return db.Order("source_id") }).
		Preload("Sources.Source").
		First(&ev, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: event %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("models: event %d: %w", id, err)
	}
	return &ev, nil
}

// maxMergeHops bounds how far PublicEvent follows merges, so a cycle written
// by hand into the database cannot loop forever.
const maxMergeHops = 16

// PublicEvent returns the event a reader asking for id should see: merged
// events resolve to the one they were merged into, ones rejected after
// publication are ErrGone (a *GoneError with the reason), drafts and
// drafts rejected unpublished are ErrNotFound.
func (s *Store) PublicEvent(ctx context.Context, id int64) (*Event, error) {
	for range maxMergeHops {
		ev, err := s.Event(ctx, id)
		if err != nil {
			return nil, err
		}
		switch ev.Status {
		case StatusPublished:
			return ev, nil
		case StatusRejected:
			if ev.PublishedAt == nil {
				return nil, fmt.Errorf("models: event %d never published: %w", id, ErrNotFound)
			}
			return nil, &GoneError{ID: id, Reason: ev.StatusReason}
		case StatusMerged:
			id = *ev.MergedIntoID
		default:
			return nil, fmt.Errorf("models: event %d: %w", id, ErrNotFound)
		}
	}
	return nil, fmt.Errorf("models: event %d: merge chain too long: %w", id, ErrNotFound)
}
