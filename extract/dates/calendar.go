package dates

import (
	"time"

	"timeline/models"
)

// Calendar arithmetic for the date grammar: whole days at midnight UTC.

func dateYMD(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// dateDaysIn returns the number of days in month m of year y.
func dateDaysIn(y int, m time.Month) int { return dateYMD(y, m+1, 0).Day() }

// dateValid reports whether y-m-d is a real calendar day.
func dateValid(y, m, d int) bool {
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= dateDaysIn(y, time.Month(m))
}

func dateAdd(t time.Time, days int) time.Time { return t.AddDate(0, 0, days) }

// dateMonday returns the Monday of the Monday-to-Sunday week holding t.
func dateMonday(t time.Time) time.Time { return dateAdd(t, -((int(t.Weekday()) + 6) % 7)) }

// dateWeekdayOffset is how many days after Monday wd falls.
func dateWeekdayOffset(wd time.Weekday) int { return (int(wd) + 6) % 7 }

// dateOnOrBefore returns the last day with weekday wd on or before t.
func dateOnOrBefore(t time.Time, wd time.Weekday) time.Time {
	return dateAdd(t, -((int(t.Weekday()) - int(wd) + 7) % 7))
}

// dateOnOrAfter returns the first day with weekday wd on or after t.
func dateOnOrAfter(t time.Time, wd time.Weekday) time.Time {
	return dateAdd(t, (int(wd)-int(t.Weekday())+7)%7)
}

// dateAddMonths moves year y, month m by n months.
func dateAddMonths(y int, m time.Month, n int) (int, time.Month) {
	k := y*12 + int(m) - 1 + n
	return k / 12, time.Month(k%12 + 1)
}

// dateShiftMonths moves t by n months, keeping the day of the month where the
// target month has it and the month's last day otherwise (31 March minus one
// month is 28 February, not 3 March).
func dateShiftMonths(t time.Time, n int) time.Time {
	y, m := dateAddMonths(t.Year(), t.Month(), n)
	return dateYMD(y, m, min(t.Day(), dateDaysIn(y, m)))
}

func dateDay(t time.Time) Range { return Range{Start: t, End: t, Precision: models.PrecisionDay} }

func dateSpan(a, b time.Time, p models.Precision) Range { return Range{Start: a, End: b, Precision: p} }

func dateMonthRange(y int, m time.Month) Range {
	return dateSpan(dateYMD(y, m, 1), dateYMD(y, m, dateDaysIn(y, m)), models.PrecisionMonth)
}

// dateMonths spans whole months from (y, m) through (y2, m2).
func dateMonths(y int, m time.Month, y2 int, m2 time.Month, p models.Precision) Range {
	return dateSpan(dateYMD(y, m, 1), dateYMD(y2, m2, dateDaysIn(y2, m2)), p)
}

func dateYearRange(y int) Range {
	return dateSpan(dateYMD(y, 1, 1), dateYMD(y, 12, 31), models.PrecisionYear)
}

func dateQuarterRange(y, q int) Range {
	m := time.Month(3*q - 2)
	return dateMonths(y, m, y, m+2, models.PrecisionQuarter)
}

func dateWeekRange(monday time.Time) Range {
	return dateSpan(monday, dateAdd(monday, 6), models.PrecisionWeek)
}

// dateEaster returns Western Easter Sunday of year y (the anonymous Gregorian
// algorithm).
func dateEaster(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return dateYMD(y, time.Month(month), day)
}

// dateOrthodoxEaster returns Orthodox Easter Sunday of year y: Meeus's Julian
// algorithm, moved to the Gregorian calendar.
func dateOrthodoxEaster(y int) time.Time {
	a, b, c := y%4, y%7, y%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	return dateAdd(dateYMD(y, time.Month(month), day), y/100-y/400-2)
}
