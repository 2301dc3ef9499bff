package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"timeline/fetch"
	"timeline/ingest"
	"timeline/models"
)

// ingestText is an article written for this test.
const ingestText = `Police detain dozens at anti-draft rally in Novosibirsk

Police in Novosibirsk detained at least 40 people on Saturday at a rally against the mobilization, a rights group said.

A man threw a firebomb at a military enlistment office in Nizhny Novgorod on 24 September, local media reported. Nobody was hurt.`

// TestIngestInBrowser pastes an article into /admin/ingest, watches the
// job page refresh itself (without any script of ours) until it is done,
// and checks the drafts it made; in light and dark, desktop and phone,
// axe-clean, with screenshots.
func TestIngestInBrowser(t *testing.T) {
	t.Parallel()
	var store *models.Store
	s := newSite(t, func(ctx context.Context, st *models.Store) error {
		st.Passwords = models.NewHasher(models.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 4, time.Second)
		store = st
		_, err := st.CreateUser(ctx, models.NewUser{Email: "editor@example.org", Name: "Eddie Editor", Role: models.RoleEditor, Password: adminPassword})
		return err
	})
	// The runner a server process keeps; the site's handler has none to
	// wake, so it finds the job by polling, as another replica would.
	runner := ingest.NewRunner(store, slog.New(slog.NewTextHandler(io.Discard, nil)), fetch.New(fetch.Options{}))
	runner.Poll = 200 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go runner.Run(ctx)

	b := newBrowser(t)
	for i, c := range []struct {
		name string
		o    tabOptions
	}{
		{"desktop-light", tabOptions{width: 1440, height: 900}},
		{"phone-dark", tabOptions{width: 390, height: 844, dark: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := b.tab(t, c.o)
			tb.open(s.URL + "/login?next=" + url.QueryEscape("/admin/ingest"))
			tb.signInByKeyboard("editor@example.org", adminPassword)
			tb.waitPage(`document.querySelector("[data-testid=ingest-form]")`)
			tb.axe(c.name + " ingest form")
			tb.screenshot("form")
			// The second time, an edited version of the same article: it
			// updates the events of the first, and makes no new drafts.
			text := ingestText
			if i > 0 {
				text += "\n\nA paragraph added later, which tells of nothing new."
			}
			tb.do(chromedp.SetValue(chromedp.CSS(`#ingest-text`), text),
				chromedp.SetValue(chromedp.CSS(`#ingest-published`), "2022-09-26"),
				chromedp.Click(chromedp.CSS(`[data-testid=ingest-submit]`)))
			tb.waitPage(`document.querySelector("[data-testid=ingest-job]")`)
			if !strings.Contains(eval[string](tb, `location.pathname`), "/admin/ingest/") {
				t.Fatalf("the POST did not land on the job's page: %s", eval[string](tb, `location.href`))
			}
			tb.waitPage(`document.querySelector("[data-testid=ingest-job][data-state=done]")`)
			got := eval[string](tb, `document.querySelector("[data-testid=ingest-summary]").textContent`)
			result := eval[string](tb, `document.querySelector("[data-testid=ingest-item]").textContent`)
			if i == 0 && (!strings.Contains(got, "new drafts, 0 errors") || strings.HasPrefix(got, "0 ")) {
				t.Errorf("summary %q", got)
			}
			if i > 0 && (got != "0 new drafts, 0 errors." || !strings.Contains(result, "edited version")) {
				t.Errorf("an edited version: summary %q, result %q", got, result)
			}
			if eval[bool](tb, `!!document.querySelector('meta[http-equiv=refresh]')`) {
				t.Error("a finished job's page still refreshes itself")
			}
			tb.axe(c.name + " ingest job")
			tb.screenshot("job")
			tb.noErrors()
		})
	}
	counts, err := store.StatusCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if drafts := counts[models.StatusDraft]; drafts < 2 || counts[models.StatusPublished] != 0 {
		t.Errorf("events by status %v, want drafts of the rally and the firebomb, none published", counts)
	}
}
