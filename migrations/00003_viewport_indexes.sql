-- +goose Up
-- Viewport queries split a window into events that start inside it (the
-- btree on status, date_start) and events already in progress at its start,
-- found by range containment on this index.
CREATE INDEX events_published_span ON events
    USING gist (daterange(date_start, date_end, '[]')) WHERE status = 'published';

-- The extent of the chronology reads its last end from this index.
CREATE INDEX events_status_end ON events (status, date_end);

-- Published events counted per start day and type, kept exact by statement
-- triggers, so a histogram over years reads thousands of rows, not millions.
CREATE TABLE event_day_counts (
    day  date    NOT NULL,
    type text    NOT NULL,
    n    integer NOT NULL,
    PRIMARY KEY (day, type)
);

-- +goose StatementBegin
CREATE FUNCTION event_day_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO event_day_counts AS c (day, type, n)
            SELECT date_start, type, -count(*) FROM old_rows WHERE status = 'published' GROUP BY 1, 2
        ON CONFLICT (day, type) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO event_day_counts AS c (day, type, n)
            SELECT date_start, type, count(*) FROM new_rows WHERE status = 'published' GROUP BY 1, 2
        ON CONFLICT (day, type) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER event_day_counts_insert AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_apply();
CREATE TRIGGER event_day_counts_update AFTER UPDATE ON events
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_apply();
CREATE TRIGGER event_day_counts_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_apply();

INSERT INTO event_day_counts (day, type, n)
    SELECT date_start, type, count(*) FROM events WHERE status = 'published' GROUP BY 1, 2;

-- +goose Down
DROP TRIGGER event_day_counts_insert ON events;
DROP TRIGGER event_day_counts_update ON events;
DROP TRIGGER event_day_counts_delete ON events;
DROP FUNCTION event_day_counts_apply();
DROP TABLE event_day_counts;
DROP INDEX events_status_end;
DROP INDEX events_published_span;
