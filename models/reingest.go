package models

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

// previousVersion finds the stored source that src is an edited version
// of, or 0: the source with the same URL, else one of the same outlet (and
// not another page: both URLs set and different) that shares most of its
// sentences with src.
func previousVersion(tx *gorm.DB, src *Source) (int64, error) {
	if src.URL != nil && *src.URL != "" {
		var old Source
		err := tx.Select("id").Where("url = ?", *src.URL).Take(&old).Error
		if err == nil {
			return old.ID, nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return 0, err
		}
	}
	var cands []struct {
		ID     int64
		URL    *string
		Outlet string
		N      int // sentences of the stored source
		M      int // sentences of src
		Shared int
	}
	err := tx.Raw(`WITH n AS (SELECT sentence_keys(?) AS k)
		SELECT s.id, s.url, s.outlet, cardinality(s.sentence_keys) AS n, cardinality(n.k) AS m,
			(SELECT count(*) FROM unnest(s.sentence_keys) x WHERE x = ANY (n.k)) AS shared
		FROM sources s, n WHERE s.sentence_keys && n.k
		ORDER BY shared DESC, s.id DESC LIMIT 5`, src.Body).Scan(&cands).Error
	if err != nil {
		return 0, err
	}
	for _, c := range cands {
		if c.URL != nil && *c.URL != "" && src.URL != nil && *src.URL != "" {
			continue
		}
		if c.Outlet != "" && src.Outlet != "" && c.Outlet != src.Outlet {
			continue
		}
		// Most of the shorter text is in the other, and the longer is not
		// mostly new: a corrected word or an added paragraph, not a digest
		// that quotes a short report whole.
		small, big := min(c.N, c.M), max(c.N, c.M)
		if c.Shared > 0 && c.Shared*10 >= 6*small && c.Shared*10 >= 3*big {
			return c.ID, nil
		}
	}
	return 0, nil
}

// reingest replaces the text of source prev with src's and attaches the
// events found in it to the ones the earlier version produced: an event
// whose evidence reads as before gets the new quote and offsets, and keeps
// every field an editor set; an earlier event the new text no longer
// supports keeps its quote, relocated when the words are still there and
// unanchored when not. What is new becomes a draft (or a source of a
// stored event), never a published event.
func (s *Store) reingest(tx *gorm.DB, prev int64, src *Source, evs []NewEvent, same SameFunc) (IngestResult, error) {
	res := IngestResult{SourceID: prev, Version: true}
	updates := map[string]any{"body": src.Body, "body_sha256": src.BodySHA256, "fetched_at": src.FetchedAt}
	if src.Title != "" {
		updates["title"] = src.Title
	}
	if src.Outlet != "" {
		updates["outlet"] = src.Outlet
	}
	if src.URL != nil && *src.URL != "" {
		updates["url"] = *src.URL
	}
	if src.PublishedAt != nil {
		updates["published_at"] = *src.PublishedAt
	}
	if err := tx.Model(&Source{}).Where("id = ?", prev).Updates(updates).Error; err != nil {
		return res, err
	}
	src.ID = prev

	var links []EventSource
	if err := tx.Where("source_id = ?", prev).Order("event_id").Find(&links).Error; err != nil {
		return res, err
	}
	types := map[int64]string{}
	if len(links) > 0 {
		var rows []Event
		ids := make([]int64, len(links))
		for i, l := range links {
			ids[i] = l.EventID
		}
		if err := tx.Select("id", "type").Where("id IN ?", ids).Find(&rows).Error; err != nil {
			return res, err
		}
		for _, r := range rows {
			types[r.ID] = r.Type
		}
	}
	type pair struct {
		link, ev int
		score    float64
	}
	var pairs []pair
	for li, l := range links {
		for ei := range evs {
			if len(evs[ei].Citations) == 0 {
				continue
			}
			sim := quoteSimilarity(l.Quote, evs[ei].Citations[0].Quote)
			if sim < 0.5 {
				continue
			}
			if types[l.EventID] == evs[ei].Type {
				sim++ // one sentence can tell of two events of different types
			}
			pairs = append(pairs, pair{li, ei, sim})
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(b.score, a.score) })
	linkOf := make([]int, len(evs))
	for i := range linkOf {
		linkOf[i] = -1
	}
	used := make([]bool, len(links))
	for _, p := range pairs {
		if used[p.link] || linkOf[p.ev] >= 0 {
			continue
		}
		used[p.link], linkOf[p.ev] = true, p.link
	}
	for li, l := range links {
		if used[li] {
			continue
		}
		start, end := relocate(src.Body, l.Quote)
		if start == nil {
			res.Stale++
		}
		if err := tx.Model(&EventSource{}).Where("event_id = ? AND source_id = ?", l.EventID, prev).
			Updates(map[string]any{"quote_start": start, "quote_end": end}).Error; err != nil {
			return res, err
		}
	}
	for ei := range evs {
		ev := &evs[ei]
		if err := ev.Validate(); err != nil {
			return res, err
		}
		for j := range ev.Citations {
			ev.Citations[j].Source = src
		}
		if li := linkOf[ei]; li >= 0 {
			if err := setQuote(tx, links[li].EventID, prev, ev.Citations[0]); err != nil {
				return res, err
			}
			res.Updated++
			res.EventIDs = append(res.EventIDs, links[li].EventID)
			continue
		}
		stored, err := findSame(tx, ev, same)
		if err != nil {
			return res, err
		}
		if stored != nil {
			for _, c := range ev.Citations {
				if err := setQuote(tx, stored.ID, prev, c); err != nil {
					return res, err
				}
			}
			res.Linked++
			res.EventIDs = append(res.EventIDs, stored.ID)
			continue
		}
		ev.Status = StatusDraft
		row, err := s.createEvent(tx, ev)
		if err != nil {
			return res, err
		}
		res.Created++
		res.EventIDs = append(res.EventIDs, row.ID)
	}
	return res, nil
}

// setQuote links an event to a source with the citation's quote, replacing
// the quote of a link that is there already.
func setQuote(tx *gorm.DB, eventID, sourceID int64, c Citation) error {
	return tx.Exec(`INSERT INTO event_sources (event_id, source_id, quote, quote_start, quote_end) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (event_id, source_id) DO UPDATE SET quote = excluded.quote, quote_start = excluded.quote_start,
		quote_end = excluded.quote_end`, eventID, sourceID, c.Quote, c.QuoteStart, c.QuoteEnd).Error
}

// relocate finds quote in body, giving its byte offsets, or nils.
func relocate(body, quote string) (*int, *int) {
	if quote == "" {
		return nil, nil
	}
	i := strings.Index(body, quote)
	if i < 0 {
		return nil, nil
	}
	end := i + len(quote)
	return &i, &end
}

// quoteSimilarity is the Jaccard similarity of the two quotes' words.
func quoteSimilarity(a, b string) float64 {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	shared := 0
	for w := range wa {
		if wb[w] {
			shared++
		}
	}
	return float64(shared) / float64(len(wa)+len(wb)-shared)
}

func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		out[w] = true
	}
	return out
}
