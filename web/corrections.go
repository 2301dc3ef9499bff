package web

import (
	"context"
	"slices"
	"time"

	"timeline/views"
)

// publicFieldWords name, for readers, the fields a correction changed.
var publicFieldWords = map[string]string{
	"title": "the title", "summary": "the summary", "type": "the type", "date_start": "the date",
	"date_end": "the date", "precision": "the date", "date_text": "the date", "place": "the place",
	"actors": "who is named", "sources": "the sources",
}

// corrections adds to an event's page when it was corrected after
// publication and how: readers see that a published event changed.
func (h *Handler) corrections(ctx context.Context, id int64, v *views.EventView) error {
	cs, err := h.store.PublicCorrections(ctx, id)
	if err != nil || len(cs) == 0 {
		return err
	}
	v.Corrected = cs[0].At.UTC().Format("2 January 2006")
	v.CorrectedAt = cs[0].At.UTC().Format(time.RFC3339)
	for _, c := range cs {
		var words []string
		for _, f := range c.Fields {
			if w, ok := publicFieldWords[f]; ok && !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
		v.Corrections = append(v.Corrections, views.CorrectionItem{Date: c.At.UTC().Format("2 January 2006"),
			Datetime: c.At.UTC().Format(time.RFC3339), Note: c.Note, Fields: andList(words)})
	}
	return nil
}
