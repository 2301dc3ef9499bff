package extract

import "testing"

func TestLexiconParses(t *testing.T) {
	es, err := parseLexicon(lexiconText)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[entry]bool{}
	for _, e := range es {
		if seen[e] {
			t.Errorf("%q listed twice in its section", e.phrase)
		}
		seen[e] = true
	}
	if len(es) < 500 {
		t.Errorf("%d phrases: the lexicon lost sections", len(es))
	}
}

func TestLexiconRejects(t *testing.T) {
	for _, text := range []string{
		"trigger nonsense:\n    word\n",
		"context nowhere:\n    word\n",
		"shout:\n    word\n",
		"    word before a section\n",
		"trigger protest\n    no colon\n",
		"trigger protest:\n    Capitalised\n",
		"trigger protest:\n    a ; ; b\n",
		"skip extra:\n    word\n",
	} {
		if _, err := parseLexicon(text); err == nil {
			t.Errorf("parseLexicon(%q) accepted it", text)
		}
	}
}
