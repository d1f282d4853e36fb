-- 001_clinical_attributes.sql: what a cBioPortal study holds beyond the case model: its clinical
-- attributes (every column of data_clinical_patient.txt / data_clinical_sample.txt with the
-- metadata of its four '#' header lines), the survival endpoints cBioPortal names X_MONTHS /
-- X_STATUS (OS, PFS, DFS, DSS, ...), and where the rows came from (the study, from meta_study.txt).
-- Written by `db import --format cbioportal` (src/store/store_attributes.c), read back by the
-- cBioPortal export and the statistics on cohorts. Same SQL subset as 001_clinical.sql.
--
-- Values are kept as text exactly as the study gives them, with their datatype (cBioPortal's
-- STRING | NUMBER | BOOLEAN), so that an export writes them back unchanged; a missing value
-- (empty, NA, "[Not Available]" ...) is no row, never "". A patient's or a sample's values go with
-- them (ON DELETE CASCADE); a re-import of a patient replaces all of their values and endpoints.

-- One row per study ever imported (cancer_study_identifier); a re-import updates the row.
CREATE TABLE studies (
    id @ID@,
    study_key TEXT NOT NULL UNIQUE CHECK (study_key <> ''),
    name TEXT,
    description TEXT,
    type_of_cancer TEXT,
    citation TEXT,
    pmid TEXT,
    source TEXT,                       -- the folder as given to the import
    imported_at TEXT NOT NULL,         -- UTC "YYYY-MM-DDTHH:MM:SSZ", the last import
    imported_by TEXT NOT NULL          -- the audit actor ("os:alice")
);

-- The header metadata of each clinical column of a study: display name, description, datatype,
-- priority (cBioPortal's four '#' lines; without them the column id, NULL, 'STRING', 1). level
-- says which file the column is in; ordinal keeps the file's column order.
CREATE TABLE clinical_attribute_defs (
    study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('patient', 'sample')),
    attr_id TEXT NOT NULL CHECK (attr_id <> ''),
    ordinal INTEGER NOT NULL,
    display_name TEXT,
    description TEXT,
    datatype TEXT NOT NULL CHECK (datatype IN ('STRING', 'NUMBER', 'BOOLEAN')),
    priority INTEGER,
    PRIMARY KEY (study_id, level, attr_id)
);

-- Which patients a study brought (a patient may come from several imports over time).
CREATE TABLE study_patients (
    study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    PRIMARY KEY (study_id, patient_id)
);
CREATE INDEX study_patients_patient ON study_patients (patient_id);

CREATE TABLE patient_attributes (
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    attr_id TEXT NOT NULL CHECK (attr_id <> ''),
    value TEXT NOT NULL CHECK (value <> ''),
    datatype TEXT NOT NULL CHECK (datatype IN ('STRING', 'NUMBER', 'BOOLEAN')),
    study_id BIGINT REFERENCES studies (id) ON DELETE SET NULL,
    PRIMARY KEY (patient_id, attr_id)
);
CREATE INDEX patient_attributes_attr ON patient_attributes (attr_id);

CREATE TABLE sample_attributes (
    sample_id BIGINT NOT NULL REFERENCES samples (id) ON DELETE CASCADE,
    attr_id TEXT NOT NULL CHECK (attr_id <> ''),
    value TEXT NOT NULL CHECK (value <> ''),
    datatype TEXT NOT NULL CHECK (datatype IN ('STRING', 'NUMBER', 'BOOLEAN')),
    study_id BIGINT REFERENCES studies (id) ON DELETE SET NULL,
    PRIMARY KEY (sample_id, attr_id)
);
CREATE INDEX sample_attributes_attr ON sample_attributes (attr_id);

-- Survival endpoints: endpoint is the attribute prefix ('OS' for OS_MONTHS / OS_STATUS, 'PFS',
-- 'DFS', 'DSS', ...); months NULL when not given; event 1 = the event happened (the number before
-- the colon of "1:DECEASED", "1:Progressed", "1:Recurred"), 0 = censored, NULL = unknown; status
-- is the text as given.
CREATE TABLE survival_endpoints (
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL CHECK (endpoint <> ''),
    months DOUBLE PRECISION CHECK (months >= 0),
    event INTEGER CHECK (event IN (0, 1)),
    status TEXT,
    study_id BIGINT REFERENCES studies (id) ON DELETE SET NULL,
    PRIMARY KEY (patient_id, endpoint)
);
