/* fuzz_cbio.c: libFuzzer target for cBioPortal's clinical-file parser (cbio.h,
 * io_cbio_clinical.c). The input is a patient file and a sample file separated by the first form
 * feed (\f); without one, the whole input is the sample file and there is no patient file. Both
 * become temporary files (the reader takes paths). Everything the reader returns is walked: the
 * definitions, each patient's values, endpoints and samples, the messages; crashes, leaks and
 * undefined behaviour are what the sanitizers report. */
#include "fuzz_file.h"

#include "oncoboard/cbio.h"

#include <string.h>

static size_t walk_values(const onc_attr_value_t *v, size_t n)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) bytes += strlen(v[i].id) + strlen(v[i].value) + (size_t)v[i].datatype;
    return bytes;
}

static void walk(const onc_cbio_clinical_t *c)
{
    size_t bytes = 0;
    for (size_t i = 0; i < c->n_defs; i++)
        bytes += strlen(c->defs[i].id) + strlen(c->defs[i].display_name) +
                 (c->defs[i].description ? strlen(c->defs[i].description) : 0);
    for (size_t i = 0; i < c->n_patients; i++) {
        const onc_attr_patient_t *p = &c->patients[i];
        bytes += walk_values(p->values, p->n_values) + c->patient_lines[i];
        for (size_t k = 0; k < p->n_survival; k++)
            bytes += strlen(p->survival[k].endpoint) + (p->survival[k].status ? strlen(p->survival[k].status) : 0);
        for (size_t k = 0; k < p->n_samples; k++)
            bytes += strlen(p->samples[k].sample_id) + walk_values(p->samples[k].values, p->samples[k].n_values) +
                     c->sample_lines[i][k];
        if (onc_cbio_patient_index(c, p->patient_id) > i) __builtin_trap();
    }
    for (size_t i = 0; i < c->n_errors; i++) bytes += strlen(c->errors[i]);
    if (bytes == (size_t)-1) __builtin_trap(); /* keeps the walk */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *ff = memchr(data, '\f', size);
    char patient[64], sample[64];
    size_t n_patient = ff ? (size_t)(ff - data) : 0;
    const uint8_t *s = ff ? ff + 1 : data;
    size_t n_sample = ff ? size - n_patient - 1 : size;
    if (fuzz_write_temp("cbio_sample", s, n_sample, sample, sizeof sample)) return 0;
    if (ff && fuzz_write_temp("cbio_patient", data, n_patient, patient, sizeof patient)) {
        unlink(sample);
        return 0;
    }
    onc_cbio_clinical_t *c = NULL;
    onc_err_t err = {0};
    (void)onc_cbio_clinical_read(ff ? patient : NULL, sample, &c, &err);
    if (c) walk(c);
    onc_cbio_clinical_free(c);
    unlink(sample);
    if (ff) unlink(patient);
    return 0;
}
