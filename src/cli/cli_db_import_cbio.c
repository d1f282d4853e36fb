/* cli_db_import_cbio.c: `db import --format cbioportal STUDY_DIR ...`: cBioPortal study folders.
 *
 * The collector reads each study whole (cbio.h: clinical tables, genomic files, gene panels), lists
 * every problem with its file, line and field, and gives the import set one case per patient; the
 * clinical attributes, survival endpoints and the study's provenance ride along as the set's extra
 * rows, written after the cases in the same transaction (store_attributes.h). docs/registry.md,
 * "Importing a cBioPortal study".
 */
#include "cli_db_io.h"

#include "oncoboard/cbio.h"
#include "oncoboard/store_attributes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The studies read, kept for their attributes until the import's transaction writes them. */
typedef struct cbio_extra {
    onc_cbio_study_t **studies;
    size_t n;
    char summary[160];
} cbio_extra_t;

static void free_extra(void *p)
{
    cbio_extra_t *x = p;
    if (!x) return;
    for (size_t i = 0; i < x->n; i++) onc_cbio_study_free(x->studies[i]);
    free(x->studies);
    free(x);
}

static onc_rc write_study(onc_db_t *db, const onc_cbio_study_t *s, const char *actor, onc_err_t *err)
{
    const onc_cbio_clinical_t *c = s->clinical;
    onc_attr_writer_t *w = NULL;
    onc_rc rc = onc_attr_writer_open(db, &s->info, c->defs, c->n_defs, actor, &w, err);
    for (size_t i = 0; rc == ONC_OK && i < c->n_patients; i++) rc = onc_attr_writer_put(w, &c->patients[i], actor, err);
    onc_attr_writer_close(w);
    return rc;
}

static onc_rc write_extra(onc_db_t *db, void *p, const char *actor, onc_err_t *err)
{
    cbio_extra_t *x = p;
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < x->n; i++) rc = write_study(db, x->studies[i], actor, err);
    return rc;
}

/* "N clinical attribute values, M survival endpoints (study K)" for the summary line. */
static void summarise(cbio_extra_t *x)
{
    size_t values = 0, endpoints = 0;
    for (size_t i = 0; i < x->n; i++) {
        const onc_cbio_clinical_t *c = x->studies[i]->clinical;
        for (size_t k = 0; c && k < c->n_patients; k++) {
            values += c->patients[k].n_values;
            endpoints += c->patients[k].n_survival;
            for (size_t j = 0; j < c->patients[k].n_samples; j++) values += c->patients[k].samples[j].n_values;
        }
    }
    snprintf(x->summary, sizeof x->summary, "%zu clinical attribute values, %zu survival endpoints (%zu %s)", values,
             endpoints, x->n, x->n == 1 ? "study" : "studies");
}

static void print_problems(const onc_cbio_study_t *s, const char *dir)
{
    fprintf(stderr, "oncoboard db import: invalid cBioPortal study %s (nothing was written):\n", dir);
    for (size_t i = 0; i < s->n_errors; i++) fprintf(stderr, "  %s\n", s->errors[i]);
    if (s->n_errors_dropped) fprintf(stderr, "  ... and %zu more\n", s->n_errors_dropped);
}

static void print_warnings(const onc_cbio_study_t *s)
{
    for (size_t i = 0; i < s->n_warnings; i++) fprintf(stderr, "oncoboard db import: warning: %s\n", s->warnings[i]);
}

/* A patient of this study already given by an earlier study of the import. */
static int is_duplicate(const cli_import_set_t *set, const onc_case_t *c, const char *dir)
{
    for (size_t k = 0; k < set->n; k++)
        if (strcmp(set->cases[k]->id, c->id) == 0) {
            fprintf(stderr, "  %s: field PATIENT_ID: patient %s is also in an earlier study of this import\n", dir, c->id);
            return 1;
        }
    return 0;
}

/* The study's cases into the set (taken from the study); the count of bad ones, or -1 (status set). */
static long take_cases(const cli_import_args_t *a, cli_import_set_t *set, onc_cbio_study_t *s, const char *dir,
                       int *status)
{
    long n_bad = 0;
    for (size_t i = 0; *status == CLI_OK && i < s->n_cases; i++) {
        onc_err_t err = {0};
        onc_rc rc = onc_store_case_count(s->cases[i], &a->read, &set->counts, &err);
        if (rc == ONC_ENOMEM) {
            cli_error("db import", "out of memory");
            *status = CLI_INTERNAL;
        } else if (rc != ONC_OK) {
            fprintf(stderr, "  %s\n", err.msg);
            n_bad++;
        } else if (is_duplicate(set, s->cases[i], dir)) {
            n_bad++;
        } else {
            *status = cli_import_set_add(set, s->cases[i]);
            s->cases[i] = NULL;
        }
    }
    return n_bad;
}

static int collect_one(const cli_import_args_t *a, cli_import_set_t *set, cbio_extra_t *x, const char *dir)
{
    onc_cbio_opts_t o;
    onc_cbio_opts_init(&o);
    o.kb_dir = a->read.kb_dir;
    onc_cbio_study_t *s = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_cbio_study_read(dir, &o, &s, &err);
    if (!s) {
        cli_error("db import", "%s", err.msg);
        return cli_status_of(rc);
    }
    onc_cbio_study_t **grown = realloc(x->studies, (x->n + 1) * sizeof *grown);
    if (!grown) {
        onc_cbio_study_free(s);
        cli_error("db import", "out of memory");
        return CLI_INTERNAL;
    }
    x->studies = grown;
    x->studies[x->n++] = s;
    print_warnings(s);
    if (s->n_errors) {
        print_problems(s, dir);
        return CLI_BAD_INPUT;
    }
    int status = CLI_OK;
    long n_bad = take_cases(a, set, s, dir, &status);
    if (status == CLI_OK && n_bad) {
        fprintf(stderr, "oncoboard db import: %ld patients of %s are invalid; nothing was written\n", n_bad, dir);
        status = CLI_BAD_INPUT;
    }
    return status;
}

int cli_import_collect_cbio(const cli_import_args_t *a, cli_import_set_t *set)
{
    cbio_extra_t *x = calloc(1, sizeof *x);
    if (!x) {
        cli_error("db import", "out of memory");
        return CLI_INTERNAL;
    }
    set->extra = x;
    set->write_extra = write_extra;
    set->free_extra = free_extra;
    int status = CLI_OK, worst = CLI_OK;
    for (int i = 0; i < a->n_inputs && status != CLI_INTERNAL; i++) {
        status = collect_one(a, set, x, a->inputs[i]);
        if (status != CLI_OK && worst == CLI_OK) worst = status;
    }
    summarise(x);
    set->extra_summary = x->summary;
    return status == CLI_INTERNAL ? status : worst;
}
