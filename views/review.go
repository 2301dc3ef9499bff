package views

// ReviewRow is one draft in the review queue.
type ReviewRow struct {
	ID         int64
	Version    int
	Href       string
	Title      string
	Type       string
	DateWords  string
	Place      string
	Confidence string // "0.82"
}

// ReviewQueueView is /admin/review: the drafts waiting for a decision.
type ReviewQueueView struct {
	AdminPage
	Types   []Option // with the count of each in the label
	Sources []Option
	// The filter as typed, to fill the form again.
	ConfMin, ConfMax, From, To string
	Total                      int // drafts matching the filter, on every page
	All                        int // drafts at all
	Page, Pages                int
	PrevHref, NextHref         string // the neighbouring pages, or ""
	Back                       string // this page's query, for the bulk form to come back to
	Rows                       []ReviewRow
	Undo                       *UndoOffer
}

// EventForm is the editable fields of an event, as the editor typed them.
type EventForm struct {
	Title, Summary, Type, DateStart, DateEnd, Precision, DateText, Actors, Note Field
}

// Piece is a run of the evidence, marked as Kind: "" (plain evidence),
// "date", "place" or "actor".
type Piece struct {
	Text, Kind string
}

// EvidencePassage is a source of a draft with its evidence marked: Parts
// alternate plain and marked text, plain first; a marked part is cut in
// Pieces where the date words, the place and the actors stand in it.
type EvidencePassage struct {
	Outlet, Title, Published string
	Parts                    []string
	Pieces                   []Piece // of Parts[1], when there is one
	Quote                    string
	Verbatim                 bool // the quote stands at its offsets in the body
}

// ChangedField is a field another editor changed while this one was
// editing: what is stored now.
type ChangedField struct {
	Label, Theirs string
}

// Suggestion is an event that may be the same happening as the draft
// under review, with the forms to merge the two or tell them apart.
type Suggestion struct {
	ID        int64
	Title     string
	Href      string // its review page
	Status    string
	Type      string
	DateWords string
	Place     string
	Same      bool   // the extractor reads the two as one happening
	Why       string // what the two share, in words
	// The default merge keeps the older id: MergeAction is the POST of the
	// newer event, into the older one.
	MergeAction  string
	MergeInto    int64
	MergeVersion int
	KeepLabel    string // "keeps 12"
	// The other way round, keeping the newer id.
	AltAction  string
	AltInto    int64
	AltVersion int
	AltLabel   string
}

// UndoOffer is the button that takes back the last decision.
type UndoOffer struct {
	Action  string // POST /admin/events/{id}/undo
	Version int
}

// ReviewView is /admin/review/{id}: the sources with their evidence beside
// the draft's editable fields and the decision buttons.
type ReviewView struct {
	AdminPage
	ID         int64
	Status     string
	Version    int
	Form       EventForm
	Types      []Option
	Precisions []Option
	Sources    []EvidencePassage
	// Error says why the edit was not saved; Changed, on a conflict, is
	// what the other editor saved, while Form keeps this editor's input.
	Error       string
	Changed     []ChangedField
	Next        string // the next draft's review page, or ""
	Prev        string // the draft before, or ""
	Suggestions []Suggestion
	Undo        *UndoOffer
}

// drafts is "1 draft", "3 drafts".
func drafts(n int) string {
	if n == 1 {
		return "1 draft"
	}
	return itoa(int64(n)) + " drafts"
}
