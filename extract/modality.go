package extract

import "strings"

// Modality: sentences whose mood, not their words, says they tell of no
// happening. Each rule reads a class of sentence, never a phrase.

// conditional reports whether a sentence states a rule or a condition
// rather than a happening: it opens with "if" or "unless" ("if a soldier
// overstays his leave, a case is opened"), or its subject is anyone at all
// who does something, under a modal ("a reservist who ignores the letter
// can be fined", "men who refuse to report would face ten years", "those
// who leave may lose their jobs"). A past verb in the relative clause
// makes the subject someone in particular: "a reservist who refused his
// summons was jailed".
func conditional(toks []token, text string) bool {
	if len(toks) == 0 {
		return false
	}
	i := openingPhrase(toks, text)
	if toks[i].w == "but" || toks[i].w == "and" {
		i++
	}
	if i >= len(toks) {
		return false
	}
	switch w := toks[i].w; {
	case w == "if" || w == "unless" || w == "whoever" || w == "anyone" || w == "anybody":
		return true
	case w == "a" || w == "an" || w == "any" || w == "every" || w == "those" || genericSubjects[w]:
	default:
		return false
	}
	who := -1
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		if toks[k].w == "who" || toks[k].w == "that" {
			who = k
			break
		}
	}
	if who < 0 {
		return false
	}
	// The relative clause's verb: in the present it says who anyone is
	// ("who refuse"); in the past, who someone was.
	if who+1 < len(toks) {
		if v := toks[who+1].w; pastForms[v] || strings.HasSuffix(v, "ed") || v == "was" || v == "were" || v == "had" {
			return false
		}
	}
	for _, t := range toks[who:] {
		if modals[t.w] && t.w != "will" {
			return true
		}
	}
	// With a plural subject and nothing of the past in the sentence, the
	// present states the rule too: "men who ignore them are barred from
	// leaving the country".
	return genericSubjects[toks[i].w] && presentOnly(toks[who+1:])
}

// presentOnly reports whether tokens hold a present verb and nothing of
// the past or the future: no past form, no "had", "was", "said", no
// "will"; a participle after "is", "are" or "be" is a present passive.
func presentOnly(toks []token) bool {
	present := false
	for k, t := range toks {
		w := t.w
		switch {
		case w == "is" || w == "are" || w == "face" || w == "risk" || w == "lose" || w == "get":
			present = true
		case pastForms[w] || w == "had" || w == "has" || w == "have" || w == "was" || w == "were" || w == "said" || w == "will":
			return false
		case strings.HasSuffix(w, "ed") && !(k > 0 && (toks[k-1].w == "is" || toks[k-1].w == "are" || toks[k-1].w == "be")):
			return false
		}
	}
	return present
}

// maxOpening is the most words an opening phrase set off by a comma may
// have: "Under the amended law, men who ...".
const maxOpening = 6

// openingPhrase is the index of the first token after a short opening
// phrase that a preposition starts and a comma ends, or 0.
func openingPhrase(toks []token, text string) int {
	if !openingPrepositions[toks[0].w] {
		return 0
	}
	for k := 0; k+1 < len(toks) && k < maxOpening; k++ {
		if strings.Contains(text[toks[k].end:toks[k+1].start], ",") {
			return k + 1
		}
	}
	return 0
}

var openingPrepositions = map[string]bool{"under": true, "by": true, "according": true, "in": true,
	"from": true, "since": true, "now": true}

// genericSubjects open a sentence about anyone of a kind: "men who ...",
// "people who ...".
var genericSubjects = map[string]bool{"men": true, "people": true, "reservists": true, "conscripts": true,
	"soldiers": true, "citizens": true, "russians": true, "those": true, "anyone": true, "draftees": true,
	"servicemen": true, "volunteers": true, "women": true}

// description reports whether a sentence describes who people are rather
// than what they did: its first verb is a copula followed by a degree
// adverb ("the deserters were overwhelmingly rural", "the new arrivals are
// mostly young"), with no participle after it, or by "one of the" ("the
// town was one of the first to send volunteers").
func description(toks []token) bool {
	for k, t := range toks {
		if !copulas[t.w] {
			continue
		}
		if k+2 >= len(toks) || k == 0 {
			return false
		}
		adv, next := toks[k+1].w, toks[k+2].w
		// "Serbia became one of the favourite refuges of those who left":
		// a classification of a place or people, told in passing.
		// "One of scores of attacks that came after the decree" counts
		// happenings instead, and stays.
		if adv == "one" && next == "of" && k+3 < len(toks) && toks[k+3].w == "the" {
			return true
		}
		if !degreeAdverb(adv) || participle(next) || next == "being" {
			return false
		}
		return true
	}
	return false
}

var copulas = map[string]bool{"is": true, "are": true, "was": true, "were": true}

// degreeAdverb reports whether w grades a description: "mostly",
// "largely", "disproportionately"; not "reportedly" or "only", which
// qualify a report.
func degreeAdverb(w string) bool {
	switch w {
	case "mostly", "largely", "mainly", "overwhelmingly", "predominantly", "typically", "generally", "usually", "disproportionately", "relatively", "chiefly":
		return true
	}
	return false
}

// genericPresent reports whether a sentence speaks in the simple present
// of how things are, with no past form, no perfect, no progressive and no
// future in it: "the rule applies to every reservist", "it brings long
// queues at the crossings". Undated, such a sentence tells of no happening.
func genericPresent(toks []token) bool {
	present := false
	for k, t := range toks {
		w := t.w
		// A participle after "as" is an adjective: "counts as delivered".
		adjective := k > 0 && toks[k-1].w == "as"
		switch {
		case pastForms[w] || modals[w] || strings.HasSuffix(w, "ed") && !adjective || strings.HasSuffix(w, "ing") && k > 0 && copulas[toks[k-1].w]:
			return false
		case w == "has" || w == "have" || w == "had" || w == "was" || w == "were" || w == "said" || w == "says":
			return false
		case k > 0 && presentVerb(w) && subjectEnd(toks[k-1].w), ruleVerbs[w]:
			present = true
		}
	}
	return present
}

// ruleVerbs say in the present how a rule works, whatever their subject:
// "the rule applies to anyone who ...", "a letter counts as received once ...".
var ruleVerbs = map[string]bool{"applies": true, "apply": true, "counts": true, "treats": true,
	"requires": true, "obliges": true, "entitles": true, "allows": true, "permits": true, "forbids": true}

// presentVerb reports whether w looks like a third-person present verb:
// "applies", "produces", "counts".
func presentVerb(w string) bool {
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}

// subjectEnd reports whether w can end the subject of a verb that follows:
// a pronoun or a singular noun, not a determiner or a preposition.
func subjectEnd(w string) bool {
	switch w {
	case "it", "this", "that", "which", "rule", "ban", "law", "system", "decree", "measure":
		return true
	}
	return false
}

// pastForms are irregular past tenses.
var pastForms = map[string]bool{"fled": true, "left": true, "went": true, "came": true, "took": true,
	"sent": true, "got": true, "made": true, "told": true, "saw": true, "fought": true, "held": true,
	"rose": true, "fell": true, "met": true, "ran": true, "brought": true, "gave": true, "knew": true,
	"found": true, "became": true, "struck": true, "shot": true, "began": true, "set": true, "put": true,
	"did": true, "lost": true, "stood": true, "won": true, "drew": true, "spoke": true, "wrote": true}

// parentheticalModal reports whether a modal verb of speculation has a
// clause set off by commas right after it: "a fall in revenues could,
// however, push the authorities back", "a second wave might, analysts say,
// follow". The interjection marks the sentence as a forecast.
func parentheticalModal(toks []token, text string) bool {
	for k, t := range toks {
		switch t.w {
		case "could", "might", "may", "would":
		default:
			continue
		}
		if k+1 < len(toks) && strings.Contains(text[t.end:toks[k+1].start], ",") {
			return true
		}
	}
	return false
}

// reconsider reads again the cues of an analysed sentence for what their
// place in it says, and returns, per unit, the types whose every cue is a
// definite reference to a happening ("during the protest", "after the
// call-up"): such a unit may refer back to an event told before (see
// chain). It drops the cues that name no happening here: a cue in the
// attribution of a quotation ("... ," said a lawyer who defends
// conscripts), a weak cue inside a short quoted phrase (a slogan on a
// placard, a term in scare quotes), and every cue of a clause told in the
// past perfect with no time of its own (background: "he had never been
// called up"). It relies on a.toks and a.hits still holding the sentence's
// tokens and phrases, as analyze leaves them.
func (a *analyzer) reconsider(si *sentInfo) []mentions {
	if si.skip || len(si.units) == 0 {
		return nil
	}
	var refs []mentions
	hits := dropBlocked(a.hits)
	quotes := quoteSpans(a.text, si.Start, si.End)
	opening := openingQuoteEnd(a.text, si.Start, si.End)
	for k := range si.units {
		u := &si.units[k]
		var ref mentions
		for _, t := range (u.strong | u.weak).types() {
			cues := 0
			attributed, quoted, definite, people := true, true, true, true
			for _, h := range hits {
				if h.e.sig != sigTrigger && h.e.sig != sigWeak || h.e.typ != t {
					continue
				}
				pos := a.toks[h.first].start
				if pos < u.start || pos >= u.end {
					continue
				}
				cues++
				attributed = attributed && opening > 0 && pos > opening && a.saidBetween(opening, pos)
				quoted = quoted && inShortQuote(a.text, quotes, pos) && a.slogan(quotes, pos)
				definite = definite && a.definite(h.first)
				people = people && peopleNouns[a.toks[h.last].w]
			}
			switch {
			case cues == 0:
			case attributed:
				u.strong.del(t)
				u.weak.del(t)
			case quoted && !u.strong.has(t):
				u.weak.del(t)
			case definite:
				ref.all.add(t)
				if !people {
					ref.things.add(t)
				}
			}
			if cues > 0 && people {
				ref.people.add(t)
			}
		}
		if u.date == nil && a.pastPerfect(u.start, u.end) {
			u.strong, u.weak = 0, 0
		}
		if (ref.all != 0 || ref.people != 0) && refs == nil {
			refs = make([]mentions, len(si.units))
		}
		if refs != nil {
			refs[k] = ref
		}
	}
	return refs
}

// mentions are the types of a unit whose every cue is a definite
// reference (all), those of them whose cues name a happening or a thing
// rather than people (things), and the types whose every cue names people
// (people: "convicts", "the mobilised").
type mentions struct{ all, things, people typeSet }

// openingQuoteEnd is where a quotation that opens text[start:end] closes,
// or 0 when the sentence does not open with one.
func openingQuoteEnd(text string, start, end int) int {
	if start >= end || !strings.ContainsRune("\"“«", rune(text[start])) && !strings.HasPrefix(text[start:], "“") {
		return 0
	}
	i := start + 1
	if strings.HasPrefix(text[start:], "“") || strings.HasPrefix(text[start:], "«") {
		i = start + len("“")
	}
	if c := closingQuote(text, i, end); c > 0 {
		return c
	}
	return 0
}

// saidBetween reports whether a reporting verb lies in text[from:to]: the
// words after a quotation name who said it.
func (a *analyzer) saidBetween(from, to int) bool {
	for _, t := range a.toks {
		if t.start >= to {
			break
		}
		if t.start > from && (reportingVerbs[t.w] || statementVerbs[t.w]) {
			return true
		}
	}
	return false
}

// maxQuotedPhrase is the most words a quotation may have and still be a
// phrase quoted (a slogan, a name, a term) rather than speech reported.
const maxQuotedPhrase = 6

// inShortQuote reports whether pos lies inside a quotation of at most
// maxQuotedPhrase words.
func inShortQuote(text string, quotes [][2]int, pos int) bool {
	for _, q := range quotes {
		if q[0] <= pos && pos < q[1] {
			return len(strings.Fields(text[q[0]:q[1]])) <= maxQuotedPhrase
		}
	}
	return false
}

// sloganWords introduce a quotation that is written or chanted, not said:
// a placard reading "...", protesters chanting "...".
var sloganWords = map[string]bool{"reading": true, "read": true, "saying": true, "chanting": true,
	"chanted": true, "shouting": true, "shouted": true, "slogan": true, "slogans": true, "banner": true,
	"banners": true, "placard": true, "placards": true, "sign": true, "signs": true, "poster": true,
	"posters": true, "inscription": true, "words": true, "hashtag": true}

// slogan reports whether the quotation holding pos follows a word that
// makes it a slogan or an inscription.
func (a *analyzer) slogan(quotes [][2]int, pos int) bool {
	for _, q := range quotes {
		if q[0] <= pos && pos < q[1] {
			for k := len(a.toks) - 1; k >= 0; k-- {
				if a.toks[k].end > q[0] {
					continue
				}
				return sloganWords[a.toks[k].w] || k > 0 && sloganWords[a.toks[k-1].w]
			}
		}
	}
	return false
}

// determiners make the noun after them a happening already known: "the
// protest", "this call-up", "their mobilisation".
var determiners = map[string]bool{"the": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "their": true, "last": true}

// nounModifiers may stand between a determiner and the noun it makes
// definite without making it a new report: "the 21 September protests",
// "the partial mobilisation", "the St Petersburg protests".
func nounModifier(w string) bool {
	switch w {
	case "partial", "recent", "latest", "first", "second", "september", "october", "autumn", "spring",
		"same", "street", "mass", "big", "large", "main", "new", "whole", "general", "so-called":
		return true
	}
	return len(w) > 0 && w[0] >= '0' && w[0] <= '9'
}

// headNouns follow a cue that only modifies them: "the detention centre",
// "the mobilisation law", "the recruitment office".
var headNouns = map[string]bool{"centre": true, "center": true, "centres": true, "centers": true,
	"camp": true, "facility": true, "law": true, "laws": true, "bill": true, "office": true,
	"offices": true, "point": true, "points": true, "station": true, "movement": true, "unit": true,
	"middle": true, "campaign": true, "drive": true}

// peopleNouns name people, not a happening: "the new conscripts" may be
// news of their own ("the new conscripts would not serve ..."), whereas "the
// same wave" names only what the reader is taken to know.
var peopleNouns = map[string]bool{"conscript": true, "conscripts": true, "reservists": true, "draftees": true,
	"volunteer": true, "volunteers": true, "convicts": true, "inmates": true, "prisoners": true,
	"deserter": true, "deserters": true, "soldiers": true, "recruits": true, "protesters": true,
	"demonstrators": true, "detainees": true, "mobilised": true, "mobilized": true}

// definite reports whether the cue at token k is a noun made definite by a
// determiner before it, maybe through a modifier. A name before it makes
// it a named thing instead: "the Lars crossing".
func (a *analyzer) definite(k int) bool {
	if k+1 < len(a.toks) && headNouns[a.toks[k+1].w] {
		return false
	}
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		w := a.toks[j].w
		if strings.ContainsAny(a.text[a.toks[j].end:a.toks[j+1].start], ",;:—(\"“") {
			return false
		}
		if determiners[w] {
			return j == k-1 || w != "last"
		}
		if !nounModifier(w) {
			return false
		}
	}
	return false
}

// perfectSkips may stand between "had" and its participle.
var perfectSkips = map[string]bool{"already": true, "never": true, "long": true, "just": true, "previously": true,
	"also": true, "once": true, "recently": true, "not": true, "first": true, "earlier": true, "quietly": true}

// subordinators open a clause that is not the main one: a past perfect
// after them sets a scene for the main verb ("after the men had left, ...").
var subordinators = map[string]bool{"who": true, "which": true, "that": true, "when": true, "after": true,
	"before": true, "since": true, "because": true, "if": true, "as": true, "once": true, "until": true,
	"whose": true, "where": true, "while": true, "though": true, "although": true, "whom": true}

// pastPerfect reports whether the clause text[start:end] is told in the
// past perfect in its main verb, before anyone is said to speak: "he had
// never received a summons", "parliament had already rewritten the code".
// Undated, such a clause sets the background of the story.
func (a *analyzer) pastPerfect(start, end int) bool {
	n := 0
	for i, t := range a.toks {
		if t.start < start {
			continue
		}
		if t.start >= end || n > 8 {
			return false
		}
		n++
		if subordinators[t.w] || reportingVerbs[t.w] || statementVerbs[t.w] {
			return false
		}
		if t.w != "had" {
			continue
		}
		for j := i + 1; j < len(a.toks) && a.toks[j].start < end && j <= i+3; j++ {
			w := a.toks[j].w
			if perfectSkips[w] {
				continue
			}
			// "had reported on ...", "had said": what was reported is news.
			return w == "been" || pastParticiple(w) && !reportingVerbs[w] && !statementVerbs[w]
		}
		return false
	}
	return false
}

// pastParticiple reports whether w looks like a past participle.
func pastParticiple(w string) bool {
	if strings.HasSuffix(w, "ed") || pastForms[w] {
		return true
	}
	switch w {
	case "gone", "done", "seen", "taken", "given", "known", "grown", "drawn", "begun", "written",
		"spoken", "shown", "broken", "chosen", "driven", "fallen", "flown", "hidden", "risen", "thrown":
		return true
	}
	return false
}
