-- 001_reports.sql: report snapshots, what `oncoboard db reannotate` compares a patient's report
-- with after a knowledge-base update. Same SQL subset as 001_clinical.sql.
--
-- A snapshot is the canonical digest of what the tumor board decides on (molecular group,
-- primary driver, per alteration its oncogenicity, role, ESCAT tier and therapies, and the trial
-- statuses when trials were matched), kept as canonical JSON text so that a difference can be
-- explained item by item (src/report/report_digest.c, docs/registry.md "Re-annotation"). Rows are
-- only added: a patient's newest snapshot is the one with the highest id. kb_version and
-- trials_source say what the report was built with; trials_source is NULL when no trials were
-- matched, and then the digest holds no trial statuses. molecular_group repeats the digest's
-- "molecular_group" (NULL when the text has none), so that the patient list filters on a
-- patient's group in SQL, the same on both back ends, without reading thousands of JSON texts.

CREATE TABLE report_snapshots (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    taken_at TEXT NOT NULL,
    taken_by TEXT,
    kb_version TEXT NOT NULL CHECK (kb_version <> ''),
    kb_date TEXT,
    trials_source TEXT,
    digest TEXT NOT NULL CHECK (digest <> ''),
    molecular_group TEXT
);
CREATE INDEX report_snapshots_patient ON report_snapshots (patient_id, id);
-- the patient list's filter on a group starts from the snapshots of that group
CREATE INDEX report_snapshots_group ON report_snapshots (molecular_group, patient_id);
