/* store.h: the registry's operations on patients (cases), over db.h.
 *
 * A case goes into the registry whole (onc_store_put_case: every table of 001_clinical.sql, the
 * normalised alterations of its typed entries and of its lab files, and the case file's text) and
 * comes back as a case (onc_store_get_case) that report and match read unchanged. Every call runs
 * inside the caller's transaction (onc_db_begin) and writes its audit entry there (audit.h), so
 * that an import of many cases is one all-or-nothing change with its audit trail. A case rebuilt
 * from the registry has no lab files: the alterations read from them when it was stored come back
 * as typed entries (variants, fusions, copy-number calls) of their sample. docs/registry.md.
 */
#ifndef ONCOBOARD_STORE_H
#define ONCOBOARD_STORE_H

#include "oncoboard/case.h"
#include "oncoboard/db.h"
#include "oncoboard/doc.h"
#include "oncoboard/io.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A case's alterations (its typed entries and its lab files) as the store reads them, kept so
 * that an import that validates every case first does not read the lab files again to write
 * them: onc_store_case_read, then onc_store_put_opts_t.alts. */
typedef struct onc_store_alts onc_store_alts_t;

typedef struct onc_store_put_opts {
    bool replace;                 /* a patient already registered: replace their case [false:
                                     ONC_ECONFLICT naming the patient] */
    const onc_read_opts_t *read;  /* how the case's lab files are read [NULL: defaults] */
    bool add_samples;             /* the patient is registered and the case holds only NEW samples
                                     (lab files attached later): they are added with their
                                     alterations, nothing else of the patient changes, and the
                                     stored case text no longer says everything (current 0)
                                     [false]. ONC_ENOTFOUND for an unknown patient, ONC_ECONFLICT
                                     for a sample key the patient already has. */
    const onc_store_alts_t *alts; /* the case's alterations from onc_store_case_read of this
                                     very case [NULL: read them while writing] */
} onc_store_put_opts_t;
void onc_store_put_opts_init(onc_store_put_opts_t *o);

/* What a case writes: rows per kind, for `db import --dry-run` and progress messages. */
typedef struct onc_store_counts {
    size_t patients, samples, alterations, file_alterations, therapies, labs, enrolments;
} onc_store_counts_t;

/* Reads the case's alterations (its typed entries and its lab files, as the store would) and
 * counts what onc_store_put_case would write, without a database: validates the lab files.
 * ONC_OK, or the reader's error (file, line and field) in err. counts are added to. */
onc_rc onc_store_case_count(const onc_case_t *c, const onc_read_opts_t *read, onc_store_counts_t *counts,
                            onc_err_t *err) ONC_MUST_CHECK;

/* onc_store_case_count that keeps what it read in *out, in c's arena (it goes with
 * onc_case_free(c)). */
onc_rc onc_store_case_read(onc_case_t *c, const onc_read_opts_t *read, onc_store_counts_t *counts,
                           const onc_store_alts_t **out, onc_err_t *err) ONC_MUST_CHECK;

/* A writer keeps its prepared statements over many cases (an import): open once, put each case,
 * close. Inside a transaction of db; actor as audit.h ("os:alice"). */
typedef struct onc_store_writer onc_store_writer_t;
onc_rc onc_store_writer_open(onc_db_t *db, onc_store_writer_t **out, onc_err_t *err) ONC_MUST_CHECK;
/* Writes case c. ONC_ECONFLICT when the patient exists and opts->replace is false (nothing of
 * c written); a replace keeps the patient's internal id, decisions and match history and
 * replaces everything the case file holds. *replaced (may be NULL) says which happened. */
onc_rc onc_store_writer_put(onc_store_writer_t *w, const onc_case_t *c, const char *actor,
                            const onc_store_put_opts_t *opts, bool *replaced, onc_err_t *err) ONC_MUST_CHECK;
void onc_store_writer_close(onc_store_writer_t *w); /* accepts NULL */

/* One case, with a writer of its own. */
onc_rc onc_store_put_case(onc_db_t *db, const onc_case_t *c, const char *actor, const onc_store_put_opts_t *opts,
                          onc_err_t *err) ONC_MUST_CHECK;

/* The case of patient_id (the external id, the case file's "id") rebuilt from the registry, the
 * read audited. ONC_ENOTFOUND when there is no such patient. Free with onc_case_free. */
onc_rc onc_store_get_case(onc_db_t *db, const char *patient_id, const char *actor, onc_case_t **out,
                          onc_err_t *err) ONC_MUST_CHECK;

/* The case file as imported: its name and text (caller frees both) and whether the registry
 * still holds exactly what it says (*current). ONC_ENOTFOUND without a stored text. Audited as
 * an export of the patient. */
onc_rc onc_store_get_case_text(onc_db_t *db, const char *patient_id, const char *actor, char **name, char **text,
                               bool *current, onc_err_t *err) ONC_MUST_CHECK;

/* The patient's case file as text (*text, caller frees): as imported while *current (above),
 * else rebuilt from the registry by the case writer, without the variants it cannot name
 * (*n_dropped of them: onc_case_drop_unnamed_variants). The reads audited. ONC_ENOTFOUND for an
 * unknown patient. */
onc_rc onc_store_case_file(onc_db_t *db, const char *patient_id, const char *actor, char **text, size_t *n_dropped,
                           onc_err_t *err) ONC_MUST_CHECK;

/* The external ids of every patient, sorted bytewise, in *ids (n of them; free with
 * onc_store_ids_free). Audited as a listing. */
onc_rc onc_store_list_patients(onc_db_t *db, const char *actor, char ***ids, size_t *n, onc_err_t *err) ONC_MUST_CHECK;
void onc_store_ids_free(char **ids, size_t n);

/* ---- lab files for a registered patient (db import --format lab, the server's upload) ---- */

typedef struct onc_lab_sample {
    const char *patient;          /* the registered patient's external id */
    const char *sample;           /* the new sample's key (unique for the patient) */
    const char *specimen;         /* "tissue" | "plasma" | NULL (unknown) */
    const char *collected;        /* "YYYY-MM-DD" | NULL (unknown) */
    const char *genome;           /* "GRCh37" | "GRCh38" | NULL (from the files) */
    const char *const *paths;     /* the lab files, read as the sample's molecular.files */
    size_t n_paths;
    onc_format format;            /* of every file [ONC_FMT_AUTO: detected] */
} onc_lab_sample_t;
void onc_lab_sample_init(onc_lab_sample_t *s);

/* The case holding only the new sample, for onc_store_case_read (which validates the files) and
 * then onc_store_put_case with opts.add_samples. ONC_EINVAL naming the field (patient, sample,
 * specimen, collected, genome) when a description is wrong; the files are not read here. */
onc_rc onc_lab_sample_case(const onc_lab_sample_t *s, onc_case_t **out, onc_err_t *err) ONC_MUST_CHECK;

/* ---- MatchMiner's documents (db import --format matchminer; 001_matchminer.sql) ---- */

/* Stores the documents of registered patient_id, replacing any: its clinical document and the
 * genomic documents joined to it, in file order. Audited. ONC_ENOTFOUND for an unknown patient. */
onc_rc onc_store_put_documents(onc_db_t *db, const char *patient_id, const onc_json_doc_t *clinical,
                               const onc_json_doc_t *genomic, size_t n_genomic, const char *actor,
                               onc_err_t *err) ONC_MUST_CHECK;

typedef struct onc_store_documents {
    onc_json_doc_t clinical;
    onc_json_doc_t *genomic;
    size_t n_genomic;
} onc_store_documents_t;
/* The documents of patient_id, the read audited. ONC_ENOTFOUND when the patient was not
 * registered from documents (or has none any more). Free with onc_store_documents_free. */
onc_rc onc_store_get_documents(onc_db_t *db, const char *patient_id, const char *actor, onc_store_documents_t **out,
                               onc_err_t *err) ONC_MUST_CHECK;
void onc_store_documents_free(onc_store_documents_t *d); /* accepts NULL */

#endif
