-- 001_tumor_boards.sql: tumor board meetings, the patients listed for each, and the board's
-- decisions (the server's forms; store_clinic.h, docs/registry.md "The clinic's forms"). Same
-- SQL subset as 001_clinical.sql.
--
-- A meeting is a date and a title. Its patients are listed in the order they were added
-- (ordinal, which leaves gaps where a patient was taken off). A decision is a draft that may be
-- edited until it is made final, with who and when; a final decision is never edited again (the
-- store refuses: ONC_ECONFLICT) and its text stays as it was signed. A decision may name the
-- meeting it was taken at; a meeting that decisions name cannot be deleted.

CREATE TABLE tumor_boards (
    id @ID@,
    meets_on TEXT NOT NULL CHECK (length(meets_on) = 10),
    title TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX tumor_boards_date ON tumor_boards (meets_on);

CREATE TABLE tumor_board_patients (
    board_id BIGINT NOT NULL REFERENCES tumor_boards (id) ON DELETE CASCADE,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (board_id, patient_id),
    UNIQUE (board_id, ordinal)
);
-- the patient list's filters start from the patient
CREATE INDEX tumor_board_patients_patient ON tumor_board_patients (patient_id, board_id);

CREATE TABLE tumor_board_decisions (
    id @ID@,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    board_id BIGINT REFERENCES tumor_boards (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
    text TEXT NOT NULL CHECK (text <> ''),
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finalised_at TEXT,
    finalised_by TEXT,
    CHECK ((status = 'draft' AND finalised_at IS NULL AND finalised_by IS NULL)
           OR (status = 'final' AND finalised_at IS NOT NULL AND finalised_by IS NOT NULL))
);
CREATE INDEX tumor_board_decisions_patient ON tumor_board_decisions (patient_id, id);
