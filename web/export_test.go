package web

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// unfold undoes RFC 5545 folding: a CRLF followed by one space or tab.
func unfold(s string) string {
	return strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(s)
}

func checkFolded(t *testing.T, line, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("%q does not end in CRLF", out)
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets", i, len(l))
		}
		if i > 0 && !strings.HasPrefix(l, " ") {
			t.Errorf("continuation line %d does not start with a space: %q", i, l)
		}
		if utf8.ValidString(line) && !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i, l)
		}
	}
	if got := strings.TrimSuffix(unfold(out), "\r\n"); got != line {
		t.Errorf("unfolded %q, want %q", got, line)
	}
}

func TestICSLineFolding(t *testing.T) {
	for _, line := range []string{
		"",
		"SUMMARY:short",
		"SUMMARY:" + strings.Repeat("x", 67),  // exactly 75 octets
		"SUMMARY:" + strings.Repeat("x", 68),  // one over
		"SUMMARY:" + strings.Repeat("я", 100), // two octets each
		"DESCRIPTION:" + strings.Repeat("€🙂", 60),
	} {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		icsLine(w, line)
		w.Flush()
		checkFolded(t, line, buf.String())
	}
}

// FuzzICSLine: whatever the text, folding keeps lines within 75 octets,
// never splits a character and unfolds to the text itself.
func FuzzICSLine(f *testing.F) {
	f.Add("SUMMARY:" + strings.Repeat("я", 50))
	f.Add("DESCRIPTION:a\\nb\\,c")
	f.Fuzz(func(t *testing.T, s string) {
		line := "DESCRIPTION:" + icsText.Replace(s)
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		icsLine(w, line)
		w.Flush()
		if strings.ContainsAny(strings.ReplaceAll(buf.String(), "\r\n", ""), "\r\n") {
			t.Fatalf("a bare line break in %q", buf.String())
		}
		checkFolded(t, line, buf.String())
	})
}

func TestBibTeXEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"Fires & arrests: 100% {sure}": `Fires \& arrests: 100\% \{sure\}`,
		`back\slash_~^$#`:              `back\textbackslash{}slash\_\textasciitilde{}\textasciicircum{}\$\#`,
		"two\nlines":                   "two lines",
	} {
		if got := bibtex(in); got != want {
			t.Errorf("bibtex(%q) = %q, want %q", in, got, want)
		}
	}
}
