package extract

import (
	"strings"
	"testing"
)

// TestEventPlaceClasses covers the classes of text that decide which of the
// places a passage names is where its event happened. The texts are
// invented; each names a competing place so that a wrong choice shows.
func TestEventPlaceClasses(t *testing.T) {
	g := eventsGazetteer(t)
	tests := []struct {
		name, text, want, not string
	}{
		{"origin gives way to the site",
			"Four soldiers from Ulan-Ude were killed on Tuesday in the Donetsk region, relatives said.",
			"Donetsk", "Ulan-Ude"},
		{"origin gives way to the paragraph's site",
			"On Friday a missile hit a school used as a barracks in Horlivka.\n" +
				"The ministry later admitted 40 deaths, most of them reservists from the Omsk region.",
			"Horlivka", "Omsk"},
		{"our town is the speaker's",
			"The author lives in Kungur, in Perm krai, and was called up in October 2022.\n\n" +
				"I spent the winter near Svatove. Of the thirty men from our town, eleven were dead by the summer of 2023.",
			"Kungur", "Svatove"},
		{"a town before its region",
			"Olga, 52, teaches at a school in Kinel, in the Samara region.\n\n" +
				"Her nephew was called up in the first week of October.",
			"Kinel", ""},
		{"the spelling of the article",
			"Summonses were handed out in Chaikovsky on 3 October as the mobilisation began, the town's administration said.",
			"Chaikovsky", ""},
		{"the capital for a border measure",
			"A Kremlin spokesman said on Monday that no decision had been taken to close the borders to men of draft age.",
			"Moscow", ""},
		{"three countries name no one place",
			"Russia's call-up went on; Russia's regions sent trains of reservists east.\n\n" +
				"Border guards in Finland, Georgia and Kazakhstan said on Monday that tens of thousands of Russians fleeing the draft had crossed in the first week of October.",
			"Russia", "Finland"},
		{"the whole country",
			"Protesters were detained in Tomsk on Saturday.\n\n" +
				"Since the decree, recruitment offices in dozens of regions have been set on fire, the monitors counted on Sunday.",
			"Russia", "Tomsk"},
		// Exodus: where people went, crossed or arrived, not where they
		// left from; a place they merely come from is not the crossing.
		{"exodus: left a city for a capital abroad",
			"Hundreds of young men fled Kazan for Tbilisi on Thursday, a day after the call-up was announced.",
			"Tbilisi", "Kazan"},
		{"exodus: from a region into a country",
			"Men from Buryatia crossed into Mongolia over the weekend to escape the draft, border officials said on Monday.",
			"Mongolia", "Buryatia"},
		{"exodus: a route sells out where it starts",
			"Flights from Novosibirsk to Almaty were sold out on Wednesday as men tried to leave the country.",
			"Novosibirsk", "Almaty"},
		{"exodus: people flew from one city to another",
			"Hundreds of men flew out of Novosibirsk to Almaty on Wednesday as they tried to leave the country.",
			"Almaty", "Novosibirsk"},
		{"exodus: a queue where it is",
			"On Sunday cars queued for 20 kilometres at the Upper Lars checkpoint as men fled Vladikavkaz and the rest of Russia.",
			"Upper Lars", "Vladikavkaz"},
		{"exodus: arrival, no place left",
			"Thousands of Russians arrived in Yerevan on Friday, fleeing the mobilisation, Armenian officials said.",
			"Yerevan", ""},
		// A dateline is where the report was filed: the place of an event
		// told with none of its own, never over a place the event names.
		{"dateline: the town of an unplaced event",
			"CHITA, 4 October (Reuters) - Police detained about twenty women who protested against the call-up on Saturday, a rights group said.",
			"Chita", ""},
		{"dateline: a place of its own wins",
			"CHITA, 4 October (Reuters) - Police detained about twenty women who protested against the call-up in Ulan-Ude on Saturday, a rights group said.",
			"Ulan-Ude", "Chita"},
		{"a raion named by its adjective",
			"Summonses were handed out in the Kurumkansky district on Tuesday, the head of the district said.",
			"Kurumkan", ""},
		{"the district is the raion named before",
			"A group of volunteers from the Kurumkansky district left for the front on Monday.\n\n" +
				"The head of the district said on Tuesday that 12 of its men had been killed since 2022.",
			"Kurumkan", ""},
		{"the district",
			"A group of volunteers from Kabansk district left on Monday.\n\n" +
				"The head of the district said on Tuesday that 40 of its men had been killed since 2022.",
			"Kabansk", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := Events(Document{Text: tt.text, Published: evDay("2023-10-10")}, g)
			if len(evs) == 0 {
				t.Fatal("no events")
			}
			last := evs[len(evs)-1]
			if !strings.Contains(last.Location, tt.want) || tt.not != "" && strings.Contains(last.Location, tt.not) {
				for _, e := range evs {
					t.Logf("%s %q %q", e.Type, e.Location, e.Evidence)
				}
				t.Errorf("last event at %q, want %s", last.Location, tt.want)
			}
		})
	}
}

// TestEventPlaceHeadline covers articles whose body takes the place its
// headline names as known: an event told with no place of its own happened
// there, not in the country at large; a place in the body still wins, and
// a headline naming only where people come from says nothing.
func TestEventPlaceHeadline(t *testing.T) {
	g := eventsGazetteer(t)
	tests := []struct{ name, title, text, want, not string }{
		{"the headline's town",
			"Mothers rally against the call-up in Chita",
			"About sixty women gathered outside the administration on Saturday to demand that their sons be sent home, a local news site reported.",
			"Chita", ""},
		{"the body's place wins",
			"Mothers rally against the call-up in Chita",
			"About sixty women gathered outside the administration in Ulan-Ude on Saturday to demand that their sons be sent home.",
			"Ulan-Ude", "Chita"},
		{"where people come from is not the story's place",
			"Reservists from Chita complain of unpaid wages",
			"About sixty soldiers recorded a video on Saturday saying they had refused to go back to the front until they were paid.",
			"", "Chita"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := Events(Document{Title: tt.title, Text: tt.text, Published: evDay("2023-10-10")}, g)
			if len(evs) == 0 {
				t.Fatal("no events")
			}
			last := evs[len(evs)-1]
			if !strings.Contains(last.Location, tt.want) || tt.not != "" && strings.Contains(last.Location, tt.not) {
				for _, e := range evs {
					t.Logf("%s %q %q", e.Type, e.Location, e.Evidence)
				}
				t.Errorf("last event at %q, want %s", last.Location, tt.want)
			}
		})
	}
}
