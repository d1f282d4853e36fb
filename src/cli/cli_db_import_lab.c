/* cli_db_import_lab.c: `db import --format lab --patient ID --sample KEY FILE ...`: lab files
 * that arrive after a patient's case, attached as a new sample.
 *
 * The files become one case holding only the new sample (its specimen, collection date and
 * genome from the options), read and validated like a case's molecular.files; the store then
 * adds the sample and its alterations to the registered patient and leaves everything else of
 * them as it was (onc_store_put_opts_t.add_samples). That the patient is registered and the key
 * is new is checked inside the import's transaction.
 */
#include "cli_db_io.h"

#include <stdio.h>
#include <string.h>

/* Fills the new sample from the options; CLI_OK or CLI_BAD_INPUT after a message. */
static int describe_sample(const cli_import_args_t *a, onc_sample_t *s)
{
    onc_sample_init(s);
    onc_molecular_init(&s->molecular);
    s->id = a->sample;
    s->has_molecular = 1;
    s->path = "molecular"; /* messages name the files as a case's molecular.files would */
    onc_err_t err = {0};
    if (a->collected && onc_date_parse(a->collected, &s->collected, &err) != ONC_OK) {
        cli_error("db import", "--collected: %s", err.msg);
        return CLI_BAD_INPUT;
    }
    int specimen = 0;
    for (int i = 1; a->specimen && onc_specimen_names[i]; i++)
        if (strcmp(onc_specimen_names[i], a->specimen) == 0) specimen = i;
    if (a->specimen && !specimen) {
        cli_error("db import", "--specimen '%s': expected tissue or plasma", a->specimen);
        return CLI_BAD_INPUT;
    }
    s->type = s->molecular.specimen = (onc_specimen)specimen;
    for (int i = 1; a->genome && onc_genome_names[i]; i++)
        if (strcmp(onc_genome_names[i], a->genome) == 0) s->molecular.genome = onc_genome_names[i];
    if (a->genome && !s->molecular.genome) {
        cli_error("db import", "--genome '%s': expected GRCh37 or GRCh38", a->genome);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

static int add_files(const cli_import_args_t *a, onc_case_t *c, onc_molecular_t *m)
{
    m->files = onc_case_alloc(c, (size_t)a->n_inputs * sizeof *m->files);
    if (!m->files) return cli_error("db import", "out of memory"), CLI_INTERNAL;
    for (int i = 0; i < a->n_inputs; i++) {
        onc_case_file_t *f = &m->files[i];
        f->path = f->resolved = onc_case_strdup(c, a->inputs[i]);
        f->type = ONC_FMT_AUTO;
        if (!f->path) return cli_error("db import", "out of memory"), CLI_INTERNAL;
    }
    m->n_files = (size_t)a->n_inputs;
    return CLI_OK;
}

/* The case of the new sample: the patient's id, one sample, its files. */
static int build_case(const cli_import_args_t *a, onc_case_t **out)
{
    onc_case_t *c = *out = onc_case_new();
    if (!c) return cli_error("db import", "out of memory"), CLI_INTERNAL;
    c->id = onc_case_strdup(c, a->patient);
    char name[256];
    snprintf(name, sizeof name, "sample %s", a->sample);
    c->name = onc_case_strdup(c, name);
    c->samples = onc_case_alloc(c, sizeof *c->samples);
    if (!c->id || !c->name || !c->samples) return cli_error("db import", "out of memory"), CLI_INTERNAL;
    c->n_samples = 1;
    int status = describe_sample(a, &c->samples[0]);
    return status == CLI_OK ? add_files(a, c, &c->samples[0].molecular) : status;
}

int cli_import_collect_lab(const cli_import_args_t *a, cli_import_set_t *s)
{
    if (!a->patient || !a->sample)
        return cli_usage_error("db import", "--format lab needs --patient ID and --sample KEY");
    if (a->replace) return cli_usage_error("db import", "--replace does not apply to --format lab (samples are added)");
    onc_case_t *c = NULL;
    int status = build_case(a, &c);
    onc_err_t err = {0};
    onc_rc rc = status == CLI_OK ? onc_store_case_count(c, &a->read, &s->counts, &err) : ONC_OK;
    if (rc != ONC_OK) {
        fprintf(stderr, "oncoboard db import: invalid lab files (nothing was written):\n  %s\n", err.msg);
        status = rc == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
    }
    if (status != CLI_OK) {
        onc_case_free(c);
        return status;
    }
    s->add_samples = true;
    return cli_import_set_add(s, c);
}
