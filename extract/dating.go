package extract

import (
	"strings"

	"timeline/extract/dates"
)

// How a time expression found in a unit is attached to its event: the
// rules of tense and clause that the date grammar cannot see.

// futureLeads put the happening of the words after them in the time to
// come: "will begin on 1 October", "takes effect on January 1", "is due
// to start in April", "the deadline is 15 July". The simple past of the
// same verbs ("took effect") and the future in the past ("would begin")
// tell what was or was meant, and resolve like the rest of the news.
var futureLeads = []string{"will", "shall", "'ll", "won't", "takes effect", "take effect", "come into force",
	"comes into force", "enter into force", "enters into force", "go into effect", "goes into effect",
	"is due", "are due", "is set to", "are set to", "is scheduled", "are scheduled", "is to", "are to",
	"is expected to", "are expected to", "deadline", "starting", "effective", "is planned", "are planned",
	"plans to", "plan to", "intends to", "intend to", "come into effect", "comes into effect"}

// pastMarks in a time expression say it looks back, whatever the tense.
var pastMarks = []string{"last", "ago", "past", "yesterday", "earlier", "previous", "since"}

// futureLeadBefore reports whether the clause leading up to text[pos:]
// (from its last comma or semicolon, and not before start) holds a
// future lead.
func (a *analyzer) futureLeadBefore(start, pos int) bool {
	before := a.lower[max(start, pos-120):pos]
	if k := strings.LastIndexAny(before, ",;:"); k >= 0 {
		before = before[k+1:]
	}
	return hasPhrase(before, futureLeads)
}

// futureLeadAfter reports whether the clause that a time expression opens
// ("From 1 January, men up to 30 will be called up") holds a future lead:
// the text after it up to the end of the sentence's clause.
// A reporting verb before the lead makes the time the saying's: "In May the
// ministry said it will call up more men".
func (a *analyzer) futureLeadAfter(end, stop int) bool {
	after := a.lower[end:min(stop, end+160)]
	if k := strings.IndexAny(after, ";."); k >= 0 {
		after = after[:k]
	}
	for _, t := range tokenize(after, 0, len(after), nil) {
		if reportingVerbs[t.w] {
			return false
		}
		if leadAt(after, t.start) {
			return true
		}
	}
	return false
}

// leadAt reports whether a future lead starts at s[i:].
func leadAt(s string, i int) bool {
	for _, p := range futureLeads {
		if strings.HasPrefix(s[i:], p) && (i+len(p) == len(s) || !isWordByte(s[i+len(p)])) {
			return true
		}
	}
	return false
}

// hasPhrase reports whether s holds one of the phrases as whole words.
func hasPhrase(s string, phrases []string) bool {
	for _, p := range phrases {
		for k := 0; ; {
			i := strings.Index(s[k:], p)
			if i < 0 {
				break
			}
			i += k
			j := i + len(p)
			if (i == 0 || !isWordByte(s[i-1]) || p[0] == '\'') && (j == len(s) || !isWordByte(s[j])) {
				return true
			}
			k = i + 1
		}
	}
	return false
}

// futureDate reads a time expression the way a plan means it: a date
// without its year, told after a future lead ("the call-up will begin on
// 1 October", "the law takes effect on January 1") or opening a clause
// in the future ("From 1 January, men will be called up"), is the next
// such date, though news resolves it to the last one. nil when the
// expression is not such a date or already lies ahead.
func (a *analyzer) futureDate(u *unit, d *dates.Match) *dates.Match {
	if !d.Range.End.Before(a.ref) || hasYear(d.Text) {
		return nil
	}
	low := strings.ToLower(d.Text)
	if hasPhrase(low, pastMarks) {
		return nil
	}
	lead := a.futureLeadBefore(u.start, d.Start) || a.opensUnit(u, d) && a.futureLeadAfter(d.End, u.end)
	// "Residents have until Friday to register": a weekday ahead.
	if !lead && !(weekday(low) && strings.HasSuffix(strings.TrimSpace(a.lower[max(u.start, d.Start-7):d.Start]), "until")) {
		return nil
	}
	r, err := dates.Parse(d.Text, a.ref, dates.PreferFuture)
	if err != nil || r.End.Before(a.ref) {
		return nil
	}
	f := *d
	f.Range = r
	return &f
}

// opensUnit reports whether a time expression opens the unit, after at
// most a preposition: "From 1 January, ...", "On Monday the law will ...".
func (a *analyzer) opensUnit(u *unit, d *dates.Match) bool {
	if d.Start < u.start {
		return false
	}
	switch strings.Join(strings.Fields(a.lower[u.start:d.Start]), " ") {
	case "", "from", "starting", "starting from", "beginning", "as of", "on", "in", "by", "and", "but", "and from", "and on", "and in":
		return true
	}
	return false
}

// weekday reports whether a lower-case time expression names a day of the
// week.
func weekday(low string) bool {
	return hasPhrase(low, []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
}

// hasYear reports whether a time expression names its year in figures.
func hasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			run++
			if run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '\'' || s[i] == 0x99) && '0' <= s[i+1] && s[i+1] <= '9' {
			return true // "'22", "’22"
		}
	}
	return false
}

// embedMarks open a clause or phrase inside a sentence that tells a
// happening of its own, earlier than the sentence's: "the man who set fire
// to the office in the autumn", "jailed for refusing to return in May",
// "an attack carried out last March".
var embedMarks = []string{"who", "whom", "whose", "which", "carried out", "committed", "staged", "that took place",
	"that happened", "that occurred"}

// courtWords tell a step of a court case: the sentence's own happening is
// the ruling, which a time told only of the deed it judges does not date.
var courtWords = []string{"sentenced", "jailed", "convicted", "acquitted", "fined", "found guilty", "found him guilty",
	"found her guilty", "found them guilty", "handed a", "gave him", "gave her", "ordered him", "ordered her",
	"charged", "indicted", "verdict", "sentence", "ruled", "went on trial", "goes on trial", "stood trial"}

// embedded is where the clause embedded in the unit that a time expression
// dates opens, or -1 when the time is the unit's own: it dates such a clause
// rather than the unit's own happening when a relative clause or a
// participle phrase ("who set fire to it in May", "carried out last March")
// or a gerund of cause ("for refusing to return to his unit in May") opens
// between the start of its clause and the time, and no step of a court case
// comes between them (which would be the main clause taking up again: "the
// man who set fire to it in May was sentenced today").
func (a *analyzer) embedded(u *unit, d *dates.Match) int {
	from := max(u.start, d.Start-160)
	if k := strings.LastIndexAny(a.lower[from:d.Start], ";:—"); k >= 0 {
		from += k + 1
	}
	before := a.lower[from:d.Start]
	at := max(lastPhrase(before, embedMarks), gerundOfCause(before))
	// A comma after the opening closes the clause before the time: "the
	// soldier, who deserted in June, was detained on Friday".
	if at < 0 || hasPhrase(before[at:], courtWords) || strings.Contains(before[at:], ",") {
		return -1
	}
	return from + at
}

// lastPhrase is where the last of the phrases occurs in s as whole words;
// -1 when none does.
func lastPhrase(s string, phrases []string) int {
	best := -1
	for _, p := range phrases {
		for k := len(s); k > 0; {
			i := strings.LastIndex(s[:k], p)
			if i < 0 {
				break
			}
			j := i + len(p)
			if (i == 0 || !isWordByte(s[i-1])) && (j == len(s) || !isWordByte(s[j])) {
				best = max(best, i)
				break
			}
			k = i
		}
	}
	return best
}

// gerundOfCause is where the last "for/over/after/of <verb>-ing" occurs in
// s ("for refusing", "over deserting", "after setting fire", "guilty of
// attacking"); -1 when none.
func gerundOfCause(s string) int {
	best := -1
	toks := tokenize(s, 0, len(s), nil)
	for k := 0; k+1 < len(toks); k++ {
		switch toks[k].w {
		case "of":
			// Only after a charge: "guilty of attacking", not "men of
			// fighting age".
			if k == 0 || !chargeWords[toks[k-1].w] {
				continue
			}
			fallthrough
		case "for", "over", "after":
			if w := toks[k+1].w; len(w) > 5 && strings.HasSuffix(w, "ing") && w != "during" {
				best = toks[k].start
			}
		}
	}
	return best
}

// chargeWords name a charge, whose "of" opens the deed charged: "guilty of
// setting fire to the office in May".
var chargeWords = map[string]bool{"guilty": true, "accused": true, "suspected": true, "suspicion": true,
	"convicted": true, "charged": true, "acquitted": true, "innocent": true}

// targetNouns name a goal or a stock set for a period: "its recruitment
// target for the first quarter", "flights sold out for the coming days".
var targetNouns = map[string]bool{"target": true, "targets": true, "quota": true, "quotas": true, "plan": true,
	"goal": true, "goals": true, "budget": true, "forecast": true, "out": true, "booked": true, "allocated": true}

// targetPeriod reports whether a time expression is the period a target or
// a stock is set for, not the time of the happening: "for" comes before it
// (or opens it) right after a target noun. The report of such a target is
// dated by its own time, or the article.
func (a *analyzer) targetPeriod(u *unit, d *dates.Match) bool {
	low := a.lower[max(u.start, d.Start-48):d.Start]
	if !strings.HasPrefix(strings.ToLower(d.Text), "for ") {
		low = strings.TrimRight(low, " ")
		if !strings.HasSuffix(low, " for") {
			return false
		}
		low = low[:len(low)-4]
	}
	toks := tokenize(low, 0, len(low), nil)
	return len(toks) > 0 && targetNouns[toks[len(toks)-1].w]
}

// presentWords of a clause put its happening in the article's present:
// "recruitment campaigns now run on billboards".
var nowWords = map[string]bool{"now": true, "currently": true, "nowadays": true}

// presentClause reports whether the clause around pos (between commas,
// semicolons or sentence ends, within the unit) is told in the present:
// a time across its bounds is another clause's ("in December Shoigu
// announced ..., and campaigns now run on billboards").
func (a *analyzer) presentClause(u *unit, pos int) bool {
	from, to := u.start, u.end
	if k := strings.LastIndexAny(a.lower[u.start:pos], ",;"); k >= 0 {
		from = u.start + k + 1
	}
	if k := strings.IndexAny(a.lower[pos:u.end], ",;"); k >= 0 {
		to = pos + k
	}
	for _, t := range tokenize(a.lower, from, to, nil) {
		if nowWords[t.w] {
			return true
		}
	}
	return false
}
