package models

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Change is one field that differs between two snapshots of an event, each
// side in words. Field is one of the keys of SnapshotFields, or
// "source:ID" for one cited source.
type Change struct {
	Field         string
	Before, After string
}

// SnapshotFields are the fields Diff compares, in the order it lists them;
// sources come last, one change per cited source.
var SnapshotFields = []string{"title", "summary", "type", "status", "reason", "merged_into",
	"date_start", "date_end", "precision", "date_text", "place", "actors"}

// Diff lists what changed from snapshot a to snapshot b, field by field:
// every field an editor can change, the status and its reason, the actors
// and each cited source with its quote and offsets.
func Diff(a, b Snapshot) []Change {
	var out []Change
	add := func(field, before, after string) {
		if before != after {
			out = append(out, Change{Field: field, Before: before, After: after})
		}
	}
	add("title", a.Title, b.Title)
	add("summary", a.Summary, b.Summary)
	add("type", a.Type, b.Type)
	add("status", string(a.Status), string(b.Status))
	add("reason", a.Reason, b.Reason)
	add("merged_into", idWords(a.MergedIntoID), idWords(b.MergedIntoID))
	add("date_start", a.DateStart, b.DateStart)
	add("date_end", a.DateEnd, b.DateEnd)
	add("precision", string(a.Precision), string(b.Precision))
	add("date_text", a.DateText, b.DateText)
	add("place", placeWords(a), placeWords(b))
	add("actors", actorWords(a.Actors), actorWords(b.Actors))

	cites := func(s Snapshot) map[int64]SnapCitation {
		m := make(map[int64]SnapCitation, len(s.Sources))
		for _, c := range s.Sources {
			m[c.SourceID] = c
		}
		return m
	}
	ca, cb := cites(a), cites(b)
	var ids []int64
	for id := range ca {
		ids = append(ids, id)
	}
	for id := range cb {
		if _, ok := ca[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		x, inA := ca[id]
		y, inB := cb[id]
		before, after := "", ""
		if inA {
			before = citationWords(x)
		}
		if inB {
			after = citationWords(y)
		}
		add("source:"+strconv.FormatInt(id, 10), before, after)
	}
	return out
}

func idWords(id *int64) string {
	if id == nil {
		return ""
	}
	return "event " + strconv.FormatInt(*id, 10)
}

func placeWords(s Snapshot) string {
	switch {
	case s.Place != "":
		return s.Place
	case s.PlaceID != nil:
		return "place " + strconv.FormatInt(*s.PlaceID, 10)
	}
	return ""
}

func actorWords(as []SnapActor) string {
	names := make([]string, 0, len(as))
	for _, a := range as {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// citationWords is a cited source as the history shows it: its title, the
// quote and where the quote stands in the article.
func citationWords(c SnapCitation) string {
	var b strings.Builder
	b.WriteString(c.Title)
	if c.Quote != "" {
		fmt.Fprintf(&b, ": “%s”", c.Quote)
	}
	if c.QuoteStart != nil && c.QuoteEnd != nil {
		fmt.Fprintf(&b, " (characters %d to %d)", *c.QuoteStart, *c.QuoteEnd)
	}
	return b.String()
}

// Correction is a change readers are told about on a published event's
// permalink: when, the editors' note, and which fields it changed.
type Correction struct {
	At     time.Time
	Note   string
	Fields []string // keys of SnapshotFields, "sources" for any cited source
}

// PublicCorrections lists the corrections of a published event, newest
// first (at most 20), each with the fields it changed, compared with the
// revision before it.
func (s *Store) PublicCorrections(ctx context.Context, eventID int64) ([]Correction, error) {
	rows, err := s.db.WithContext(ctx).Raw(`SELECT r.at, r.note, r.snapshot, p.snapshot
		FROM event_revisions r
		LEFT JOIN LATERAL (SELECT q.snapshot FROM event_revisions q
			WHERE q.event_id = r.event_id AND q.id < r.id ORDER BY q.id DESC LIMIT 1) p ON true
		WHERE r.event_id = ? AND r.public
		ORDER BY r.id DESC LIMIT 20`, eventID).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: corrections of %d: %w", eventID, err)
	}
	defer rows.Close()
	var out []Correction
	for rows.Next() {
		var c Correction
		var after []byte
		var before []byte
		if err := rows.Scan(&c.At, &c.Note, &after, &before); err != nil {
			return nil, fmt.Errorf("models: corrections of %d: %w", eventID, err)
		}
		var a, b Snapshot
		if err := json.Unmarshal(after, &b); err != nil {
			return nil, fmt.Errorf("models: corrections of %d: %w", eventID, err)
		}
		if before != nil {
			if err := json.Unmarshal(before, &a); err != nil {
				return nil, fmt.Errorf("models: corrections of %d: %w", eventID, err)
			}
			for _, ch := range Diff(a, b) {
				f := ch.Field
				if strings.HasPrefix(f, "source:") {
					f = "sources"
				}
				if !slices.Contains(c.Fields, f) {
					c.Fields = append(c.Fields, f)
				}
			}
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: corrections of %d: %w", eventID, err)
	}
	return out, nil
}

// Revision returns revision revID of event eventID.
func (s *Store) Revision(ctx context.Context, eventID, revID int64) (*Revision, error) {
	var r Revision
	err := s.db.WithContext(ctx).Where("id = ? AND event_id = ?", revID, eventID).Limit(1).Find(&r).Error
	if err != nil {
		return nil, fmt.Errorf("models: event %d revision %d: %w", eventID, revID, err)
	}
	if r.ID == 0 {
		return nil, fmt.Errorf("models: event %d revision %d: %w", eventID, revID, ErrNotFound)
	}
	return &r, nil
}
