package web

import (
	"context"
	"strconv"

	"timeline/models"
	"timeline/views"
)

// extractorRecord shapes the extractor's record in real use for the
// dashboard: per proposed type and field, kept, changed or rejected.
func (h *Handler) extractorRecord(ctx context.Context) (views.ExtractorRecord, error) {
	stats, err := h.store.ProposalStatsByType(ctx)
	if err != nil {
		return views.ExtractorRecord{}, err
	}
	cats, err := h.store.Categories(ctx)
	if err != nil {
		return views.ExtractorRecord{}, err
	}
	names := map[string]string{}
	for _, c := range cats {
		names[c.Slug] = c.Name
	}
	r := views.ExtractorRecord{Fields: []string{"Type", "Dates", "Place", "Title"}}
	var total models.ProposalStats
	sum := func(a *models.Judged, b models.Judged) {
		a.Kept, a.Changed, a.Rejected = a.Kept+b.Kept, a.Changed+b.Changed, a.Rejected+b.Rejected
	}
	row := func(name string, p models.ProposalStats) views.ExtractorRow {
		out := views.ExtractorRow{Type: name, Proposed: p.Proposed, Pending: p.Pending, Merged: p.Merged}
		for i, j := range []models.Judged{p.TypeField, p.Dates, p.Place, p.Title} {
			out.Cells = append(out.Cells, views.JudgedCell{Field: r.Fields[i], Kept: j.Kept, Changed: j.Changed,
				Rejected: j.Rejected, Share: share(j)})
		}
		return out
	}
	for _, p := range stats {
		name := names[p.Type]
		if name == "" {
			name = p.Type
		}
		r.Rows = append(r.Rows, row(name, p))
		total.Proposed, total.Pending, total.Merged = total.Proposed+p.Proposed, total.Pending+p.Pending, total.Merged+p.Merged
		sum(&total.TypeField, p.TypeField)
		sum(&total.Dates, p.Dates)
		sum(&total.Place, p.Place)
		sum(&total.Title, p.Title)
	}
	r.Total = row("All types", total)
	return r, nil
}

// share is the part of the decided proposals kept, in whole per cent.
func share(j models.Judged) string {
	n := j.Decided()
	if n == 0 {
		return "–"
	}
	return strconv.Itoa((j.Kept*100+n/2)/n) + "%"
}
