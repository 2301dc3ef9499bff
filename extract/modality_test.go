package extract

import (
	"testing"
	"time"
)

// TestModality checks each class of sentence whose mood says it reports no
// happening, each beside a control that does report one, so that the rule
// cannot pass by dropping everything. The sentences are written for this test.
func TestModality(t *testing.T) {
	g := eventsGazetteer(t)
	pub := evDay("2024-03-15")
	cases := []struct {
		class, text string
		want        int
	}{
		{"conditional", "If the unit reports a soldier absent, a criminal case for desertion is opened.", 0},
		{"rule for anyone", "A conscript who refuses to serve can be jailed for up to two years.", 0},
		{"conditional control", "A reservist who refused his summons was jailed for two years in Omsk on Tuesday.", 1},
		{"description", "The deserters were overwhelmingly rural, poor and young.", 0},
		{"description control", "Hundreds of deserters were detained in Rostov on Monday.", 1},
		{"generic present", "It brings long queues at the crossings and arson at recruiting offices.", 0},
		{"generic present control", "Someone set fire to a recruiting office in Perm on Sunday.", 1},
		// The negated habit is read by negated (typing.go); kept here as its class.
		{"negated habit", "The ministry does not regularly publish its own casualties.", 0},
		{"negation control", "The ministry reported 40 casualties on Friday.", 1},
	}
	for _, c := range cases {
		evs := Events(Document{Text: c.text, Published: pub}, g)
		if len(evs) != c.want {
			for _, e := range evs {
				t.Logf("%s %s %q", e.Type, e.Start.Format(time.DateOnly), e.Evidence)
			}
			t.Errorf("%s: got %d events, want %d", c.class, len(evs), c.want)
		}
	}
}
