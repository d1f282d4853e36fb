-- 001_matching.sql: what `oncoboard db match` keeps besides the results themselves
-- (match_results, in 001_trials.sql): each run, and the inputs every patient and every trial
-- was last matched with, which say what the next run has to match again (docs/registry.md,
-- "Matching the registry"). Same SQL subset as 001_clinical.sql. This part comes before
-- 001_trials.sql in name order and so refers to patients only; trials are named by trial_key.

-- One row per `db match` run: when, who, with what, and what it did. options is the text that
-- names the matching options a result depends on ("semantics=oncoboard comparison_date=2026-11-29
-- match_on_closed=0 match_on_deceased=0"); kb_version the knowledge base's version.
CREATE TABLE match_runs (
    id @ID@,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    options TEXT NOT NULL,
    kb_version TEXT NOT NULL,
    full_run INTEGER NOT NULL CHECK (full_run IN (0, 1)),
    patients BIGINT NOT NULL,          -- in the registry
    trials BIGINT NOT NULL,            -- active trial versions
    patients_matched BIGINT NOT NULL,  -- new or changed patients, matched against every trial
    trials_matched BIGINT NOT NULL,    -- new or changed trials, matched against every patient
    pairs BIGINT NOT NULL,             -- (patient, trial) pairs evaluated
    added BIGINT NOT NULL,             -- results seen for the first time
    kept BIGINT NOT NULL,              -- results that still hold (last_seen moved)
    disabled BIGINT NOT NULL,          -- results that stopped holding (still_valid 0)
    reenabled BIGINT NOT NULL          -- results that hold again (still_valid back to 1)
);

-- Per patient, the case as it was last matched: patients.updated_at then, and a SHA-256 digest
-- of the case text (case_sources) with its current flag, so that a re-import of the same text is
-- not a change and an edit in the registry is. matched_at is the run's time: a patient updated
-- in that same second is looked at again by the next run (timestamps have whole seconds).
CREATE TABLE match_patient_inputs (
    patient_id BIGINT PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
    updated_at TEXT NOT NULL,
    digest TEXT NOT NULL,
    matched_at TEXT NOT NULL,
    run_id BIGINT NOT NULL REFERENCES match_runs (id)
);

-- Per trial, what its results were last computed with: the version, the knowledge base and the
-- options. Any of them different in the next run re-matches the trial against every patient.
CREATE TABLE match_trial_inputs (
    trial_key TEXT PRIMARY KEY,
    trial_version INTEGER NOT NULL,
    kb_version TEXT NOT NULL,
    options TEXT NOT NULL,
    run_id BIGINT NOT NULL REFERENCES match_runs (id)
);
