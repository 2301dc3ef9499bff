package dates

import (
	"fmt"
	"time"
)

// maxPhrase bounds the phrase Parse reads: a time expression is short,
// and a bound keeps a caller's mistake from becoming a large allocation.
const maxPhrase = 512

// Parse normalises one whole time expression against ref: the phrase
// must be a single expression, give or take leading prepositions ("on",
// "in", "at", "during", "as of") and trailing punctuation.
func Parse(phrase string, ref time.Time, prefer Prefer) (Range, error) {
	if len(phrase) > maxPhrase {
		return Range{}, fmt.Errorf("dates: phrase too long (%d bytes)", len(phrase))
	}
	toks, _ := dateLex(phrase, 0, make([]dtoken, 0, 16), maxPhrase+1)
	for len(toks) > 0 {
		if t := toks[len(toks)-1]; t.kind == dkPunct && t.c != '\'' {
			toks = toks[:len(toks)-1]
			continue
		}
		break
	}
	p := newDateParser(ref, prefer, true)
	p.toks = toks
	for i := 0; i < len(toks); i++ {
		if v, j, ok := p.top(i); ok && j == len(toks) && dateSane(v.r) {
			return v.r, nil
		}
		if !dateFiller(&p, i) {
			break
		}
	}
	return Range{}, fmt.Errorf("dates: no date in %q", phrase)
}

// dateFiller reports a word or mark that may precede a whole time
// expression without changing it.
func dateFiller(p *dparser, i int) bool {
	if t := p.at(i); t.kind == dkPunct {
		return t.c != '\'' && t.c != '-' // "'15" and "-3 days" mean something else
	}
	switch p.id(i) {
	case dwOn, dwIn, dwAt, dwDuring, dwOver, dwAs, dwOf, dwFrom, dwBy, dwAround, dwFor, dwUntil, dwThrough:
		return true
	}
	return false
}

// dateRef is the reference day of ref: its calendar date where it was taken,
// at midnight UTC like every Range.
func dateRef(ref time.Time) time.Time {
	y, m, d := ref.Date()
	return dateYMD(y, m, d)
}

// dateSane rejects ranges outside four-digit years, which arithmetic on
// adversarial counts could produce.
func dateSane(r Range) bool {
	return r.Start.Year() >= 1 && r.End.Year() <= 9999 && !r.End.Before(r.Start) && r.Precision.Valid()
}

// Running text is read in windows of tokens; a date expression never spans
// more than dateLookahead tokens, so a window is read up to that distance
// from its end and the rest carried over.
const (
	dateWindow    = 2048
	dateLookahead = 64
)

// Find finds every time expression in text and normalises it against
// ref: in text order, not overlapping, the longest reading at each place.
// Forms that are ambiguous in running text need context: "May" and "March"
// after a preposition, a bare year after one ("in 2021", not "2000 men"), a
// day alone after "on" ("on the 3rd", not "the 3rd Army Corps").
func Find(text string, ref time.Time, prefer Prefer) []Match {
	p := newDateParser(ref, prefer, false)
	var out []Match
	buf := make([]dtoken, 0, min(dateWindow, len(text)+1))
	pos, next := 0, 0 // next: index in buf of the first token not yet read
	for {
		buf, pos = dateLex(text, pos, buf, dateWindow)
		eof := pos >= len(text)
		p.toks, p.memoAt = buf, -1
		limit := len(buf)
		if !eof {
			limit -= dateLookahead
		}
		i := next
		for i < limit {
			t := &buf[i]
			if t.kind == dkNum || (t.kind == dkWord && t.info.start) || (t.kind == dkPunct && t.c == '\'') {
				if v, j, ok := p.top(i); ok && dateSane(v.r) && p.accept(v, i, j) {
					start, end := buf[i].start, buf[j-1].end
					if v.bare && p.is(i, dwThe) {
						start = buf[i+1].start
					}
					out = append(out, Match{Start: start, End: end, Text: text[start:end], Range: v.r})
					i = j
					continue
				}
			}
			i++
		}
		if eof {
			return out
		}
		// Keep two tokens before the next one for look-behind.
		keep := max(i-2, 0)
		n := copy(buf, buf[keep:])
		buf = buf[:n]
		next = i - keep
	}
}

// accept decides whether running text supports a reading of toks[i:j].
func (p *dparser) accept(v dval, i, j int) bool {
	prev, after := p.at(i-1), p.at(j)
	switch v.weak {
	case dqStrong:
		return true
	case dqName:
		if dateName(prev) {
			return false
		}
		return !dateName(after) || datePrep(prev)
	case dqToday:
		return !dateName(prev)
	case dqMonth:
		return datePrep(prev)
	case dqYear:
		return datePrep(prev) && dateYearTail(after)
	case dqYearTail:
		return dateYearTail(after)
	case dqDay:
		k := i - 1
		if p.is(k, dwThe) {
			k--
		}
		return p.is(k, dwOn) && (after.kind == dkEOF || (after.kind == dkPunct && after.c != '-') ||
			(after.kind == dkWord && !after.cap && after.info.fn))
	case dqNumeric:
		return p.is(i-1, dwOn)
	case dqSeason:
		return datePrep(prev)
	}
	return false
}

// dateYearTail reports whether t may follow a year: not a noun that makes
// the number a count ("2000 men").
func dateYearTail(t *dtoken) bool {
	return t.kind != dkWord || t.cap || t.info.fn || t.info.id == dwSeason || t.info.id == dwMonth
}

// dateName reports a capitalised word the grammar does not know: part of a
// name next to a date-like word ("Aunt June", "the Sunday Times").
func dateName(t *dtoken) bool {
	return t.kind == dkWord && t.cap && t.info.id == dwNone
}

// datePrep reports a word after which a bare month, year or season is read
// as a date.
func datePrep(t *dtoken) bool {
	if t.kind != dkWord {
		return false
	}
	switch t.info.id {
	case dwIn, dwOn, dwSince, dwBy, dwUntil, dwFrom, dwDuring, dwBefore, dwAfter, dwThrough,
		dwBetween, dwAround, dwOf, dwTo, dwAnd, dwOr, dwOver, dwFor, dwAs:
		return true
	}
	return false
}
