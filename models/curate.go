package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lib/pq"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Limits of what editors write.
const (
	MaxTitleLen   = 300
	MaxSummaryLen = 5000
	MaxReasonLen  = 500
	MaxDateText   = 300
	MaxActors     = 50
	MaxActorLen   = 200
	MaxQuoteLen   = 5000
)

// Revision is one change of an event: who made it, when, with what note,
// and the whole event as it stood after it.
type Revision struct {
	ID         int64
	EventID    int64
	Version    int
	At         time.Time
	ActorID    *int64
	ActorLabel string
	Action     string // created, edit, publish, reject, draft, bulk_publish, bulk_reject, undo, merge, merged_in, unmerge, unmerged_out, restore
	Note       string
	Public     bool            // a correction of a published event, listed on its permalink
	Snapshot   json.RawMessage `gorm:"type:jsonb"`
}

// TableName is the table of revisions.
func (Revision) TableName() string { return "event_revisions" }

// Snap decodes the revision's snapshot.
func (r *Revision) Snap() (Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(r.Snapshot, &s); err != nil {
		return Snapshot{}, fmt.Errorf("models: revision %d: %w", r.ID, err)
	}
	return s, nil
}

// Snapshot is everything about an event an editor can change, as a
// revision keeps it.
type Snapshot struct {
	Version      int            `json:"version"`
	Title        string         `json:"title"`
	Summary      string         `json:"summary"`
	Type         string         `json:"type"`
	Status       Status         `json:"status"`
	Reason       string         `json:"reason,omitempty"`
	MergedIntoID *int64         `json:"merged_into_id,omitempty"`
	DateStart    string         `json:"date_start"`
	DateEnd      string         `json:"date_end"`
	Precision    Precision      `json:"precision"`
	DateText     string         `json:"date_text"`
	PlaceID      *int64         `json:"place_id,omitempty"`
	Place        string         `json:"place,omitempty"`
	Confidence   float64        `json:"confidence"`
	Actors       []SnapActor    `json:"actors"`
	Sources      []SnapCitation `json:"sources"`
}

// SnapActor is an actor named in a snapshot.
type SnapActor struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// SnapCitation is a source cited in a snapshot, with its quote.
type SnapCitation struct {
	SourceID   int64  `json:"source_id"`
	Title      string `json:"title"`
	Quote      string `json:"quote"`
	QuoteStart *int   `json:"quote_start,omitempty"`
	QuoteEnd   *int   `json:"quote_end,omitempty"`
}

// SnapshotOf is what a revision keeps of ev (loaded with its place,
// actors and sources).
func SnapshotOf(ev *Event) Snapshot {
	s := Snapshot{Version: ev.Version, Title: ev.Title, Summary: ev.Summary, Type: ev.Type, Status: ev.Status,
		Reason: ev.StatusReason, MergedIntoID: ev.MergedIntoID,
		DateStart: ev.DateStart.Format(time.DateOnly), DateEnd: ev.DateEnd.Format(time.DateOnly),
		Precision: ev.DatePrecision, DateText: ev.DateText, PlaceID: ev.PlaceID, Confidence: ev.Confidence,
		Actors: []SnapActor{}, Sources: []SnapCitation{}}
	if ev.Place != nil {
		s.Place = ev.Place.Name
	}
	for _, a := range ev.Actors {
		s.Actors = append(s.Actors, SnapActor{ID: a.ID, Name: a.Name})
	}
	slices.SortFunc(s.Actors, func(a, b SnapActor) int { return strings.Compare(a.Name, b.Name) })
	for _, es := range ev.Sources {
		c := SnapCitation{SourceID: es.SourceID, Quote: es.Quote, QuoteStart: es.QuoteStart, QuoteEnd: es.QuoteEnd}
		if es.Source != nil {
			c.Title = es.Source.Title
		}
		s.Sources = append(s.Sources, c)
	}
	return s
}

// GoneError is ErrGone with the editors' reason for withdrawing the event.
type GoneError struct {
	ID     int64
	Reason string
}

func (e *GoneError) Error() string { return fmt.Sprintf("models: event %d: %v", e.ID, ErrGone) }

// Unwrap makes a GoneError an ErrGone.
func (e *GoneError) Unwrap() error { return ErrGone }

// GoneReason is the reason an ErrGone carries, or "".
func GoneReason(err error) string {
	var g *GoneError
	if errors.As(err, &g) {
		return g.Reason
	}
	return ""
}

// lockEvent loads event id for a change, locking its row until the
// transaction ends. version is the one the editor saw (negative: any); a
// stale one is ErrConflict. Before an event's first change its state as
// created is kept as its first revision, so every later one can be
// compared with where it began.
func (s *Store) lockEvent(ctx context.Context, id int64, version int) (*Event, error) {
	var row Event
	err := s.db.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Select("id", "version").First(&row, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: event %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("models: event %d: %w", id, err)
	}
	if version >= 0 && row.Version != version {
		return nil, fmt.Errorf("models: event %d at version %d, now %d: %w", id, version, row.Version, ErrConflict)
	}
	ev, err := s.Event(ctx, id)
	if err != nil {
		return nil, err
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&Revision{}).Where("event_id = ?", id).Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		label := "import"
		if ev.ExtractorVersion != "" {
			label = "extractor " + ev.ExtractorVersion
		}
		first := Revision{EventID: id, Version: ev.Version, At: ev.CreatedAt, ActorLabel: label, Action: "created",
			Snapshot: JSON(SnapshotOf(ev))}
		if err := s.db.WithContext(ctx).Omit("ID").Create(&first).Error; err != nil {
			return nil, fmt.Errorf("models: first revision of %d: %w", id, err)
		}
	}
	return ev, nil
}

// commitChange ends a change of before (locked by lockEvent and since
// updated): a new version, its revision and its audit row. An edit or
// restore of a published event that stays published is a correction
// readers see.
func (s *Store) commitChange(ctx context.Context, before *Event, action, note string) (*Event, error) {
	now := s.Now().UTC()
	if err := s.db.WithContext(ctx).Exec(`UPDATE events SET version = version + 1, updated_at = ? WHERE id = ?`,
		now, before.ID).Error; err != nil {
		return nil, fmt.Errorf("models: event %d: %w", before.ID, err)
	}
	after, err := s.Event(ctx, before.ID)
	if err != nil {
		return nil, err
	}
	snapBefore, snapAfter := SnapshotOf(before), SnapshotOf(after)
	a := CallerFrom(ctx)
	rev := Revision{EventID: after.ID, Version: after.Version, At: now, ActorID: a.UserID, ActorLabel: a.Label,
		Action: action, Note: note, Snapshot: JSON(snapAfter),
		Public: before.Status == StatusPublished && after.Status == StatusPublished && (action == "edit" || action == "restore")}
	if err := s.db.WithContext(ctx).Omit("ID").Create(&rev).Error; err != nil {
		return nil, fmt.Errorf("models: revision of %d: %w", after.ID, err)
	}
	id := after.ID
	if err := s.Audit(ctx, AuditEntry{Action: "event." + action, Entity: "event", EntityID: &id,
		Before: JSON(snapBefore), After: JSON(snapAfter)}); err != nil {
		return nil, err
	}
	return after, nil
}

// change runs one change of event id at version in a transaction: fn
// updates the locked event, then its revision and audit row are written.
func (s *Store) change(ctx context.Context, id int64, version int, action, note string, fn func(tx *Store, ev *Event) error) (*Event, error) {
	var out *Event
	err := s.InTx(ctx, func(tx *Store) error {
		ev, err := tx.lockEvent(ctx, id, version)
		if err != nil {
			return err
		}
		if err := fn(tx, ev); err != nil {
			return err
		}
		out, err = tx.commitChange(ctx, ev, action, note)
		return err
	})
	return out, err
}

// SetStatus publishes, rejects or returns an event to draft. version is the
// version the editor saw; a stale one is ErrConflict and changes nothing.
func (s *Store) SetStatus(ctx context.Context, id int64, version int, status Status) error {
	_, err := s.Decide(ctx, id, version, status, "")
	return err
}

// Decide is SetStatus with the editor's reason, which readers see on the
// page of an event withdrawn after publication. It returns the event as
// changed.
func (s *Store) Decide(ctx context.Context, id int64, version int, status Status, reason string) (*Event, error) {
	if !(status == StatusDraft || status == StatusPublished || status == StatusRejected) {
		return nil, fmt.Errorf("models: event %d: status %q: %w", id, status, ErrInvalid)
	}
	reason = strings.TrimSpace(reason)
	if len(reason) > MaxReasonLen || !utf8.ValidString(reason) {
		return nil, &FieldError{Field: "reason", Message: fmt.Sprintf("A reason is at most %d bytes of text.", MaxReasonLen)}
	}
	action := map[Status]string{StatusDraft: "draft", StatusPublished: "publish", StatusRejected: "reject"}[status]
	return s.decide(ctx, id, version, status, reason, action, false)
}

// decide changes event id's status as action; draftOnly refuses an event
// that is not a draft (a bulk decision is about drafts only).
func (s *Store) decide(ctx context.Context, id int64, version int, status Status, reason, action string, draftOnly bool) (*Event, error) {
	return s.change(ctx, id, version, action, reason, func(tx *Store, ev *Event) error {
		if ev.Status == StatusMerged {
			return fmt.Errorf("models: event %d is merged into %d: %w", id, *ev.MergedIntoID, ErrInvalid)
		}
		if draftOnly && ev.Status != StatusDraft {
			return fmt.Errorf("models: event %d is %s, not a draft: %w", id, ev.Status, ErrInvalid)
		}
		updates := map[string]any{"status": status, "status_reason": reason}
		if status == StatusPublished {
			updates["published_at"] = gorm.Expr("coalesce(published_at, ?)", tx.Now().UTC())
		}
		return tx.db.WithContext(ctx).Model(&Event{}).Where("id = ?", id).Updates(updates).Error
	})
}

// Merge folds event id into the event into: readers following id's permalink
// land on into, and into gains id's sources, quotes and actors. The merge
// is kept with what it added, so Unmerge can take it back.
func (s *Store) Merge(ctx context.Context, id int64, version int, into int64) error {
	_, err := s.MergeInto(ctx, id, version, into)
	return err
}

// MergeInto is Merge returning the survivor as changed.
func (s *Store) MergeInto(ctx context.Context, id int64, version int, into int64) (*Event, error) {
	if id == into {
		return nil, fmt.Errorf("models: merge event %d into itself: %w", id, ErrInvalid)
	}
	var survivor *Event
	_, err := s.change(ctx, id, version, "merge", fmt.Sprintf("merged into %d", into), func(tx *Store, ev *Event) error {
		if ev.Status == StatusMerged {
			return fmt.Errorf("models: event %d is merged already: %w", id, ErrInvalid)
		}
		target, err := tx.lockEvent(ctx, into, -1)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("models: merge into %d: %w", into, ErrInvalid)
		}
		if err != nil {
			return err
		}
		if target.Status == StatusMerged || target.Status == StatusRejected {
			return fmt.Errorf("models: merge into %d (%s): %w", into, target.Status, ErrInvalid)
		}
		db := tx.db.WithContext(ctx)
		var sources, actors pq.Int64Array
		if err := db.Raw(`INSERT INTO event_sources (event_id, source_id, quote, quote_start, quote_end)
			SELECT ?, source_id, quote, quote_start, quote_end FROM event_sources WHERE event_id = ?
			ON CONFLICT DO NOTHING RETURNING source_id`, into, id).Pluck("source_id", &sources).Error; err != nil {
			return err
		}
		if err := db.Raw(`INSERT INTO event_actors (event_id, actor_id, role)
			SELECT ?, actor_id, role FROM event_actors WHERE event_id = ?
			ON CONFLICT DO NOTHING RETURNING actor_id`, into, id).Pluck("actor_id", &actors).Error; err != nil {
			return err
		}
		if sources == nil {
			sources = pq.Int64Array{}
		}
		if actors == nil {
			actors = pq.Int64Array{}
		}
		a := CallerFrom(ctx)
		if err := db.Exec(`INSERT INTO event_merges (from_id, into_id, from_status, at, actor_id, added_sources, added_actors)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, into, ev.Status, tx.Now().UTC(), a.UserID, sources, actors).Error; err != nil {
			return err
		}
		if err := db.Model(&Event{}).Where("id = ?", id).
			Updates(map[string]any{"status": StatusMerged, "merged_into_id": into}).Error; err != nil {
			return err
		}
		survivor, err = tx.commitChange(ctx, target, "merged_in", fmt.Sprintf("gained event %d", id))
		return err
	})
	if err != nil {
		return nil, err
	}
	return survivor, nil
}

// Unmerge undoes the last merge of event id (at version): it gets back the
// status it had, and the survivor loses the sources and actors the merge
// gave it.
func (s *Store) Unmerge(ctx context.Context, id int64, version int) (*Event, error) {
	return s.change(ctx, id, version, "unmerge", "", func(tx *Store, ev *Event) error {
		if ev.Status != StatusMerged || ev.MergedIntoID == nil {
			return fmt.Errorf("models: event %d is not merged: %w", id, ErrInvalid)
		}
		db := tx.db.WithContext(ctx)
		var m struct {
			ID           int64
			IntoID       int64
			FromStatus   Status
			AddedSources pq.Int64Array `gorm:"type:bigint[]"`
			AddedActors  pq.Int64Array `gorm:"type:bigint[]"`
		}
		err := db.Raw(`SELECT id, into_id, from_status, added_sources, added_actors FROM event_merges
			WHERE from_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`, id).Scan(&m).Error
		if err != nil {
			return err
		}
		if m.ID == 0 || m.IntoID != *ev.MergedIntoID {
			return fmt.Errorf("models: event %d: no merge to undo: %w", id, ErrInvalid)
		}
		target, err := tx.lockEvent(ctx, m.IntoID, -1)
		if err != nil {
			return err
		}
		if len(m.AddedSources) > 0 {
			if err := db.Exec(`DELETE FROM event_sources WHERE event_id = ? AND source_id = ANY(?)`, m.IntoID, m.AddedSources).Error; err != nil {
				return err
			}
		}
		if len(m.AddedActors) > 0 {
			if err := db.Exec(`DELETE FROM event_actors WHERE event_id = ? AND actor_id = ANY(?)`, m.IntoID, m.AddedActors).Error; err != nil {
				return err
			}
		}
		if err := db.Exec(`UPDATE event_merges SET undone_at = ? WHERE id = ?`, tx.Now().UTC(), m.ID).Error; err != nil {
			return err
		}
		if err := db.Exec(`UPDATE events SET status = ?, merged_into_id = NULL WHERE id = ?`, m.FromStatus, id).Error; err != nil {
			return err
		}
		_, err = tx.commitChange(ctx, target, "unmerged_out", fmt.Sprintf("lost event %d", id))
		return err
	})
}

// Edit is an editor's new version of an event's fields.
type Edit struct {
	Title, Summary, Type string
	DateStart, DateEnd   time.Time
	Precision            Precision
	DateText             string
	PlaceID              *int64 // nil and NewPlace nil: no place
	NewPlace             *Place // a place to add, with its coordinates
	Actors               []string
	Quotes               []QuoteEdit
	// Note is the editor's word on the change: for a published event, the
	// correction readers see.
	Note string
}

// QuoteEdit is an editor's version of one cited source's quote.
type QuoteEdit struct {
	SourceID   int64
	Quote      string
	QuoteStart *int
	QuoteEnd   *int
	Remove     bool
}

// Validate checks an edit's fields, naming the first wrong one.
func (e *Edit) Validate() error {
	e.Title, e.Summary, e.DateText, e.Note = strings.TrimSpace(e.Title), strings.TrimSpace(e.Summary), strings.TrimSpace(e.DateText), strings.TrimSpace(e.Note)
	bad := func(field, msg string) error { return &FieldError{Field: field, Message: msg} }
	for name, v := range map[string]string{"title": e.Title, "summary": e.Summary, "date_text": e.DateText, "note": e.Note} {
		if !utf8.ValidString(v) {
			return bad(name, "This is not valid text.")
		}
	}
	switch {
	case e.Title == "" || len(e.Title) > MaxTitleLen:
		return bad("title", fmt.Sprintf("A title is 1 to %d bytes.", MaxTitleLen))
	case len(e.Summary) > MaxSummaryLen:
		return bad("summary", fmt.Sprintf("A summary is at most %d bytes.", MaxSummaryLen))
	case e.Type == "":
		return bad("type", "Choose a type.")
	case e.DateStart.IsZero():
		return bad("date_start", "Give the first day.")
	case e.DateEnd.IsZero():
		return bad("date_end", "Give the last day.")
	case e.DateEnd.Before(e.DateStart):
		return bad("date_end", "The last day cannot come before the first.")
	case !e.Precision.Valid():
		return bad("precision", "Choose how exactly the date is known.")
	case len(e.DateText) > MaxDateText:
		return bad("date_text", fmt.Sprintf("At most %d bytes.", MaxDateText))
	case len(e.Note) > MaxReasonLen:
		return bad("note", fmt.Sprintf("A note is at most %d bytes.", MaxReasonLen))
	case len(e.Actors) > MaxActors:
		return bad("actors", fmt.Sprintf("At most %d actors.", MaxActors))
	}
	for _, a := range e.Actors {
		if len(a) > MaxActorLen || !utf8.ValidString(a) {
			return bad("actors", fmt.Sprintf("An actor's name is at most %d bytes of text.", MaxActorLen))
		}
	}
	if p := e.NewPlace; p != nil {
		p.Name = strings.TrimSpace(p.Name)
		switch {
		case p.Name == "" || len(p.Name) > 200 || !utf8.ValidString(p.Name):
			return bad("place", "A new place needs a name of at most 200 bytes.")
		case !slices.Contains([]string{"city", "region", "country", "area", "crossing"}, p.Kind):
			return bad("place_kind", "Choose what kind of place it is.")
		case p.Lat == nil || p.Lon == nil || *p.Lat < -90 || *p.Lat > 90 || *p.Lon < -180 || *p.Lon > 180:
			return bad("place_lat", "A new place needs its latitude (−90 to 90) and longitude (−180 to 180).")
		}
	}
	for _, q := range e.Quotes {
		if len(q.Quote) > MaxQuoteLen || !utf8.ValidString(q.Quote) {
			return bad(fmt.Sprintf("quote_%d", q.SourceID), fmt.Sprintf("A quote is at most %d bytes of text.", MaxQuoteLen))
		}
		if (q.QuoteStart == nil) != (q.QuoteEnd == nil) || (q.QuoteStart != nil && (*q.QuoteStart < 0 || *q.QuoteEnd < *q.QuoteStart)) {
			return bad(fmt.Sprintf("quote_%d", q.SourceID), "Give both offsets, the end not before the start, or neither.")
		}
	}
	return nil
}

// QuoteOffsets places quote in body: its byte offsets when it stands there
// exactly once, else nils (an editor's quote found twice could be either).
func QuoteOffsets(body, quote string) (start, end *int) {
	if quote == "" || strings.Count(body, quote) != 1 {
		return nil, nil
	}
	i := strings.Index(body, quote)
	j := i + len(quote)
	return &i, &j
}

// Verbatim reports whether quote stands in body at [start, end): a quote
// that is not the source's own words is shown as a paraphrase.
func Verbatim(body, quote string, start, end *int) bool {
	if start == nil || end == nil {
		return false
	}
	return *start >= 0 && *start <= *end && *end <= len(body) && body[*start:*end] == quote
}

// Update applies an editor's edit to event id at version.
func (s *Store) Update(ctx context.Context, id int64, version int, e Edit) (*Event, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return s.change(ctx, id, version, "edit", e.Note, func(tx *Store, ev *Event) error {
		if ev.Status == StatusMerged {
			return fmt.Errorf("models: event %d is merged into %d: %w", id, *ev.MergedIntoID, ErrInvalid)
		}
		return tx.apply(ctx, ev, e)
	})
}

// apply writes e's fields over ev inside a change.
func (s *Store) apply(ctx context.Context, ev *Event, e Edit) error {
	db := s.db.WithContext(ctx)
	var n int64
	if err := db.Model(&Category{}).Where("slug = ?", e.Type).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return &FieldError{Field: "type", Message: "There is no such type."}
	}
	placeID := e.PlaceID
	if e.NewPlace != nil {
		id, err := upsertPlace(db, e.NewPlace)
		if err != nil {
			return err
		}
		placeID = &id
	} else if placeID != nil {
		if err := db.Model(&Place{}).Where("id = ?", *placeID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return &FieldError{Field: "place", Message: "There is no such place."}
		}
	}
	if err := db.Model(&Event{}).Where("id = ?", ev.ID).Updates(map[string]any{
		"title": e.Title, "slug": Slugify(e.Title), "summary": e.Summary, "type": e.Type,
		"date_start": e.DateStart, "date_end": e.DateEnd, "date_precision": e.Precision,
		"date_text": e.DateText, "place_id": placeID,
	}).Error; err != nil {
		return fmt.Errorf("models: edit event %d: %w", ev.ID, err)
	}
	// Actors: the list replaces the old one.
	if err := db.Exec(`DELETE FROM event_actors WHERE event_id = ?`, ev.ID).Error; err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, name := range e.Actors {
		name = strings.TrimSpace(name)
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		aid, err := upsertActor(db, Actor{Name: name})
		if err != nil {
			return err
		}
		if err := db.Exec(`INSERT INTO event_actors (event_id, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, ev.ID, aid).Error; err != nil {
			return err
		}
	}
	// Quotes: only of sources the event cites (or a snapshot being
	// restored cited), with offsets inside the stored body.
	for _, q := range e.Quotes {
		if q.Remove {
			if err := db.Exec(`DELETE FROM event_sources WHERE event_id = ? AND source_id = ?`, ev.ID, q.SourceID).Error; err != nil {
				return err
			}
			continue
		}
		var src Source
		if err := db.Select("id", "body").First(&src, q.SourceID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return &FieldError{Field: fmt.Sprintf("quote_%d", q.SourceID), Message: "There is no such source."}
			}
			return err
		}
		if q.QuoteEnd != nil && *q.QuoteEnd > len(src.Body) {
			return &FieldError{Field: fmt.Sprintf("quote_%d", q.SourceID),
				Message: fmt.Sprintf("The offsets fall outside the article, which is %d bytes long.", len(src.Body))}
		}
		if err := db.Exec(`INSERT INTO event_sources (event_id, source_id, quote, quote_start, quote_end) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (event_id, source_id) DO UPDATE SET quote = excluded.quote, quote_start = excluded.quote_start, quote_end = excluded.quote_end`,
			ev.ID, q.SourceID, q.Quote, q.QuoteStart, q.QuoteEnd).Error; err != nil {
			return err
		}
	}
	return nil
}

// Revisions lists an event's revisions, oldest first.
func (s *Store) Revisions(ctx context.Context, eventID int64) ([]Revision, error) {
	var out []Revision
	if err := s.db.WithContext(ctx).Where("event_id = ?", eventID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: revisions of %d: %w", eventID, err)
	}
	return out, nil
}

// RevisionAt is the revision that left event id at version, if any.
func (s *Store) RevisionAt(ctx context.Context, eventID int64, version int) (*Revision, error) {
	var r Revision
	err := s.db.WithContext(ctx).Where("event_id = ? AND version = ?", eventID, version).Order("id DESC").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: event %d version %d: %w", eventID, version, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Restore makes revision revID of event id its current content again (title,
// summary, type, dates, place, actors and quoted sources; not its status),
// as a new revision.
func (s *Store) Restore(ctx context.Context, id int64, version int, revID int64) (*Event, error) {
	var r Revision
	if err := s.db.WithContext(ctx).Where("id = ? AND event_id = ?", revID, id).Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("models: event %d revision %d: %w", id, revID, ErrInvalid)
		}
		return nil, err
	}
	snap, err := r.Snap()
	if err != nil {
		return nil, err
	}
	start, err1 := time.Parse(time.DateOnly, snap.DateStart)
	end, err2 := time.Parse(time.DateOnly, snap.DateEnd)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("models: revision %d has bad dates: %w", revID, ErrInvalid)
	}
	e := Edit{Title: snap.Title, Summary: snap.Summary, Type: snap.Type, DateStart: start, DateEnd: end,
		Precision: snap.Precision, DateText: snap.DateText, PlaceID: snap.PlaceID,
		Note: fmt.Sprintf("restored revision %d (version %d)", r.ID, r.Version)}
	for _, a := range snap.Actors {
		e.Actors = append(e.Actors, a.Name)
	}
	return s.change(ctx, id, version, "restore", e.Note, func(tx *Store, ev *Event) error {
		if ev.Status == StatusMerged {
			return fmt.Errorf("models: event %d is merged: %w", id, ErrInvalid)
		}
		keep := map[int64]bool{}
		for _, c := range snap.Sources {
			keep[c.SourceID] = true
			e.Quotes = append(e.Quotes, QuoteEdit{SourceID: c.SourceID, Quote: c.Quote, QuoteStart: c.QuoteStart, QuoteEnd: c.QuoteEnd})
		}
		for _, es := range ev.Sources {
			if !keep[es.SourceID] {
				e.Quotes = append(e.Quotes, QuoteEdit{SourceID: es.SourceID, Remove: true})
			}
		}
		if err := e.Validate(); err != nil {
			return err
		}
		return tx.apply(ctx, ev, e)
	})
}
