package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"timeline/models"
)

// Limits on what a reader can ask for; past them the request is refused with
// a message rather than turned into a slow query.
const (
	maxQueryLen  = 200
	maxPlaces    = 20
	maxPlaceLen  = 100
	earliestDate = "1900-01-01"
	latestDate   = "2100-12-31"
)

// filterForm is the chronology's query string, as sent.
type filterForm struct {
	From, To string
	Types    []string
	Places   []string
	Actors   []string
	Query    string
	Ongoing  string
	Cursor   string
	Before   string // a cursor to page backwards from (the chronology page only)
	Focus    string
}

// readFilterForm reads the query string; a malformed one (bad percent
// escapes) is refused rather than silently read as empty.
func readFilterForm(rawQuery string) (filterForm, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return filterForm{}, invalid("the query string is malformed: %v", err)
	}
	return filterForm{
		From:    strings.TrimSpace(q.Get("from")),
		To:      strings.TrimSpace(q.Get("to")),
		Types:   nonEmpty(q["type"]),
		Places:  nonEmpty(q["place"]),
		Actors:  nonEmpty(q["actor"]),
		Query:   strings.TrimSpace(q.Get("q")),
		Ongoing: q.Get("ongoing"),
		Cursor:  q.Get("cursor"),
		Before:  q.Get("before"),
		Focus:   q.Get("focus"),
	}, nil
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		for _, part := range strings.Split(x, ",") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

// filter validates the form against the known types and returns the store's
// filter; every mistake becomes an InputError naming the parameter.
func (f filterForm) filter(types []models.Category) (models.Filter, error) {
	var mf models.Filter
	var err error
	if mf.From, err = parseDay("from", f.From, false); err != nil {
		return mf, err
	}
	if mf.To, err = parseDay("to", f.To, true); err != nil {
		return mf, err
	}
	if !mf.From.IsZero() && !mf.To.IsZero() && mf.From.After(mf.To) {
		return mf, invalid("from (%s) is after to (%s): swap them or widen the window", f.From, f.To)
	}
	for _, t := range f.Types {
		if !slices.ContainsFunc(types, func(c models.Category) bool { return c.Slug == t }) {
			return mf, invalid("type %q is not an event type; known types: %s", clip(t, 40), typeList(types))
		}
	}
	mf.Types = f.Types
	if len(f.Places) > maxPlaces || len(f.Actors) > maxPlaces {
		return mf, invalid("at most %d places and %d actors at once", maxPlaces, maxPlaces)
	}
	for _, p := range append(slices.Clone(f.Places), f.Actors...) {
		if len(p) > maxPlaceLen || !utf8.ValidString(p) {
			return mf, invalid("place and actor names are at most %d characters of text", maxPlaceLen)
		}
	}
	mf.Places, mf.Actors = f.Places, f.Actors
	if utf8.RuneCountInString(f.Query) > maxQueryLen || !utf8.ValidString(f.Query) {
		return mf, invalid("the search text is limited to %d characters", maxQueryLen)
	}
	mf.Query = f.Query
	switch f.Ongoing {
	case "", "include":
	case "skip":
		mf.SkipOngoing = true
	default:
		return mf, invalid("ongoing must be include or skip")
	}
	if f.Cursor != "" {
		c, err := models.ParseCursor(f.Cursor)
		if err != nil {
			return mf, invalid("cursor is malformed: start again from the first page")
		}
		mf.After = &c
	}
	if f.Before != "" {
		if f.Cursor != "" {
			return mf, invalid("cursor and before cannot be used together: follow one page link at a time")
		}
		c, err := models.ParseCursor(f.Before)
		if err != nil {
			return mf, invalid("before is malformed: start again from the first page")
		}
		mf.Before = &c
	}
	return mf, nil
}

// parseDay reads YYYY-MM-DD, YYYY-MM or YYYY. A month or year stands for its
// first day in from and its last day in to, so to=2022-09 includes September.
func parseDay(name, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	var t time.Time
	var err error
	var span func(time.Time) time.Time
	switch len(s) {
	case 10:
		t, err = time.Parse(time.DateOnly, s)
		span = func(t time.Time) time.Time { return t }
	case 7:
		t, err = time.Parse("2006-01", s)
		span = func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }
	case 4:
		t, err = time.Parse("2006", s)
		span = func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }
	default:
		err = strconv.ErrSyntax
	}
	if err != nil {
		return time.Time{}, invalid("%s %q is not a date: use YYYY-MM-DD, YYYY-MM or YYYY", name, clip(s, 40))
	}
	if s < earliestDate[:len(s)] || s > latestDate[:len(s)] {
		return time.Time{}, invalid("%s %q is outside %s to %s", name, s, earliestDate, latestDate)
	}
	if end {
		t = span(t)
	}
	return t, nil
}

func typeList(cs []models.Category) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Slug
	}
	return strings.Join(names, ", ")
}

// clip shortens what we echo back of bad input.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
