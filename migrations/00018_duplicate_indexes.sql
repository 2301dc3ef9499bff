-- +goose Up
-- Duplicate suggestions look, among live events whose dates overlap a
-- draft's, for those of its type, and for those of other types with a
-- similar title. Each search gets an index that answers both of its
-- conditions, so neither reads the thousands of events of a busy month.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX events_live_type_dates ON events USING gist (type, daterange(date_start, date_end, '[]'))
    WHERE status IN ('draft', 'published');
CREATE INDEX events_live_dates_title ON events USING gist (daterange(date_start, date_end, '[]'), title gist_trgm_ops)
    WHERE status IN ('draft', 'published');

-- +goose Down
DROP INDEX events_live_dates_title;
DROP INDEX events_live_type_dates;
