package web

import (
	"net/url"
	"slices"
	"strings"
)

// filterParams are the query parameters readFilterForm reads: every
// route that shows a filtered chronology takes these.
var filterParams = []string{"actor", "cursor", "focus", "from", "ongoing", "place", "q", "to", "type"}

// routeParams lists, for each public route the response cache serves, the
// query parameters its handler reads. A handler that starts reading a new
// parameter adds it here, or the cache drops it before the handler sees it
// (and the API answers 400 for it).
var routeParams = map[string][]string{
	"/":                  append(slices.Clone(filterParams), "before"),
	"/embed":             filterParams,
	"/share.png":         filterParams,
	"/feed.atom":         filterParams,
	"/api/v1/events":     append(slices.Clone(filterParams), "limit"),
	"/api/v1/histogram":  append(slices.Clone(filterParams), "buckets", "unit"),
	"/api/v1/events/:id": {},
	"/oembed":            {"format", "maxheight", "maxwidth", "url"},
	"/events/:id":        {},
	"/events/:id/:slug":  {},
	"/embed/events/:id":  {},
	"/categories.css":    {},
	"/sitemap.xml":       {},
	"/sitemap-:n":        {},
}

// NormalQuery is the query of a request as its handler understands it:
// known parameters only, in a fixed order, empty values left out (the
// handlers read an empty value as an absent one). Two requests with the
// same normal query get the same answer, so it keys the response cache.
// unknown names the parameters the route does not take; ok is false for a
// route not in the table, whose query is then left as it is.
func NormalQuery(route string, q url.Values) (normal url.Values, unknown []string, ok bool) {
	known, ok := routeParams[route]
	if !ok {
		return q, nil, false
	}
	normal = url.Values{}
	for name, vals := range q {
		if !slices.Contains(known, name) {
			unknown = append(unknown, name)
			continue
		}
		for _, v := range vals {
			if strings.TrimSpace(v) != "" {
				normal[name] = append(normal[name], v)
			}
		}
	}
	slices.Sort(unknown)
	return normal, unknown, true
}

// unknownParams refuses the parameters an API route does not take, naming
// them, so a misspelt filter is not silently ignored.
func unknownParams(route string, q url.Values) error {
	_, unknown, ok := NormalQuery(route, q)
	if !ok || len(unknown) == 0 {
		return nil
	}
	for i, u := range unknown {
		unknown[i] = clip(u, 40)
	}
	if len(unknown) > 5 {
		unknown = append(unknown[:5], "…")
	}
	takes := "no parameters"
	if known := routeParams[route]; len(known) > 0 {
		takes = strings.Join(known, ", ")
	}
	return invalid("unknown parameter %s: this endpoint takes %s", strings.Join(unknown, ", "), takes)
}
