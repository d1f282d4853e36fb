/* cli_db_import_lab.c: `db import --format lab --patient ID --sample KEY FILE ...`: lab files
 * that arrive after a patient's case, attached as a new sample.
 *
 * The files become one case holding only the new sample (onc_lab_sample_case, store.h: the same
 * the server's upload uses), read and validated like a case's molecular.files; the store then
 * adds the sample and its alterations to the registered patient and leaves everything else of
 * them as it was (onc_store_put_opts_t.add_samples). That the patient is registered and the key
 * is new is checked inside the import's transaction.
 */
#include "cli_db_io.h"

#include <stdio.h>
#include <string.h>

int cli_import_collect_lab(const cli_import_args_t *a, cli_import_set_t *s)
{
    if (!a->patient || !a->sample)
        return cli_usage_error("db import", "--format lab needs --patient ID and --sample KEY");
    if (a->replace) return cli_usage_error("db import", "--replace does not apply to --format lab (samples are added)");
    onc_lab_sample_t lab;
    onc_lab_sample_init(&lab);
    lab.patient = a->patient, lab.sample = a->sample;
    lab.specimen = a->specimen, lab.collected = a->collected, lab.genome = a->genome;
    lab.paths = (const char *const *)a->inputs, lab.n_paths = (size_t)a->n_inputs;
    onc_case_t *c = NULL;
    onc_err_t err = {0};
    onc_rc rc = onc_lab_sample_case(&lab, &c, &err);
    if (rc == ONC_EINVAL) {
        cli_error("db import", "--%s", err.msg);
        return CLI_BAD_INPUT;
    }
    if (rc == ONC_OK) rc = onc_store_case_count(c, &a->read, &s->counts, &err);
    if (rc != ONC_OK) {
        fprintf(stderr, "oncoboard db import: invalid lab files (nothing was written):\n  %s\n", err.msg);
        onc_case_free(c);
        return rc == ONC_ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
    }
    s->add_samples = true;
    return cli_import_set_add(s, c);
}
