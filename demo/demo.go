// Package demo holds the curated demo dataset (events.json: events drawn from
// the project's seed articles, written in our own words) and turns it into
// events for the store.
package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	_ "embed"

	"timeline/models"
)

//go:embed events.json
var dataset []byte

type file struct {
	Sources []struct {
		Key, Outlet, Title, Author, Published, URL string
	} `json:"sources"`
	Places []struct {
		Name, Kind, Region, Country string
		Lat, Lon                    float64
		Aliases                     []string
	} `json:"places"`
	Actors []struct{ Name, Kind string } `json:"actors"`
	Events []struct {
		Key, Type, Title, Summary, Start, End, Precision string
		DateText                                         string `json:"date_text"`
		Place                                            *string
		Actors                                           []string
		Sources                                          []struct{ Source, Quote string }
	} `json:"events"`
}

// Events parses the embedded dataset into published events, checking every
// reference, so a mistake in the file fails the tests rather than the seed.
func Events() ([]models.NewEvent, error) {
	return parse(dataset)
}

func parse(data []byte) ([]models.NewEvent, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sources := map[string]*models.Source{}
	for _, s := range f.Sources {
		pub, err := time.Parse(time.DateOnly, s.Published)
		if err != nil {
			return nil, fmt.Errorf("demo: source %s: published: %w", s.Key, err)
		}
		src := &models.Source{Title: s.Title, Outlet: s.Outlet, Author: s.Author, Language: "en", PublishedAt: &pub}
		if s.URL != "" {
			src.URL = &s.URL
		}
		// Demo sources carry no body; the hash of their citation keeps them unique.
		src.BodySHA256 = models.BodyHash("demo source\x00" + s.Outlet + "\x00" + s.Title + "\x00" + s.Published)
		sources[s.Key] = src
	}
	places := map[string]*models.Place{}
	for _, p := range f.Places {
		lat, lon := p.Lat, p.Lon
		places[p.Name] = &models.Place{Name: p.Name, Kind: p.Kind, Region: p.Region, CountryCode: p.Country,
			Lat: &lat, Lon: &lon, Aliases: p.Aliases}
	}
	actors := map[string]models.Actor{}
	for _, a := range f.Actors {
		actors[a.Name] = models.Actor{Name: a.Name, Kind: a.Kind}
	}
	var evs []models.NewEvent
	keys := map[string]bool{}
	for _, e := range f.Events {
		if keys[e.Key] || e.Key == "" {
			return nil, fmt.Errorf("demo: event key %q missing or repeated", e.Key)
		}
		keys[e.Key] = true
		start, err1 := time.Parse(time.DateOnly, e.Start)
		end, err2 := time.Parse(time.DateOnly, e.End)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("demo: event %s: %w", e.Key, err)
		}
		ev := models.NewEvent{
			ImportKey: "demo:" + e.Key, Title: e.Title, Summary: e.Summary, Type: e.Type,
			Status: models.StatusPublished, DateStart: start, DateEnd: end,
			Precision: models.Precision(e.Precision), DateText: e.DateText, Confidence: 1,
		}
		if e.Place != nil {
			p, ok := places[*e.Place]
			if !ok {
				return nil, fmt.Errorf("demo: event %s: unknown place %q", e.Key, *e.Place)
			}
			ev.Place = p
		}
		for _, name := range e.Actors {
			a, ok := actors[name]
			if !ok {
				return nil, fmt.Errorf("demo: event %s: unknown actor %q", e.Key, name)
			}
			ev.Actors = append(ev.Actors, a)
		}
		for _, c := range e.Sources {
			src, ok := sources[c.Source]
			if !ok {
				return nil, fmt.Errorf("demo: event %s: unknown source %q", e.Key, c.Source)
			}
			ev.Citations = append(ev.Citations, models.Citation{Source: src, Quote: c.Quote})
		}
		if err := ev.Validate(); err != nil {
			return nil, fmt.Errorf("demo: event %s: %w", e.Key, err)
		}
		evs = append(evs, ev)
	}
	return evs, nil
}
