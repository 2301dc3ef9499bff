package models

import (
	"strings"
	"testing"
)

// Whatever PostgreSQL returns, the parts put back together are the original
// text, and matches sit at odd positions.
func FuzzMarked(f *testing.F) {
	f.Add("a protest here", "a \uE000protest\uE001 here")
	f.Add("x", "\uE000x")
	f.Add("a\uE000b", "a\uE000b\uE001")
	f.Fuzz(func(t *testing.T, original, headline string) {
		parts := marked(original, headline)
		if strings.Join(parts, "") != original {
			t.Fatalf("parts %q do not rebuild %q", parts, original)
		}
		if len(parts)%2 != 1 {
			t.Fatalf("%d parts: want plain text at both ends", len(parts))
		}
	})
}
