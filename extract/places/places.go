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

// placesJSON is the curated part of the gazetteer: Russia's federal
// subjects and towns, occupied and frontline Ukraine, the neighbours the
// mobilised fled to, the border crossings they queued at, wider areas and
// demonyms. It wins over the GeoNames index wherever both name a place.
//
//go:embed places.json
var placesJSON []byte

// geonamesIndex is the GeoNames part, compiled by internal/gengeonames from
// the npm packages the Makefile's gazetteer target installs.
//
//go:generate go run ./internal/gengeonames -modules ../../node_modules -o geonames.tsv.gz
//go:embed geonames.tsv.gz
var geonamesIndex []byte

// Place is a named location from the gazetteer.
type Place struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"` // city | region | country | area | crossing
	Region  string   `json:"region,omitempty"`
	Country string   `json:"country"` // ISO 3166-1 alpha-2
	Lat     float64  `json:"lat"`
	Lon     float64  `json:"lon"`
	Aliases []string `json:"aliases,omitempty"`
	// Population is GeoNames' count of people, 0 where it is not known.
	Population int `json:"population,omitempty"`

	// geonames marks a place read from the GeoNames index rather than the
	// curated list; cue marks one whose name alone is too weak a sign
	// (a village, or a town named like an English word): it counts only
	// after a word such as "in" or "near", or when the text names its
	// region.
	geonames, cue bool
	// district marks a Russian raion ("Kabanskiy District"): a place of
	// kind city, the kind below the region that the database and the
	// editors know, found only as a phrase ("the Kabansky district").
	district bool
	// across is the country on the other side of a crossing (ISO code):
	// people queue at Upper Lars to enter Georgia.
	across string
}

// FromGeoNames reports whether p was read from the GeoNames index rather
// than the curated list (a town, or a country far from the war).
func (p *Place) FromGeoNames() bool { return p.geonames }

// District reports whether p is a Russian raion rather than a town: its
// kind is city, the kind below the region.
func (p *Place) District() bool { return p.district }

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
	byName map[string]*Place // exact Name → place, for Region
	// countries maps an ISO code to the country's entry, for Label.
	countries map[string]*Place
	forms     map[string]*placeForm   // folded phrase → form, for Lookup
	first     map[string][]*placeForm // folded first word → forms, most words first
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
	// Across is the country a crossing leads into ("GE" for Upper Lars):
	// its label names that border too.
	Across string `json:"across,omitempty"`
	// Person marks names that are also personal names ("Vladimir Putin").
	Person bool `json:"person,omitempty"`
	// Admin1 is the GeoNames code of a region ("RU.41"): the GeoNames
	// towns with that code belong to it.
	Admin1 string `json:"admin1,omitempty"`
	// Note explains a choice to whoever edits the data; the code ignores it.
	Note string `json:"note,omitempty"`
}

// placeForm is one way of writing a place, split the way Find reads text.
type placeForm struct {
	words []string // folded words
	gaps  []string // separator class between words[i] and words[i+1]
	trail string   // punctuation the form ends with, as in "U.S."
	place *Place   // what the form names, or the likeliest of several
	raw   string   // the form as written in the data
	// others are the other places of the same name, likeliest first:
	// Find picks among them by the regions the text names.
	others []*Place
	// region is what the city form means when the text goes on to say
	// "governor" or "regions": "the Kursk governor" is Kursk Oblast's.
	region *Place
	// person: a one-word form that is also a personal name does not match
	// before a capitalised word, so "Vladimir Putin" is not the city.
	person bool
	// spelling marks a form that is a way of writing the place's name (its
	// name, an alias, a GeoNames name), not a demonym, a derived phrase or
	// a guessed case: LabelAs shows such a form as the text wrote it.
	spelling bool
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
func NewGazetteer() (*Gazetteer, error) { return newGazetteer(placesJSON, geonamesIndex) }

// newGazetteer builds a gazetteer from places.json data and a GeoNames index
// (which may be nil); tests feed it broken data to see the checks fire.
func newGazetteer(data, index []byte) (*Gazetteer, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt key would otherwise drop data silently
	var recs []placeRecord
	if err := dec.Decode(&recs); err != nil {
		return nil, fmt.Errorf("places: places.json: %w", err)
	}
	geo, err := readIndex(index)
	if err != nil {
		return nil, err
	}
	g := &Gazetteer{
		byName:    make(map[string]*Place, len(recs)),
		countries: make(map[string]*Place),
		forms:     make(map[string]*placeForm),
		first:     make(map[string][]*placeForm),
	}
	// One allocation for every place, so that pointers into it stay valid.
	g.places = make([]Place, len(recs), len(recs)+geo.size())
	for i := range recs {
		g.places[i] = recs[i].Place
		p := &g.places[i]
		if err := checkPlace(p); err != nil {
			return nil, err
		}
		if a := recs[i].Across; a != "" {
			if p.Kind != "crossing" || a == p.Country || len(a) != 2 || a != strings.ToUpper(a) {
				return nil, fmt.Errorf("places: places.json: %q: across %q is no other country of a crossing", p.Name, a)
			}
			p.across = a
		}
		if g.byName[p.Name] != nil {
			return nil, fmt.Errorf("places: places.json: %q listed twice", p.Name)
		}
		g.byName[p.Name] = p
		if p.Kind == "country" && g.countries[p.Country] == nil {
			g.countries[p.Country] = p
		}
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
		for k, s := range slices.Concat([]string{p.Name}, p.Aliases, r.Demonyms) {
			if err := g.add(s, p, r.Person, placeWritten); err != nil {
				return nil, err
			}
			if k <= len(p.Aliases) {
				g.markSpelling(s)
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

	if err := g.addGeoNames(recs, geo); err != nil {
		return nil, err
	}
	for _, f := range g.forms {
		if len(f.others) > 0 {
			f.rank()
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
	placeGeoNames                       // a GeoNames name: another place of a name already known
)

// add indexes one written form of p.
func (g *Gazetteer) add(s string, p *Place, person bool, origin placeOrigin) error {
	f, err := newPlaceForm(s)
	if err != nil {
		return fmt.Errorf("places: places.json: %q: %w", p.Name, err)
	}
	f.place, f.raw = p, strings.TrimSpace(s)
	f.person = person && len(f.words) == 1
	k := f.key()
	if old := g.forms[k]; old != nil {
		if origin == placeGeoNames {
			old.others = append(old.others, p)
			return nil
		}
		if origin == placeGuessed || origin == placeDerivedForm && old.place == p {
			return nil
		}
		// Two spellings of one place may share a key ("Türkiye",
		// "Turkiye"); the same spelling twice is a slip in the data.
		if origin == placeWritten && old.place == p && !strings.EqualFold(old.raw, s) {
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

// rank orders the places of one name from the likeliest: the curated
// entry, then by population.
func (f *placeForm) rank() {
	all := append([]*Place{f.place}, f.others...)
	slices.SortStableFunc(all, func(a, b *Place) int {
		if a.geonames != b.geonames {
			if a.geonames {
				return 1
			}
			return -1
		}
		return b.Population - a.Population
	})
	f.place, f.others = all[0], all[1:]
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

// markSpelling marks the form of s as a spelling of its place's name.
func (g *Gazetteer) markSpelling(s string) {
	if f, err := newPlaceForm(s); err == nil {
		if pf := g.forms[f.key()]; pf != nil {
			pf.spelling = true
		}
	}
}

// Country returns the entry of the country with ISO code code, or nil.
func (g *Gazetteer) Country(code string) *Place { return g.countries[code] }

// Label names a place with the region and country it lies in, the way a
// reader needs it when the name alone is ambiguous: "Bryanka, Luhansk
// Oblast, Ukraine".
func (g *Gazetteer) Label(p *Place) string {
	if p == nil {
		return ""
	}
	parts := []string{p.Name}
	// "Moscow (federal city)" says no more than "Moscow".
	if r := g.Region(p); r != nil && !strings.Contains(r.Name, "(") {
		parts = append(parts, r.Name)
	}
	if c := g.countries[p.Country]; c != nil && c != p {
		parts = append(parts, c.Name)
	}
	// A crossing lies on a border: "Upper Lars, ..., Russia, border with
	// Georgia" says where those who queued there were going.
	if c := g.countries[p.across]; c != nil {
		parts = append(parts, "border with "+c.Name)
	}
	return strings.Join(parts, ", ")
}

// LabelAs is Label for a place the text named by written, which keeps the
// text's own spelling beside the gazetteer's when they differ, so that a
// reader (or an editor searching the article) finds the words again:
// "Chaikovsky (Chaykovsky), Perm Krai, Russia", "Yakutia (Sakha Republic),
// Russia". Demonyms, derived phrases ("Kursk region") and guessed Russian
// cases are not spellings of the name and give the plain Label.
func (g *Gazetteer) LabelAs(p *Place, written string) string {
	label := g.Label(p)
	if p == nil || p.Kind == "country" { // "Russian Federation" is no other place than Russia
		return label
	}
	w := strings.TrimSpace(written)
	for _, poss := range []string{"'s", "’s", "'S"} {
		w = strings.TrimSuffix(w, poss)
	}
	if w == "" || placeCyrillic(w) || strings.ContainsAny(w, "\n\t") || len(w) > 80 {
		return label
	}
	f, err := newPlaceForm(w)
	if err != nil {
		return label
	}
	if pf := g.forms[f.key()]; pf == nil || !pf.spelling {
		return label
	}
	if strings.Contains(placeLetters(label), placeLetters(w)) {
		return label
	}
	if strings.ToUpper(w) == w { // a dateline's "MOSCOW": its case says nothing
		return label
	}
	return w + " (" + p.Name + ")" + strings.TrimPrefix(label, p.Name)
}

// placeLetters folds s to its lower-case letters and digits without
// accents, for telling whether one spelling contains another.
func placeLetters(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !placeIsWord(r) }) {
		if strings.EqualFold(w, "saint") {
			w = "st" // "St Petersburg" is "Saint Petersburg"
		}
		for _, r := range w {
			b.WriteRune(placeFoldRune(r))
		}
	}
	return b.String()
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
