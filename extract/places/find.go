package places

import (
	"strings"
	"unicode/utf8"
)

// Find returns the places named in text in order: at each capitalised word
// the longest known form wins and matches never overlap. A city followed by
// "governor" or "regions" becomes its region; demonyms give their region.
//
// Where several places share a name, the one in a region (or country) the
// text names elsewhere wins, else the curated entry, else the most
// populous. A village, or a town named like an English word, counts only
// after a locative word ("in", "near", "the village of") or when the text
// names its region: "Sosnovka" alone may be a surname, "in Sosnovka" or
// "Sosnovka, Penza region" is the place.
func (g *Gazetteer) Find(text string) []Mention {
	var found []found
	var buf [placeMaxWord * 2]byte
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			// Most of a text is ASCII outside any name: skip it a byte at
			// a time without decoding.
			switch placeASCII[c] {
			case placeNotWord:
				i++
				continue
			case placeLowerWord:
				i = placeWordEnd(text, i+1)
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !placeIsWord(r) {
			i += size
			continue
		}
		end := placeWordEnd(text, i)
		if end-i <= placeMaxWord && placeCapital(text[i:]) {
			if m, f, ok := g.matchAt(text, i, end, buf[:0]); ok {
				found = append(found, foundAt(text, m, f))
				i = m.End
				continue
			}
		}
		i = end
	}
	return resolve(text, found)
}

// found is a match before the choice among places of one name.
type found struct {
	m    Mention
	f    *placeForm // nil when the match is a region read from a cue
	cued bool       // a locative word stands before it
	name bool       // a capitalised word stands right before it: a first name
	// district: an adjectival name before "district" or "raion"
	// ("Kirovsky district"): a district of a city or region, not the town
	// of that name elsewhere.
	district bool
}

func foundAt(text string, m Mention, f *placeForm) found {
	if m.Place != f.place {
		f = nil // "the Kursk governor": the region, not a town of that name
	}
	prev, gap := placePrevWord(text, m.Start)
	return found{m: m, f: f, cued: placeLocative(text, m.Start),
		name:     gap == " " && prev != "" && placeCapital(prev) && !placeOpeners[strings.ToLower(prev)] && !placeQualifier(prev),
		district: f != nil && len(f.words) == 1 && placeAdjectival(m.Text) && placeDistrictNext(text, m.End)}
}

// placeAdjectival reports whether a name has the adjectival ending of
// Russian district names: Kirovsky, Leninskiy, Tsentralny, Zavodskoy.
func placeAdjectival(w string) bool {
	for _, end := range [...]string{"sky", "skiy", "skii", "ski", "skoy", "skoi", "ny", "nyy", "niy", "noy", "nyi", "iy", "yy"} {
		if len(w) >= len(end) && strings.EqualFold(w[len(w)-len(end):], end) {
			return true
		}
	}
	return false
}

// placeDistrictNext reports whether the word after pos says "district":
// "Kirovsky district", "Sovetsky District", "Leninsky raion".
func placeDistrictNext(text string, pos int) bool {
	if pos >= len(text) || text[pos] != ' ' {
		return false
	}
	rest := text[pos+1 : min(len(text), pos+1+len("district"))]
	if strings.EqualFold(rest, "district") {
		return true
	}
	rest = rest[:min(len(rest), 5)]
	return strings.EqualFold(rest, "raion") || strings.EqualFold(rest, "rayon")
}

// placeOpeners are capitalised words before a name that are no first name.
var placeOpeners = map[string]bool{
	"the": true, "a": true, "an": true, "and": true, "but": true, "as": true, "when": true, "after": true,
	"before": true, "since": true, "of": true, "by": true, "for": true, "with": true, "on": true, "while": true,
	"in": true, "near": true, "outside": true, "from": true, "to": true, "into": true, "at": true,
	"around": true, "across": true, "via": true, "through": true, "both": true, "or": true, "like": true,
	// Days, months and words that qualify a place: "on Sunday Belgorod
	// was shelled", "in occupied Melitopol", "Greater Moscow".
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "greater": true, "central": true,
	"northern": true, "southern": true, "eastern": true, "western": true, "upper": true,
	"lower": true, "old": true, "new": true, "occupied": true, "russian": true, "ukrainian": true,
	"downtown": true, "outer": true, "inner": true, "then": true, "so": true, "now": true,
	"where": true, "until": true, "over": true, "about": true, "between": true, "against": true,
	// Determiners: "this Kursk village". Not possessives: "our Moscow
	// correspondent" is a person's title, not a place of the story.
	"this": true, "that": true, "these": true, "those": true, "every": true, "each": true,
}

// placeQualifier reports whether a capitalised word before a name
// qualifies a place rather than being a first name: a possessive
// ("Russia's Belgorod") or an adjective of place ("Siberian Tomsk").
func placeQualifier(w string) bool {
	lw := strings.ToLower(w)
	return strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "ian") || strings.HasSuffix(lw, "ern")
}

// resolve chooses each match's place and drops weak matches nothing supports.
func resolve(text string, fs []found) []Mention {
	if len(fs) == 0 {
		return nil
	}
	// What the text names with some certainty: the regions and countries of
	// places that need no support and whose name is theirs alone.
	named := map[string]bool{}
	for _, x := range fs {
		p := x.m.Place
		if p.cue && !x.cued || x.f != nil && len(x.f.others) > 0 {
			continue
		}
		named[p.Name] = true
		named[p.Region] = true
		named["country:"+p.Country] = true
	}
	out := make([]Mention, 0, len(fs))
	for k, x := range fs {
		p := x.m.Place
		if k > 0 && fs[k-1].m.End == x.m.Start-1 {
			x.name = false // the word before is a place itself: "Kursk, Kursk"
		}
		if x.f != nil && len(x.f.others) > 0 {
			p = choose(x.f, named)
		}
		if x.f != nil && len(x.f.words) == 1 && x.name && (p.geonames || p.Kind == "city") {
			continue // "Anton Chekhov", "Aisen Nikolaev": a person named like a town
		}
		if x.district && p.geonames {
			continue // "the Kirovsky district of Makhachkala" is no town in Primorye
		}
		if p.district && x.f != nil && len(x.f.others) > 0 && !named[p.Region] {
			continue // one of many Kirovsky districts, and the text names none of their regions
		}
		if p.district && k+1 < len(fs) && fs[k+1].m.Place.Kind == "city" && cityDistrict(text, fs[k].m, fs[k+1].m) {
			continue // "Sovetsky District, Rostov-on-Don": the city's district, not the raion
		}
		if p.cue && !x.cued && !named[p.Region] {
			continue
		}
		x.m.Place = p
		out = append(out, x.m)
	}
	return out
}

// cityDistrict reports whether a city follows a district as what it is a
// district of: "Sovetsky District, Rostov-on-Don", "the Leninsky raion of Ufa".
func cityDistrict(text string, d, city Mention) bool {
	switch strings.ToLower(strings.TrimSpace(text[d.End:city.Start])) {
	case ",", "of", "of the", "in", "in the":
		return true
	}
	return false
}

// choose picks among the places of one name: one in a region the text
// names, then one in a country it names, then the likeliest.
func choose(f *placeForm, named map[string]bool) *Place {
	cands := append([]*Place{f.place}, f.others...)
	for _, p := range cands {
		if p.Region != "" && named[p.Region] {
			return p
		}
	}
	for _, p := range cands {
		if p.Country != "RU" && named["country:"+p.Country] {
			return p
		}
	}
	return f.place
}

// placeLocativeWords stand before a place name: "in", "near", "outside".
var placeLocativeWords = map[string]bool{
	"in": true, "near": true, "outside": true, "from": true, "to": true, "into": true, "at": true,
	"around": true, "towards": true, "toward": true, "across": true, "via": true, "through": true,
	"village": true, "town": true, "city": true, "settlement": true, "hamlet": true,
}

// placeOfWords take "of" before a place name: "the village of", "residents of".
var placeOfWords = map[string]bool{
	"village": true, "town": true, "city": true, "settlement": true, "hamlet": true, "outskirts": true,
	"residents": true, "resident": true, "mayor": true, "centre": true, "center": true, "port": true,
}

// placeToPerson take "to" before a person rather than a place.
var placeToPerson = map[string]bool{"according": true, "thanks": true, "owing": true, "due": true, "told": true, "said": true}

// placeLocative reports whether a locative word stands right before pos.
func placeLocative(text string, pos int) bool {
	w, gap := placePrevWord(text, pos)
	if gap != " " {
		return false
	}
	lw := strings.ToLower(w)
	switch lw {
	case "of":
		w2, gap2 := placePrevWord(text, pos-len(w)-1)
		return gap2 == " " && placeOfWords[strings.ToLower(w2)]
	case "to":
		// "According to Kozlov", "thanks to Ivanova": a person.
		w2, _ := placePrevWord(text, pos-len(w)-1)
		return !placeToPerson[strings.ToLower(w2)]
	}
	return placeLocativeWords[lw]
}

// placePrevWord returns the ASCII word before pos and the gap class between
// them ("" when there is none within a character).
func placePrevWord(text string, pos int) (string, string) {
	if pos < 2 || text[pos-1] != ' ' {
		return "", ""
	}
	end := pos - 1
	start := end
	for start > 0 && start > end-placeMaxWord && placeASCII[text[start-1]&0x7f] != placeNotWord && text[start-1] < utf8.RuneSelf {
		start--
	}
	if start == end {
		return "", ""
	}
	return text[start:end], " "
}

// matchAt tries every form starting with the word text[start:end], longest
// first. The word after it is read once, since most forms have two words.
func (g *Gazetteer) matchAt(text string, start, end int, buf []byte) (Mention, *placeForm, bool) {
	buf = placeFoldAppend(buf, text[start:end])
	forms := g.first[string(buf)]
	if len(forms) == 0 {
		return Mention{}, nil, false
	}
	class, next, nextEnd := "", 0, 0
	if n, ok := placeGapEnd(text, end); ok && len(forms[0].words) > 1 {
		class, next, nextEnd = placeGapClass(text[end:n]), n, placeWordEnd(text, n)
	}
	for _, f := range forms {
		stop, ok := end, true
		if len(f.words) > 1 {
			if class != f.gaps[0] || !placeFoldEqual(text[next:nextEnd], f.words[1]) {
				continue
			}
			stop = nextEnd
		}
		stop, ok = f.matchRest(text, stop, 2)
		if !ok || (f.person && g.personNext(text, stop)) {
			continue
		}
		p := f.place
		if f.region != nil && g.regionCue(text, stop) {
			p = f.region
		}
		return Mention{Start: start, End: stop, Text: text[start:stop], Place: p}, f, true
	}
	return Mention{}, nil, false
}

// matchRest matches the form's words from the k-th on, starting at pos where
// the word before ended, then its trailing punctuation, and returns where the
// match ends.
func (f *placeForm) matchRest(text string, pos, k int) (int, bool) {
	for ; k < len(f.words); k++ {
		next, ok := placeGapEnd(text, pos)
		if !ok || placeGapClass(text[pos:next]) != f.gaps[k-1] {
			return 0, false
		}
		end := placeWordEnd(text, next)
		if !placeFoldEqual(text[next:end], f.words[k]) {
			return 0, false
		}
		pos = end
	}
	if f.trail != "" {
		if !strings.HasPrefix(text[pos:], f.trail) {
			return 0, false
		}
		pos += len(f.trail)
	}
	return pos, true
}

// personNext reports whether the word after pos is capitalised, as a surname
// after a first name is ("Vladimir Putin"), and not a place word ("Engels Air Base").
func (g *Gazetteer) personNext(text string, pos int) bool {
	next, ok := placeGapEnd(text, pos)
	if !ok || placeGapClass(text[pos:next]) != " " || strings.ContainsAny(text[pos:next], "-‐‑–—") {
		return false
	}
	if !placeCapital(text[next:]) {
		return false
	}
	var buf [placeMaxWord * 2]byte
	end := placeWordEnd(text, next)
	return end-next > placeMaxWord || !placeAfterPerson[string(placeFoldAppend(buf[:0], text[next:end]))]
}

// regionCue reports whether the words after a city's name at pos show the
// text means the region: "Kursk governor", "Kursk's governor", or a list
// such as "Kursk, Belgorod and Bryansk regions".
func (g *Gazetteer) regionCue(text string, pos int) bool {
	var buf [placeMaxWord * 2]byte
	// Skip a possessive: "Kursk's governor".
	if next, ok := placeGapEnd(text, pos); ok && placeGapClass(text[pos:next]) == "'" {
		if end := placeWordEnd(text, next); end-next == 1 && (text[next] == 's' || text[next] == 'S') {
			pos = end
		}
	}
	for n := 0; n < 8; n++ { // a list longer than this is not a list of names
		next, ok := placeGapEnd(text, pos)
		if !ok {
			return false
		}
		if class := placeGapClass(text[pos:next]); class != " " && class != "," {
			return false
		}
		end := placeWordEnd(text, next)
		if end-next > placeMaxWord {
			return false
		}
		w := placeFoldAppend(buf[:0], text[next:end])
		switch {
		case n == 0 && placeCueNext[string(w)], placeCueList[string(w)]:
			return true
		case string(w) == "and" || string(w) == "or":
		case placeCapital(text[next:]) && g.first[string(w)] != nil:
		default:
			return false
		}
		pos = end
	}
	return false
}
