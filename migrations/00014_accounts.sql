-- +goose Up
-- The people who curate: no row is ever created by a migration, so there is
-- no default account; the first admin comes from `timeline user add`.
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    display_name  text NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
    role          text NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL,
    last_login_at timestamptz
);
-- One account per address, whatever its case.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Only the SHA-256 of a session's token is kept: a copy of this table does
-- not let anyone sign in.
CREATE TABLE sessions (
    id           bigserial PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    ip           inet,
    user_agent   text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 300)
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every sign-in attempt, so throttling holds across replicas. An attempt is
-- written as 'pending' before its password is checked, and counts as a
-- failure until it is settled, so concurrent guesses cannot all slip in
-- under the limit.
CREATE TABLE login_attempts (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL,
    email   text NOT NULL,
    ip      inet,
    user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    result  text NOT NULL CHECK (result IN ('pending', 'success', 'failure', 'throttled'))
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

-- Who did what, when. Rows are only ever added: a trigger refuses UPDATE,
-- DELETE and TRUNCATE.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    bigint REFERENCES users (id),
    actor_label text NOT NULL DEFAULT '',
    action      text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    entity      text NOT NULL DEFAULT '',
    entity_id   bigint,
    before      jsonb,
    after       jsonb,
    request_id  text NOT NULL DEFAULT '',
    ip          inet
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log, login_attempts, sessions, users;
DROP FUNCTION audit_log_append_only();
