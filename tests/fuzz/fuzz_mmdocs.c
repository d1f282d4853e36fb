/* fuzz_mmdocs.c: arbitrary bytes as MatchMiner's clinical and/or genomic documents, through
 * onc_matchminer_load (JSON, newline-delimited JSON, MongoDB extended JSON, CSV).
 *
 * The first byte chooses the role of the rest: 0 the clinical file alone; 1 the genomic file,
 * beside a fixed clinical file whose patients it can join (S1 by SAMPLE_ID, "abc" by _id);
 * 2 both, cut at the first "\n~~\n" (clinical before, genomic after). OncoTree, the knowledge
 * base and the gene table are loaded once, so that diagnosis lookup, alteration building and
 * oncogenicity are reached. Oracle beyond "no crash": an error has a message; a loaded cohort
 * has consistent sizes and every patient an id. */
#include "fuzz_file.h"

#include "match/match_patient.h"
#include "oncoboard/match.h"

#include <string.h>

static const char clinical_fixed[] =
    "{\"_id\": {\"$oid\": \"abc\"}, \"SAMPLE_ID\": \"S1\", \"ONCOTREE_PRIMARY_DIAGNOSIS_NAME\": \"Lung Adenocarcinoma\"}\n"
    "{\"SAMPLE_ID\": \"S2\", \"BIRTH_DATE_INT\": 19500101}\n";

static onc_match_ctx_t ctx;
static char fixed_path[64];

static void remove_fixed(void) { unlink(fixed_path); }

static void init(void)
{
    static int done;
    if (done) return;
    done = 1;
    onc_err_t err = {0};
    ctx.oncotree = onc_oncotree_load(NULL, &err);
    ctx.kb = onc_kb_load(NULL, &err);
    ctx.genes = onc_genes_load(NULL, &err);
    if (fuzz_write_temp("mmdocs_clinical", (const uint8_t *)clinical_fixed, sizeof clinical_fixed - 1, fixed_path,
                        sizeof fixed_path) == 0)
        atexit(remove_fixed);
    else fixed_path[0] = '\0';
}

static void check_cohort(const onc_match_cohort_t *m)
{
    for (size_t i = 0; i < onc_match_cohort_size(m); i++) {
        const onc_match_patient_t *p = onc_match_cohort_at(m, i);
        if (!p || !onc_match_patient_id(p)) abort();
        for (size_t k = 0; k < p->n_events; k++)
            if (p->events[k].alt && !p->events[k].alt->gene) abort();
        (void)match_patient_tested(p, "EGFR", ONC_COVER_ALL);
    }
    if (onc_match_cohort_at(m, onc_match_cohort_size(m)) != NULL) abort();
    if (onc_match_cohort_n_warnings(m) > onc_match_cohort_n_skipped(m)) abort();
    for (size_t i = 0; i < onc_match_cohort_n_warnings(m); i++)
        if (!onc_match_cohort_warning(m, i)) abort();
}

/* The first "\n~~\n" in data, or NULL. */
static const uint8_t *find_cut(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i + 4 <= size; i++)
        if (!memcmp(data + i, "\n~~\n", 4)) return data + i;
    return NULL;
}

static void load(const char *clinical, const char *genomic)
{
    onc_err_t err = {0};
    onc_match_cohort_t *m = NULL;
    onc_rc rc = onc_matchminer_load(clinical, genomic, &ctx, &m, &err);
    if (rc != ONC_OK && (m || !err.msg[0])) abort();
    if (rc == ONC_OK) check_cohort(m);
    onc_match_cohort_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    if (size < 1) return 0;
    int mode = data[0] % 3;
    data++, size--;
    char a[64], b[64];
    if (mode == 0) {
        if (fuzz_write_temp("mmdocs", data, size, a, sizeof a)) return 0;
        load(a, NULL);
        unlink(a);
    } else if (mode == 1) {
        if (!fixed_path[0] || fuzz_write_temp("mmdocs", data, size, a, sizeof a)) return 0;
        load(fixed_path, a);
        unlink(a);
    } else {
        const uint8_t *cut = find_cut(data, size);
        size_t n1 = cut ? (size_t)(cut - data) : size;
        if (fuzz_write_temp("mmdocs", data, n1, a, sizeof a)) return 0;
        if (fuzz_write_temp("mmdocs", cut ? cut + 4 : data + size, cut ? size - n1 - 4 : 0, b, sizeof b)) {
            unlink(a);
            return 0;
        }
        load(a, b);
        unlink(a);
        unlink(b);
    }
    return 0;
}
