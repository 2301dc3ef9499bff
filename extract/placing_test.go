package extract

import (
	"strings"
	"testing"
)

// TestEventsPlaceFromStory covers events whose sentence names no place: they
// happened where the story is, not in "Russia" at large; a place named only
// to locate another, and a person named like a town, are not where.
func TestEventsPlaceFromStory(t *testing.T) {
	g := eventsGazetteer(t)
	tests := []struct {
		name, text, want string
	}{
		{"there", "Police in Kazan broke up a small anti-war rally on Saturday.\n\n" +
			"On Sunday more than forty people were detained at a protest there, a monitoring group said.", "Kazan"},
		{"court after the lede", "A court in Omsk on Friday jailed a student for firebombing a recruitment office.\n\n" +
			"He had thrown a petrol bomb at the office on the night of 3 March, prosecutors said.", "Omsk"},
		{"a town located by a city", "News from Kolomna, south-east of Moscow.\n\n" +
			"A young man set himself alight outside the town hall on Monday in protest at the call-up.", "Kolomna"},
		{"a person named like a town", "The governor, Ivan Nikolaev, said on Tuesday that the regional call-up in Tomsk was complete.", "Tomsk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := Events(Document{Text: tt.text, Published: evDay("2023-03-10")}, g)
			if len(evs) == 0 {
				t.Fatal("no events")
			}
			last := evs[len(evs)-1]
			if !strings.Contains(last.Location, tt.want) {
				for _, e := range evs {
					t.Logf("%s %q %q", e.Type, e.Location, e.Evidence)
				}
				t.Errorf("last event at %q, want %s", last.Location, tt.want)
			}
		})
	}
}
