package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/extract"
	"timeline/extract/places"
	"timeline/models"
	"timeline/views"
)

// The review flow: the queue's filters and pages, duplicate suggestions,
// merges, "not a duplicate", undo and bulk decisions. Every decision is one
// POST; review.js sends it with Accept: application/json and swaps in the
// next draft, which it fetched ahead, so the next draft is there at once.

// maxSuggestions is how many possible duplicates the review screen shows.
const maxSuggestions = 5

// reviewShell is the shell of a review screen, with its script and styles.
func (h *Handler) reviewShell(c echo.Context, title string) views.AdminPage {
	p := h.adminPage(c, title, "/admin/review")
	p.CSS = append(p.CSS, h.assets.URL("css/review.css"))
	p.JS = append(p.JS, h.assets.URL("js/review.js"))
	return p
}

// queueForm is the review queue's filter, as the query string has it.
type queueForm struct {
	Type    string `query:"type"`
	Source  string `query:"source"`
	ConfMin string `query:"conf_min"`
	ConfMax string `query:"conf_max"`
	From    string `query:"from"`
	To      string `query:"to"`
	Page    string `query:"page"`
}

// filter validates the form into a store filter.
func (f queueForm) filter() (models.DraftFilter, error) {
	out := models.DraftFilter{Type: clip(f.Type, 40), Limit: queuePage}
	if f.Source != "" {
		id, ok := parseID(f.Source)
		if !ok {
			return out, invalid("The article filter is not a source number.")
		}
		out.SourceID = id
	}
	conf := func(s, what string) (*float64, error) {
		if s == "" {
			return nil, nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v >= 0 && v <= 1) { // NaN too
			return nil, invalid("The %s confidence is a number from 0 to 1.", what)
		}
		return &v, nil
	}
	var err error
	if out.MinConf, err = conf(f.ConfMin, "lowest"); err != nil {
		return out, err
	}
	if out.MaxConf, err = conf(f.ConfMax, "highest"); err != nil {
		return out, err
	}
	for _, d := range []struct {
		s   string
		dst *time.Time
	}{{f.From, &out.From}, {f.To, &out.To}} {
		if d.s == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.s)
		if err != nil || t.Year() < 1 || t.Year() > 9999 {
			return out, invalid("A date of the filter is not a day (YYYY-MM-DD).")
		}
		*d.dst = t
	}
	if !out.From.IsZero() && !out.To.IsZero() && out.To.Before(out.From) {
		return out, invalid("The filter's last day comes before its first.")
	}
	if f.Page != "" {
		n, err := strconv.Atoi(f.Page)
		if err != nil || n < 1 || n > 100000 {
			return out, invalid("The page is a number from 1.")
		}
		out.Page = n
	}
	return out, nil
}

// query is the form as a query string, page aside.
func (f queueForm) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"type": f.Type, "source": f.Source, "conf_min": f.ConfMin, "conf_max": f.ConfMax, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// queuePage is how many drafts a page of the queue lists.
const queuePage = 50

// ReviewQueue is /admin/review: the drafts, oldest first, filtered by type,
// article, confidence and dates, with counts and pages.
func (h *Handler) ReviewQueue(c echo.Context) error {
	ctx := c.Request().Context()
	var f queueForm
	if err := (&echo.DefaultBinder{}).BindQueryParams(c, &f); err != nil {
		return invalid("The filter could not be read.")
	}
	filter, err := f.filter()
	if err != nil {
		return err
	}
	cats, err := h.store.Categories(ctx)
	if err != nil {
		return err
	}
	q, err := h.store.Drafts(ctx, filter)
	if err != nil {
		return err
	}
	srcs, err := h.store.QueueSources(ctx, 100)
	if err != nil {
		return err
	}
	v := views.ReviewQueueView{AdminPage: h.reviewShell(c, "Review"), Total: q.Total, All: q.All, Page: q.Page, Pages: q.Pages,
		ConfMin: f.ConfMin, ConfMax: f.ConfMax, From: f.From, To: f.To, Undo: undoOffer(c)}
	if n := bulkNotice(c); n != "" {
		v.Notice = n
	}
	names := map[string]string{}
	for _, cat := range cats {
		names[cat.Slug] = cat.Name
		v.Types = append(v.Types, views.Option{Value: cat.Slug, Label: fmt.Sprintf("%s (%d)", cat.Name, q.ByType[cat.Slug]), Selected: cat.Slug == filter.Type})
	}
	for _, s := range srcs {
		label := s.Title
		if s.Outlet != "" {
			label += " · " + s.Outlet
		}
		v.Sources = append(v.Sources, views.Option{Value: strconv.FormatInt(s.ID, 10), Label: fmt.Sprintf("%s (%d)", clip(label, 80), s.Drafts),
			Selected: s.ID == filter.SourceID})
	}
	base := f.query()
	v.Back = base.Encode()
	page := func(n int) string {
		p := url.Values{}
		for k, vs := range base {
			p[k] = vs
		}
		if n > 1 {
			p.Set("page", strconv.Itoa(n))
		}
		if len(p) == 0 {
			return "/admin/review"
		}
		return "/admin/review?" + p.Encode()
	}
	if q.Page > 1 {
		v.PrevHref = page(q.Page - 1)
	}
	if q.Page < q.Pages {
		v.NextHref = page(q.Page + 1)
	}
	for _, ev := range q.Drafts {
		r := views.ReviewRow{ID: ev.ID, Version: ev.Version, Href: reviewPath(ev.ID), Title: ev.Title, Type: names[ev.Type],
			DateWords: ev.DateWords(), Confidence: strconv.FormatFloat(ev.Confidence, 'f', 2, 64)}
		r.Place = "none given"
		if ev.Place != nil {
			r.Place = ev.Place.Name
		}
		v.Rows = append(v.Rows, r)
	}
	return render(c, http.StatusOK, views.ReviewQueuePage(v))
}

// undoOffer is the undo button a decision's redirect asks for with
// ?undo=ID.VERSION (numbers only, so the query string puts no text on the
// page).
func undoOffer(c echo.Context) *views.UndoOffer {
	id, version, ok := parsePick(c.QueryParam("undo"))
	if !ok {
		return nil
	}
	return &views.UndoOffer{Action: "/admin/events/" + strconv.FormatInt(id, 10) + "/undo", Version: version}
}

// parsePick reads "ID.VERSION".
func parsePick(s string) (int64, int, bool) {
	a, b, found := strings.Cut(s, ".")
	if !found {
		return 0, 0, false
	}
	id, ok := parseID(a)
	v, err := strconv.Atoi(b)
	if !ok || err != nil || v < 1 {
		return 0, 0, false
	}
	return id, v, true
}

// decisionJSON is what review.js gets for a decision.
type decisionJSON struct {
	Done        string `json:"done"`
	Notice      string `json:"notice"`
	Next        string `json:"next"` // where to go now
	UndoID      int64  `json:"undo_id,omitempty"`
	UndoVersion int    `json:"undo_version,omitempty"`
}

// decided answers a decision on event id that left event after (the one
// to undo): on to the next draft after id, or to where, if not "".
func (h *Handler) decided(c echo.Context, id int64, done string, after *models.Event, where ...string) error {
	next := ""
	if len(where) > 0 {
		next = where[0]
	} else {
		n, err := h.store.NextDraft(c.Request().Context(), id)
		if err != nil {
			return err
		}
		next = "/admin/review"
		if n != 0 {
			next = reviewPath(n)
		}
	}
	if WantsJSON(c.Request()) {
		out := decisionJSON{Done: done, Notice: notices[done], Next: next}
		if after != nil {
			out.UndoID, out.UndoVersion = after.ID, after.Version
		}
		return c.JSON(http.StatusOK, out)
	}
	q := url.Values{"done": {done}}
	if after != nil {
		q.Set("undo", fmt.Sprintf("%d.%d", after.ID, after.Version))
	}
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	return c.Redirect(http.StatusSeeOther, next+sep+q.Encode())
}

// MergeEvent is POST /admin/events/{id}/merge: event id (at version) folds
// into the event `into`, which gains its sources, quotes and actors.
// Merging into itself, a merged or a rejected event is refused (400).
func (h *Handler) MergeEvent(c echo.Context) error {
	id, err := eventParam(c)
	if err != nil {
		return err
	}
	version, err := formVersion(c.FormValue("version"))
	if err != nil {
		return err
	}
	into, ok := parseID(c.FormValue("into"))
	if !ok {
		return invalid("Say which event to merge into.")
	}
	if into == id {
		return invalid("An event cannot be merged into itself.")
	}
	ctx := c.Request().Context()
	survivor, err := h.store.MergeInto(ctx, id, version, into)
	switch {
	case errors.Is(err, models.ErrConflict):
		return h.conflictPage(c, id)
	case errors.Is(err, models.ErrInvalid):
		return invalid("Event %d cannot be merged into event %d: the target must be a live event (a draft or published), and the merged one not merged already.", id, into)
	case err != nil:
		return err
	}
	// Back to the draft under review if it survived; else on to the next.
	back, _ := parseID(c.FormValue("back"))
	if back == survivor.ID && survivor.Status == models.StatusDraft {
		return h.decided(c, id, "merged", mergedEvent(id, version), reviewPath(back))
	}
	if back == 0 {
		back = id
	}
	return h.decided(c, back, "merged", mergedEvent(id, version))
}

// mergedEvent is what undoing a merge needs: the merged event at the
// version the merge left it (one past the one it was merged at).
func mergedEvent(id int64, version int) *models.Event {
	return &models.Event{ID: id, Version: version + 1}
}

// conflictPage is the review screen of event id, reloaded, saying that
// someone changed it first.
func (h *Handler) conflictPage(c echo.Context, id int64) error {
	ev, err := h.store.Event(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return h.reviewPage(c, http.StatusConflict, ev, formOf(ev),
		"Someone else changed this event since you loaded it, so nothing was done. Check it again below.", nil)
}

// UndoDecision is POST /admin/events/{id}/undo: takes back the last
// decision on the event (publish, reject, bulk or merge) if nothing has
// changed it since (version), and shows it for review again.
func (h *Handler) UndoDecision(c echo.Context) error {
	id, err := eventParam(c)
	if err != nil {
		return err
	}
	version, err := formVersion(c.FormValue("version"))
	if err != nil {
		return err
	}
	ev, err := h.store.Undo(c.Request().Context(), id, version)
	switch {
	case errors.Is(err, models.ErrConflict):
		return h.conflictPage(c, id)
	case errors.Is(err, models.ErrInvalid):
		return invalid("There is no decision on event %d to undo at version %d: it was changed since.", id, version)
	case err != nil:
		return err
	}
	return h.decided(c, id, "undone", nil, reviewPath(ev.ID))
}

// NotDuplicate is POST /admin/events/{id}/distinct: the event `other` is
// not the same happening, and is not suggested for it again.
func (h *Handler) NotDuplicate(c echo.Context) error {
	id, err := eventParam(c)
	if err != nil {
		return err
	}
	other, ok := parseID(c.FormValue("other"))
	if !ok || other == id {
		return invalid("Say which other event this one is not the same as.")
	}
	err = h.store.MarkDistinct(c.Request().Context(), id, other)
	if errors.Is(err, models.ErrNotFound) {
		return invalid("There is no event %d.", other)
	}
	if err != nil {
		return err
	}
	return h.decided(c, id, "distinct", nil, reviewPath(id))
}

// BulkDecide is POST /admin/review/bulk: publish or reject the selected
// drafts (pick = ID.VERSION), each as its own audited change; a draft
// changed since the queue was loaded is skipped and counted.
func (h *Handler) BulkDecide(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return invalid("The form could not be read.")
	}
	status := models.Status(form.Get("status"))
	if status != models.StatusPublished && status != models.StatusRejected {
		return invalid("Choose to publish or to reject the selected drafts.")
	}
	raw := form["pick"]
	if len(raw) == 0 {
		return invalid("Select at least one draft.")
	}
	if len(raw) > models.MaxBulk {
		return invalid("At most %d drafts at once.", models.MaxBulk)
	}
	picks := make([]models.Pick, 0, len(raw))
	for _, p := range raw {
		id, version, ok := parsePick(p)
		if !ok {
			return invalid("A selected draft is not of the form ID.VERSION.")
		}
		picks = append(picks, models.Pick{ID: id, Version: version})
	}
	res, err := h.store.DecideMany(c.Request().Context(), picks, status, form.Get("reason"))
	var fe *models.FieldError
	if errors.As(err, &fe) {
		return invalid("%s", fe.Message)
	}
	if err != nil {
		return err
	}
	back, err := url.ParseQuery(clip(form.Get("back"), 2000))
	if err != nil {
		back = url.Values{}
	}
	q := url.Values{}
	for _, k := range []string{"type", "source", "conf_min", "conf_max", "from", "to"} {
		if v := back.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	q.Set("done", "bulk_"+string(status))
	q.Set("n", strconv.Itoa(len(res.Done)))
	q.Set("skipped", strconv.Itoa(len(res.Skipped)))
	return c.Redirect(http.StatusSeeOther, "/admin/review?"+q.Encode())
}

// bulkNotice is the queue's line after a bulk decision: fixed words and
// the two counts the redirect carries.
func bulkNotice(c echo.Context) string {
	verb := map[string]string{"bulk_published": "published", "bulk_rejected": "rejected"}[c.QueryParam("done")]
	if verb == "" {
		return ""
	}
	n, err1 := strconv.Atoi(c.QueryParam("n"))
	skipped, err2 := strconv.Atoi(c.QueryParam("skipped"))
	if err1 != nil || err2 != nil || n < 0 || skipped < 0 {
		return ""
	}
	msg := fmt.Sprintf("%s %s.", drafts(n), verb)
	if skipped > 0 {
		msg += fmt.Sprintf(" %s skipped: changed by someone else since you loaded the queue, or no longer drafts.", drafts(skipped))
	}
	return msg
}

func drafts(n int) string {
	if n == 1 {
		return "1 draft"
	}
	return strconv.Itoa(n) + " drafts"
}

// suggestions are the possible duplicates of ev: the store's candidates,
// ranked again with the extractor's judgement of the two as one happening.
func (h *Handler) suggestions(ctx context.Context, ev *models.Event, cats []models.Category) ([]views.Suggestion, error) {
	cands, err := h.store.DuplicateCandidates(ctx, ev, 4*maxSuggestions)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range cats {
		names[c.Slug] = c.Name
	}
	me := extractEvent(ev.Type, ev.Title, ev.Summary, ev.DateStart, ev.DateEnd, ev.DatePrecision, firstQuote(ev))
	if ev.Place != nil {
		me.Place = &places.Place{Name: ev.Place.Name, Kind: ev.Place.Kind}
	}
	type ranked struct {
		c     models.Candidate
		same  bool
		score float64
	}
	rs := make([]ranked, 0, len(cands))
	for _, c := range cands {
		other := extractEvent(c.Type, c.Title, c.Summary, c.DateStart, c.DateEnd, c.DatePrecision, c.Quote)
		if c.PlaceName != "" {
			other.Place = &places.Place{Name: c.PlaceName, Kind: c.PlaceKind}
		}
		r := ranked{c: c, same: extract.SameHappening(me, other), score: c.Score}
		if r.same {
			r.score++
		}
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	out := make([]views.Suggestion, 0, maxSuggestions)
	for _, r := range rs[:min(len(rs), maxSuggestions)] {
		c := r.c
		s := views.Suggestion{ID: c.ID, Title: c.Title, Href: reviewPath(c.ID), Status: string(c.Status), Type: names[c.Type],
			DateWords: models.DateWords(c.DateStart, c.DateEnd, c.DatePrecision), Place: c.PlaceName, Same: r.same,
			Why: why(ev, c)}
		if s.Place == "" {
			s.Place = "no place"
		}
		// Wikidata's convention: the older id stays.
		older, newer := c.ID, ev.ID
		olderV, newerV := 0, ev.Version
		if ev.ID < c.ID {
			older, newer, newerV = ev.ID, c.ID, 0
		}
		version := c.Version
		if newerV == 0 {
			newerV, olderV = version, ev.Version
		} else {
			olderV = version
		}
		s.MergeAction, s.MergeInto, s.MergeVersion = mergePath(newer), older, newerV
		s.KeepLabel = "keep " + strconv.FormatInt(older, 10)
		s.AltAction, s.AltInto, s.AltVersion = mergePath(older), newer, olderV
		s.AltLabel = "keep " + strconv.FormatInt(newer, 10)
		out = append(out, s)
	}
	return out, nil
}

func mergePath(id int64) string { return "/admin/events/" + strconv.FormatInt(id, 10) + "/merge" }

// why says in words what a candidate shares with the draft.
func why(ev *models.Event, c models.Candidate) string {
	var parts []string
	if c.Type == ev.Type {
		parts = append(parts, "same type")
	}
	parts = append(parts, "dates overlap")
	if ev.PlaceID != nil && c.PlaceID != nil && *ev.PlaceID == *c.PlaceID {
		parts = append(parts, "same place")
	}
	parts = append(parts, fmt.Sprintf("titles %.0f%% alike", 100*c.Similarity))
	return strings.Join(parts, ", ") + "."
}

func firstQuote(ev *models.Event) string {
	for _, es := range ev.Sources {
		if es.Quote != "" {
			return es.Quote
		}
	}
	return ""
}

func extractEvent(typ, title, summary string, start, end time.Time, p models.Precision, quote string) extract.Event {
	return extract.Event{Type: typ, Title: title, Summary: summary, Start: start, End: end, Precision: p, Evidence: quote}
}

// pieces cuts the evidence where the event's date words, place (by name or
// alias) and actors stand in it, for the review screen to mark each in its
// own style. Overlapping finds keep the earlier, then the longer.
func pieces(evidence string, ev *models.Event) []views.Piece {
	type span struct {
		start, end int
		kind       string
	}
	var spans []span
	find := func(needle, kind string, fold bool) {
		if len(needle) < 2 {
			return
		}
		hay := evidence
		if fold {
			lh, ln := strings.ToLower(hay), strings.ToLower(needle)
			if len(lh) == len(evidence) && len(ln) == len(needle) { // else lower-casing moved the offsets: search as written
				hay, needle = lh, ln
			}
		}
		for at := 0; at < len(hay); {
			i := strings.Index(hay[at:], needle)
			if i < 0 {
				break
			}
			spans = append(spans, span{at + i, at + i + len(needle), kind})
			at += i + len(needle)
		}
	}
	find(ev.DateText, "date", true)
	if ev.Place != nil {
		find(ev.Place.Name, "place", true)
		for _, a := range ev.Place.Aliases {
			find(a, "place", true)
		}
	}
	for _, a := range ev.Actors {
		find(a.Name, "actor", true)
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	var out []views.Piece
	at := 0
	for _, s := range spans {
		if s.start < at {
			continue
		}
		if s.start > at {
			out = append(out, views.Piece{Text: evidence[at:s.start]})
		}
		out = append(out, views.Piece{Text: evidence[s.start:s.end], Kind: s.kind})
		at = s.end
	}
	if at < len(evidence) {
		out = append(out, views.Piece{Text: evidence[at:]})
	}
	return out
}
