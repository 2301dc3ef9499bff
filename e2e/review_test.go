package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"timeline/fetch"
	"timeline/ingest"
	"timeline/models"
)

// seedArticle reads the first of the shared seed articles, which live
// beside the repository (../shared/seeds of the main checkout).
func seedArticle(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{os.Getenv("TIMELINE_SEEDS"), "../../shared/seeds", "../../../shared/seeds"} {
		if dir == "" {
			continue
		}
		names, _ := filepath.Glob(filepath.Join(dir, "000_*.txt"))
		if len(names) == 0 {
			continue
		}
		b, err := os.ReadFile(names[0])
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Skip("the shared seed articles are not beside this checkout (set TIMELINE_SEEDS to their folder)")
	return ""
}

// TestReviewWholePath is the curation path with the keyboard alone: sign
// in, paste a seed article into /admin/ingest, watch the job, then on the
// review screen publish two drafts with a, reject one with x, undo that,
// edit its precision, merge it with its first suggestion with m, and see
// the public pages and the history change. Axe-clean, with screenshots.
func TestReviewWholePath(t *testing.T) {
	t.Parallel()
	article := seedArticle(t)
	var store *models.Store
	s := newSite(t, func(ctx context.Context, st *models.Store) error {
		st.Passwords = models.NewHasher(models.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 4, time.Second)
		store = st
		_, err := st.CreateUser(ctx, models.NewUser{Email: "editor@example.org", Name: "Eddie Editor", Role: models.RoleEditor, Password: adminPassword})
		return err
	})
	runner := ingest.NewRunner(store, slog.New(slog.NewTextHandler(io.Discard, nil)), fetch.New(fetch.Options{}))
	runner.Poll = 200 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go runner.Run(ctx)

	b := newBrowser(t)
	tb := b.tab(t, tabOptions{width: 1440, height: 900})
	event := func(id int64) *models.Event {
		t.Helper()
		ev, err := store.Event(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}

	// Sign in and ingest.
	tb.open(s.URL + "/login?next=" + url.QueryEscape("/admin/ingest"))
	tb.signInByKeyboard("editor@example.org", adminPassword)
	tb.waitPage(`document.querySelector("[data-testid=ingest-form]")`)
	tb.tabTo("#ingest-text", 30)
	// Pasting is one keyboard action; typing the article key by key would
	// only make the test slow.
	tb.do(chromedp.SetValue(chromedp.CSS(`#ingest-text`), article))
	tb.tabTo("#ingest-published", 10)
	tb.do(chromedp.SetValue(chromedp.CSS(`#ingest-published`), "2022-09-26"))
	tb.tabTo("[data-testid=ingest-submit]", 10)
	tb.keys(kb.Enter)
	tb.waitPage(`document.querySelector("[data-testid=ingest-job]")`)
	if !eval[bool](tb, `!!document.querySelector("#ingest-progress")`) {
		t.Error("the job page shows no progress bar")
	}
	tb.waitPage(`document.querySelector("[data-testid=ingest-job][data-state=done]")`)
	if got := eval[string](tb, `(() => { const p = document.querySelector("#ingest-progress"); return p.value + "/" + p.max })()`); !strings.HasPrefix(got, "1/") {
		t.Errorf("finished progress %s, want 1 of 1 article", got)
	}
	q, err := store.Drafts(context.Background(), models.DraftFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if q.Total < 5 {
		t.Fatalf("the seed gave %d drafts, want at least 5 for this path", q.Total)
	}

	// The queue, then the first draft by the keyboard.
	tb.open(s.URL + "/admin/review")
	tb.waitPage(`document.querySelector("[data-testid=review-queue]")`)
	if got := eval[string](tb, `document.querySelector("[data-testid=review-total]").textContent`); !strings.HasPrefix(got, strconv.Itoa(q.Total)+" drafts") {
		t.Errorf("queue total %q, want %d drafts", got, q.Total)
	}
	tb.axe("queue")
	tb.screenshot("queue")
	tb.tabTo(`[data-testid=review-row] a`, 60)
	tb.keys(kb.Enter)
	tb.waitPage(`document.querySelector("[data-testid=review]")`)
	tb.axe("review")
	tb.screenshot("review")
	current := func() int64 {
		id, _ := strconv.ParseInt(eval[string](tb, `document.querySelector("[data-testid=review]").dataset.reviewId`), 10, 64)
		return id
	}
	// waitFor waits until the review screen shows event id, swapped in or loaded.
	waitFor := func(id int64) {
		t.Helper()
		tb.waitPage(fmt.Sprintf(`document.querySelector("[data-testid=review][data-review-id='%d']")`, id))
	}
	// A swap keeps the page: this mark lives until a full load.
	tb.do(chromedp.Evaluate[chromedp.Void](`window.__noReload = true`))

	first := current()
	if first != q.Drafts[0].ID {
		t.Fatalf("the first row opened %d, want %d", first, q.Drafts[0].ID)
	}
	ids := []int64{q.Drafts[0].ID, q.Drafts[1].ID, q.Drafts[2].ID, q.Drafts[3].ID}
	tb.keys("a")
	waitFor(ids[1])
	tb.keys("a")
	waitFor(ids[2])
	// The reason field stands apart from the two buttons; what is typed
	// there goes with the rejection. Escape leaves the field for the keys.
	tb.tabTo("#r-reason", 40)
	tb.keys("Not in the article")
	tb.keys(kb.Escape)
	tb.keys("x")
	waitFor(ids[3])
	if got := event(ids[2]).StatusReason; got != "Not in the article" {
		t.Errorf("the rejection's reason %q, want the words typed", got)
	}
	if st := []models.Status{event(ids[0]).Status, event(ids[1]).Status, event(ids[2]).Status}; st[0] != models.StatusPublished ||
		st[1] != models.StatusPublished || st[2] != models.StatusRejected {
		t.Fatalf("after a, a, x: %v", st)
	}
	if !eval[bool](tb, `window.__noReload === true`) {
		t.Error("a decision reloaded the page instead of swapping in the next draft")
	}
	if got := eval[string](tb, `document.getElementById("review-live").textContent`); !strings.Contains(got, "rejected") {
		t.Errorf("live region after x: %q", got)
	}
	tb.axe("review after swaps")

	// u takes the rejection back and shows that draft again.
	tb.keys("u")
	waitFor(ids[2])
	if ev := event(ids[2]); ev.Status != models.StatusDraft {
		t.Fatalf("after u: %s, want draft", ev.Status)
	}
	if got := eval[string](tb, `document.querySelector("[data-testid=review-status]").textContent`); got != "draft" {
		t.Errorf("status shown after undo %q", got)
	}

	// ? shows the keys; Escape hides them.
	tb.keys("?")
	if !eval[bool](tb, `document.getElementById("keys-help").open`) {
		t.Error("? did not open the key list")
	}
	tb.screenshot("keys")
	tb.keys(kb.Escape)
	tb.keys(kb.Escape)
	if eval[bool](tb, `document.getElementById("keys-help").open`) {
		t.Error("Escape did not close the key list")
	}

	// e goes to the fields; the precision changes with the keyboard.
	before := event(ids[2]).DatePrecision
	title := event(ids[2]).Title
	tb.keys("e")
	if !eval[bool](tb, `document.activeElement.id === "e-title"`) {
		t.Fatalf("e did not focus the title (focus on %s)", eval[string](tb, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	tb.tabTo("#e-precision", 20) // a date field is three stops
	if eval[bool](tb, `(() => { const s = document.getElementById("e-precision"); return s.selectedIndex === s.options.length - 1 })()`) {
		tb.keys(kb.ArrowUp)
	} else {
		tb.keys(kb.ArrowDown)
	}
	chosen := eval[string](tb, `document.getElementById("e-precision").value`)
	if chosen == string(before) {
		t.Fatalf("an arrow key left the precision at %s", chosen)
	}
	tb.tabTo("[data-testid=edit-save]", 20)
	tb.keys(kb.Enter)
	tb.waitPage(`location.search.includes("done=saved")`)
	if ev := event(ids[2]); string(ev.DatePrecision) != chosen || ev.Title != title {
		t.Fatalf("saved precision %s, title %q; want %s and the title unchanged (%q)", ev.DatePrecision, ev.Title, chosen, title)
	}

	// m merges it with its first suggestion, keeping the older id.
	tb.waitPage(`document.querySelector("[data-testid=suggestion]")`)
	tb.screenshot("suggestions")
	other, _ := strconv.ParseInt(eval[string](tb, `document.querySelector("[data-testid=suggestion]").dataset.eventId`), 10, 64)
	tb.keys("m")
	older, newer := min(other, ids[2]), max(other, ids[2])
	deadline := time.Now().Add(20 * time.Second)
	for event(newer).Status != models.StatusMerged && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond) // polling the database for the merge's commit
	}
	if ev := event(newer); ev.Status != models.StatusMerged || ev.MergedIntoID == nil || *ev.MergedIntoID != older {
		t.Fatalf("after m: %d is %s into %v, want merged into %d", newer, ev.Status, ev.MergedIntoID, older)
	}
	tb.waitPage(`document.readyState === "complete"`)
	tb.axe("review after merge")

	// The public side: the two published events have their pages, and
	// the chronology lists them.
	for _, id := range ids[:2] {
		ev := event(id)
		tb.open(s.URL + "/events/" + strconv.FormatInt(id, 10))
		tb.waitPage(`document.querySelector("h1")`)
		if got := eval[string](tb, `document.querySelector("h1").textContent`); !strings.Contains(got, ev.Title) {
			t.Errorf("the permalink of %d shows %q, want %q", id, got, ev.Title)
		}
	}
	tb.open(s.URL + "/")
	tb.waitPage(`document.querySelector("main")`)
	body := eval[string](tb, `document.querySelector("main").textContent`)
	for _, id := range ids[:2] {
		if ev := event(id); !strings.Contains(body, ev.Title) {
			t.Errorf("the chronology does not list %q", ev.Title)
		}
	}
	if surv := event(older); surv.Status == models.StatusPublished {
		tb.open(s.URL + "/events/" + strconv.FormatInt(newer, 10))
		tb.waitPage(`document.querySelector("h1")`)
		if got := eval[string](tb, `location.pathname`); !strings.HasPrefix(got, "/events/"+strconv.FormatInt(older, 10)+"/") {
			t.Errorf("the merged event's permalink lands on %s, want the survivor %d", got, older)
		}
	}

	// The history of the survivor lists the merge.
	tb.open(s.URL + "/admin/events/" + strconv.FormatInt(older, 10) + "/history")
	tb.waitPage(`document.querySelector("[data-testid=revisions]")`)
	if n := eval[int](tb, `document.querySelectorAll("[data-testid=revision-row]").length`); n < 2 {
		t.Errorf("the survivor's history has %d revisions, want its creation and the merge at least", n)
	}
	if got := eval[string](tb, `document.querySelector("[data-testid=revisions]").textContent`); !strings.Contains(strings.ToLower(got), "merge") {
		t.Errorf("the history does not mention the merge: %.300s", got)
	}
	tb.screenshot("history")
	// The merged draft's history: its creation against now shows the
	// precision edited and the status.
	revs, err := store.Revisions(context.Background(), newer)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range revs {
		actions = append(actions, r.Action)
	}
	if got, want := strings.Join(actions, " "), "created reject undo edit merge"; got != want {
		t.Errorf("revisions of the merged draft: %s, want %s", got, want)
	}
	tb.open(fmt.Sprintf("%s/admin/events/%d/history?from=%d&to=%d", s.URL, newer, revs[0].ID, revs[len(revs)-1].ID))
	tb.waitPage(`document.querySelector("[data-testid=diff]")`)
	diff := eval[string](tb, `Array.from(document.querySelectorAll("[data-testid=diff-row]")).map(r => r.textContent).join(" | ")`)
	if !strings.Contains(diff, precisionShown(before)) && !strings.Contains(diff, string(before)) {
		t.Errorf("the diff does not show the old precision %s: %s", before, diff)
	}
	tb.screenshot("diff")
	tb.noErrors()
}

// precisionShown is how the screens word a precision, as far as the test
// needs: the stored word with its hyphen as a space.
func precisionShown(p models.Precision) string { return strings.ReplaceAll(string(p), "-", " ") }
