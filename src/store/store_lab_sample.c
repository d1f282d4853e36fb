/* store_lab_sample.c: lab files that arrive after a patient's case, as one new sample: the case
 * that `db import --format lab` and the server's upload (POST /api/v1/patients/{id}/samples)
 * both hand to the store with onc_store_put_opts_t.add_samples.
 *
 * The case holds only the patient's id and the new sample (its key, specimen, collection date
 * and genome as given) with the files as its molecular.files, so that they are read and
 * validated exactly as a case's own lab files are (onc_store_case_read), and messages name them
 * as such ("sample KEY: field molecular.files[0].path: FILE:12: ...").
 */
#include "oncoboard/store.h"

#include <stdio.h>
#include <string.h>

void onc_lab_sample_init(onc_lab_sample_t *s)
{
    memset(s, 0, sizeof *s);
    s->format = ONC_FMT_AUTO;
}

static onc_rc oom(onc_err_t *err) { return onc_err_set(err, ONC_ENOMEM, "out of memory"); }

/* The index of s in names (1-based lists whose [0] is the missing value), or 0. */
static int name_index(const char *const *names, const char *s)
{
    for (int i = 1; s && names[i]; i++)
        if (strcmp(names[i], s) == 0) return i;
    return 0;
}

/* The sample's description: key, specimen, collection date, genome. */
static onc_rc describe_sample(const onc_lab_sample_t *in, onc_case_t *c, onc_sample_t *s, onc_err_t *err)
{
    onc_sample_init(s);
    onc_molecular_init(&s->molecular);
    s->id = onc_case_strdup(c, in->sample);
    if (!s->id) return oom(err);
    s->has_molecular = 1;
    s->path = "molecular"; /* messages name the files as a case's molecular.files would */
    onc_err_t e = {0};
    if (in->collected && onc_date_parse(in->collected, &s->collected, &e) != ONC_OK)
        return onc_err_set(err, ONC_EINVAL, "collected: %s", e.msg);
    int specimen = name_index(onc_specimen_names, in->specimen);
    if (in->specimen && !specimen)
        return onc_err_set(err, ONC_EINVAL, "specimen '%.40s': expected tissue or plasma", in->specimen);
    s->type = s->molecular.specimen = (onc_specimen)specimen;
    int genome = name_index(onc_genome_names, in->genome);
    if (in->genome && !genome) return onc_err_set(err, ONC_EINVAL, "genome '%.40s': expected GRCh37 or GRCh38", in->genome);
    s->molecular.genome = genome ? onc_genome_names[genome] : NULL;
    return ONC_OK;
}

static onc_rc add_files(const onc_lab_sample_t *in, onc_case_t *c, onc_molecular_t *m, onc_err_t *err)
{
    m->files = onc_case_alloc(c, in->n_paths * sizeof *m->files);
    if (!m->files) return oom(err);
    for (size_t i = 0; i < in->n_paths; i++) {
        onc_case_file_t *f = &m->files[i];
        f->path = f->resolved = onc_case_strdup(c, in->paths[i]);
        f->type = in->format;
        if (!f->path) return oom(err);
    }
    m->n_files = in->n_paths;
    return ONC_OK;
}

onc_rc onc_lab_sample_case(const onc_lab_sample_t *in, onc_case_t **out, onc_err_t *err)
{
    *out = NULL;
    if (!in->patient || !*in->patient) return onc_err_set(err, ONC_EINVAL, "patient: the registered patient is required");
    if (!in->sample || !*in->sample) return onc_err_set(err, ONC_EINVAL, "sample: the new sample's key is required");
    if (!in->n_paths) return onc_err_set(err, ONC_EINVAL, "no lab file");
    onc_case_t *c = onc_case_new();
    if (!c) return oom(err);
    char name[256];
    snprintf(name, sizeof name, "sample %s", in->sample);
    c->id = onc_case_strdup(c, in->patient);
    c->name = onc_case_strdup(c, name);
    c->samples = onc_case_alloc(c, sizeof *c->samples);
    onc_rc rc = c->id && c->name && c->samples ? ONC_OK : oom(err);
    if (rc == ONC_OK) {
        c->n_samples = 1;
        rc = describe_sample(in, c, &c->samples[0], err);
    }
    if (rc == ONC_OK) rc = add_files(in, c, &c->samples[0].molecular, err);
    if (rc != ONC_OK) {
        onc_case_free(c);
        return rc;
    }
    *out = c;
    return ONC_OK;
}
