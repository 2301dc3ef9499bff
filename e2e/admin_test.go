package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"timeline/models"
)

const adminPassword = "correct horse battery staple"

// draftBody is the article of the draft to review, written for the tests.
const draftBody = "On Wednesday dozens rallied in the city centre against the call-up.\n\nThe police watched and made no arrests, witnesses said."

// curators is a site with an admin and an editor, cheap password hashing
// and a clock the test can move (the store reads it from the server's
// goroutines, so it moves atomically).
type curators struct {
	*site
	offset atomic.Int64
	editor int64
}

func newCurators(t *testing.T) *curators {
	t.Helper()
	s := &curators{}
	s.site = newSite(t, func(ctx context.Context, store *models.Store) error {
		store.Passwords = models.NewHasher(models.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 4, time.Second)
		store.Now = func() time.Time { return time.Now().Add(time.Duration(s.offset.Load())) }
		if _, err := store.CreateUser(ctx, models.NewUser{Email: "admin@example.org", Name: "Ada Admin", Role: models.RoleAdmin, Password: adminPassword}); err != nil {
			return err
		}
		ed, err := store.CreateUser(ctx, models.NewUser{Email: "editor@example.org", Name: "Eddie Editor", Role: models.RoleEditor, Password: adminPassword})
		if err != nil {
			return err
		}
		s.editor = ed.ID
		evs := []models.NewEvent{
			{ImportKey: "a", Title: "Draft one", Type: "protest", Status: models.StatusDraft, DateStart: day("2022-09-21"), DateEnd: day("2022-09-21"), Precision: models.PrecisionDay, Confidence: 1,
				Citations: []models.Citation{{Source: &models.Source{Title: "A rally", Outlet: "Example Wire", Body: draftBody},
					Quote: "dozens rallied", QuoteStart: ptr(strings.Index(draftBody, "dozens rallied")), QuoteEnd: ptr(strings.Index(draftBody, "dozens rallied") + len("dozens rallied"))}}},
			{ImportKey: "b", Title: "Published one", Type: "arson", Status: models.StatusPublished, DateStart: day("2022-09-22"), DateEnd: day("2022-09-22"), Precision: models.PrecisionDay, Confidence: 1},
		}
		_, err = store.ImportEvents(ctx, evs)
		return err
	})
	return s
}

// waitPage polls a condition across a navigation (a form submission or a
// redirect), when the page's context comes and goes under the poll.
func (tb *tab) waitPage(cond string) {
	tb.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool]("document.readyState === 'complete' && !!("+cond+")"))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond) // the poll's interval, not a wait for time to pass
	}
	tb.t.Fatalf("waiting for %s: %v", cond, last)
}

// noErrorsBut is noErrors for a page that was answered with an expected
// error status (401 for a failed sign-in, which the browser logs).
func (tb *tab) noErrorsBut(status int) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	expected := fmt.Sprintf("status of %d", status)
	for _, m := range tb.console {
		if !strings.Contains(m, expected) {
			tb.t.Errorf("console: %s", m)
		}
	}
}

// tabTo presses Tab until the focused element matches the CSS selector,
// failing after max presses: the keyboard path must reach it.
func (tb *tab) tabTo(selector string, max int) {
	tb.t.Helper()
	for range max {
		if eval[bool](tb, fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, selector)) {
			return
		}
		tb.keys(kb.Tab)
	}
	tb.t.Fatalf("%d presses of Tab never reached %s (focus on %s)", max, selector,
		eval[string](tb, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "nothing"`))
}

// hasFocusRing reports whether the focused element draws a visible outline.
func (tb *tab) hasFocusRing() bool {
	return eval[bool](tb, `(() => { const s = getComputedStyle(document.activeElement);
		return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2; })()`)
}

// signInByKeyboard fills the sign-in form with the keyboard alone.
func (tb *tab) signInByKeyboard(email, password string) {
	tb.t.Helper()
	tb.waitPage(`document.querySelector("[data-testid=login]")`)
	tb.tabTo("#email", 10)
	tb.keys(email)
	tb.keys(kb.Tab)
	tb.keys(password)
	tb.keys(kb.Enter)
}

func TestAdminSignInKeyboardOnly(t *testing.T) {
	t.Parallel()
	s := newCurators(t)
	b := newBrowser(t)
	tb := b.tab(t, desktop)
	tb.open(s.URL + "/admin")
	if got := eval[string](tb, `location.pathname + location.search`); got != "/login?next=%2Fadmin" {
		t.Fatalf("signed out, /admin led to %q", got)
	}
	tb.axe("sign-in")
	tb.signInByKeyboard("admin@example.org", "not the password")
	tb.waitPage(`document.querySelector("[data-testid=login-error]")`)
	tb.axe("sign-in with an error")
	if got := eval[string](tb, `document.getElementById("email").value`); got != "admin@example.org" {
		t.Errorf("the email was not kept after a failure: %q", got)
	}
	tb.tabTo("#password", 10)
	tb.keys(adminPassword)
	tb.keys(kb.Enter)
	tb.waitPage(`document.querySelector("[data-testid=signed-in-as]")`)
	if got := eval[string](tb, `document.querySelector("[data-testid=signed-in-as]").textContent`); got != "Ada Admin" {
		t.Errorf("signed in as %q", got)
	}
	counts := eval[string](tb, `["draft", "published", "rejected"].map(k => document.querySelector("[data-testid=count-" + k + "] .tile-count").textContent).join(",")`)
	if counts != "1,1,0" {
		t.Errorf("dashboard counts (draft, published, rejected) = %s, want 1,1,0", counts)
	}
	if n := eval[int](tb, `document.querySelectorAll("[data-testid=activity] li").length`); n < 2 {
		t.Errorf("recent activity shows %d entries", n)
	}
	tb.axe("dashboard")

	// Through the navigation to the users, by keyboard, with a visible focus ring.
	tb.tabTo(`.admin-nav a[href="/admin/users"]`, 15)
	if !tb.hasFocusRing() {
		t.Error("the focused navigation link shows no focus ring")
	}
	tb.keys(kb.Enter)
	tb.waitPage(`document.querySelector("[data-testid=users]")`)
	if got := eval[string](tb, `document.querySelector(".admin-nav [aria-current=page]").textContent`); got != "Users" {
		t.Errorf("current navigation entry %q", got)
	}
	tb.tabTo(`[data-testid=sign-out]`, 15)
	tb.keys(kb.Enter)
	tb.waitPage(`document.querySelector("[data-testid=login-notice]")`)
	if got := eval[string](tb, `document.querySelector("[data-testid=login-notice]").textContent`); !strings.Contains(got, "signed out") {
		t.Errorf("after signing out: %q", got)
	}
	tb.open(s.URL + "/admin")
	if got := eval[string](tb, `location.pathname`); got != "/login" {
		t.Errorf("after signing out, /admin shows %q", got)
	}
	tb.noErrorsBut(401)
}

// Every signed-in screen and the sign-in page, at desktop and phone widths,
// light and dark: no serious accessibility violation, no console error, no
// sideways scrolling; the screenshots go to artifacts/ for a person to see.
func TestAdminScreens(t *testing.T) {
	t.Parallel()
	s := newCurators(t)
	b := newBrowser(t)
	pages := []struct{ name, path, ready string }{
		{"login", "/login", "[data-testid=login]"},
		{"dashboard", "/admin", "[data-testid=activity]"},
		{"users", "/admin/users", "[data-testid=users]"},
		{"user", fmt.Sprintf("/admin/users/%d", s.editor), "[data-testid=user-email]"},
		{"audit", "/admin/audit", "[data-testid=audit]"},
		{"account", "/account", "[data-testid=change-password]"},
		{"review", "/admin/review", "[data-testid=review-queue]"},
		{"review-draft", "/admin/review/1", "[data-testid=edit-form]"},
	}
	for _, c := range []struct {
		name string
		o    tabOptions
	}{
		{"desktop-light", tabOptions{width: 1440, height: 900}},
		{"desktop-dark", tabOptions{width: 1440, height: 900, dark: true}},
		{"phone-light", tabOptions{width: 390, height: 844}},
		{"phone-dark", tabOptions{width: 390, height: 844, dark: true}},
	} {
		for _, p := range pages {
			// A tab per screen, each signed in on its own by the keyboard,
			// so one slow screen on a loaded machine cannot starve the rest.
			t.Run(c.name+"/"+p.name, func(t *testing.T) {
				tb := b.tab(t, c.o)
				if p.name == "login" {
					tb.open(s.URL + p.path)
				} else {
					tb.open(s.URL + "/login?next=" + url.QueryEscape(p.path))
					tb.signInByKeyboard("admin@example.org", adminPassword)
				}
				tb.waitPage(`document.querySelector("` + p.ready + `")`)
				tb.axe(c.name + " " + p.name)
				if w := eval[float64](tb, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
					t.Errorf("%s scrolls sideways by %v px", p.name, w)
				}
				tb.screenshot("shot")
				tb.noErrors()
			})
		}
	}
}

// A form sent after the session ended is not lost: the sign-in page says
// so, and after signing in the form can be sent again.
func TestExpiredSessionKeepsTheForm(t *testing.T) {
	t.Parallel()
	s := newCurators(t)
	b := newBrowser(t)
	tb := b.tab(t, desktop)
	tb.open(s.URL + "/login?next=%2Fadmin%2Fusers")
	tb.signInByKeyboard("admin@example.org", adminPassword)
	tb.waitPage(`document.querySelector("[data-testid=add-user]")`)
	tb.do(chromedp.SendKeys(chromedp.CSS(`#new-email`), "nina@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#new-name`), "Nina Newcomer"),
		chromedp.SendKeys(chromedp.CSS(`#new-password`), "a fresh long pass phrase"))
	s.offset.Add(int64(9 * time.Hour)) // the session is idle past its timeout
	tb.do(chromedp.Click(chromedp.CSS(`[data-testid=add-user] button[type=submit]`)))
	tb.waitPage(`document.querySelector("[data-testid=kept-input]")`)
	said := eval[string](tb, `document.querySelector("[data-testid=kept-input]").textContent`)
	if !strings.Contains(said, "nothing was changed") || !strings.Contains(said, "What you entered is kept") {
		t.Errorf("the sign-in page says %q", said)
	}
	tb.axe("sign-in keeping a form")
	tb.screenshot("kept")
	tb.signInByKeyboard("admin@example.org", adminPassword)
	tb.waitPage(`document.querySelector("[data-testid=resend]")`)
	fields := eval[string](tb, `document.querySelector("[data-testid=resend-fields]").textContent`)
	if !strings.Contains(fields, "nina@example.org") || !strings.Contains(fields, "Nina Newcomer") {
		t.Errorf("the resend page lists %q", fields)
	}
	tb.axe("resend")
	tb.tabTo(`[data-testid=resend] input[type=password]`, 15)
	tb.keys("a fresh long pass phrase")
	tb.tabTo(`[data-testid=resend-submit]`, 5)
	tb.keys(kb.Enter)
	tb.waitPage(`document.querySelector("[data-testid=notice]")`)
	if got := eval[string](tb, `document.querySelector("[data-testid=user-email]").textContent`); got != "nina@example.org" {
		t.Errorf("after sending again, the page shows user %q", got)
	}
	tb.noErrorsBut(401)
}
