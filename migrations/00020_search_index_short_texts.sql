-- +goose Up
-- A btree entry holds at most 2,704 bytes, and the tsvector that 00019's
-- search index carries grows with the event's text: an editor's summary of
-- a few thousand bytes made publishing it fail. The covering index now
-- holds the events whose title, summary and date words come to at most 700
-- bytes (their tsvector stays under 2,400 bytes, whatever the words): all
-- the extractor writes and nearly all an editor does. The few longer ones
-- have an index of their own, without the text, which a search reads
-- beside it.
DROP INDEX events_published_search;
CREATE INDEX events_published_search ON events (date_start, id)
    INCLUDE (date_end, type, place_id, updated_at, search)
    WHERE status = 'published' AND octet_length(title) + octet_length(summary) + octet_length(date_text) <= 700;
CREATE INDEX events_published_long ON events (date_start, id)
    WHERE status = 'published' AND octet_length(title) + octet_length(summary) + octet_length(date_text) > 700;
-- Without statistics of the length, the planner took a third of the
-- events to be long and walked the whole chronology for them.
CREATE STATISTICS events_text_length ON (octet_length(title) + octet_length(summary) + octet_length(date_text)) FROM events;
ANALYZE events;

-- +goose Down
DROP STATISTICS events_text_length;
DROP INDEX events_published_long;
DROP INDEX events_published_search;
CREATE INDEX events_published_search ON events (date_start, id)
    INCLUDE (date_end, type, place_id, updated_at, search) WHERE status = 'published';
