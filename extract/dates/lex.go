package dates

import (
	"unicode"
	"unicode/utf8"
)

// dkind is the kind of a date token.
type dkind uint8

const (
	dkEOF dkind = iota // also the zero token past the end of the input
	dkWord
	dkNum
	dkPunct
)

// dtoken is one word, number or punctuation mark of the text the date
// grammar reads, with byte offsets into it.
type dtoken struct {
	start, end int
	n          int       // number: its value (digits beyond the ninth are ignored)
	info       dwordInfo // word: what the vocabulary knows about it
	kind       dkind
	c          byte  // punctuation: the ASCII mark; dashes are '-', quotes '\''
	ndig       uint8 // number: digit count, capped at 255
	space      bool  // whitespace (or the start of the text) precedes it
	cap        bool  // word: begins with an upper-case ASCII letter
	ord        bool  // number: ordinal suffix, "17th"
	dec        bool  // number: decade suffix, "1990s"
	big        bool  // number: digit groups ("300,000") or too long to be a date
}

// dateLex appends the tokens of s from byte offset pos to buf until buf holds
// max tokens or s ends, and returns buf and the offset after the last token.
// It never backtracks, so its cost is linear in the bytes it reads.
func dateLex(s string, pos int, buf []dtoken, max int) ([]dtoken, int) {
	space := pos == 0
	if pos > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:pos])
		space = unicode.IsSpace(r)
	}
	for len(buf) < max && pos < len(s) {
		c := s[pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			pos++
			space = true
			continue
		case '0' <= c && c <= '9':
			var t dtoken
			t, pos = dateLexNumber(s, pos)
			t.space = space
			buf = append(buf, t)
		case c < 0x80 && dateASCIILetter(c):
			buf = append(buf, dateLexWord(s, pos, space))
			pos = buf[len(buf)-1].end
		case c < 0x80:
			buf = append(buf, dtoken{kind: dkPunct, start: pos, end: pos + 1, c: c, space: space})
			pos++
		default:
			r, size := utf8.DecodeRuneInString(s[pos:])
			switch {
			case unicode.IsSpace(r):
				pos += size
				space = true
				continue
			case unicode.IsLetter(r):
				buf = append(buf, dateLexWord(s, pos, space))
				pos = buf[len(buf)-1].end
			default:
				t := dtoken{kind: dkPunct, start: pos, end: pos + size, space: space}
				switch r {
				case '–', '—', '‒', '−', '‐', '‑':
					t.c = '-'
				case '’', '‘', '′':
					t.c = '\''
				}
				buf = append(buf, t)
				pos += size
			}
		}
		space = false
	}
	return buf, pos
}

func dateASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func dateDigit(c byte) bool { return '0' <= c && c <= '9' }

// dateLexWord reads a run of letters starting at pos.
func dateLexWord(s string, pos int, space bool) dtoken {
	start := pos
	for pos < len(s) {
		c := s[pos]
		if c < 0x80 {
			if dateASCIILetter(c) {
				pos++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[pos:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			break
		}
		pos += size
	}
	t := dtoken{kind: dkWord, start: start, end: pos, space: space}
	t.cap = 'A' <= s[start] && s[start] <= 'Z'
	t.info = dateLookup(s[start:pos])
	return t
}

// dateLexNumber reads a run of digits starting at pos, with the digit groups
// of a large number ("300,000") and an ordinal or decade suffix ("17th",
// "1990s", "1990's").
func dateLexNumber(s string, pos int) (dtoken, int) {
	t := dtoken{kind: dkNum, start: pos}
	nd := 0
	for pos < len(s) && dateDigit(s[pos]) {
		if nd < 9 {
			t.n = t.n*10 + int(s[pos]-'0')
		}
		nd++
		pos++
	}
	if nd > 9 {
		t.big = true
	}
	// Digit groups: exactly three digits after each comma.
	if nd <= 3 {
		for pos+4 <= len(s) && s[pos] == ',' && dateDigit(s[pos+1]) && dateDigit(s[pos+2]) &&
			dateDigit(s[pos+3]) && (pos+4 == len(s) || !dateDigit(s[pos+4])) {
			t.big = true
			nd += 3
			pos += 4
		}
	}
	t.ndig = uint8(min(nd, 255))
	// A suffix counts only when the letters end there: "17th" but not "17thx".
	e := pos
	for e < len(s) && e-pos < 3 && dateASCIILetter(s[e]) {
		e++
	}
	if e > pos && (e == len(s) || !dateASCIILetter(s[e])) {
		switch suf := s[pos:e]; {
		case dateFold(suf, "st"), dateFold(suf, "nd"), dateFold(suf, "rd"), dateFold(suf, "th"):
			t.ord = true
			pos = e
		case dateFold(suf, "s") && nd == 4 && t.n%10 == 0:
			t.dec = true
			pos = e
		}
	} else if nd == 4 && t.n%10 == 0 && pos+2 <= len(s) && s[pos] == '\'' && s[pos+1]|0x20 == 's' &&
		(pos+2 == len(s) || !dateASCIILetter(s[pos+2])) {
		t.dec = true
		pos += 2
	}
	t.end = pos
	return t, pos
}

// dateFold reports whether ASCII s equals lower-case w, ignoring case.
func dateFold(s, w string) bool {
	if len(s) != len(w) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}
