-- +goose Up
-- An event is in progress when a window opens on day F if it started
-- before F and has not ended: F lies in (date_start, date_end]. Indexing
-- that half-open range answers exactly that, where the closed range of
-- 00003 also returned every event starting on F (most of them, on a busy
-- day), each read from the table only to be thrown away. A one-day event
-- is an empty range here and never matches.
CREATE INDEX events_published_ongoing ON events
    USING gist (daterange(date_start, date_end, '(]')) WHERE status = 'published';
DROP INDEX events_published_span;

-- +goose Down
CREATE INDEX events_published_span ON events
    USING gist (daterange(date_start, date_end, '[]')) WHERE status = 'published';
DROP INDEX events_published_ongoing;
