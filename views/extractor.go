package views

// JudgedCell is how editors treated one field of the extractor's
// proposals for one type: kept, changed, or rejected with the draft.
type JudgedCell struct {
	Field                   string // "Type", "Dates", "Place", "Title"
	Kept, Changed, Rejected int
	Share                   string // kept of those decided, "83%"; "–" before any decision
}

// ExtractorRow is the extractor's record for one proposed type.
type ExtractorRow struct {
	Type                      string // the type's name
	Proposed, Pending, Merged int
	Cells                     []JudgedCell
}

// ExtractorRecord is the dashboard's table of the extractor's precision in
// real use: per proposed type (and all together), per field.
type ExtractorRecord struct {
	Fields []string
	Rows   []ExtractorRow
	Total  ExtractorRow
}
