package places

import "testing"

// TestLabelAs checks that a place keeps the text's spelling beside the
// gazetteer's only where the text spelt its name another way.
func TestLabelAs(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ text, want string }{
		{"Riots in Chaikovsky went on.", "Chaikovsky (Chaykovsky), Perm Krai, Russia"},
		{"Riots in Kiev went on.", "Kiev (Kyiv), Kyiv Oblast, Ukraine"},
		{"Riots in Yakutia went on.", "Yakutia (Sakha Republic), Russia"},
		{"Riots in Kursk went on.", "Kursk, Kursk Oblast, Russia"},
		{"Riots in the Kursk region went on.", "Kursk Oblast, Russia"},  // a derived phrase
		{"Riots in St Petersburg went on.", "Saint Petersburg, Russia"}, // St is Saint
		{"Buryat volunteers left.", "Republic of Buryatia, Russia"},     // a demonym
		{"YAKUTSK - Riots went on.", "Yakutsk, Sakha Republic, Russia"}, // a dateline's capitals
		{"Riots in the Russian Federation went on.", "Russia"},          // a country's other name
		{"Протесты в Курской области.", "Kursk Oblast, Russia"},         // a Russian case
		// A crossing names the border it is on.
		{"Queues at Upper Lars grew.", "Upper Lars, Republic of North Ossetia–Alania, Russia, border with Georgia"},
		{"Queues at Vaalimaa grew.", "Vaalimaa–Torfyanovka, Leningrad Oblast, Russia, border with Finland"},
		{"Queues at the Kazbegi checkpoint grew.", "Upper Lars, Republic of North Ossetia–Alania, Russia, border with Georgia"},
	}
	for _, tt := range tests {
		ms := g.Find(tt.text)
		if len(ms) == 0 {
			t.Errorf("%q: no place", tt.text)
			continue
		}
		if got := g.LabelAs(ms[0].Place, ms[0].Text); got != tt.want {
			t.Errorf("%q: LabelAs = %q, want %q", tt.text, got, tt.want)
		}
	}
	if got := g.LabelAs(nil, "Kursk"); got != "" {
		t.Errorf("LabelAs(nil) = %q", got)
	}
}
