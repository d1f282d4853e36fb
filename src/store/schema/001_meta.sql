-- 001_meta.sql: what the registry says about itself, as key/value text.
--   schema_version      the version of the last migration applied (onc_db_migrate writes it
--                       in the same transaction as that migration's DDL)
--   created_at          when `oncoboard db init` (or the first migration) ran, ISO 8601 UTC
--   created_by_version  the oncoboard version that created the registry
-- Dialect: the common subset of SQLite >= 3.35 and PostgreSQL >= 13 (docs/registry.md).
CREATE TABLE oncoboard_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
