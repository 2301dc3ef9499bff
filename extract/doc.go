// Package extract turns the text of a news article and its publication date
// into candidate events: sentences, time expressions normalised to inclusive
// ranges, event types, places and evidence. It touches no database, no network
// and no clock: time is always an input.
package extract
