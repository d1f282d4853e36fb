-- 001_audit.sql: the append-only, hash-chained audit log (src/store/store_audit.c, docs/audit.md).
-- seq is strictly consecutive from 1; at is UTC ISO 8601 with milliseconds; prev_hash and hash
-- are 64 lowercase hex digits: hash = HMAC-SHA-256(key, prev_hash || canonical(entry)), the
-- genesis prev_hash being 64 zeros. The program never updates or deletes a row of audit_log.
-- audit_head is the lock that serialises appends (each append first updates its one row, which
-- takes SQLite's write lock or PostgreSQL's row lock) and a copy of the head that verify compares
-- with the log's last entry.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY CHECK (seq >= 1),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    patient_id TEXT,
    detail TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_patient ON audit_log (patient_id, seq);
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
