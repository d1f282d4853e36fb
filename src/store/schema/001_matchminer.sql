-- 001_matchminer.sql: MatchMiner's documents of the patients registered from them (`oncoboard db
-- import --format matchminer`). Same SQL subset as 001_clinical.sql.
--
-- A patient registered from MatchMiner's documents (one per clinical document, its SAMPLE_ID the
-- external id) has a case like any other (what the documents say that a case can hold) and,
-- here, the documents themselves as compact JSON: matching reads them again, so that the
-- registry's matches are exactly those of the files (MatchMiner's keys, signatures, wild-type
-- calls and free-text structural variants included). kind 'clinical' has ordinal 0; the genomic
-- documents joined to it follow in file order. cells_as_text: the document came from a CSV row
-- (its values are text standing for numbers and dates). Replacing the patient's case (`db
-- import --replace`) removes them: the case then says everything.

CREATE TABLE matchminer_documents (
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('clinical', 'genomic')),
    ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
    cells_as_text INTEGER NOT NULL CHECK (cells_as_text IN (0, 1)),
    document TEXT NOT NULL,
    PRIMARY KEY (patient_id, kind, ordinal)
);
