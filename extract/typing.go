package extract

import (
	"sort"
	"strings"
	"time"

	"timeline/extract/dates"
	"timeline/extract/places"
)

// typeSet and ctxSet are small bit sets.
type (
	typeSet uint16
	ctxSet  uint32
)

func (s typeSet) has(t evType) bool { return s&(1<<t) != 0 }
func (s *typeSet) add(t evType)     { *s |= 1 << t }
func (s *typeSet) del(t evType)     { *s &^= 1 << t }
func (s ctxSet) has(c ctxKind) bool { return s&(1<<c) != 0 }
func (s *ctxSet) add(c ctxKind)     { *s |= 1 << c }
func (s typeSet) types() []evType   { return appendTypes(nil, s) }
func appendTypes(out []evType, s typeSet) []evType {
	for t := evType(0); t < numTypes; t++ {
		if s.has(t) {
			out = append(out, t)
		}
	}
	return out
}

// unit is a sentence, or one clause of a sentence that reports two
// happenings, with what the lexicon found in it.
type unit struct {
	start, end int     // byte offsets into the document text
	strong     typeSet // types the unit reports
	weak       typeSet // types it may report, given support
	ctx        ctxSet
	trigPos    [numTypes]int // byte offset of the first cue of each type
	trend      bool
	advert     bool // advertising words: recruitment when for the army
	flee       bool // fleeing words: the exodus when men of draft age flee
	arrive     bool // arrival words: the exodus when Russians, or a count of people, arrive
	says       bool // a reporting verb: someone said something
	// speaker is the name of who said it, when a name stands next to the
	// reporting verb ("Peskov said"): a new speaker makes a new statement.
	speaker string
	// statement is who made a statement the clause reports, by name or
	// by office ("Peskov said", "the president said"); "" when no one
	// named or holding an office is said to have spoken.
	statement string
	// anaphor lists the types of event a phrase of the unit refers back
	// to ("the fire": arson); anaphorAny marks a reference to whatever was
	// told last ("the incident", "he").
	anaphor    typeSet
	anaphorAny bool
	// describes lists the type of the happening a sentence's subject
	// names before a copula, with no participle after it: "The protest
	// was the largest in the capital since 2022" (see chain).
	describes typeSet
	// recruitFirm marks a recruitment trigger that names the army's
	// recruitment by itself ("recruiting centre"); a bare "recruit" needs
	// military context, since companies recruit engineers too.
	recruitFirm bool
	// pardon marks a pardon or a release from prison, prisoners'
	// recruitment when they fought for it.
	pardon bool
	// forces marks armed forces as the ones moving: "Ukrainian forces
	// crossed into the Kursk region".
	forces bool
	// harmsOfficial marks harm done to an official: an attack.
	harmsOfficial bool
	// offTopic marks a protest about something else than the war, the
	// army or the draft ("rallied against a landfill"); onTopic marks a
	// unit that names the war or the army firmly (see combine).
	offTopic, onTopic bool
	date              *dates.Match
	place             *places.Mention
	number            bool // a number is given, in figures or words
	figure            bool // a count that says how much: "300,000", "hundreds"
}

// sentInfo is the analysis of one sentence.
type sentInfo struct {
	Sentence
	skip     bool // not an event: background, opinion, fear, chrome
	newTopic bool // opens with a marker of a new happening ("Meanwhile")
	section  int  // how many headings came before it
	ctx      ctxSet
	number   bool
	units    []unit
}

// analyzer holds what one document's analysis shares.
type analyzer struct {
	m      *matcher
	text   string
	lower  string
	dates  []dates.Match
	places []places.Mention
	ref    time.Time // the publication day
	// capital is where the central state acts (nil without a gazetteer).
	capital *places.Place
	// country is the country the article names most (nil without a
	// gazetteer or a place): where its events happen when they name none.
	country *places.Place
	// headline is the town or region the title names (nil when none):
	// see eventPlace.
	headline *places.Mention
	g        *places.Gazetteer
	// sectionStart holds where each section of the text begins (the
	// first at 0, then one at each heading).
	sectionStart []int
	midCaps      map[string]bool // see capitalisedMidSentence
	toks         []token         // scratch
	hits         []hit           // scratch
}

// analyze reads one sentence; prev is the sentence before it in the same
// paragraph (nil at a paragraph start), whose context carries over: "...
// left the jail. She said he was not among the volunteers."
func (a *analyzer) analyze(s Sentence, prev *sentInfo) sentInfo {
	si := sentInfo{Sentence: s}
	a.toks = tokenize(a.lower, s.Start, s.End, a.toks[:0])
	a.hits = a.m.match(a.toks, a.hits[:0])
	hits := dropBlocked(a.hits)
	hasDate := a.hasDate(s.Start, s.End)

	for _, h := range hits {
		switch h.e.sig {
		case sigSkip:
			if !a.afterthought(h) {
				si.skip = true
			}
		case sigNewTopic:
			if h.first == 0 || h.first == 1 && a.toks[0].w == "and" {
				si.newTopic = true
			}
		case sigContext:
			si.ctx.add(h.e.ctx)
		case sigNumber:
			si.number = true
		}
	}
	for k, t := range a.toks {
		if isFigure(t.w) && !a.inDate(t.start) {
			si.number = true
		}
		// "Officials fear a second wave": a fear is no event; "for fear
		// of reprisals" only explains who spoke.
		if (t.w == "fear" || t.w == "fears") && (k == 0 || a.toks[k-1].w != "for" && a.toks[k-1].w != "in") {
			si.skip = true
		}
	}
	// A question asks; a standing rule ("men are required to serve") is
	// no happening, unless a day is named.
	if strings.HasSuffix(strings.TrimRight(s.Text, "\"”’' )"), "?") ||
		si.ctx.has(cGeneric) && !a.dayDated(s.Start, s.End) {
		si.skip = true
	}
	// A condition, a rule for anyone, a description of people: no happening.
	if description(a.toks) || !hasDate && (conditional(a.toks, a.text) || genericPresent(a.toks)) || parentheticalModal(a.toks, a.text) {
		si.skip = true
	}
	// A sentence about sport with no army in it: a player's contract, a
	// call-up to the national team, fans rallying.
	// "Contract" and "service" are the army's words too: only the army
	// named firmly makes a sport sentence a war one.
	if si.ctx.has(cSport) && !si.ctx.has(cArmy) && !si.ctx.has(cSoldier) {
		si.skip = true
	}
	if si.skip {
		return si
	}
	prevCtx := ctxSet(0)
	if prev != nil {
		prevCtx = prev.ctx
	}
	// What the cues of the lexicon's conditional sections are read in.
	cond := si.ctx | prevCtx
	if si.number {
		cond.add(condNumber)
	}
	if hasDate {
		cond.add(condDate)
	}
	for _, c := range clauses(a.lower, s.Start, s.End) {
		u := a.readClause(c[0], c[1], s, hits, hasDate, cond)
		if c[0] > s.Start && !hasDate && conditional(a.clauseToks(c[0], c[1]), a.text) {
			// "..., and men who ignore them are barred from leaving": a
			// rule for anyone in a clause of its own.
			u.strong, u.weak = 0, 0
		}
		u.number = u.number || si.number || u.figure
		combine(&u, si.ctx|prevCtx)
		si.units = append(si.units, u)
	}
	si.units = mergeClauses(si.units, a, s)
	return si
}

// clauseToks are the sentence's tokens in text[start:end], without the
// word that joins the clause to the one before ("and", "but").
func (a *analyzer) clauseToks(start, end int) []token {
	i, j := 0, len(a.toks)
	for i < j && a.toks[i].start < start {
		i++
	}
	for k := i; k < len(a.toks); k++ {
		if a.toks[k].start >= end {
			j = k
			break
		}
	}
	if i < j && (a.toks[i].w == "and" || a.toks[i].w == "but" || a.toks[i].w == "while") {
		i++
	}
	return a.toks[i:j]
}

// dayDated reports whether text[start:end] holds a time expression of a
// single day.
func (a *analyzer) dayDated(start, end int) bool {
	i := sort.Search(len(a.dates), func(i int) bool { return a.dates[i].Start >= start })
	for ; i < len(a.dates) && a.dates[i].End <= end; i++ {
		if a.dates[i].Range.Start.Equal(a.dates[i].Range.End) {
			return true
		}
	}
	return false
}

// afterthoughtHedges speculate about a figure or outcome; after a dated
// report, in a later clause, they qualify it ("..., and cautioned that the
// true toll is likely to be higher") rather than make the sentence a guess.
var afterthoughtHedges = map[string]bool{"is likely to": true, "are likely to": true,
	"will likely": true, "is expected to": true, "are expected to": true,
	"it remains unclear": true, "it is unclear": true}

// afterthought reports whether skip hit h qualifies a report rather than
// makes the sentence background: a time expression comes before it in the
// sentence, a comma between them ("ordered a mobilisation on Wednesday,
// the first since the Second World War"). Hedges after a date qualify a
// figure; history after one compares.
func (a *analyzer) afterthought(h hit) bool {
	pos := a.toks[h.first].start
	sentStart := a.toks[0].start
	for _, d := range a.dates {
		if d.Start >= sentStart && d.End <= pos && strings.Contains(a.text[d.End:pos], ",") {
			return true
		}
	}
	return false
}

// readClause collects the cues of one clause [start, end) of sentence s:
// triggers that are neither causes, speculation, names nor quotations count
// as strong; the others as weak. A cue whose lexicon conditions do not hold
// in cond (the sentence's context, numbers and dates) counts not at all.
func (a *analyzer) readClause(start, end int, s Sentence, hits []hit, hasDate bool, cond ctxSet) unit {
	u := unit{start: start, end: end}
	quotes := quoteSpans(a.text, s.Start, s.End)
	for _, h := range hits {
		pos := a.toks[h.first].start
		if pos < u.start || pos >= u.end {
			continue
		}
		switch h.e.sig {
		case sigContext:
			u.ctx.add(h.e.ctx)
			u.trend = u.trend || h.e.ctx == cTrend
			if h.e.ctx == cHarm && harmsOfficial(a.lower, a.toks[h.last].end, s.End) {
				u.harmsOfficial = true
			}
			continue
		case sigNumber:
			u.number = true
			u.figure = u.figure || largeNumber(h.e.phrase)
			continue
		case sigAnaphor:
			// A pronoun refers back only as the sentence's subject.
			if (h.e.phrase == "he" || h.e.phrase == "she") && pos != s.Start {
				continue
			}
			if h.e.typ == anyType {
				u.anaphorAny = true
			} else {
				u.anaphor.add(h.e.typ)
				// "The protest was the largest since 2022": the sentence
				// describes the happening it names as its subject.
				if pos == s.Start && h.last+1 < len(a.toks) && copulas[a.toks[h.last+1].w] &&
					(h.last+2 >= len(a.toks) || !participle(a.toks[h.last+2].w)) {
					u.describes.add(h.e.typ)
				}
			}
			continue
		case sigTrigger, sigWeak:
			if !h.e.holds(cond) {
				continue
			}
		default:
			continue
		}
		// A group left out of a call-up is news however it is phrased:
		// "students would not be called up", "can apply for a deferral".
		hypo := h.e.typ != tExemption && a.hypothetical(h, hasDate)
		if a.inCause(hits, h) || hypo || a.inName(h, s.Start) || a.negated(h) {
			continue
		}
		// Papers or officials arriving: nobody left a country.
		if h.e.typ == tExodus && arrivalCue(h.e.phrase) && a.thingArrives(h) {
			continue
		}
		u.advert = u.advert || h.e.typ == tRecruitment && isAdvert(h.e.phrase)
		u.flee = u.flee || h.e.typ == tExodus && strings.HasPrefix(h.e.phrase, "fle")
		u.arrive = u.arrive || h.e.typ == tExodus && arrivalCue(h.e.phrase) && !a.inRelative(h)
		u.forces = u.forces || h.e.typ == tExodus && a.forcesBefore(h)
		u.pardon = u.pardon || h.e.typ == tPrisonerRecruitment && h.e.sig == sigWeak && !inSpans(quotes, pos)
		if h.e.typ == tRecruitment && h.e.sig == sigTrigger && h.e.phrase != "recruit*" && h.e.phrase != "enlist*" {
			u.recruitFirm = true
		}
		if h.e.sig == sigTrigger && !inSpans(quotes, pos) && !a.inWhenClause(h) && !a.timeAnchor(h) && !a.inRelative(h) {
			u.strong.add(h.e.typ)
		} else {
			u.weak.add(h.e.typ)
		}
		if u.trigPos[h.e.typ] == 0 {
			u.trigPos[h.e.typ] = pos + 1
		}
	}
	for k, t := range a.toks {
		if t.start >= u.start && t.start < u.end && isFigure(t.w) && !a.inDate(t.start) {
			u.figure = true
		}
		if t.start >= u.start && t.start < u.end && reportingVerbs[t.w] {
			u.says = true
		}
		if t.start >= u.start && t.start < u.end && u.speaker == "" && statementVerbs[t.w] {
			u.speaker = a.speaker(k)
			if u.speaker != "" {
				u.statement = u.speaker
			} else {
				u.statement = a.officialBefore(k)
			}
		}
	}
	if u.speaker == "" {
		u.speaker = a.subjectName(u.start, u.end)
	}
	return u
}

// subjectName is the surname that opens a clause as its subject, a run of
// two or more capitalised words ("Yevgeny Prigozhin brushed aside ...",
// "Vice-Admiral Vladimir Tsimlyansky said"): someone the story may not have
// named before. "" when the clause opens otherwise.
func (a *analyzer) subjectName(start, end int) string {
	run := ""
	n := 0
	for _, t := range a.toks {
		if t.start < start {
			continue
		}
		if t.start >= end {
			break
		}
		w := a.text[t.start:t.end]
		if !isCapitalised(w) || (n == 0 && openers[t.w]) {
			break
		}
		run, n = w, n+1
	}
	if n < 2 {
		return ""
	}
	return run
}

// openers are capitalised words that open a sentence without naming anyone.
var openers = map[string]bool{"the": true, "in": true, "on": true, "at": true, "a": true, "an": true,
	"last": true, "this": true, "since": true, "after": true, "but": true, "and": true, "by": true,
	"from": true, "for": true, "of": true, "with": true, "as": true, "when": true, "if": true}

// statementVerbs are the verbs of an official's statement, whose speaker
// tells one statement from another: the reporting verbs and those of
// denial, admission and writing.
var statementVerbs = map[string]bool{"said": true, "says": true, "announced": true, "stated": true,
	"told": true, "declared": true, "confirmed": true, "promised": true, "insisted": true,
	"denied": true, "dismissed": true, "rejected": true, "acknowledged": true, "admitted": true,
	"wrote": true, "claimed": true, "added": true, "warned": true, "posted": true, "reported": true}

// speaker is the name next to the reporting verb at token k: "Putin said",
// "the Kremlin has said", "said Peskov"; "" when the one who spoke is a
// pronoun or a common noun ("he said", "officials said").
func (a *analyzer) speaker(k int) string {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		switch a.toks[j].w {
		case "has", "have", "had", "also", "later", "then", "again", "repeatedly", "previously":
			continue
		}
		// A word opening the sentence is a name when the text
		// capitalises it elsewhere too ("Peskov dismissed ...").
		if w := a.text[a.toks[j].start:a.toks[j].end]; isCapitalised(w) && (j > 0 || a.midCaps[a.toks[j].w]) {
			return w
		}
		break
	}
	if k+1 < len(a.toks) {
		if w := a.text[a.toks[k+1].start:a.toks[k+1].end]; isCapitalised(w) {
			return w
		}
	}
	return ""
}

// officeWords are the offices whose holders make the statements a
// chronology records.
var officeWords = map[string]bool{"president": true, "minister": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "governor": true, "mayor": true, "kremlin": true,
	"ministry": true, "commissar": true, "founder": true, "commander": true, "speaker": true,
	"head": true, "prosecutor": true, "general": true}

// officeBefore is the office named as the subject right before the
// statement verb at token k ("the president said", "the ministry has
// announced"), or "".
func (a *analyzer) officialBefore(k int) string {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		switch w := a.toks[j].w; {
		case w == "has" || w == "have" || w == "had" || w == "also" || w == "later" || w == "then":
			continue
		case officeWords[w]:
			return w
		}
		break
	}
	return ""
}

// combine applies the rules that turn cues and context into types: a
// recruitment cue among prisoners is prisoner recruitment, fire at an office
// is arson, and so on; then the stronger reading of a sentence silences the
// weaker ones ("a gunman opened fire in the recruiting office" is an attack,
// not recruitment).
func combine(u *unit, sctx ctxSet) {
	c := u.ctx | sctx
	promote := func(t evType, ok bool) {
		if ok && u.weak.has(t) {
			u.weak.del(t)
			u.strong.add(t)
		}
	}
	// Prisoners.
	if c.has(cPrison) {
		for _, set := range []*typeSet{&u.strong, &u.weak} {
			if set.has(tRecruitment) {
				set.del(tRecruitment)
				set.add(tPrisonerRecruitment)
				u.trigPos[tPrisonerRecruitment] = u.trigPos[tRecruitment]
			}
		}
	}
	// Convicts counted among a force's fighters were recruited: "50,000
	// personnel, including 40,000 convicts". The convicts are in the clause
	// itself: a prison term in the sentence before ("would face ten years
	// in prison") makes no soldier in this one a convict.
	if u.ctx.has(cPrison) && u.figure && u.ctx.has(cSoldier) && u.strong == 0 {
		u.strong.add(tPrisonerRecruitment)
	}
	// Fire at an office is arson.
	if u.ctx.has(cFire) && c.has(cTarget) && !u.strong.has(tProtest) {
		u.strong.add(tArson)
	}
	// Harm to an official, or shooting where there is a target, is an attack.
	if u.harmsOfficial {
		u.strong.add(tAttack)
	}
	if u.strong.has(tAttack) && !c.has(cTarget) {
		u.strong.del(tAttack)
		u.weak.add(tAttack)
	}
	// "Recruit" alone is the army's only where the army is in the sentence
	// or the one before: companies recruit engineers, clubs players.
	if u.strong.has(tRecruitment) && !u.recruitFirm && !u.advert &&
		!(c.has(cMilitary) || c.has(cSoldier) || c.has(cPrison)) {
		u.strong.del(tRecruitment)
	}
	// A pardon is the prisoners' recruitment when they fought for it.
	promote(tPrisonerRecruitment, u.pardon && (c.has(cMilitary) || c.has(cSoldier)))
	// Protest words in a prosecution are a protest punished: "fined for an
	// anti-war post".
	promote(tProtest, c.has(cDetained))
	// Soldiers refusing.
	promote(tRefusal, c.has(cSoldier))
	// A protest over prices, a landfill or an election, in a sentence that
	// names neither the war nor the army, is not this timeline's: its draft
	// takes in what elaborates it and is dropped (see dropOffTopic).
	u.onTopic = c.has(cArmy) || c.has(cSoldier) || c.has(cPrison)
	u.offTopic = (u.strong | u.weak).has(tProtest) && c.has(cGrievance) && !u.onTopic
	// Border words confirm leaving; fleeing is the exodus when men of
	// draft age flee; arrivals, departures, extraditions and deportations
	// are when they are Russians or are counted.
	promote(tExodus, c.has(cBorder) && !u.forces || u.flee && c.has(cDraftee) || u.arrive && c.has(cPeople))
	// Troops crossing a border are an incursion, not people leaving.
	if u.forces && !c.has(cPeople) {
		u.strong.del(tExodus)
		u.weak.del(tExodus)
	}
	if u.flee && !c.has(cDraftee) {
		u.weak.del(tExodus) // "millions of Ukrainians have fled": refugees, not draft dodgers
	}
	// A step of a law that names the call-up is a mobilization event, for
	// the bars and penalties it sets too: the law is about the draft.
	if u.ctx.has(cLaw) && u.ctx.has(cLawStep) && u.trigPos[tMobilization] != 0 && (u.strong.has(tExodus) || u.strong.has(tRefusal)) {
		u.strong.add(tMobilization)
		u.strong.del(tExodus)
		u.strong.del(tRefusal)
	}
	// Advertising is recruitment when it is for the army.
	promote(tRecruitment, u.advert && c.has(cMilitary))
	// Deaths with a figure are casualties.
	if u.ctx.has(cDeath) && u.number && !c.has(cAccident) {
		u.strong.add(tCasualties)
	}
	silence(u)
}

// silences lists, per type, the readings it overrides in the same unit.
var silences = []struct {
	by   evType
	hide []evType
}{
	{tArson, []evType{tAttack, tRecruitment, tMobilization, tProtest, tCasualties}},
	{tAttack, []evType{tProtest, tRecruitment, tMobilization, tCasualties, tPrisonerRecruitment, tArson}},
	{tProtest, []evType{tRecruitment}},
	{tExemption, []evType{tMobilization}},
	{tExodus, []evType{tMobilization}},
	{tRefusal, []evType{tMobilization, tRecruitment}},
	// Threats to deserters in a recruiter's pitch to inmates are part of it.
	{tPrisonerRecruitment, []evType{tRecruitment, tRefusal}},
	{tCasualties, []evType{tRecruitment, tPrisonerRecruitment, tRefusal}},
}

func silence(u *unit) {
	for _, s := range silences {
		if !u.strong.has(s.by) {
			continue
		}
		for _, t := range s.hide {
			if t == s.by {
				continue
			}
			if s.by == tCasualties && u.strong.has(t) {
				continue // "eight of the 11 volunteers died": only weak readings yield
			}
			u.strong.del(t)
			u.weak.del(t)
		}
	}
	if u.strong != 0 {
		u.weak = 0
	}
}

// personTargets are the people whose harm makes an attack, not a casualty.
var personTargets = []string{"commander", "official", "officer", "commissar", "recruiter", "head of", "chief"}

// harmsOfficial reports whether the harm word ending at pos has an official
// for its object, in the same clause: "killed a local recruitment
// commander", not "were killed in a strike, officials said".
func harmsOfficial(lower string, pos, end int) bool {
	clause := lower[pos:end]
	if k := strings.IndexAny(clause, ",;.:—"); k >= 0 {
		clause = clause[:k]
	}
	for _, w := range personTargets {
		if strings.Contains(clause, w) {
			return true
		}
	}
	return false
}

// dropBlocked removes trigger and context hits that lie inside a longer
// blocking phrase: "draft" in "draft law", "fire" in "opened fire".
func dropBlocked(hits []hit) []hit {
	out := hits[:0:0]
	for _, h := range hits {
		blocked := false
		for _, b := range hits {
			if b.e.sig == sigBlock && b.first <= h.first && h.last <= b.last && b.last-b.first > h.last-h.first {
				blocked = true
				break
			}
		}
		if !blocked && h.e.sig != sigBlock {
			out = append(out, h)
		}
	}
	return out
}

// inCause reports whether h follows a cause or target marker in the same
// clause: "fled abroad to avoid conscription", "protests against mobilization".
func (a *analyzer) inCause(hits []hit, h hit) bool {
	for _, c := range hits {
		if c.e.sig != sigCause || c.first >= h.first {
			continue
		}
		if c.last >= h.first {
			// Inside the marker: only its open slot governs ("accused the
			// protesters of"), not a word of its own ("in protest at").
			if strings.Contains(c.e.phrase, "_") {
				return true
			}
			continue
		}
		// The marker governs up to the next comma, semicolon or dash.
		between := a.text[a.toks[c.last].end:a.toks[h.first].start]
		if !strings.ContainsAny(between, ",;—–:") {
			return true
		}
	}
	return false
}

// hypothetical reports whether a cue sits next to a modal verb: "can
// terminate his contract", "may announce a second wave", "recruiters will
// sift through". "May have applied" reports a past estimate and "will be
// exempted" an announced decision: both count.
func (a *analyzer) hypothetical(h hit, hasDate bool) bool {
	for k := h.first - 1; k >= 0 && k >= h.first-modalReach; k-- {
		if strings.ContainsAny(a.text[a.toks[k].end:a.toks[k+1].start], ",;:—") {
			break // the modal governs its own clause only
		}
		if modals[a.toks[k].w] {
			return a.speculative(k, hasDate)
		}
	}
	for k := h.last + 1; k < len(a.toks) && k <= h.last+2; k++ {
		if modals[a.toks[k].w] {
			return a.speculative(k, hasDate)
		}
	}
	return false
}

// negationReach is how many words before a cue "never" still denies it:
// "has never signed a decree ending the mobilization".
const negationReach = 6

// negated reports whether a cue is denied by a "never" before it in its
// clause, or by a "not" right before its verb: what never happened is no
// event, and "I don't go to protests" tells of no protest. A group left
// out of a call-up ("would not be called up") is an exemption, read by its
// own phrases.
func (a *analyzer) negated(h hit) bool {
	for k := h.first - 1; k >= 0 && k >= h.first-negationReach; k-- {
		if strings.ContainsAny(a.text[a.toks[k].end:a.toks[k+1].start], ",;:—") {
			return false
		}
		w := a.toks[k].w
		if w == "never" || h.first-k <= shortNegation && h.e.typ != tExemption && shortNegators[w] {
			return true
		}
	}
	return false
}

// shortNegation is how many words before a cue "not" still denies it:
// "did not go to protests", "have not been drafted".
const shortNegation = 3

var shortNegators = map[string]bool{"not": true, "don't": true, "doesn't": true, "didn't": true,
	"haven't": true, "hasn't": true, "hadn't": true, "wasn't": true, "weren't": true, "nobody": true}

// modalReach is how many words before a cue a modal verb still governs it:
// "may order a second wave of mobilization".
const modalReach = 6

// speculative reads the modal at token k: "may", "could" and the like
// speculate whatever the date; "will" states a plan, which counts when it
// is dated ("will close the border this week") or announced ("will be
// exempted").
func (a *analyzer) speculative(k int, hasDate bool) bool {
	if a.factualModal(k) {
		return false
	}
	// "Would" after a reporting verb is a back-shifted "will": "the
	// governor announced that reservists would be called up".
	if w := a.toks[k].w; w == "will" || w == "won't" || w == "would" {
		return !hasDate && !a.reportedBefore(k)
	}
	return true
}

// reportingVerbs introduce what an official said: a "will" or "would" after
// them reports an announced plan ("the general said the conscripts would
// not be sent"), which the timeline records as a statement.
var reportingVerbs = map[string]bool{"said": true, "says": true, "announced": true, "stated": true,
	"told": true, "declared": true, "confirmed": true, "promised": true, "insisted": true}

// reportedBefore reports whether a reporting verb comes before token k in
// the sentence, with no sentence-internal break (";", ":") between them.
func (a *analyzer) reportedBefore(k int) bool {
	for j := k - 1; j >= 0; j-- {
		if strings.ContainsAny(a.text[a.toks[j].end:a.toks[j+1].start], ";:") {
			return false
		}
		if reportingVerbs[a.toks[j].w] {
			return true
		}
	}
	return false
}

// participle reports whether w looks like a past participle: "may have
// applied", not "would have the status".
func participle(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en") || w == "been" || w == "left" ||
		w == "fled" || w == "sent" || w == "made" || w == "lost"
}

// decisionVerbs after "will be" announce a decision about people, not a
// routine ("conscripts will be trained"): "will be exempted", "will be
// called up".
var decisionVerbs = map[string]bool{"called": true, "mobilised": true, "mobilized": true, "drafted": true,
	"conscripted": true, "summoned": true, "exempted": true, "deferred": true, "spared": true,
	"closed": true, "banned": true, "barred": true, "pardoned": true, "released": true, "extradited": true,
	"deported": true, "sent": true, "granted": true}

// factualModal reports whether the modal at token k reads as a fact: "may
// have", "will be" + participle.
func (a *analyzer) factualModal(k int) bool {
	next := func(n int) string {
		if k+n < len(a.toks) {
			return a.toks[k+n].w
		}
		return ""
	}
	switch {
	case next(1) == "have" && participle(next(2)) || next(1) == "also" && next(2) == "have" && participle(next(3)):
		return true
	case (a.toks[k].w == "will" || a.toks[k].w == "would") && next(1) == "be" && decisionVerbs[next(2)]:
		return true
	}
	return false
}

// inName reports whether a cue is part of a proper name ("the Conscript's
// School legal aid group"): capitalised mid-sentence next to another
// capitalised word.
func (a *analyzer) inName(h hit, sentStart int) bool {
	first := a.toks[h.first]
	if first.start == sentStart || !isCapitalised(a.text[first.start:first.end]) {
		return false
	}
	if h.first > 0 {
		p := a.toks[h.first-1]
		if a.text[p.end:first.start] == " " && isCapitalised(a.text[p.start:p.end]) && p.start != sentStart {
			return true
		}
	}
	if h.last+1 < len(a.toks) {
		n := a.toks[h.last+1]
		if a.text[a.toks[h.last].end:n.start] == " " && isCapitalised(a.text[n.start:n.end]) {
			return true
		}
	}
	return false
}

var modals = map[string]bool{
	"may": true, "might": true, "could": true, "would": true, "should": true, "can": true,
	"cannot": true, "can't": true, "couldn't": true, "wouldn't": true, "will": true, "won't": true,
	"must": true,
}

// clauseMarks separate clauses that may report happenings of their own.
var clauseMarks = []string{", but ", "; ", ", while ", ", whereas ", ", and then ", ", however, ", ", and "}

// clauses splits a sentence at clause marks; mergeClauses joins them back
// unless they report different happenings.
func clauses(lower string, start, end int) [][2]int {
	var out [][2]int
	s := start
	for {
		best := -1
		bestLen := 0
		for _, m := range clauseMarks {
			if k := strings.Index(lower[s:end], m); k >= 0 && (best < 0 || k < best) {
				best, bestLen = k, len(m)
			}
		}
		if best < 0 {
			break
		}
		cut := s + best + 1 // keep the comma or semicolon with the first clause
		out = append(out, [2]int{s, cut})
		s = s + best + bestLen - 1
	}
	return append(out, [2]int{s, end})
}

// mergeClauses keeps clauses apart only when at least two report something
// and they differ in date or in city or region ("a crowd blocked a road in
// one town, and in another police detained dozens": two happenings);
// otherwise the sentence is one unit. Each unit then gets its date and place.
func mergeClauses(us []unit, a *analyzer, s Sentence) []unit {
	for i := range us {
		a.attach(&us[i])
	}
	if len(us) > 1 {
		reporting := 0
		dated := map[string]bool{}
		var placed *places.Mention
		placesDiffer := false
		for _, u := range us {
			// A weak cue with a time of its own reports too: "women
			// blocked a road on Sunday, and ...".
			if u.strong != 0 || (u.ctx.has(cLawStep) || u.weak != 0) && u.date != nil {
				reporting++
				if u.date != nil {
					dated[u.date.Text] = true
				}
				if specificPlace(u.place) {
					if placed != nil && !samePlace(placed, u.place) {
						placesDiffer = true
					}
					placed = u.place
				}
			}
		}
		if reporting >= 2 && (len(dated) >= 2 || placesDiffer) {
			var out []unit
			for _, u := range us {
				if u.strong != 0 || u.weak != 0 || u.ctx.has(cLawStep) && u.date != nil {
					out = append(out, u)
				} else if len(out) > 0 {
					out[len(out)-1].end = u.end
				}
			}
			return out
		}
	}
	one := unit{start: s.Start, end: s.End}
	for _, u := range us {
		one.strong |= u.strong
		one.weak |= u.weak
		one.ctx |= u.ctx
		one.trend = one.trend || u.trend
		one.harmsOfficial = one.harmsOfficial || u.harmsOfficial
		one.offTopic = one.offTopic || u.offTopic
		one.onTopic = one.onTopic || u.onTopic
		one.advert = one.advert || u.advert
		one.flee = one.flee || u.flee
		one.arrive = one.arrive || u.arrive
		one.says = one.says || u.says
		if one.speaker == "" {
			one.speaker = u.speaker
		}
		if one.statement == "" {
			one.statement = u.statement
		}
		one.pardon = one.pardon || u.pardon
		one.forces = one.forces || u.forces
		one.recruitFirm = one.recruitFirm || u.recruitFirm
		one.anaphor |= u.anaphor
		one.describes |= u.describes
		one.anaphorAny = one.anaphorAny || u.anaphorAny
		one.number = one.number || u.number
		one.figure = one.figure || u.figure
		for t := range u.trigPos {
			if one.trigPos[t] == 0 {
				one.trigPos[t] = u.trigPos[t]
			}
		}
	}
	if one.strong != 0 {
		one.weak = 0
	}
	a.attach(&one)
	return []unit{one}
}

// quoteSpans returns the byte spans of text[start:end] inside quotation marks.
func quoteSpans(text string, start, end int) [][2]int {
	var out [][2]int
	open := -1
	for i := start; i < end; i++ {
		c := text[i]
		switch {
		case c == '"':
			if open < 0 && opensQuote(text, i) {
				open = i
			} else if open >= 0 {
				out = append(out, [2]int{open, i})
				open = -1
			}
		case c == 0xe2 && i+2 < end && text[i+1] == 0x80:
			switch text[i+2] {
			case 0x9c: // “
				open = i
			case 0x9d: // ”
				if open >= 0 {
					out = append(out, [2]int{open, i})
					open = -1
				}
			}
		}
	}
	return out
}

func inSpans(spans [][2]int, pos int) bool {
	for _, s := range spans {
		if s[0] <= pos && pos < s[1] {
			return true
		}
	}
	return false
}

func isAdvert(phrase string) bool {
	return phrase == "ads" || phrase == "commercials" || strings.HasPrefix(phrase, "advertis") || strings.HasPrefix(phrase, "billboard")
}

// arrivalCues are the exodus seen from the country people go to, and the
// way that country treats them: arrivals, extraditions, deportations. With
// Russians or a count they are the exodus; "deported children" is not.
var arrivalCues = []string{"enter", "have entered", "had entered", "left for", "arriv", "arrive from",
	"newcomers", "new arrivals", "relocat", "extradit", "deport", "repatriat", "hand over", "handed over",
	"expel", "expulsion", "asylum", "residence permit", "work permit", "identification numbers"}

func arrivalCue(phrase string) bool {
	for _, c := range arrivalCues {
		if strings.HasPrefix(phrase, c) {
			return true
		}
	}
	return false
}

// inWhenClause reports whether a cue sits in a subordinate clause opened by
// ", when" or "where": "since Wednesday, when the mobilization was
// announced" dates the main clause and "a room where recruits gathered"
// places it; the cue there is only an anchor, so it counts as weak.
func (a *analyzer) inWhenClause(h hit) bool {
	for k := h.first - 1; k >= 0; k-- {
		gap := a.text[a.toks[k].end:a.toks[k+1].start]
		if strings.ContainsAny(gap, ".;:—()") {
			return false
		}
		if a.toks[k].w == "when" {
			return k > 0 && strings.Contains(a.text[a.toks[k-1].end:a.toks[k].start], ",")
		}
		// "a room where recruits were gathering": the clause says where.
		if a.toks[k].w == "where" {
			return true
		}
		if strings.Contains(gap, ",") {
			return false
		}
	}
	return false
}

// relativeReach is how many words a restrictive relative clause ("men who
// had been called up") may put between its pronoun and a cue.
const relativeReach = 3

// inRelative reports whether a cue sits in a relative clause that says who
// or what a noun is rather than what happened: a non-restrictive one set
// off by a comma ("Buryatia, which had already lost many contract
// soldiers, ...") or a restrictive "who" clause close before the cue ("the
// men who came on the same bus", "workers who had been handed papers"). Such a
// clause is background to the sentence's own report, so its cue is only
// weak.
func (a *analyzer) inRelative(h hit) bool {
	for k := h.first - 1; k >= 0; k-- {
		gap := a.text[a.toks[k].end:a.toks[k+1].start]
		if strings.ContainsAny(gap, ".;:—()\"“”") {
			return false
		}
		w := a.toks[k].w
		if w == "which" || w == "who" || w == "whose" {
			comma := k > 0 && strings.Contains(a.text[a.toks[k-1].end:a.toks[k].start], ",")
			return comma || w != "which" && h.first-k <= relativeReach
		}
		if strings.Contains(gap, ",") {
			return false
		}
	}
	return false
}

// thingWords are subjects that arrive without being people who leave a
// country: "call-up letters reached the far settlements", "an officer arrived
// by boat".
var thingWords = map[string]bool{"summons": true, "summonses": true, "papers": true, "letters": true,
	"letter": true, "notices": true, "notice": true, "official": true, "officials": true, "officer": true,
	"officers": true, "police": true, "policemen": true, "recruiters": true, "commission": true,
	"delegation": true, "inspectors": true, "orders": true, "order": true, "news": true, "word": true,
	"call-ups": true, "it": true, "helicopter": true, "bus": true, "buses": true}

// thingArrives reports whether an arrival cue has such a subject right
// before it, perhaps after an auxiliary: then it is no one's exodus.
func (a *analyzer) thingArrives(h hit) bool {
	for k := h.first - 1; k >= 0 && k >= h.first-3; k-- {
		w := a.toks[k].w
		switch w {
		case "have", "has", "had", "were", "was", "finally", "also", "already", "then", "just":
			continue
		}
		return thingWords[w]
	}
	return false
}

// forcesWords are armed forces as a subject.
var forcesWords = map[string]bool{"forces": true, "troops": true, "units": true, "soldiers": true,
	"fighters": true, "tanks": true, "army": true, "saboteurs": true, "drones": true}

// forcesBefore reports whether armed forces are named in the three words
// before a cue: "Ukrainian forces crossed into".
func (a *analyzer) forcesBefore(h hit) bool {
	for k := h.first - 1; k >= 0 && k >= h.first-3; k-- {
		if forcesWords[a.toks[k].w] {
			return true
		}
	}
	return false
}

// timeAnchors open a phrase that dates something else by an event: "since
// the mobilisation was announced", "after the call-up".
var timeAnchors = map[string]bool{"since": true, "after": true, "before": true, "following": true, "until": true}

// timeAnchor reports whether a cue sits in such a phrase, at most four words
// after its opening word and with no comma between: there it only tells the
// time of the happening the sentence reports.
func (a *analyzer) timeAnchor(h hit) bool {
	for k := h.first - 1; k >= 0 && k >= h.first-4; k-- {
		if strings.ContainsAny(a.text[a.toks[k].end:a.toks[k+1].start], ",;:—()") {
			return false
		}
		if timeAnchors[a.toks[k].w] {
			return true
		}
	}
	return false
}

// largeNumber reports whether a number word counts many: "hundreds", not "two".
func largeNumber(phrase string) bool {
	return strings.HasPrefix(phrase, "dozen") || strings.Contains(phrase, "hundred") ||
		strings.Contains(phrase, "thousand") || strings.Contains(phrase, "million") || phrase == "scores of"
}

// isFigure reports whether a word is a figure ("300,000", "17"), not a year.
func isFigure(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	digits := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == ',' || c == '.':
		default:
			return false // "3rd", "24-hour"
		}
	}
	if digits == 4 && !strings.ContainsAny(w, ",.") && (w[:2] == "19" || w[:2] == "20") {
		return false // a year
	}
	return true
}
