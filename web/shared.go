package web

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"timeline/models"
)

// maxSharedUpdates caps the views whose latest update one data version
// remembers; past it the map starts again empty.
const maxSharedUpdates = 1024

// shared is what every chronology page reads besides its own events: the
// types, the places and actor names the filters offer, and the latest
// update of each view asked for. It is read once per data version: the
// version changes, in the same transaction, with every write readers see.
type shared struct {
	version int64
	cats    []models.Category
	places  []models.Place
	actors  []string
	// The same types and places by key, for the events of a list.
	catBySlug map[string]*models.Category
	placeByID map[int64]*models.Place

	mu      sync.Mutex
	updates map[string]time.Time // canonical view query -> latest update
	counts  map[string]tally     // countKey of a filter -> its events
}

// sharedParts holds the current shared parts; load serialises reloads.
type sharedParts struct {
	cur  sync.Mutex
	last *shared
	load sync.Mutex
}

type dataVersionKey struct{}

// WithDataVersion records the data version the response cache read for a
// request, so the handler does not ask the database for it a second time.
func WithDataVersion(ctx context.Context, v int64) context.Context {
	return context.WithValue(ctx, dataVersionKey{}, v)
}

// shared returns the page's shared parts for the current data version,
// reading them again only when the version moved. The version is read
// before the parts, so what is kept under it is never older than it.
func (h *Handler) shared(ctx context.Context) (*shared, error) {
	v, ok := ctx.Value(dataVersionKey{}).(int64)
	if !ok {
		var err error
		if v, err = h.store.DataVersion(ctx); err != nil {
			return nil, err
		}
	}
	if s := h.parts.get(); s != nil && s.version == v {
		return s, nil
	}
	h.parts.load.Lock()
	defer h.parts.load.Unlock()
	if s := h.parts.get(); s != nil && s.version == v {
		return s, nil
	}
	s := &shared{version: v, updates: map[string]time.Time{}, counts: map[string]tally{}}
	var err error
	if s.cats, err = h.store.Categories(ctx); err != nil {
		return nil, err
	}
	if s.places, err = h.store.Places(ctx); err != nil {
		return nil, err
	}
	if s.actors, err = h.store.ActorNames(ctx, maxActorSuggestions); err != nil {
		return nil, err
	}
	s.catBySlug = make(map[string]*models.Category, len(s.cats))
	for i := range s.cats {
		s.catBySlug[s.cats[i].Slug] = &s.cats[i]
	}
	s.placeByID = make(map[int64]*models.Place, len(s.places))
	for i := range s.places {
		s.placeByID[s.places[i].ID] = &s.places[i]
	}
	h.parts.cur.Lock()
	if h.parts.last == nil || h.parts.last.version <= v {
		h.parts.last = s
	}
	h.parts.cur.Unlock()
	return s, nil
}

func (p *sharedParts) get() *shared {
	p.cur.Lock()
	defer p.cur.Unlock()
	return p.last
}

// lastUpdate is the latest update of the view, read once per data version
// (or already read with its count). A view counted as more than countCap
// holds so many matches that the walk of the updates index soon meets one.
func (s *shared) lastUpdate(ctx context.Context, store *models.Store, f models.Filter) (time.Time, error) {
	key := countKey(f)
	s.mu.Lock()
	t, ok := s.updates[key]
	counted, wasCounted := s.counts[key]
	s.mu.Unlock()
	if ok {
		return t, nil
	}
	var err error
	if wasCounted && counted.more {
		t, err = store.LastUpdateOf(ctx, f, models.Counted{N: counted.n, More: true})
	} else {
		t, err = store.LastUpdate(ctx, f)
	}
	if err != nil {
		return time.Time{}, err
	}
	s.mu.Lock()
	if len(s.updates) >= maxSharedUpdates {
		clear(s.updates)
	}
	s.updates[key] = t
	s.mu.Unlock()
	return t, nil
}

// countCap is where the count of a search (or of a place or actor filter)
// stops: past it the view says "more than 1,000 events" rather than read
// every match (see models.CountUpTo). Counts by type and window are exact.
const countCap = 1000

// tally is how many events a view holds: n, or more than n.
type tally struct {
	n    int
	more bool
}

// words says it for titles and share cards: "1 event", "12 events",
// "more than 1,000 events".
func (t tally) words() string {
	switch {
	case t.more:
		return "more than " + thousands(t.n) + " events"
	case t.n == 1:
		return "1 event"
	}
	return thousands(t.n) + " events"
}

// count is how many events match f, counted once per data version: the
// pages of a search or a window, its citation, its embed and its share
// card all say the same total.
func (s *shared) count(ctx context.Context, store *models.Store, f models.Filter) (tally, error) {
	key := countKey(f)
	s.mu.Lock()
	t, ok := s.counts[key]
	s.mu.Unlock()
	if ok {
		return t, nil
	}
	got, err := store.CountUpTo(ctx, f, countCap)
	if err != nil {
		return tally{}, err
	}
	t = tally{n: got.N, more: got.More}
	s.mu.Lock()
	if len(s.counts) >= maxSharedUpdates {
		clear(s.counts)
	}
	s.counts[key] = t
	if got.LastRead {
		if len(s.updates) >= maxSharedUpdates {
			clear(s.updates)
		}
		s.updates[key] = got.Last
	}
	s.mu.Unlock()
	return t, nil
}

// countKey names what Count and LastUpdate read of a filter: everything
// but the paging.
// Lists are joined with a separator no value of theirs can hold.
func countKey(f models.Filter) string {
	var b strings.Builder
	day := func(t time.Time) {
		if !t.IsZero() {
			b.WriteString(t.UTC().Format(time.RFC3339Nano))
		}
		b.WriteByte('\x00')
	}
	day(f.From)
	day(f.To)
	for _, list := range [][]string{f.Types, f.Places, f.Actors} {
		for _, v := range list {
			b.WriteString(strconv.Quote(v))
		}
		b.WriteByte('\x00')
	}
	b.WriteString(strconv.Quote(f.Query))
	if f.SkipOngoing {
		b.WriteString("\x00ongoing-skipped")
	}
	return b.String()
}
