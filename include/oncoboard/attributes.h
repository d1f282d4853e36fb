/* attributes.h: clinical attributes and survival endpoints, as cBioPortal studies carry them.
 *
 * A cBioPortal study carries more than the case model holds: every column of its clinical files
 * with the metadata of the four '#' header lines (display name, description, datatype,
 * priority), and survival endpoints (OS_MONTHS/OS_STATUS, PFS_..., DFS_..., DSS_...). The same
 * types describe them when read from a study folder (cbio.h) and when written to or read from
 * the registry (store_attributes.h), so that an import, an export and the statistics on cohorts
 * pass them along unchanged. Values are text as the study gives them, with their datatype; a
 * missing value is not listed. Plain structs, read-only for consumers; whoever built them owns
 * their memory.
 */
#ifndef ONCOBOARD_ATTRIBUTES_H
#define ONCOBOARD_ATTRIBUTES_H

#include "oncoboard/case.h"

#include <stddef.h>
#include <stdint.h>

typedef enum onc_attr_level { ONC_ATTR_PATIENT = 1, ONC_ATTR_SAMPLE = 2 } onc_attr_level;
/* cBioPortal's datatypes; 0 is not a valid value. */
typedef enum onc_attr_type { ONC_ATTR_STRING = 1, ONC_ATTR_NUMBER = 2, ONC_ATTR_BOOLEAN = 3 } onc_attr_type;

/* "patient" / "sample"; "STRING" / "NUMBER" / "BOOLEAN"; NULL for a value out of range. */
const char *onc_attr_level_name(onc_attr_level level);
const char *onc_attr_type_name(onc_attr_type type);
/* The datatype named s (exact, upper case as cBioPortal writes it); 0 when unknown. */
onc_attr_type onc_attr_type_parse(const char *s);

/* A clinical column's definition: its id (the header's column name, "AGE") and the metadata
 * of the '#' lines. Without '#' lines: display_name = id, description NULL, STRING, priority 1. */
typedef struct onc_attr_def {
    const char *id;
    onc_attr_level level;
    const char *display_name;
    const char *description;   /* NULL when not given */
    onc_attr_type datatype;
    int32_t priority;          /* ONC_INT_MISSING when not given */
} onc_attr_def_t;

/* One value of one attribute (text as given, never "" or NULL). */
typedef struct onc_attr_value {
    const char *id;
    const char *value;
    onc_attr_type datatype;
} onc_attr_value_t;

/* A survival endpoint: "OS", "PFS", "DFS", "DSS" (the prefix of X_MONTHS / X_STATUS). */
typedef struct onc_survival {
    const char *endpoint;
    double months;             /* ONC_NUM_MISSING when not given */
    onc_tri event;             /* TRUE: the event happened ("1:DECEASED", "1:Progressed");
                                  FALSE: censored ("0:LIVING"); UNKNOWN: not given */
    const char *status;        /* the X_STATUS text as given, NULL when absent */
} onc_survival_t;

/* A sample's attributes (sample_id is the SAMPLE_ID, the registry's sample key). */
typedef struct onc_attr_sample {
    const char *sample_id;
    onc_attr_value_t *values;
    size_t n_values;
} onc_attr_sample_t;

/* Everything beyond the case model about one patient. */
typedef struct onc_attr_patient {
    const char *patient_id;    /* PATIENT_ID, the registry's external id */
    onc_attr_value_t *values;  /* patient attributes, in the file's column order */
    size_t n_values;
    onc_survival_t *survival;  /* in the order the *_MONTHS columns come */
    size_t n_survival;
    onc_attr_sample_t *samples;
    size_t n_samples;
} onc_attr_patient_t;

/* The study as meta_study.txt names it. study_key (cancer_study_identifier) is required. */
typedef struct onc_study_info {
    const char *study_key, *name, *description, *type_of_cancer, *citation, *pmid;
    const char *source;        /* the folder as given to the import */
    const char *imported_at;   /* read back only: UTC "YYYY-MM-DDTHH:MM:SSZ" */
    const char *imported_by;   /* read back only: the audit actor */
} onc_study_info_t;

/* The value of attribute id among values (exact id, as in the header); NULL when absent. */
const char *onc_attr_get(const onc_attr_value_t *values, size_t n, const char *id);
/* The survival endpoint by name ("OS", "PFS"); NULL when the patient has none. */
const onc_survival_t *onc_survival_get(const onc_attr_patient_t *p, const char *endpoint);

#endif
