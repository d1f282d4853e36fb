-- 001_users.sql: the people who use the server and their roles. The password hash is an
-- Argon2id PHC string ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"), written by the server;
-- NULL until a password is set (a user who cannot log in yet). Users are disabled, never
-- deleted: the audit log names them.
-- Dialect: the common subset of SQLite >= 3.35 and PostgreSQL >= 13 (docs/registry.md).
CREATE TABLE users (
    id            @ID@,
    login         TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),
    display_name  TEXT NOT NULL,
    password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'coordinator', 'researcher', 'viewer')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    last_login    TEXT
);
