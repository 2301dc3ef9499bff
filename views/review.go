package views

// ReviewRow is one draft in the review queue.
type ReviewRow struct {
	ID         int64
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
	Types []Option
	Total int // drafts matching the filter, on every page
	Rows  []ReviewRow
}

// EventForm is the editable fields of an event, as the editor typed them.
type EventForm struct {
	Title, Summary, Type, DateStart, DateEnd, Precision, DateText, Actors, Note Field
}

// EvidencePassage is a source of a draft with its evidence marked: Parts
// alternate plain and marked text, plain first (see models.Marked).
type EvidencePassage struct {
	Outlet, Title, Published string
	Parts                    []string
	Quote                    string
	Verbatim                 bool // the quote stands at its offsets in the body
}

// ChangedField is a field another editor changed while this one was
// editing: what is stored now.
type ChangedField struct {
	Label, Theirs string
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
	Error   string
	Changed []ChangedField
	Next    string // the next draft's review page, or ""
}

// drafts is "1 draft", "3 drafts".
func drafts(n int) string {
	if n == 1 {
		return "1 draft"
	}
	return itoa(int64(n)) + " drafts"
}
