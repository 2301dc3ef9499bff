-- +goose Up
-- Ingest from the browser runs as a job kept here, so any replica can show
-- its progress and a restart can resume it: no in-memory queue. Each
-- article of a job is an item; an item is finished in the same transaction
-- that stores its article, so a job is never left with half an article.
CREATE TABLE ingest_jobs (
    id           bigserial PRIMARY KEY,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    error        text NOT NULL DEFAULT ''
);
CREATE INDEX ingest_jobs_unfinished ON ingest_jobs (id) WHERE state IN ('queued', 'running');

CREATE TABLE ingest_items (
    id          bigserial PRIMARY KEY,
    job_id      bigint NOT NULL REFERENCES ingest_jobs (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('text', 'file', 'url')),
    -- What the editor called it: a file name, a URL, the pasted title.
    name        text NOT NULL DEFAULT '' CHECK (length(name) <= 2000),
    title       text NOT NULL DEFAULT '',
    outlet      text NOT NULL DEFAULT '',
    url         text NOT NULL DEFAULT '',
    published   date,
    -- The pasted or uploaded bytes until the item is finished (URLs are
    -- fetched when the item runs).
    payload     bytea,
    state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts    integer NOT NULL DEFAULT 0,
    source_id   bigint REFERENCES sources (id) ON DELETE SET NULL,
    -- new: a new source; existing: the same text was stored before;
    -- version: an edited version of a stored source replaced it.
    outcome     text NOT NULL DEFAULT '' CHECK (outcome IN ('', 'new', 'existing', 'version')),
    created     integer NOT NULL DEFAULT 0,
    linked      integer NOT NULL DEFAULT 0,
    updated     integer NOT NULL DEFAULT 0,
    stale       integer NOT NULL DEFAULT 0,
    event_ids   bigint[] NOT NULL DEFAULT '{}',
    error       text NOT NULL DEFAULT '',
    finished_at timestamptz,
    UNIQUE (job_id, position)
);

-- +goose StatementBegin
-- sentence_keys are 60-bit hashes of an article's sentences (case and
-- spacing folded, short lines left out): two versions of one article, a
-- word corrected or a paragraph added, share most of them, which is how a
-- re-ingested edit finds the source it replaces.
CREATE FUNCTION sentence_keys(body text) RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT k ORDER BY k), '{}')
    FROM (
        SELECT ('x' || left(md5(s), 15))::bit(60)::bigint AS k
        FROM (
            SELECT btrim(regexp_replace(lower(p), '\s+', ' ', 'g')) AS s
            FROM regexp_split_to_table(body, '(?<=[.!?])\s+|\n+') AS p
        ) sentences
        WHERE length(s) >= 25
    ) keys
$$;
-- +goose StatementEnd

ALTER TABLE sources ADD COLUMN sentence_keys bigint[] GENERATED ALWAYS AS (sentence_keys(body)) STORED;
CREATE INDEX sources_sentence_keys ON sources USING gin (sentence_keys);

-- +goose Down
DROP INDEX sources_sentence_keys;
ALTER TABLE sources DROP COLUMN sentence_keys;
DROP FUNCTION sentence_keys(text);
DROP TABLE ingest_items, ingest_jobs;
