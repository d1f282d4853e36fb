-- 001_trials_phase1.sql: the conduct of a phase I dose-finding trial (issue 8, docs/registry.md
-- "Phase I"): the trial's design set-up, each patient's dose level and the DLTs observed. Same
-- SQL subset as 001_clinical.sql.
--
-- The counts a design decides on (patients and DLTs per dose, pending patients) are never
-- stored: they are read from these rows, so that they cannot disagree with them. A patient has
-- one dose level in a trial and counts as one DLT however many DLT events are recorded, so more
-- DLTs than patients at a dose cannot be written. A trial is named by its key in the portfolio
-- (trials.trial_key, which has no unique constraint of its own as versions repeat it: the set-up
-- checks that the trial is registered).

CREATE TABLE phase1_setups (
    trial_key TEXT PRIMARY KEY CHECK (trial_key <> ''),
    design TEXT NOT NULL CHECK (design IN ('boin', 'tite-boin', 'keyboard', 'crm')),
    target DOUBLE PRECISION NOT NULL CHECK (target > 0 AND target < 1),
    cohort_size INTEGER NOT NULL CHECK (cohort_size >= 1 AND cohort_size <= 100),
    sample_size INTEGER NOT NULL CHECK (sample_size >= 1 AND sample_size <= 1000),
    -- TITE designs: the DLT assessment window, in days from the first dose
    dlt_window_days INTEGER CHECK (dlt_window_days >= 1 AND dlt_window_days <= 3650),
    -- Keyboard: the half-width of the target interval
    margin DOUBLE PRECISION CHECK (margin > 0 AND margin <= 0.5),
    -- CRM: 'empiric' or 'logistic'
    model TEXT CHECK (model IN ('empiric', 'logistic')),
    updated_at TEXT NOT NULL,
    updated_by TEXT
);

-- The dose levels, numbered from 1 as the protocol numbers them, each with its label
-- ("100 mg/m2 d1,8") and, for the CRM, its skeleton (prior DLT rate).
CREATE TABLE phase1_doses (
    trial_key TEXT NOT NULL REFERENCES phase1_setups (trial_key) ON DELETE CASCADE,
    level INTEGER NOT NULL CHECK (level >= 1 AND level <= 32),
    label TEXT NOT NULL CHECK (label <> ''),
    skeleton DOUBLE PRECISION CHECK (skeleton > 0 AND skeleton < 1),
    PRIMARY KEY (trial_key, level)
);

-- A patient's dose level in the trial and the date of the first dose at it. window_complete is
-- set when the DLT window was completed without DLT (TITE designs count a patient as pending
-- until then, or until dlt_window_days have passed since dose_date).
CREATE TABLE phase1_patients (
    id @ID@,
    trial_key TEXT NOT NULL,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    dose_date TEXT NOT NULL,
    window_complete INTEGER NOT NULL DEFAULT 0 CHECK (window_complete IN (0, 1)),
    recorded_at TEXT NOT NULL,
    UNIQUE (trial_key, patient_id),
    FOREIGN KEY (trial_key, level) REFERENCES phase1_doses (trial_key, level) ON DELETE RESTRICT
);
CREATE INDEX phase1_patients_trial ON phase1_patients (trial_key, level);

-- DLT events of an assigned patient: the CTCAE term (e.g. "Febrile neutropenia"), its grade
-- and the date of onset.
CREATE TABLE phase1_dlts (
    id @ID@,
    assignment_id BIGINT NOT NULL REFERENCES phase1_patients (id) ON DELETE CASCADE,
    term TEXT NOT NULL CHECK (term <> ''),
    grade INTEGER NOT NULL CHECK (grade >= 1 AND grade <= 5),
    onset_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX phase1_dlts_assignment ON phase1_dlts (assignment_id);
