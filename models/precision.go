package models

import (
	"fmt"
	"time"
)

// Precision says how exactly a date range is known. A range is always stored
// inclusive (date_start..date_end); the precision tells how to read it.
type Precision string

// The precisions, from the finest to the vaguest. Reported means the text gave
// no time of its own and the event is dated by the article that reported it:
// the range ends on the day of the report (the article's publication date,
// see ../shared/eval's conventions), and may start earlier, up to a week
// before, to say when it may have happened (the extractor stores the report's
// day alone; curated events may give the week before it). The one date a
// reader can rely on is the report's, so that is how the event is dated in
// words, in machine-readable dates and in the list (see ListDay).
const (
	PrecisionDay       Precision = "day"
	PrecisionWeek      Precision = "week"
	PrecisionMonthPart Precision = "month-part"
	PrecisionMonth     Precision = "month"
	PrecisionSeason    Precision = "season"
	PrecisionHalfYear  Precision = "half-year"
	PrecisionQuarter   Precision = "quarter"
	PrecisionYear      Precision = "year"
	PrecisionRange     Precision = "range"
	PrecisionReported  Precision = "reported"
)

// Precisions lists every valid precision, in order from finest to vaguest.
var Precisions = []Precision{
	PrecisionDay, PrecisionWeek, PrecisionMonthPart, PrecisionMonth, PrecisionSeason,
	PrecisionHalfYear, PrecisionQuarter, PrecisionYear, PrecisionRange, PrecisionReported,
}

// Valid reports whether p is one of the known precisions.
func (p Precision) Valid() bool {
	for _, q := range Precisions {
		if p == q {
			return true
		}
	}
	return false
}

// ListDay is the day a chronology list files an event under, and the day its
// words begin with: the day it starts, or for a reported event the day of the
// report, the last of its range. The list's month headings, the <time>
// element's datetime and the date in words all follow it, so an event
// "reported 7 August 2022" sits under August even when its range opens on
// 31 July.
func ListDay(start, end time.Time, p Precision) time.Time {
	if p == PrecisionReported {
		return end
	}
	return start
}

// DateWords renders an inclusive date range in words at its precision, the way
// an editor would write it: "17 July 2022", "mid-July 2022", "week of 19
// September 2022", "September 2022", "reported 27 September 2022".
func DateWords(start, end time.Time, p Precision) string {
	day := func(t time.Time) string { return t.Format("2 January 2006") }
	switch p {
	case PrecisionDay:
		return day(start)
	case PrecisionWeek:
		return "week of " + day(start)
	case PrecisionMonthPart:
		return monthPartWords(start, end)
	case PrecisionMonth:
		if start.Month() == end.Month() && start.Year() == end.Year() {
			return start.Format("January 2006")
		}
		return spanWords(start, end)
	case PrecisionSeason:
		return seasonWords(start, end)
	case PrecisionHalfYear:
		if start.Month() <= time.June && end.Month() <= time.June {
			return fmt.Sprintf("first half of %d", start.Year())
		}
		return fmt.Sprintf("second half of %d", start.Year())
	case PrecisionQuarter:
		return fmt.Sprintf("Q%d %d", (int(start.Month())-1)/3+1, start.Year())
	case PrecisionYear:
		if start.Year() == end.Year() {
			return fmt.Sprint(start.Year())
		}
		return fmt.Sprintf("%d–%d", start.Year(), end.Year())
	case PrecisionReported:
		return "reported " + day(end)
	default:
		return spanWords(start, end)
	}
}

// monthPartWords names a third of a month ("early", "mid-", "late") when the
// range is one; other parts of a month fall back to an explicit span.
func monthPartWords(start, end time.Time) string {
	month := start.Format("January 2006")
	if start.Month() != end.Month() || start.Year() != end.Year() {
		return spanWords(start, end)
	}
	switch {
	case start.Day() == 1 && end.Day() <= 15:
		return "early " + month
	case start.Day() >= 8 && end.Day() <= 22:
		return "mid-" + month
	case start.Day() >= 16:
		return "late " + month
	}
	return spanWords(start, end)
}

func seasonWords(start, end time.Time) string {
	year := start.Year()
	switch start.Month() {
	case time.March, time.April, time.May:
		return fmt.Sprintf("spring %d", year)
	case time.June, time.July, time.August:
		return fmt.Sprintf("summer %d", year)
	case time.September, time.October, time.November:
		return fmt.Sprintf("autumn %d", year)
	default:
		return fmt.Sprintf("winter %d–%d", year, end.Year())
	}
}

// spanWords writes an explicit inclusive range, sharing the month and year
// when they are the same: "13–15 July 2022", "28 July – 3 August 2022".
func spanWords(start, end time.Time) string {
	switch {
	case start.Equal(end):
		return start.Format("2 January 2006")
	case start.Year() != end.Year():
		return start.Format("2 January 2006") + " – " + end.Format("2 January 2006")
	case start.Month() != end.Month():
		return start.Format("2 January") + " – " + end.Format("2 January 2006")
	default:
		return fmt.Sprintf("%d–%s", start.Day(), end.Format("2 January 2006"))
	}
}
