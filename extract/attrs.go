package extract

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"timeline/extract/dates"
	"timeline/extract/places"
	"timeline/models"
)

// attach gives a unit the time expression and the place that govern it.
func (a *analyzer) attach(u *unit) {
	u.date = a.nearestDate(u)
	if u.date == nil {
		u.date = a.narrativeDate(u.start, u.end)
	}
	u.place = a.bestPlace(u.start, u.end)
	if placeRank(placeOf(u.place)) >= 3 {
		if m := a.homePlace(u.start, u.end); m != nil {
			u.place = m
		} else if m := a.anaphoricPlace(u.start, u.end); m != nil {
			u.place = m
		}
	}
}

// narrativeTime matches the times a story tells relative to the day it told
// last: "a day later", "three days later", "the next morning", "that evening".
var narrativeTime = regexp.MustCompile(`(?i)\b(?:(a|an|one|two|three|four|five|six|seven|\d{1,2}) (day|days|week|weeks) later|the (next|following) (day|morning|evening|night|week)|(the same|that) (day|morning|evening|night)|later that (day|evening|night)|hours later)\b`)

// narrativeDate dates text[start:end] by a narrative time in it, counted
// from the last day the text named before it (not after publication); nil
// when there is none.
func (a *analyzer) narrativeDate(start, end int) *dates.Match {
	m := narrativeTime.FindStringSubmatchIndex(a.text[start:end])
	if m == nil {
		return nil
	}
	var base *dates.Match
	for i := sort.Search(len(a.dates), func(i int) bool { return a.dates[i].End > start }) - 1; i >= 0; i-- {
		if d := &a.dates[i]; d.Range.Start.Equal(d.Range.End) && !d.Range.Start.After(a.ref) {
			base = d
			break
		}
	}
	if base == nil {
		return nil
	}
	phrase := a.text[start+m[0] : start+m[1]]
	low := strings.ToLower(phrase)
	days := 0
	switch {
	case m[2] >= 0: // "N days later"
		n := numberWordValue(strings.ToLower(a.text[start+m[2] : start+m[3]]))
		days = n
		if strings.HasPrefix(strings.ToLower(a.text[start+m[4]:start+m[5]]), "week") {
			days = 7 * n
		}
	case strings.HasPrefix(low, "the next"), strings.HasPrefix(low, "the following"):
		days = 1
		if strings.HasSuffix(low, "week") {
			days = 7
		}
	}
	day := base.Range.Start.AddDate(0, 0, days)
	if day.After(a.ref) {
		return nil
	}
	return &dates.Match{Start: start + m[0], End: start + m[1], Text: phrase,
		Range: dates.Range{Start: day, End: day, Precision: models.PrecisionDay}}
}

// numberWordValue reads "a", "three" or "12" as a count; 1 for anything else.
func numberWordValue(w string) int {
	if n, err := strconv.Atoi(w); err == nil {
		return n
	}
	for i, s := range []string{"one", "two", "three", "four", "five", "six", "seven"} {
		if w == s {
			return i + 1
		}
	}
	return 1
}

func placeOf(m *places.Mention) *places.Place {
	if m == nil {
		return nil
	}
	return m.Place
}

// placeAnaphors refer back to the last region or city named: "residents of
// the republic", "the region's governor".
var placeAnaphors = []struct{ phrase, kind string }{
	{"the republic", "region"}, {"the region", "region"}, {"the province", "region"},
	{"the oblast", "region"}, {"the krai", "region"}, {"the city", "city"}, {"the town", "city"},
	{"the district", "district"},
}

// anaphoricPlace resolves a place anaphor in text[start:end] to the last
// place of its kind named before it in the document.
func (a *analyzer) anaphoricPlace(start, end int) *places.Mention {
	low := a.lower[start:end]
	for _, an := range placeAnaphors {
		phrase, kind := an.phrase, an.kind
		k := strings.Index(low, phrase)
		if k < 0 || k+len(phrase) < len(low) && isWordByte(low[k+len(phrase)]) {
			continue
		}
		for i := len(a.places) - 1; i >= 0; i-- {
			m := &a.places[i]
			if m.Start >= start+k || m.Place == nil || a.reference(m) {
				continue
			}
			if m.Place.Kind == kind && !(kind == "city" && m.Place.District()) || kind == "city" && m.Place.Kind == "crossing" || kind == "district" && (a.districtNamed(m) || m.Place.District()) {
				return m
			}
		}
	}
	return nil
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

// nearestDate picks, among the time expressions inside the unit, the one
// closest to the unit's first cue: in "a report over the weekend said the
// border will close this week", "this week" governs the closing.
func (a *analyzer) nearestDate(u *unit) *dates.Match {
	anchor := u.start
	for _, p := range u.trigPos {
		if p > 0 && (anchor == u.start || p-1 < anchor) {
			anchor = p - 1
		}
	}
	present := a.presentClause(u, anchor)
	i := sort.Search(len(a.dates), func(i int) bool { return a.dates[i].Start >= u.start })
	var best, inner *dates.Match
	bestDist, innerDist := 0, 0
	for ; i < len(a.dates) && a.dates[i].End <= u.end; i++ {
		d := &a.dates[i]
		if d.Range.Start.IsZero() || d.Range.End.Before(d.Range.Start) || a.comparison(d) {
			continue
		}
		// A time told in a clause embedded in the sentence ("the man who
		// set fire to it in May", "jailed for refusing to return in
		// June") dates that clause's deed: the sentence's own time beats
		// it.
		// A target's period is not when it was set or met: "said on
		// Friday it had met its target for the quarter".
		if a.targetPeriod(u, d) {
			continue
		}
		embedAt := a.embedded(u, d)
		if f := a.futureDate(u, d); f != nil {
			d = f
		} else if d.Range.Start.After(a.ref) && !a.futureMarked(u.start, u.end) {
			// News looks back: a time after publication ("over the
			// following days", read from the narrative) counts only in a
			// clause about the future ("will close the border next week").
			continue
		} else if d.Range.End.After(a.ref) && !a.futureMarked(u.start, u.end) {
			// What has happened "this year" happened up to the report:
			// "the group received more complaints this year".
			c := *d
			c.Range.End, c.Range.Precision = a.ref, models.PrecisionRange
			d = &c
		}
		dist := d.Start - anchor
		if dist < 0 {
			dist = anchor - d.End
		}
		// A date across a comma belongs to another clause more often than
		// not: "A report over the weekend, said the border will close this week".
		lo, hi := min(anchor, d.Start), max(anchor, d.End)
		if lo < hi && strings.ContainsAny(a.text[lo:hi], ",;—") {
			if present && !a.opensUnit(u, d) {
				continue // the cue's clause is told in the present
			}
			dist += clausePenalty
		}
		// A time that opens the clause ("In the spring, ...", "Earlier
		// this month the service said ...") frames all of it: it beats a
		// date in a relative clause or a trailing background aside.
		if a.opensClause(u.start, d) {
			dist = -1
		}
		if embedAt >= 0 {
			if inner == nil || dist < innerDist {
				inner, innerDist = d, dist
			}
			continue
		}
		if best == nil || dist < bestDist {
			best, bestDist = d, dist
		}
	}
	// With no time of its own, the unit takes the embedded one: the deed
	// a ruling judges is told with it more often than not (measured on
	// unseen articles: dating such rulings by the article lost events).
	if best == nil {
		return inner
	}
	return best
}

// comparisonDate matches the words before a "since" date that only measures
// a record: "the first official figure since March", "the largest since 2011".
var comparisonDate = regexp.MustCompile(`(?i)\b(first|highest|lowest|largest|biggest|smallest|most|fewest|least)\b[^,.;:]{0,40}$`)

// comparison reports whether d is the yardstick of a comparison, not the
// time of the happening.
func (a *analyzer) comparison(d *dates.Match) bool {
	if !strings.HasPrefix(strings.ToLower(d.Text), "since") {
		return false
	}
	return comparisonDate.MatchString(a.text[max(0, d.Start-60):d.Start])
}

// opensClause reports whether d starts the clause at start, after at most
// two words and no comma ("Earlier this month", "And in May").
func (a *analyzer) opensClause(start int, d *dates.Match) bool {
	if d.Start < start {
		return false
	}
	before := a.text[start:d.Start]
	return !strings.ContainsAny(before, ",;:—") && len(strings.Fields(before)) <= 2
}

// futureWords mark a clause that speaks of what is to come.
var futureWords = map[string]bool{
	"will": true, "would": true, "shall": true, "next": true, "upcoming": true, "scheduled": true,
	"plans": true, "planned": true, "planning": true, "expected": true, "coming": true, "won't": true,
}

func (a *analyzer) futureMarked(start, end int) bool {
	for _, t := range tokenize(a.lower, start, end, nil) {
		if futureWords[t.w] {
			return true
		}
	}
	return false
}

// clausePenalty pushes dates in another clause behind those in the cue's own.
const clausePenalty = 1000

func (a *analyzer) hasDate(start, end int) bool {
	i := sort.Search(len(a.dates), func(i int) bool { return a.dates[i].Start >= start })
	return i < len(a.dates) && a.dates[i].End <= end
}

func (a *analyzer) inDate(pos int) bool {
	i := sort.Search(len(a.dates), func(i int) bool { return a.dates[i].End > pos })
	return i < len(a.dates) && a.dates[i].Start <= pos
}

// placeRank orders places from the most specific; the two countries the
// war is about come last, since nearly every article names them.
func placeRank(p *places.Place) int {
	if p == nil {
		return 9
	}
	switch p.Kind {
	case "city", "crossing":
		return 0
	case "region":
		return 1
	case "area":
		return 2
	case "country":
		if p.Country == "RU" || p.Country == "UA" {
			return 4
		}
		return 3
	}
	return 5
}

// specificPlace reports whether a place is precise enough to tell two
// happenings apart (a city or a region, not a country).
func specificPlace(m *places.Mention) bool {
	return m != nil && placeRank(m.Place) <= 1
}

// samePlace reports whether two mentions name one place, or one lies in the
// other ("Bryanka" in the "Luhansk region").
func samePlace(a, b *places.Mention) bool {
	if a == nil || b == nil || a.Place == nil || b.Place == nil {
		return a == b
	}
	pa, pb := a.Place, b.Place
	return pa.Name == pb.Name || pa.Region != "" && pa.Region == pb.Name || pb.Region != "" && pb.Region == pa.Name ||
		pa.Region != "" && pa.Region == pb.Region && (pa.Kind == "region" || pb.Kind == "region")
}

// referencePlace matches the words before a place named only to locate
// another one: "115 miles southeast of Moscow", "near Moscow", "near the
// border with Ukraine".
var referencePlace = regexp.MustCompile(`(?i)(\b(miles|km|kilometers|kilometres)\s+(\w+\s+)?of|\bnear|\boutskirts of|\b(north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest)\s+of|\bnear\s+(the|its|their)\s+(\w+\s+)?borders?\s+with)\s*(the\s+)?$`)

// reference reports whether a mention only locates another place: "115
// miles southeast of Moscow", "a town south-east of Moscow".
func (a *analyzer) reference(m *places.Mention) bool {
	return referencePlace.MatchString(a.text[max(0, m.Start-40):m.Start])
}

// bestPlace returns the most specific place named in text[start:end]: a city
// before a region before a country, the first named among equals. A place
// named as where people come from ("soldiers from Buryatia") gives way to
// a town or region named as where something happened ("killed in the
// Donetsk region"); a place named only to locate
// another, a dateline, and the members of a list of three or more
// countries (which name no one place) are left out.
func (a *analyzer) bestPlace(start, end int) *places.Mention {
	i := sort.Search(len(a.places), func(i int) bool { return a.places[i].Start >= start })
	var best *places.Mention
	bestRank, site := 0, false
	for k := i; k < len(a.places) && a.places[k].Start < end; k++ {
		m := &a.places[k]
		site = site || m.End <= end && specificPlace(m) && a.site(m) && !a.origin(m)
	}
	for ; i < len(a.places) && a.places[i].Start < end; i++ {
		m := &a.places[i]
		if m.End > end || m.Place == nil {
			continue
		}
		if a.reference(m) || a.wireDateline(m) || a.inCountryList(i) {
			continue
		}
		r := 10 * placeRank(m.Place)
		if site && r <= 10 && a.origin(m) {
			r = 15 + r/10 // after the places of the happening, before any area
		}
		if best == nil || r < bestRank {
			best, bestRank = m, r
		}
	}
	return best
}

// wireDateline reports whether a place opens a paragraph in capitals, as in
// "MOSCOW, Sept 29 (Reuters) -": where the report was filed, not where the
// event happened.
func (a *analyzer) wireDateline(m *places.Mention) bool {
	if m.Start > 0 && a.text[m.Start-1] != '\n' {
		return false
	}
	name := a.text[m.Start:m.End]
	return len(name) > 2 && strings.ToUpper(name) == name && strings.ToLower(name) != name
}

// titleWords and other capitalised words that are not actors on their own.
var notActors = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "and": true, "but": true,
	"he": true, "she": true, "it": true, "they": true, "we": true, "i": true, "this": true, "that": true,
	"these": true, "those": true, "there": true, "according": true, "as": true, "since": true,
	"after": true, "when": true, "while": true, "however": true, "meanwhile": true, "some": true,
	"many": true, "his": true, "her": true, "their": true, "its": true, "our": true, "if": true,
	"president": true, "presidential": true, "governor": true, "minister": true, "deputy": true,
	"spokesman": true, "spokeswoman": true, "general": true, "gen": true, "lt": true, "col": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "colonel": true, "sergeant": true, "major": true,
	"russian": true, "russians": true, "ukrainian": true, "ukrainians": true, "soviet": true,
	"western": true, "eastern": true, "northern": true, "southern": true, "british": true,
	"american": true, "german": true, "french": true, "chinese": true, "belarusian": true,
	"georgian": true, "kazakh": true, "finnish": true, "buryat": true, "chechen": true,
	"war": true, "photo": true, "related": true, "news": true, "trending": true, "now": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true,
	"may": true, "june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "yesterday": true, "today": true, "last": true, "early": true,
	"late": true, "mid": true, "nobody": true, "no": true, "who": true, "why": true, "what": true,
	"not": true, "nor": true, "despite": true, "although": true, "even": true, "with": true,
	"for": true, "from": true, "by": true, "of": true, "to": true, "is": true, "was": true,
	"special": true, "operation": true, "it's": true, "we're": true, "i'm": true,
	"they're": true, "another": true, "one": true, "two": true, "both": true, "all": true,
}

// personTitles stand before a person's name.
var personTitles = map[string]bool{
	"president": true, "minister": true, "governor": true, "mayor": true, "spokesman": true,
	"spokeswoman": true, "general": true, "colonel": true, "commander": true, "chief": true,
	"secretary": true, "head": true, "director": true, "founder": true, "lawyer": true, "deputy": true,
	"senator": true, "speaker": true, "patriarch": true, "ombudsman": true, "gen": true, "col": true,
}

// joiners may sit inside a name: "Ministry of Defence", "Office of the President".
var joiners = map[string]bool{"of": true, "the": true, "for": true, "de": true, "al": true}

// actorAliases folds common spellings of one organisation.
var actorAliases = map[string]string{
	"Ministry of Defense": "Defence Ministry", "Ministry of Defence": "Defence Ministry",
	"Defense Ministry": "Defence Ministry", "Wagner Group": "Wagner", "Wagner Team": "Wagner",
	"Russian Defense Ministry": "Defence Ministry", "Russian Defence Ministry": "Defence Ministry",
}

// actors returns the people and organisations named in text[start:end]:
// runs of capitalised words that are not places, dates or sentence openers.
// A capitalised word opening a sentence counts only when the article also
// capitalises it mid-sentence ("Peskov urged ...", not "Potentially, ...").
func (a *analyzer) actors(start, end int, sents []Sentence) []string {
	toks := tokenize(a.lower, start, end, nil)
	quotes := quoteSpans(a.text, start, end)
	var out []string
	add := func(run []token) {
		// "Defence Minister Sergei Shoigu" is Sergei Shoigu.
		for k := len(run) - 2; k >= 0; k-- {
			if personTitles[run[k].w] {
				run = run[k+1:]
				break
			}
		}
		// "Russia's Dagestan" is Dagestan.
		for len(run) > 1 && possessive(run[0].w) && a.isPlace(run[0].start, a.stemEnd(run[0])) {
			run = run[1:]
		}
		for len(run) > 0 && (notActors[run[0].w] || joiners[run[0].w]) {
			run = run[1:]
		}
		for len(run) > 0 && (joiners[run[len(run)-1].w] || notActors[run[len(run)-1].w] && len(run) == 1) {
			run = run[:len(run)-1]
		}
		if len(run) == 0 || inSpans(quotes, run[0].start) {
			return
		}
		s, e := run[0].start, a.stemEnd(run[len(run)-1])
		if e <= s || a.isPlace(s, e) {
			return
		}
		name := a.text[s:e]
		if alias, ok := actorAliases[name]; ok {
			name = alias
		}
		if utf8.RuneCountInString(name) < 2 || strings.Contains(name, "-") && hasLowerPart(name) {
			return
		}
		out = addActor(out, name)
	}
	var run []token
	for i, t := range toks {
		capital := isCapitalised(a.text[t.start:t.end])
		joined := i > 0 && a.text[toks[i-1].end:t.start] == " "
		opener := sentenceStart(sents, t.start, a.text)
		switch {
		case capital && opener:
			if len(run) > 0 {
				add(run)
			}
			run = nil
			// A name may open a sentence: "Alexandra Smirnova, a lawyer, ...".
			nextCap := i+1 < len(toks) && a.text[t.end:toks[i+1].start] == " " &&
				isCapitalised(a.text[toks[i+1].start:toks[i+1].end])
			if a.capitalisedMidSentence(sents)[t.w] || nextCap && !notActors[t.w] {
				run = append(run, t)
			}
		case capital && (len(run) == 0 || joined):
			run = append(run, t)
		case joiners[t.w] && len(run) > 0 && joined:
			run = append(run, t)
		default:
			if len(run) > 0 {
				add(run)
			}
			run = nil
			if capital {
				run = append(run, t)
			}
		}
	}
	if len(run) > 0 {
		add(run)
	}
	return out
}

// addActor appends name unless it is there already, in full or as the
// surname of a name there ("Peskov" after "Dmitry Peskov").
func addActor(out []string, name string) []string {
	for i, o := range out {
		switch {
		case o == name, strings.HasSuffix(o, " "+name):
			return out
		case strings.HasSuffix(name, " "+o):
			out[i] = name
			return out
		}
	}
	return append(out, name)
}

func possessive(w string) bool { return strings.HasSuffix(w, "'s") }

// stemEnd is where a token ends without its possessive "'s" or "’s".
func (a *analyzer) stemEnd(t token) int {
	switch w := a.text[t.start:t.end]; {
	case strings.HasSuffix(w, "’s"):
		return t.end - len("’s")
	case strings.HasSuffix(w, "'s"), strings.HasSuffix(w, "'S"):
		return t.end - len("'s")
	}
	return t.end
}

// hasLowerPart spots hyphenated adjectives: "Kremlin-critical", "Russian-controlled".
func hasLowerPart(name string) bool {
	for _, part := range strings.Split(name, "-")[1:] {
		if part != "" && !isCapitalised(part) {
			return true
		}
	}
	return false
}

// capitalisedMidSentence is the set of words the text capitalises other than
// at the start of a sentence: names, not sentence openers. Built once.
func (a *analyzer) capitalisedMidSentence(sents []Sentence) map[string]bool {
	if a.midCaps != nil {
		return a.midCaps
	}
	a.midCaps = map[string]bool{}
	var toks []token
	for _, s := range sents {
		toks = tokenize(a.lower, s.Start, s.End, toks[:0])
		for i, t := range toks {
			if i > 0 && isCapitalised(a.text[t.start:t.end]) && !sentenceStart(sents, t.start, a.text) {
				a.midCaps[t.w] = true
			}
		}
	}
	return a.midCaps
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// sentenceStart reports whether pos is the first word of a sentence (after
// any opening quote).
func sentenceStart(sents []Sentence, pos int, text string) bool {
	i := sort.Search(len(sents), func(i int) bool { return sents[i].End > pos })
	if i >= len(sents) {
		return false
	}
	return strings.TrimLeft(text[sents[i].Start:pos], "\"“‘'( ") == ""
}

func (a *analyzer) isPlace(start, end int) bool {
	i := sort.Search(len(a.places), func(i int) bool { return a.places[i].End > start })
	return i < len(a.places) && a.places[i].Start <= start && a.places[i].End >= end
}

// numberStop ends the words taken after a figure.
var numberStop = map[string]bool{
	"of": true, "to": true, "the": true, "and": true, "in": true, "on": true, "at": true, "a": true,
	"from": true, "for": true, "by": true, "with": true, "or": true, "as": true, "that": true,
	"who": true, "were": true, "was": true, "have": true, "had": true, "has": true, "are": true,
	"is": true, "such": true, "might": true, "may": true, "per": true, "than": true,
}

// numbers returns the figures of text[start:end] with the words they count:
// "300,000 new troops", "17 administrative offices". Dates and years are left out.
func (a *analyzer) numbers(start, end int) []string {
	toks := tokenize(a.lower, start, end, nil)
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !(isFigure(t.w) || numberWords[t.w]) || a.inDate(t.start) {
			continue
		}
		s, e := t.start, t.end
		if s > 0 && strings.ContainsAny(a.text[s-1:s], "$€£") {
			s--
		}
		n := 0
		for k := i + 1; k < len(toks) && n < 2; k++ {
			w := toks[k].w
			if numberStop[w] || isFigure(w) || a.text[toks[k-1].end:toks[k].start] != " " ||
				isCapitalised(a.text[toks[k].start:toks[k].end]) && n > 0 {
				break
			}
			e = toks[k].end
			n++
			if !adjectives[w] {
				break
			}
		}
		if numberWords[t.w] && n == 0 {
			continue
		}
		out = append(out, a.text[s:e])
	}
	return out
}

var numberWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "dozens": true,
	"hundreds": true, "thousands": true, "millions": true,
}

// adjectives may stand between a figure and what it counts.
var adjectives = map[string]bool{
	"new": true, "more": true, "other": true, "administrative": true, "military": true,
	"russian": true, "ukrainian": true, "additional": true, "young": true, "regional": true,
}
