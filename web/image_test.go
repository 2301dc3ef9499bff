package web

import (
	"bytes"
	"image/png"
	"testing"
)

var testCard = card{Kicker: "Prisoner recruitment", Colour: parseColour("#6941c6"), Place: "Republic of Buryatia",
	Title: "Recruiters visit a penal colony and promise pardons after six months at the front, relatives say",
	Date:  "week of 19 September 2022", Site: "Timeline", Host: "timeline.example.org"}

func TestShareImage(t *testing.T) {
	ic := newImageCache(2)
	b, hit, err := ic.get("1:1", testCard)
	if err != nil || hit {
		t.Fatalf("first draw: hit %v, %v", hit, err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != ImageWidth || r.Dy() != ImageHeight {
		t.Errorf("image is %v", r)
	}
	if _, hit, _ := ic.get("1:1", testCard); !hit {
		t.Error("the second request drew again")
	}
	ic.get("2:1", testCard)
	ic.get("3:1", testCard)
	if _, hit, _ := ic.get("1:1", testCard); hit {
		t.Error("the cache kept more entries than its bound")
	}
	// Long words and long titles stay inside the card.
	long := testCard
	long.Title = "Supercalifragilisticexpialidocious-" + string(bytes.Repeat([]byte("x"), 200)) + " and more words to wrap onto many lines of the card"
	if _, err := ic.draw(long); err != nil {
		t.Fatal(err)
	}
	f, _ := face(ic.bold, 62)
	for _, l := range wrap(f, long.Title, 1028, 4) {
		if w := measure(f, l); w > 1028 {
			t.Errorf("line %q is %d px wide", l, w)
		}
	}
}

// BenchmarkShareImageDraw draws and encodes one card, without the cache.
func BenchmarkShareImageDraw(b *testing.B) {
	ic := newImageCache(1)
	for b.Loop() {
		if _, err := ic.draw(testCard); err != nil {
			b.Fatal(err)
		}
	}
}
