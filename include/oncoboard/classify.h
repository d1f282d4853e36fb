/* classify.h: a case's tumor classified for the molecular tumor board.
 *
 * onc_classify() reads every alteration of a loaded case (typed variants, fusions, copy-number
 * calls and referenced lab files of each sample, through onc_case_reader_open), matches each
 * against the knowledge base in the case's tumor type, and decides:
 *   - the molecular group (kb/groups.yaml, CONTRACTS.md vocabulary) with the alterations that
 *     decided it; all drivers, the primary first (best ESCAT tier of its sensitive evidence,
 *     ties by the groups' order); NO_DRIVER only when every group's genes were tested by a
 *     tissue assay that lists them; the groups not excluded otherwise (not_assessed);
 *     NOT_ASSESSABLE when nothing molecular was given;
 *   - each alteration's role: driver, resistance (resistant evidence for an agent the patient
 *     received), co-alteration (oncogenic, no group), vus;
 *   - possible germline variants (tumor-only results, kb germline genes, VAF windows);
 *   - the immunotherapy profile (PD-L1 category, TMB-high, MSI-high, negative predictors);
 *   - with two or more samples, the earliest and the latest compared (gained, lost, ...).
 * Problems that do not make the result wrong (unknown genes, an amplification without copies,
 * dates in the future) are warnings; the rules are in docs/classify.md.
 *
 * Everything is owned by the onc_classification_t and freed by onc_classification_free().
 */
#ifndef ONCOBOARD_CLASSIFY_H
#define ONCOBOARD_CLASSIFY_H

#include "oncoboard/alteration.h"
#include "oncoboard/case.h"
#include "oncoboard/error.h"
#include "oncoboard/kb.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum onc_alt_role {
    ONC_ALT_ROLE_DRIVER = 0,
    ONC_ALT_ROLE_CO_ALTERATION = 1,
    ONC_ALT_ROLE_RESISTANCE = 2,
    ONC_ALT_ROLE_VUS = 3
} onc_alt_role;
const char *onc_alt_role_name(onc_alt_role r); /* "driver" "co-alteration" "resistance" "vus" */

/* One distinct alteration of the case (the same gene, kind and alteration in several samples
 * is one item, with the samples that showed it). */
typedef struct onc_class_alt {
    onc_alt_t alt;                  /* owned copy of the first record */
    const char *gene;               /* the gene it is about: alt.gene, or for a fusion the
                                       partner a group or the kb names (ALK of EML4-ALK) */
    onc_kb_match_t match;           /* the knowledge base's answer in the tumor type */
    const onc_kb_group_t *group;    /* the group it defines, or NULL */
    const onc_kb_group_t *group_unknown_level; /* the group a copy-number call without copies
                                       would define at a known level (MET_AMP), or NULL */
    onc_alt_role role;
    const char *escat;              /* best tier of its sensitive evidence, NULL when none */
    bool germline_possible;
    bool ihc;                       /* an IHC result taken as evidence (alt.kind biomarker) */
    const char *note;               /* static text or NULL ("IHC, not sequencing ...") */
    unsigned samples;               /* bit i: seen in case sample i (first 32) */
    const char **resistant_agents;  /* agents received that it resists (kb), owned */
    size_t n_resistant_agents;
} onc_class_alt_t;

typedef struct onc_class_item { /* a (gene, kind, alteration) of the comparison */
    const onc_class_alt_t *alt;
    const char *reason;             /* not_evaluable: why; else NULL */
} onc_class_item_t;

typedef struct onc_comparison {
    size_t before, after;           /* sample indexes compared (earliest, latest collected) */
    onc_class_item_t *gained, *lost, *persistent, *not_evaluable;
    size_t n_gained, n_lost, n_persistent, n_not_evaluable;
} onc_comparison_t;

typedef struct onc_immuno {
    double pdl1_tps;                /* NaN when unknown */
    const char *pdl1_category;      /* "<1%" "1-49%" ">=50%", NULL when unknown */
    double tmb;                     /* NaN when unknown */
    const char *tmb_source;         /* "case" (biomarkers.tmb), "files" (counted, tmb.h), NULL */
    const char *tmb_sample;         /* files: the sample counted */
    double tmb_panel_mb;            /* files: its assay.size_mb; else NaN */
    long long tmb_mutations;        /* files: mutations counted; else -1 */
    bool tmb_complete;              /* files: false when some mutations could not be placed
                                       (the TMB is then a lower bound) */
    onc_tri tmb_high, msi_high;
    double tmb_threshold;           /* from the kb (NaN when the kb has none) */
    const char **negative_predictors; /* genes, owned */
    size_t n_negative_predictors;
    char *summary;                  /* one paragraph */
} onc_immuno_t;

typedef struct onc_classification {
    const char *tumor_type;         /* OncoTree code used, or NULL */
    const char *group_id;           /* primary group, NO_DRIVER or NOT_ASSESSABLE */
    const char *group_label;
    char **evidence;                /* "EGFR L858R", what decided the group */
    size_t n_evidence;
    const onc_class_alt_t **drivers; /* primary first */
    size_t n_drivers;
    const char **not_assessed;      /* kb group "assess" words, deduplicated, in group order */
    size_t n_not_assessed;
    onc_class_alt_t *alts;          /* in the order first read */
    size_t n_alts;
    onc_immuno_t immuno;
    onc_comparison_t *comparison;   /* NULL unless two or more samples with molecular data */
    char **warnings;
    size_t n_warnings;
} onc_classification_t;

typedef struct onc_classify_opts {
    const char *tumor_type;         /* overrides the case's diagnosis.oncotree_code */
    const char *kb_dir;             /* for the readers of referenced files (NULL: built in) */
    onc_date_t today;               /* for "date in the future" checks; missing: not checked */
} onc_classify_opts_t;

void onc_classify_opts_init(onc_classify_opts_t *o);

/* Classifies case c with kb. ONC_OK with *out set (free with onc_classification_free), or an
 * error in err: ONC_EPARSE/ONC_EIO from a referenced file, ONC_EINVAL for a tumor type that is
 * not an OncoTree code, ONC_ENOMEM. */
onc_rc onc_classify(const onc_case_t *c, const onc_kb_t *kb, const onc_classify_opts_t *opts,
                    onc_classification_t **out, onc_err_t *err) ONC_MUST_CHECK;
void onc_classification_free(onc_classification_t *cl); /* accepts NULL */

/* ESCAT tier rank: 0 for I-A ... 10 for X, 11 for NULL or an unknown text. */
int onc_escat_rank(const char *tier);

#endif
