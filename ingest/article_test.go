package ingest_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"timeline/ingest"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name, in, err string
	}{
		{"text", "A protest in Moscow.", ""},
		{"UTF-8 mark", "\xef\xbb\xbfA protest in Moscow.", ""},
		{"UTF-16 LE", "\xff\xfeA\x00 \x00p\x00", ""},
		{"empty", " \n\t ", "empty"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00", "binary"},
		{"Latin-1", "Caf\xe9", "not UTF-8"},
		{"too big", strings.Repeat("x", ingest.MaxArticleBytes+1), "larger than 10 MiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := ingest.Check([]byte(c.in))
			if c.err == "" {
				if err != nil || !utf8.Valid(out) || strings.HasPrefix(string(out), "\ufeff") {
					t.Errorf("Check(%q) = %q, %v", c.in, out, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Check(%.20q): %v, want %q", c.in, err, c.err)
			}
		})
	}
}

// FuzzRead: whatever an upload holds, reading it answers an error or a
// document of valid UTF-8, and never panics.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Protest in Moscow\n\nPolice detained 40 people on 24 September 2022."), "a.txt")
	f.Add([]byte("<!DOCTYPE html><html><body><article><p>Police detained 40 people.</p></article></body></html>"), "a.html")
	f.Add([]byte("\xff\xfeA\x00"), "u16.txt")
	pub := time.Date(2022, 9, 26, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw []byte, name string) {
		doc, err := ingest.Read(raw, name, "", "", &pub, false)
		if err == nil && (!utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Title)) {
			t.Errorf("invalid UTF-8 in the document read from %q", raw)
		}
	})
}
