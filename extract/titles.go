package extract

import (
	"strings"

	"timeline/extract/places"
)

// titleWords are the extractor's own titles per type: one without a place,
// one with it. They are deliberately plain; editors rewrite them.
var titleWords = [numTypes]struct{ plain, at string }{
	tMobilization:        {"Mobilization order or call-up", "Mobilization call-up in "},
	tRecruitment:         {"Military recruitment drive", "Military recruitment in "},
	tPrisonerRecruitment: {"Recruitment of prisoners", "Prisoner recruitment in "},
	tProtest:             {"Protest against mobilization", "Protest in "},
	tArson:               {"Arson attack on an official building", "Arson attack in "},
	tAttack:              {"Armed attack on an enlistment office or official", "Attack on officials in "},
	tExodus:              {"People leave to avoid the draft", "Draft exodus: "},
	tExemption:           {"Exemptions from mobilization", "Mobilization exemptions in "},
	tRefusal:             {"Soldiers refuse to fight", "Soldiers refuse to fight: "},
	tCasualties:          {"Casualty figures", "Casualties in "},
}

// countedTypes are the types whose title shows the first figure found.
var countedTypes = map[evType]bool{
	tMobilization: true, tPrisonerRecruitment: true, tArson: true, tExodus: true,
	tRefusal: true, tCasualties: true,
}

// title writes an event's title from its type, place and figures.
func title(t evType, p *places.Place, numbers []string) string {
	w := titleWords[t]
	s := w.plain
	if p != nil && !(p.Kind == "country" && (p.Country == "RU" || p.Country == "UA")) {
		s = w.at + p.Name
	}
	if n := headcount(numbers); countedTypes[t] && n != "" {
		s += " (" + n + ")"
	}
	return s
}

// units are what a figure may measure that is no count of people or things.
var units = map[string]bool{
	"years": true, "year": true, "months": true, "month": true, "weeks": true, "days": true,
	"hours": true, "minutes": true, "kilometres": true, "kilometers": true, "km": true, "miles": true,
	"percent": true, "per": true, "roubles": true, "rubles": true, "dollars": true,
}

// headcount picks the first figure that counts people or things: "300,000
// reservists", not "two years" or "20 kilometres".
func headcount(numbers []string) string {
	for _, n := range numbers {
		f := strings.Fields(n)
		if len(f) < 2 || units[strings.ToLower(f[len(f)-1])] || strings.HasPrefix(n, "$") {
			continue
		}
		return n
	}
	return ""
}
