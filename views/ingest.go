package views

// IngestForm is the ingest form's values and what is wrong with them.
type IngestForm struct {
	Text, Title, Outlet, URL, Published, URLs Field
	// Error says why nothing was queued, or "".
	Error string
}

// IngestJobRow is one job in the list of recent ones.
type IngestJobRow struct {
	ID      int64
	Href    string
	Created string
	State   string
	Done    int
	Total   int
	Drafts  int
	Errors  int
}

// IngestItemRow is one article of a job.
type IngestItemRow struct {
	Name    string
	Kind    string // "Pasted text", "File", "URL"
	State   string // pending, done, failed
	Outcome string // in words
	Error   string
}

// IngestPageView is /admin/ingest.
type IngestPageView struct {
	AdminPage
	Form     IngestForm
	Jobs     []IngestJobRow
	MaxFiles int
	MaxMiB   int
}

// IngestJobView is /admin/ingest/{id}.
type IngestJobView struct {
	AdminPage
	Job   IngestJobRow
	Error string // why the job failed, or ""
	Items []IngestItemRow
	// Running: the page refreshes itself until the job ends.
	Running bool
}

// articles is "1 article", "3 articles".
func articles(n int) string {
	if n == 1 {
		return "1 article"
	}
	return itoa(int64(n)) + " articles"
}
