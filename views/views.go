// Package views renders the pages of the chronology with templ. Every page
// takes a view model shaped like the screen; none reads the database.
package views

// Page is what every page's layout needs.
type Page struct {
	Title       string
	Description string
	Canonical   string // absolute or root-relative URL; empty for none
	CSS         []string
	JS          []string // ES modules
	// Modules are imported by those scripts; listing them lets the browser
	// fetch them all at once instead of discovering them one level at a time.
	Modules []string
	NoIndex bool
	// SiteName is what the site is called (TIMELINE_SITE_NAME).
	SiteName string
	Meta     Meta
	// Refresh reloads the page after this many seconds (a running job's
	// progress, without JavaScript); 0 for never.
	Refresh int
}

// EventItem is one event as the chronology list shows it.
type EventItem struct {
	ID        int64
	URL       string
	Title     string
	Summary   string
	DateWords string
	Datetime  string // the machine-readable date for <time datetime>
	Start     string // ISO dates of the inclusive range, for the script
	End       string
	Precision string
	Type      string
	TypeName  string
	Place     string
	// Where the title and summary match the search, as parts alternating
	// plain and matching (plain first); nil without a search or a match.
	TitleMarks, SummaryMarks []string
}

// Month is the events of one month under its heading.
type Month struct {
	ID     string // "2022-09", the fragment to link to
	Label  string // "September 2022"
	Events []EventItem
}

// Option is a choice in a filter control.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// ChronologyView is the chronology page.
type ChronologyView struct {
	Page
	Months   []Month
	Count    int  // events on this page
	Total    int  // events in the view, on every page
	More     bool // the view holds more than Total (a search counted up to a limit)
	Paged    bool // this page continues an earlier one
	From, To string
	Query    string
	Types    []Option
	Places   []Option
	Actor    string   // the actor filter as typed: names separated by commas
	Actors   []string // suggestions for it
	NextURL  string   // the next page of the same view, empty on the last
	PrevURL  string   // the page before, empty when nothing is earlier
	ResetURL string
	Filtered bool
	Focus    int64 // the event the reader asked to see, or 0
	// Since names the month the list starts at when the focused event, not
	// the reader's window, chose it ("October 2022"); empty otherwise.
	Since string
	// Unknown says which types in the query string do not exist and which
	// do; empty when every type is known.
	Unknown string
	Share   Share
}

// SourceItem is one source cited by an event.
type SourceItem struct {
	Outlet    string
	Title     string
	URL       string
	Published string // in words
	Datetime  string
	Quote     string
	// Archive is the Wayback Machine's copy of URL nearest its date.
	Archive string
	// Supplied says the title is the editors' description of an untitled
	// report ("[Report on …]" in the data), not the report's headline.
	Supplied bool
	// Verbatim is true when Quote is the source's own words, found at known
	// offsets in the stored article; otherwise it is an editor's paraphrase.
	Verbatim bool
}

// EventView is the permalink page of one event.
type EventView struct {
	Page
	Event     EventItem
	DateText  string
	Precision string // in words: "known to the day", "known to the month", ...
	Actors    []string
	Sources   []SourceItem
	Permalink string // absolute URL to cite
	Updated   string // when the event last changed, in words
	UpdatedAt string // the same, for <time datetime>
	Version   int
	Share     Share
	// Corrected is when the published event was last corrected, in words
	// ("" if never); Corrections are its corrections, newest first.
	Corrected   string
	CorrectedAt string
	Corrections []CorrectionItem
}

// CorrectionItem is one correction of a published event, as readers see it.
type CorrectionItem struct {
	Date, Datetime string
	Note           string // the editors' note, or ""
	Fields         string // "the title and the date"
}

// ErrorView is the page for any error.
type ErrorView struct {
	Page
	Status  int
	Heading string
	Message string
	Reason  string // the editors' words on why an event was withdrawn (410), or ""
}
