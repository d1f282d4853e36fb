-- 001_trials.sql: the trial portfolio (CTML documents, every version kept) and the match results
-- with their history. Same SQL subset as 001_clinical.sql.
--
-- A trial is identified by trial_key (the NCT id, or the protocol_no when there is none, as the
-- Match JSON's "trial"); loading a changed document adds a version, and only the newest version
-- is active. A version referenced by a match result cannot be deleted (ON DELETE RESTRICT): the
-- history says which text a result was computed against.

CREATE TABLE trials (
    id @ID@,
    trial_key TEXT NOT NULL CHECK (trial_key <> ''),
    protocol_no TEXT,
    nct_id TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    ctml TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    UNIQUE (trial_key, version)
);

-- One row per patient x trial version x matching clause (level and internal_id, as the match
-- engine numbers them). reasons/unknown/failed are JSON arrays of strings (the Match JSON's).
-- still_valid 0 with change_reason says why a row stopped holding (trial changed, patient
-- changed, knowledge base changed).
CREATE TABLE match_results (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    trial_id BIGINT NOT NULL REFERENCES trials (id) ON DELETE RESTRICT,
    trial_key TEXT NOT NULL,
    trial_version INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('trial', 'step', 'arm', 'dose')),
    internal_id TEXT,
    arm TEXT,
    status TEXT NOT NULL CHECK (status IN ('eligible', 'potential', 'ineligible')),
    reasons TEXT NOT NULL DEFAULT '[]',
    unknown TEXT NOT NULL DEFAULT '[]',
    failed TEXT NOT NULL DEFAULT '[]',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    still_valid INTEGER NOT NULL CHECK (still_valid IN (0, 1)),
    change_reason TEXT,
    FOREIGN KEY (trial_key, trial_version) REFERENCES trials (trial_key, version) ON DELETE RESTRICT
);
CREATE INDEX match_results_patient ON match_results (patient_id, still_valid);
CREATE INDEX match_results_trial ON match_results (trial_id, status);
-- the patient list (store_clinic.c) reads its trial-status filter and each row's count of
-- eligible trials from this index alone
CREATE INDEX match_results_status ON match_results (status, still_valid, patient_id, trial_key);
