package places

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// placesJSON is the gazetteer data: Russia's federal subjects and towns,
// occupied and frontline Ukraine, the neighbours the mobilised fled to, and
// the border crossings they queued at.
//
//go:embed places.json
var placesJSON []byte

// Place is a named location from the gazetteer.
type Place struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"` // city | region | country | area | crossing
	Region  string   `json:"region,omitempty"`
	Country string   `json:"country"` // ISO 3166-1 alpha-2
	Lat     float64  `json:"lat"`
	Lon     float64  `json:"lon"`
	Aliases []string `json:"aliases,omitempty"`
}

// Mention is a place named in a text, with byte offsets into it.
type Mention struct {
	Start, End int // byte offsets: text[Start:End] == Text
	Text       string
	Place      *Place
}

// Gazetteer finds places in text. It is read-only once built, so one
// Gazetteer can serve any number of goroutines; the *Place values Find,
// Lookup and Region return are its own, to be read and never changed.
type Gazetteer struct {
	places []Place
	byName map[string]*Place       // exact Name → place, for Region
	forms  map[string]*placeForm   // folded phrase → form, for Lookup
	first  map[string][]*placeForm // folded first word → forms, most words first
}

// placeRecord is one entry of places.json: a Place plus hints that only the
// index needs, kept out of Place so that Aliases stays a clean display list.
type placeRecord struct {
	Place
	// Demonyms are adjective and people forms ("Buryat", "Dagestanis") that
	// point at the place in news prose.
	Demonyms []string `json:"demonyms,omitempty"`
	// Near names towns a crossing is known by. They yield "Narva crossing"
	// and "Narva checkpoint", never bare "Narva", which is the town.
	Near []string `json:"near,omitempty"`
	// Person marks names that are also personal names ("Vladimir Putin").
	Person bool `json:"person,omitempty"`
	// Note explains a choice to whoever edits the data; the code ignores it.
	Note string `json:"note,omitempty"`
}

// placeForm is one way of writing a place, split the way Find reads text.
type placeForm struct {
	words []string // folded words
	gaps  []string // separator class between words[i] and words[i+1]
	trail string   // punctuation the form ends with, as in "U.S."
	place *Place
	// region is what the city form means when the text goes on to say
	// "governor" or "regions": "the Kursk governor" is Kursk Oblast's.
	region *Place
	// person: a one-word form that is also a personal name does not match
	// before a capitalised word, so "Vladimir Putin" is not the city.
	person bool
}

// placeMaxWord bounds the words Find looks up; no indexed word is longer, so
// a megabyte of letters costs one comparison, not a megabyte of folding.
const placeMaxWord = 64

// placeKinds are the kinds a Place may have.
var placeKinds = map[string]bool{"city": true, "region": true, "country": true, "area": true, "crossing": true}

// placeCueNext are words that, right after a city's name, show the text
// means the region named after it: "the Kursk governor", "Belgorod regional".
var placeCueNext = map[string]bool{"governor": true, "governors": true, "gubernatorial": true, "regional": true, "governorate": true}

// placeCueList are plurals that reach back over a list of names: "in the
// Kursk, Belgorod and Bryansk regions" is about three regions.
var placeCueList = map[string]bool{"regions": true, "oblasts": true, "provinces": true, "governors": true}

// placeAfterPerson are capitalised words that may follow a place that is
// also a personal name without making it a person: "Engels Air Base".
var placeAfterPerson = map[string]bool{
	"air": true, "airbase": true, "airfield": true, "airport": true, "base": true, "city": true,
	"governor": true, "mayor": true, "oblast": true, "region": true, "district": true, "station": true,
}

// placeRegionWords mark a phrase that already says what kind of region it is,
// so no " region" is added to it.
var placeRegionWords = map[string]bool{
	"republic": true, "oblast": true, "krai": true, "kray": true, "okrug": true, "territory": true,
	"region": true, "province": true, "district": true, "peninsula": true, "autonomous": true,
}

// NewGazetteer loads the embedded gazetteer, checks it and builds its index.
func NewGazetteer() (*Gazetteer, error) { return newGazetteer(placesJSON) }

// newGazetteer builds a gazetteer from places.json data; tests feed it broken
// data to see the checks fire.
func newGazetteer(data []byte) (*Gazetteer, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt key would otherwise drop data silently
	var recs []placeRecord
	if err := dec.Decode(&recs); err != nil {
		return nil, fmt.Errorf("places: places.json: %w", err)
	}
	g := &Gazetteer{
		places: make([]Place, len(recs)),
		byName: make(map[string]*Place, len(recs)),
		forms:  make(map[string]*placeForm),
		first:  make(map[string][]*placeForm),
	}
	for i := range recs {
		g.places[i] = recs[i].Place
		p := &g.places[i]
		if err := checkPlace(p); err != nil {
			return nil, err
		}
		if g.byName[p.Name] != nil {
			return nil, fmt.Errorf("places: places.json: %q listed twice", p.Name)
		}
		g.byName[p.Name] = p
	}
	for i := range g.places {
		p := &g.places[i]
		if p.Region == "" {
			continue
		}
		if r := g.byName[p.Region]; r == nil || r.Kind != "region" {
			return nil, fmt.Errorf("places: places.json: %q: region %q is not a listed region", p.Name, p.Region)
		}
	}

	// Names, aliases and demonyms first, so that they always win over
	// derived phrasings, and derived English over guessed Russian cases.
	for i := range recs {
		r, p := &recs[i], &g.places[i]
		for _, s := range slices.Concat([]string{p.Name}, p.Aliases, r.Demonyms) {
			if err := g.add(s, p, r.Person, placeWritten); err != nil {
				return nil, err
			}
		}
	}
	for i := range recs {
		for _, s := range placeDerived(&recs[i]) {
			if err := g.add(s, &g.places[i], false, placeDerivedForm); err != nil {
				return nil, err
			}
		}
	}
	for i := range recs {
		r, p := &recs[i], &g.places[i]
		for _, s := range slices.Concat([]string{p.Name}, p.Aliases) {
			if !placeCyrillic(s) {
				continue
			}
			for _, inf := range placeInflect(s) {
				// A guessed form gives way on any clash; only a
				// malformed one is an error.
				if err := g.add(inf, p, r.Person, placeGuessed); err != nil {
					return nil, err
				}
			}
		}
	}

	for _, fs := range g.first {
		// Longest first is what makes "Kursk region" win over "Kursk".
		slices.SortStableFunc(fs, func(a, b *placeForm) int {
			if d := len(b.words) - len(a.words); d != 0 {
				return d
			}
			return len(b.trail) - len(a.trail)
		})
	}
	for _, f := range g.forms {
		if f.place.Kind != "city" {
			continue
		}
		if rf := g.forms[f.key()+" region"]; rf != nil && rf.place.Kind == "region" {
			f.region = rf.place
		}
	}
	return g, nil
}

// checkPlace validates one entry on its own.
func checkPlace(p *Place) error {
	switch {
	case p.Name == "":
		return fmt.Errorf("places: places.json: entry without a name")
	case !placeKinds[p.Kind]:
		return fmt.Errorf("places: places.json: %q: unknown kind %q", p.Name, p.Kind)
	case len(p.Country) != 2 || p.Country[0] < 'A' || p.Country[0] > 'Z' || p.Country[1] < 'A' || p.Country[1] > 'Z':
		return fmt.Errorf("places: places.json: %q: country %q is not an ISO 3166 alpha-2 code", p.Name, p.Country)
	case math.IsNaN(p.Lat) || math.IsNaN(p.Lon) || p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180:
		return fmt.Errorf("places: places.json: %q: coordinates %v,%v out of range", p.Name, p.Lat, p.Lon)
	case p.Lat == 0 && p.Lon == 0:
		return fmt.Errorf("places: places.json: %q: coordinates missing", p.Name)
	case p.Region != "" && p.Kind != "city" && p.Kind != "crossing":
		return fmt.Errorf("places: places.json: %q: only cities and crossings belong to a region", p.Name)
	case p.Region == "" && p.Kind == "city" && (p.Country == "RU" || p.Country == "UA"):
		return fmt.Errorf("places: places.json: %q: a Russian or Ukrainian city needs its region", p.Name)
	}
	return nil
}

// placeOrigin says where a written form came from, which decides what a
// clash with another form means.
type placeOrigin int

const (
	placeWritten     placeOrigin = iota // spelt out in places.json: must be unique
	placeDerivedForm                    // built from a rule: may repeat its own place, not name another
	placeGuessed                        // a guessed Russian case: gives way to anything
)

// add indexes one written form of p.
func (g *Gazetteer) add(s string, p *Place, person bool, origin placeOrigin) error {
	f, err := newPlaceForm(s)
	if err != nil {
		return fmt.Errorf("places: places.json: %q: %w", p.Name, err)
	}
	f.place = p
	f.person = person && len(f.words) == 1
	k := f.key()
	if old := g.forms[k]; old != nil {
		if origin == placeGuessed || origin == placeDerivedForm && old.place == p {
			return nil
		}
		return fmt.Errorf("places: places.json: %q: %q already names %q", p.Name, s, old.place.Name)
	}
	g.forms[k] = f
	g.first[f.words[0]] = append(g.first[f.words[0]], f)
	return nil
}

// newPlaceForm splits a written form into the words and separators Find
// compares against text.
func newPlaceForm(s string) (*placeForm, error) {
	s = strings.TrimSpace(s)
	if !placeCapital(s) {
		// Find only starts a match on a capital letter.
		return nil, fmt.Errorf("%q does not start with a capital letter", s)
	}
	f := &placeForm{}
	gap := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !placeIsWord(r) {
			i += size
			continue
		}
		end := placeWordEnd(s, i)
		if end-i > placeMaxWord {
			return nil, fmt.Errorf("%q has a word longer than %d bytes", s, placeMaxWord)
		}
		if len(f.words) > 0 {
			f.gaps = append(f.gaps, placeGapClass(s[gap:i]))
		}
		f.words = append(f.words, string(placeFoldAppend(nil, s[i:end])))
		i, gap = end, end
	}
	f.trail = strings.TrimSpace(s[gap:])
	return f, nil
}

// key is the form's identity: folded words joined by their separator classes.
func (f *placeForm) key() string {
	var b strings.Builder
	for i, w := range f.words {
		if i > 0 {
			b.WriteString(f.gaps[i-1])
		}
		b.WriteString(w)
	}
	b.WriteString(f.trail)
	return b.String()
}

// placeDerived lists the phrasings news uses for a place beyond those its
// entry spells out: "Kursk region" and "Kursk province" for Kursk Oblast,
// "Dagestan region" for Dagestan, "Upper Lars checkpoint" for the crossing.
func placeDerived(r *placeRecord) []string {
	var out []string
	switch r.Kind {
	case "region":
		for _, s := range slices.Concat([]string{r.Name}, r.Aliases) {
			if placeCyrillic(s) || strings.ContainsAny(s, "()") || strings.ToUpper(s) == s {
				continue
			}
			switch {
			case strings.HasSuffix(s, " Oblast"):
				stem := strings.TrimSuffix(s, " Oblast")
				out = append(out, stem+" region", stem+" province")
			case strings.HasSuffix(s, " Krai"):
				stem := strings.TrimSuffix(s, " Krai")
				out = append(out, stem+" region", stem+" Kray", stem+" Territory")
			case strings.HasSuffix(s, " Autonomous Okrug"):
				stem := strings.TrimSuffix(s, " Autonomous Okrug")
				out = append(out, stem+" region", stem+" Autonomous District")
			case strings.HasPrefix(s, "Republic of "):
				if stem := strings.TrimPrefix(s, "Republic of "); !placeHasRegionWord(stem) {
					out = append(out, stem+" Republic")
				}
			case !placeHasRegionWord(s):
				out = append(out, s+" region")
			}
		}
	case "crossing":
		names := slices.Concat([]string{r.Name}, r.Aliases, r.Near)
		for _, s := range names {
			if placeCyrillic(s) || strings.HasSuffix(s, " crossing") || strings.HasSuffix(s, " checkpoint") {
				continue
			}
			out = append(out, s+" crossing", s+" checkpoint", s+" border crossing", s+" border checkpoint")
		}
	}
	return out
}

// placeHasRegionWord reports whether s already says it is a region.
func placeHasRegionWord(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !placeIsWord(r) }) {
		if placeRegionWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// placeCyrillic reports whether s is written in Cyrillic.
func placeCyrillic(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Cyrillic, r)
}

// placeInflect returns the Russian case forms of a Cyrillic name that news
// uses more often than the nominative: "в Курской области", "из Москвы".
// It knows the regular patterns only and returns nothing for the rest.
func placeInflect(s string) []string {
	w := strings.Fields(s)
	switch {
	case len(w) == 2 && w[1] == "область" && strings.HasSuffix(w[0], "ая"):
		st := strings.TrimSuffix(w[0], "ая")
		return []string{st + "ой области", st + "ую область", st + "ой областью"}
	case len(w) == 2 && w[1] == "край" && (strings.HasSuffix(w[0], "ий") || strings.HasSuffix(w[0], "ый")):
		st, ins := w[0][:len(w[0])-len("ий")], "им"
		if strings.HasSuffix(w[0], "ый") {
			ins = "ым"
		}
		return []string{st + "ого края", st + "ому краю", st + "ом крае", st + ins + " краем"}
	case len(w) == 2 && w[0] == "Республика":
		return []string{"Республики " + w[1], "Республике " + w[1], "Республику " + w[1], "Республикой " + w[1]}
	case len(w) == 1:
		return placeInflectNoun(w[0])
	}
	return nil
}

// placeInflectNoun declines a one-word name by its ending: Курск → Курска,
// Москва → Москвы, Пермь → Перми, Россия → России. Adjectival names
// (Грозный) and indeclinable ones (Сочи, Иваново) get nothing.
func placeInflectNoun(w string) []string {
	rs := []rune(w)
	if len(rs) < 3 {
		return nil
	}
	for _, adj := range []string{"ий", "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие"} {
		if strings.HasSuffix(w, adj) {
			return nil
		}
	}
	last, prev := rs[len(rs)-1], rs[len(rs)-2]
	stem := string(rs[:len(rs)-1])
	hushing := strings.ContainsRune("жшщчц", prev)
	switch {
	case last == 'а':
		gen, ins := "ы", "ой"
		if strings.ContainsRune("гкхжшщч", prev) {
			gen = "и"
		}
		if hushing {
			ins = "ей"
		}
		return []string{stem + gen, stem + "е", stem + "у", stem + ins}
	case last == 'я' && strings.ContainsRune("аеиоуыэюя", prev):
		return []string{stem + "и", stem + "ю", stem + "ей"}
	case last == 'я':
		return []string{stem + "и", stem + "е", stem + "ю", stem + "ей"}
	case last == 'ь' && prev == 'л': // -поль, -славль: masculine
		return []string{stem + "я", stem + "ю", stem + "е", stem + "ем"}
	case last == 'ь': // Пермь, Казань, Тверь: feminine
		return []string{stem + "и", stem + "ью"}
	case last == 'й':
		return []string{stem + "я", stem + "ю", stem + "е", stem + "ем"}
	case strings.ContainsRune("жшщчц", last):
		return []string{w + "а", w + "у", w + "е", w + "ем"}
	case strings.ContainsRune("бвгдзклмнпрстфх", last):
		return []string{w + "а", w + "у", w + "е", w + "ом"}
	}
	return nil
}

// Find returns the places named in text in order: at each capitalised word
// the longest known form wins and matches never overlap. A city followed by
// "governor" or "regions" becomes its region; demonyms give their region.
func (g *Gazetteer) Find(text string) []Mention {
	var out []Mention
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
			if m, ok := g.matchAt(text, i, end, buf[:0]); ok {
				out = append(out, m)
				i = m.End
				continue
			}
		}
		i = end
	}
	return out
}

// matchAt tries every form starting with the word text[start:end], longest
// first. The word after it is read once, since most forms have two words.
func (g *Gazetteer) matchAt(text string, start, end int, buf []byte) (Mention, bool) {
	buf = placeFoldAppend(buf, text[start:end])
	forms := g.first[string(buf)]
	if len(forms) == 0 {
		return Mention{}, false
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
		return Mention{Start: start, End: stop, Text: text[start:stop], Place: p}, true
	}
	return Mention{}, false
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

// placeFoldRune folds a rune for comparison: lower case, and ё as е, since
// Russian text mostly writes Орел for Орёл.
func placeFoldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	if r == 'ё' {
		r = 'е'
	}
	return r
}

// placeFoldAppend appends the folded word w to dst.
func placeFoldAppend(dst []byte, w string) []byte {
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
		dst = utf8.AppendRune(dst, placeFoldRune(r))
		i += size
	}
	return dst
}

// placeFoldEqual reports whether word w folds to folded, without allocating.
func placeFoldEqual(w, folded string) bool {
	for _, r := range w {
		fr, n := utf8.DecodeRuneInString(folded)
		if n == 0 || placeFoldRune(r) != fr {
			return false
		}
		folded = folded[n:]
	}
	return folded == ""
}

// Lookup finds a place by name, alias or demonym, ignoring case, or nil.
func (g *Gazetteer) Lookup(name string) *Place {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	// Lookup accepts lower case, which newPlaceForm refuses.
	r, size := utf8.DecodeRuneInString(name)
	f, err := newPlaceForm(string(unicode.ToUpper(r)) + name[size:])
	if err != nil {
		return nil
	}
	if pf := g.forms[f.key()]; pf != nil {
		return pf.place
	}
	return nil
}

// Places returns a copy of every entry, in file order.
func (g *Gazetteer) Places() []Place { return slices.Clone(g.places) }

// Region returns the region a city or crossing belongs to, or nil.
func (g *Gazetteer) Region(p *Place) *Place {
	if p == nil || p.Region == "" {
		return nil
	}
	return g.byName[p.Region]
}
