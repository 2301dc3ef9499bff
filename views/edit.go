package views

// QuoteForm is one cited source on the edit form: its quote and the
// quote's byte offsets in the stored article.
type QuoteForm struct {
	SourceID          int64
	Title, Outlet     string
	BodyLen           int // bytes of the stored article: the offsets' bound
	Quote, Start, End Field
	Remove            bool
	// Verbatim: the quote stands at its offsets in the article (as
	// stored); otherwise readers see it as the editors' words.
	Verbatim bool
}

// LockNote is another editor with this event's edit form open.
type LockNote struct {
	Name, Since string // since "14:05 UTC"
}

// EditView is /admin/events/{id}/edit: every field of an event.
type EditView struct {
	AdminPage
	ID      int64
	Title   string // as stored, for the heading
	Status  string
	Version int
	Error   string

	Form                              EventForm
	Place                             Field // a place's name from the gazetteer, or ""
	NewPlace, NewKind, NewLat, NewLon Field
	OpenNewPlace                      bool // the "add a place" part starts open
	Quotes                            []QuoteForm
	// Articles are the newest stored articles the event does not cite yet,
	// for "cite another article"; AddSource and AddQuote what was typed.
	Articles            []Option
	AddSource, AddQuote Field

	Types, Precisions, Kinds []Option
	Places                   []string // the gazetteer's names, for autocompletion

	// Editors is who else has this form open; Heartbeat is where the
	// page's script keeps this editor's own sitting alive.
	Editors   []LockNote
	Heartbeat string

	// Conflict, after a refused stale save, is the other editor's change
	// field by field: what this editor loaded, what is saved now.
	Conflict   []ChangeRow
	ConflictBy string

	ReviewHref, HistoryHref string
}

// MergedView is the page an edit of a merged event lands on: it points to
// the event it was merged into.
type MergedView struct {
	AdminPage
	ID                            int64
	Title                         string
	SurvivorID                    int64
	SurvivorTitle                 string
	SurvivorEdit, SurvivorHistory string
	HistoryHref                   string
	Refused                       bool // a save was sent, and nothing was saved
}
