-- +goose Up
-- import_key identifies events that come from a curated file (the demo
-- dataset, later bulk imports), so loading the same file twice adds nothing.
ALTER TABLE events ADD COLUMN import_key text;
CREATE UNIQUE INDEX events_import_key ON events (import_key) WHERE import_key IS NOT NULL;

-- +goose Down
ALTER TABLE events DROP COLUMN import_key;
