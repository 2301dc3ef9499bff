package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/ingest"
	"timeline/models"
	"timeline/views"
)

// Limits of the ingest form. A file over MaxArticleBytes is refused alone;
// the whole request may carry one oversized file and the rest.
const (
	maxIngestFiles = 20
	maxIngestURLs  = 50
	// IngestBodyLimit caps a POST /admin/ingest: the server lets this
	// route, and this route only, past its usual body limit.
	IngestBodyLimit = "120M"
)

// SetIngest hands the handlers the runner that works through ingest jobs.
func (h *Handler) SetIngest(r *ingest.Runner) { h.ingest = r }

// IngestPage is the ingest form with the latest jobs.
func (h *Handler) IngestPage(c echo.Context) error {
	return h.ingestPage(c, http.StatusOK, views.IngestForm{})
}

func (h *Handler) ingestPage(c echo.Context, status int, form views.IngestForm) error {
	jobs, err := h.store.IngestJobs(c.Request().Context(), 20)
	if err != nil {
		return err
	}
	v := views.IngestPageView{AdminPage: h.adminPage(c, "Ingest", "/admin/ingest"), Form: form,
		MaxFiles: maxIngestFiles, MaxMiB: ingest.MaxArticleBytes >> 20}
	for i := range jobs {
		v.Jobs = append(v.Jobs, jobRow(&jobs[i]))
	}
	return render(c, status, views.IngestPage(v))
}

// IngestPost queues a job of the pasted text, the uploaded files and the
// listed URLs, and answers 303 to its page. A file that cannot be an
// article is recorded as failed in the job; the others go on.
func (h *Handler) IngestPost(c echo.Context) error {
	req := c.Request()
	form := views.IngestForm{
		Text: views.Field{Value: req.FormValue("text")}, Title: views.Field{Value: strings.TrimSpace(req.FormValue("title"))},
		Outlet: views.Field{Value: strings.TrimSpace(req.FormValue("outlet"))}, URL: views.Field{Value: strings.TrimSpace(req.FormValue("url"))},
		Published: views.Field{Value: strings.TrimSpace(req.FormValue("published"))}, URLs: views.Field{Value: req.FormValue("urls")},
	}
	var items []models.NewIngestItem
	refused := false
	if strings.TrimSpace(form.Text.Value) != "" {
		it := models.NewIngestItem{Kind: "text", Title: form.Title.Value, Outlet: form.Outlet.Value, Payload: []byte(form.Text.Value)}
		switch {
		case len(form.Text.Value) > ingest.MaxArticleBytes:
			form.Text.Error, refused = fmt.Sprintf("The text is longer than %d MiB.", ingest.MaxArticleBytes>>20), true
		case len(form.Title.Value) > 300:
			form.Title.Error, refused = "A title has at most 300 characters.", true
		case len(form.Outlet.Value) > 200:
			form.Outlet.Error, refused = "An outlet's name has at most 200 characters.", true
		}
		if form.URL.Value != "" {
			if !httpURL(form.URL.Value) {
				form.URL.Error, refused = "Give an http or https address, or leave it empty.", true
			}
			it.URL = form.URL.Value
		}
		if form.Published.Value != "" {
			d, err := time.Parse(time.DateOnly, form.Published.Value)
			if err != nil || d.Year() < 1900 || d.Year() > 2100 {
				form.Published.Error, refused = "Give the date as YYYY-MM-DD (1900 to 2100), or leave it empty.", true
			} else {
				it.Published = &d
			}
		}
		it.Name = it.Title
		if it.Name == "" {
			it.Name = firstLine(form.Text.Value)
		}
		items = append(items, it)
	}
	for _, line := range strings.Split(form.URLs.Value, "\n") {
		u := strings.TrimSpace(line)
		if u == "" {
			continue
		}
		if len(items) >= maxIngestURLs+1 {
			form.URLs.Error, refused = fmt.Sprintf("At most %d addresses at once.", maxIngestURLs), true
			break
		}
		it := models.NewIngestItem{Kind: "url", Name: u, URL: u}
		if !httpURL(u) || len(u) > 2000 {
			it.Name, it.Error = truncate(u, 200), "not an http or https address"
		}
		items = append(items, it)
	}
	if req.MultipartForm != nil {
		files := req.MultipartForm.File["files"]
		if len(files) > maxIngestFiles {
			return h.ingestPage(c, http.StatusBadRequest, withError(form, fmt.Sprintf("At most %d files at once: %d were sent.", maxIngestFiles, len(files))))
		}
		for _, fh := range files {
			items = append(items, fileItem(fh))
		}
	}
	if refused {
		return h.ingestPage(c, http.StatusBadRequest, withError(form, "Nothing was ingested: see the fields below."))
	}
	if len(items) == 0 {
		return h.ingestPage(c, http.StatusBadRequest, withError(form, "Paste an article, choose files or give addresses: there was nothing to ingest."))
	}
	job, err := h.store.CreateIngestJob(req.Context(), items)
	if err != nil {
		return err
	}
	if h.ingest != nil {
		h.ingest.Kick()
	}
	return c.Redirect(http.StatusSeeOther, "/admin/ingest/"+strconv.FormatInt(job.ID, 10))
}

// fileItem reads one upload, refusing it alone when it cannot be an article.
func fileItem(fh *multipart.FileHeader) models.NewIngestItem {
	it := models.NewIngestItem{Kind: "file", Name: truncate(fh.Filename, 200)}
	if it.Name == "" {
		it.Name = "unnamed file"
	}
	if fh.Size > ingest.MaxArticleBytes {
		it.Error = fmt.Sprintf("larger than %d MiB (%d MiB): not an article", ingest.MaxArticleBytes>>20, fh.Size>>20)
		return it
	}
	f, err := fh.Open()
	if err != nil {
		it.Error = "the upload could not be read"
		return it
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, ingest.MaxArticleBytes+1))
	if err != nil {
		it.Error = "the upload could not be read"
		return it
	}
	if _, err := ingest.Check(raw); err != nil {
		it.Error = err.Error()
		return it
	}
	it.Payload = raw
	return it
}

func withError(f views.IngestForm, msg string) views.IngestForm { f.Error = msg; return f }

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return truncate(strings.TrimSpace(s), 120)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// jobJSON is a job as Accept: application/json gets it.
type jobJSON struct {
	ID       int64          `json:"id"`
	State    string         `json:"state"`
	Done     int            `json:"done"`
	Total    int            `json:"total"`
	Drafts   int            `json:"drafts"`
	Errors   []jobItemError `json:"errors"`
	Error    string         `json:"error,omitempty"`
	Articles []jobItemJSON  `json:"articles"`
}

type jobItemError struct {
	Article string `json:"article"`
	Error   string `json:"error"`
}

type jobItemJSON struct {
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	State    string  `json:"state"`
	Outcome  string  `json:"outcome,omitempty"`
	SourceID *int64  `json:"source_id"`
	Created  int     `json:"new_drafts"`
	Linked   int     `json:"linked"`
	Updated  int     `json:"updated"`
	Stale    int     `json:"no_longer_quoted"`
	EventIDs []int64 `json:"event_ids"`
	Error    string  `json:"error,omitempty"`
}

// IngestJob shows a job's progress; the page refreshes itself while the
// job runs, and Accept: application/json gets the same as JSON.
func (h *Handler) IngestJob(c echo.Context) error {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return fmt.Errorf("web: ingest job %q: %w", c.Param("id"), models.ErrNotFound)
	}
	job, err := h.store.IngestJob(c.Request().Context(), id)
	if err != nil {
		return err
	}
	row := jobRow(job)
	if WantsJSON(c.Request()) {
		out := jobJSON{ID: job.ID, State: string(job.State), Done: row.Done, Total: row.Total, Drafts: row.Drafts,
			Error: job.Error, Errors: []jobItemError{}, Articles: []jobItemJSON{}}
		for _, it := range job.Items {
			if it.State == models.ItemFailed {
				out.Errors = append(out.Errors, jobItemError{Article: it.Name, Error: it.Error})
			}
			ids := []int64(it.EventIDs)
			if ids == nil {
				ids = []int64{}
			}
			out.Articles = append(out.Articles, jobItemJSON{Name: it.Name, Kind: it.Kind, State: it.State, Outcome: it.Outcome,
				SourceID: it.SourceID, Created: it.Created, Linked: it.Linked, Updated: it.Updated, Stale: it.Stale,
				EventIDs: ids, Error: it.Error})
		}
		return c.JSON(http.StatusOK, out)
	}
	v := views.IngestJobView{AdminPage: h.adminPage(c, "Ingest job "+strconv.FormatInt(id, 10), "/admin/ingest"),
		Job: row, Error: job.Error, Running: !job.Finished()}
	if v.Running {
		v.Page.Refresh = 2
	}
	for _, it := range job.Items {
		v.Items = append(v.Items, views.IngestItemRow{Name: it.Name, Kind: kindWords[it.Kind], State: it.State,
			Outcome: outcomeWords(it), Error: it.Error})
	}
	return render(c, http.StatusOK, views.IngestJobPage(v))
}

var kindWords = map[string]string{"text": "Pasted text", "file": "File", "url": "Address"}

func outcomeWords(it models.IngestItem) string {
	switch it.Outcome {
	case "existing":
		return "Already ingested: nothing added."
	case "version":
		return fmt.Sprintf("An edited version of an article ingested before: %d events updated, %d sources added to other events, %d new drafts, %d quotes no longer in the text.",
			it.Updated, it.Linked, it.Created, it.Stale)
	}
	return fmt.Sprintf("%d new drafts, %d sources added to events already known.", it.Created, it.Linked)
}

func jobRow(j *models.IngestJob) views.IngestJobRow {
	done, total := j.Progress()
	r := views.IngestJobRow{ID: j.ID, Href: "/admin/ingest/" + strconv.FormatInt(j.ID, 10), Created: whenWords(j.CreatedAt),
		State: string(j.State), Done: done, Total: total}
	for _, it := range j.Items {
		r.Drafts += it.Created
		if it.State == models.ItemFailed {
			r.Errors++
		}
	}
	return r
}
