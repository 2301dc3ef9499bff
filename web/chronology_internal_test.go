package web

import (
	"testing"
	"time"

	"timeline/models"
)

// isoDay and datetimeAttr write what time.Format wrote before them.
func TestISODayAndDatetimeAttr(t *testing.T) {
	days := []time.Time{time.Date(2022, 9, 21, 0, 0, 0, 0, time.UTC), time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(999, 3, 4, 0, 0, 0, 0, time.UTC), time.Date(12345, 6, 7, 0, 0, 0, 0, time.UTC)}
	for d := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2021; d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	precisions := []models.Precision{models.PrecisionDay, models.PrecisionWeek, models.PrecisionMonthPart, models.PrecisionMonth,
		models.PrecisionSeason, models.PrecisionHalfYear, models.PrecisionQuarter, models.PrecisionYear, models.PrecisionRange, models.PrecisionReported}
	for _, d := range days {
		if got, want := isoDay(d), d.Format("2006-01-02"); got != want {
			t.Errorf("isoDay(%v) = %q, want %q", d, got, want)
		}
		for _, p := range precisions {
			for _, span := range []int{0, 6, 40} {
				e := &models.Event{DateStart: d, DateEnd: d.AddDate(0, 0, span), DatePrecision: p}
				want := e.ListDay().Format("2006-01-02")
				switch p {
				case models.PrecisionMonth:
					want = d.Format("2006-01")
				case models.PrecisionYear, models.PrecisionHalfYear, models.PrecisionQuarter:
					want = d.Format("2006")
				}
				if got := datetimeAttr(e, isoDay(e.DateStart), isoDay(e.DateEnd)); got != want {
					t.Errorf("datetimeAttr(%v to %v, %s) = %q, want %q", e.DateStart, e.DateEnd, p, got, want)
				}
			}
		}
	}
}
