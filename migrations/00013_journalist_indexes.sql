-- +goose Up
-- The feed lists the published events changed last; without this index it
-- sorts every published event to find fifty.
CREATE INDEX events_published_updated ON events (updated_at DESC, id DESC) WHERE status = 'published';
-- The sitemaps list the published events in id order, a page at a time:
-- an index-only scan of exactly what they print.
CREATE INDEX events_published_id ON events (id) INCLUDE (slug, updated_at) WHERE status = 'published';

-- +goose Down
DROP INDEX events_published_id;
DROP INDEX events_published_updated;
