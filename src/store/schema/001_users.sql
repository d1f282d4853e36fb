-- 001_users.sql: the people who use the server, their roles and their sessions
-- (src/store/store_users.c, docs/server.md). The password hash is an Argon2id PHC string
-- ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"); NULL until a password is set (a user who
-- cannot sign in yet). Users are disabled, never deleted: the audit log names them.
-- failed_logins counts sign-in failures in a row; locked_until (UTC, as every time here
-- "YYYY-MM-DDTHH:MM:SSZ", so that text order is time order) is the end of the last lock-out.
-- A session is known by the SHA-256 of its token (64 hex digits): the token itself is only
-- in the browser, so that a copy of this table opens no session.
-- Dialect: the common subset of SQLite >= 3.35 and PostgreSQL >= 13 (docs/registry.md).
CREATE TABLE users (
    id            @ID@,
    login         TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),
    display_name  TEXT NOT NULL,
    password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'coordinator', 'researcher', 'viewer')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    last_login    TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until  TEXT
);
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    address      TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
