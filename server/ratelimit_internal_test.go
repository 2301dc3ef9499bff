package server

import (
	"strconv"
	"testing"
	"time"
)

func TestLimiterRefillsAndForgets(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(Rate{PerSecond: 2, Burst: 2})
	l.now = func() time.Time { return now }
	for i := range 2 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d within the burst refused", i)
		}
	}
	ok, wait := l.allow("a")
	if ok || wait <= 0 || wait > 500*time.Millisecond {
		t.Fatalf("third request: ok %v, wait %s; want refused, a token within 0.5s", ok, wait)
	}
	now = now.Add(wait)
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("refused after waiting what it was told")
	}
	// A refused request takes no token: refusals do not push the wait out.
	ok, w1 := l.allow("a")
	ok2, w2 := l.allow("a")
	if ok || ok2 || w2 > w1 {
		t.Errorf("refusals moved the wait: %s then %s", w1, w2)
	}

	// Idle clients are forgotten at the next sweep; busy ones are not.
	for i := range 50 {
		l.allow("idle" + strconv.Itoa(i))
	}
	now = now.Add(clientIdle + time.Minute)
	l.allow("a")
	if len(l.clients) != 1 {
		t.Errorf("%d clients kept after they went idle, want 1", len(l.clients))
	}
}
