package dates

import (
	"time"

	"timeline/models"
)

// The date grammar: a recursive-descent parser over date tokens. Every
// production takes the index of its first token and returns what it read and
// the index after it; the caller keeps the longest reading. Productions look
// at a bounded number of tokens, so a parse attempt costs O(1) and scanning a
// text costs O(n).

// dweak says how much context a reading needs before running text may claim
// it as a date; whole phrases given to Parse need none.
type dweak uint8

const (
	dqStrong   dweak = iota
	dqName           // "June", "Sunday": not next to a capitalised name ("Aunt June", "Sunday Times")
	dqToday          // "today": not after a capitalised name ("USA Today")
	dqMonth          // "May", "March", "Aug", "Q3": needs a preposition ("in May")
	dqYear           // "2021": needs a preposition and no noun after ("in 2021", not "of 2000 men")
	dqYearTail       // "since 2021": needs no noun after
	dqDay            // "the 3rd": needs "on" and no noun after ("on the 3rd", not "the 3rd Army")
	dqNumeric        // "2/15": needs "on" ("on 9/11", not "in 2/3 of cases")
	dqSeason         // "spring": needs a preposition ("in spring", not "Arab Spring")
	dqNever          // "Sat": only as a whole phrase
)

// dspec is an explicit calendar date, any part of which may be missing.
type dspec struct {
	y, m, d int
	wd      int  // weekday + 1; 0 when not given
	dec     bool // y is the first year of a decade: "the 1990s"
}

// dval is one reading of a time expression.
type dval struct {
	r      Range
	sp     dspec
	isSpec bool // sp is set: ranges may share its month or year ("July 13-15")
	weak   dweak
	bare   bool // a leading article is no part of the expression: "the Jan. 6 attack"
}

// dparser reads date tokens against a reference day.
type dparser struct {
	toks   []dtoken
	ref    time.Time // the reference day at midnight UTC
	prefer Prefer
	whole  bool      // reading one whole phrase: allow forms too ambiguous for running text
	mon    time.Time // the Monday of the reference week
	eof    dtoken

	// memo holds the last reading of one at depth 0: a range "A - B" reads
	// B, and the scan reads it again as the next A.
	memo   dbest
	memoAt int // token index of memo, or -1
}

func newDateParser(ref time.Time, prefer Prefer, whole bool) dparser {
	r := dateRef(ref)
	return dparser{ref: r, prefer: prefer, whole: whole, mon: dateMonday(r), memoAt: -1}
}

// maxDateDepth bounds nesting ("three days after Easter"), so adversarial
// input cannot recurse.
const maxDateDepth = 2

func (p *dparser) at(i int) *dtoken {
	if i < 0 || i >= len(p.toks) {
		return &p.eof
	}
	return &p.toks[i]
}

func (p *dparser) id(i int) dwordID {
	t := p.at(i)
	if t.kind != dkWord {
		return dwNone
	}
	return t.info.id
}

func (p *dparser) is(i int, id dwordID) bool { return p.id(i) == id }

func (p *dparser) punct(i int, c byte) bool {
	t := p.at(i)
	return t.kind == dkPunct && t.c == c
}

// tightPunct reports a punctuation mark c with no space on either side.
func (p *dparser) tightPunct(i int, c byte) bool {
	return p.punct(i, c) && !p.at(i).space && !p.at(i+1).space && p.at(i+1).kind != dkEOF
}

func (p *dparser) unit(i int) (dunit, bool) {
	t := p.at(i)
	if t.kind != dkWord || t.info.id != dwUnit {
		return duNone, false
	}
	return dunit(t.info.val), t.info.plural
}

func (p *dparser) isUnit(i int, u dunit) bool {
	got, _ := p.unit(i)
	return got == u
}

// relWord reports this/last/next at i, reading "this past" as last and "this
// coming" as next.
func (p *dparser) relWord(i int) (dwordID, int, bool) {
	j := i
	if p.is(j, dwVery) {
		j++
	}
	switch id := p.id(j); id {
	case dwThis:
		if n := p.id(j + 1); n == dwLast || n == dwNext {
			return n, j + 2, true
		}
		return id, j + 1, true
	case dwLast, dwNext:
		return id, j + 1, true
	}
	return dwNone, i, false
}

// dbest keeps the longest of several readings.
type dbest struct {
	v  dval
	j  int
	ok bool
}

func (b *dbest) keep(v dval, j int, ok bool) {
	if ok && (!b.ok || j > b.j) {
		b.v, b.j, b.ok = v, j, true
	}
}

// top reads the longest expression at i, with ranges and "since".
func (p *dparser) top(i int) (dval, int, bool) {
	switch p.id(i) {
	case dwSince:
		past := *p
		past.prefer = PreferPast
		past.memoAt = -1
		x, j, ok := past.one(i+1, 1)
		if !ok || x.r.Start.After(p.ref) {
			return dval{}, 0, false
		}
		weak := dqStrong
		if x.weak == dqYear {
			weak = dqYearTail // "since 2000 people died" is no date
		}
		return dval{r: dateSpan(x.r.Start, p.ref, models.PrecisionRange), weak: weak}, j, true
	case dwBetween:
		return p.span(i+1, dwAnd)
	case dwFrom:
		return p.span(i+1, dwTo)
	}
	return p.span(i, dwNone)
}

// span reads "A - B", "A to B" (sep dwTo: required) or "A and B" (sep dwAnd:
// required) where the two ends may share a month or year: "July 13-15", "13
// to 15 July", "between March and May".
func (p *dparser) span(i int, sep dwordID) (dval, int, bool) {
	a, j, ok := p.one(i, 0)
	bare := false
	if !ok {
		d, k, _, okd := p.day(i)
		if !okd {
			return dval{}, 0, false
		}
		a, j, bare = dval{sp: dspec{d: d}, isSpec: true, weak: dqDay}, k, true
	}
	k := j
	switch {
	case sep == dwAnd && p.is(k, dwAnd):
		k++
	case sep != dwAnd && (p.punct(k, '-') || p.is(k, dwTo) || p.is(k, dwThrough) || p.is(k, dwUntil)):
		k++
	default:
		if bare || sep != dwNone {
			return dval{}, 0, false
		}
		return a, j, true
	}
	var cands dbest
	if b, e, ok := p.one(k, 0); ok {
		if m, ok := p.merge(a, b); ok {
			cands.keep(m, e, true)
		}
	}
	if d, e, _, ok := p.day(k); ok && !p.isUnitAfter(e) {
		if m, ok := p.merge(a, dval{sp: dspec{d: d}, isSpec: true, weak: dqDay}); ok {
			cands.keep(m, e, true)
		}
	}
	// "2014-16": a year and the last two digits of another.
	if a.isSpec && a.sp.y != 0 && a.sp.m == 0 && !a.sp.dec && p.tightPunct(k-1, '-') {
		if t := p.at(k); t.kind == dkNum && t.ndig == 2 && !t.ord && !t.dec && !t.space {
			y := a.sp.y/100*100 + t.n
			if y > a.sp.y {
				cands.keep(dval{r: dateSpan(dateYMD(a.sp.y, 1, 1), dateYMD(y, 12, 31), models.PrecisionYear), weak: dqYear}, k+1, true)
			}
		}
	}
	if !cands.ok {
		if bare || sep != dwNone {
			return dval{}, 0, false
		}
		return a, j, true
	}
	if sep != dwNone {
		cands.v.weak = dqStrong
	}
	return cands.v, cands.j, true
}

// merge joins the two ends of a range.
func (p *dparser) merge(a, b dval) (dval, bool) {
	weak := dqStrong
	if a.isSpec && b.isSpec {
		x, y := a.sp, b.sp
		x.wd, y.wd = 0, 0
		bareX := x.d != 0 && x.m == 0 && x.y == 0
		bareY := y.d != 0 && y.m == 0 && y.y == 0
		switch {
		case bareX && bareY:
			return dval{}, false
		case bareX: // "13 to 15 July"
			if y.m == 0 || x.d > y.d {
				return dval{}, false
			}
			x.m, x.y = y.m, y.y
		case bareY: // "July 13 to 15"
			if x.m == 0 || x.d == 0 || y.d < x.d {
				return dval{}, false
			}
			y.m, y.y = x.m, x.y
		}
		if (x.d == 0) != (y.d == 0) || (x.m == 0) != (y.m == 0) {
			return dval{}, false // "2014 to March 3": ends of different kinds
		}
		if x.y == 0 && y.y != 0 { // "March to May 2022"
			x.y = y.y
			if x.m > y.m || (x.m == y.m && x.d > y.d) {
				x.y--
			}
		}
		rx, ok := p.resolve(x)
		if !ok {
			return dval{}, false
		}
		if y.y == 0 { // "July 13 to July 20", "December 28 to January 3"
			y.y = rx.Start.Year()
			if y.m < x.m || (y.m == x.m && y.d < x.d) {
				y.y++
			}
		}
		ry, ok := p.resolve(y)
		if !ok || ry.End.Before(rx.Start) {
			return dval{}, false
		}
		prec := models.PrecisionRange
		switch {
		case x.d == 0 && x.m != 0:
			prec = models.PrecisionMonth
		case x.m == 0 && !x.dec && !y.dec:
			prec = models.PrecisionYear
			weak = dqYear
		}
		if x.d == 0 && x.m != 0 && a.weak != dqStrong && b.weak != dqStrong {
			weak = dqMonth
		}
		return dval{r: dateSpan(rx.Start, ry.End, prec), weak: weak, bare: a.bare}, true
	}
	if b.r.End.Before(a.r.Start) || a.weak >= dqMonth || b.weak >= dqMonth {
		return dval{}, false
	}
	return dval{r: dateSpan(a.r.Start, b.r.End, models.PrecisionRange)}, true
}

// one reads the longest single expression at i (no ranges), with an
// optional leading article.
func (p *dparser) one(i, depth int) (dval, int, bool) {
	if depth > 0 {
		return p.readOne(i, depth)
	}
	if p.memoAt != i {
		v, j, ok := p.readOne(i, 0)
		p.memo, p.memoAt = dbest{v, j, ok}, i
	}
	return p.memo.v, p.memo.j, p.memo.ok
}

// readOne is one without the memo.
func (p *dparser) readOne(i, depth int) (dval, int, bool) {
	art := p.is(i, dwThe)
	if art {
		i++
	}
	t := p.at(i)
	if t.kind == dkEOF || (t.kind == dkWord && !t.info.start) {
		return dval{}, 0, false
	}
	// Dispatch on the first token to the productions that can begin with
	// it: most words that trigger a parse attempt ("the", "a", "in") end it
	// at once.
	var b dbest
	switch t.kind {
	case dkNum:
		b.keep(p.explicit(i, art))
		// The other readings of a number need a word after it.
		switch p.id(i + 1) {
		case dwWeekday:
			b.keep(p.weekdayRel(i))
		case dwUnit:
			b.keep(p.countRel(i))
			b.keep(p.nthOf(i))
			b.keep(p.quarter(i))
			if depth < maxDateDepth {
				b.keep(p.offset(i, art, depth))
			}
		case dwOf:
			b.keep(p.nthOf(i))
		case dwHalf:
			b.keep(p.half(i))
		}
	case dkPunct:
		b.keep(p.explicit(i, art))
	case dkWord:
		switch t.info.id {
		case dwMonth:
			b.keep(p.explicit(i, art))
			b.keep(p.monthRel(i))
		case dwWeekday:
			b.keep(p.explicit(i, art))
			b.keep(p.weekdayRel(i))
		case dwSeason:
			b.keep(p.seasonExpr(i))
		case dwOrdinal, dwTens:
			b.keep(p.explicit(i, art))
			b.keep(p.nthOf(i))
			b.keep(p.half(i))
			b.keep(p.quarter(i))
			fallthrough
		case dwCount, dwA, dwFew, dwCouple:
			b.keep(p.weekdayRel(i))
			b.keep(p.countRel(i))
			if depth < maxDateDepth {
				b.keep(p.offset(i, art, depth))
			}
		case dwUnit:
			b.keep(p.relDay(i))
			b.keep(p.weekOf(i))
			if depth < maxDateDepth {
				b.keep(p.offset(i, art, depth))
			}
		case dwThis, dwLast, dwNext, dwVery:
			b.keep(p.relDay(i))
			b.keep(p.weekdayRel(i))
			b.keep(p.unitRel(i))
			b.keep(p.countRel(i))
			b.keep(p.seasonExpr(i))
			b.keep(p.monthRel(i))
			b.keep(p.holiday(i))
			b.keep(p.quarter(i))
			b.keep(p.nthOf(i))
		case dwToday, dwTonight, dwYesterday, dwTomorrow:
			b.keep(p.relDay(i))
		case dwEarlier, dwLater, dwAll, dwRest:
			b.keep(p.unitRel(i))
		case dwEarly, dwLate:
			b.keep(p.relDay(i))
			b.keep(p.weekdayRel(i))
			b.keep(p.partOf(i))
		case dwMid, dwBeginning, dwEnd:
			b.keep(p.partOf(i))
		case dwIn, dwRecent:
			b.keep(p.countRel(i))
		case dwFor:
			if depth < maxDateDepth {
				b.keep(p.offset(i, art, depth))
			}
		case dwQ:
			b.keep(p.quarter(i))
		case dwH:
			b.keep(p.half(i))
		case dwChristmas, dwEaster, dwNew, dwGood, dwOrthodox:
			b.keep(p.holiday(i))
		case dwWeekend:
			b.keep(p.weekendExpr(i, art))
		}
	}
	return b.v, b.j, b.ok
}

// --- pieces -------------------------------------------------------------

// count reads a number of units: "3", "three", "twenty-one", "a", "a few",
// "a couple of". vague marks "few" and "several".
func (p *dparser) count(i int) (n, j int, vague, ok bool) {
	t := p.at(i)
	switch t.kind {
	case dkNum:
		if t.big || t.ord || t.dec || t.ndig > 4 || t.n == 0 {
			return 0, 0, false, false
		}
		if nx := p.at(i + 1); nx.kind == dkPunct && !nx.space && (nx.c == ':' || nx.c == '.' || nx.c == ',') &&
			p.at(i+2).kind == dkNum && !p.at(i+2).space {
			return 0, 0, false, false // 10:30, 2.5
		}
		return t.n, i + 1, false, true
	case dkWord:
		switch t.info.id {
		case dwA:
			switch p.id(i + 1) {
			case dwFew:
				return 3, i + 2, true, true
			case dwCouple:
				if p.is(i+2, dwOf) {
					return 2, i + 3, false, true
				}
				return 2, i + 2, false, true
			}
			return 1, i + 1, false, true
		case dwFew:
			return 3, i + 1, true, true
		case dwCouple:
			if p.is(i+1, dwOf) {
				return 2, i + 2, false, true
			}
			return 2, i + 1, false, true
		case dwCount:
			return int(t.info.val), i + 1, false, true
		case dwTens:
			n := int(t.info.val)
			k := i + 1
			if p.tightPunct(k, '-') {
				k++
			}
			if p.is(k, dwCount) && p.at(k).info.val < 10 {
				return n + int(p.at(k).info.val), k + 1, false, true
			}
			return n, i + 1, false, true
		}
	}
	return 0, 0, false, false
}

// ordinal reads "3rd", "third", "twenty-first".
func (p *dparser) ordinal(i int) (n, j int, ok bool) {
	t := p.at(i)
	switch {
	case t.kind == dkNum && t.ord && !t.big && t.ndig <= 2:
		return t.n, i + 1, true
	case t.kind == dkWord && t.info.id == dwOrdinal:
		return int(t.info.val), i + 1, true
	case t.kind == dkWord && t.info.id == dwTens:
		k := i + 1
		if p.tightPunct(k, '-') {
			k++
		}
		if p.is(k, dwOrdinal) && p.at(k).info.val < 10 {
			return int(t.info.val) + int(p.at(k).info.val), k + 1, true
		}
	}
	return 0, 0, false
}

// day reads a day of the month: "17", "17th", "seventeenth". ord reports an
// ordinal, which is safer in running text than a bare number.
func (p *dparser) day(i int) (d, j int, ord, ok bool) {
	t := p.at(i)
	if t.kind == dkNum {
		if t.big || t.dec || t.ndig > 2 || t.n < 1 || t.n > 31 {
			return 0, 0, false, false
		}
		if nx := p.at(i + 1); nx.kind == dkPunct && !nx.space {
			if nx.c == ':' || ((nx.c == '.' || nx.c == ',') && p.at(i+2).kind == dkNum && !p.at(i+2).space && p.at(i+2).ndig != 4) {
				return 0, 0, false, false // 10:30, 2.5
			}
		}
		return t.n, i + 1, t.ord, true
	}
	if n, j, ok := p.ordinal(i); ok && n >= 1 && n <= 31 {
		return n, j, true, true
	}
	return 0, 0, false, false
}

// isUnitAfter reports a unit word at i: "March 3 days" is not March 3.
func (p *dparser) isUnitAfter(i int) bool {
	_, ok := p.unit(i)
	return ok || p.is(i, dwWeekend)
}

// month reads a month name, with the full stop of an abbreviation.
func (p *dparser) month(i int) (m, j int, ok bool) {
	t := p.at(i)
	if t.kind != dkWord || t.info.id != dwMonth {
		return 0, 0, false
	}
	j = i + 1
	if t.info.abbr && p.punct(j, '.') && !p.at(j).space {
		j++
	}
	return int(t.info.val), j, true
}

// year reads a four-digit year, or an apostrophe year ("'15").
func (p *dparser) year(i int) (y, j int, ok bool) {
	t := p.at(i)
	if t.kind == dkNum && !t.big && !t.ord && !t.dec && t.ndig == 4 && t.n >= 1000 && t.n <= 2999 {
		if p.punct(i+1, ':') && !p.at(i+1).space {
			return 0, 0, false
		}
		return t.n, i + 1, true
	}
	if t.kind == dkPunct && t.c == '\'' {
		if n := p.at(i + 1); n.kind == dkNum && !n.space && n.ndig == 2 && !n.ord && !n.dec {
			return p.century(n.n), i + 2, true
		}
	}
	return 0, 0, false
}

// century completes a two-digit year: the nearest such year no more than
// twenty years after the reference.
func (p *dparser) century(yy int) int {
	y := p.ref.Year()/100*100 + yy
	if y > p.ref.Year()+20 {
		y -= 100
	}
	return y
}

// weekday reads a weekday name, with the full stop of an abbreviation.
func (p *dparser) weekday(i int) (wd time.Weekday, j int, plural, ok bool) {
	t := p.at(i)
	if t.kind != dkWord || t.info.id != dwWeekday {
		return 0, 0, false, false
	}
	j = i + 1
	if t.info.abbr && p.punct(j, '.') && !p.at(j).space {
		j++
	}
	return time.Weekday(t.info.val), j, t.info.plural, true
}
