/* test_match_ext.c: the CTML extension keys (src/match/match_ext*.c, docs/ctml-extensions.md)
 * on hand-built cases: every key, each of its three outcomes and its text, negation, boundary
 * values, missing dates, unit mismatches and malformed values. Expected outcomes follow from
 * the key's documented rule and the case as built here; the agent classes from
 * kb/agent_classes.tsv, the histologies from kb/oncotree.tsv. */
#include "check.h"
#include "match/match_ext.h"
#include "match/match_ext_int.h"

static onc_oncotree_t *tree;
static onc_date_t today = {2026, 3, 1};
static char text[2048];
static onc_err_t err;

/* Compiles `key: VALUE` (YAML) as the clinical leaf of a trial would hold it. */
static match_ext_cond_t *compile(const char *key, const char *yaml_value)
{
    char doc_text[1024];
    snprintf(doc_text, sizeof doc_text, "%s: %s\n", key, yaml_value);
    memset(&err, 0, sizeof err);
    onc_doc_t *d = onc_doc_parse(doc_text, strlen(doc_text), "trial.yaml", ONC_DOC_YAML, NULL, &err);
    if (!d) return NULL;
    match_ext_cond_t *c = NULL;
    json_t *v = json_object_get(onc_doc_root(d), key);
    char field[128];
    snprintf(field, sizeof field, "match[0].clinical.%s", key);
    if (match_ext_compile(key, v, d, onc_doc_line(d, v), field, tree, &c, &err)) c = NULL;
    onc_doc_free(d);
    return c;
}

/* Evaluates and frees the condition; text gets its text. */
static onc_tri eval_free(match_ext_cond_t *c, const onc_case_t *cs)
{
    text[0] = 0;
    if (!c) return (onc_tri)-1;
    match_ext_env_t env = {cs, NULL, NULL, tree, today};
    onc_strbuf_t b = ONC_STRBUF_INIT;
    onc_tri t = match_ext_eval(c, &env, &b);
    snprintf(text, sizeof text, "%s", onc_strbuf_str(&b));
    onc_strbuf_free(&b);
    match_ext_free(c);
    return t;
}

static onc_tri ev(const char *key, const char *yaml_value, const onc_case_t *cs)
{
    return eval_free(compile(key, yaml_value), cs);
}

/* The message of a value that must be refused. */
static const char *refused(const char *key, const char *yaml_value)
{
    match_ext_cond_t *c = compile(key, yaml_value);
    if (c) {
        match_ext_free(c);
        return "(accepted)";
    }
    return err.msg;
}

static onc_date_t date(int y, int m, int d) { return (onc_date_t){y, m, d}; }

static void add_therapy(onc_case_t *c, int line, const char *agent1, const char *agent2, onc_date_t end,
                        onc_tri progression)
{
    onc_therapy_t *grown = onc_case_alloc(c, (c->n_therapies + 1) * sizeof *grown);
    if (c->n_therapies) memcpy(grown, c->therapies, c->n_therapies * sizeof *grown);
    onc_therapy_t *t = &grown[c->n_therapies];
    onc_therapy_init(t);
    t->line = line;
    t->agents = onc_case_alloc(c, 2 * sizeof *t->agents);
    t->agents[t->n_agents++] = onc_case_strdup(c, agent1);
    if (agent2) t->agents[t->n_agents++] = onc_case_strdup(c, agent2);
    t->end = end;
    t->progression = progression;
    c->therapies = grown;
    c->n_therapies++;
}

static void add_lab(onc_case_t *c, const char *name, double value, const char *unit, double uln, onc_date_t d)
{
    onc_lab_t *grown = onc_case_alloc(c, (c->n_labs + 1) * sizeof *grown);
    if (c->n_labs) memcpy(grown, c->labs, c->n_labs * sizeof *grown);
    onc_lab_t *l = &grown[c->n_labs];
    onc_lab_init(l);
    l->name = onc_case_strdup(c, name);
    l->unit = unit ? onc_case_strdup(c, unit) : NULL;
    l->value = value;
    l->uln = uln;
    l->date = d;
    c->labs = grown;
    c->n_labs++;
}

static const onc_date_t NODATE = {0, 0, 0};

/* ---- keys ---- */

static void keys_are_known(void)
{
    static const char *const keys[] = {"ecog", "prior_lines", "line_of_therapy", "prior_therapy", "washout",
                                       "pdl1_tps", "pdl1_cps", "pdl1_clone", "brain_metastases", "stage",
                                       "histology", "measurable_disease", "lab", NULL};
    for (size_t i = 0; keys[i]; i++) CHECK(match_ext_is_key(keys[i]));
    CHECK(!match_ext_is_key("oncotree_primary_diagnosis")); /* MatchMiner's own keys are the core's */
    CHECK(!match_ext_is_key("ECOG"));
    CHECK(!match_ext_is_key("alteration"));
    match_ext_cond_t *c = compile("pdl1_tps", "\">=50\"");
    CHECK(c && match_ext_class_of(c) == MATCH_EXT_BIOMARKER);
    match_ext_free(c);
    c = compile("ecog", "\"<=1\"");
    CHECK(c && match_ext_class_of(c) == MATCH_EXT_CLINICAL_DETAIL);
    match_ext_free(c);
    match_ext_free(NULL);
}

static void ecog(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("ecog", "\"<=1\"", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "ECOG not recorded");
    c->ecog = 1;
    CHECK_INT(ev("ecog", "\"<=1\"", c), ONC_TRI_TRUE);
    CHECK_STR(text, "ECOG 1");
    c->ecog = 2;
    CHECK_INT(ev("ecog", "\"<=1\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "ECOG 2 > 1");
    CHECK_INT(ev("ecog", "\"<2\"", c), ONC_TRI_FALSE); /* boundary: 2 < 2 is false */
    CHECK_STR(text, "ECOG 2 >= 2");
    CHECK_INT(ev("ecog", "\">=2\"", c), ONC_TRI_TRUE);
    CHECK_INT(ev("ecog", "2", c), ONC_TRI_TRUE); /* an integer is == */
    CHECK_INT(ev("ecog", "[0, 1]", c), ONC_TRI_FALSE);
    CHECK_STR(text, "ECOG 2 (allowed: 0, 1)");
    CHECK_INT(ev("ecog", "[0, 1, 2]", c), ONC_TRI_TRUE);
    c->ecog = 0;
    CHECK_INT(ev("ecog", "\"==0\"", c), ONC_TRI_TRUE);
    CHECK_INT(eval_free(compile("ecog", "\"<=1\""), NULL), ONC_TRI_UNKNOWN); /* MatchMiner patients */
    CHECK_STR(text, "ECOG not recorded");
    onc_case_free(c);
}

static void malformed_values(void)
{
    CHECK_STR(refused("ecog", "\"=<1\""),
              "trial.yaml:1: field match[0].clinical.ecog: expected a comparison such as \"<=1\" (== <= >= < > and an "
              "integer from 0 to 5)");
    CHECK(strstr(refused("ecog", "7"), "expected an integer from 0 to 5, got 7"));
    CHECK(strstr(refused("ecog", "\"<=1.5\""), "expected a comparison"));
    CHECK(strstr(refused("ecog", "[0, \"1\"]"), "expected a list of ECOG values"));
    CHECK(strstr(refused("pdl1_tps", "\">=150\""), "score from 0 to 100"));
    CHECK(strstr(refused("pdl1_tps", "50"), "expected a comparison"));
    CHECK(strstr(refused("brain_metastases", "[\"none\", \"!active\"]"), "mixes values with and without '!'"));
    CHECK(strstr(refused("brain_metastases", "stable"), "unknown value \"stable\"; expected none, treated or active"));
    CHECK(strstr(refused("stage", "T2N0"), "\"T2N0\" is not an AJCC stage group"));
    CHECK(strstr(refused("stage", "IIIIA"), "is not an AJCC stage group"));
    CHECK(strstr(refused("histology", "LUSC"), "unknown value \"LUSC\"; expected squamous, non-squamous"));
    CHECK(strstr(refused("measurable_disease", "yes"), "expected true or false")); /* YAML 1.2: yes is a string */
    CHECK(strstr(refused("prior_lines", "\">=-1\""), "integer from 0 to 50"));
    CHECK(strstr(refused("prior_therapy", "osimertinib"), "expected {agent: INN} or {class: NAME}"));
    CHECK(strstr(refused("prior_therapy", "{agent: osimertinib, class: EGFR TKI}"), "give agent or class, not both"));
    CHECK_STR(refused("prior_therapy", "{class: EGFR inhibitor}"),
              "trial.yaml:1: field match[0].clinical.prior_therapy.class: unknown class \"EGFR inhibitor\" "
              "(kb/agent_classes.tsv has: EGFR TKI; ALK TKI; ROS1 TKI; KRAS G12C inhibitor; MET TKI; RET inhibitor; "
              "BRAF inhibitor; MEK inhibitor; anti-PD-1; anti-PD-L1; anti-PD-(L)1; anti-CTLA-4; platinum; taxane; "
              "pemetrexed; docetaxel; antibody-drug conjugate; anti-HER2; anti-VEGF(R))");
    CHECK(strstr(refused("prior_therapy", "{agent: osimertinib, progressed: true}"),
                 "field match[0].clinical.prior_therapy.progressed: unknown member"));
    CHECK(strstr(refused("prior_therapy", "{agent: osimertinib, progression: yes}"), "progression: expected true or false"));
    CHECK(strstr(refused("washout", "{weeks: 4}"), "washout.weeks: unknown member"));
    CHECK(strstr(refused("washout", "{class: platinum}"), "expected days: an integer"));
    CHECK(strstr(refused("washout", "{days: 28, class: \"!platinum\"}"), "'!' is not allowed here"));
    CHECK(strstr(refused("lab", "{name: neutrophils, min: 1.5}"), "min and max need the unit"));
    CHECK(strstr(refused("lab", "{name: ALT}"), "expected a limit"));
    CHECK(strstr(refused("lab", "{max_uln: 2.5}"), "expected name"));
    CHECK(strstr(refused("lab", "{name: ALT, max_uln: -1}"), "lab.max_uln: expected a number >= 0"));
    CHECK(strstr(refused("lab", "{name: ALT, max_uln: 2.5, within_days: 1.5}"), "lab.within_days: expected an integer"));
    CHECK(strstr(refused("pdl1_clone", "E1L3N"), "expected 22C3, SP263, SP142 or 28-8"));
    CHECK(strstr(refused("ecog", "null"), "a value is required"));
    CHECK(strstr(refused("stage", "[]"), "at least one value"));
}

static void pdl1(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("pdl1_tps", "\">=50\"", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "PD-L1 not tested");
    CHECK_INT(ev("pdl1_cps", "\">=1\"", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "PD-L1 CPS not tested");
    CHECK_INT(ev("pdl1_clone", "22C3", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "PD-L1 not tested");
    c->biomarkers.pdl1_tps = 50;
    CHECK_INT(ev("pdl1_tps", "\">=50\"", c), ONC_TRI_TRUE); /* boundary */
    CHECK_STR(text, "PD-L1 TPS 50%");
    CHECK_INT(ev("pdl1_tps", "\">=50%\"", c), ONC_TRI_TRUE);
    CHECK_INT(ev("pdl1_tps", "\"<50\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "PD-L1 TPS 50% >= 50");
    c->biomarkers.pdl1_tps = 20;
    CHECK_INT(ev("pdl1_tps", "\">=50\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "PD-L1 TPS 20% < 50");
    CHECK_INT(ev("pdl1_tps", "[\">=1\", \"<50\"]", c), ONC_TRI_TRUE); /* the 1-49% range */
    c->biomarkers.pdl1_tps = 0.5;
    CHECK_INT(ev("pdl1_tps", "[\">=1\", \"<50\"]", c), ONC_TRI_FALSE);
    CHECK_STR(text, "PD-L1 TPS 0.5% < 1");
    CHECK_INT(ev("pdl1_tps", "\"<1\"", c), ONC_TRI_TRUE);
    CHECK_INT(ev("pdl1_cps", "\">=1\"", c), ONC_TRI_UNKNOWN); /* TPS is not CPS */
    c->biomarkers.pdl1_cps = 10;
    CHECK_INT(ev("pdl1_cps", "\">=10\"", c), ONC_TRI_TRUE);
    CHECK_STR(text, "PD-L1 CPS 10");
    CHECK_INT(ev("pdl1_clone", "22C3", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "PD-L1 clone not recorded");
    c->biomarkers.pdl1_clone = ONC_PDL1_CLONE_SP263;
    CHECK_INT(ev("pdl1_clone", "[22C3, sp263]", c), ONC_TRI_TRUE);
    CHECK_STR(text, "PD-L1 clone SP263");
    CHECK_INT(ev("pdl1_clone", "22C3", c), ONC_TRI_FALSE);
    CHECK_STR(text, "PD-L1 clone SP263 (required: 22C3)");
    CHECK_INT(ev("pdl1_clone", "\"!SP263\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "PD-L1 clone SP263 (excluded: SP263)");
    CHECK_INT(ev("pdl1_clone", "\"!SP142\"", c), ONC_TRI_TRUE);
    onc_case_free(c);
}

static void brain_metastases(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("brain_metastases", "\"!active\"", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "brain metastases not recorded");
    c->diagnosis.brain_metastases = ONC_BRAIN_METS_TREATED;
    CHECK_INT(ev("brain_metastases", "\"!active\"", c), ONC_TRI_TRUE);
    CHECK_STR(text, "treated brain metastases");
    CHECK_INT(ev("brain_metastases", "none", c), ONC_TRI_FALSE);
    CHECK_STR(text, "treated brain metastases (allowed: none)");
    CHECK_INT(ev("brain_metastases", "[none, treated]", c), ONC_TRI_TRUE);
    c->diagnosis.brain_metastases = ONC_BRAIN_METS_ACTIVE;
    CHECK_INT(ev("brain_metastases", "\"!active\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "active brain metastases (excluded: active)");
    c->diagnosis.brain_metastases = ONC_BRAIN_METS_NONE;
    CHECK_INT(ev("brain_metastases", "NONE", c), ONC_TRI_TRUE);
    CHECK_STR(text, "no brain metastases");
    onc_case_free(c);
}

static void stage(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("stage", "IV", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "stage not recorded");
    c->diagnosis.stage = "IVB";
    CHECK_INT(ev("stage", "IV", c), ONC_TRI_TRUE);
    CHECK_STR(text, "stage IVB");
    CHECK_INT(ev("stage", "IVA", c), ONC_TRI_FALSE);
    CHECK_STR(text, "stage IVB (required: IVA)");
    CHECK_INT(ev("stage", "I", c), ONC_TRI_FALSE); /* I is not a prefix of IV in stage terms */
    CHECK_INT(ev("stage", "[IIIB, IIIC, IV]", c), ONC_TRI_TRUE);
    CHECK_INT(ev("stage", "\"!IV\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "stage IVB (excluded: IV)");
    c->diagnosis.stage = "IIIA";
    CHECK_INT(ev("stage", "III", c), ONC_TRI_TRUE);
    CHECK_INT(ev("stage", "IIIB", c), ONC_TRI_FALSE);
    CHECK_INT(ev("stage", "II", c), ONC_TRI_FALSE);
    CHECK_INT(ev("stage", "\"!IV\"", c), ONC_TRI_TRUE);
    c->diagnosis.stage = "IA1";
    CHECK_INT(ev("stage", "I", c), ONC_TRI_TRUE);
    CHECK_INT(ev("stage", "IA", c), ONC_TRI_TRUE);
    CHECK_INT(ev("stage", "IA2", c), ONC_TRI_FALSE);
    c->diagnosis.stage = "III"; /* no substage: it may or may not be IIIB */
    CHECK_INT(ev("stage", "IIIB", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "stage III: substage needed for IIIB");
    CHECK_INT(ev("stage", "[IIIB, IIIC, IV]", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("stage", "\"!IIIB\"", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("stage", "III", c), ONC_TRI_TRUE);
    CHECK_INT(ev("stage", "[IIIA, IV]", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("stage", "IV", c), ONC_TRI_FALSE);
    c->diagnosis.stage = "extensive";
    CHECK_INT(ev("stage", "extensive", c), ONC_TRI_TRUE);
    CHECK_INT(ev("stage", "IV", c), ONC_TRI_FALSE);
    c->diagnosis.stage = "T2N1M0";
    CHECK_INT(ev("stage", "IV", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "stage \"T2N1M0\" is not an AJCC stage group");
    onc_case_free(c);
}

static void histology(void)
{
    if (!tree) SKIP("OncoTree not loaded");
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("histology", "squamous", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "diagnosis not recorded");
    c->diagnosis.oncotree_code = "LUSC";
    CHECK_INT(ev("histology", "squamous", c), ONC_TRI_TRUE);
    CHECK_STR(text, "Lung Squamous Cell Carcinoma (LUSC)");
    CHECK_INT(ev("histology", "non-squamous", c), ONC_TRI_FALSE);
    CHECK_STR(text, "Lung Squamous Cell Carcinoma (LUSC) (required: non-squamous)");
    CHECK_INT(ev("histology", "non-small cell", c), ONC_TRI_TRUE);
    CHECK_INT(ev("histology", "\"!squamous\"", c), ONC_TRI_FALSE);
    c->diagnosis.oncotree_code = "MLUAD"; /* under LUAD */
    CHECK_INT(ev("histology", "adenocarcinoma", c), ONC_TRI_TRUE);
    CHECK_INT(ev("histology", "non-squamous", c), ONC_TRI_TRUE);
    CHECK_INT(ev("histology", "squamous", c), ONC_TRI_FALSE);
    c->diagnosis.oncotree_code = "NSCLC"; /* not otherwise specified */
    CHECK_INT(ev("histology", "squamous", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "Non-Small Cell Lung Cancer (NSCLC): undetermined whether squamous");
    CHECK_INT(ev("histology", "non-squamous", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("histology", "adenocarcinoma", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("histology", "non-small cell", c), ONC_TRI_TRUE);
    CHECK_INT(ev("histology", "small cell", c), ONC_TRI_FALSE);
    c->diagnosis.oncotree_code = "LUAS"; /* adenosquamous: neither clearly */
    CHECK_INT(ev("histology", "squamous", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("histology", "non-squamous", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("histology", "adenosquamous", c), ONC_TRI_TRUE);
    c->diagnosis.oncotree_code = "SCLC";
    CHECK_INT(ev("histology", "small cell", c), ONC_TRI_TRUE);
    CHECK_INT(ev("histology", "non-squamous", c), ONC_TRI_FALSE); /* SCLC is not under NSCLC */
    CHECK_INT(ev("histology", "non-small cell", c), ONC_TRI_FALSE);
    c->diagnosis.oncotree_code = "LUNG"; /* the tissue: any lung histology may be it */
    CHECK_INT(ev("histology", "small cell", c), ONC_TRI_UNKNOWN);
    c->diagnosis.oncotree_code = "BRCA";
    CHECK_INT(ev("histology", "squamous", c), ONC_TRI_FALSE);
    c->diagnosis.oncotree_code = "NOSUCH";
    CHECK_INT(ev("histology", "squamous", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "diagnosis NOSUCH not in OncoTree");
    onc_case_free(c);
}

static void measurable(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("measurable_disease", "true", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "measurable disease not recorded");
    c->diagnosis.measurable_disease = ONC_TRI_TRUE;
    CHECK_INT(ev("measurable_disease", "true", c), ONC_TRI_TRUE);
    CHECK_STR(text, "measurable disease (RECIST 1.1)");
    CHECK_INT(ev("measurable_disease", "false", c), ONC_TRI_FALSE);
    c->diagnosis.measurable_disease = ONC_TRI_FALSE;
    CHECK_INT(ev("measurable_disease", "true", c), ONC_TRI_FALSE);
    CHECK_STR(text, "no measurable disease");
    onc_case_free(c);
}

static void lines(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("prior_lines", "\"==0\"", c), ONC_TRI_UNKNOWN); /* no therapies: not recorded */
    CHECK_STR(text, "prior therapies not recorded");
    add_therapy(c, 1, "carboplatin", "pemetrexed", date(2025, 6, 1), ONC_TRI_TRUE);
    add_therapy(c, 1, "pembrolizumab", NULL, date(2025, 12, 1), ONC_TRI_TRUE); /* maintenance: same line */
    CHECK_INT(ev("prior_lines", "\"<=1\"", c), ONC_TRI_TRUE);
    CHECK_STR(text, "1 prior line");
    CHECK_INT(ev("prior_lines", "\">=2\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "1 prior line < 2");
    CHECK_INT(ev("line_of_therapy", "2", c), ONC_TRI_TRUE);
    CHECK_STR(text, "line 2");
    add_therapy(c, 2, "docetaxel", NULL, date(2026, 2, 1), ONC_TRI_TRUE);
    CHECK_INT(ev("prior_lines", "\"<=1\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "2 prior lines > 1");
    CHECK_INT(ev("line_of_therapy", "\">=3\"", c), ONC_TRI_TRUE);
    add_therapy(c, ONC_INT_MISSING, "nivolumab", NULL, NODATE, ONC_TRI_UNKNOWN); /* 2 or 3 lines */
    CHECK_INT(ev("prior_lines", "\">=2\"", c), ONC_TRI_TRUE);
    CHECK_INT(ev("prior_lines", "\"<=2\"", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "2-3 prior lines (therapies without a line number)");
    CHECK_INT(ev("prior_lines", "\">=4\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "2-3 prior lines < 4");
    onc_case_free(c);
    c = onc_case_new();
    add_therapy(c, 3, "docetaxel", NULL, NODATE, ONC_TRI_UNKNOWN); /* line 3: two lines before it */
    CHECK_INT(ev("prior_lines", "\"==3\"", c), ONC_TRI_TRUE);
    onc_case_free(c);
}

static void prior_therapy(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("prior_therapy", "{agent: osimertinib}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "prior therapies not recorded");
    add_therapy(c, 1, "osimertinib", NULL, date(2026, 1, 10), ONC_TRI_TRUE);
    add_therapy(c, 2, "carboplatin", "pemetrexed", date(2026, 2, 1), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("prior_therapy", "{agent: osimertinib}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "prior osimertinib (line 1)");
    CHECK_INT(ev("prior_therapy", "{agent: Osimertinib, progression: true}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "prior osimertinib (line 1), progressed");
    CHECK_INT(ev("prior_therapy", "{class: EGFR TKI, progression: true}", c), ONC_TRI_TRUE);
    CHECK_INT(ev("prior_therapy", "{class: egfr tki, progression: false}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "osimertinib (line 1), progressed");
    CHECK_INT(ev("prior_therapy", "{class: \"!EGFR TKI\"}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "prior osimertinib (line 1)");
    CHECK_INT(ev("prior_therapy", "{class: \"!anti-PD-(L)1\"}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "no prior anti-PD-(L)1");
    CHECK_INT(ev("prior_therapy", "{class: anti-PD-(L)1}", c), ONC_TRI_FALSE);
    CHECK_INT(ev("prior_therapy", "{class: platinum, progression: true}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "carboplatin (line 2): progression not recorded");
    CHECK_INT(ev("prior_therapy", "{class: \"!platinum\", progression: true}", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("prior_therapy", "{class: pemetrexed}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "prior pemetrexed (line 2)");
    CHECK_INT(ev("prior_therapy", "{class: docetaxel}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "no prior docetaxel");
    c->therapies[1].best_response = ONC_RECIST_PD; /* best response PD: it progressed */
    CHECK_INT(ev("prior_therapy", "{class: platinum, progression: true}", c), ONC_TRI_TRUE);
    c->therapies[1].best_response = ONC_RECIST_SD;
    c->therapies[1].progression_date = date(2026, 1, 25); /* a progression date says the same */
    CHECK_INT(ev("prior_therapy", "{class: platinum, progression: true}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "prior carboplatin (line 2), progressed");
    c->therapies[1].progression_date = NODATE;
    add_therapy(c, 3, "atezolizumab", NULL, NODATE, ONC_TRI_FALSE);
    CHECK_INT(ev("prior_therapy", "{class: anti-PD-(L)1}", c), ONC_TRI_TRUE); /* PD-L1 counts for PD-(L)1 */
    CHECK_INT(ev("prior_therapy", "{class: anti-PD-1}", c), ONC_TRI_FALSE);
    CHECK_INT(ev("prior_therapy", "{class: anti-PD-L1, progression: true}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "atezolizumab (line 3) without progression");
    onc_case_free(c);
}

static void washout(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("washout", "{days: 28}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "prior therapies not recorded");
    add_therapy(c, 1, "osimertinib", NULL, date(2026, 1, 10), ONC_TRI_TRUE);
    /* today 2026-03-01: 2026-01-10 is 21 + 28 + 1 = 50 days before */
    CHECK_INT(ev("washout", "{days: 28}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "last systemic therapy ended 2026-01-10 (50 days >= 28)");
    CHECK_INT(ev("washout", "{days: 50}", c), ONC_TRI_TRUE); /* boundary */
    CHECK_INT(ev("washout", "{days: 51}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "last systemic therapy ended 2026-01-10 (50 days < 51)");
    add_therapy(c, 2, "carboplatin", "pemetrexed", date(2026, 2, 20), ONC_TRI_TRUE); /* 9 days before */
    CHECK_INT(ev("washout", "{days: 28}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "last systemic therapy ended 2026-02-20 (9 days < 28)");
    CHECK_INT(ev("washout", "{days: 28, class: EGFR TKI}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "last EGFR TKI ended 2026-01-10 (50 days >= 28)");
    CHECK_INT(ev("washout", "{days: 14, class: anti-PD-1}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "no prior anti-PD-1");
    add_therapy(c, 3, "docetaxel", NULL, NODATE, ONC_TRI_UNKNOWN); /* end date missing */
    CHECK_INT(ev("washout", "{days: 28}", c), ONC_TRI_FALSE); /* the known end already fails */
    CHECK_INT(ev("washout", "{days: 7}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "end date of docetaxel (line 3) not recorded");
    CHECK_INT(ev("washout", "{days: 28, agent: osimertinib}", c), ONC_TRI_TRUE);
    onc_case_free(c);
}

static void lab_values(void)
{
    onc_case_t *c = onc_case_new();
    CHECK_INT(ev("lab", "{name: ALT, max_uln: 2.5, within_days: 28}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "no ALT within 28 days");
    add_lab(c, "ALT", 90, "U/L", 40, date(2026, 1, 5)); /* 55 days before: out of the window */
    CHECK_INT(ev("lab", "{name: ALT, max_uln: 2.5, within_days: 28}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "no ALT within 28 days (last on 2026-01-05)");
    add_lab(c, "alanine aminotransferase", 100, "U/L", 40, date(2026, 2, 20));
    CHECK_INT(ev("lab", "{name: ALT, max_uln: 2.5, within_days: 28}", c), ONC_TRI_TRUE); /* 100 = 2.5 x 40 */
    CHECK_STR(text, "alanine aminotransferase 100 U/L on 2026-02-20");
    add_lab(c, "SGPT", 150, "U/L", 40, date(2026, 2, 27)); /* the most recent decides */
    CHECK_INT(ev("lab", "{name: alt, max_uln: 2.5}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "SGPT 150 U/L > 2.5 x ULN (100 U/L) on 2026-02-27");
    add_lab(c, "ALT", 10, "U/L", 40, date(2026, 3, 5)); /* after the comparison date: not used */
    CHECK_INT(ev("lab", "{name: ALT, max_uln: 2.5}", c), ONC_TRI_FALSE);
    add_lab(c, "neutrophils", 1.5, "10^9/L", NAN, date(2026, 2, 25));
    CHECK_INT(ev("lab", "{name: neutrophils, min: 1.5, unit: \"10^9/L\"}", c), ONC_TRI_TRUE); /* boundary */
    CHECK_STR(text, "neutrophils 1.5 10^9/L on 2026-02-25");
    CHECK_INT(ev("lab", "{name: ANC, min: 1.5, unit: \"x10E9/l\"}", c), ONC_TRI_TRUE); /* spellings */
    CHECK_INT(ev("lab", "{name: ANC, min: 1.5, unit: G/L}", c), ONC_TRI_TRUE);
    CHECK_INT(ev("lab", "{name: neutrophils, min: 2, unit: \"10^9/L\"}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "neutrophils 1.5 10^9/L < 2 on 2026-02-25");
    CHECK_INT(ev("lab", "{name: neutrophils, min: 1500, unit: /uL}", c), ONC_TRI_UNKNOWN); /* never compared */
    CHECK_STR(text, "neutrophils in 10^9/L on 2026-02-25, criterion in /uL");
    CHECK_INT(ev("lab", "{name: neutrophils, min_uln: 0.5}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "neutrophils on 2026-02-25 has no upper limit of normal");
    add_lab(c, "hemoglobin", 9, "g/dL", NAN, date(2026, 2, 25));
    CHECK_INT(ev("lab", "{name: Hb, min: 90, unit: g/L}", c), ONC_TRI_UNKNOWN); /* g/L is not G/L nor g/dL */
    add_lab(c, "creatinine clearance", 45, "mL/min", NAN, date(2026, 2, 26));
    CHECK_INT(ev("lab", "{name: creatinine_clearance, min: 50, unit: mL/min}", c), ONC_TRI_FALSE);
    CHECK_STR(text, "creatinine clearance 45 mL/min < 50 on 2026-02-26");
    add_lab(c, "platelets", 120, NULL, NAN, date(2026, 2, 26));
    CHECK_INT(ev("lab", "{name: platelets, min: 100, unit: \"10^9/L\"}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "platelets on 2026-02-26 has no unit");
    add_lab(c, "bilirubin", 1.0, "mg/dL", 1.2, NODATE);
    CHECK_INT(ev("lab", "{name: total bilirubin, max_uln: 1.5}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "no total bilirubin within 28 days (one without a date)");
    CHECK_STR(ext_lab_canonical("Absolute Neutrophil Count"), "neutrophils");
    CHECK_STR(ext_lab_canonical("lipase"), NULL);
    onc_case_free(c);
}

/* ---- a case file, read by the case reader ---- */

static void case_file(void)
{
    if (!tree) SKIP("OncoTree not loaded");
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    if (onc_case_load("tests/data/match_ext/P-EXT-1.json", NULL, &c, &e)) fprintf(stderr, "%s\n", e.msg);
    CHECK(c != NULL);
    if (!c) return;
    CHECK_INT(ev("ecog", "\"<=1\"", c), ONC_TRI_TRUE);
    CHECK_INT(ev("histology", "non-squamous", c), ONC_TRI_TRUE);
    CHECK_STR(text, "Lung Adenocarcinoma (LUAD)");
    CHECK_INT(ev("stage", "IV", c), ONC_TRI_TRUE);
    CHECK_INT(ev("brain_metastases", "\"!active\"", c), ONC_TRI_TRUE);
    CHECK_STR(text, "treated brain metastases");
    CHECK_INT(ev("measurable_disease", "true", c), ONC_TRI_TRUE);
    CHECK_INT(ev("pdl1_tps", "\">=50\"", c), ONC_TRI_FALSE);
    CHECK_STR(text, "PD-L1 TPS 5% < 50");
    CHECK_INT(ev("pdl1_cps", "\">=1\"", c), ONC_TRI_UNKNOWN);
    CHECK_INT(ev("pdl1_clone", "22C3", c), ONC_TRI_FALSE);
    CHECK_INT(ev("prior_lines", "\"==2\"", c), ONC_TRI_TRUE);
    CHECK_STR(text, "2 prior lines");
    CHECK_INT(ev("line_of_therapy", "\"==3\"", c), ONC_TRI_TRUE);
    CHECK_INT(ev("prior_therapy", "{class: EGFR TKI, progression: true}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "prior osimertinib (line 1), progressed");
    CHECK_INT(ev("prior_therapy", "{class: platinum, progression: true}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "carboplatin (line 2): progression not recorded");
    /* 2026-01-20 to 2026-03-01: 11 + 28 + 1 = 40 days */
    CHECK_INT(ev("washout", "{days: 28}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "last systemic therapy ended 2026-01-20 (40 days >= 28)");
    CHECK_INT(ev("lab", "{name: ALT, max_uln: 2.5}", c), ONC_TRI_TRUE);
    CHECK_STR(text, "ALT 35 U/L on 2026-02-24");
    CHECK_INT(ev("lab", "{name: neutrophils, min: 1.5, unit: \"10^9/L\"}", c), ONC_TRI_TRUE);
    CHECK_INT(ev("lab", "{name: creatinine, max: 1.5, unit: mg/dL}", c), ONC_TRI_UNKNOWN);
    CHECK_STR(text, "creatinine in \xc2\xb5mol/L on 2026-02-24, criterion in mg/dL");
    CHECK_INT(ev("lab", "{name: creatinine, max: 100, unit: umol/L}", c), ONC_TRI_TRUE); /* micro sign */
    CHECK_INT(ev("lab", "{name: creatinine, max_uln: 1.5}", c), ONC_TRI_TRUE);
    onc_case_free(c);
}

/* ---- the example portfolio ---- */

/* Compiles every extension key in the clinical leaves under node; counts them in *n. */
static void compile_leaves(const onc_doc_t *d, json_t *node, const char *path, size_t *n)
{
    const char *k;
    json_t *v;
    size_t i;
    if (json_is_array(node)) {
        json_array_foreach(node, i, v) compile_leaves(d, v, path, n);
        return;
    }
    if (!json_is_object(node)) return;
    json_t *clinical = json_object_get(node, "clinical");
    json_object_foreach(clinical, k, v) {
        if (!match_ext_is_key(k)) continue;
        match_ext_cond_t *c = NULL;
        onc_err_t e = {0};
        onc_rc rc = match_ext_compile(k, v, d, onc_doc_member_line(d, clinical, k), k, tree, &c, &e);
        if (rc) fprintf(stderr, "%s: %s\n", path, e.msg);
        CHECK_INT(rc, ONC_OK);
        match_ext_free(c);
        (*n)++;
    }
    json_object_foreach(node, k, v) compile_leaves(d, v, path, n);
}

static void portfolio_values_compile(void)
{
    static const char *const files[] = {
        "NCT06074588-egfr-sacituzumab-tirumotecan.yaml", "NCT06765109-alk-neladalkib-alkazar.yaml",
        "NCT06497556-kras-g12c-divarasib.yaml", "NCT05261399-met-savolitinib-saffron.yaml",
        "NCT05048797-her2-trastuzumab-deruxtecan.yaml", "NCT05215340-pdl1-first-line-tropion-lung08.yaml",
        "NCT05544929-phase1-basket-kfa115.yaml", "NCT06333951-phase1-mtap-amg193.yaml", NULL};
    for (size_t i = 0; files[i]; i++) {
        char path[256];
        snprintf(path, sizeof path, "trials/%s", files[i]);
        onc_err_t e = {0};
        onc_doc_t *d = onc_doc_load(path, NULL, &e);
        if (!d) fprintf(stderr, "%s\n", e.msg);
        CHECK(d != NULL);
        if (!d) continue;
        size_t n = 0;
        compile_leaves(d, onc_doc_root(d), path, &n);
        CHECK(n >= 3); /* every example uses extension keys */
        onc_doc_free(d);
    }
}

int main(void)
{
    onc_err_t e = {0};
    tree = onc_oncotree_load(NULL, &e);
    RUN(keys_are_known);
    RUN(ecog);
    RUN(malformed_values);
    RUN(pdl1);
    RUN(brain_metastases);
    RUN(stage);
    RUN(histology);
    RUN(measurable);
    RUN(lines);
    RUN(prior_therapy);
    RUN(washout);
    RUN(lab_values);
    RUN(case_file);
    RUN(portfolio_values_compile);
    onc_oncotree_free(tree);
    CHECK_EXIT();
}
