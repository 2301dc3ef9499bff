-- +goose Up
-- Published events counted per start month and type, kept exact by the same
-- statement triggers as the per-day counts: a histogram by month, quarter,
-- year or decade over the whole chronology reads about a hundred rows a
-- type instead of thousands.
CREATE TABLE event_month_counts (
    month date    NOT NULL CHECK (month = date_trunc('month', month)),
    type  text    NOT NULL,
    n     integer NOT NULL,
    PRIMARY KEY (month, type)
);

-- Each statement touches its rows in key order, so writers that change
-- several of the same counts take their locks in the same order.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION event_day_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO event_day_counts AS c (day, type, n)
            SELECT date_start, type, -count(*) FROM old_rows WHERE status = 'published' GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (day, type) DO UPDATE SET n = c.n + excluded.n;
        INSERT INTO event_month_counts AS c (month, type, n)
            SELECT date_trunc('month', date_start)::date, type, -count(*) FROM old_rows WHERE status = 'published' GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (month, type) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO event_day_counts AS c (day, type, n)
            SELECT date_start, type, count(*) FROM new_rows WHERE status = 'published' GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (day, type) DO UPDATE SET n = c.n + excluded.n;
        INSERT INTO event_month_counts AS c (month, type, n)
            SELECT date_trunc('month', date_start)::date, type, count(*) FROM new_rows WHERE status = 'published' GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (month, type) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

INSERT INTO event_month_counts (month, type, n)
    SELECT date_trunc('month', date_start)::date, type, count(*) FROM events WHERE status = 'published' GROUP BY 1, 2;

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION event_day_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
DROP TABLE event_month_counts;
