-- +goose Up
-- Curation: revisions, what the extractor proposed, merges that can be
-- undone, pairs marked "not a duplicate", and who is editing what.

-- similarity() ranks duplicate suggestions by their titles' trigrams.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Why an event was rejected (or published, or sent back): shown to readers
-- on the 410 page of an event withdrawn after publication.
ALTER TABLE events ADD COLUMN status_reason text NOT NULL DEFAULT ''
    CHECK (length(status_reason) <= 500);

-- Duplicate suggestions look for live events whose dates overlap a draft's.
CREATE INDEX events_live_dates ON events USING gist (daterange(date_start, date_end, '[]'))
    WHERE status IN ('draft', 'published');
-- The review queue: drafts, oldest first.
CREATE INDEX events_drafts ON events (id) WHERE status = 'draft';

-- Every change of an event, as a full snapshot of what it was after it
-- (and, before its first change, of what it was before): the history page
-- diffs any two, restore copies one back. public marks a correction of a
-- published event, listed on its permalink with its note.
CREATE TABLE event_revisions (
    id          bigserial PRIMARY KEY,
    event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    version     integer NOT NULL,
    at          timestamptz NOT NULL,
    actor_id    bigint REFERENCES users (id),
    actor_label text NOT NULL DEFAULT '',
    action      text NOT NULL CHECK (action ~ '^[a-z_]+$'),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    public      boolean NOT NULL DEFAULT false,
    snapshot    jsonb NOT NULL
);
CREATE INDEX event_revisions_event ON event_revisions (event_id, id);
CREATE INDEX event_revisions_public ON event_revisions (event_id, id) WHERE public;

-- What the extractor proposed for a machine draft, kept beside what
-- editors make of it: the extractor's precision in real use. A trigger
-- fills it, so every way a draft is created keeps it.
CREATE TABLE event_proposals (
    event_id          bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    title             text NOT NULL,
    type              text NOT NULL,
    date_start        date NOT NULL,
    date_end          date NOT NULL,
    date_precision    text NOT NULL,
    place_id          bigint,
    extractor_version text NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION event_proposal_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_proposals (event_id, title, type, date_start, date_end, date_precision, place_id, extractor_version)
    VALUES (NEW.id, NEW.title, NEW.type, NEW.date_start, NEW.date_end, NEW.date_precision, NEW.place_id, NEW.extractor_version)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER event_proposal_insert AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.extractor_version <> '' AND NEW.status = 'draft')
    EXECUTE FUNCTION event_proposal_keep();

INSERT INTO event_proposals (event_id, title, type, date_start, date_end, date_precision, place_id, extractor_version)
SELECT id, title, type, date_start, date_end, date_precision, place_id, extractor_version
FROM events WHERE extractor_version <> '' AND status = 'draft';

-- A merge, with what it added to the survivor, so it can be undone.
CREATE TABLE event_merges (
    id            bigserial PRIMARY KEY,
    from_id       bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    into_id       bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    from_status   text NOT NULL,
    at            timestamptz NOT NULL,
    actor_id      bigint REFERENCES users (id),
    added_sources bigint[] NOT NULL DEFAULT '{}',
    added_actors  bigint[] NOT NULL DEFAULT '{}',
    undone_at     timestamptz
);
CREATE INDEX event_merges_from ON event_merges (from_id, id);

-- Pairs an editor said are not the same happening: never suggested again.
CREATE TABLE event_distinct (
    a        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    b        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_id bigint REFERENCES users (id),
    at       timestamptz NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
CREATE INDEX event_distinct_b ON event_distinct (b);

-- Who has an event's edit form open: a soft lock, alive while its
-- heartbeat is recent. It warns; it never refuses (versions do that).
CREATE TABLE event_editors (
    event_id     bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    since        timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- +goose Down
DROP TABLE event_editors, event_distinct, event_merges;
DROP TRIGGER event_proposal_insert ON events;
DROP FUNCTION event_proposal_keep();
DROP TABLE event_proposals, event_revisions;
DROP INDEX events_drafts;
DROP INDEX events_live_dates;
ALTER TABLE events DROP COLUMN status_reason;
