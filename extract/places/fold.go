package places

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// placeCapital reports whether s starts with a capital letter.
func placeCapital(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// ASCII byte classes for Find's fast path.
const (
	placeNotWord = iota
	placeLowerWord
	placeUpperWord
)

// placeASCII classifies every ASCII byte, so that the scan over ordinary
// prose costs a table load per byte.
var placeASCII = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			t[c] = placeLowerWord
		case 'A' <= c && c <= 'Z':
			t[c] = placeUpperWord
		}
	}
	return t
}()

// placeIsWord reports whether r belongs to a word: a letter, a digit, or a
// combining mark (decomposed "й" is и plus a mark).
func placeIsWord(r rune) bool {
	if r < utf8.RuneSelf {
		return placeASCII[r] != placeNotWord
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// placeWordEnd returns where the word starting at i ends.
func placeWordEnd(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if placeASCII[c] == placeNotWord {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !placeIsWord(r) {
			return i
		}
		i += size
	}
	return i
}

// placeGapEnd returns where the next word starts after pos, if it starts
// within three characters: further than that, two words are not one name.
func placeGapEnd(s string, pos int) (int, bool) {
	for n := 0; pos < len(s) && n <= 3; n++ {
		r, size := utf8.DecodeRuneInString(s[pos:])
		if placeIsWord(r) {
			return pos, n > 0
		}
		pos += size
	}
	return 0, false
}

// placeGapClass reduces the characters between two words to what matters
// for names: spaces and hyphens are alike ("Ulan-Ude", "Ulan Ude"), an
// apostrophe joins ("People’s"), anything else must match as written.
func placeGapClass(g string) string {
	if len(g) == 1 { // the usual case, without the general loop
		switch g[0] {
		case ' ', '-', '\n':
			return " "
		case '.', ',', '\'':
			return g
		}
	}
	var rest []rune
	space := false
	for _, r := range g {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		rest = append(rest, r)
	}
	switch {
	case len(rest) == 0:
		return " "
	case len(rest) == 1 && strings.ContainsRune("-‐‑‒–—", rest[0]):
		return " "
	case len(rest) == 1 && strings.ContainsRune("'’ʼ", rest[0]) && !space:
		return "'"
	case len(rest) == 1 && rest[0] == '.':
		return "."
	case len(rest) == 1 && rest[0] == ',':
		return ","
	}
	return string(rest)
}

// placeFoldRune folds a rune for comparison: lower case, Latin letters
// without their accents ("Łódź" is "lodz", "Türkiye" "turkiye"), and ё as
// е, since Russian text mostly writes Орел for Орёл.
func placeFoldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	if b, ok := placeLatinBase[r]; ok {
		return b
	}
	if r == 'ё' {
		r = 'е'
	}
	return r
}

// placeLatinBase maps the accented Latin letters of the countries indexed
// to their base letters.
var placeLatinBase = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćčĉ", 'd': "ďđ", 'e': "èéêëēėęě", 'g': "ğģ", 'i': "ìíîïīįı",
		'k': "ķ", 'l': "ļłľ", 'n': "ñńņň", 'o': "òóôõöøőō", 'r': "ř", 's': "śşšș", 't': "ţťț",
		'u': "ùúûüūůűų", 'y': "ýÿ", 'z': "źżž",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// placeFoldAppend appends the key of word w to dst: folded rune by rune,
// then, for a word in Latin letters, reduced to what survives the ways
// Russian and Ukrainian names are transliterated. Both spellings of each
// pair below give one key, so "Nizhniy Tagil" finds "Nizhny Tagil":
//
//	kh / h (Kharkiv, Harkiv)       -iy, -yy, -ii / -y (Nizhniy, Nizhny)
//	ya, yu / ia, iu (Ulyanovsk)    yo / e (Oryol, Orel; Korolyov, Korolev)
//	ye- / e- (Yekaterinburg)       y / i (Kyiv, Kiiv)
//	doubled / single letters (Khakassia, Khakasia)
//	vowel-ye / vowel-e (Bolshoye, Bolshoe; Alekseyevka, Alekseevka)
func placeFoldAppend(dst []byte, w string) []byte {
	start := len(dst)
	latin := true
	for i := 0; i < len(w); {
		if c := w[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		r = placeFoldRune(r)
		latin = latin && r < utf8.RuneSelf
		dst = utf8.AppendRune(dst, r)
		i += size
	}
	if !latin {
		return dst
	}
	return append(dst[:start], placeTranslitKey(dst[start:])...)
}

// placeTranslitKey rewrites a folded Latin word into its transliteration
// key, in place: the result is never longer than the word.
func placeTranslitKey(w []byte) []byte {
	n := len(w)
	// Endings first, while they are still as written.
	for _, end := range [...]string{"iy", "yy", "ii", "yi", "ij"} {
		if n > 3 && string(w[n-2:]) == end {
			w[n-2], n = 'y', n-1
			break
		}
	}
	out := w[:0]
	for i := 0; i < n; i++ {
		c := w[i]
		switch {
		case c == 'k' && i+1 < n && w[i+1] == 'h':
			continue // "kh" is "h"
		case c == 'y' && i+1 < n && w[i+1] == 'o':
			c, i = 'e', i+1 // "yo" is "e"
		case c == 'y' && i == 0 && i+1 < n && w[i+1] == 'e':
			continue // "ye-" is "e-"
		case c == 'y' && i > 0 && i+1 < n && w[i+1] == 'e' && strings.IndexByte("aeiou", w[i-1]) >= 0:
			continue // "-oye" is "-oe"
		case c == 'y':
			c = 'i'
		}
		if len(out) > 0 && out[len(out)-1] == c && 'a' <= c && c <= 'z' {
			continue // doubled letters are one
		}
		out = append(out, c)
	}
	return out
}

// placeFoldEqual reports whether word w has the key folded, without
// allocating for words of ordinary length.
func placeFoldEqual(w, folded string) bool {
	if len(w) > placeMaxWord {
		return false
	}
	var buf [placeMaxWord * 2]byte
	return string(placeFoldAppend(buf[:0], w)) == folded
}
