-- +goose Up
-- One number that changes whenever anything a reader can see changes. It is
-- bumped inside the writing transaction, so it becomes visible together with
-- the change: the server keys its response cache on it.
CREATE TABLE data_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    v  bigint  NOT NULL
);
INSERT INTO data_version (v) VALUES (1);

-- +goose StatementBegin
-- A statement that touched no row (an update refused by its version check,
-- an insert that found its row already there) changes nothing.
CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Nested, so each query names only the transition table its trigger has.
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT FROM new_rows) THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF NOT EXISTS (SELECT FROM old_rows) THEN
            RETURN NULL;
        END IF;
    END IF;
    UPDATE data_version SET v = v + 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['categories', 'places', 'sources', 'events', 'event_sources', 'actors', 'event_actors'] LOOP
        EXECUTE format('CREATE TRIGGER data_version_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()', t);
        EXECUTE format('CREATE TRIGGER data_version_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()', t);
        EXECUTE format('CREATE TRIGGER data_version_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()', t);
        EXECUTE format('CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['categories', 'places', 'sources', 'events', 'event_sources', 'actors', 'event_actors'] LOOP
        EXECUTE format('DROP TRIGGER data_version_insert ON %I', t);
        EXECUTE format('DROP TRIGGER data_version_update ON %I', t);
        EXECUTE format('DROP TRIGGER data_version_delete ON %I', t);
        EXECUTE format('DROP TRIGGER data_version_truncate ON %I', t);
    END LOOP;
END
$$;
-- +goose StatementEnd
DROP FUNCTION data_version_bump();
DROP TABLE data_version;
