-- +goose Up
CREATE TABLE categories (
    slug        text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z_]{1,39}$'),
    name        text NOT NULL,
    colour      text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
    description text NOT NULL DEFAULT '',
    sort_order  integer NOT NULL DEFAULT 0
);

CREATE TABLE places (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    kind         text NOT NULL CHECK (kind IN ('city', 'region', 'country', 'area', 'crossing')),
    region       text NOT NULL DEFAULT '',
    country_code text NOT NULL DEFAULT '',
    lat          double precision CHECK (lat BETWEEN -90 AND 90),
    lon          double precision CHECK (lon BETWEEN -180 AND 180),
    aliases      text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE sources (
    id           bigserial PRIMARY KEY,
    url          text,
    title        text NOT NULL DEFAULT '',
    outlet       text NOT NULL DEFAULT '',
    author       text NOT NULL DEFAULT '',
    language     text NOT NULL DEFAULT 'en',
    published_at timestamptz,
    body         text NOT NULL DEFAULT '',
    body_sha256  text NOT NULL UNIQUE,
    fetched_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sources_url_key ON sources (url) WHERE url IS NOT NULL AND url <> '';

CREATE TABLE events (
    id                bigserial PRIMARY KEY,
    slug              text NOT NULL,
    title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    summary           text NOT NULL DEFAULT '',
    type              text NOT NULL REFERENCES categories (slug) ON UPDATE CASCADE,
    status            text NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'published', 'rejected', 'merged')),
    merged_into_id    bigint REFERENCES events (id),
    date_start        date NOT NULL,
    date_end          date NOT NULL,
    date_precision    text NOT NULL CHECK (date_precision IN ('day', 'week', 'month-part', 'month',
                      'season', 'half-year', 'quarter', 'year', 'range', 'reported')),
    date_text         text NOT NULL DEFAULT '',
    place_id          bigint REFERENCES places (id),
    confidence        real NOT NULL DEFAULT 1 CHECK (confidence BETWEEN 0 AND 1),
    extractor_version text NOT NULL DEFAULT '',
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    published_at      timestamptz,
    search            tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('english', title), 'A') ||
                          setweight(to_tsvector('english', summary), 'B') ||
                          setweight(to_tsvector('english', date_text), 'C')) STORED,
    CHECK (date_end >= date_start),
    CHECK ((status = 'merged') = (merged_into_id IS NOT NULL))
);
CREATE INDEX events_status_date ON events (status, date_start, id);
CREATE INDEX events_type_date ON events (type, date_start);
CREATE INDEX events_place ON events (place_id);
CREATE INDEX events_search ON events USING gin (search);

CREATE TABLE event_sources (
    event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    source_id   bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    quote       text NOT NULL DEFAULT '',
    quote_start integer CHECK (quote_start >= 0),
    quote_end   integer CHECK (quote_end >= quote_start),
    PRIMARY KEY (event_id, source_id)
);
CREATE INDEX event_sources_source ON event_sources (source_id);

CREATE TABLE actors (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    kind text NOT NULL DEFAULT 'organisation' CHECK (kind IN ('person', 'organisation'))
);

CREATE TABLE event_actors (
    event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_id bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    role     text NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, actor_id)
);
CREATE INDEX event_actors_actor ON event_actors (actor_id);

INSERT INTO categories (slug, name, colour, description, sort_order) VALUES
 ('mobilization', 'Mobilization', '#b42318', 'Decrees, call-ups, quotas, summonses and statements about them', 1),
 ('recruitment', 'Recruitment', '#175cd3', 'Volunteer and contract recruitment, bonuses, volunteer battalions', 2),
 ('prisoner_recruitment', 'Prisoner recruitment', '#6941c6', 'Recruiting convicts and detainees, pardons for service', 3),
 ('protest', 'Protest', '#c11574', 'Protests, rallies, pickets and detentions of protesters', 4),
 ('arson', 'Arson', '#c4320a', 'Arson attacks on enlistment offices and administration buildings', 5),
 ('attack', 'Attack', '#912018', 'Armed attacks on enlistment offices or officials, and their trials', 6),
 ('exodus', 'Exodus', '#027a48', 'People leaving to avoid the draft, border queues and measures', 7),
 ('exemption', 'Exemption', '#0e7090', 'Groups exempted or deferred from mobilization', 8),
 ('refusal', 'Refusal', '#854a0e', 'Soldiers refusing to fight, quitting contracts, deserting', 9),
 ('casualties', 'Casualties', '#475467', 'Deaths and casualty figures', 10);

-- +goose Down
DROP TABLE event_actors, actors, event_sources, events, sources, places, categories;
