/* bench/registry_match.c: the incremental re-match of a registry after one new patient
 * (issue 5: under 50 ms for 10,000 patients and the trials of trials/).
 *
 *   registry_match DB_URL PATIENTS TRIALS RUNS
 *
 * Fills a new registry at DB_URL with PATIENTS synthetic typed cases (one transaction; drivers
 * cycle through EGFR L858R, KRAS G12C, EML4-ALK, MET exon 14, BRAF V600E and none, all lung
 * adenocarcinoma, ages 40-79), loads the trials at TRIALS and runs a first, full match (timed).
 * Then RUNS times: one more new patient is put (its own transaction, not timed), and
 * onc_store_match_run + commit + audit checkpoint are timed: the incremental re-match. Also
 * timed: a run with nothing changed. The knowledge base, OncoTree and gene tables are loaded
 * once, as a server keeps them; `bench/registry_match.sh` times the whole command too. Prints
 * "name median_ms min_ms" lines. Part of bench/, not of oncoboard.
 */
#include "bench_util.h"
#include "oncoboard/audit.h"
#include "oncoboard/kb.h"
#include "oncoboard/store.h"
#include "oncoboard/store_match.h"
#include "oncoboard/store_trials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const char *what, const onc_err_t *err)
{
    fprintf(stderr, "registry_match: %s: %s\n", what, err->msg);
    exit(2);
}

/* The JSON of synthetic patient i. */
static void case_text(char *buf, size_t n, long i)
{
    static const char *const drivers[] = {
        "\"variants\": [{\"gene\": \"EGFR\", \"protein_change\": \"p.L858R\"}]",
        "\"variants\": [{\"gene\": \"KRAS\", \"protein_change\": \"p.G12C\"}]",
        "\"fusions\": [{\"gene_a\": \"EML4\", \"gene_b\": \"ALK\"}]",
        "\"variants\": [{\"gene\": \"MET\", \"coding_change\": \"c.3028+1G>T\"}]",
        "\"variants\": [{\"gene\": \"BRAF\", \"protein_change\": \"p.V600E\"}]",
        "\"variants\": [{\"gene\": \"TP53\", \"protein_change\": \"p.R273H\"}]",
    };
    snprintf(buf, n,
             "{\"case_format\": 1, \"id\": \"BENCH-%06ld\", \"sex\": \"%s\", \"age\": %ld, \"ecog\": %ld,"
             " \"diagnosis\": {\"oncotree_code\": \"LUAD\", \"stage\": \"IVB\", \"brain_metastases\": \"none\","
             " \"measurable_disease\": true},"
             " \"biomarkers\": {\"pdl1_tps\": %ld, \"pdl1_clone\": \"22C3\"},"
             " \"molecular\": {\"genome\": \"GRCh38\", \"specimen\": \"tissue\","
             " \"assay\": {\"name\": \"bench panel\", \"method\": \"DNA+RNA\", \"genes\": [\"EGFR\", \"KRAS\", \"ALK\","
             " \"ROS1\", \"MET\", \"BRAF\", \"ERBB2\", \"RET\", \"NTRK1\", \"TP53\", \"STK11\", \"KEAP1\"]}, %s}}",
             i, i % 2 ? "female" : "male", 40 + i % 40, i % 3, (i * 7) % 101, drivers[i % 6]);
}

static void put_cases(onc_db_t *db, long from, long to)
{
    onc_err_t err = {0};
    onc_store_writer_t *w = NULL;
    onc_store_put_opts_t o;
    onc_store_put_opts_init(&o);
    if (onc_db_begin(db, &err) != ONC_OK || onc_store_writer_open(db, &w, &err) != ONC_OK) die("begin", &err);
    char buf[2048];
    for (long i = from; i < to; i++) {
        onc_case_t *c = NULL;
        case_text(buf, sizeof buf, i);
        if (onc_case_parse(buf, strlen(buf), "bench.json", NULL, NULL, &c, &err) != ONC_OK ||
            onc_store_writer_put(w, c, "os:bench", &o, NULL, &err) != ONC_OK)
            die("put", &err);
        onc_case_free(c);
    }
    onc_store_writer_close(w);
    if (onc_db_commit(db, &err) != ONC_OK || onc_audit_checkpoint(db, &err) != ONC_OK) die("commit", &err);
}

static double timed_run(onc_db_t *db, const onc_match_ctx_t *ctx, onc_store_match_summary_t *s)
{
    onc_err_t err = {0};
    onc_store_match_opts_t o;
    onc_store_match_opts_init(&o);
    if (onc_date_parse("2026-11-29", &o.match.comparison_date, &err) != ONC_OK) die("date", &err);
    double t0 = bench_now_ms();
    if (onc_db_begin(db, &err) != ONC_OK || onc_store_match_run(db, ctx, &o, "os:bench", s, &err) != ONC_OK ||
        onc_db_commit(db, &err) != ONC_OK || onc_audit_checkpoint(db, &err) != ONC_OK)
        die("match", &err);
    return bench_now_ms() - t0;
}

static void report(const char *name, double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    printf("%s %.2f %.2f\n", name, v[n / 2], v[0]);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: registry_match DB_URL PATIENTS TRIALS RUNS\n", stderr);
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    int runs = (int)strtol(argv[4], NULL, 10);
    if (n < 1 || runs < 1 || runs > 1000) return fputs("registry_match: bad PATIENTS or RUNS\n", stderr), 2;
    onc_err_t err = {0};
    onc_kb_t *kb = onc_kb_load(NULL, &err);
    onc_oncotree_t *tree = kb ? onc_oncotree_load(NULL, &err) : NULL;
    onc_genes_t *genes = tree ? onc_genes_load(NULL, &err) : NULL;
    if (!genes) die("kb", &err);
    onc_match_ctx_t ctx = {tree, kb, genes};
    onc_db_opts_t dbo;
    onc_db_opts_init(&dbo);
    dbo.create = true;
    onc_db_t *db = NULL;
    if (onc_db_open(argv[1], &dbo, &db, &err) != ONC_OK || onc_db_migrate(db, NULL, NULL, &err) != ONC_OK)
        die(argv[1], &err);
    double t0 = bench_now_ms();
    put_cases(db, 0, n);
    printf("import_ms %.0f\n", bench_now_ms() - t0);
    const char *paths[] = {argv[3]};
    if (onc_db_begin(db, &err) != ONC_OK ||
        onc_store_trials_load(db, paths, 1, &ctx, "os:bench", NULL, NULL, NULL, &err) != ONC_OK ||
        onc_db_commit(db, &err) != ONC_OK || onc_audit_checkpoint(db, &err) != ONC_OK)
        die(argv[3], &err);
    onc_store_match_summary_t s;
    printf("full_run_ms %.0f", timed_run(db, &ctx, &s));
    printf(" (%zu patients x %zu trials: %zu results)\n", s.patients, s.trials, s.added);
    double *one = calloc((size_t)runs, sizeof *one), *none = calloc((size_t)runs, sizeof *none);
    if (!one || !none) return 2;
    for (int i = 0; i < runs; i++) {
        put_cases(db, n + i, n + i + 1);
        one[i] = timed_run(db, &ctx, &s);
        if (s.pairs != s.trials || s.patients_matched != 1) {
            fprintf(stderr, "registry_match: run %d evaluated %zu pairs, not %zu\n", i, s.pairs, s.trials);
            return 1;
        }
        none[i] = timed_run(db, &ctx, &s);
        if (s.pairs != 0) return fputs("registry_match: a run with nothing changed evaluated pairs\n", stderr), 1;
    }
    report("one_new_patient_ms", one, runs);
    report("nothing_changed_ms", none, runs);
    free(one), free(none);
    onc_db_close(db);
    onc_genes_free(genes), onc_oncotree_free(tree), onc_kb_free(kb);
    return 0;
}
