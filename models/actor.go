package models

// Actor is a person or organisation named in events.
type Actor struct {
	ID   int64
	Name string
	Kind string // person | organisation
}
