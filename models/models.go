// Package models holds the domain types of the chronology (events, sources,
// places, categories, actors) and the Store through which every query runs.
package models

import "errors"

// The error vocabulary of the store. Callers test with errors.Is; only the
// server turns them into HTTP statuses.
var (
	// ErrNotFound means the thing asked for does not exist (or is not public).
	ErrNotFound = errors.New("not found")
	// ErrGone means the thing existed and was withdrawn (a rejected event).
	ErrGone = errors.New("gone")
	// ErrInvalid means the input breaks a rule of the domain.
	ErrInvalid = errors.New("invalid")
	// ErrConflict means the thing changed since it was read (optimistic locking).
	ErrConflict = errors.New("conflict")
)
