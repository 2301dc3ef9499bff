package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// MaxBuckets caps how finely a histogram may cut its window.
const MaxBuckets = 1000

// Histogram counts published events per type in buckets of its window: what
// the timeline draws where more events are in view than fit.
type Histogram struct {
	From, To   time.Time // the inclusive window, as asked, widened to whole units, or the extent of the matches
	BucketDays int       // the width of every bucket, when cut into equal slices
	Unit       Unit      // the calendar unit of every bucket, when cut by unit
	Total      int
	Buckets    []Bucket
}

// Bucket is one slice of a histogram's window.
type Bucket struct {
	Start, End time.Time // inclusive
	Total      int
	Counts     map[string]int // by type
}

// Cut says how a histogram slices its window: into at most Buckets equal
// slices of whole days or, when Unit is set, into calendar units.
type Cut struct {
	Buckets int
	Unit    Unit
}

// Unit is a calendar unit a histogram can count by.
type Unit string

// The units, finest first. Weeks start on Monday; decades are 2020-2029.
const (
	UnitDay     Unit = "day"
	UnitWeek    Unit = "week"
	UnitMonth   Unit = "month"
	UnitQuarter Unit = "quarter"
	UnitYear    Unit = "year"
	UnitDecade  Unit = "decade"
)

// Units lists the calendar units, finest first.
var Units = []Unit{UnitDay, UnitWeek, UnitMonth, UnitQuarter, UnitYear, UnitDecade}

// Floor returns the first day of the unit that holds t.
func (u Unit) Floor(t time.Time) time.Time {
	y, m, d := t.Date()
	switch u {
	case UnitWeek:
		return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	case UnitMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case UnitQuarter:
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	case UnitYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case UnitDecade:
		return time.Date(y-y%10, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// next returns the first day of the unit after the one that starts at start.
func (u Unit) next(start time.Time) time.Time {
	switch u {
	case UnitWeek:
		return start.AddDate(0, 0, 7)
	case UnitMonth:
		return start.AddDate(0, 1, 0)
	case UnitQuarter:
		return start.AddDate(0, 3, 0)
	case UnitYear:
		return start.AddDate(1, 0, 0)
	case UnitDecade:
		return start.AddDate(10, 0, 0)
	}
	return start.AddDate(0, 0, 1)
}

// Count returns how many units the inclusive window from..to touches.
func (u Unit) Count(from, to time.Time) int {
	return u.index(to) - u.index(from) + 1
}

// index numbers the units: consecutive units have consecutive numbers.
func (u Unit) index(t time.Time) int {
	y, m := t.Year(), int(t.Month())-1
	days := dayNumber(t)
	switch u {
	case UnitWeek:
		return floorDiv(days-4, 7) // 1970-01-05, day 4, was a Monday
	case UnitMonth:
		return y*12 + m
	case UnitQuarter:
		return y*4 + m/3
	case UnitYear:
		return y
	case UnitDecade:
		return floorDiv(y, 10)
	}
	return days
}

// dayNumber counts days from 1970-01-01 (negative before).
func dayNumber(t time.Time) int {
	return floorDiv(int(t.Unix()), 86400)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// Valid reports whether u is one of Units.
func (u Unit) Valid() bool {
	return slices.Contains(Units, u)
}

// Extent returns the first start and last end of the published events
// matching f, ignoring its window; ok is false when nothing matches. Two
// subqueries, so each end is read from its own index.
func (s *Store) Extent(ctx context.Context, f Filter) (from, to time.Time, ok bool, err error) {
	var row struct{ Min, Max *time.Time }
	first := s.published(ctx, f).Select("min(events.date_start)")
	last := s.published(ctx, f).Select("max(events.date_end)")
	err = s.db.WithContext(ctx).Raw("SELECT (?) AS min, (?) AS max", first, last).Scan(&row).Error
	if err != nil {
		return from, to, false, fmt.Errorf("models: extent: %w", err)
	}
	if row.Min == nil || row.Max == nil {
		return from, to, false, nil
	}
	return row.Min.UTC(), row.Max.UTC(), true, nil
}

// Histogram cuts f's window as cut says and counts the matching events by
// the bucket they start in; events already in progress when the window
// opens count in the first bucket, unless f skips them. The window must be
// set; by unit, it widens to whole units.
func (s *Store) Histogram(ctx context.Context, f Filter, cut Cut) (Histogram, error) {
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return Histogram{}, fmt.Errorf("models: histogram needs a window: %w", ErrInvalid)
	}
	h := Histogram{From: f.From, To: f.To}
	// bucket is SQL that turns a date (%s) into the first day of its bucket.
	var bucket string
	var args []any
	if cut.Unit != "" {
		if !cut.Unit.Valid() {
			return Histogram{}, fmt.Errorf("models: histogram by %q: %w", cut.Unit, ErrInvalid)
		}
		if n := cut.Unit.Count(f.From, f.To); n > MaxBuckets {
			return Histogram{}, fmt.Errorf("models: histogram: %d buckets by %s: %w", n, cut.Unit, ErrInvalid)
		}
		h.Unit = cut.Unit
		h.From = cut.Unit.Floor(f.From)
		for start := h.From; !start.After(f.To); start = cut.Unit.next(start) {
			h.Buckets = append(h.Buckets, Bucket{Start: start, End: cut.Unit.next(start).AddDate(0, 0, -1), Counts: map[string]int{}})
		}
		h.To = h.Buckets[len(h.Buckets)-1].End
		bucket, args = "date_trunc(?, %s::timestamp)::date", []any{string(cut.Unit)}
	} else {
		if cut.Buckets < 1 || cut.Buckets > MaxBuckets {
			return Histogram{}, fmt.Errorf("models: histogram: %d buckets: %w", cut.Buckets, ErrInvalid)
		}
		days := dayNumber(f.To) - dayNumber(f.From) + 1
		width := (days + cut.Buckets - 1) / cut.Buckets
		h.BucketDays = width
		for start := f.From; !start.After(f.To); start = start.AddDate(0, 0, width) {
			end := start.AddDate(0, 0, width-1)
			if end.After(f.To) {
				end = f.To
			}
			h.Buckets = append(h.Buckets, Bucket{Start: start, End: end, Counts: map[string]int{}})
		}
		bucket, args = "(?::date + ((%s - ?::date) / ?) * ?)", []any{f.From, f.From, width, width}
	}
	if err := s.countInto(ctx, f, &h, bucket, args, !f.SkipOngoing); err != nil {
		return Histogram{}, err
	}
	return h, nil
}

// countInto fills h's buckets: bucket (with args) is SQL that turns a date
// into the first day of its bucket; ongoing counts events already in
// progress when h's window opens in its first bucket.
func (s *Store) countInto(ctx context.Context, f Filter, h *Histogram, bucket string, args []any, ongoing bool) error {
	// Buckets are found by their first day, as a day number.
	const dayOfSQL = "((%s) - DATE '1970-01-01')"
	index := make(map[int]int, len(h.Buckets))
	for i, b := range h.Buckets {
		index[dayNumber(b.Start)] = i
	}
	var starting *gorm.DB
	if f.typesOnly() {
		// Only type filters: the counts per start day answer exactly, and
		// for buckets of whole months the counts per month do, in a
		// thirtieth of the rows.
		table, col := "event_day_counts", "day"
		if h.Unit != "" && h.Unit != UnitDay && h.Unit != UnitWeek {
			table, col = "event_month_counts", "month"
		}
		key := fmt.Sprintf(dayOfSQL, fmt.Sprintf(bucket, col))
		starting = s.db.WithContext(ctx).Table(table).
			Select(key+" AS b, type, sum(n) AS n", args...).
			Where(col+" BETWEEN ? AND ?", h.From, h.To).Group("b, type").Having("sum(n) <> 0")
		if len(f.Types) > 0 {
			starting = starting.Where("type IN ?", f.Types)
		}
	} else {
		key := fmt.Sprintf(dayOfSQL, fmt.Sprintf(bucket, "events.date_start"))
		starting = s.published(ctx, f).
			Select(key+" AS b, events.type AS type, count(*) AS n", args...).
			Where("events.date_start BETWEEN ? AND ?", h.From, h.To).Group("b, events.type")
	}
	query := starting
	if ongoing {
		inProgress := s.published(ctx, f).
			Select("?::int AS b, events.type AS type, count(*) AS n", dayNumber(h.From)).
			Where(ongoingAt, h.From).
			Group("events.type")
		query = s.db.WithContext(ctx).Raw("(?) UNION ALL (?)", inProgress, starting)
	}
	var rows []struct {
		B    int
		Type string
		N    int
	}
	if err := query.Scan(&rows).Error; err != nil {
		return fmt.Errorf("models: histogram: %w", err)
	}
	for _, r := range rows {
		i, ok := index[r.B]
		if !ok {
			return fmt.Errorf("models: histogram: a count fell outside every bucket (day %d)", r.B)
		}
		b := &h.Buckets[i]
		b.Counts[r.Type] += r.N
		b.Total += r.N
		h.Total += r.N
	}
	return nil
}
