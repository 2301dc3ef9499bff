-- +goose Up
-- The feed lists the published events changed last; without this index it
-- sorts every published event to find fifty.
CREATE INDEX events_published_updated ON events (updated_at DESC, id DESC) WHERE status = 'published';

-- +goose Down
DROP INDEX events_published_updated;
