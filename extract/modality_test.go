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
		// Class: a penalty or a right stated for anyone of a kind, whatever
		// the modal, after an opening phrase or none.
		{"rule for a kind of people", "Under the amended code, men who refuse to report would face up to ten years in prison.", 0},
		{"rule for those who", "Those who leave the country may lose their jobs, and those who return risk a fine.", 0},
		{"rule for plural subject", "Reservists who ignore a summons can be barred from selling property.", 0},
		{"rule for kind control", "Men who refused to report were jailed for two years in Kursk, the court said on Tuesday.", 1},
		// Class: a prison term in the sentence before makes no soldier
		// counted in the next a recruited convict.
		{"prison term before a count", "Deserters would face up to 15 years in prison. A reservist can be called up until 50, and officers until 55.", 0},
		{"convicts counted control", "Wagner had 50,000 fighters in Ukraine, 40,000 of them convicts recruited from prisons, he said on Friday.", 1},
		// Class: living in fear of a thing is no happening of it.
		{"fear of a call-up", "Men of fighting age who stayed in the town say they live in fear of being called up.", 0},
		{"fear control", "Men of fighting age in the town were called up on Monday.", 1},
		// Class: a rule for anyone in a clause of its own, with no modal.
		{"rule in a later clause", "Summonses can now be sent electronically, and men who ignore them are barred from leaving the country.", 0},
		{"rule in a later clause control", "Summonses were sent electronically, and men who ignored them were stopped at the border in Verkhny Lars on Sunday.", 1},
		// Class: a happening named as the topic of news, talk or fear.
		{"topic of news", "Thousands of men who watched the news of the mobilisation with dread began to plan their escape.", 0},
		{"topic of talk", "The prospect of a second wave of mobilisation has unsettled the labour market.", 0},
		// Class: an analysis's reasons and causes.
		{"reason", "Mobilisation is the main reason many of his friends emigrated.", 0},
		{"reason control", "Many of his friends emigrated to Georgia in September after the mobilisation was announced.", 1},
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
