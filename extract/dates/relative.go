package dates

import (
	"time"

	"timeline/models"
)

// Dates relative to the reference day: today, weekdays, this/last/next
// units and counted units ("3 days ago").

// relDay reads today, tonight, yesterday, tomorrow, last night, this
// morning, the day before yesterday and the day after tomorrow.
func (p *dparser) relDay(i int) (dval, int, bool) {
	var d time.Time
	edge := p.is(i, dwEarly) || p.is(i, dwLate) // "late last night", "early today"
	if edge {
		i++
	}
	j := i + 1
	weak := dqToday
	if edge {
		weak = dqStrong
	}
	switch p.id(i) {
	case dwToday, dwTonight:
		d = p.ref
	case dwYesterday:
		d = dateAdd(p.ref, -1)
	case dwTomorrow:
		d = dateAdd(p.ref, 1)
	case dwLast:
		if !p.is(i+1, dwNight) {
			return dval{}, 0, false
		}
		d, j, weak = dateAdd(p.ref, -1), i+2, dqStrong
	case dwThis:
		if !p.is(i+1, dwPartOfDay) {
			return dval{}, 0, false
		}
		d, j, weak = p.ref, i+2, dqStrong
	case dwUnit:
		if edge || !p.isUnit(i, duDay) || p.at(i).info.plural {
			return dval{}, 0, false
		}
		switch {
		case p.is(i+1, dwBefore) && p.is(i+2, dwYesterday):
			d = dateAdd(p.ref, -2)
		case p.is(i+1, dwAfter) && p.is(i+2, dwTomorrow):
			d = dateAdd(p.ref, 2)
		default:
			return dval{}, 0, false
		}
		return dval{r: dateDay(d)}, i + 3, true
	default:
		return dval{}, 0, false
	}
	if p.is(j, dwPartOfDay) || p.is(j, dwNight) {
		j++
		weak = dqStrong
	}
	return dval{r: dateDay(d), weak: weak}, j, true
}

// weekdayRel reads weekdays: "Sunday", "on Sunday night", "last Tuesday",
// "next Friday", "this Friday", "Wednesday of next week", "last week's
// Sunday", "Friday after next", "3 Fridays from now", "2 Thursdays ago".
func (p *dparser) weekdayRel(i int) (dval, int, bool) {
	mon := p.mon
	weekOf := func(id dwordID) time.Time {
		switch id {
		case dwLast:
			return dateAdd(mon, -7)
		case dwNext:
			return dateAdd(mon, 7)
		}
		return mon
	}
	// "3 Fridays from now", "2 Thursdays ago"
	if n, j, vague, ok := p.count(i); ok && !vague && n <= 520 {
		if wd, k, plural, ok := p.weekday(j); ok && (plural || n == 1) {
			switch {
			case p.is(k, dwFrom) && (p.is(k+1, dwNow) || p.is(k+1, dwToday)):
				return dval{r: dateDay(dateAdd(dateOnOrAfter(dateAdd(p.ref, 1), wd), 7*(n-1)))}, k + 2, true
			case p.is(k, dwHence):
				return dval{r: dateDay(dateAdd(dateOnOrAfter(dateAdd(p.ref, 1), wd), 7*(n-1)))}, k + 1, true
			case p.is(k, dwAgo) || p.is(k, dwBack):
				return dval{r: dateDay(dateAdd(dateOnOrBefore(dateAdd(p.ref, -1), wd), -7*(n-1)))}, k + 1, true
			}
		}
		return dval{}, 0, false
	}
	mod, j, ok := p.relWord(i)
	if ok && p.isUnit(j, duWeek) && !p.at(j).info.plural && p.punct(j+1, '\'') && p.is(j+2, dwS) {
		// "last week's Sunday"
		if wd, k, plural, ok := p.weekday(j + 3); ok && !plural {
			return dval{r: dateDay(dateAdd(weekOf(mod), dateWeekdayOffset(wd)))}, k, true
		}
		return dval{}, 0, false
	}
	if !ok {
		mod, j = dwNone, i
		if p.is(j, dwEarly) || p.is(j, dwLate) {
			j++ // "early Monday", "late Sunday"
		}
	}
	wd, k, plural, ok := p.weekday(j)
	if !ok || plural {
		return dval{}, 0, false
	}
	weak := dqStrong
	var d time.Time
	switch mod {
	case dwThis:
		if p.prefer == PreferFuture {
			d = dateOnOrAfter(p.ref, wd)
		} else {
			d = dateAdd(mon, dateWeekdayOffset(wd))
		}
	case dwLast:
		d = dateOnOrBefore(dateAdd(p.ref, -1), wd)
	case dwNext:
		d = dateAdd(dateAdd(mon, 7), dateWeekdayOffset(wd))
	default:
		k2 := k
		if p.is(k2, dwOf) || p.is(k2, dwFrom) {
			k2++
		}
		if p.is(k2, dwThe) {
			k2++
		}
		if m, k3, ok := p.relWord(k2); ok && p.isUnit(k3, duWeek) && !p.at(k3).info.plural {
			d, k = dateAdd(weekOf(m), dateWeekdayOffset(wd)), k3+1
			break
		}
		switch {
		case p.is(k, dwAfter) && p.is(k+1, dwNext):
			d, k = dateAdd(dateOnOrAfter(dateAdd(p.ref, 1), wd), 7), k+2
		case p.is(k, dwBefore) && p.is(k+1, dwLast):
			d, k = dateAdd(dateOnOrBefore(dateAdd(p.ref, -1), wd), -7), k+2
		default:
			d = p.nearWeekday(wd)
			if j == i {
				weak = dqName
				if p.at(j).info.abbr {
					weak = dqNever
				}
			}
		}
	}
	if p.is(k, dwPartOfDay) || p.is(k, dwNight) {
		k++
	}
	return dval{r: dateDay(d), weak: weak}, k, true
}

// nearWeekday resolves a bare weekday: for the past the latest on or before
// the reference day (news says "on Monday" of the day it appears), for the
// future the first after it.
func (p *dparser) nearWeekday(wd time.Weekday) time.Time {
	if p.prefer == PreferFuture {
		return dateOnOrAfter(dateAdd(p.ref, 1), wd)
	}
	return dateOnOrBefore(p.ref, wd)
}

// relUnit reads the unit after this/last/next: "week", "month", "year",
// "quarter", "weekend", "season", "fortnight", and spun forms of a week or
// month: "7 days", "thirty day period".
func (p *dparser) relUnit(i int, mod dwordID) (dunit, int, bool) {
	if u, plural := p.unit(i); u != duNone && !plural {
		return u, i + 1, true
	}
	if p.is(i, dwWeekend) && !p.at(i).info.plural {
		return duWeekend, i + 1, true
	}
	if p.is(i, dwSeasonWord) {
		return duSeason, i + 1, true
	}
	n, j, vague, ok := p.count(i)
	if !ok || vague {
		return duNone, 0, false
	}
	if p.tightPunct(j, '-') {
		j++
	}
	u, _ := p.unit(j)
	j++
	period := p.is(j, dwPeriod)
	if period {
		j++
	} else if mod != dwThis {
		return duNone, 0, false // "last 7 days" is a count of days
	}
	switch {
	case u == duDay && n == 7, u == duWeek && n == 1:
		return duWeek, j, true
	case u == duDay && n >= 28 && n <= 31, u == duWeek && n == 4, u == duMonth && n == 1:
		return duMonth, j, true
	case u == duMonth && n == 3:
		return duQuarter, j, true
	case u == duDay && (n == 365 || n == 366), u == duMonth && n == 12, u == duWeek && n == 52:
		return duYear, j, true
	}
	return duNone, 0, false
}

// unitRel reads this/last/next week, month, quarter, year, weekend and
// season; earlier/later this week, month and year; "all week" (this week)
// and "the rest of the month" (from the reference day to its end).
func (p *dparser) unitRel(i int) (dval, int, bool) {
	edge := dwNone
	j := i
	switch id := p.id(i); id {
	case dwEarlier, dwLater:
		if !p.is(i+1, dwThis) {
			return dval{}, 0, false
		}
		edge, j = id, i+1
	case dwRest:
		if !p.is(i+1, dwOf) || !(p.is(i+2, dwThe) || p.is(i+2, dwThis)) {
			return dval{}, 0, false
		}
		edge, j = dwLater, i+2
	}
	mod, j, ok := p.relWord(j)
	if !ok && (p.is(j, dwAll) || (edge == dwLater && p.is(j, dwThe))) {
		if u, _ := p.unit(j + 1); u == duWeek || u == duMonth || u == duYear {
			mod, j, ok = dwThis, j+1, true // "all week", "the rest of the week"
		}
	}
	if !ok {
		return dval{}, 0, false
	}
	u, j, ok := p.relUnit(j, mod)
	if !ok {
		return dval{}, 0, false
	}
	step := dateStep(mod)
	if edge != dwNone && step != 0 {
		return dval{}, 0, false
	}
	var r Range
	switch u {
	case duWeek:
		r = dateWeekRange(dateAdd(p.mon, 7*step))
	case duFortnight:
		switch step {
		case -1:
			r = dateSpan(dateAdd(p.ref, -14), dateAdd(p.ref, -1), models.PrecisionRange)
		case 1:
			r = dateSpan(dateAdd(p.ref, 1), dateAdd(p.ref, 14), models.PrecisionRange)
		default:
			return dval{}, 0, false
		}
	case duMonth:
		y, m := dateAddMonths(p.ref.Year(), p.ref.Month(), step)
		r = dateMonthRange(y, m)
	case duQuarter:
		q := (int(p.ref.Month())-1)/3 + step
		y := p.ref.Year()
		for q < 0 {
			q += 4
			y--
		}
		for q > 3 {
			q -= 4
			y++
		}
		r = dateQuarterRange(y, q+1)
	case duYear:
		r = dateYearRange(p.ref.Year() + step)
	case duDecade: // calendar decades: "this decade" is the 2020s
		y := p.ref.Year()/10*10 + 10*step
		r = dateSpan(dateYMD(y, 1, 1), dateYMD(y+9, 12, 31), models.PrecisionYear)
	case duWeekend:
		if step == 0 { // the weekend of this Monday-to-Sunday week
			sat := dateAdd(p.mon, 5)
			return dval{r: dateSpan(sat, dateAdd(sat, 1), models.PrecisionRange)}, j, true
		}
		return dval{r: p.weekend(step)}, j, true
	case duSeason:
		idx, y := p.seasonOf(p.ref)
		idx += step
		if idx < 0 {
			idx, y = 3, y-1
		} else if idx > 3 {
			idx, y = 0, y+1
		}
		return dval{r: p.seasonRange(idx, y)}, j, true
	default:
		return dval{}, 0, false
	}
	switch {
	case edge == dwEarlier, edge == dwNone && step == 0 && p.prefer == PreferPast && u != duYear && u != duDecade:
		// "this week" and "this month" in news run up to the publication
		// date; a year or decade stays whole ("elections due this year").
		if r.End.After(p.ref) {
			r.End = p.ref
		}
	case edge == dwLater:
		r.Start = p.ref
	}
	return dval{r: r}, j, true
}

// weekend returns the Saturday and Sunday of a weekend: "the weekend" (step
// 0: for the past the latest begun, for the future the next not over),
// "last weekend" (-1: the latest over) or "next weekend" (1: the next to
// begin).
func (p *dparser) weekend(step int) Range {
	sat := dateAdd(p.mon, 5)
	switch {
	case step < 0:
		if !dateAdd(sat, 1).Before(p.ref) {
			sat = dateAdd(sat, -7)
		}
	case step > 0:
		if !sat.After(p.ref) {
			sat = dateAdd(sat, 7)
		}
	case p.prefer == PreferPast:
		if sat.After(p.ref) {
			sat = dateAdd(sat, -7)
		}
	}
	return dateSpan(sat, dateAdd(sat, 1), models.PrecisionRange)
}

// weekendExpr reads "the weekend" ("over the weekend", "at the weekend").
func (p *dparser) weekendExpr(i int, art bool) (dval, int, bool) {
	if !p.is(i, dwWeekend) || p.at(i).info.plural {
		return dval{}, 0, false
	}
	weak := dqStrong
	if !art {
		weak = dqSeason
	}
	return dval{r: p.weekend(0), weak: weak}, i + 1, true
}

// countRel reads "3 days ago", "two years back", "in a week", "3 years from
// today", "the last 2 weeks", "the next few days", "the past 24 hours",
// "in recent months".
func (p *dparser) countRel(i int) (dval, int, bool) {
	switch id := p.id(i); id {
	case dwIn:
		if p.is(i+1, dwRecent) {
			return p.recent(i + 2)
		}
		if p.is(i+1, dwThe) && p.is(i+2, dwRecent) {
			return p.recent(i + 3)
		}
		n, j, vague, ok := p.count(i + 1)
		if !ok {
			return dval{}, 0, false
		}
		u, _ := p.unit(j)
		r, ok := p.shift(n, u, 1, vague, false)
		return dval{r: r}, j + 1, ok
	case dwRecent:
		return p.recent(i + 1)
	case dwLast, dwNext:
		n, j, _, ok := p.count(i + 1)
		if !ok && id == dwNext {
			// "the coming weeks": a few of them.
			if u, plural := p.unit(i + 1); plural && u != duHour {
				r, ok := p.lastNext(3, u, 1)
				return dval{r: r}, i + 2, ok
			}
		}
		if !ok || p.is(i+1, dwA) {
			return dval{}, 0, false
		}
		u, plural := p.unit(j)
		if u == duNone || (!plural && n != 1) {
			return dval{}, 0, false
		}
		sign := 1
		if id == dwLast {
			sign = -1
		}
		r, ok := p.lastNext(n, u, sign)
		return dval{r: r}, j + 1, ok
	}
	n, j, vague, ok := p.count(i)
	if !ok {
		return dval{}, 0, false
	}
	u, _ := p.unit(j)
	if u == duNone {
		return dval{}, 0, false
	}
	switch k := j + 1; {
	case p.is(k, dwAgo) || p.is(k, dwBack):
		r, ok := p.shift(n, u, -1, vague, false)
		return dval{r: r}, k + 1, ok
	case p.is(k, dwFrom) && p.is(k+1, dwNow):
		r, ok := p.shift(n, u, 1, vague, false)
		return dval{r: r}, k + 2, ok
	case p.is(k, dwFrom) && p.is(k+1, dwToday):
		r, ok := p.shift(n, u, 1, vague, true)
		return dval{r: r}, k + 2, ok
	case p.is(k, dwHence):
		r, ok := p.shift(n, u, 1, vague, false)
		return dval{r: r}, k + 1, ok
	}
	return dval{}, 0, false
}

// recent reads the unit of "in recent months": about three of them up to the
// reference day.
func (p *dparser) recent(i int) (dval, int, bool) {
	u, plural := p.unit(i)
	if !plural {
		return dval{}, 0, false
	}
	var start time.Time
	switch u {
	case duDay:
		start = dateAdd(p.ref, -7)
	case duWeek:
		start = dateAdd(p.ref, -21)
	case duMonth:
		start = dateShiftMonths(p.ref, -3)
	case duYear:
		start = dateShiftMonths(p.ref, -36)
	default:
		return dval{}, 0, false
	}
	return dval{r: dateSpan(start, p.ref, models.PrecisionRange)}, i + 1, true
}

// shift moves the reference day by n units (sign -1 for "ago"). Days and
// weeks give a day. Months and years keep the grain they were counted in
// for the past; for the future they follow Duckling's convention: months
// give a day and years a month, and "from today" anchors to a day. A vague
// count ("a few days ago") gives a range of two to five units.
func (p *dparser) shift(n int, u dunit, sign int, vague, anchored bool) (Range, bool) {
	if n <= 0 || n > 9999 {
		return Range{}, false
	}
	days := u.days(n)
	if vague {
		lo, hi := 2, n+2
		switch {
		case days != 0:
			a, b := dateAdd(p.ref, sign*days/n*lo), dateAdd(p.ref, sign*days/n*hi)
			return dateOrdered(a, b), true
		case u == duMonth:
			return dateOrdered(dateShiftMonths(p.ref, sign*lo), dateShiftMonths(p.ref, sign*hi)), true
		case u == duYear:
			return dateOrdered(dateShiftMonths(p.ref, 12*sign*lo), dateShiftMonths(p.ref, 12*sign*hi)), true
		}
		return Range{}, false
	}
	if days != 0 {
		if days > 3660000 {
			return Range{}, false
		}
		return dateDay(dateAdd(p.ref, sign*days)), true
	}
	months := 0
	switch u {
	case duMonth:
		months = n
	case duQuarter:
		months = 3 * n
	case duYear:
		months = 12 * n
	case duDecade:
		months = 120 * n
	default:
		return Range{}, false
	}
	if months > 12*999 {
		return Range{}, false
	}
	t := dateShiftMonths(p.ref, sign*months)
	switch {
	case anchored:
		return dateDay(t), true
	case p.prefer == PreferFuture && u == duMonth:
		return dateDay(t), true
	case p.prefer == PreferFuture:
		return dateMonthRange(t.Year(), t.Month()), true
	case u == duMonth:
		return dateMonthRange(t.Year(), t.Month()), true
	case u == duQuarter:
		return dateQuarterRange(t.Year(), (int(t.Month())-1)/3+1), true
	}
	return dateYearRange(t.Year()), true
}

func dateOrdered(a, b time.Time) Range {
	if b.Before(a) {
		a, b = b, a
	}
	return dateSpan(a, b, models.PrecisionRange)
}

// lastNext reads "the last 2 weeks", "the next 3 months": whole units before
// or after the current one ("the past 24 hours" ends on the reference day).
func (p *dparser) lastNext(n int, u dunit, sign int) (Range, bool) {
	if n <= 0 || n > 999 {
		return Range{}, false
	}
	prec := models.PrecisionRange
	var a, b time.Time
	switch u {
	case duHour:
		if sign > 0 {
			return Range{}, false
		}
		return dateSpan(dateAdd(p.ref, -(n+23)/24), p.ref, prec), true
	case duDay, duFortnight:
		days := n
		if u == duFortnight {
			days = 14 * n
		}
		a, b = dateAdd(p.ref, -days), dateAdd(p.ref, -1)
		if sign > 0 {
			a, b = dateAdd(p.ref, 1), dateAdd(p.ref, days)
		}
	case duWeek:
		mon := p.mon
		a, b = dateAdd(mon, -7*n), dateAdd(mon, -1)
		if sign > 0 {
			a, b = dateAdd(mon, 7), dateAdd(mon, 7*n+6)
		}
	case duMonth, duQuarter:
		per := 1
		if u == duQuarter {
			per = 3
		}
		y, m := p.ref.Year(), p.ref.Month()
		if u == duQuarter {
			m = time.Month((int(m)-1)/3*3 + 1)
		}
		if sign < 0 {
			y1, m1 := dateAddMonths(y, m, -per*n)
			y2, m2 := dateAddMonths(y, m, -1)
			return dateMonths(y1, m1, y2, m2, prec), true
		}
		y1, m1 := dateAddMonths(y, m, per)
		y2, m2 := dateAddMonths(y, m, per*(n+1)-1)
		return dateMonths(y1, m1, y2, m2, prec), true
	case duYear, duDecade:
		k := n
		if u == duDecade {
			k = 10 * n
		}
		y := p.ref.Year()
		if sign < 0 {
			return dateSpan(dateYMD(y-k, 1, 1), dateYMD(y-1, 12, 31), prec), true
		}
		return dateSpan(dateYMD(y+1, 1, 1), dateYMD(y+k, 12, 31), prec), true
	default:
		return Range{}, false
	}
	return dateSpan(a, b, prec), true
}

// dateStep is the direction of this (0), last (-1) and next (1).
func dateStep(mod dwordID) int {
	switch mod {
	case dwLast:
		return -1
	case dwNext:
		return 1
	}
	return 0
}
