package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// NewEvent is an event to store together with what it links to: its place
// and actors (matched by name, created when new) and the sources citing it.
type NewEvent struct {
	ImportKey        string // optional; an event whose key is stored is skipped
	Title            string
	Summary          string
	Type             string
	Status           Status
	DateStart        time.Time
	DateEnd          time.Time
	Precision        Precision
	DateText         string
	Place            *Place
	Actors           []Actor
	Citations        []Citation
	Confidence       float64
	ExtractorVersion string
}

// Citation is a source supporting an event, with the evidence quote and its
// byte offsets in the source body when known.
type Citation struct {
	Source     *Source
	Quote      string
	QuoteStart *int
	QuoteEnd   *int
}

// Validate checks the rules the database would otherwise reject with a less
// helpful message.
func (ev *NewEvent) Validate() error {
	switch {
	case ev.Title == "" || len(ev.Title) > 300:
		return fmt.Errorf("models: event %q: title must be 1-300 bytes: %w", ev.Title, ErrInvalid)
	case ev.DateStart.IsZero() || ev.DateEnd.Before(ev.DateStart):
		return fmt.Errorf("models: event %q: bad date range: %w", ev.Title, ErrInvalid)
	case !ev.Precision.Valid():
		return fmt.Errorf("models: event %q: precision %q: %w", ev.Title, ev.Precision, ErrInvalid)
	case ev.Confidence < 0 || ev.Confidence > 1:
		return fmt.Errorf("models: event %q: confidence %v: %w", ev.Title, ev.Confidence, ErrInvalid)
	}
	return nil
}

// ImportEvents stores curated events in one transaction. Events whose
// ImportKey is already stored are skipped, so a file can be loaded twice.
// It returns how many events it created.
func (s *Store) ImportEvents(ctx context.Context, evs []NewEvent) (int, error) {
	created := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range evs {
			ev := &evs[i]
			if err := ev.Validate(); err != nil {
				return err
			}
			if ev.ImportKey != "" {
				var n int64
				if err := tx.Model(&Event{}).Where("import_key = ?", ev.ImportKey).Count(&n).Error; err != nil {
					return err
				}
				if n > 0 {
					continue
				}
			}
			if _, err := s.createEvent(tx, ev); err != nil {
				return err
			}
			created++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("models: import events: %w", err)
	}
	return created, nil
}

// IngestResult says what storing one article did.
type IngestResult struct {
	SourceID int64
	Existing bool    // the article was stored before; nothing was added
	Version  bool    // an edited version of a stored article: it replaced that source's text
	Created  int     // new events (always drafts for a version)
	Linked   int     // stored events the article now also supports
	Updated  int     // events of the earlier version whose evidence was taken from the new text
	Stale    int     // events of the earlier version whose quote the new text no longer has
	EventIDs []int64 // the events the article supports, created, linked or updated, in input order
}

// SameFunc decides whether a stored event and a new one are the same
// happening; the extractor knows how to tell.
type SameFunc func(stored *Event, ev *NewEvent) bool

// Ingest stores an article and the events found in it, in one transaction,
// idempotent by the body's content hash. An event that same says is already
// stored (same type, overlapping dates) gets the article as one more source
// instead of a duplicate.
func (s *Store) Ingest(ctx context.Context, src Source, evs []NewEvent, same SameFunc) (IngestResult, error) {
	var res IngestResult
	src.BodySHA256 = BodyHash(src.Body)
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old Source
		err := tx.Select("id").Where("body_sha256 = ?", src.BodySHA256).Take(&old).Error
		if err == nil {
			res = IngestResult{SourceID: old.ID, Existing: true}
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if src.FetchedAt.IsZero() {
			src.FetchedAt = s.Now().UTC()
		}
		prev, err := previousVersion(tx, &src)
		if err != nil {
			return err
		}
		if prev != 0 {
			res, err = s.reingest(tx, prev, &src, evs, same)
			return err
		}
		if err := tx.Create(&src).Error; err != nil {
			return err
		}
		res.SourceID = src.ID
		for i := range evs {
			ev := &evs[i]
			if err := ev.Validate(); err != nil {
				return err
			}
			for j := range ev.Citations {
				ev.Citations[j].Source = &src
			}
			if stored, err := findSame(tx, ev, same); err != nil {
				return err
			} else if stored != nil {
				if err := linkCitations(tx, stored.ID, ev.Citations, s.Now().UTC()); err != nil {
					return err
				}
				res.Linked++
				res.EventIDs = append(res.EventIDs, stored.ID)
				continue
			}
			row, err := s.createEvent(tx, ev)
			if err != nil {
				return err
			}
			res.Created++
			res.EventIDs = append(res.EventIDs, row.ID)
		}
		return nil
	})
	if err != nil {
		return IngestResult{}, fmt.Errorf("models: ingest %q: %w", src.Title, err)
	}
	return res, nil
}

// findSame looks among live events of the same type whose dates overlap for
// one that same accepts.
func findSame(tx *gorm.DB, ev *NewEvent, same SameFunc) (*Event, error) {
	if same == nil {
		return nil, nil
	}
	var cands []Event
	err := tx.Preload("Place").
		Where("type = ? AND status IN ? AND date_start <= ? AND date_end >= ?",
			ev.Type, []Status{StatusDraft, StatusPublished}, ev.DateEnd, ev.DateStart).
		Order("id").Limit(200).Find(&cands).Error
	if err != nil {
		return nil, err
	}
	for i := range cands {
		if same(&cands[i], ev) {
			return &cands[i], nil
		}
	}
	return nil, nil
}

func (s *Store) createEvent(tx *gorm.DB, ev *NewEvent) (*Event, error) {
	now := s.Now().UTC()
	row := Event{
		Slug: Slugify(ev.Title), Title: ev.Title, Summary: ev.Summary, Type: ev.Type,
		Status: ev.Status, DateStart: ev.DateStart, DateEnd: ev.DateEnd,
		DatePrecision: ev.Precision, DateText: ev.DateText, Confidence: ev.Confidence,
		ExtractorVersion: ev.ExtractorVersion, Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if row.Status == "" {
		row.Status = StatusDraft
	}
	if row.Status == StatusPublished {
		row.PublishedAt = &now
	}
	if ev.ImportKey != "" {
		row.ImportKey = &ev.ImportKey
	}
	if ev.Place != nil {
		id, err := upsertPlace(tx, ev.Place)
		if err != nil {
			return nil, err
		}
		row.PlaceID = &id
	}
	if err := tx.Omit(clause.Associations).Create(&row).Error; err != nil {
		return nil, fmt.Errorf("event %q: %w", ev.Title, err)
	}
	for _, a := range ev.Actors {
		id, err := upsertActor(tx, a)
		if err != nil {
			return nil, err
		}
		if err := tx.Exec("INSERT INTO event_actors (event_id, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
			row.ID, id).Error; err != nil {
			return nil, err
		}
	}
	if err := linkCitations(tx, row.ID, ev.Citations, now); err != nil {
		return nil, err
	}
	return &row, nil
}

// linkCitations links the cited sources to an event, storing any source that
// is new with now as its fetch time.
func linkCitations(tx *gorm.DB, eventID int64, cites []Citation, now time.Time) error {
	for _, c := range cites {
		if c.Source == nil {
			continue
		}
		if c.Source.ID == 0 {
			if err := upsertSource(tx, c.Source, now); err != nil {
				return err
			}
		}
		link := EventSource{EventID: eventID, SourceID: c.Source.ID, Quote: c.Quote,
			QuoteStart: c.QuoteStart, QuoteEnd: c.QuoteEnd}
		if err := tx.Omit(clause.Associations).Clauses(clause.OnConflict{DoNothing: true}).
			Create(&link).Error; err != nil {
			return err
		}
	}
	return nil
}

// upsertSource finds a source by its content hash or creates it, filling in
// src.ID either way.
func upsertSource(tx *gorm.DB, src *Source, now time.Time) error {
	if src.BodySHA256 == "" {
		src.BodySHA256 = BodyHash(src.Body)
	}
	var old Source
	err := tx.Select("id").Where("body_sha256 = ?", src.BodySHA256).Take(&old).Error
	if err == nil {
		src.ID = old.ID
		return nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	if src.FetchedAt.IsZero() {
		src.FetchedAt = now
	}
	return tx.Create(src).Error
}

func upsertPlace(tx *gorm.DB, p *Place) (int64, error) {
	var old Place
	err := tx.Select("id").Where("name = ?", p.Name).Take(&old).Error
	if err == nil {
		return old.ID, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, err
	}
	row := *p
	row.ID = 0
	if row.Aliases == nil {
		row.Aliases = []string{}
	}
	if err := tx.Create(&row).Error; err != nil {
		return 0, fmt.Errorf("place %q: %w", p.Name, err)
	}
	return row.ID, nil
}

func upsertActor(tx *gorm.DB, a Actor) (int64, error) {
	if a.Kind == "" {
		a.Kind = "organisation"
	}
	var row Actor
	err := tx.Where(Actor{Name: a.Name}).Attrs(Actor{Kind: a.Kind}).FirstOrCreate(&row).Error
	if err != nil {
		return 0, fmt.Errorf("actor %q: %w", a.Name, err)
	}
	return row.ID, nil
}
