package extract

import "strings"

// Modality: sentences whose mood, not their words, says they tell of no
// happening. Each rule reads a class of sentence, never a phrase.

// conditional reports whether a sentence states a rule or a condition
// rather than a happening: it opens with "if" or "unless" ("if a soldier
// overstays his leave, a case is opened"), or its subject is anyone at all
// who does something, under a modal ("a reservist who ignores the letter
// can be fined").
func conditional(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	i := 0
	if toks[0].w == "but" || toks[0].w == "and" {
		i = 1
	}
	if i >= len(toks) {
		return false
	}
	switch toks[i].w {
	case "if", "unless", "whoever", "anyone", "anybody":
		return true
	case "a", "an", "any", "every":
	default:
		return false
	}
	who := false
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		if toks[k].w == "who" || toks[k].w == "that" {
			who = true
			break
		}
	}
	if !who {
		return false
	}
	for _, t := range toks[i:] {
		if modals[t.w] && t.w != "will" && t.w != "would" {
			return true
		}
	}
	return false
}

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
