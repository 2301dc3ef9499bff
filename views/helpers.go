package views

import (
	"fmt"
	"strconv"
	"strings"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func joinComma(xs []string) string { return strings.Join(xs, ", ") }

func countWords(n int, more bool) string {
	switch {
	case more:
		return fmt.Sprintf("Showing the first %d events.", n)
	case n == 1:
		return "1 event."
	default:
		return fmt.Sprintf("%d events.", n)
	}
}

func dateTextNote(s string) string {
	if s == "" {
		return ""
	}
	return "; the source says “" + s + "”"
}

// selectedTypes summarises the type filter for its collapsed heading.
func selectedTypes(opts []Option) string {
	n := 0
	for _, o := range opts {
		if o.Selected {
			n++
		}
	}
	if n == 0 {
		return ": all"
	}
	return fmt.Sprintf(": %d selected", n)
}
