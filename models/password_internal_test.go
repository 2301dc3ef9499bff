package models

import (
	"context"
	"testing"
	"time"
)

// FuzzParsePHC checks the reader of stored hashes: it never panics, keeps
// costs within bounds, and what it accepts writes back the same.
func FuzzParsePHC(f *testing.F) {
	for _, seed := range []string{"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
		"$argon2id$v=19$m=0,t=0,p=0$$", "$argon2i$v=19$m=64,t=1,p=1$AAAA$BBBB", "$argon2id$v=19$t=1,m=64,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1,x=2$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s)
		if err != nil {
			return
		}
		if h.params.Memory > 1<<20 || h.params.Time > 16 || h.params.Threads > 16 || len(h.key) > 64 || len(h.salt) > 64 {
			t.Fatalf("%q: accepted costs %+v", s, h.params)
		}
		again, err := parsePHC(encodePHC(h))
		if err != nil || string(again.key) != string(h.key) || string(again.salt) != string(h.salt) || again.params != h.params {
			t.Fatalf("%q: does not round-trip: %v", s, err)
		}
	})
}

// BenchmarkHashPassword is one argon2id hash at the production costs: the
// floor under every sign-in and password change.
func BenchmarkHashPassword(b *testing.B) {
	h := NewHasher(DefaultHashParams, 1, time.Minute)
	for b.Loop() {
		if _, err := h.Hash(context.Background(), "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
