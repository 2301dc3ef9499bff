package extract

import (
	"strings"
	"time"

	"timeline/models"
)

// reportedWindow is how long before its article a reported event may have
// happened: an article dated by its publication tells of the days before it.
const reportedWindow = 7 * 24 * time.Hour

// Thresholds of content-word overlap (Jaccard) for two reports to be one
// happening: within an article a restatement shares much wording; across
// articles a shared place and date carry most of the proof.
const (
	sameArticleJaccard   = 0.4
	samePlaceJaccard     = 0.1
	placelessJaccard     = 0.3
	onePlaceOnlyJaccard  = 0.35
	sameHappeningMaxDays = 45
)

// SameHappening reports whether two events, from one article or two, tell
// of one happening: the same type, overlapping dates (a reported date counts
// for the week before it), compatible places and similar wording.
func SameHappening(a, b Event) bool {
	if a.Type != b.Type || !datesOverlap(a, b) {
		return false
	}
	j := jaccard(contentWords(eventWords(a)), contentWords(eventWords(b)))
	pa, pb := placeName(a), placeName(b)
	switch {
	case pa != "" && pb != "":
		if !strings.EqualFold(pa, pb) {
			return false
		}
		return j >= samePlaceJaccard
	case pa == "" && pb == "":
		return j >= placelessJaccard
	default:
		return j >= onePlaceOnlyJaccard
	}
}

// datesOverlap compares two events' ranges, widening reported ones and
// refusing ranges too long to say anything.
func datesOverlap(a, b Event) bool {
	as, ae := widen(a)
	bs, be := widen(b)
	if ae.Sub(as) > sameHappeningMaxDays*24*time.Hour && be.Sub(bs) > sameHappeningMaxDays*24*time.Hour {
		return false
	}
	return !as.After(be) && !bs.After(ae)
}

func widen(e Event) (time.Time, time.Time) {
	if e.Precision == models.PrecisionReported {
		return e.Start.Add(-reportedWindow), e.End
	}
	return e.Start, e.End
}

func eventWords(e Event) string {
	if e.Evidence != "" {
		return e.Evidence
	}
	return e.Title + " " + e.Summary
}

// dedupe merges, within one article, events that restate each other: the
// earlier report stays and gains the later one's actors and figures.
func dedupe(evs []Event) []Event {
	words := make([]map[string]bool, len(evs))
	for i := range evs {
		words[i] = contentWords(evs[i].Evidence)
	}
	gone := make([]bool, len(evs))
	for i := range evs {
		if gone[i] {
			continue
		}
		for j := i + 1; j < len(evs); j++ {
			if gone[j] {
				continue
			}
			if sameSpan(evs[i], evs[j]) {
				gone[j] = true // one sentence read two ways: one event
				continue
			}
			if datesStatement(evs[i], evs[j], words[i], words[j]) {
				// The lead reported a statement undated; the quote dates it.
				evs[i].Start, evs[i].End, evs[i].Precision, evs[i].DateText =
					evs[j].Start, evs[j].End, evs[j].Precision, evs[j].DateText
			} else if !restates(evs[i], evs[j], words[i], words[j]) {
				continue
			}
			evs[i].Actors = union(evs[i].Actors, evs[j].Actors)
			evs[i].Numbers = union(evs[i].Numbers, evs[j].Numbers)
			gone[j] = true
		}
	}
	out := evs[:0]
	for i, e := range evs {
		if !gone[i] {
			out = append(out, e)
		}
	}
	return out
}

// restates reports whether b, later in an article, says again what a said.
func restates(a, b Event, wa, wb map[string]bool) bool {
	if a.Type != b.Type || a.Start.After(b.End) || b.Start.After(a.End) {
		return false
	}
	return placeName(a) == placeName(b) && jaccard(wa, wb) >= sameArticleJaccard
}

// sameSpan reports whether two events end on the same words, so were read
// from one sentence (one perhaps with a context sentence before it): a mixed estimate ("of 50,000
// inmates recruited, 40,000 were killed") is one report, whichever type
// comes first.
func sameSpan(a, b Event) bool {
	return a.EvidenceEnd == b.EvidenceEnd
}

// statementJaccard is the overlap at which a dated quote restates an
// undated lead of the same type: the two word a statement differently.
const statementJaccard = 0.1

// datesStatement reports whether b, later in the article, is the dated
// report of the statement a tells undated ("X says it has stopped ..." and
// later "\"... has been stopped,\" X said Thursday"): the same type and
// place, b dated within the week before publication, similar wording.
func datesStatement(a, b Event, wa, wb map[string]bool) bool {
	if a.Type != b.Type || a.Precision != models.PrecisionReported || b.Precision == models.PrecisionReported {
		return false
	}
	if b.Start.Before(a.Start.Add(-reportedWindow)) || b.End.After(a.End) {
		return false
	}
	return placeName(a) == placeName(b) && jaccard(wa, wb) >= statementJaccard
}

// placeName is the name of an event's place, or "" when it has none more
// specific than a country: a country tells two happenings apart no more
// than no place does.
func placeName(e Event) string {
	if e.Place == nil || e.Place.Kind == "country" {
		return ""
	}
	return e.Place.Name
}

func union(a, b []string) []string {
	for _, s := range b {
		found := false
		for _, t := range a {
			if strings.EqualFold(s, t) {
				found = true
				break
			}
		}
		if !found {
			a = append(a, s)
		}
	}
	return a
}

// stopWords carry no content for comparing wordings.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "that": true, "with": true, "from": true, "this": true,
	"have": true, "has": true, "had": true, "was": true, "were": true, "are": true, "been": true,
	"said": true, "says": true, "its": true, "their": true, "his": true, "her": true, "they": true,
	"who": true, "which": true, "will": true, "would": true, "not": true, "but": true, "into": true,
	"after": true, "about": true, "also": true, "than": true, "more": true, "some": true,
	"according": true, "there": true, "when": true, "what": true, "one": true, "all": true,
	"them": true, "she": true, "him": true, "out": true, "over": true, "such": true, "other": true,
}

// contentWords is the set of lower-case words of s that carry content.
func contentWords(s string) map[string]bool {
	lower := asciiLower(s)
	out := map[string]bool{}
	for _, t := range tokenize(lower, 0, len(lower), nil) {
		if len(t.w) >= 3 && !stopWords[t.w] {
			out[t.w] = true
		}
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
