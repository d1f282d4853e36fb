/* test_cbio_export.c: `oncoboard db export --format cbioportal` on SQLite and PostgreSQL.
 *
 * Each target (tests/unit/db_targets.h) gets a registry built from examples/cases with the
 * commands a user runs (db init, db import, db export), and the study folder is
 *   - compared file by file with tests/data/cbio_export/ (checked by hand against cBioPortal's
 *     file formats documentation and the example cases; tests/data/cbio_export/README.md);
 *   - checked by a structural validator written from that documentation (validate_study below):
 *     the fields every meta file needs, the columns each datatype requires, every sample of a
 *     data file or case list in data_clinical_sample.txt, case list stable ids prefixed with the
 *     study id, MAF Variant_Classification among the documented values, discrete CNA values in
 *     {-2,-1,0,1,2,NA}, the profiles' required case lists, the gene panels the matrix names;
 *   - audited: one `export` entry per patient.
 * The validator itself is tested on broken copies (it must reject each). Runs ./oncoboard (built by
 * `make test` before the unit tests); SKIPs when it is not there.
 */
#include "check.h"
#include "cli_run.h"
#include "db_targets.h"
#include "tsv_rows.h"

#include <dirent.h>
#include <sys/stat.h>

#ifndef BIN
#define BIN "./oncoboard"
#endif

#define EXPECTED "tests/data/cbio_export"

static char work[256]; /* this program's scratch folder (outputs, PostgreSQL's audit key) */
static int n_export;   /* a fresh output folder per export */

/* ---- the validator ---- */

#define MAX_IDS 4096

typedef struct study_check {
    const char *dir;
    char study[128];
    char *samples[MAX_IDS], *patients[MAX_IDS];
    int n_samples, n_patients;
    int problems;
    char first[512]; /* the first problem, for the test's message */
} study_check_t;

static void problem(study_check_t *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(study_check_t *v, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!v->problems++) snprintf(v->first, sizeof v->first, "%s", msg);
}

static bool listed(char *const *ids, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(ids[i], id)) return true;
    return false;
}

/* "key: value" of a meta or case list file into value (empty when absent). */
static bool meta_field(const char *text, const char *key, char *value, size_t n)
{
    size_t k = strlen(key);
    for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
        if (!strncmp(l, key, k) && l[k] == ':') {
            const char *v = l + k + 1;
            while (*v == ' ') v++;
            size_t len = strcspn(v, "\n");
            snprintf(value, n, "%.*s", (int)(len < n ? len : n - 1), v);
            return true;
        }
    value[0] = '\0';
    return false;
}

static char *file_in(const study_check_t *v, const char *name)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", v->dir, name);
    return test_slurp(p);
}

static void need_fields(study_check_t *v, const char *name, const char *text, const char *const *keys)
{
    char val[4096];
    for (; *keys; keys++)
        if (!meta_field(text, *keys, val, sizeof val) || !val[0]) problem(v, "%s: no %s", name, *keys);
}

/* The lines of text, cut in place; the count. */
static int lines_of(char *text, char **lines, int max)
{
    int n = 0;
    for (char *l = text; l && *l && n < max;) {
        char *end = strchr(l, '\n');
        if (end) *end = '\0';
        lines[n++] = l;
        l = end ? end + 1 : NULL;
    }
    return n;
}

static int column(char **names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], name)) return i;
    return -1;
}

static bool is_number(const char *s)
{
    char *end;
    if (!*s) return false;
    (void)strtod(s, &end);
    return *end == '\0';
}

/* A clinical file: four '#' rows (names, descriptions, datatypes, priorities), the attribute
 * names, then rows; ids collected into ids. */
static void check_clinical(study_check_t *v, const char *name, const char *id_col, char **ids, int *n_ids)
{
    char *text = file_in(v, name), *lines[MAX_IDS];
    if (!text) return problem(v, "%s: missing", name);
    int n = lines_of(text, lines, MAX_IDS);
    char *cells[5][TSV_COLS_MAX];
    int nc[5] = {0};
    for (int r = 0; r < 5 && r < n; r++) {
        if (r < 4 && lines[r][0] != '#') problem(v, "%s: header row %d does not start with '#'", name, r + 1);
        nc[r] = tsv_split(r < 4 ? lines[r] + 1 : lines[r], cells[r], TSV_COLS_MAX);
        if (nc[r] != nc[0]) problem(v, "%s: header row %d has %d columns, not %d", name, r + 1, nc[r], nc[0]);
    }
    if (n < 5) return free(text), problem(v, "%s: fewer than five header rows", name);
    for (int c = 0; c < nc[2]; c++) {
        if (strcmp(cells[2][c], "STRING") && strcmp(cells[2][c], "NUMBER") && strcmp(cells[2][c], "BOOLEAN"))
            problem(v, "%s: datatype '%s'", name, cells[2][c]);
        if (!is_number(cells[3][c])) problem(v, "%s: priority '%s'", name, cells[3][c]);
        if (!strcmp(cells[4][c], "MUTATION_COUNT") || !strcmp(cells[4][c], "FRACTION_GENOME_ALTERED"))
            problem(v, "%s: banned column %s", name, cells[4][c]);
    }
    int idc = column(cells[4], nc[4], id_col), pc = column(cells[4], nc[4], "PATIENT_ID");
    if (idc < 0 || pc < 0) problem(v, "%s: no %s or PATIENT_ID column", name, id_col);
    for (int r = 5; r < n && idc >= 0 && pc >= 0; r++) {
        char *row[TSV_COLS_MAX];
        if (tsv_split(lines[r], row, TSV_COLS_MAX) != nc[4]) {
            problem(v, "%s:%d: not %d cells", name, r + 1, nc[4]);
            continue;
        }
        for (int c = 0; c < nc[4]; c++)
            if (!strcmp(cells[2][c], "NUMBER") && strcmp(row[c], "NA") && !is_number(row[c]))
                problem(v, "%s:%d: %s '%s' is not a number", name, r + 1, cells[4][c], row[c]);
        if (ids == v->samples && !listed(v->patients, v->n_patients, row[pc]))
            problem(v, "%s:%d: patient %s not in data_clinical_patient.txt", name, r + 1, row[pc]);
        if (*n_ids < MAX_IDS) ids[(*n_ids)++] = strdup(row[idc]);
    }
    free(text);
}

static const char *const maf_classes[] = {
    /* cBioPortal's File Formats, Mutation Data, variant_classification_filter: the allowed values */
    "Frame_Shift_Del", "Frame_Shift_Ins", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation", "Nonsense_Mutation",
    "Silent", "Splice_Site", "Translation_Start_Site", "Nonstop_Mutation", "3'UTR", "3'Flank", "5'UTR", "5'Flank",
    "IGR", "Intron", "RNA", "Targeted_Region", "De_novo_Start_InFrame", "De_novo_Start_OutOfFrame", "Splice_Region",
    "Unknown", NULL,
};

static bool in_set(const char *const *set, const char *s)
{
    for (; *set; set++)
        if (!strcmp(*set, s)) return true;
    return false;
}

/* A table whose sample column is named sample_col; required columns; a per-cell check. */
static void check_table(study_check_t *v, const char *name, const char *sample_col, const char *const *required,
                        const char *check_col, const char *const *allowed)
{
    tsv_rows_t t;
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", v->dir, name);
    if (tsv_open(&t, p) != 0) return problem(v, "%s: missing or empty", name);
    for (; *required; required++)
        if (column(t.names, t.n_names, *required) < 0) problem(v, "%s: no column %s", name, *required);
    int rows = 0;
    while (tsv_next_row(&t)) {
        rows++;
        const char *s = tsv_cell(&t, sample_col);
        if (s && !listed(v->samples, v->n_samples, s)) problem(v, "%s: sample %s not in the clinical file", name, s);
        const char *c = check_col ? tsv_cell(&t, check_col) : NULL;
        if (c && !in_set(allowed, c)) problem(v, "%s: %s '%s' is not an accepted value", name, check_col, c);
    }
    if (!rows) problem(v, "%s: no rows", name);
}

static void check_cna(study_check_t *v, const char *name)
{
    static const char *const values[] = {"-2", "-1", "0", "1", "2", "NA", NULL};
    char *text = file_in(v, name), *lines[MAX_IDS];
    if (!text) return problem(v, "%s: missing", name);
    int n = lines_of(text, lines, MAX_IDS);
    char *head[TSV_COLS_MAX], *row[TSV_COLS_MAX];
    int nh = n ? tsv_split(lines[0], head, TSV_COLS_MAX) : 0;
    if (nh < 2 || strcmp(head[0], "Hugo_Symbol")) problem(v, "%s: the first column is not Hugo_Symbol", name);
    for (int c = 1; c < nh; c++)
        if (!listed(v->samples, v->n_samples, head[c])) problem(v, "%s: sample %s not in the clinical file", name, head[c]);
    for (int r = 1; r < n; r++) {
        if (tsv_split(lines[r], row, TSV_COLS_MAX) != nh) problem(v, "%s:%d: not %d cells", name, r + 1, nh);
        else
            for (int c = 1; c < nh; c++)
                if (!in_set(values, row[c])) problem(v, "%s:%d: value '%s'", name, r + 1, row[c]);
    }
    free(text);
}

/* The matrix's columns are profile stable ids; each panel named has its gene panel file. */
static void check_panel_matrix(study_check_t *v, const char *name, char profiles[][64], int n_profiles)
{
    tsv_rows_t t;
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", v->dir, name);
    if (tsv_open(&t, p) != 0) return problem(v, "%s: missing", name);
    if (strcmp(t.names[0], "SAMPLE_ID")) problem(v, "%s: the first column is not SAMPLE_ID", name);
    for (int c = 1; c < t.n_names; c++) {
        bool known = false;
        for (int i = 0; i < n_profiles; i++) known |= !strcmp(profiles[i], t.names[c]);
        if (!known) problem(v, "%s: column %s is no profile's stable_id", name, t.names[c]);
    }
    while (tsv_next_row(&t)) {
        if (!listed(v->samples, v->n_samples, t.cells[0])) problem(v, "%s: sample %s not in the clinical file", name, t.cells[0]);
        for (int c = 1; c < t.n_names; c++) {
            if (!strcmp(t.cells[c], "NA")) continue;
            char file[512], id[256];
            snprintf(file, sizeof file, "data_gene_panel_%s.txt", t.cells[c]);
            char *text = file_in(v, file);
            if (!text || !meta_field(text, "stable_id", id, sizeof id) || strcmp(id, t.cells[c]) ||
                !meta_field(text, "gene_list", id, sizeof id) || !id[0])
                problem(v, "%s: gene panel %s has no file %s with its stable_id and gene_list", name, t.cells[c], file);
            free(text);
        }
    }
}

static void check_case_list(study_check_t *v, const char *file)
{
    static const char *const keys[] = {"cancer_study_identifier", "stable_id", "case_list_name",
                                       "case_list_description", "case_list_ids", NULL};
    char name[600], val[65536];
    snprintf(name, sizeof name, "case_lists/%s", file);
    char *text = file_in(v, name);
    if (!text) return problem(v, "%s: missing", name);
    need_fields(v, name, text, keys);
    meta_field(text, "cancer_study_identifier", val, sizeof val);
    if (strcmp(val, v->study)) problem(v, "%s: cancer_study_identifier %s", name, val);
    meta_field(text, "stable_id", val, sizeof val);
    if (strncmp(val, v->study, strlen(v->study)) || val[strlen(v->study)] != '_')
        problem(v, "%s: stable_id %s is not prefixed with %s_", name, val, v->study);
    meta_field(text, "case_list_ids", val, sizeof val);
    char *ids[TSV_COLS_MAX];
    int n = tsv_split(val, ids, TSV_COLS_MAX);
    for (int i = 0; i < n; i++)
        if (!listed(v->samples, v->n_samples, ids[i])) problem(v, "%s: sample %s not in the clinical file", name, ids[i]);
    free(text);
}

static bool case_list_exists(const study_check_t *v, const char *suffix)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/case_lists/cases_%s.txt", v->dir, suffix);
    return access(p, R_OK) == 0;
}

/* One meta file of a molecular profile or the gene panel matrix. */
static void check_profile(study_check_t *v, const char *name, const char *text, char profiles[][64], int *n_profiles)
{
    static const char *const keys[] = {"genetic_alteration_type", "datatype", "data_filename", NULL};
    static const char *const profile_keys[] = {"stable_id", "show_profile_in_analysis_tab", "profile_name",
                                               "profile_description", NULL};
    static const char *const maf_required[] = {"Hugo_Symbol", "NCBI_Build", "Chromosome", "Variant_Classification",
                                               "Reference_Allele", "Tumor_Seq_Allele2", "Tumor_Sample_Barcode",
                                               "HGVSp_Short", NULL};
    static const char *const sv_required[] = {"Sample_Id", "SV_Status", "Site1_Hugo_Symbol", NULL};
    static const char *const sv_status[] = {"SOMATIC", "GERMLINE", NULL};
    char type[64], data[256], id[64];
    need_fields(v, name, text, keys);
    meta_field(text, "datatype", type, sizeof type);
    meta_field(text, "data_filename", data, sizeof data);
    if (strcmp(type, "GENE_PANEL_MATRIX") == 0) return;
    need_fields(v, name, text, profile_keys);
    meta_field(text, "stable_id", id, sizeof id);
    if (*n_profiles < 8) snprintf(profiles[(*n_profiles)++], 64, "%s", id);
    if (!strcmp(type, "MAF")) {
        check_table(v, data, "Tumor_Sample_Barcode", maf_required, "Variant_Classification", maf_classes);
        if (!case_list_exists(v, "sequenced")) problem(v, "%s: mutation data without case_lists/cases_sequenced.txt", name);
    } else if (!strcmp(type, "DISCRETE")) {
        check_cna(v, data);
        if (!case_list_exists(v, "cna")) problem(v, "%s: discrete CNA data without case_lists/cases_cna.txt", name);
    } else if (!strcmp(type, "SV")) {
        check_table(v, data, "Sample_Id", sv_required, "SV_Status", sv_status);
        if (!case_list_exists(v, "sv")) problem(v, "%s: SV data without case_lists/cases_sv.txt", name);
    } else {
        problem(v, "%s: datatype %s is not one this export writes", name, type);
    }
}

/* Every meta_*.txt but the study's and the clinical ones, then the gene panel matrix. */
static void check_profiles(study_check_t *v)
{
    char profiles[8][64];
    int n_profiles = 0;
    bool matrix = false;
    DIR *d = opendir(v->dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        const char *f = e->d_name;
        if (strncmp(f, "meta_", 5) || !strcmp(f, "meta_study.txt") || !strncmp(f, "meta_clinical_", 14)) continue;
        char *text = file_in(v, f), val[128];
        meta_field(text, "cancer_study_identifier", val, sizeof val);
        if (strcmp(val, v->study)) problem(v, "%s: cancer_study_identifier '%s'", f, val);
        matrix |= !strcmp(f, "meta_gene_panel_matrix.txt");
        check_profile(v, f, text, profiles, &n_profiles);
        free(text);
    }
    if (d) closedir(d);
    if (matrix) check_panel_matrix(v, "data_gene_panel_matrix.txt", profiles, n_profiles);
}

static int validate_study(const char *dir, char *first, size_t n)
{
    static const char *const study_keys[] = {"type_of_cancer", "cancer_study_identifier", "name", "description", NULL};
    study_check_t *v = calloc(1, sizeof *v);
    v->dir = dir;
    char *meta = file_in(v, "meta_study.txt");
    if (!meta) problem(v, "meta_study.txt: missing");
    else {
        need_fields(v, "meta_study.txt", meta, study_keys);
        meta_field(meta, "cancer_study_identifier", v->study, sizeof v->study);
        free(meta);
    }
    check_clinical(v, "data_clinical_patient.txt", "PATIENT_ID", v->patients, &v->n_patients);
    check_clinical(v, "data_clinical_sample.txt", "SAMPLE_ID", v->samples, &v->n_samples);
    check_profiles(v);
    char path[1024];
    snprintf(path, sizeof path, "%s/case_lists", dir);
    DIR *cl = opendir(path);
    for (struct dirent *e; cl && (e = readdir(cl)) != NULL;)
        if (e->d_name[0] != '.') check_case_list(v, e->d_name);
    if (cl) closedir(cl);
    if (!case_list_exists(v, "all")) problem(v, "case_lists/cases_all.txt: missing");
    int problems = v->problems;
    snprintf(first, n, "%s", v->first);
    for (int i = 0; i < v->n_samples; i++) free(v->samples[i]);
    for (int i = 0; i < v->n_patients; i++) free(v->patients[i]);
    free(v);
    return problems;
}

/* ---- the tests ---- */

/* A fresh output folder name under work. */
static void out_dir(char *p, size_t n)
{
    snprintf(p, n, "%s/study%d", work, ++n_export);
}

/* Byte equality of every expected file (README.md aside) and no file more or less. */
static void compare_with_expected(const char *dir, const char *sub)
{
    char ed[512], od[512];
    snprintf(ed, sizeof ed, "%s%s", EXPECTED, sub);
    snprintf(od, sizeof od, "%s%s", dir, sub);
    int expected = 0, got = 0;
    DIR *d = opendir(ed);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char a[1024], b[1024];
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "README.md") || !strcmp(e->d_name, "case_lists")) continue;
        expected++;
        snprintf(a, sizeof a, "%s/%s", ed, e->d_name);
        snprintf(b, sizeof b, "%s/%s", od, e->d_name);
        char *x = test_slurp(a), *y = test_slurp(b);
        if (!(x && y && !strcmp(x, y))) fprintf(stderr, "%s differs from %s\n", b, a);
        CHECK(x && y && !strcmp(x, y));
        free(x), free(y);
    }
    if (d) closedir(d);
    d = opendir(od);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        got += e->d_name[0] != '.' && strcmp(e->d_name, "case_lists");
    if (d) closedir(d);
    CHECK_INT(got, expected);
}

static int count_in(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

/* Whether the last run's stderr holds needle (else it is shown). */
static bool err_has(const char *needle)
{
    char p[512];
    snprintf(p, sizeof p, "%s/err", work);
    char *e = test_slurp(p);
    bool yes = e && strstr(e, needle);
    if (!yes) fprintf(stderr, "stderr lacks \"%s\": %s\n", needle, e ? e : "(none)");
    free(e);
    return yes;
}

/* How often needle is in the current target's audit log (`audit list`); -1 when it cannot be listed. */
static int audit_count(const char *needle)
{
    char p[512];
    if (cli_run(work, "audit list --db '%s'", db_target_url) != 0) return -1;
    snprintf(p, sizeof p, "%s/out", work);
    char *log = test_slurp(p);
    int n = count_in(log, needle);
    free(log);
    return n;
}

/* The validator finds nothing wrong in dir (else its first problem is shown). */
static void check_valid(const char *dir)
{
    char first[512];
    int problems = validate_study(dir, first, sizeof first);
    if (problems) fprintf(stderr, "%s: %d problems, the first: %s\n", dir, problems, first);
    CHECK_INT(problems, 0);
}

/* A new registry on the current target, with examples/cases when examples is set. 0 on failure. */
static int new_registry(bool examples)
{
    if (db_target_kind == ONC_DB_POSTGRESQL) {
        char k[512], c[512];
        snprintf(k, sizeof k, "%s/pg.audit-key", work);
        snprintf(c, sizeof c, "%s/pg.audit-checkpoints", work);
        unlink(k), unlink(c);
        setenv("ONCOBOARD_AUDIT_KEY", k, 1);
        setenv("ONCOBOARD_AUDIT_CHECKPOINTS", c, 1);
    } else {
        unsetenv("ONCOBOARD_AUDIT_KEY");
        unsetenv("ONCOBOARD_AUDIT_CHECKPOINTS");
    }
    int rc = cli_run(work, "db init --db '%s'", db_target_url);
    if (rc == 0 && examples) rc = cli_run(work, "db import --db '%s' examples/cases", db_target_url);
    if (rc != 0) fprintf(stderr, "registry: exit %d\n", rc);
    return rc == 0;
}

static void golden_study(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(new_registry(true));
    char dir[512];
    out_dir(dir, sizeof dir);
    CHECK_INT(cli_run(work, "db export --db '%s' --format cbioportal -o %s", db_target_url, dir), 0);
    compare_with_expected(dir, "");
    compare_with_expected(dir, "/case_lists");
    check_valid(dir);
    /* audited: one export entry per patient, committed and anchored */
    CHECK_INT(audit_count("\texport\tpatient\t"), 3);
    CHECK_INT(audit_count("\tcbioportal"), 3);
    CHECK_INT(cli_run(work, "audit verify --db '%s'", db_target_url), 0);
}

static void one_patient_and_refusals(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(new_registry(true));
    char dir[512];
    out_dir(dir, sizeof dir);
    CHECK_INT(cli_run(work, "db export --db '%s' --format cbioportal --patient SYN-KRAS-01 --study-id unit_kras -o %s",
                  db_target_url, dir), 0);
    check_valid(dir);
    char p[600];
    snprintf(p, sizeof p, "%s/case_lists/cases_sequenced.txt", dir);
    char *l = test_slurp(p);
    CHECK(l && strstr(l, "stable_id: unit_kras_sequenced\n") && strstr(l, "case_list_ids: SYN-KRAS-01\n"));
    free(l);
    /* the folder now holds a study: a second export into it is refused */
    CHECK_INT(cli_run(work, "db export --db '%s' --format cbioportal -o %s", db_target_url, dir), 2);
    CHECK(err_has("is not empty"));
    out_dir(dir, sizeof dir);
    CHECK_INT(cli_run(work, "db export --db '%s' --format cbioportal --study-id 'bad-id' -o %s", db_target_url, dir), 2);
    /* a patient without samples: nothing a study can hold */
    snprintf(p, sizeof p, "%s/NOSAMPLE-01.json", work);
    FILE *fp = fopen(p, "w");
    fprintf(fp, "{\"case_format\": 1, \"id\": \"NOSAMPLE-01\", \"sex\": \"male\"}\n");
    fclose(fp);
    CHECK_INT(cli_run(work, "db import --db '%s' %s", db_target_url, p), 0);
    out_dir(dir, sizeof dir);
    CHECK_INT(cli_run(work, "db export --db '%s' --format cbioportal --patient NOSAMPLE-01 -o %s", db_target_url, dir), 2);
    CHECK(err_has("have no samples"));
}

/* The validator rejects what the documentation forbids (each a broken copy of the golden study). */
static void validator_rejects(void)
{
    static const struct {
        const char *file, *from, *to, *why;
    } breaks[] = {
        {"data_mutations_extended.txt", "Missense_Mutation", "missense_variant", "Variant_Classification"},
        {"data_cna.txt", "\t-2\n", "\t-3\n", "value '-3'"},
        {"data_sv.txt", "SOMATIC", "somatic", "SV_Status"},
        {"case_lists/cases_all.txt", "stable_id: oncoboard_registry_all", "stable_id: all", "prefixed"},
        {"data_clinical_sample.txt", "SYN-KRAS-01\tSYN-KRAS-01", "SYN-KRAS-01\tSYN-KRAS-0X", "not in the clinical"},
        {"data_clinical_patient.txt", "#STRING\tSTRING\tNUMBER", "#STRING\tSTRING\tINTEGER", "datatype"},
        {"meta_cna.txt", "stable_id: cna\n", "", "no stable_id"},
        {"data_gene_panel_matrix.txt", "\tstructural_variants", "\tfusions", "no profile's stable_id"},
    };
    char first[512];
    CHECK_INT(validate_study(EXPECTED, first, sizeof first), 0);
    for (size_t i = 0; i < sizeof breaks / sizeof *breaks; i++) {
        char dir[512], cmd[1200], p[1024];
        out_dir(dir, sizeof dir);
        snprintf(cmd, sizeof cmd, "cp -r %s %s", EXPECTED, dir);
        CHECK_INT(system(cmd), 0);
        snprintf(p, sizeof p, "%s/%s", dir, breaks[i].file);
        char *text = test_slurp(p), *at = text ? strstr(text, breaks[i].from) : NULL;
        CHECK(at != NULL);
        if (!at) continue;
        FILE *fp = fopen(p, "w");
        fprintf(fp, "%.*s%s%s", (int)(at - text), text, breaks[i].to, at + strlen(breaks[i].from));
        fclose(fp);
        free(text);
        int problems = validate_study(dir, first, sizeof first);
        if (!problems || !strstr(first, breaks[i].why))
            fprintf(stderr, "break %zu (%s): %d problems, first: %s\n", i, breaks[i].file, problems, first);
        CHECK(problems > 0 && strstr(first, breaks[i].why) != NULL);
    }
}

/* Variants typed with VCF-style indel alleles (tests/data/cbio_export_indel) come out as vcf2maf
 * writes them: the shared first base dropped, "-" for the empty allele, a deletion starting after
 * the anchor base (7675100 ATG>A: 7675101-7675102 TG>-), an insertion spanning the anchor and the
 * next base (7675200 C>CTT: 7675200-7675201 ->TT); no consequence: Unknown. */
static void indel_alleles(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    CHECK(new_registry(false));
    CHECK_INT(cli_run(work, "db import --db '%s' tests/data/cbio_export_indel", db_target_url), 0);
    char dir[512], p[600];
    out_dir(dir, sizeof dir);
    CHECK_INT(cli_run(work, "db export --db '%s' --format cbioportal -o %s", db_target_url, dir), 0);
    check_valid(dir);
    snprintf(p, sizeof p, "%s/data_mutations_extended.txt", dir);
    char *maf = test_slurp(p);
    CHECK(maf && strstr(maf, "\nTP53\tGRCh38\t17\t7675101\t7675102\t+\tUnknown\tDEL\tTG\t-\tINDEL-01\t"));
    CHECK(maf && strstr(maf, "\nTP53\tGRCh38\t17\t7675200\t7675201\t+\tUnknown\tINS\t-\tTT\tINDEL-01\t"));
    free(maf);
}

/* ---- round trips: a cBioPortal study imported (db import --format cbioportal), then exported ---- */

/* Data rows of a table (lines after the header that do not start with '#'); -1 when unreadable. */
static int data_rows(const char *path)
{
    tsv_rows_t t;
    if (tsv_open(&t, path) != 0) return -1;
    int n = 0;
    while (tsv_next_row(&t)) n++;
    return n;
}

/* The cell (column col) of the row whose column key is value, in a table; into out ("" when absent). */
static void cell_of(const char *path, const char *key, const char *value, const char *col, char *out, size_t n)
{
    tsv_rows_t t;
    out[0] = '\0';
    if (tsv_open(&t, path) != 0) return;
    while (tsv_next_row(&t)) {
        const char *k = tsv_cell(&t, key), *v = tsv_cell(&t, col);
        if (k && v && !strcmp(k, value) && !out[0]) snprintf(out, n, "%s", v);
    }
}

/* Imports the study folder src into the current target and exports it to dir. 0 on failure. */
static int import_export(const char *src, char *dir, size_t n)
{
    if (!new_registry(false)) return 0;
    int rc = cli_run(work, "db import --db '%s' --format cbioportal %s", db_target_url, src);
    if (rc != 0) return fprintf(stderr, "import %s: exit %d\n", src, rc), 0;
    out_dir(dir, n);
    rc = cli_run(work, "db export --db '%s' --format cbioportal -o %s", db_target_url, dir);
    if (rc != 0) return fprintf(stderr, "export: exit %d\n", rc), 0;
    return 1;
}

/* tests/data/cbio/mini (written by hand with the four header rows): every clinical value and the
 * metadata of its columns come back, survival included. */
static void mini_round_trip(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    char dir[512], p[600], v[256];
    CHECK(import_export("tests/data/cbio/mini", dir, sizeof dir));
    check_valid(dir);
    snprintf(p, sizeof p, "%s/data_clinical_patient.txt", dir);
    CHECK_INT(data_rows(p), 3);
    static const char *const want[][3] = {
        {"P1", "OS_STATUS", "1:DECEASED"}, {"P1", "OS_MONTHS", "24.5"}, {"P1", "PFS_MONTHS", "6.1"},
        {"P1", "PFS_STATUS", "1:Progressed"}, {"P2", "OS_STATUS", "0:LIVING"}, {"P2", "OS_MONTHS", "30.2"},
        {"P2", "PFS_MONTHS", "12"}, {"P2", "PFS_STATUS", "0:Not Progressed"}, {"P3", "PFS_MONTHS", "3.5"},
        {"P1", "NOTE", "first line osimertinib"}, {"P2", "NOTE", "NA"}, {"P2", "SMOKING_HISTORY", "Former"},
        {"P1", "AGE", "58"}, {"P3", "AGE", "NA"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        cell_of(p, "PATIENT_ID", want[i][0], want[i][1], v, sizeof v);
        if (strcmp(v, want[i][2])) fprintf(stderr, "%s %s: '%s', not '%s'\n", want[i][0], want[i][1], v, want[i][2]);
        CHECK_STR(v, want[i][2]);
    }
    char *text = test_slurp(p);
    /* the study's metadata: SEX priority 9, AGE 8, NOTE 0 and its description */
    CHECK(text && strstr(text, "\n#1\t9\t8\t") && strstr(text, "\tA free-text note.\n") && strstr(text, "\t0\n"));
    free(text);
    snprintf(p, sizeof p, "%s/data_clinical_sample.txt", dir);
    static const char *const want_s[][3] = {
        {"S1b", "SAMPLE_TYPE", "Metastasis"}, {"S3", "SAMPLE_TYPE", "cfDNA"}, {"S1b", "TMB_NONSYNONYMOUS", "7"},
        {"S3", "TMB_NONSYNONYMOUS", "NA"}, {"S2", "CANCER_TYPE_DETAILED", "Lung Squamous Cell Carcinoma"},
    };
    for (size_t i = 0; i < sizeof want_s / sizeof *want_s; i++) {
        cell_of(p, "SAMPLE_ID", want_s[i][0], want_s[i][1], v, sizeof v);
        CHECK_STR(v, want_s[i][2]);
    }
    /* audited: an export entry per patient, and a read of the attributes of the study's three */
    CHECK_INT(audit_count("\tcbioportal"), 3);
    CHECK_INT(audit_count("\tread\tpatient\t"), 3);
    /* with the examples (GRCh38) beside the study (GRCh37) there is no one reference genome */
    CHECK_INT(cli_run(work, "db import --db '%s' examples/cases", db_target_url), 0);
    out_dir(dir, sizeof dir);
    CHECK_INT(cli_run(work, "db export --db '%s' --format cbioportal -o %s", db_target_url, dir), 2);
    CHECK(err_has("the samples are on GRCh37 and GRCh38"));
}

/* nsclc_pd1_msk_2018 (240 patients, MSK-IMPACT; ../shared/data/cohorts, SKIP when absent): the
 * counts and every patient's PFS come back. */
static void nsclc_round_trip(void)
{
    if (access(BIN, X_OK) != 0) SKIP("%s is not built", BIN);
    const char *src = shared_data("cohorts/nsclc_pd1_msk_2018/meta_study.txt");
    if (!src) SKIP("../shared/data/cohorts/nsclc_pd1_msk_2018 is not there");
    char study[512], dir[512], a[700], b[700];
    snprintf(study, sizeof study, "%.*s", (int)(strlen(src) - strlen("/meta_study.txt")), src);
    CHECK(import_export(study, dir, sizeof dir));
    check_valid(dir);
    /* rows of each file: 240 patients and samples, 2,517 mutations (the folder's README), 51 SVs
     * (counted with awk; the README says 50) */
    static const struct {
        const char *from, *to;
        int rows;
    } files[] = {
        {"data_clinical_patient.txt", "data_clinical_patient.txt", 240},
        {"data_clinical_sample.txt", "data_clinical_sample.txt", 240},
        {"data_mutations.txt", "data_mutations_extended.txt", 2517},
        {"data_sv.txt", "data_sv.txt", 51},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(a, sizeof a, "%s/%s", study, files[i].from);
        snprintf(b, sizeof b, "%s/%s", dir, files[i].to);
        CHECK_INT(data_rows(a), files[i].rows);
        CHECK_INT(data_rows(b), files[i].rows);
    }
    /* PFS, patient by patient */
    tsv_rows_t t;
    snprintf(a, sizeof a, "%s/data_clinical_patient.txt", study);
    snprintf(b, sizeof b, "%s/data_clinical_patient.txt", dir);
    int compared = 0, differ = 0;
    if (tsv_open(&t, a) == 0)
        while (tsv_next_row(&t)) {
            const char *id = tsv_cell(&t, "PATIENT_ID");
            for (int k = 0; k < 2; k++) {
                const char *col = k ? "PFS_STATUS" : "PFS_MONTHS", *want = tsv_cell(&t, col);
                char got[128];
                cell_of(b, "PATIENT_ID", id, col, got, sizeof got);
                differ += strcmp(got, want && *want ? want : "NA") != 0;
                compared++;
            }
        }
    CHECK_INT(compared, 480);
    CHECK_INT(differ, 0);
}

static const db_test_t tests[] = {DB_TEST(golden_study),    DB_TEST(one_patient_and_refusals), DB_TEST(indel_alleles),
                                  DB_TEST(mini_round_trip), DB_TEST(nsclc_round_trip),          {NULL, NULL}};

int main(void)
{
    snprintf(work, sizeof work, "/tmp/onc_cbio_XXXXXX");
    if (!mkdtemp(work)) return 1;
    RUN(validator_rejects);
    db_targets_run(tests);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", work);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", work);
    CHECK_EXIT();
}
