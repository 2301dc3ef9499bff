package extract

import (
	"errors"
	"time"
)

// ParseDate normalises one whole time expression against ref.
// (placeholder: the date grammar replaces this file)
func ParseDate(phrase string, ref time.Time, prefer Prefer) (Range, error) {
	return Range{}, errors.New("extract: no date grammar yet")
}

// FindDates finds every time expression in text and normalises it against ref.
// (placeholder: the date grammar replaces this file)
func FindDates(text string, ref time.Time, prefer Prefer) []DateMatch { return nil }
