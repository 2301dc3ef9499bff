-- +goose Up
-- A page of the chronology is 200 events, but finding them read far more
-- rows from the table, each on a page of its own: a search walked the
-- published events in date order and read every one to test its words
-- (about 1,400 table pages for the first 200 protests of 100,000 events), and
-- counting a search up to 1,000 read every event until the thousandth
-- match. A window read every event in progress when it opens (3,000 of
-- them at 1,000,000 events) to keep the first 200.
--
-- These indexes carry what those scans test, so they run on the index
-- alone (index-only scans) and only the events of the page are read from
-- the table. The search index holds a copy of the tsvector (about as big
-- as the table's own column); its order is the chronology's.
CREATE INDEX events_published_search ON events (date_start, id)
    INCLUDE (date_end, type, place_id, updated_at, search) WHERE status = 'published';

-- The events in progress when a window opens (see 00006), with what a
-- page's order and a type filter need. SP-GiST rather than GiST: its
-- quad tree of (start, end) visits only the part of the plane where both
-- bounds fit, where GiST's overlapping bounding ranges made a scan check
-- ten times the entries it returned (about 1.0 rather than 1.3 to 1.7 ms
-- of CPU for the 3,111 events in progress on one day of 1,000,000).
CREATE INDEX events_published_ongoing_keys ON events
    USING spgist (daterange(date_start, date_end, '(]')) INCLUDE (date_start, date_end, id, type)
    WHERE status = 'published';
DROP INDEX events_published_ongoing;

-- +goose Down
CREATE INDEX events_published_ongoing ON events
    USING gist (daterange(date_start, date_end, '(]')) WHERE status = 'published';
DROP INDEX events_published_ongoing_keys;
DROP INDEX events_published_search;
