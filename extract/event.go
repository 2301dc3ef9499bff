package extract

import (
	"time"

	"timeline/extract/places"
	"timeline/models"
)

// Version identifies the extractor's rules; stored with every event so an
// editor can tell which rules found it.
const Version = "extract-2"

// Event is a candidate event read from one article: what happened, when, where
// and who took part, with the evidence it was read from.
type Event struct {
	Type string // one of the ten types of ../shared/eval/README.md
	// Start and End are an inclusive range of whole days at midnight UTC.
	Start, End time.Time
	Precision  models.Precision
	DateText   string        // the words the date came from; empty when dated by the article
	Title      string        // a plain title written by the extractor
	Summary    string        // the evidence, trimmed for display
	Place      *places.Place // the most specific place found in the gazetteer, or nil
	Location   string        // the place's name, or the words that named it
	Actors     []string
	Numbers    []string
	// Evidence is Document.Text[EvidenceStart:EvidenceEnd]: the sentence or
	// sentences the event was read from.
	Evidence                   string
	EvidenceStart, EvidenceEnd int
	Confidence                 float64 // 0..1: how sure the cues are
}
