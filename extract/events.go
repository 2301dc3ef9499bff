package extract

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"timeline/extract/dates"
	"timeline/extract/places"
	"timeline/models"
)

// lexiconMatcher is compiled once: it is read-only and shared by all calls.
var lexiconMatcher = newMatcher(lexiconEntries())

// Events finds the events an article reports. It is pure: the publication
// date is the only clock, and g (which may be nil) the only data.
//
// Each sentence is typed from trigger phrases and their context; consecutive
// sentences about one happening become one event, and a sentence reporting
// two happenings (two clauses with their own dates) becomes two events.
func Events(doc Document, g *places.Gazetteer) []Event {
	text := doc.Text
	if strings.TrimSpace(text) == "" || !utf8.ValidString(text) {
		return nil
	}
	ref := dayOf(doc.Published)
	a := &analyzer{m: lexiconMatcher, text: text, lower: asciiLower(text), ref: ref}
	a.dates = validDates(dates.Find(text, ref, dates.PreferPast), text)
	if g != nil {
		a.g = g
		a.places = validPlaces(g.Find(text), text)
		a.capital = g.Lookup("Moscow")
		a.country = mainCountry(g, a.places)
		a.headline = headlinePlace(g, doc.Title)
	}
	sents := Sentences(text)
	infos, refs := a.read(sents, doc.Title)
	drafts := dropLede(chain(infos, refs, text), text, ref)
	for _, d := range drafts {
		if d.date == nil {
			d.date = a.narrativeTime(d, sents)
		}
	}
	drafts = dropOld(drafts, ref)
	drafts = dropOffTopic(drafts)
	evs := make([]Event, 0, len(drafts))
	for _, d := range drafts {
		evs = append(evs, a.event(d, ref, sents))
	}
	return dedupe(evs)
}

// dayOf is the calendar day of t in its own time zone, as midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// validDates keeps the time expressions whose offsets fit the text, sorted.
func validDates(ds []dates.Match, text string) []dates.Match {
	out := ds[:0:0]
	for _, d := range ds {
		if 0 <= d.Start && d.Start < d.End && d.End <= len(text) && !d.Range.Start.IsZero() {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// validPlaces keeps the place mentions whose offsets fit the text, sorted.
func validPlaces(ps []places.Mention, text string) []places.Mention {
	out := ps[:0:0]
	for _, p := range ps {
		if 0 <= p.Start && p.Start < p.End && p.End <= len(text) && p.Place != nil {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// read analyses the sentences that can carry events: not headings, not
// the title again, not a paragraph pasted twice. Beside each sentence it
// returns the types its units only refer to (see reconsider).
func (a *analyzer) read(sents []Sentence, title string) ([]sentInfo, [][]mentions) {
	seen := map[string]bool{}
	if title != "" {
		seen[foldSpace(title)] = true
	}
	var out []sentInfo
	var refs [][]mentions
	a.capitalisedMidSentence(sents) // names, for telling speakers apart
	section := 0
	a.sectionStart = append(a.sectionStart[:0], 0)
	for _, s := range sents {
		key := foldSpace(s.Text)
		if s.Heading {
			section++ // a subheading or a live blog's entry starts a new story
			a.sectionStart = append(a.sectionStart, s.Start)
			continue
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		var prev *sentInfo
		if n := len(out); n > 0 && out[n-1].Para == s.Para {
			prev = &out[n-1]
		}
		si := a.analyze(s, prev)
		r := a.reconsider(&si)
		si.section = section
		out = append(out, si)
		refs = append(refs, r)
	}
	return out, refs
}

func foldSpace(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// draft is an event being assembled from units.
type draft struct {
	typ        evType
	strong     bool
	start, end int
	date       *dates.Match
	place      *places.Mention
	first      int // index of its first sentence in the read sentences
	figure     bool
	// para and section are where the draft was last told: a later
	// paragraph refers back to it only within its section.
	para, section int
	// law marks a draft read from a step of a law ("passed a bill"): the
	// next steps ("approved it on Wednesday") are events of its type.
	law bool
	// measure marks an exodus draft about a state's border measure, not
	// about the people crossing.
	measure bool
	// offTopic marks a protest about something else than the war (see
	// combine): dropped with what elaborates it, unless a unit naming the
	// war or the army joins it.
	offTopic bool
	// farIn is 1 + the paragraph whose units the draft took in from afar
	// (see absorbFar); 0 when none. Later units of that paragraph are
	// absorbed the same way, so the evidence stays where it was told.
	farIn int
}

func newDraft(t evType, u *unit, si *sentInfo, sent int, strong bool) *draft {
	return &draft{typ: t, strong: strong, start: u.start, end: u.end, date: u.date, place: u.place,
		first: sent, figure: u.figure, para: si.Para, section: si.section,
		law: u.ctx.has(cLaw) && u.ctx.has(cLawStep), measure: u.ctx.has(cMeasure),
		offTopic: t == tProtest && u.offTopic}
}

// absorbFar takes a unit of a later paragraph as more evidence: it fills in
// a date or place the draft lacked but leaves the evidence where the draft
// was told, since the paragraphs between may tell other happenings.
func (d *draft) absorbFar(u *unit, si *sentInfo) {
	d.offTopic = d.offTopic && !u.onTopic
	if d.date == nil || narrower(u.date, d.date) {
		d.date = u.date
	}
	if d.place == nil || !specificPlace(d.place) && specificPlace(u.place) {
		if u.place != nil {
			d.place = u.place
		}
	}
	d.para = si.Para
	d.farIn = si.Para + 1
}

// grow adds a unit of the draft's paragraph: as evidence when the draft
// was told there, else as a far elaboration.
func (d *draft) grow(u *unit, si *sentInfo) {
	if d.farIn == si.Para+1 {
		d.absorbFar(u, si)
		return
	}
	d.extend(u)
}

// elaborationReach is how many paragraphs back a sentence may go on
// about an event without naming it.
const elaborationReach = 3

// elaborated finds the event of type t told in an earlier paragraph of the
// section that a unit only elaborates: the same type and nothing new, no
// figure of its own, no other city or region, no other time (a time within
// the event's short one is the same one told more exactly:
// "last spring" and "in May"). Class: the details of one happening spread
// over paragraphs, unless a new speaker tells it ("Putin ordered a mobilisation" ... "In a televised
// address he said he had signed a decree"; "seven volunteers left on
// Monday" ... "a priest blessed the volunteers").
func elaborated(out []*draft, t evType, u *unit, si *sentInfo, text string) *draft {
	if u.figure {
		return nil
	}
	for j := len(out) - 1; j >= 0 && j >= len(out)-maxReferents; j-- {
		c := out[j]
		if c.section != si.section || c.para == si.Para || si.Para-c.para > elaborationReach {
			continue
		}
		if c.typ != t {
			continue
		}
		// A vague opening summary is restated by the body, not
		// elaborated: the body's report is the detailed one (see dropLede).
		if c.first < ledeSentences && vague(c) {
			return nil
		}
		if specificPlace(u.place) && !(c.place != nil && samePlace(u.place, c.place)) || otherCountry(u.place, c.place) {
			return nil
		}
		if u.date != nil && (c.date == nil || !sameDate(u.date, c.date) && !(covers(c.date, u.date) && short(c.date))) {
			return nil
		}
		if t == tExodus && c.measure != u.ctx.has(cMeasure) {
			return nil
		}
		// A statement by someone the event did not name is news of its
		// own: "Vice-Admiral X said the conscripts would not be sent"
		// after "Putin signed a decree".
		if newSpeaker(out, c, u, text) {
			return nil
		}
		return c
	}
	return nil
}

// extend adds a unit to the draft, filling in a date or place it lacked.
func (d *draft) extend(u *unit) {
	d.offTopic = d.offTopic && !u.onTopic
	d.start, d.end = min(d.start, u.start), max(d.end, u.end)
	if d.date == nil {
		d.date = u.date
	}
	if d.place == nil || !specificPlace(d.place) && specificPlace(u.place) {
		if u.place != nil {
			d.place = u.place
		}
	}
	d.figure = d.figure || u.figure
}

// absorb prepends the context sentences that led up to the draft.
func (d *draft) absorb(pending []*unit) {
	for _, u := range pending {
		if u.ctx&supportCtx[d.typ] != 0 {
			d.extend(u)
			d.law = d.law || u.ctx.has(cLaw) && u.ctx.has(cLawStep)
		}
	}
}

// described is the event of the section that a unit describes: the
// latest of the type its subject names before a copula, within
// elaborationReach paragraphs; nil when none.
func described(out []*draft, u *unit, si *sentInfo) *draft {
	if u.describes == 0 {
		return nil
	}
	for j := len(out) - 1; j >= 0 && j >= len(out)-maxReferents; j-- {
		c := out[j]
		if c.section != si.section || si.Para-c.para > elaborationReach {
			return nil
		}
		if u.describes.has(c.typ) {
			return c
		}
	}
	return nil
}

// ruling reports whether a context sentence that leads up to an event of
// type t is a court's ruling on it, told with a time of its own other than
// the act's: "A court in Rostov sentenced him to 19 years on Monday. He had
// tried to set fire to an enlistment office in March 2023." The ruling and
// the act are two happenings of the case.
func ruling(t evType, p, u *unit) bool {
	switch t {
	case tArson, tAttack, tRefusal, tProtest:
	default:
		return false
	}
	return p.ctx.has(cDetained) && p.date != nil && u.date != nil && !sameDate(p.date, u.date) &&
		!covers(p.date, u.date) && !covers(u.date, p.date)
}

// supportCtx is the context that, alone in a sentence, continues an event
// of each type: "The shooter was detained", "Queues stretched for miles at
// the border".
var supportCtx = [numTypes]ctxSet{
	// A step of a law without a word of its subject ("Putin signed the
	// amendments") is told by the sentence after it.
	tMobilization:        1 << cLawStep,
	tExemption:           1 << cLawStep,
	tPrisonerRecruitment: 1<<cPrison | 1<<cLawStep,
	tRefusal:             1<<cDetained | 1<<cSoldier | 1<<cLawStep,
	tProtest:             1 << cDetained,
	tAttack:              1<<cTarget | 1<<cDetained | 1<<cHarm,
	tArson:               1<<cFire | 1<<cTarget | 1<<cDetained,
	tExodus:              1 << cBorder,
	tCasualties:          1 << cDeath,
}

// narrower reports whether a is a time within b's short one, told more
// exactly: the body's "on Friday, 28 October" after the lede's "last week".
func narrower(a, b *dates.Match) bool {
	return a != nil && b != nil && covers(b, a) && !sameDate(a, b) && short(b)
}

// sameDate reports whether two time expressions name the same range.
func sameDate(a, b *dates.Match) bool {
	return a.Range.Start.Equal(b.Range.Start) && a.Range.End.Equal(b.Range.End)
}

// conflicts reports whether a unit names another time or another city or
// region than the draft: then it tells of another happening.
func conflicts(d *draft, u *unit) bool {
	if u.date != nil && d.date != nil && !sameDate(u.date, d.date) {
		return true
	}
	return specificPlace(u.place) && specificPlace(d.place) && !samePlace(u.place, d.place) ||
		otherCountry(u.place, d.place)
}

// otherCountry reports whether two mentions lie in different foreign
// countries: arrivals in Georgia are not the Kazakhstan report before them.
// Russia and Ukraine are named in nearly every sentence and tell nothing.
func otherCountry(a, b *places.Mention) bool {
	if a == nil || b == nil || a.Place == nil || b.Place == nil {
		return false
	}
	ra, rb := placeRank(a.Place), placeRank(b.Place)
	if ra > 3 || rb > 3 || ra != 3 && rb != 3 {
		return false // not both placed, or neither is a country
	}
	if ra == 3 && a.Place.FromGeoNames() || rb == 3 && b.Place.FromGeoNames() {
		return false // a country far from the war is named in passing, not as a new scene
	}
	return a.Place.Country != "" && b.Place.Country != "" && a.Place.Country != b.Place.Country
}

// fits reports whether a unit of the draft's type continues it. A unit with
// a time of its own that the draft lacks starts a new event ("Officials set
// up recruiting centres. One opened at a marathon in May."), and so does one
// naming a city or region when the draft is already dated ("Since the end of
// September the ministry has recruited convicts. The military visited penal
// colonies in the Ryazan region.").
func fits(d *draft, u *unit) bool {
	if conflicts(d, u) || u.date != nil && d.date == nil {
		return false
	}
	// A border measure and the crossings it answers are two happenings.
	if d.typ == tExodus && d.measure != u.ctx.has(cMeasure) {
		return false
	}
	return !(specificPlace(u.place) && !specificPlace(d.place) && d.date != nil)
}

// ownReport reports whether a unit tells a report of its own rather than
// elaborating the event before it: it names its own city or region and its
// own figures ("Billboards in the capital promise 200,000 roubles" after a
// regional bonus), or gives a placeless tally after one placed happening.
func ownReport(d *draft, u *unit) bool {
	if !u.figure {
		return false
	}
	if specificPlace(u.place) {
		return d.place == nil || d.place.Place.Name != u.place.Place.Name
	}
	// A count of its own, with no place, after a placed single happening
	// is a tally across the country ("At least 17 offices have been
	// torched since the decree" after one arson in one town).
	return u.place == nil && u.strong != 0 && specificPlace(d.place) && !d.figure
}

// backdrop reports whether a mobilization cue is only the backdrop of another
// report: mobilization is what every story here is about, so an undated,
// uncounted, unplaced mention next to a protest, an exodus or an exemption
// tells of that happening, not of a call-up of its own.
func backdrop(t evType, u *unit, last *draft) bool {
	return t == tMobilization && last != nil && last.typ != tMobilization &&
		u.date == nil && !u.figure && !specificPlace(u.place) && !conflicts(last, u)
}

// reportOrder lists a unit's types with mobilization last, so that the
// happening it is the backdrop of is known first.
func reportOrder(s typeSet) []evType {
	out := appendTypes(nil, s&^(1<<tMobilization))
	if s.has(tMobilization) {
		out = append(out, tMobilization)
	}
	return out
}

// chain turns analysed sentences into drafts, one per happening. refs
// holds, per sentence and unit, the types the unit only refers to.
func chain(infos []sentInfo, refs [][]mentions, text string) []*draft {
	var (
		out     []*draft
		open    [numTypes]*draft // the event of each type under way in the paragraph
		last    *draft           // the event the previous report went to
		told    *draft           // the event told last, in any paragraph of the section
		pending []*unit          // context sentences waiting for an event
		para    = -1
		prevFig bool // the sentence before had a figure
		lastAt  = -2 // the sentence that last went to last
	)
	start := func(t evType, u *unit, si *sentInfo, i int, strong bool) *draft {
		// A ruling told before the act it punishes, each with its own
		// time, is a happening of its own (see ruling).
		var rest []*unit
		for _, p := range pending {
			if ruling(t, p, u) {
				r := newDraft(t, p, si, i, strong)
				out = append(out, r)
				continue
			}
			rest = append(rest, p)
		}
		pending = rest
		d := newDraft(t, u, si, i, strong)
		d.absorb(pending)
		out = append(out, d)
		open[t] = d
		return d
	}
	for i := range infos {
		si := &infos[i]
		if si.Para != para {
			open, last, pending, para, prevFig = [numTypes]*draft{}, nil, nil, si.Para, false
		}
		if told != nil && told.section != si.section {
			told = nil
		}
		if si.skip {
			continue
		}
		for k := range si.units {
			u := &si.units[k]
			fresh := si.newTopic && k == 0
			if d := described(out, u, si); d != nil && !fresh {
				// A description of the happening told before adds no
				// happening, whatever its figures or the times it
				// compares with.
				if d.para == si.Para {
					d.grow(u, si)
				} else {
					d.absorbFar(u, si)
				}
				open[d.typ], last, told, pending = d, d, d, nil
				continue
			}
			if !fresh {
				if d, step := referent(out, told, u, si, text); d != nil {
					if step {
						d = start(d.typ, u, si, i, d.strong)
						d.law = true
						last = d
					} else if d.para == si.Para {
						d.grow(u, si)
						last = d
					} else {
						d.absorbFar(u, si)
						open[d.typ], last = d, d
					}
					told = d
					pending = nil
					continue
				}
			}
			if i < len(refs) && k < len(refs[i]) && (u.strong.has(tCasualties) || u.ctx.has(cDeath)) {
				// Who the dead were ("most were convicts and mobilised
				// men") describes the casualties; it reports no call-up.
				u.strong &^= refs[i][k].people &^ (1 << tCasualties)
				u.weak &^= refs[i][k].people &^ (1 << tCasualties)
			}
			if i < len(refs) && k < len(refs[i]) && refs[i][k].all != 0 && !fresh {
				if d, done := mention(out, refs[i][k], u, si); done {
					if d != nil {
						last, told = d, d
					}
					pending = nil
					continue
				}
			}
			switch {
			case u.ctx.has(cStance) && u.date == nil && !u.figure && u.strong != 0:
				// A reaction or an opinion ("critics call it a hidden
				// mobilisation") tells no happening of its own.
				if last != nil && !conflicts(last, u) {
					last.grow(u, si)
				}
			case u.strong != 0:
				for _, t := range reportOrder(u.strong) {
					d := open[t]
					if d == nil && backdrop(t, u, last) {
						last.grow(u, si)
						continue
					}
					if d == nil && !fresh {
						if c := elaborated(out, t, u, si, text); c != nil {
							c.absorbFar(u, si)
							open[t], last = c, c
							continue
						}
					}
					if d != nil && !fresh && fits(d, u) && !ownReport(d, u) {
						d.grow(u, si)
					} else {
						d = start(t, u, si, i, true)
					}
					last = d
				}
				pending = nil
			case u.weak != 0:
				// A weak cue elaborates the event before it, or starts one
				// when figures or a date say something happened.
				if last != nil && !fresh && !conflicts(last, u) && !ownReport(last, u) {
					last.grow(u, si)
					continue
				}
				if u.number || u.date != nil || prevFig {
					for _, t := range u.weak.types() {
						if c := elaborated(out, t, u, si, text); c != nil && !fresh {
							c.absorbFar(u, si)
							open[t], last = c, c
							continue
						}
						last = start(t, u, si, i, false)
					}
					pending = nil
				} else if u.ctx != 0 {
					pending = append(pending, u)
				}
			case last != nil && last.law && u.ctx.has(cLawStep):
				// "... and Putin signed it into law on Friday": the next
				// step of the law, a new event when it has a day of its own.
				if u.date != nil && last.date != nil && !sameDate(u.date, last.date) {
					last = start(last.typ, u, si, i, last.strong)
					last.law = true
				} else {
					last.grow(u, si)
				}
			case last != nil && lastAt == i-1 && restatedWithDate(last, u):
				// "Officials deny a new wave is planned. The spokesman said
				// last week there were no such plans.": the second sentence
				// dates the statement the first reported.
				last.grow(u, si)
			case last != nil && (u.trend || u.ctx&supportCtx[last.typ] != 0):
				// A rise or fall, or context of the same kind: with a time
				// or place of its own it is a new report of the same kind.
				if !fits(last, u) {
					last = start(last.typ, u, si, i, last.strong)
				} else {
					last.grow(u, si)
				}
			case lawStep(u) && len(out) > 0:
				// "On Monday the senators approved the bill as well": a dated
				// step of the law the story is about (a law about the
				// draft, in a story that told of it) is an event of its
				// own, though it names no call-up.
				last = start(tMobilization, u, si, i, true)
				last.law = true
			case told != nil && told.para >= si.Para-1 && statementNews(told, u, text) && !strings.ContainsAny(si.Text, "\"“”"):
				// "Asked about the complaints, the minister said on
				// Friday that errors had been made": an official's dated
				// statement in a story about a happening is news of its
				// kind, though it names no cue of its own.
				last = start(told.typ, u, si, i, told.strong)
			case u.ctx != 0:
				pending = append(pending, u)
			}
		}
		prevFig = si.number && !durationsOnly(text, si)
		if last != nil && last.end >= si.Start {
			lastAt = i
			told = last
		}
	}
	return out
}

// mention handles a unit whose cues of the types in ref only name a
// happening already told ("during the protest on Monday", "men detained
// after the protests were handed summonses"), when the section told one of
// that type before and the unit gives no figure of its own. Beside a report
// of another type the mention is dropped and the unit goes on to the usual
// rules. Alone, the unit is more evidence for the event of its paragraph,
// giving it the time it lacked, or, about an event of an earlier
// paragraph, adds nothing; done says so, with the event it went to (nil
// for none). A unit with a time or place of its own that the event does
// not have tells another happening and is left to the usual rules.
func mention(out []*draft, m mentions, u *unit, si *sentInfo) (d *draft, done bool) {
	ref := m.all
	if u.figure {
		return nil, false
	}
	var seen typeSet
	for _, t := range ref.types() {
		for j := len(out) - 1; j >= 0 && j >= len(out)-maxReferents; j-- {
			c := out[j]
			if c.section != si.section {
				break
			}
			if c.typ != t {
				continue
			}
			// A place of its own that the event lacks makes it a report
			// about that place when the event has its time ("at the crossing in X,
			// the queue ..." after a dated report).
			if conflicts(c, u) || specificPlace(u.place) && !specificPlace(c.place) && c.date != nil {
				break
			}
			seen.add(t)
			if d == nil || c.para == si.Para && d.para != si.Para {
				d = c
			}
			break
		}
	}
	if other := (u.strong | u.weak) &^ ref; other != 0 {
		// Beside a report of another type, a mention of a kind told
		// before is its background, whatever time it names ("men
		// detained after the protests of 21 May were handed summonses").
		if known := toldBefore(out, ref, si); known != 0 {
			u.strong &^= known
			u.weak &^= known
		}
		return nil, false
	}
	if seen == 0 {
		// A weak cue made definite names something the reader is taken
		// to know ("the same wave"); with nothing told before, it tells
		// no happening.
		if u.strong&m.things == 0 {
			u.weak &^= m.things
		}
		return nil, false
	}
	if d.para == si.Para {
		d.grow(u, si)
		return d, true
	}
	return nil, true
}

// toldBefore is the subset of ts of which the section told an event
// before.
func toldBefore(out []*draft, ts typeSet, si *sentInfo) typeSet {
	var known typeSet
	for j := len(out) - 1; j >= 0 && j >= len(out)-maxReferents; j-- {
		if out[j].section != si.section {
			break
		}
		if ts.has(out[j].typ) {
			known.add(out[j].typ)
		}
	}
	return known
}

// timeUnits follow a number that says how long, not how many.
var timeUnits = map[string]bool{"minute": true, "minutes": true, "hour": true, "hours": true, "day": true,
	"days": true, "week": true, "weeks": true, "month": true, "months": true, "year": true, "years": true}

// durationsOnly reports whether every number of a sentence counts time
// ("I spent two months there"): the sentence gives no figure that makes the
// next one a report.
func durationsOnly(text string, si *sentInfo) bool {
	lower := asciiLower(si.Text)
	toks := tokenize(lower, 0, len(lower), nil)
	seen := false
	for k, t := range toks {
		if !isFigure(t.w) && !numberWords[t.w] {
			continue
		}
		if k+1 >= len(toks) || !timeUnits[toks[k+1].w] {
			return false
		}
		seen = true
	}
	return seen
}

// referent finds the event told in an earlier paragraph of the section
// that a unit goes on about, and whether the unit is the next step of it.
// A unit refers back when it names the event ("the fire", "the bill", "the
// suspect"); a report of the same type without such a reference may be
// another happening ("The Kremlin insists ..." after "The Kremlin had long
// promised ..."), so it is left to the rules of its paragraph. It is the
// next step of a law when it names a day of its own and a step ("approved
// the bill on Wednesday"). A unit with another time or place of its own,
// or a type of its own other than the referent's, tells another happening.
func referent(out []*draft, told *draft, u *unit, si *sentInfo, text string) (*draft, bool) {
	var d *draft
	// Only the last few events can be referred back to: a bound that keeps
	// the work per sentence constant in a long text.
	for j := len(out) - 1; j >= 0 && j >= len(out)-maxReferents && d == nil; j-- {
		c := out[j]
		// An event of the phrase's type told in this paragraph is what
		// it refers to ("a minister would not rule out shutting the
		// border ... and the drivers waiting there have heard"): the paragraph's rules
		// take it from there.
		if c.section == si.section && c.para == si.Para && u.anaphor.has(c.typ) {
			return nil, false
		}
		if c.section != si.section || c.para == si.Para || si.Para-c.para > 3 {
			continue
		}
		if u.anaphor.has(c.typ) || u.anaphorAny && c == told {
			d = c
		}
	}
	if d == nil || u.strong&^(1<<d.typ) != 0 {
		return nil, false
	}
	// Someone the event did not name speaks of it: a statement of its own
	// ("Colonel X said the call-up was going ahead").
	if newSpeaker(out, d, u, text) {
		return nil, false
	}
	if specificPlace(u.place) && specificPlace(d.place) && !samePlace(u.place, d.place) || otherCountry(u.place, d.place) {
		return nil, false
	}
	if u.date != nil && d.date != nil && !sameDate(u.date, d.date) && !covers(u.date, d.date) {
		if d.law && u.ctx.has(cLawStep) && u.date.Range.Start.Equal(u.date.Range.End) {
			return d, true
		}
		return nil, false
	}
	return d, false
}

// newSpeaker reports whether a unit is a statement by someone the draft
// does not name, told in a later paragraph: officials speaking in turn
// make statements of their own. (Within one paragraph the speakers of a
// report mostly confirm it, so the paragraph's rules do not ask.) Someone
// quoted since the event was told, outside the reports of other events,
// is its speaker, not a new one: "The Kremlin denied a new wave." ...
// "\"There are no such plans,\" spokesman Dmitry Peskov said." ...
// "Peskov said the ministry had no need of one."
func newSpeaker(out []*draft, d *draft, u *unit, text string) bool {
	if u.speaker == "" {
		return false
	}
	if strings.Contains(text[d.start:d.end], u.speaker) {
		return false
	}
	for at := d.end; at < u.start; {
		k := strings.Index(text[at:u.start], u.speaker)
		if k < 0 {
			break
		}
		pos := at + k
		if !inOtherDraft(out, d, pos) {
			return false
		}
		at = pos + len(u.speaker)
	}
	return true
}

// inOtherDraft reports whether pos lies in the evidence of a draft other
// than d.
func inOtherDraft(out []*draft, d *draft, pos int) bool {
	for _, o := range out {
		if o != d && o.start <= pos && pos < o.end {
			return true
		}
	}
	return false
}

// statementNews reports whether a unit without cues is a statement of its
// own about the happening told last: someone named or holding an office
// spoke, at a time the event does not have, or someone it did not name
// did; a reaction or an opinion is not news.
func statementNews(told *draft, u *unit, text string) bool {
	if u.statement == "" || u.date == nil || u.strong != 0 || u.weak != 0 || u.ctx != 0 {
		return false
	}
	if told.date == nil || !sameDate(u.date, told.date) {
		return true
	}
	return !strings.Contains(asciiLower(text[told.start:told.end]), asciiLower(u.statement))
}

// short reports whether a time expression names at most a season: a time
// within it may tell the same happening more exactly, while a time within
// a long span ("since the start of the year") tells another report.
func short(d *dates.Match) bool {
	return d.Range.End.Sub(d.Range.Start) <= 92*24*time.Hour
}

// lawStep reports whether a unit with no cues of its own tells a step of a
// law on a day: it refers to the law ("the amendments", "the bill"), names a
// step ("signed", "approved") and a single day.
func lawStep(u *unit) bool {
	return u.strong == 0 && u.weak == 0 && u.ctx.has(cLaw) && u.ctx.has(cLawStep) &&
		u.anaphor.has(tMobilization) && u.date != nil && u.date.Range.Start.Equal(u.date.Range.End)
}

// maxReferents is how many of the latest events a reference may point to.
const maxReferents = 12

// covers reports whether a's range holds b's: "since September 21" holds
// "on Tuesday", the day the figures since then were given.
func covers(a, b *dates.Match) bool {
	return !a.Range.Start.After(b.Range.Start) && !a.Range.End.Before(b.Range.End)
}

// restatedWithDate reports whether a unit without cues of its own is a
// dated attribution of an undated event: someone said it, at a time.
func restatedWithDate(d *draft, u *unit) bool {
	return d.date == nil && u.date != nil && u.says && u.strong == 0 && u.weak == 0 &&
		!u.figure && !conflicts(d, u)
}

// ledeSentences is how many sentences open an article with a summary of
// what its body tells in detail.
const ledeSentences = 3

// dropLede removes vague events of the opening sentences (no date, no city
// or region, no figure) when the article goes on to report an event of the
// same type in detail: the lede restates the body. A statement attributed
// to someone ("the general said the conscripts would not be sent") is
// reported news, not the writer's summary, and stays. Anywhere in the
// article, a vague event told just before the report that gives its place
// or its recent day is that report's topic sentence and joins it (see
// detailedNext).
func dropLede(ds []*draft, text string, ref time.Time) []*draft {
	out := ds[:0:0]
	for _, d := range ds {
		if vague(d) && !attributed(text[d.start:d.end]) && (d.first < ledeSentences && detailedLater(ds, d)) {
			continue
		}
		if vague(d) && !attributed(text[d.start:d.end]) {
			if o := detailedNext(ds, d, ref); o != nil {
				o.start = min(o.start, d.start)
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// backgroundYears is how far before its article an event may lie and still
// be news it reports; older ones are a life's or a country's background
// ("I had served as a conscript in 2007").
const backgroundYears = 3

// dropOld removes the drafts dated wholly more than backgroundYears before
// publication.
func dropOld(ds []*draft, ref time.Time) []*draft {
	limit := ref.AddDate(-backgroundYears, 0, 0)
	out := ds[:0]
	for _, d := range ds {
		if d.date == nil || !d.date.Range.End.Before(limit) {
			out = append(out, d)
		}
	}
	return out
}

// dropOffTopic removes the protests about something else than the war.
func dropOffTopic(ds []*draft) []*draft {
	out := ds[:0]
	for _, d := range ds {
		if !d.offTopic {
			out = append(out, d)
		}
	}
	return out
}

// narrativeAge is how long before publication a time must lie for the
// paragraph that names it to be telling the past.
const narrativeAge = 30 * 24 * time.Hour

// narrativeTime is the time an undated event is told in, when its paragraph
// narrates the past: the last time expression before it in the paragraph
// lies clearly before publication and is short, and the event's sentence
// is told in the past tense with nothing of the present in it. "In late
// September the border filled up. Queues stretched for miles." Otherwise
// nil: the event is dated by the article.
func (a *analyzer) narrativeTime(d *draft, sents []Sentence) *dates.Match {
	k := sort.Search(len(sents), func(i int) bool { return sents[i].End > d.start })
	if k == len(sents) {
		return nil
	}
	from := sents[k].Start
	for j := k - 1; j >= 0 && sents[j].Para == sents[k].Para; j-- {
		from = sents[j].Start
	}
	i := sort.Search(len(a.dates), func(i int) bool { return a.dates[i].Start >= d.start })
	if i == 0 {
		return nil
	}
	m := &a.dates[i-1]
	if m.Start < from || !m.Range.End.Before(a.ref.Add(-narrativeAge)) || !short(m) {
		return nil
	}
	if !pastNarration(a.lower[sents[k].Start:sents[k].End]) {
		return nil
	}
	return m
}

// presentWords put a sentence in the present of its article.
var presentWords = map[string]bool{"has": true, "have": true, "is": true, "are": true, "now": true,
	"today": true, "currently": true, "will": true, "still": true, "says": true, "say": true,
	"remains": true, "remain": true, "continue": true, "continues": true}

// pastNarration reports whether a lower-case sentence is told in the simple
// past: a past verb and no word of the present.
func pastNarration(s string) bool {
	past := false
	for _, t := range tokenize(s, 0, len(s), nil) {
		if presentWords[t.w] {
			return false
		}
		past = past || pastForms[t.w] || t.w == "was" || t.w == "were" || strings.HasSuffix(t.w, "ed")
	}
	return past
}

// attributed reports whether a passage reports what someone said.
func attributed(s string) bool {
	for _, t := range tokenize(asciiLower(s), 0, len(s), nil) {
		if reportingVerbs[t.w] {
			return true
		}
	}
	return false
}

func vague(d *draft) bool { return d.date == nil && !specificPlace(d.place) && !d.figure }

// detailedNext reports whether the next event of d's type is told in detail
// in d's paragraph or the next one of its section: a paragraph's topic
// sentence ("protests went on in the south") and the report that follows it
// ("in X, crowds gathered again this evening") tell one happening.
func detailedNext(ds []*draft, d *draft, ref time.Time) *draft {
	for i, o := range ds {
		if o != d {
			continue
		}
		if i+1 == len(ds) {
			return nil
		}
		// The very next event, of the same kind (a border measure is not
		// the crossings it answers).
		o = ds[i+1]
		// It names the place, or the recent day, the topic lacked; a
		// figure alone, or an old date, tells another happening.
		if o.typ == d.typ && o.measure == d.measure && o.first > d.first && o.section == d.section &&
			o.para-d.para <= 1 && (specificPlace(o.place) || o.date != nil) &&
			(o.date == nil || !o.date.Range.Start.Before(ref.Add(-reportedWindow))) {
			return o
		}
		return nil
	}
	return nil
}

func detailedLater(ds []*draft, d *draft) bool {
	for _, o := range ds {
		if o != d && o.typ == d.typ && o.first > d.first && !vague(o) {
			return true
		}
	}
	return false
}

// event renders a draft as an Event.
func (a *analyzer) event(d *draft, ref time.Time, sents []Sentence) Event {
	ev := Event{
		Type:          typeNames[d.typ],
		Start:         ref,
		End:           ref,
		Precision:     models.PrecisionReported,
		EvidenceStart: d.start,
		EvidenceEnd:   d.end,
		Evidence:      a.text[d.start:d.end],
	}
	if d.date != nil {
		ev.Start, ev.End = d.date.Range.Start, d.date.Range.End
		ev.Precision = d.date.Range.Precision
		ev.DateText = d.date.Text
		if !ev.Precision.Valid() {
			ev.Precision = models.PrecisionRange
		}
	}
	ev.Place, ev.Location = a.eventPlace(d, ev.Evidence)
	ev.Actors = a.actors(d.start, d.end, sents)
	ev.Numbers = a.numbers(d.start, d.end)
	ev.Title = title(d.typ, ev.Place, ev.Numbers)
	ev.Summary = summarize(ev.Evidence)
	ev.Confidence = confidence(d, ev.Evidence)
	return ev
}

// hedges lower confidence: the outlet itself doubts the report.
var hedges = []string{"reportedly", "unverified", "allegedly", "could not be independently verified",
	"can not be independently verified", "cannot be independently verified", "unconfirmed", "rumour", "rumor"}

// confidence scores how strongly the cues support the event.
func confidence(d *draft, evidence string) float64 {
	c := 0.45
	if d.strong {
		c = 0.6
	}
	if d.date != nil {
		c += 0.15
	}
	if specificPlace(d.place) {
		c += 0.1
	}
	if d.figure {
		c += 0.05
	}
	low := strings.ToLower(evidence)
	for _, h := range hedges {
		if strings.Contains(low, h) {
			c -= 0.1
			break
		}
	}
	return float64(int(max(0.05, min(0.95, c))*100+0.5)) / 100
}

// maxSummary is the longest summary, in bytes, before it is cut at a word.
const maxSummary = 300

// summarize trims the evidence for display: one line, at most maxSummary bytes.
func summarize(evidence string) string {
	s := strings.Join(strings.Fields(evidence), " ")
	if len(s) <= maxSummary {
		return s
	}
	cut := strings.LastIndexByte(s[:maxSummary], ' ')
	if cut < maxSummary/2 {
		cut = maxSummary
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
