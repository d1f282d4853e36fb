/* store_phase1.h: the conduct of a phase I dose-finding trial in the registry (issue 8).
 *
 * A registered trial (store_trials.h) gets a phase I set-up: its design ("boin", "tite-boin",
 * "keyboard" or "crm") with the design's parameters, and its dose levels with their labels. Each
 * patient treated is assigned one dose level with the date of the first dose, and the DLTs
 * observed are recorded (CTCAE term, grade, date of onset). The counts the designs decide on
 * (patients, DLTs and pending patients per dose) are read from these rows: a patient counts once
 * however many DLT events they have, so a dose cannot have more DLTs than patients.
 *
 * onc_phase1_recommend() turns a trial read back into design.h's input and asks the design
 * functions for the next cohort's dose (no second decision engine): the same decision
 * `oncoboard design boin next --n .. --y ..` gives on the same counts.
 *
 * Every write and every read is audited (entity "phase1", entity_id the trial key, the patient
 * named on per-patient writes) inside the caller's transaction, or one of its own when the caller
 * has none. Levels are numbered from 1 here, as the protocol numbers them. docs/registry.md,
 * "Phase I".
 */
#ifndef ONCOBOARD_STORE_PHASE1_H
#define ONCOBOARD_STORE_PHASE1_H

#include "oncoboard/db.h"
#include "oncoboard/design.h"
#include "oncoboard/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ONC_PHASE1_LABEL_MAX 120   /* a dose level's label, bytes */
#define ONC_PHASE1_TERM_MAX 200    /* a CTCAE term, bytes */
#define ONC_PHASE1_MAX_PATIENTS ONC_CRM_MAX_PATIENTS

typedef struct onc_phase1_dose {
    char label[ONC_PHASE1_LABEL_MAX + 1];
    double skeleton; /* CRM: the prior DLT rate; NaN otherwise */
} onc_phase1_dose_t;

typedef struct onc_phase1_setup {
    char design[16];     /* "boin" | "tite-boin" | "keyboard" | "crm" */
    double target;       /* the target DLT rate, in (0, 1); BOIN family 0.05-0.6 */
    int cohort_size;     /* 1-100 */
    int sample_size;     /* patients in all, 1-1000 */
    int dlt_window_days; /* tite-boin (required) and crm (TITE-CRM weights when set); ONC_INT_MISSING */
    double margin;       /* keyboard: the target interval's half-width [0.05]; NaN otherwise */
    char model[16];      /* crm: "empiric" or "logistic" ["empiric"]; "" otherwise */
    int n_doses;         /* 1..ONC_DESIGN_MAX_DOSES */
    onc_phase1_dose_t doses[ONC_DESIGN_MAX_DOSES]; /* doses[0] is level 1 */
} onc_phase1_setup_t;

/* An empty set-up: no design, margin NaN, dlt_window_days ONC_INT_MISSING, every skeleton NaN. */
void onc_phase1_setup_init(onc_phase1_setup_t *s);
/* Checks s as a set-up of its design (ONC_EINVAL naming the field): the design's parameters
 * (BOIN's through onc_boin_check, the CRM's skeleton increasing through onc_crm_check), a DLT
 * window for tite-boin, labels present and distinct. */
onc_rc onc_phase1_setup_check(const onc_phase1_setup_t *s, onc_err_t *err) ONC_MUST_CHECK;

/* Writes trial's set-up (a new one, or a replacement while no patient has been assigned: then
 * ONC_ECONFLICT). ONC_ENOTFOUND when trial is not a registered trial. Audited "create" or
 * "update". */
onc_rc onc_phase1_setup_put(onc_db_t *db, const char *trial, const onc_phase1_setup_t *s, const char *actor,
                            onc_err_t *err) ONC_MUST_CHECK;

/* Assigns registered patient (their external id) to dose level (1-based) of trial, first dose on
 * date ("YYYY-MM-DD", not in the future). ONC_ENOTFOUND for a trial without set-up or an unknown
 * patient; ONC_EINVAL for a level the set-up does not have; ONC_ECONFLICT when the patient is
 * already assigned in that trial. Audited "create" of the patient. */
onc_rc onc_phase1_assign(onc_db_t *db, const char *trial, const char *patient, int level, const char *date,
                         const char *actor, onc_err_t *err) ONC_MUST_CHECK;

/* Records a DLT of patient in trial: CTCAE term, grade 1-5 (a DLT is usually grade >= 3, as
 * the protocol defines it: the grade is recorded, not judged), onset ("YYYY-MM-DD", not before
 * the patient's first dose, not in the future). ONC_ENOTFOUND for a trial without set-up, an
 * unknown patient, or a patient not assigned in the trial. */
onc_rc onc_phase1_dlt_add(onc_db_t *db, const char *trial, const char *patient, const char *term, int grade,
                          const char *onset, const char *actor, onc_err_t *err) ONC_MUST_CHECK;

/* Marks patient's DLT window in trial as completed without DLT (TITE designs stop counting them
 * as pending). Errors as onc_phase1_dlt_add. */
onc_rc onc_phase1_window_complete(onc_db_t *db, const char *trial, const char *patient, const char *actor,
                                  onc_err_t *err) ONC_MUST_CHECK;

/* ---- reading ---- */

typedef struct onc_phase1_dlt {
    char term[ONC_PHASE1_TERM_MAX + 1];
    int grade;
    char onset[11];
} onc_phase1_dlt_t;

typedef struct onc_phase1_patient {
    char patient[128];   /* external id */
    int level;           /* 1-based */
    char dose_date[11];
    bool window_complete;
    size_t first_dlt, n_dlts; /* their DLTs: dlts[first_dlt .. first_dlt + n_dlts) */
} onc_phase1_patient_t;

/* A trial's phase I record, patients in the order of their first dose (then of assignment). */
typedef struct onc_phase1_trial {
    char trial[201];
    onc_phase1_setup_t setup;
    onc_phase1_patient_t *patients;
    size_t n_patients;
    onc_phase1_dlt_t *dlts;
    size_t n_dlts;
} onc_phase1_trial_t;

/* Reads trial's set-up, patients and DLTs into *out (free with onc_phase1_trial_free).
 * ONC_ENOTFOUND when trial has no set-up. Audited as one "read" of entity "phase1" (detail
 * "N patients"). */
onc_rc onc_phase1_read(onc_db_t *db, const char *trial, const char *actor, onc_phase1_trial_t **out,
                       onc_err_t *err) ONC_MUST_CHECK;
void onc_phase1_trial_free(onc_phase1_trial_t *t); /* accepts NULL */

/* ---- the next dose ---- */

typedef struct onc_phase1_level {
    int n, y;          /* patients treated, those with a DLT */
    int pending;       /* without DLT, their window neither completed nor passed (TITE) */
    double followup;   /* the pending patients' follow-up, each as a fraction of the window */
    bool eliminated;   /* this level and those above are excluded */
} onc_phase1_level_t;

typedef struct onc_phase1_rec {
    int n_doses;
    onc_phase1_level_t levels[ONC_DESIGN_MAX_DOSES];
    int treated;         /* patients assigned */
    int current;         /* the last patient's level (1-based), 0 when nobody is treated */
    int eliminated_from; /* the lowest eliminated level (1-based), 0 when none */
    char decision[32];   /* "escalate" "stay" "deescalate" "suspend" "stop_toxic" "stop_select"
                            "start" (nobody treated yet) "complete" (the sample size is reached) */
    int next_level;      /* the next cohort's level (1-based); 0 when the trial stops or waits */
    char rule[256];      /* what decided it, in words */
    double ptox[ONC_DESIGN_MAX_DOSES]; /* crm: the posterior DLT rates; NaN otherwise */
} onc_phase1_rec_t;

/* The next cohort's dose from trial t as of date asof ("YYYY-MM-DD"; NULL: today, UTC): counts
 * per level, pending patients and their follow-up for TITE designs (a window passes
 * dlt_window_days after the first dose), the current level (the last patient's), elimination
 * (a level whose counts reach the decision table's elimination boundary stays eliminated with
 * every level above it), then the design's decision: onc_boin_next, onc_tite_boin_decide,
 * onc_interval_decide, onc_crm_fit. Reads nothing from a database. */
onc_rc onc_phase1_recommend(const onc_phase1_trial_t *t, const char *asof, onc_phase1_rec_t *out,
                            onc_err_t *err) ONC_MUST_CHECK;

/* The design's decision table for the protocol, rows n = cohort size, 2 x cohort size, .. up
 * to the sample size (at most ONC_DESIGN_MAX_N): escalate_le, deescalate_ge, eliminate_ge as
 * design.h's onc_boin_row (BOIN and TITE-BOIN: BOIN's boundaries; keyboard: its interval
 * boundaries). ONC_EINVAL for the CRM, which has no table. *out is free()d by the caller. */
onc_rc onc_phase1_table(const onc_phase1_setup_t *s, onc_boin_row_t **out, size_t *n_rows,
                        onc_err_t *err) ONC_MUST_CHECK;

/* The trial as JSON, as `oncoboard design .. next --db` prints it and the server answers:
 * {trial, design, target, cohort_size, sample_size, dlt_window_days, margin, model, levels: [{level,
 * label, skeleton, n, y, pending, followup, eliminated, ptox, patients: [{patient, dose_date,
 * window_complete, dlts: [{term, grade, onset}]}]}]}, and with r (may be NULL) the
 * recommendation: as_of, treated, current, eliminated_from, decision, next_level, next_label,
 * rule, and table (the decision table's rows {n, escalate_if_le, deescalate_if_ge,
 * eliminate_if_ge}, null for the CRM). NULL when memory runs out. */
json_t *onc_phase1_json(const onc_phase1_trial_t *t, const onc_phase1_rec_t *r, const char *asof);

/* BOIN's parameters of a set-up (defaults of onc_boin_params_init for the target). */
void onc_phase1_boin_params(const onc_phase1_setup_t *s, onc_boin_params_t *p);

#endif
