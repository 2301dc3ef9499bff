package extract

import (
	_ "embed"
	"fmt"
	"strings"
)

// The lexicon (lexicon.txt): phrases of news English that signal an event
// type, the context that confirms or redirects it, and the wording of what
// is not an event. It is data, read once; the rules that read phrases in
// context live in typing.go and events.go.
//
//go:embed lexicon.txt
var lexiconText string

// evType is an event type; typeNames holds the names the outside sees.
type evType int8

const (
	tMobilization evType = iota
	tRecruitment
	tPrisonerRecruitment
	tProtest
	tArson
	tAttack
	tExodus
	tExemption
	tRefusal
	tCasualties
	numTypes
)

// anyType marks an anaphor that may refer to an event of any type:
// "the incident", "the move".
const anyType evType = -1

var typeNames = [numTypes]string{
	"mobilization", "recruitment", "prisoner_recruitment", "protest", "arson", "attack",
	"exodus", "exemption", "refusal", "casualties",
}

// ctxKind names context that alone is no event but types or supports one.
type ctxKind uint8

const (
	cPrison    ctxKind = iota // prisoners, penal colonies, pardons
	cTarget                   // enlistment offices and their officials
	cSoldier                  // soldiers, troops, reservists
	cTrend                    // rises and falls: "an uptick in interest"
	cDetained                 // detentions, arrests, prosecutions
	cBorder                   // borders, crossings, queues
	cFire                     // fire words that are arson only with a target
	cHarm                     // harm to a person, an attack only with a target
	cDeath                    // death words, casualties only with a number
	cMilitary                 // the army: advertising is recruitment only for it
	cDraftee                  // men of draft age and the draft: fleeing is exodus only for them
	cLaw                      // bills, laws, amendments: their steps are events of the law's type
	cLawStep                  // a step of a law: passed, approved, signed
	cStance                   // a reaction or an opinion: condemned, welcomed, called it
	cGeneric                  // a standing rule or habit, not a happening: "every year", "under the law"
	cPeople                   // people who may arrive or be sent back: "Russians", "citizens"
	cMeasure                  // a state's measure at its border: "stopped admitting", "visa ban"
	cSport                    // sport: clubs, players, tournaments
	cAccident                 // accidents and disasters: deaths there are no war casualties
	cArmy                     // the army itself, named firmly: a sport story that names it is about the war
	cGrievance                // what people protest about besides the war: prices, a landfill, an election
	cFamily                   // soldiers' and called-up men's families: wives, mothers
	cDemand                   // a demand made: "to demand", "calling for"
	numCtx
)

// signal is what a lexicon phrase says about the sentence it is in.
type signal uint8

const (
	sigTrigger  signal = iota // an event of the type happened
	sigWeak                   // maybe an event of the type: needs support
	sigContext                // context of a kind
	sigBlock                  // a phrase whose words trigger nothing ("enlistment office")
	sigSkip                   // the sentence is no event: background, opinion, fear
	sigCause                  // the words up to the clause end name a cause or a target, not the happening
	sigModal                  // a modal verb: a trigger right after it is hypothetical
	sigNewTopic               // the sentence starts a new happening
	sigNumber                 // a number word
	sigAnaphor                // a phrase that refers back to an event: "the fire", "the bill"
)

// entry is one lexicon phrase.
type entry struct {
	phrase string
	sig    signal
	typ    evType  // for sigTrigger, sigWeak, sigBlock, sigAnaphor (or anyType)
	ctx    ctxKind // for sigContext
	// with and without are the context a trigger or weak cue is read in
	// (see condition): it counts only when its sentence, or the one before
	// it in the paragraph, has one of with (if any) and none of without.
	with, without ctxSet
}

// Conditions may also ask for a number or a time expression in the
// sentence: two bits after the kinds of context.
const (
	condNumber = ctxKind(numCtx)     // "with number": a figure or a number word
	condDate   = ctxKind(numCtx + 1) // "with date": a time expression
)

// holds reports whether the cue's conditions hold in a sentence whose
// context, numbers and dates are cond.
func (e *entry) holds(cond ctxSet) bool {
	return (e.with == 0 || cond&e.with != 0) && cond&e.without == 0
}

// ctxNames are the names lexicon.txt gives the kinds of context.
var ctxNames = [numCtx]string{
	cPrison: "prison", cTarget: "target", cSoldier: "soldier", cTrend: "trend", cDetained: "detained",
	cBorder: "border", cFire: "fire", cHarm: "harm", cDeath: "death", cMilitary: "military",
	cDraftee: "draftee", cLaw: "law", cLawStep: "law_step", cStance: "stance", cGeneric: "generic",
	cPeople: "people", cMeasure: "measure", cSport: "sport", cAccident: "accident",
	cArmy: "army", cGrievance: "grievance",
	cFamily: "family", cDemand: "demand",
}

// markNames are the sections of lexicon.txt that carry no type or context.
var markNames = map[string]signal{
	"skip": sigSkip, "cause": sigCause, "modal": sigModal, "newtopic": sigNewTopic, "number": sigNumber,
}

// parseLexicon reads lexicon.txt: sections headed "KIND [NAME]
// [with CTX...] [without CTX...]:", each followed by indented lines of
// phrases separated by ";".
func parseLexicon(text string) ([]entry, error) {
	var out []entry
	var cur *entry // the section's template
	for n, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			e, err := lexiconSection(strings.TrimSuffix(trimmed, ":"))
			if err != nil || !strings.HasSuffix(trimmed, ":") {
				return nil, fmt.Errorf("extract: lexicon.txt line %d: %q is no section heading: %v", n+1, trimmed, err)
			}
			cur = &e
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("extract: lexicon.txt line %d: phrases before any section", n+1)
		}
		for _, p := range strings.Split(trimmed, ";") {
			p = strings.Join(strings.Fields(p), " ")
			if p == "" || p != strings.ToLower(p) {
				return nil, fmt.Errorf("extract: lexicon.txt line %d: bad phrase %q", n+1, p)
			}
			// The matcher finds a phrase by its first word's letters.
			if p[0] == '_' || p[0] == '*' {
				return nil, fmt.Errorf("extract: lexicon.txt line %d: %q opens with a wildcard, which never matches", n+1, p)
			}
			e := *cur
			e.phrase = p
			out = append(out, e)
		}
	}
	return out, nil
}

// lexiconSection reads a section heading such as "trigger protest" or
// "weak exodus with people without soldier military".
func lexiconSection(h string) (entry, error) {
	words := strings.Fields(h)
	if len(words) == 0 {
		return entry{}, fmt.Errorf("empty heading")
	}
	kind, name := words[0], ""
	rest := words[1:]
	if len(rest) > 0 && rest[0] != "with" && rest[0] != "without" {
		name, rest = rest[0], rest[1:]
	}
	e, err := sectionKind(kind, name)
	if err != nil || len(rest) == 0 {
		return e, err
	}
	if e.sig != sigTrigger && e.sig != sigWeak {
		return entry{}, fmt.Errorf("only trigger and weak sections take conditions")
	}
	var set *ctxSet
	for _, w := range rest {
		switch w {
		case "with":
			set = &e.with
			continue
		case "without":
			set = &e.without
			continue
		}
		c, ok := condKind(w)
		if !ok || set == nil {
			return entry{}, fmt.Errorf("unknown condition %q", w)
		}
		set.add(c)
	}
	if rest[len(rest)-1] == "with" || rest[len(rest)-1] == "without" {
		return entry{}, fmt.Errorf("condition %q names no context", rest[len(rest)-1])
	}
	return e, nil
}

// condKind is the context a condition word names: a kind of context,
// "number" or "date".
func condKind(w string) (ctxKind, bool) {
	switch w {
	case "number":
		return condNumber, true
	case "date":
		return condDate, true
	}
	for c, n := range ctxNames {
		if n == w {
			return ctxKind(c), true
		}
	}
	return 0, false
}

// sectionKind reads the kind and name of a heading: "trigger protest",
// "context border", "skip".
func sectionKind(kind, name string) (entry, error) {
	if sig, ok := markNames[kind]; ok && name == "" {
		return entry{sig: sig}, nil
	}
	if kind == "context" {
		for c, n := range ctxNames {
			if n == name {
				return entry{sig: sigContext, ctx: ctxKind(c)}, nil
			}
		}
		return entry{}, fmt.Errorf("unknown context %q", name)
	}
	if kind == "anaphor" && name == "" {
		return entry{sig: sigAnaphor, typ: anyType}, nil
	}
	sig, ok := map[string]signal{"trigger": sigTrigger, "weak": sigWeak, "block": sigBlock, "anaphor": sigAnaphor}[kind]
	if !ok {
		return entry{}, fmt.Errorf("unknown kind %q", kind)
	}
	for t, n := range typeNames {
		if n == name {
			return entry{sig: sig, typ: evType(t)}, nil
		}
	}
	return entry{}, fmt.Errorf("unknown type %q", name)
}

// lexiconEntries is the whole lexicon. The embedded file is checked by the
// tests, so a broken one cannot ship; failing here stops the program at
// start rather than letting it run with half a lexicon.
func lexiconEntries() []entry {
	es, err := parseLexicon(lexiconText)
	if err != nil {
		panic(err)
	}
	return es
}
