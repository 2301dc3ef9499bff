package views

import (
	"fmt"
	"strings"
	"time"
)

// activeFilters is the one line the folded filter form shows on a phone:
// "All events", or what narrows the view, as "Protest, Arson · Yakutsk ·
// from 1 Sep 2022 · “fire”". static/js/main.js writes the same line when the
// filters change without a page load; keep the two in step.
func activeFilters(v ChronologyView) string {
	var parts []string
	if s := chosen(v.Types, "types"); s != "" {
		parts = append(parts, s)
	}
	if s := chosen(v.Places, "places"); s != "" {
		parts = append(parts, s)
	}
	if a := strings.TrimSpace(v.Actor); a != "" {
		parts = append(parts, a)
	}
	from, to := shortDate(v.From), shortDate(v.To)
	switch {
	case from != "" && to != "":
		parts = append(parts, from+" – "+to)
	case from != "":
		parts = append(parts, "from "+from)
	case to != "":
		parts = append(parts, "to "+to)
	}
	if q := strings.TrimSpace(v.Query); q != "" {
		parts = append(parts, "“"+q+"”")
	}
	if len(parts) == 0 {
		return "All events"
	}
	return strings.Join(parts, " · ")
}

// chosen names the chosen options, or counts them when more than two are.
func chosen(opts []Option, many string) string {
	var names []string
	for _, o := range opts {
		if o.Selected {
			names = append(names, o.Label)
		}
	}
	if len(names) > 2 {
		return fmt.Sprintf("%d %s", len(names), many)
	}
	return strings.Join(names, ", ")
}

// shortDate writes "2022-09-01" as "1 Sep 2022"; anything else as it came.
func shortDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}
