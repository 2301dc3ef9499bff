package extract

import (
	"regexp"
	"sort"
	"strings"

	"timeline/extract/places"
)

// This file holds how an event's place is chosen once its sentences are
// known: the place the sentences name, else where the story is, else the
// country the article is about. attrs.go picks the place of one unit.

// eventPlace chooses the draft's place and the words to show for it.
func (a *analyzer) eventPlace(d *draft, evidence string) (*places.Place, string) {
	var m *places.Mention // the words the chosen place was read from
	var p *places.Place
	// Russia and Ukraine say nothing in a chronology of Russia's war, except
	// where deaths occurred.
	if d.place != nil && (placeRank(d.place.Place) < 4 || d.typ == tCasualties) {
		m, p = d.place, d.place.Place
	}
	// People leave one place for another: the exodus happened where they
	// went, crossed or arrived ("fled Moscow for Tbilisi", "men from
	// Buryatia crossed into Mongolia").
	if d.typ == tExodus && !d.measure {
		if dst := a.destination(d, m); dst != nil {
			m, p = dst, dst.Place
		}
	}
	// A place the sentences name only as where people came from ("89
	// deaths, many of them men called up from the Samara region") gives
	// way to where the paragraph just said it happened ("a strike hit a
	// barracks in Makiivka").
	if m != nil && a.origin(m) {
		free := *d // the happening may lie in another country than the people's home
		free.place = nil
		if b := a.placeBefore(&free, a.paraStart(d.start)); b != nil && !a.origin(b) {
			m, p = b, b.Place
		}
	}
	// The state acts where it sits: a decree, an exemption or a border
	// measure of the central state, told with no place of its own (a place
	// taken in from a later sentence is not its own).
	own := d.place != nil && d.place.Start >= d.start && d.place.End <= d.end
	if a.capital != nil && (p == nil || !own && specificPlace(d.place)) && a.stateAct(d) && federal(evidence) {
		m, p = nil, a.capital
	}
	if p == nil && a.country != nil && nationwide.MatchString(evidence) {
		// "Arson attacks in different parts of the country": the whole
		// country, not the town the story was last in.
		p = a.country
	}
	if p == nil {
		// The event names no town or region of its own: it happened where
		// the story last was ("Yesterday more than a hundred were detained
		// there").
		if b := a.placeBefore(d, a.sectionOf(d)); b != nil {
			m, p = b, b.Place
		}
	}
	if p == nil && d.place != nil {
		m, p = d.place, d.place.Place
	}
	if p == nil {
		// A wire report's dateline ("YAKUTSK, Sept 26 (Reuters) -") is
		// where the reporter was: for an event told with no place of its
		// own, where it happened, and more than the country.
		if dl := a.dateline(); dl != nil {
			m, p = dl, dl.Place
		}
	}
	if p == nil && a.headline != nil {
		// The headline says where the story is ("Women block a highway
		// in Dagestan") when the body takes it as known.
		m, p = a.headline, a.headline.Place
	}
	if p == nil && a.country != nil {
		// The article names no place for this event: it happened in the
		// country the article is about.
		p = a.country
	}
	if p == nil {
		return nil, ""
	}
	if a.g == nil {
		return p, p.Name
	}
	if m != nil && m.Place == p {
		return p, a.g.LabelAs(p, m.Text)
	}
	return p, a.g.Label(p)
}

// placeBefore is the last town or region the draft's section names before
// the draft, in the country the draft names if it names one: where the
// story is when a sentence gives no place of its own. A place named only to
// locate another ("south-east of Moscow") does not count.
func (a *analyzer) placeBefore(d *draft, from int) *places.Mention {
	i := sort.Search(len(a.places), func(i int) bool { return a.places[i].Start >= d.start })
	for i--; i >= 0 && a.places[i].Start >= from; i-- {
		m := &a.places[i]
		if !specificPlace(m) || a.reference(m) || a.inCountryList(i) {
			continue
		}
		if d.place != nil && d.place.Place.Country != m.Place.Country {
			return nil
		}
		return a.container(i)
	}
	return nil
}

// headlinePlace is the most specific town, crossing or region a title
// names, the first among equals; nil when it names none, or only a place
// people come from.
func headlinePlace(g *places.Gazetteer, title string) *places.Mention {
	if title == "" {
		return nil
	}
	var best *places.Mention
	ms := g.Find(title)
	for i := range ms {
		m := &ms[i]
		if placeRank(m.Place) > 1 || originPlace.MatchString(title[max(0, m.Start-60):m.Start]) ||
			referencePlace.MatchString(title[max(0, m.Start-40):m.Start]) {
			continue
		}
		if best == nil || placeRank(m.Place) < placeRank(best.Place) {
			best = m
		}
	}
	return best
}

// dateline returns the town or region a report's dateline names ("KAZAN,
// 12 October -"), or nil: a place in capitals opening the text or its
// first paragraph after a headline.
func (a *analyzer) dateline() *places.Mention {
	for i := range a.places {
		m := &a.places[i]
		if m.Start > 300 {
			break
		}
		if a.wireDateline(m) && specificPlace(m) {
			return m
		}
	}
	return nil
}

// sectionOf is where the draft's section begins.
func (a *analyzer) sectionOf(d *draft) int {
	if d.section < len(a.sectionStart) {
		return a.sectionStart[d.section]
	}
	return 0
}

// paraStart is where the paragraph holding pos begins.
func (a *analyzer) paraStart(pos int) int {
	if k := strings.LastIndex(a.text[:pos], "\n\n"); k >= 0 {
		return k + 2
	}
	return 0
}

// container returns the town a region mention locates, when the region
// follows it closely as its container ("in Syzran, in the Samara region";
// "Makhachkala, the capital of Dagestan"): the story is in the town. Else
// the mention itself.
func (a *analyzer) container(i int) *places.Mention {
	m := &a.places[i]
	if i == 0 || m.Place.Kind != "region" {
		return m
	}
	c := &a.places[i-1]
	if c.Place.Region != m.Place.Name || m.Start-c.End > 60 || strings.ContainsAny(a.text[c.End:m.Start], ".;!?\n") {
		return m
	}
	return c
}

// originPlace matches the words before a place named as where people come
// from rather than where something happened: "soldiers from Buryatia",
// "men called up from the Samara region", "a native of Omsk".
var originPlace = regexp.MustCompile(`(?i)\b(?:(?:men|man|women|soldiers?|servicem[ae]n|conscripts?|reservists?|volunteers?|fighters?|troops|recruits?|prisoners?|convicts?|inmates?|people|citizens|families|sons?|husbands?|fathers?|guys|boys|draftees?)(?:\s+[\w-]+){0,3}?\s+(?:originally\s+|mostly\s+|mainly\s+|all\s+)?from|natives?\s+of|born\s+in|hails?\s+from|hailed\s+from)\s+(?:the\s+)?$`)

// origin reports whether m names where people come from.
func (a *analyzer) origin(m *places.Mention) bool {
	return originPlace.MatchString(a.text[max(0, m.Start-60):m.Start])
}

// leftPlace matches the words before a place people leave: "fled Moscow",
// "left for Georgia from Kazan", "flights out of St Petersburg".
var leftPlace = regexp.MustCompile(`(?i)\b(?:from|left|leaving|leave|leaves|fled|flee|flees|fleeing|escaped|escaping|escape|out of|quit|quitting|departed|departing)\s+(?:the\s+|their\s+home\s+(?:town|city)\s+of\s+)?$`)

// reachedPlace matches the words before a place people go to, cross at or
// arrive in: "to Yerevan", "into Mongolia", "for Tbilisi", "at Upper Lars",
// "arrived in Astana".
var reachedPlace = regexp.MustCompile(`(?i)\b(?:to|into|for|in|at|reach|reached|reaching|entered|entering|enter|crossed|crossing|via|through)\s+(?:the\s+)?(?:neighbouring\s+|neighboring\s+)?$`)

// serviceFrom matches a route named by its origin ("flights from Moscow to
// Istanbul sold out"): tickets sell out where the route starts, and the
// news is there.
var serviceFrom = regexp.MustCompile(`(?i)\b(?:flights?|tickets?|trains?|buses|bus|routes?|services|fares?|planes?|seats)\s+(?:[\w-]+\s+)?from\s+(?:the\s+)?$`)

// destination returns where the people of an exodus went when the place
// chosen for it is where they left from, and the draft names a place they
// went to, crossed at or arrived in: the most specific one, first among
// equals. Else nil.
func (a *analyzer) destination(d *draft, from *places.Mention) *places.Mention {
	left := func(m *places.Mention) bool {
		before := a.text[max(0, m.Start-40):m.Start]
		return leftPlace.MatchString(before) && !serviceFrom.MatchString(before) || a.origin(m)
	}
	if from == nil || !left(from) {
		return nil
	}
	var best *places.Mention
	for i := sort.Search(len(a.places), func(i int) bool { return a.places[i].Start >= d.start }); i < len(a.places) && a.places[i].End <= d.end; i++ {
		m := &a.places[i]
		if m == from || m.Place == from.Place || placeRank(m.Place) >= 4 || left(m) || a.reference(m) || a.inCountryList(i) {
			continue
		}
		if !reachedPlace.MatchString(a.text[max(0, m.Start-40):m.Start]) {
			continue
		}
		if best == nil || placeRank(m.Place) < placeRank(best.Place) {
			best = m
		}
	}
	return best
}

// nationwide matches words that give a happening the whole country as its
// place: "across the country", "nationwide", "in dozens of regions".
var nationwide = regexp.MustCompile(`(?i)\b(?:across|throughout|all over|around) (?:the country|the nation|russia)\b|\bnationwide\b|\bcountrywide\b|\bparts of the country\b|\b(?:many|several|dozens of|most|all|\d+) (?:of (?:the|its) |other |russian |federal )?regions\b`)

// districtNamed reports whether a mention names a district by its town:
// "Barguzin district", "the Kizhinga raion". "The district" refers back to it.
func (a *analyzer) districtNamed(m *places.Mention) bool {
	rest := a.lower[m.End:min(len(a.lower), m.End+len(" district"))]
	for _, w := range []string{" district", " raion", " rayon", " ulus"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// sitePlace matches the words before a place named as where something
// happened: "in", "at", "outside", "inside".
var sitePlace = regexp.MustCompile(`(?i)\b(?:in|at|outside|inside|on)\s+(?:the\s+)?(?:occupied\s+|village\s+of\s+|town\s+of\s+|city\s+of\s+)?$`)

// site reports whether m is named as where something happened.
func (a *analyzer) site(m *places.Mention) bool {
	return sitePlace.MatchString(a.text[max(0, m.Start-30):m.Start])
}

// inCountryList reports whether the i-th mention is a country in a list of
// three or more ("Kazakhstan, Georgia, Armenia and Mongolia"): such a list
// names no one place of a happening.
func (a *analyzer) inCountryList(i int) bool {
	if a.places[i].Place.Kind != "country" {
		return false
	}
	n := 1
	for k := i; k > 0 && a.listed(k-1, k); k-- {
		n++
	}
	for k := i; k+1 < len(a.places) && a.listed(k, k+1); k++ {
		n++
	}
	return n >= 3
}

// listed reports whether mentions j and k (= j+1) are countries next to
// each other in a list: separated by a comma, "and" or "or".
func (a *analyzer) listed(j, k int) bool {
	pj, pk := &a.places[j], &a.places[k]
	if pj.Place.Kind != "country" || pk.Place.Kind != "country" || pk.Start < pj.End {
		return false
	}
	switch strings.TrimSpace(a.text[pj.End:pk.Start]) {
	case ",", "and", ", and", "or", ", or":
		return true
	}
	return false
}

// homeAnaphor matches a speaker's own place: "our town", "my home village",
// "our region".
var homeAnaphor = regexp.MustCompile(`(?i)\b(?:our|my)\s+(?:home\s+|own\s+|native\s+)?(town|city|village|hometown|region|republic)\b`)

// homePlace resolves "our town" or "our region" in text[start:end] to the
// first town (or region) the article names: a first-person account or an
// interview introduces where its speaker lives before it says "our town".
func (a *analyzer) homePlace(start, end int) *places.Mention {
	k := homeAnaphor.FindStringSubmatchIndex(a.text[start:end])
	if k == nil {
		return nil
	}
	kind := "city"
	if w := strings.ToLower(a.text[start+k[2] : start+k[3]]); w == "region" || w == "republic" {
		kind = "region"
	}
	for i := range a.places {
		m := &a.places[i]
		if m.Start >= start+k[0] {
			break
		}
		if a.reference(m) || !specificPlace(m) || a.origin(m) && kind == "city" && m.Place.Kind != "city" {
			continue
		}
		if m.Place.Kind == kind || kind == "city" && m.Place.Kind == "crossing" {
			return m
		}
		if kind == "region" && m.Place.Region != "" {
			// "our region" after "Syzran, in the Samara region" is the
			// town's region; the town says more.
			return m
		}
	}
	return nil
}

// mainCountry is the country an article names most, counting a town or
// region for its country, or nil when it names no place.
func mainCountry(g *places.Gazetteer, ms []places.Mention) *places.Place {
	count := map[string]int{}
	best := ""
	for _, m := range ms {
		c := m.Place.Country
		count[c]++
		if best == "" || count[c] > count[best] {
			best = c
		}
	}
	if best == "" {
		return nil
	}
	return g.Country(best)
}

// stateActs marks the types that are acts of the state: decrees and
// exemptions are issued where the government sits.
var stateActs = map[evType]bool{tMobilization: true, tExemption: true}

// stateAct reports whether the draft is an act of the state: a decree, an
// exemption, or a measure at its own borders ("whether Russia would close
// its borders"), not the people leaving after "Putin's call-up".
func (a *analyzer) stateAct(d *draft) bool {
	return stateActs[d.typ] || d.typ == tExodus && borderMeasure.MatchString(a.text[d.start:d.end])
}

// borderMeasure matches a state closing or restricting the way out.
var borderMeasure = regexp.MustCompile(`(?i)\b(?:close|closes|closed|closing|closure|shut|shuts|shutting|seal|sealed|restrict\w*|ban|bans|banned|bar|barred)\b[^.;]{0,30}\b(?:borders?|exit|leaving|departures?)\b|\bexit (?:ban|permits?|visas?)\b`)

// federalWords name the Russian state's central institutions, whose acts
// happen in Moscow when the text names no other place.
var federalWords = []string{"Kremlin", "Putin", "Defense Ministry", "Defence Ministry",
	"Ministry of Defense", "Ministry of Defence", "State Duma", "General Staff", "Moscow",
	"Presidential", "presidential", "Office of the President", "Peskov", "Shoigu", "Belousov",
	"Gerasimov", "Federation Council", "Duma", "Security Council", "Medvedev", "Mishustin",
	"Russian government", "Russia's government", "Russia’s government"}

func federal(evidence string) bool {
	for _, w := range federalWords {
		if strings.Contains(evidence, w) {
			return true
		}
	}
	return false
}
