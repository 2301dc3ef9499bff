package extract

import (
	"reflect"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "Police detained 40 people. The rally ended at noon.",
			[]string{"Police detained 40 people.", "The rally ended at noon."}},
		{"abbreviations", "Lt. Col. Ivanov met Gen. Petrov in St. Petersburg on Sept. 3. Mr. Smith of the U.S. embassy said No. 5 was shut.",
			[]string{"Lt. Col. Ivanov met Gen. Petrov in St. Petersburg on Sept. 3.", "Mr. Smith of the U.S. embassy said No. 5 was shut."}},
		{"acronym ends sentence", "The men flew to the U.S. The ministry said nothing.",
			[]string{"The men flew to the U.S.", "The ministry said nothing."}},
		{"decimals and thousands", "About 1,500 men, or 2.5 percent, left. Officials said so.",
			[]string{"About 1,500 men, or 2.5 percent, left.", "Officials said so."}},
		{"closing quote stays", `"We will not go," he said. "Never." Then he left.`,
			[]string{`"We will not go," he said.`, `"Never."`, "Then he left."}},
		{"curly quote holds a short quoted exchange", "Women shouted “Why are you taking our sons? Who asked for this?” at the police. Officers walked away.",
			[]string{"Women shouted “Why are you taking our sons? Who asked for this?” at the police.", "Officers walked away."}},
		{"lower case after full stop does not split", "The office (est. in 1990) burned. Nobody was hurt.",
			[]string{"The office (est. in 1990) burned.", "Nobody was hurt."}},
		{"heading line stands alone", "Queues at the Border\nCars waited for two days. Guards checked papers.",
			[]string{"Queues at the Border", "Cars waited for two days.", "Guards checked papers."}},
		{"page chrome does not glue", "Photo: Reuters\nTrending Now\nThe decree was signed on Monday.\n\nRelated News",
			[]string{"Photo: Reuters", "Trending Now", "The decree was signed on Monday.", "Related News"}},
		{"hard-wrapped lines join", "The governor said on Tuesday that the region had received a new\nquota of reservists to call up. He gave no figure.",
			[]string{"The governor said on Tuesday that the region had received a new\nquota of reservists to call up.", "He gave no figure."}},
		{"domains and initials", "Activists at Gulag.example reported it. J. K. Rowling was not there.",
			[]string{"Activists at Gulag.example reported it.", "J. K. Rowling was not there."}},
		{"question and exclamation", "Who pays? Nobody! The end.",
			[]string{"Who pays?", "Nobody!", "The end."}},
		{"no final punctuation", "A long paragraph that lost its full stop somewhere along the way and keeps going without one at all, as pasted text often does",
			[]string{"A long paragraph that lost its full stop somewhere along the way and keeps going without one at all, as pasted text often does"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.text) {
				if tt.text[s.Start:s.End] != s.Text {
					t.Fatalf("offsets %d:%d do not give %q", s.Start, s.End, s.Text)
				}
				got = append(got, s.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences()\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSentencesParagraphs(t *testing.T) {
	text := "First paragraph here. It has two sentences.\n\nSecond one.\nThird, on its own line.\n"
	var paras []int
	for _, s := range Sentences(text) {
		paras = append(paras, s.Para)
	}
	if want := []int{0, 0, 1, 2}; !reflect.DeepEqual(paras, want) {
		t.Errorf("paragraphs = %v, want %v", paras, want)
	}
}

func TestSentencesHeadings(t *testing.T) {
	text := "Russians Flee\n\nMany left the country. Others stayed.\n"
	ss := Sentences(text)
	if got, want := len(ss), 3; got != want {
		t.Fatalf("got %d sentences, want %d", got, want)
	}
	if !ss[0].Heading || ss[1].Heading || ss[2].Heading {
		t.Errorf("headings = %v %v %v, want true false false", ss[0].Heading, ss[1].Heading, ss[2].Heading)
	}
}
