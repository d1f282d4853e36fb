-- 001_clinical.sql: the registry's patients, their tumor, treatment, trials and samples.
--
-- The common subset of SQLite (>= 3.35) and PostgreSQL (>= 13): TEXT, BIGINT, DOUBLE PRECISION,
-- booleans as INTEGER 0/1 with a CHECK, `@ID@` for a generated key (store_db.c expands it), ISO
-- dates as TEXT "YYYY-MM-DD", timestamps as TEXT "YYYY-MM-DDTHH:MM:SSZ" (UTC). Enumerations are
-- CHECKed against the case file's names (docs/case-format.md); a missing value is NULL, never
-- 0 or "". `ordinal` columns keep the order of the case file's lists, so that a case read back
-- from the registry lists things as they were given.
--
-- Deletion rules: everything below a patient goes with the patient (ON DELETE CASCADE: removing
-- a patient, e.g. on withdrawal of consent, leaves nothing of them behind; the audit log, which
-- names only identifiers, is kept). A replace of a patient's case (`db import --replace`) updates
-- the patient row in place and so keeps what hangs on it besides the case file: the tumor board's
-- decisions and response assessments (001_tumor_boards.sql), the enrolment history in
-- match_results and the patient's internal id.

CREATE TABLE patients (
    id @ID@,
    external_id TEXT NOT NULL UNIQUE CHECK (external_id <> ''),
    case_format INTEGER NOT NULL DEFAULT 1,
    sex TEXT CHECK (sex IN ('female', 'male', 'other')),
    birth_date TEXT,
    age INTEGER CHECK (age >= 0 AND age <= 150),
    smoking TEXT CHECK (smoking IN ('never', 'former', 'current')),
    ecog INTEGER CHECK (ecog >= 0 AND ecog <= 5),
    consent_research INTEGER CHECK (consent_research IN (0, 1)),
    vital_status TEXT CHECK (vital_status IN ('alive', 'dead')),
    death_date TEXT,
    last_follow_up TEXT,
    from_samples INTEGER NOT NULL DEFAULT 0 CHECK (from_samples IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (death_date IS NULL OR vital_status = 'dead')
);

-- The case file as imported: its name in messages and its exact text. `current` is 1 while the
-- registry's rows are what this text says; a change made in the registry afterwards sets it to 0,
-- and an export then writes the case from the rows instead.
CREATE TABLE case_sources (
    patient_id BIGINT PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
    imported_at TEXT NOT NULL
);

-- The warnings on the case, as the report lists them: the case loader's (origin 'case': unknown
-- fields and the like) and those of the readers of its lab files (origin 'file', "panel.maf:
-- holds several samples ..."), which a case rebuilt from the registry cannot give again.
CREATE TABLE case_warnings (
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('case', 'file')),
    message TEXT NOT NULL,
    PRIMARY KEY (patient_id, ordinal)
);

CREATE TABLE diagnoses (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    oncotree_code TEXT,
    stage TEXT,
    diagnosis_date TEXT,
    brain_metastases TEXT CHECK (brain_metastases IN ('none', 'treated', 'active')),
    measurable_disease INTEGER CHECK (measurable_disease IN (0, 1)),
    UNIQUE (patient_id, ordinal)
);

CREATE TABLE biomarkers (
    patient_id BIGINT PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
    pdl1_tps DOUBLE PRECISION CHECK (pdl1_tps >= 0 AND pdl1_tps <= 100),
    pdl1_cps DOUBLE PRECISION CHECK (pdl1_cps >= 0),
    pdl1_clone TEXT CHECK (pdl1_clone IN ('22C3', 'SP263', 'SP142', '28-8')),
    tmb DOUBLE PRECISION CHECK (tmb >= 0),
    msi TEXT CHECK (msi IN ('MSS', 'MSI-L', 'MSI-H'))
);

CREATE TABLE ihc_results (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    marker TEXT,
    result TEXT CHECK (result IN ('positive', 'negative', 'equivocal')),
    clone TEXT,
    score TEXT,
    percent DOUBLE PRECISION CHECK (percent >= 0 AND percent <= 100),
    intensity TEXT,
    UNIQUE (patient_id, ordinal)
);

CREATE TABLE labs (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT,
    value DOUBLE PRECISION,
    unit TEXT,
    uln DOUBLE PRECISION,
    lab_date TEXT,
    UNIQUE (patient_id, ordinal)
);

CREATE TABLE therapy_lines (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    line_no INTEGER CHECK (line_no >= 1),
    start_date TEXT,
    end_date TEXT,
    best_response TEXT CHECK (best_response IN ('CR', 'PR', 'SD', 'PD', 'NE')),
    UNIQUE (patient_id, ordinal)
);

CREATE TABLE therapy_agents (
    therapy_id BIGINT NOT NULL REFERENCES therapy_lines (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    agent TEXT NOT NULL,
    PRIMARY KEY (therapy_id, ordinal)
);

-- Dated RECIST assessments of a therapy line, entered through the server's forms (the case file
-- v1 gives only each line's best response, in therapy_lines). They name the line by its number,
-- not by its row, so that a replace of the case file, which writes the therapy lines anew, keeps
-- them; line_no is the therapy line's, checked when the assessment is recorded.
CREATE TABLE response_assessments (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    assessed_on TEXT NOT NULL,
    recist TEXT NOT NULL CHECK (recist IN ('CR', 'PR', 'SD', 'PD', 'NE')),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX response_assessments_patient ON response_assessments (patient_id, line_no);

-- Progression: one row per line whose progression is known (progressed 0 = known not to have
-- progressed); the case file's therapies[].progression and progression_date.
CREATE TABLE progression_events (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    therapy_id BIGINT REFERENCES therapy_lines (id) ON DELETE CASCADE,
    progressed INTEGER NOT NULL CHECK (progressed IN (0, 1)),
    event_date TEXT,
    CHECK (event_date IS NULL OR progressed = 1)
);
CREATE INDEX progression_events_therapy ON progression_events (therapy_id);
CREATE INDEX progression_events_patient ON progression_events (patient_id);

-- Enrolments and screen failures: status screen_failed with its reason.
CREATE TABLE enrolments (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    trial TEXT,
    arm TEXT,
    status TEXT CHECK (status IN ('screening', 'enrolled', 'screen_failed', 'withdrawn')),
    enrol_date TEXT,
    reason TEXT,
    UNIQUE (patient_id, ordinal)
);

CREATE TABLE samples (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    sample_key TEXT NOT NULL CHECK (sample_key <> ''),
    path TEXT,
    collected TEXT,
    sample_type TEXT CHECK (sample_type IN ('tissue', 'plasma')),
    has_molecular INTEGER NOT NULL CHECK (has_molecular IN (0, 1)),
    genome TEXT CHECK (genome IN ('GRCh37', 'GRCh38')),
    specimen TEXT CHECK (specimen IN ('tissue', 'plasma')),
    assay_name TEXT,
    assay_method TEXT CHECK (assay_method IN ('DNA', 'RNA', 'DNA+RNA')),
    size_mb DOUBLE PRECISION CHECK (size_mb > 0),
    UNIQUE (patient_id, sample_key),
    UNIQUE (patient_id, ordinal)
);

-- assay.genes: tested for every alteration type.
CREATE TABLE assay_genes (
    sample_id BIGINT NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    gene TEXT NOT NULL,
    PRIMARY KEY (sample_id, ordinal)
);

-- assay.coverage: per gene, what was tested.
CREATE TABLE assay_coverage (
    sample_id BIGINT NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    gene TEXT NOT NULL,
    mutation INTEGER NOT NULL CHECK (mutation IN (0, 1)),
    cna INTEGER NOT NULL CHECK (cna IN (0, 1)),
    fusion INTEGER NOT NULL CHECK (fusion IN (0, 1)),
    PRIMARY KEY (sample_id, ordinal)
);

-- The sample's molecular results as typed into the case (variants, fusions, copy_number), with
-- the normalised forms the case loader derived; section says which list.
CREATE TABLE sample_entries (
    sample_id BIGINT NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
    section TEXT NOT NULL CHECK (section IN ('variant', 'fusion', 'cna')),
    ordinal INTEGER NOT NULL,
    gene TEXT,
    protein_change TEXT,
    coding_change TEXT,
    alteration TEXT,
    hgvsp TEXT,
    hgvsc TEXT,
    consequence TEXT,
    aa_pos INTEGER,
    chrom TEXT,
    pos BIGINT CHECK (pos >= 1),
    ref TEXT,
    alt TEXT,
    vaf DOUBLE PRECISION CHECK (vaf >= 0 AND vaf <= 1),
    depth INTEGER CHECK (depth >= 0),
    partner TEXT,
    cna_call TEXT CHECK (cna_call IN ('amplification', 'gain', 'loss', 'deletion')),
    copies DOUBLE PRECISION CHECK (copies >= 0),
    line BIGINT,
    PRIMARY KEY (sample_id, section, ordinal)
);

-- molecular.files: the lab files the case referred to (their alterations are in alterations).
CREATE TABLE sample_files (
    sample_id BIGINT NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    path TEXT NOT NULL,
    file_type TEXT,
    line BIGINT,
    PRIMARY KEY (sample_id, ordinal)
);

-- The normalised alterations of a sample (alteration.h, as `oncoboard profile` lists them), from
-- the typed entries (origin 'case', entry_section/entry_ordinal name the entry) and from the lab
-- files (origin 'file', source and line name the record).
CREATE TABLE alterations (
    id @ID@,
    sample_id BIGINT NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('case', 'file')),
    entry_section TEXT CHECK (entry_section IN ('variant', 'fusion', 'cna')),
    entry_ordinal INTEGER,
    gene TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('mutation', 'fusion', 'amplification', 'gain', 'loss',
                                       'deletion', 'structural_variant', 'biomarker')),
    alteration TEXT,
    hgvsp TEXT,
    hgvsc TEXT,
    transcript TEXT,
    consequence TEXT,
    chrom TEXT,
    pos BIGINT CHECK (pos >= 1),
    ref TEXT,
    alt TEXT,
    genome TEXT,
    exon INTEGER,
    vaf DOUBLE PRECISION CHECK (vaf >= 0 AND vaf <= 1),
    depth INTEGER CHECK (depth >= 0),
    alt_count INTEGER CHECK (alt_count >= 0),
    copies DOUBLE PRECISION,
    partner TEXT,
    filter TEXT,
    flags INTEGER NOT NULL DEFAULT 0,
    source_file TEXT,
    source_line BIGINT,
    UNIQUE (sample_id, ordinal)
);
CREATE INDEX alterations_gene ON alterations (gene, alteration);
