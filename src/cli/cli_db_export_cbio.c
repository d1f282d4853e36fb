/* cli_db_export_cbio.c: `oncoboard db export --format cbioportal`: the registry as a cBioPortal
 * study folder, so that the unit can explore it in an institutional cBioPortal.
 *
 * Every patient is read once (onc_store_get_export: the case, the outcome columns, every
 * normalised alteration; one audited `export` per patient) and classified with the built-in
 * knowledge base for the molecular group. Then the study is decided as a whole: one reference
 * genome (a cBioPortal study has one), the cancer type (the OncoTree codes' common ancestor), the
 * gene panels of the samples (cli_db_export_cbio_mol.c) and which sample is in which profile.
 * The files follow cBioPortal's documented formats (docs.cbioportal.org/file-formats, read for
 * this export: "Cancer Study", "Clinical Data", "Case Lists"); the molecular ones are in
 * cli_db_export_cbio_mol.c. Missing clinical values are written NA. docs/registry.md says what
 * each column holds and how survival months are counted.
 */
#include "cli_db_export_cbio.h"

#include "oncoboard/audit.h"
#include "oncoboard/classify.h"
#include "oncoboard/oncotree.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CMD "db export"
#define DEFAULT_STUDY_ID "oncoboard_registry"
#define STUDY_ID_MAX 64

/* Days per month for survival months: 365.25 / 12, the mean month of the Julian year.
 * cBioPortal's documentation gives no factor (OS_MONTHS is "overall survival in months since
 * initial diagnosis"); MSKCC's clinical converters use 0.0328549 months per day, the same month
 * within 0.002%. */
#define DAYS_PER_MONTH 30.4375

const char *const cbio_profile_ids[CBIO_N_PROFILES] = {"mutations", "cna", "structural_variants"};

/* ---- text ---- */

void cbio_puts(cbio_text_t *t, const char *s)
{
    if (s && t->rc == ONC_OK) t->rc = onc_strbuf_puts(&t->b, s);
}

void cbio_printf(cbio_text_t *t, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (t->rc != ONC_OK) return;
    if (n < 0 || (size_t)n >= sizeof buf) t->rc = ONC_ELIMIT; /* our formats are short: a bug */
    else t->rc = onc_strbuf_putsn(&t->b, buf, (size_t)n);
}

void cbio_cell(cbio_text_t *t, const char *s, bool first)
{
    if (!first) cbio_puts(t, "\t");
    for (const char *p = s; p && *p && t->rc == ONC_OK; p++) {
        char ch = (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p;
        t->rc = onc_strbuf_putc(&t->b, ch);
    }
}

int cbio_write(const cbio_study_t *st, const char *name, cbio_text_t *t)
{
    int status = CLI_OK;
    if (t->rc != ONC_OK) {
        cli_error(CMD, "%s: %s", name, t->rc == ONC_ENOMEM ? "out of memory" : "a value passed its size limit");
        status = CLI_INTERNAL;
    } else {
        size_t n = strlen(st->a->out) + strlen(name) + 2;
        char *path = malloc(n);
        if (!path) {
            cli_error(CMD, "out of memory");
            status = CLI_INTERNAL;
        } else {
            snprintf(path, n, "%s/%s", st->a->out, name);
            status = cli_write_text_file(CMD, path, t->b.s ? t->b.s : "");
            free(path);
        }
    }
    onc_strbuf_free(&t->b);
    return status;
}

/* ---- questions about samples ---- */

int cbio_profile_of(onc_alt_kind kind)
{
    switch (kind) {
    case ONC_KIND_MUTATION: return CBIO_MUT;
    case ONC_KIND_AMPLIFICATION:
    case ONC_KIND_GAIN:
    case ONC_KIND_LOSS:
    case ONC_KIND_DELETION: return CBIO_CNA;
    case ONC_KIND_FUSION:
    case ONC_KIND_STRUCTURAL: return CBIO_SV;
    case ONC_KIND_BIOMARKER: return -1;
    }
    return -1;
}

bool cbio_sample_has(const cbio_study_t *st, size_t i, int profile)
{
    const cbio_sample_t *sm = &st->samples[i];
    const onc_store_export_t *x = st->patients[sm->patient].x;
    for (size_t k = 0; k < x->n_alts; k++)
        if (x->alts[k].alt.sample && strcmp(x->alts[k].alt.sample, sm->id) == 0 &&
            cbio_profile_of(x->alts[k].alt.kind) == profile)
            return true;
    return false;
}

const char *cbio_gene(const cbio_study_t *st, const char *gene)
{
    return gene && st->kb ? onc_kb_gene_symbol(st->kb, gene) : gene;
}

/* ---- reading ---- */

/* cBioPortal accepts letters, digits, '.', '_' and '-' in patient and sample ids. */
static bool id_ok(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}

/* The molecular group of the patient's case, copied into the case's arena ("NO_DRIVER" ...). */
static int classify_patient(cbio_study_t *st, cbio_patient_t *p)
{
    onc_classify_opts_t o;
    onc_classify_opts_init(&o);
    onc_classification_t *cl = NULL;
    onc_err_t err = {0};
    if (onc_classify(p->x->c, st->kb, &o, &cl, &err) != ONC_OK) {
        cli_error(CMD, "patient %s: classification: %s", p->x->c->id, err.msg);
        return cli_status_of(err.code);
    }
    bool has_group = cl->group_id != NULL;
    p->group = has_group ? onc_case_strdup(p->x->c, cl->group_id) : NULL;
    onc_classification_free(cl);
    if (has_group && !p->group) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
    return CLI_OK;
}

static int read_patient(cbio_study_t *st, onc_db_t *db, const char *id, cbio_patient_t *p)
{
    onc_err_t err = {0};
    if (onc_store_get_export(db, id, onc_audit_os_actor(), "cbioportal", &p->x, &err) != ONC_OK) {
        cli_error(CMD, "%s", err.msg);
        return cli_status_of(err.code);
    }
    const onc_case_t *c = p->x->c;
    if (!id_ok(c->id)) {
        cli_error(CMD, "patient '%s': cBioPortal accepts only letters, digits, '.', '_' and '-' in a patient id", c->id);
        return CLI_BAD_INPUT;
    }
    for (size_t i = 0; i < c->n_samples; i++)
        if (!id_ok(c->samples[i].id)) {
            cli_error(CMD, "patient %s: sample '%s': cBioPortal accepts only letters, digits, '.', '_' and '-' in a "
                           "sample id", c->id, c->samples[i].id ? c->samples[i].id : "");
            return CLI_BAD_INPUT;
        }
    return classify_patient(st, p);
}

/* Lists every sample; a sample id must be unique in the study (cBioPortal's SAMPLE_ID is). */
static int list_samples(cbio_study_t *st)
{
    size_t n = 0;
    for (size_t i = 0; i < st->n_patients; i++) n += st->patients[i].x->c->n_samples;
    st->samples = n ? calloc(n, sizeof *st->samples) : NULL;
    if (n && !st->samples) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
    for (size_t i = 0; i < st->n_patients; i++) {
        const onc_case_t *c = st->patients[i].x->c;
        for (size_t k = 0; k < c->n_samples; k++) {
            cbio_sample_t *sm = &st->samples[st->n_samples];
            sm->patient = i, sm->s = &c->samples[k], sm->id = c->samples[k].id;
            for (size_t j = 0; j < st->n_samples; j++)
                if (strcmp(st->samples[j].id, sm->id) == 0) {
                    cli_error(CMD, "sample %s belongs to patients %s and %s: cBioPortal needs sample ids unique in "
                                   "a study", sm->id, st->patients[st->samples[j].patient].x->c->id, c->id);
                    return CLI_BAD_INPUT;
                }
            st->n_samples++;
        }
    }
    return CLI_OK;
}

/* The one reference genome of the study: every sample's and alteration's genome must agree. */
static int decide_genome(cbio_study_t *st)
{
    for (size_t i = 0; i < st->n_samples; i++) {
        const cbio_sample_t *sm = &st->samples[i];
        const onc_store_export_t *x = st->patients[sm->patient].x;
        const char *g = sm->s->has_molecular ? sm->s->molecular.genome : NULL;
        for (size_t k = 0; !g && k < x->n_alts; k++)
            if (x->alts[k].sample_index == (size_t)(sm->s - x->c->samples)) g = x->alts[k].alt.genome;
        if (!g) continue;
        if (st->genome && strcmp(st->genome, g) != 0) {
            cli_error(CMD, "the samples are on %s and %s: a cBioPortal study has one reference genome (export each "
                           "genome's patients with --patient)", st->genome, g);
            return CLI_BAD_INPUT;
        }
        st->genome = g;
    }
    return CLI_OK;
}

/* A sample is in a profile when its assay tested genes for it or it has alterations of it. A MAF
 * or SV table cannot hold a sample without records, so those profiles are left out when no sample
 * has one (a study of tested-negative samples would have a data file with a header only); the
 * CNA matrix holds its tested samples' zeros. */
static void decide_profiles(cbio_study_t *st)
{
    bool any[CBIO_N_PROFILES] = {false, true, false};
    for (size_t i = 0; i < st->n_samples; i++)
        for (int p = 0; p < CBIO_N_PROFILES; p++) any[p] |= cbio_sample_has(st, i, p);
    for (size_t i = 0; i < st->n_samples; i++) {
        cbio_sample_t *sm = &st->samples[i];
        for (int p = 0; p < CBIO_N_PROFILES; p++)
            sm->profiled[p] = any[p] && sm->s->has_molecular && (sm->panel[p] || cbio_sample_has(st, i, p));
    }
}

/* ---- the study ---- */

/* type_of_cancer: the lower-case OncoTree code of the patients' common ancestor (luad, nsclc,
 * lung), or "mixed" (cBioPortal's word for several cancer types) when there is none below the
 * root or no patient has a code. */
static char *type_of_cancer(const cbio_study_t *st, char *buf, size_t n)
{
    onc_err_t err = {0};
    onc_oncotree_t *tree = onc_oncotree_load(NULL, &err);
    const onc_tumor_type_t *common = NULL;
    bool any = false, mixed = !tree;
    for (size_t i = 0; tree && !mixed && i < st->n_patients; i++) {
        const char *code = st->patients[i].x->c->diagnosis.oncotree_code;
        const onc_tumor_type_t *t = code ? onc_oncotree_find(tree, code) : NULL;
        if (!t) continue;
        if (!any) common = t, any = true;
        while (common && !onc_tumor_type_is_a(t, common)) common = onc_tumor_type_parent(common);
        if (!common || onc_tumor_type_level(common) == 0) mixed = true;
    }
    const char *code = any && !mixed ? onc_tumor_type_code(common) : "mixed";
    size_t k = 0;
    for (; code[k] && k + 1 < n; k++) buf[k] = (char)(code[k] >= 'A' && code[k] <= 'Z' ? code[k] - 'A' + 'a' : code[k]);
    buf[k] = '\0';
    onc_oncotree_free(tree);
    return buf;
}

static int write_meta_study(const cbio_study_t *st)
{
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    char toc[64];
    cbio_printf(&t, "type_of_cancer: %s\n", type_of_cancer(st, toc, sizeof toc));
    cbio_printf(&t, "cancer_study_identifier: %s\n", st->id);
    cbio_printf(&t, "name: oncoboard registry (%s)\n", st->id);
    cbio_printf(&t, "description: Patients, samples and alterations of an oncoboard registry (%zu patients, %zu "
                    "samples), written by oncoboard db export --format cbioportal.\n",
                st->n_patients, st->n_samples);
    if (st->genome) cbio_printf(&t, "reference_genome: %s\n", strcmp(st->genome, "GRCh38") == 0 ? "hg38" : "hg19");
    return cbio_write(st, "meta_study.txt", &t);
}

static int write_meta_clinical(const cbio_study_t *st, const char *name, const char *datatype, const char *data)
{
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    cbio_printf(&t, "cancer_study_identifier: %s\ngenetic_alteration_type: CLINICAL\ndatatype: %s\ndata_filename: %s\n",
                st->id, datatype, data);
    return cbio_write(st, name, &t);
}

/* ---- clinical attributes ---- */

/* The first imported definition of column id, or NULL. */
static const onc_attr_def_t *imported_def(const cbio_study_t *st, const char *id)
{
    for (size_t i = 0; i < st->catalog.n_defs; i++)
        if (strcmp(st->catalog.defs[i].id, id) == 0) return &st->catalog.defs[i];
    return NULL;
}

/* The header rows: ours, then the imported columns with their own metadata. One of our columns
 * that an imported study also had keeps the study's display name, description and priority (its
 * values are the study's where it gave one), and our datatype. */
static void clinical_header(cbio_text_t *t, const cbio_study_t *st, const cbio_attr_t *attrs, size_t n,
                            const onc_attr_def_t *const *extra, size_t n_extra)
{
    for (int row = 0; row < 5; row++) {
        for (size_t i = 0; i < n + n_extra; i++) {
            const onc_attr_def_t *d = i < n ? imported_def(st, attrs[i].name) : extra[i - n];
            char prio[16];
            snprintf(prio, sizeof prio, "%d", d && d->priority != ONC_INT_MISSING ? (int)d->priority : 1);
            const char *v = row == 0 ? (d && d->display_name ? d->display_name : i < n ? attrs[i].display : d->id)
                          : row == 1 ? (d && d->description ? d->description : i < n ? attrs[i].description : d->id)
                          : row == 2 ? (i < n ? attrs[i].datatype : onc_attr_type_name(d->datatype))
                          : row == 3 ? prio : (i < n ? attrs[i].name : d->id);
            if (i == 0 && row < 4) cbio_puts(t, "#");
            cbio_cell(t, v, i == 0);
        }
        cbio_puts(t, "\n");
    }
}

static bool is_number(const char *s)
{
    char *end;
    if (!s || !*s) return false;
    (void)strtod(s, &end);
    return *end == '\0';
}

/* A cell of one of our columns: the value an imported study gave for it when there is one (and a
 * number where the column is NUMBER), else ours; NA when neither. */
static void cell_value(cbio_text_t *t, const cbio_attr_t *col, const char *imported, const char *ours)
{
    bool use = imported && (strcmp(col->datatype, "NUMBER") != 0 || is_number(imported));
    const char *v = use ? imported : ours;
    cbio_cell(t, v && *v ? v : "NA", false);
}

/* The imported columns after ours. */
static void cells_extra(cbio_text_t *t, const cbio_study_t *st, int level, const cbio_patient_t *p,
                        const char *sample_id)
{
    for (size_t i = 0; i < st->n_extra[level]; i++) {
        const char *v = cbio_attr_value(p, sample_id, st->extra[level][i]->id);
        cbio_cell(t, v ? v : "NA", false);
    }
}

/* Months from a to b (2 decimals) into buf; false when a date is missing or b is before a. */
static bool months_between(onc_date_t a, onc_date_t b, char buf[32])
{
    if (onc_date_is_missing(a) || onc_date_is_missing(b)) return false;
    int32_t days = onc_date_days(b) - onc_date_days(a);
    if (days < 0) return false;
    snprintf(buf, 32, "%.2f", days / DAYS_PER_MONTH);
    return true;
}

static const cbio_attr_t patient_attrs[] = {
    {"PATIENT_ID", "Patient Identifier", "Identifier to uniquely specify a patient.", "STRING"},
    {"SEX", "Sex", "Sex of the patient.", "STRING"},
    {"AGE", "Diagnosis Age", "Age in years at diagnosis (from the birth and diagnosis dates; else the age recorded).",
     "NUMBER"},
    {"SMOKING_HISTORY", "Smoking History", "Never, Former or Current smoker.", "STRING"},
    {"ECOG", "ECOG Performance Status", "ECOG performance status (0-5) as recorded.", "NUMBER"},
    {"STAGE", "Stage", "Stage at diagnosis (AJCC group, or limited/extensive).", "STRING"},
    {"PDL1_TPS", "PD-L1 TPS (%)", "PD-L1 tumor proportion score, percent.", "NUMBER"},
    {"TMB_REPORTED", "TMB Reported (mut/Mb)", "Tumor mutational burden as reported, mutations per megabase.", "NUMBER"},
    {"MOLECULAR_GROUP", "Molecular Group", "Molecular group of the patient's tumor (oncoboard's classifier over all "
     "samples, built-in knowledge base).", "STRING"},
    {"OS_STATUS", "Overall Survival Status", "Overall survival status (death, or alive at last follow-up).", "STRING"},
    {"OS_MONTHS", "Overall Survival (Months)", "Months (days / 30.4375) from diagnosis to death or last follow-up.",
     "NUMBER"},
    {"PFS_STATUS", "Progression Free Status", "Progression of the first line of therapy.", "STRING"},
    {"PFS_MONTHS", "Progress Free Survival (Months)", "Months (days / 30.4375) from the start of the first line to "
     "its progression or to last follow-up.", "NUMBER"},
};
enum { P_ID, P_SEX, P_AGE, P_SMOKING, P_ECOG, P_STAGE, P_PDL1, P_TMB, P_GROUP, P_OS_STATUS, P_OS_MONTHS, P_PFS_STATUS,
       P_PFS_MONTHS, P_N };
#define N_PATIENT_ATTRS (sizeof patient_attrs / sizeof *patient_attrs)

static const char *const sex_words[] = {NULL, "Female", "Male", "Other"};
static const char *const smoking_words[] = {NULL, "Never", "Former", "Current"};

/* OS: from diagnosis to death (1:DECEASED) or to the last follow-up of a patient not recorded
 * dead (0:LIVING). */
static void value_os(const onc_store_export_t *x, const char **status, char months[32])
{
    onc_date_t dx = x->c->diagnosis.date;
    months[0] = '\0';
    *status = NULL;
    if (x->c->outcome.vital_status == ONC_VITAL_DEAD) {
        *status = "1:DECEASED";
        if (!months_between(dx, x->c->outcome.death_date, months)) months[0] = '\0';
    } else if (months_between(dx, x->c->outcome.last_follow_up, months)) {
        *status = "0:LIVING";
    }
}

/* PFS of the first line: to its progression (1:Progressed), or censored at the last follow-up
 * when the line is recorded as not progressed (0:Not Progressed). */
static void value_pfs(const onc_store_export_t *x, const char **status, char months[32])
{
    const onc_therapy_t *first = NULL;
    for (size_t i = 0; i < x->c->n_therapies; i++)
        if (x->c->therapies[i].line == 1) first = &x->c->therapies[i];
    *status = NULL;
    if (first && first->progression == ONC_TRI_TRUE && months_between(first->start, first->progression_date, months))
        *status = "1:Progressed";
    else if (first && first->progression == ONC_TRI_FALSE && months_between(first->start, x->c->outcome.last_follow_up, months))
        *status = "0:Not Progressed";
    else
        months[0] = '\0';
}

/* Our values of a patient, as text (numbers in bufs). */
static void patient_values(const cbio_patient_t *p, const char *v[P_N], char bufs[P_N][32])
{
    const onc_store_export_t *x = p->x;
    const onc_case_t *c = x->c;
    int32_t age = onc_case_age_on(c, c->diagnosis.date);
    memset(bufs, 0, P_N * sizeof bufs[0]);
    if (age != ONC_INT_MISSING) snprintf(bufs[P_AGE], 32, "%d", (int)age);
    if (c->ecog != ONC_INT_MISSING) snprintf(bufs[P_ECOG], 32, "%d", (int)c->ecog);
    if (!isnan(c->biomarkers.pdl1_tps)) snprintf(bufs[P_PDL1], 32, "%g", c->biomarkers.pdl1_tps);
    if (!isnan(c->biomarkers.tmb)) snprintf(bufs[P_TMB], 32, "%g", c->biomarkers.tmb);
    v[P_ID] = c->id;
    v[P_SEX] = c->sex ? sex_words[c->sex] : NULL;
    v[P_AGE] = bufs[P_AGE];
    v[P_SMOKING] = c->smoking ? smoking_words[c->smoking] : NULL;
    v[P_ECOG] = bufs[P_ECOG];
    v[P_STAGE] = c->diagnosis.stage;
    v[P_PDL1] = bufs[P_PDL1];
    v[P_TMB] = bufs[P_TMB];
    v[P_GROUP] = p->group;
    value_os(x, &v[P_OS_STATUS], bufs[P_OS_MONTHS]);
    v[P_OS_MONTHS] = bufs[P_OS_MONTHS];
    value_pfs(x, &v[P_PFS_STATUS], bufs[P_PFS_MONTHS]);
    v[P_PFS_MONTHS] = bufs[P_PFS_MONTHS];
}

static int write_patients(const cbio_study_t *st)
{
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    clinical_header(&t, st, patient_attrs, N_PATIENT_ATTRS, st->extra[0], st->n_extra[0]);
    for (size_t i = 0; i < st->n_patients; i++) {
        const cbio_patient_t *p = &st->patients[i];
        const char *v[P_N];
        char bufs[P_N][32];
        patient_values(p, v, bufs);
        cbio_cell(&t, v[P_ID], true);
        for (int k = 1; k < P_N; k++)
            cell_value(&t, &patient_attrs[k], cbio_attr_value(p, NULL, patient_attrs[k].name), v[k]);
        cells_extra(&t, st, 0, p, NULL);
        cbio_puts(&t, "\n");
    }
    return cbio_write(st, "data_clinical_patient.txt", &t);
}

static const cbio_attr_t sample_attrs[] = {
    {"PATIENT_ID", "Patient Identifier", "Identifier to uniquely specify a patient.", "STRING"},
    {"SAMPLE_ID", "Sample Identifier", "A unique sample identifier.", "STRING"},
    {"ONCOTREE_CODE", "Oncotree Code", "OncoTree code of the patient's diagnosis.", "STRING"},
    {"CANCER_TYPE", "Cancer Type", "OncoTree main type of the diagnosis.", "STRING"},
    {"CANCER_TYPE_DETAILED", "Cancer Type Detailed", "OncoTree name of the diagnosis.", "STRING"},
    {"SAMPLE_TYPE", "Sample Type", "Specimen: Tissue or Plasma (cell-free DNA); the registry does not record primary "
     "or metastatic site.", "STRING"},
    {"GENE_PANEL", "Gene Panel", "The assay's name as recorded.", "STRING"},
};
#define N_SAMPLE_ATTRS (sizeof sample_attrs / sizeof *sample_attrs)

static int write_samples(const cbio_study_t *st)
{
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    onc_err_t err = {0};
    onc_oncotree_t *tree = onc_oncotree_load(NULL, &err);
    clinical_header(&t, st, sample_attrs, N_SAMPLE_ATTRS, st->extra[1], st->n_extra[1]);
    for (size_t i = 0; i < st->n_samples; i++) {
        const cbio_sample_t *sm = &st->samples[i];
        const cbio_patient_t *p = &st->patients[sm->patient];
        const onc_case_t *c = p->x->c;
        const char *code = c->diagnosis.oncotree_code;
        const onc_tumor_type_t *tt = tree && code ? onc_oncotree_find(tree, code) : NULL;
        onc_specimen spec = sm->s->type ? sm->s->type : sm->s->molecular.specimen;
        const char *ours[N_SAMPLE_ATTRS] = {
            c->id, sm->id, code, tt ? onc_tumor_type_main_type(tt) : NULL, tt ? onc_tumor_type_name(tt) : NULL,
            spec == ONC_SPECIMEN_TISSUE ? "Tissue" : spec == ONC_SPECIMEN_PLASMA ? "Plasma" : NULL,
            sm->s->has_molecular ? sm->s->molecular.assay.name : NULL,
        };
        cbio_cell(&t, ours[0], true);
        cbio_cell(&t, ours[1], false);
        for (size_t k = 2; k < N_SAMPLE_ATTRS; k++)
            cell_value(&t, &sample_attrs[k], cbio_attr_value(p, sm->id, sample_attrs[k].name), ours[k]);
        cells_extra(&t, st, 1, p, sm->id);
        cbio_puts(&t, "\n");
    }
    onc_oncotree_free(tree);
    return cbio_write(st, "data_clinical_sample.txt", &t);
}

/* ---- case lists ---- */

typedef struct cbio_case_list {
    const char *file, *suffix, *name, *what, *category;
    int profile;   /* -1: every sample; CBIO_N_PROFILES: mutations and CNA */
} cbio_case_list_t;

static const cbio_case_list_t case_lists[] = {
    {"cases_all.txt", "all", "All samples", "All samples", "all_cases_in_study", -1},
    {"cases_sequenced.txt", "sequenced", "Samples with mutation data", "Samples with mutation data",
     "all_cases_with_mutation_data", CBIO_MUT},
    {"cases_cna.txt", "cna", "Samples with CNA data", "Samples with copy-number data", "all_cases_with_cna_data",
     CBIO_CNA},
    {"cases_cnaseq.txt", "cnaseq", "Samples with mutation and CNA data", "Samples with mutation and copy-number data",
     "all_cases_with_mutation_and_cna_data", CBIO_N_PROFILES},
    {"cases_sv.txt", "sv", "Samples with SV data", "Samples with structural variant data", "all_cases_with_sv_data",
     CBIO_SV},
};

static bool in_list(const cbio_sample_t *sm, int profile)
{
    if (profile < 0) return true;
    if (profile == CBIO_N_PROFILES) return sm->profiled[CBIO_MUT] && sm->profiled[CBIO_CNA];
    return sm->profiled[profile];
}

/* A list without samples is not written (its profile is not either). */
static int write_case_list(const cbio_study_t *st, const cbio_case_list_t *l)
{
    size_t n = 0;
    for (size_t i = 0; i < st->n_samples; i++) n += in_list(&st->samples[i], l->profile);
    if (!n && l->profile >= 0) return CLI_OK;
    cbio_text_t t = {ONC_STRBUF_INIT, ONC_OK};
    cbio_printf(&t, "cancer_study_identifier: %s\nstable_id: %s_%s\ncase_list_name: %s\n", st->id, st->id, l->suffix,
                l->name);
    cbio_printf(&t, "case_list_description: %s (%zu samples)\ncase_list_category: %s\ncase_list_ids:", l->what, n,
                l->category);
    bool first = true;
    for (size_t i = 0; i < st->n_samples; i++)
        if (in_list(&st->samples[i], l->profile)) {
            cbio_puts(&t, first ? " " : "\t");
            cbio_cell(&t, st->samples[i].id, true);
            first = false;
        }
    cbio_puts(&t, "\n");
    char name[64];
    snprintf(name, sizeof name, "case_lists/%s", l->file);
    return cbio_write(st, name, &t);
}

static int write_case_lists(const cbio_study_t *st)
{
    size_t n = strlen(st->a->out) + sizeof "/case_lists";
    char *dir = malloc(n);
    if (!dir) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
    snprintf(dir, n, "%s/case_lists", st->a->out);
    int status = CLI_OK;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error(CMD, "%s: cannot create the folder: %s", dir, strerror(errno));
        status = CLI_BAD_INPUT;
    }
    free(dir);
    for (size_t i = 0; status == CLI_OK && i < sizeof case_lists / sizeof *case_lists; i++)
        status = write_case_list(st, &case_lists[i]);
    return status;
}

/* ---- the format ---- */

static int check_study_id(const char *id)
{
    size_t n = strlen(id);
    bool ok = n > 0 && n <= STUDY_ID_MAX;
    for (const char *s = id; ok && *s; s++)
        ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_';
    if (ok) return CLI_OK;
    return cli_usage_error(CMD, "--study-id '%s': letters, digits and '_' only, at most %d characters", id, STUDY_ID_MAX);
}

/* A study folder is written into a new or empty folder: files of an earlier export (a profile
 * this one does not have) would otherwise be loaded with it. */
static int check_empty_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return cli_error(CMD, "%s: cannot read the folder: %s", dir, strerror(errno)), CLI_BAD_INPUT;
    bool empty = true;
    for (struct dirent *e; empty && (e = readdir(d)) != NULL;)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    if (empty) return CLI_OK;
    cli_error(CMD, "%s is not empty: a cBioPortal study is written into a new or empty folder (files of an earlier "
                   "export would be loaded with it)", dir);
    return CLI_BAD_INPUT;
}

static int read_all(cbio_study_t *st, onc_db_t *db, const char *const *ids, size_t n)
{
    onc_err_t err = {0};
    if (!(st->kb = onc_kb_load(NULL, &err))) {
        cli_error(CMD, "the built-in knowledge base: %s", err.msg);
        return CLI_INTERNAL;
    }
    if (n && !(st->patients = calloc(n, sizeof *st->patients))) return cli_error(CMD, "out of memory"), CLI_INTERNAL;
    int status = CLI_OK;
    for (size_t i = 0; status == CLI_OK && i < n; i++) {
        status = read_patient(st, db, ids[i], &st->patients[i]);
        if (st->patients[i].x) st->n_patients = i + 1;
    }
    return status;
}

static int write_study(cbio_study_t *st)
{
    int status = list_samples(st);
    if (status == CLI_OK && st->n_samples == 0) {
        cli_error(CMD, "the patients exported have no samples: a cBioPortal study needs at least one");
        status = CLI_BAD_INPUT;
    }
    if (status == CLI_OK) status = decide_genome(st);
    if (status == CLI_OK) status = cbio_build_panels(st);
    if (status == CLI_OK) decide_profiles(st);
    if (status == CLI_OK) status = write_meta_study(st);
    if (status == CLI_OK)
        status = write_meta_clinical(st, "meta_clinical_patient.txt", "PATIENT_ATTRIBUTES", "data_clinical_patient.txt");
    if (status == CLI_OK) status = write_patients(st);
    if (status == CLI_OK)
        status = write_meta_clinical(st, "meta_clinical_sample.txt", "SAMPLE_ATTRIBUTES", "data_clinical_sample.txt");
    if (status == CLI_OK) status = write_samples(st);
    if (status == CLI_OK) status = cbio_write_molecular(st);
    if (status == CLI_OK) status = write_case_lists(st);
    return status;
}

int cli_export_cbioportal(onc_db_t *db, const cli_export_args_t *a, const char *const *ids, size_t n)
{
    cbio_study_t st = {.a = a, .id = a->study_id ? a->study_id : DEFAULT_STUDY_ID};
    int status = check_study_id(st.id);
    if (status == CLI_OK) status = check_empty_folder(a->out);
    if (status == CLI_OK && n == 0) {
        cli_error(CMD, "the registry has no patients: a cBioPortal study needs at least one sample");
        status = CLI_BAD_INPUT;
    }
    if (status == CLI_OK) status = read_all(&st, db, ids, n);
    if (status == CLI_OK) status = cbio_attrs_read(&st, db);
    if (status == CLI_OK)
        status = cbio_attrs_columns(&st, patient_attrs, N_PATIENT_ATTRS, sample_attrs, N_SAMPLE_ATTRS);
    if (status == CLI_OK) status = write_study(&st);
    if (status == CLI_OK)
        fprintf(stderr, "oncoboard db export: cBioPortal study %s (%zu patients, %zu samples) written to %s\n", st.id,
                st.n_patients, st.n_samples, a->out);
    cbio_attrs_free(&st);
    for (size_t i = 0; i < st.n_patients; i++) onc_store_export_free(st.patients[i].x);
    free(st.patients);
    free(st.samples);
    cbio_panels_free(&st);
    onc_kb_free(st.kb);
    return status;
}
