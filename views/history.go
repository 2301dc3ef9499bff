package views

// RevisionRow is one revision in an event's history.
type RevisionRow struct {
	ID           int64
	Version      int
	At, Datetime string
	Who, What    string
	Note         string
	Public       bool // a correction readers see
	Current      bool // the event stands as this revision left it
	From, To     bool // chosen for the comparison
}

// ChangeRow is one field that differs between the two revisions compared.
type ChangeRow struct {
	Label, Before, After string
}

// HistoryView is /admin/events/{id}/history: the revisions, newest first,
// the difference between two of them and a restore button on each.
type HistoryView struct {
	AdminPage
	ID      int64
	Title   string
	Status  string
	Version int
	Error   string

	ReviewHref, EditHref, PublicHref string
	SurvivorID                       int64 // merged: the event it was merged into
	SurvivorHref                     string

	Rows []RevisionRow

	Compared               bool
	FromVersion, ToVersion int
	FromWhen, ToWhen       string
	Changes                []ChangeRow
}
