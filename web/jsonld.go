package web

import (
	"time"

	"timeline/models"
)

// schemaDate writes a date at its precision, as schema.org's ISO 8601
// dates allow: "2022-09", "2022", or a day.
func schemaDate(t time.Time, p models.Precision) string {
	switch p {
	case models.PrecisionMonth:
		return t.Format("2006-01")
	case models.PrecisionYear:
		return t.Format("2006")
	}
	return t.Format(time.DateOnly)
}

// eventJSONLD describes an event as a schema.org Event for search engines
// and other readers of structured data: its dates at their precision, the
// place with coordinates, and every source as a citation.
func (h *Handler) eventJSONLD(ev *models.Event) map[string]any {
	url := h.baseURL + ev.Path()
	d := map[string]any{
		"@context":     "https://schema.org",
		"@type":        "Event",
		"@id":          url,
		"url":          url,
		"name":         ev.Title,
		"description":  ev.Summary,
		"startDate":    schemaDate(ev.DateStart, ev.DatePrecision),
		"dateModified": ev.UpdatedAt.UTC().Format(time.RFC3339),
		"version":      ev.Version,
		"image":        h.baseURL + eventImagePath(ev.ID, ev.Version),
		"license":      licenceURL,
		"publisher":    map[string]any{"@type": "Organization", "name": h.site, "url": h.baseURL + "/"},
	}
	if !ev.DateEnd.Equal(ev.DateStart) || ev.DatePrecision == models.PrecisionMonth || ev.DatePrecision == models.PrecisionYear {
		d["endDate"] = schemaDate(ev.DateEnd, ev.DatePrecision)
	}
	if ev.Category != nil {
		d["keywords"] = ev.Category.Name
	}
	if p := ev.Place; p != nil {
		place := map[string]any{"@type": "Place", "name": p.Name}
		if p.Lat != nil && p.Lon != nil {
			place["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": *p.Lat, "longitude": *p.Lon}
		}
		if p.CountryCode != "" {
			place["address"] = map[string]any{"@type": "PostalAddress", "addressCountry": p.CountryCode}
		}
		d["location"] = place
	}
	var cites []map[string]any
	for _, es := range ev.Sources {
		s := es.Source
		if s == nil {
			continue
		}
		c := map[string]any{"@type": "CreativeWork", "name": s.Title}
		if s.Outlet != "" {
			c["publisher"] = map[string]any{"@type": "Organization", "name": s.Outlet}
		}
		if s.URL != nil && *s.URL != "" {
			c["url"] = *s.URL
		}
		if s.PublishedAt != nil {
			c["datePublished"] = s.PublishedAt.Format(time.DateOnly)
		}
		if s.Author != "" {
			c["author"] = map[string]any{"@type": "Person", "name": s.Author}
		}
		cites = append(cites, c)
	}
	if len(cites) > 0 {
		d["citation"] = cites
	}
	var actors []map[string]any
	for _, a := range ev.Actors {
		typ := "Organization"
		if a.Kind == "person" {
			typ = "Person"
		}
		actors = append(actors, map[string]any{"@type": typ, "name": a.Name})
	}
	if len(actors) > 0 {
		d["about"] = actors
	}
	return d
}
