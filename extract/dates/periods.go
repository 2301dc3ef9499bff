package dates

import (
	"time"

	"timeline/models"
)

// Parts of periods, seasons, halves, quarters, nth days and weeks of a
// month, holidays and offsets from another date.

// partOf reads early/mid/late and beginning/middle/end of a month, year,
// week, season, decade or day: "early August", "mid-July", "the end of
// September", "late last month", "the beginning of 2017", "end of this
// week", "late summer", "late Sunday".
func (p *dparser) partOf(i int) (dval, int, bool) {
	j := i
	part := 0     // 1 early, 2 middle, 3 late
	edge := false // beginning or end, not early or late
	needOf := false
	switch p.id(j) {
	case dwEarly:
		part = 1
	case dwMid:
		part = 2
		needOf = p.at(j).end-p.at(j).start > 3 // "middle of", but "mid-July"
	case dwLate:
		part = 3
	case dwBeginning:
		part, edge, needOf = 1, true, true
	case dwEnd:
		part, edge, needOf = 3, true, true
	default:
		return dval{}, 0, false
	}
	j++
	if p.tightPunct(j, '-') {
		j++
	}
	linked := false // "of" or "the" before the period
	if p.is(j, dwOf) {
		j, linked = j+1, true
	} else if needOf {
		return dval{}, 0, false // "the end" needs "of"
	}
	if p.is(j, dwThe) {
		j, linked = j+1, true
	}
	if u, _ := p.unit(j); u != duNone && !linked {
		return dval{}, 0, false // "late week" is not "the end of the week"
	}
	var b dbest
	// A month: "early August", "end of the month", "late last month".
	if y, m, k, ok := p.monthRef(j); ok {
		first, last := 1, dateDaysIn(y, m)
		switch part {
		case 1:
			last = 10
		case 2:
			first, last = 11, 20
		case 3:
			first = 21
		}
		b.keep(dval{r: dateSpan(dateYMD(y, m, first), dateYMD(y, m, last), models.PrecisionMonthPart)}, k, true)
	}
	// A year: "early 2022", "the end of the year", "the beginning of 2017".
	if y, k, ok := p.yearRef(j); ok {
		m1, m2 := time.January, time.April
		switch {
		case part == 1 && edge:
			m2 = time.March
		case part == 2:
			m1, m2 = time.May, time.August
		case part == 3:
			m1, m2 = time.September, time.December
		}
		b.keep(dval{r: dateMonths(y, m1, y, m2, models.PrecisionMonth)}, k, true)
	}
	// A week: "beginning of this week" Monday-Wednesday, "end of next week"
	// Friday-Sunday.
	if mon, k, ok := p.weekRef(j); ok {
		a := [4]int{0, 0, 1, 4}[part]
		b.keep(dval{r: dateSpan(dateAdd(mon, a), dateAdd(mon, a+2), models.PrecisionRange)}, k, true)
	}
	// A season: thirds of it, "late summer".
	if s, k, ok := p.seasonExpr(j); ok {
		n := int(s.r.End.Sub(s.r.Start).Hours()/24) + 1
		a := (part - 1) * n / 3
		e := part*n/3 - 1
		b.keep(dval{r: dateSpan(dateAdd(s.r.Start, a), dateAdd(s.r.Start, e), models.PrecisionSeason)}, k, true)
	}
	// A decade: "the early 1990s".
	if t := p.at(j); t.kind == dkNum && t.dec && t.ndig == 4 && t.n <= 2990 {
		a, e := [4]int{0, 0, 4, 7}[part], [4]int{0, 3, 6, 9}[part]
		b.keep(dval{r: dateSpan(dateYMD(t.n+a, 1, 1), dateYMD(t.n+e, 12, 31), models.PrecisionYear)}, j+1, true)
	}
	return b.v, b.j, b.ok
}

// monthRef reads a month: "July", "July 2022", "this month", "last month",
// "next month", "month" (after "the": the reference month). A month without
// a year is resolved in the preferred direction.
func (p *dparser) monthRef(i int) (int, time.Month, int, bool) {
	if m, j, ok := p.month(i); ok {
		k := j
		if p.punct(k, ',') || p.is(k, dwOf) {
			k++
		}
		if y, k2, ok := p.year(k); ok {
			return y, time.Month(m), k2, true
		}
		r, ok := p.resolve(dspec{m: m})
		return r.Start.Year(), time.Month(m), j, ok
	}
	if p.isUnit(i, duMonth) && !p.at(i).info.plural {
		return p.ref.Year(), p.ref.Month(), i + 1, true
	}
	if mod, j, ok := p.relWord(i); ok && p.isUnit(j, duMonth) && !p.at(j).info.plural {
		y, m := dateAddMonths(p.ref.Year(), p.ref.Month(), dateStep(mod))
		return y, m, j + 1, true
	}
	return 0, 0, 0, false
}

// yearRef reads a year: "2022", "this year", "last year", "next year",
// "year" (after "the": the reference year).
func (p *dparser) yearRef(i int) (int, int, bool) {
	if y, j, ok := p.year(i); ok {
		return y, j, true
	}
	if p.isUnit(i, duYear) && !p.at(i).info.plural {
		return p.ref.Year(), i + 1, true
	}
	if mod, j, ok := p.relWord(i); ok && p.isUnit(j, duYear) && !p.at(j).info.plural {
		return p.ref.Year() + dateStep(mod), j + 1, true
	}
	return 0, 0, false
}

// weekRef reads a week and returns its Monday: "this week", "last week",
// "next week", "week" (after "the": the reference week).
func (p *dparser) weekRef(i int) (time.Time, int, bool) {
	mon := p.mon
	if p.isUnit(i, duWeek) && !p.at(i).info.plural {
		return mon, i + 1, true
	}
	if mod, j, ok := p.relWord(i); ok && p.isUnit(j, duWeek) && !p.at(j).info.plural {
		return dateAdd(mon, 7*dateStep(mod)), j + 1, true
	}
	return time.Time{}, 0, false
}

// seasonRange returns season idx (0 spring .. 3 winter) beginning in year y.
// News counts meteorological seasons (summer is June-August); calendars and
// Duckling count astronomical ones (summer from 21 June), so the preferred
// direction picks the convention.
func (p *dparser) seasonRange(idx, y int) Range {
	if p.prefer == PreferFuture {
		starts := [4][2]int{{3, 21}, {6, 21}, {9, 24}, {12, 21}}
		ends := [4][2]int{{6, 20}, {9, 23}, {12, 20}, {3, 20}}
		ey := y
		if idx == 3 {
			ey++
		}
		return dateSpan(dateYMD(y, time.Month(starts[idx][0]), starts[idx][1]),
			dateYMD(ey, time.Month(ends[idx][0]), ends[idx][1]), models.PrecisionSeason)
	}
	m := time.Month(3 + 3*idx)
	y2, m2 := dateAddMonths(y, m, 2)
	return dateMonths(y, m, y2, m2, models.PrecisionSeason)
}

// seasonOf returns the season holding day t and the year it began.
func (p *dparser) seasonOf(t time.Time) (int, int) {
	for _, y := range []int{t.Year() - 1, t.Year()} {
		for idx := 0; idx < 4; idx++ {
			r := p.seasonRange(idx, y)
			if !t.Before(r.Start) && !t.After(r.End) {
				return idx, y
			}
		}
	}
	return 0, t.Year()
}

// seasonExpr reads "summer", "the summer", "this winter", "last summer",
// "summer 2022", "the summer of 2022".
func (p *dparser) seasonExpr(i int) (dval, int, bool) {
	mod, j, ok := p.relWord(i)
	if !ok {
		mod, j = dwNone, i
	}
	t := p.at(j)
	if t.kind != dkWord || t.info.id != dwSeason {
		return dval{}, 0, false
	}
	idx := int(t.info.val)
	k := j + 1
	yk := k
	if p.is(yk, dwOf) {
		yk++
	}
	if y, k2, ok := p.year(yk); ok && mod == dwNone {
		return dval{r: p.seasonRange(idx, y)}, k2, true
	}
	if p.is(k, dwOf) {
		return dval{}, 0, false // "the fall of Kabul"
	}
	cur, cy := p.seasonOf(p.ref)
	var r Range
	switch mod {
	case dwThis: // the one under way, else this year's
		y := p.ref.Year()
		if idx == cur {
			y = cy
		}
		r = p.seasonRange(idx, y)
	case dwLast:
		for y := p.ref.Year(); ; y-- {
			if r = p.seasonRange(idx, y); r.End.Before(p.ref) {
				break
			}
		}
	case dwNext:
		for y := p.ref.Year() - 1; ; y++ {
			if r = p.seasonRange(idx, y); r.Start.After(p.ref) {
				break
			}
		}
	default:
		r, _ = p.pickYearly(func(y int) (Range, bool) { return p.seasonRange(idx, y), true })
		return dval{r: r, weak: dqSeason}, k, true
	}
	return dval{r: r}, k, true
}

// monthRel reads "next March", "last May", "this June", "March after next".
func (p *dparser) monthRel(i int) (dval, int, bool) {
	mod, j, ok := p.relWord(i)
	if !ok {
		m, j, ok := p.month(i)
		if !ok || !p.is(j, dwAfter) || !p.is(j+1, dwNext) {
			return dval{}, 0, false
		}
		y := p.ref.Year()
		if time.Month(m) <= p.ref.Month() {
			y++
		}
		return dval{r: dateMonthRange(y+1, time.Month(m))}, j + 2, true
	}
	m, k, ok := p.month(j)
	if !ok {
		return dval{}, 0, false
	}
	y := p.ref.Year()
	switch mod {
	case dwLast:
		if time.Month(m) >= p.ref.Month() {
			y--
		}
	case dwNext:
		if time.Month(m) <= p.ref.Month() {
			y++
		}
	}
	return dval{r: dateMonthRange(y, time.Month(m))}, k, true
}

// half reads "the first half of the year", "second half of 2023", "the
// first half of March", "H1 2023".
func (p *dparser) half(i int) (dval, int, bool) {
	if p.is(i, dwH) {
		t := p.at(i + 1)
		if t.kind != dkNum || t.space || t.ndig != 1 || (t.n != 1 && t.n != 2) {
			return dval{}, 0, false
		}
		k := i + 2
		if y, k2, ok := p.year(k); ok {
			return dval{r: p.halfYear(y, t.n)}, k2, true
		}
		r, _ := p.pickYearly(func(y int) (Range, bool) { return p.halfYear(y, t.n), true })
		return dval{r: r, weak: dqNever}, k, true
	}
	h, j, ok := p.ordinal(i)
	if !ok || (h != 1 && h != 2) || !p.is(j, dwHalf) || !p.is(j+1, dwOf) {
		return dval{}, 0, false
	}
	j += 2
	if p.is(j, dwThe) {
		j++
	}
	if y, k, ok := p.yearRef(j); ok {
		return dval{r: p.halfYear(y, h)}, k, true
	}
	if y, m, k, ok := p.monthRef(j); ok {
		a, e := 1, 15
		if h == 2 {
			a, e = 16, dateDaysIn(y, m)
		}
		return dval{r: dateSpan(dateYMD(y, m, a), dateYMD(y, m, e), models.PrecisionMonthPart)}, k, true
	}
	return dval{}, 0, false
}

func (p *dparser) halfYear(y, h int) Range {
	m := time.Month(6*h - 5)
	return dateMonths(y, m, y, m+5, models.PrecisionHalfYear)
}

// quarter reads "Q3 2022", "the third quarter", "4th quarter 2018", "the
// last quarter of 2022".
func (p *dparser) quarter(i int) (dval, int, bool) {
	var q, j int
	weak := dqStrong
	if p.is(i, dwQ) {
		t := p.at(i + 1)
		if t.kind != dkNum || t.space || t.ndig != 1 || t.n < 1 || t.n > 4 {
			return dval{}, 0, false
		}
		q, j, weak = t.n, i+2, dqMonth // "in Q3"
	} else {
		n, k, ok := p.ordinal(i)
		last := false
		if !ok && p.is(i, dwLast) {
			n, k, ok, last = 4, i+1, true, true
		}
		if !ok || n < 1 || n > 4 || !p.isUnit(k, duQuarter) || p.at(k).info.plural {
			return dval{}, 0, false
		}
		q, j = n, k+1
		if last {
			// "the last quarter" alone is the previous quarter: unitRel.
			k := j
			if p.is(k, dwOf) {
				k++
			}
			if p.is(k, dwThe) {
				k++
			}
			if y, k2, ok := p.yearRef(k); ok {
				return dval{r: dateQuarterRange(y, 4)}, k2, true
			}
			return dval{}, 0, false
		}
	}
	k := j
	if p.is(k, dwOf) || p.punct(k, ',') {
		k++
	}
	if p.is(k, dwThe) {
		k++
	}
	if y, k2, ok := p.yearRef(k); ok {
		return dval{r: dateQuarterRange(y, q)}, k2, true
	}
	r, ok := p.pickYearly(func(y int) (Range, bool) { return dateQuarterRange(y, q), true })
	return dval{r: r, weak: weak}, j, ok
}

// nthOf reads "the first Monday of October", "last Friday in October", "the
// third day of October", "last day of October 2015", "the first week of
// October", "the last week of September 2014", "the 20th of next month".
func (p *dparser) nthOf(i int) (dval, int, bool) {
	n, j, ok := p.ordinal(i)
	if !ok && p.is(i, dwLast) {
		n, j, ok = -1, i+1, true
	}
	if !ok {
		// "20 of next month": a day of a relative month.
		d, j, _, okd := p.day(i)
		if !okd || !p.is(j, dwOf) {
			return dval{}, 0, false
		}
		k := j + 1
		if p.is(k, dwThe) {
			k++
		}
		if p.at(k).info.id == dwMonth {
			return dval{}, 0, false // "20 of July" is explicit
		}
		y, m, e, ok := p.monthRef(k)
		if !ok || !dateValid(y, int(m), d) {
			return dval{}, 0, false
		}
		return dval{r: dateDay(dateYMD(y, m, d))}, e, true
	}
	wd, k, plural, isWd := p.weekday(j)
	u, uplural := p.unit(j)
	weekend := p.is(j, dwWeekend) && !p.at(j).info.plural
	switch {
	case isWd && !plural:
	case (u == duDay || u == duWeek) && !uplural, weekend:
		k = j + 1
	default:
		// "the 20th of this month"
		if n < 1 || n > 31 || !p.is(j, dwOf) {
			return dval{}, 0, false
		}
		k := j + 1
		if p.is(k, dwThe) {
			k++
		}
		if p.at(k).info.id == dwMonth {
			return dval{}, 0, false
		}
		y, m, e, ok := p.monthRef(k)
		if !ok || !dateValid(y, int(m), n) {
			return dval{}, 0, false
		}
		return dval{r: dateDay(dateYMD(y, m, n))}, e, true
	}
	if !p.is(k, dwOf) && !p.is(k, dwIn) {
		return dval{}, 0, false
	}
	k++
	if p.is(k, dwThe) {
		k++
	}
	y, m, e, ok := p.monthRef(k)
	if !ok {
		return dval{}, 0, false
	}
	first, last := dateYMD(y, m, 1), dateYMD(y, m, dateDaysIn(y, m))
	switch {
	case isWd:
		var d time.Time
		if n < 0 {
			d = dateOnOrBefore(last, wd)
		} else {
			d = dateAdd(dateOnOrAfter(first, wd), 7*(n-1))
		}
		if d.Month() != m {
			return dval{}, 0, false
		}
		return dval{r: dateDay(d)}, e, true
	case u == duDay:
		d := dateAdd(first, n-1)
		if n < 0 {
			d = last
		}
		if d.Month() != m || n > 31 {
			return dval{}, 0, false
		}
		return dval{r: dateDay(d)}, e, true
	}
	if weekend { // a Saturday and Sunday both in the month
		var sat time.Time
		if n < 0 {
			sat = dateAdd(dateOnOrBefore(last, time.Sunday), -1)
		} else {
			sat = dateAdd(dateOnOrAfter(first, time.Saturday), 7*(n-1))
		}
		if sat.Month() != m || dateAdd(sat, 1).Month() != m || n > 5 {
			return dval{}, 0, false
		}
		return dval{r: dateSpan(sat, dateAdd(sat, 1), models.PrecisionRange)}, e, true
	}
	// Weeks are the Monday-to-Sunday weeks that lie wholly in the month.
	var mon time.Time
	if n < 0 {
		mon = dateAdd(dateOnOrBefore(last, time.Sunday), -6)
	} else {
		mon = dateAdd(dateOnOrAfter(first, time.Monday), 7*(n-1))
	}
	if mon.Month() != m || dateAdd(mon, 6).Month() != m || n > 5 {
		return dval{}, 0, false
	}
	return dval{r: dateWeekRange(mon)}, e, true
}

// weekOf reads "the week of October 7": the Monday-to-Sunday week holding
// the day, or, for a Sunday, the week it begins in the American reckoning.
func (p *dparser) weekOf(i int) (dval, int, bool) {
	if !p.isUnit(i, duWeek) || p.at(i).info.plural || !p.is(i+1, dwOf) {
		return dval{}, 0, false
	}
	k := i + 2
	art := p.is(k, dwThe)
	if art {
		k++
	}
	x, e, ok := p.explicit(k, art)
	if !ok || x.r.Precision != models.PrecisionDay {
		return dval{}, 0, false
	}
	d := x.r.Start
	if d.Weekday() == time.Sunday {
		d = dateAdd(d, 1)
	}
	return dval{r: dateWeekRange(dateMonday(d))}, e, true
}

// holiday reads Christmas, New Year's Eve and Day, Easter, Good Friday and
// their Orthodox dates, with this/last/next or a year.
func (p *dparser) holiday(i int) (dval, int, bool) {
	mod, j, ok := p.relWord(i)
	if !ok {
		mod, j = dwNone, i
	}
	var day func(y int) time.Time
	night := false
	orthodox := p.is(j, dwOrthodox)
	if orthodox {
		j++
	}
	switch p.id(j) {
	case dwChristmas:
		j++
		switch {
		case p.is(j, dwEve):
			day, j = func(y int) time.Time { return dateYMD(y, 12, 24) }, j+1
		case orthodox:
			day = func(y int) time.Time { return dateYMD(y, 1, 7) }
		default:
			day = func(y int) time.Time { return dateYMD(y, 12, 25) }
		}
		if p.isUnit(j, duDay) && !p.at(j).info.plural {
			j++
		}
	case dwNew:
		if !p.isUnit(j+1, duYear) {
			return dval{}, 0, false
		}
		j += 2
		if p.punct(j, '\'') && p.is(j+1, dwS) {
			j += 2
		}
		switch {
		case p.is(j, dwEve):
			day = func(y int) time.Time { return dateYMD(y, 12, 31) }
		case p.is(j, dwNight):
			// "New Year's night" runs from the Eve into the Day.
			day, night = func(y int) time.Time { return dateYMD(y, 12, 31) }, true
		case p.isUnit(j, duDay) && !p.at(j).info.plural:
			day = func(y int) time.Time { return dateYMD(y, 1, 1) }
		default:
			return dval{}, 0, false
		}
		j++
	case dwEaster:
		day = dateEaster
		if orthodox {
			day = dateOrthodoxEaster
		}
		j++
		if wd, k, plural, ok := p.weekday(j); ok && !plural {
			e := day
			switch wd {
			case time.Sunday:
				j = k
			case time.Monday:
				day, j = func(y int) time.Time { return dateAdd(e(y), 1) }, k
			}
		}
	case dwGood:
		if wd, k, plural, ok := p.weekday(j + 1); !ok || plural || wd != time.Friday {
			return dval{}, 0, false
		} else {
			j = k
		}
		day = func(y int) time.Time { return dateAdd(dateEaster(y), -2) }
		if orthodox {
			day = func(y int) time.Time { return dateAdd(dateOrthodoxEaster(y), -2) }
		}
	default:
		return dval{}, 0, false
	}
	one := dateDay
	if night {
		one = func(d time.Time) Range { return dateSpan(d, dateAdd(d, 1), models.PrecisionRange) }
	}
	if y, k, ok := p.year(j); ok && mod == dwNone {
		return dval{r: one(day(y))}, k, true
	}
	ry := p.ref.Year()
	var d time.Time
	switch mod {
	case dwThis:
		d = day(ry)
	case dwLast:
		d = day(ry)
		if !d.Before(p.ref) {
			d = day(ry - 1)
		}
	case dwNext:
		d = day(ry)
		if !d.After(p.ref) {
			d = day(ry + 1)
		}
	default:
		r, _ := p.pickYearly(func(y int) (Range, bool) { return one(day(y)), true })
		d = r.Start
	}
	return dval{r: one(d)}, j, true
}

// offset reads "three days after Easter", "two weeks before July 4", "the
// day after Christmas" and "for 10 days from 18th Dec".
func (p *dparser) offset(i int, art bool, depth int) (dval, int, bool) {
	span := p.is(i, dwFor)
	j := i
	if span {
		j++
	}
	n, j, _, ok := p.count(j)
	if !ok {
		if !art || span || !p.isUnit(i, duDay) || p.at(i).info.plural {
			return dval{}, 0, false
		}
		n, j = 1, i // "the day after Christmas"
	}
	u, _ := p.unit(j)
	days := u.days(n)
	if days == 0 || days > 36600 {
		return dval{}, 0, false
	}
	k := j + 1
	sign := 1
	switch {
	case span && (p.is(k, dwFrom) || p.is(k, dwStarting) || p.is(k, dwBeginning)):
		if p.is(k, dwStarting) && (p.is(k+1, dwOn) || p.is(k+1, dwFrom)) {
			k++
		}
	case span:
		return dval{}, 0, false
	case p.is(k, dwAfter):
	case p.is(k, dwBefore):
		sign = -1
	default:
		return dval{}, 0, false
	}
	x, e, ok := p.one(k+1, depth+1)
	if !ok || x.r.Precision != models.PrecisionDay || x.weak >= dqMonth {
		return dval{}, 0, false
	}
	if span {
		return dval{r: dateSpan(x.r.Start, dateAdd(x.r.Start, days-1), models.PrecisionRange)}, e, true
	}
	return dval{r: dateDay(dateAdd(x.r.Start, sign*days))}, e, true
}
