package dates

import (
	"time"

	"timeline/models"
)

// Explicit calendar dates and how missing parts are filled in from the
// reference day.

// explicit reads a calendar date in any of its written forms: "17 July 2022",
// "July 17, 2022", "Sept. 21", "2022-07-17", "10/31/1974", "May 2022",
// "2021", "the 24th", "Monday, Feb 18", "Jul 18, Fri".
func (p *dparser) explicit(i int, art bool) (dval, int, bool) {
	var b dbest
	switch t := p.at(i); {
	case t.kind == dkNum:
		if nx := p.at(i + 1); nx.kind == dkPunct && !nx.space {
			b.keep(p.numeric(i))
		}
		b.keep(p.dayFirst(i))
		b.keep(p.yearAlone(i, art))
		b.keep(p.dayAlone(i, art))
	case t.kind == dkPunct:
		b.keep(p.yearAlone(i, art))
	case t.info.id == dwMonth:
		b.keep(p.monthFirst(i))
	case t.info.id == dwOrdinal || t.info.id == dwTens:
		b.keep(p.dayFirst(i))
		b.keep(p.dayAlone(i, art))
	}
	if wd, j, plural, ok := p.weekday(i); ok && !plural {
		k := j
		if p.punct(k, ',') {
			k++
		}
		art2 := p.is(k, dwThe)
		if art2 {
			k++
		}
		var c dbest
		c.keep(p.monthFirst(k))
		c.keep(p.dayFirst(k))
		c.keep(p.dayAlone(k, art2))
		if c.ok && c.v.sp.d != 0 && c.v.sp.wd == 0 {
			c.v.sp.wd = int(wd) + 1
			c.v.weak = dqStrong
			b.keep(c.v, c.j, true)
		}
	}
	if !b.ok {
		return dval{}, 0, false
	}
	r, ok := p.resolve(b.v.sp)
	if !ok {
		return dval{}, 0, false
	}
	b.v.r = r
	b.v.isSpec = true
	b.v.bare = b.v.sp.m != 0
	return b.v, b.j, true
}

// dateMonthWeak is the context a month name alone needs in running text.
func dateMonthWeak(t *dtoken) dweak {
	if t.info.abbr || !t.cap || t.info.val == 5 || t.info.val == 3 {
		return dqMonth
	}
	return dqName
}

// monthFirst reads "July 17", "July 17, 2022", "Oct.02 - 2024", "Jul 18,
// Fri", "October 2014", "March of 2014" and "May".
func (p *dparser) monthFirst(i int) (dval, int, bool) {
	m, j, ok := p.month(i)
	if !ok {
		return dval{}, 0, false
	}
	mt := p.at(i)
	s := dspec{m: m}
	weak := dqStrong
	if d, k, _, ok := p.day(j); ok && !p.isUnitAfter(k) {
		s.d, j = d, k
		k = j
		if p.punct(k, ',') || p.punct(k, '-') || p.punct(k, '.') {
			k++
		}
		if y, k2, ok := p.year(k); ok {
			s.y, j = y, k2
		} else if y, k2, ok := p.relYear(j); ok {
			s.y, j = y, k2
		}
		k = j
		if p.punct(k, ',') {
			k++
		}
		if wd, k2, plural, ok := p.weekday(k); ok && !plural {
			s.wd, j = int(wd)+1, k2
		}
		if mt.info.val == 5 && !mt.cap {
			weak = dqMonth // "may 3" is rarely a date in running text
		}
	} else {
		k := j
		if p.punct(k, ',') || p.is(k, dwOf) {
			k++
		}
		if y, k2, ok := p.year(k); ok {
			s.y, j = y, k2
		} else if y, k2, ok := p.relYear(j); ok {
			s.y, j = y, k2
		} else {
			weak = dateMonthWeak(mt)
		}
	}
	return dval{sp: s, isSpec: true, weak: weak}, j, true
}

// relYear reads the year after a date: "(of) last year", "this year".
func (p *dparser) relYear(i int) (int, int, bool) {
	if p.is(i, dwOf) {
		i++
	}
	if mod, j, ok := p.relWord(i); ok && p.isUnit(j, duYear) && !p.at(j).info.plural {
		return p.ref.Year() + dateStep(mod), j + 1, true
	}
	return 0, 0, false
}

// dayFirst reads "17 July", "17th of July 2022", "the first of March",
// "17-Jul-2022" and, as a whole phrase, "14th April 15".
func (p *dparser) dayFirst(i int) (dval, int, bool) {
	d, j, _, ok := p.day(i)
	if !ok {
		return dval{}, 0, false
	}
	k := j
	dashed := false
	if p.is(k, dwOf) {
		k++
	} else if p.tightPunct(k, '-') {
		k++
		dashed = true
	}
	m, k, ok := p.month(k)
	if !ok {
		return dval{}, 0, false
	}
	s := dspec{d: d, m: m}
	j = k
	if p.punct(k, ',') || (p.tightPunct(k, '-') && dashed) || p.punct(k, '.') {
		k++
	}
	if y, k2, ok := p.year(k); ok {
		s.y, j = y, k2
	} else if y, k2, ok := p.relYear(j); ok {
		s.y, j = y, k2
	} else if t := p.at(j); p.whole && j == len(p.toks)-1 && t.kind == dkNum && t.ndig == 2 && !t.ord && !t.dec {
		s.y, j = p.century(t.n), j+1
	}
	return dval{sp: s, isSpec: true}, j, true
}

// dayAlone reads a day of the month alone: "the 24th", "24th", and as a whole
// phrase "the 24".
func (p *dparser) dayAlone(i int, art bool) (dval, int, bool) {
	d, j, ord, ok := p.day(i)
	if !ok || (!ord && !(art && p.whole)) || p.isUnitAfter(j) {
		return dval{}, 0, false
	}
	return dval{sp: dspec{d: d}, isSpec: true, weak: dqDay}, j, true
}

// yearAlone reads "2021" and decades, "the 1990s".
func (p *dparser) yearAlone(i int, art bool) (dval, int, bool) {
	if t := p.at(i); t.kind == dkNum && t.dec && t.ndig == 4 && t.n >= 1000 && t.n <= 2990 {
		return dval{sp: dspec{y: t.n, dec: true}, isSpec: true}, i + 1, true
	}
	y, j, ok := p.year(i)
	if !ok {
		return dval{}, 0, false
	}
	return dval{sp: dspec{y: y}, isSpec: true, weak: dqYear}, j, true
}

// numeric reads dates written in figures: "2022-07-17", "17/07/2022",
// "10/31/74", "31.10.1974", and as whole phrases or after "on" the shorter
// "2/15", "15/2", "2014-10", "2/2013". Slashes and dashes are month first
// unless the first number cannot be a month; dots are day first unless the
// second number cannot be one.
func (p *dparser) numeric(i int) (dval, int, bool) {
	a := p.at(i)
	sep := p.at(i + 1)
	b := p.at(i + 2)
	if a.kind != dkNum || a.big || a.ord || a.dec || sep.kind != dkPunct || sep.space ||
		(sep.c != '/' && sep.c != '.' && sep.c != '-') || b.kind != dkNum || b.space || b.big || b.ord || b.dec {
		return dval{}, 0, false
	}
	sep2 := p.at(i + 3)
	c := p.at(i + 4)
	if sep2.kind == dkPunct && sep2.c == sep.c && !sep2.space && c.kind == dkNum && !c.space && !c.big && !c.ord && !c.dec {
		if p.punct(i+5, sep.c) && !p.at(i+5).space && p.at(i+6).kind == dkNum {
			return dval{}, 0, false // 1.2.3.4: a version or an address
		}
		var y, m, d int
		switch {
		case a.ndig == 4 && b.ndig <= 2 && c.ndig <= 2:
			y, m, d = a.n, b.n, c.n
		case a.ndig <= 2 && b.ndig <= 2 && (c.ndig == 4 || c.ndig == 2):
			y = c.n
			if c.ndig == 2 {
				y = p.century(c.n)
			}
			dayFirst := a.n > 12
			if sep.c == '.' {
				dayFirst = !(a.n <= 12 && b.n > 12)
			}
			if dayFirst {
				d, m = a.n, b.n
			} else {
				m, d = a.n, b.n
			}
		default:
			return dval{}, 0, false
		}
		if !dateValid(y, m, d) || y < 1000 {
			return dval{}, 0, false
		}
		return dval{sp: dspec{y: y, m: m, d: d}, isSpec: true}, i + 5, true
	}
	if p.punct(i+3, sep.c) && !p.at(i+3).space {
		return dval{}, 0, false // "1/2/" and the like
	}
	switch {
	case a.ndig == 4 && b.ndig == 2 && b.n >= 1 && b.n <= 12 && sep.c != '.' && p.whole:
		return dval{sp: dspec{y: a.n, m: b.n}, isSpec: true, weak: dqNumeric}, i + 3, true
	case a.ndig <= 2 && a.n >= 1 && a.n <= 12 && b.ndig == 4 && sep.c == '/':
		return dval{sp: dspec{y: b.n, m: a.n}, isSpec: true, weak: dqNumeric}, i + 3, true
	case a.ndig <= 2 && b.ndig <= 2 && sep.c == '/' || (sep.c == '.' && p.whole && a.ndig <= 2 && b.ndig <= 2):
		m, d := a.n, b.n
		if a.n > 12 || (sep.c == '.' && b.n <= 12) {
			m, d = b.n, a.n
		}
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return dval{}, 0, false
		}
		return dval{sp: dspec{m: m, d: d}, isSpec: true, weak: dqNumeric}, i + 3, true
	}
	return dval{}, 0, false
}

// resolve turns a date spec into a range, filling what is missing from the
// reference date in the preferred direction.
func (p *dparser) resolve(s dspec) (Range, bool) {
	switch {
	case s.dec:
		return dateSpan(dateYMD(s.y, 1, 1), dateYMD(s.y+9, 12, 31), models.PrecisionYear), true
	case s.y != 0 && s.m != 0 && s.d != 0:
		if !dateValid(s.y, s.m, s.d) {
			return Range{}, false
		}
		return dateDay(dateYMD(s.y, time.Month(s.m), s.d)), true
	case s.y != 0 && s.m != 0:
		return dateMonthRange(s.y, time.Month(s.m)), true
	case s.y != 0 && s.d == 0:
		return dateYearRange(s.y), true
	case s.y != 0:
		return Range{}, false
	case s.m != 0 && s.d != 0:
		if s.wd != 0 { // the weekday picks the year: "Fri, Jul 18"
			for k := 0; k < 40; k++ {
				y := p.ref.Year() + k
				if p.prefer == PreferPast {
					y = p.ref.Year() - k
				}
				if dateValid(y, s.m, s.d) && int(dateYMD(y, time.Month(s.m), s.d).Weekday()) == s.wd-1 {
					return dateDay(dateYMD(y, time.Month(s.m), s.d)), true
				}
			}
		}
		return p.pickYearly(func(y int) (Range, bool) {
			if !dateValid(y, s.m, s.d) {
				return Range{}, false
			}
			return dateDay(dateYMD(y, time.Month(s.m), s.d)), true
		})
	case s.m != 0:
		return p.pickYearly(func(y int) (Range, bool) { return dateMonthRange(y, time.Month(s.m)), true })
	case s.d != 0:
		return p.pickMonthly(s.d, s.wd)
	}
	return Range{}, false
}

// pickYearly chooses among the yearly occurrences of a period: for the past
// the latest that has begun by the reference day, for the future the
// earliest that has not ended before it.
func (p *dparser) pickYearly(occ func(y int) (Range, bool)) (Range, bool) {
	ry := p.ref.Year()
	if p.prefer == PreferFuture {
		for y := ry - 1; y <= ry+8; y++ {
			if r, ok := occ(y); ok && !r.End.Before(p.ref) {
				return r, true
			}
		}
		return Range{}, false
	}
	for y := ry + 1; y >= ry-8; y-- {
		if r, ok := occ(y); ok && !r.Start.After(p.ref) {
			return r, true
		}
	}
	return Range{}, false
}

// pickMonthly chooses the month of a day given alone ("on the 15th"), and
// with a weekday ("Thu 15th") the nearest month where they agree.
func (p *dparser) pickMonthly(d, wd int) (Range, bool) {
	step := 1
	if p.prefer == PreferPast {
		step = -1
	}
	for k := 0; k < 60; k++ {
		y, m := dateAddMonths(p.ref.Year(), p.ref.Month(), k*step)
		if d > dateDaysIn(y, m) {
			continue
		}
		t := dateYMD(y, m, d)
		if wd != 0 {
			if int(t.Weekday()) == wd-1 {
				return dateDay(t), true
			}
			continue
		}
		if (step > 0 && !t.Before(p.ref)) || (step < 0 && !t.After(p.ref)) {
			return dateDay(t), true
		}
	}
	return Range{}, false
}
