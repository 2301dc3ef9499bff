package dates

import (
	"time"

	"timeline/models"
)

// Prefer chooses how an underspecified date ("Tuesday", "March 3") resolves
// against the reference date: news reports look back, schedules look ahead.
type Prefer int

const (
	// PreferPast resolves underspecified dates to the latest occurrence on or
	// before the reference date: the default for news.
	PreferPast Prefer = iota
	// PreferFuture resolves them to the next occurrence after the reference.
	PreferFuture
)

// Range is a normalised time expression: an inclusive range of whole days
// (Start and End at midnight UTC) and the precision it was stated at.
type Range struct {
	Start, End time.Time
	Precision  models.Precision
}

// Match is one time expression found in a text, with byte offsets into it.
type Match struct {
	Start, End int // byte offsets: text[Start:End] == Text
	Text       string
	Range      Range
}
