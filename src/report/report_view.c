/* report_view.c: what a tumor board report shows, section by section, whatever the format.
 *
 * The walker reads the report document (CONTRACTS.md "Report JSON" plus provenance and patient
 * summary, see oncoboard/report_view.h) and hands plain text to a sink, which writes Markdown or
 * HTML. The order of the sections is the order a board reads a case: who, which group and why,
 * what was found and what it is good for, what resists, what changed, immunotherapy, trials,
 * what to be careful about, where it all came from. Missing data is said in words: a value that
 * is null is "unknown" or "not tested", never "no" or 0 (docs/report.md).
 */
#include "oncoboard/report_view.h"

#include "report/report_view_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The walker's scratch space: one buffer per table column and one for everything else, freed
 * once at the end so that the section functions can return early on an error. */
typedef struct walk {
    rv_sink *s;
    const json_t *r;
    onc_strbuf_t cell[RV_MAX_COLS];
    onc_strbuf_t tmp;
} walk_t;

static const char DISCLAIMER[] =
    "This report is decision support: it supports the molecular tumor board and does not replace "
    "its judgement. Each statement comes from the data given and from the cited entries of the "
    "knowledge-base version named above; what was not tested is unknown, not negative. Treatment "
    "decisions rest with the tumor board and the treating physicians, together with the patient.";

static const json_t *get(const json_t *obj, const char *key)
{
    return json_is_object(obj) ? json_object_get(obj, key) : NULL;
}

static int nonempty_array(const json_t *v)
{
    return json_is_array(v) && json_array_size(v) > 0;
}

/* A provenance field: from "provenance" first, then the top level. */
static const json_t *prov(const walk_t *w, const char *key)
{
    const json_t *v = get(get(w->r, "provenance"), key);
    return v && !json_is_null(v) ? v : get(w->r, key);
}

static onc_rc kv_text(walk_t *w, const char *label, const char *text)
{
    return w->s->kv(w->s, label, text);
}

static onc_rc kv_value(walk_t *w, const char *label, const json_t *v, const char *missing)
{
    onc_strbuf_clear(&w->tmp);
    RV_TRY(rv_put_value(&w->tmp, v, missing));
    return kv_text(w, label, onc_strbuf_str(&w->tmp));
}

static onc_rc kv_number(walk_t *w, const char *label, double v, const char *unit, const char *missing)
{
    onc_strbuf_clear(&w->tmp);
    if (isnan(v)) RV_TRY(onc_strbuf_puts(&w->tmp, missing));
    else RV_TRY(onc_strbuf_printf(&w->tmp, "%.4g%s", v, unit));
    return kv_text(w, label, onc_strbuf_str(&w->tmp));
}

/* Tables: the caller fills w->cell[0..n-1], emit_row hands them to the sink. */
static void row_clear(walk_t *w)
{
    for (size_t i = 0; i < RV_MAX_COLS; i++) onc_strbuf_clear(&w->cell[i]);
}

static onc_rc emit_row(walk_t *w, size_t n, double bar, size_t bar_col)
{
    rv_cell cells[RV_MAX_COLS];
    for (size_t i = 0; i < n; i++) {
        cells[i].text = onc_strbuf_str(&w->cell[i]);
        cells[i].bar = (i == bar_col) ? bar : NAN;
    }
    RV_TRY(w->s->row(w->s, cells, n));
    row_clear(w);
    return ONC_OK;
}

static onc_rc put(walk_t *w, size_t col, const json_t *v, const char *missing)
{
    return rv_put_value(&w->cell[col], v, missing);
}

static onc_rc put_join(walk_t *w, size_t col, const json_t *v, const char *sep, const char *empty)
{
    return rv_put_join(&w->cell[col], v, sep, empty, empty);
}

/* --- header and patient --------------------------------------------------------------------- */

static onc_rc section_header(walk_t *w)
{
    rv_sink *s = w->s;
    RV_TRY(s->begin(s, "Molecular tumor board report"));
    RV_TRY(s->kv_begin(s, RV_META));
    RV_TRY(kv_value(w, "Patient", get(w->r, "case_id"), "unknown"));
    RV_TRY(kv_value(w, "Tumor type", get(w->r, "tumor_type"), "unknown"));
    onc_strbuf_clear(&w->tmp); /* the date of a "2026-11-29T01:02:03Z" timestamp; provenance has it all */
    RV_TRY(rv_put_value(&w->tmp, prov(w, "generated"), "unknown"));
    if (w->tmp.len > 10 && w->tmp.s[10] == 'T') w->tmp.s[w->tmp.len = 10] = '\0';
    RV_TRY(kv_text(w, "Report date", onc_strbuf_str(&w->tmp)));
    const json_t *mg = get(w->r, "molecular_group");
    RV_TRY(kv_value(w, "Molecular group", get(mg, "label") ? get(mg, "label") : get(mg, "id"), "unknown"));
    RV_TRY(s->kv_end(s));
    /* On the first page too, for whoever reads only that page. */
    return s->para(s, RV_NOTE, "Decision support for the molecular tumor board: it does not replace the board's "
                               "judgement (see the last section).");
}

/* "brain_metastases" -> "Brain metastases"; the few keys whose plain form reads badly are named. */
static onc_rc put_label(onc_strbuf_t *b, const char *prefix, const char *key)
{
    static const char *const named[][2] = {
        {"id", "Patient"}, {"ecog", "ECOG performance status"}, {"oncotree_code", "Tumor type (OncoTree)"},
        {"pdl1_tps", "PD-L1 TPS"}, {"tmb", "TMB"}, {"msi", "MSI"}, {"ihc", "IHC"}, {"diagnosis", "Diagnosis"}};
    onc_strbuf_clear(b);
    if (prefix) RV_TRY(onc_strbuf_printf(b, "%s: ", prefix));
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcmp(key, named[i][0]) == 0) return onc_strbuf_puts(b, named[i][1]);
    size_t start = b->len;
    for (const char *p = key; *p; p++) RV_TRY(onc_strbuf_putc(b, *p == '_' ? ' ' : *p));
    if (b->len > start) b->s[start] = (char)toupper((unsigned char)b->s[start]);
    return ONC_OK;
}

static onc_rc patient_field(walk_t *w, const char *prefix, const char *key, const json_t *v)
{
    onc_strbuf_t label = ONC_STRBUF_INIT;
    onc_rc rc = put_label(&label, prefix, key);
    if (rc == ONC_OK) rc = kv_value(w, onc_strbuf_str(&label), v, "unknown");
    onc_strbuf_free(&label);
    return rc;
}

static onc_rc patient_fields(walk_t *w, const json_t *p)
{
    const char *key;
    const json_t *v;
    RV_TRY(w->s->kv_begin(w->s, RV_PLAIN));
    json_object_foreach((json_t *)p, key, v) {
        if (strcmp(key, "therapies") == 0) continue;
        if (!json_is_object(v)) { RV_TRY(patient_field(w, NULL, key, v)); continue; }
        const char *inner;
        const json_t *iv;
        onc_strbuf_t prefix = ONC_STRBUF_INIT;
        onc_rc rc = put_label(&prefix, NULL, key);
        json_object_foreach((json_t *)v, inner, iv) {
            if (rc == ONC_OK) rc = patient_field(w, onc_strbuf_str(&prefix), inner, iv);
        }
        onc_strbuf_free(&prefix);
        RV_TRY(rc);
    }
    return w->s->kv_end(w->s);
}

static onc_rc patient_therapies(walk_t *w, const json_t *lines)
{
    static const char *const head[] = {"Line", "Agents", "Start", "End", "Best response", "Progression"};
    RV_TRY(w->s->subheading(w->s, "Treatment history"));
    RV_TRY(w->s->table_begin(w->s, "therapy-lines", "Treatment lines", head, 6));
    size_t i;
    const json_t *t;
    json_array_foreach(lines, i, t) {
        RV_TRY(put(w, 0, get(t, "line"), "unknown"));
        RV_TRY(rv_put_join(&w->cell[1], get(t, "agents"), " + ", "none", "unknown"));
        RV_TRY(put(w, 2, get(t, "start"), "unknown"));
        RV_TRY(put(w, 3, get(t, "end"), json_is_string(get(t, "start")) ? "ongoing or unknown" : "unknown"));
        RV_TRY(put(w, 4, get(t, "best_response"), "unknown"));
        RV_TRY(put(w, 5, get(t, "progression"), "unknown"));
        const char *pd = rv_str(t, "progression_date");
        if (pd) RV_TRY(onc_strbuf_printf(&w->cell[5], " (%s)", pd));
        RV_TRY(emit_row(w, 6, NAN, RV_MAX_COLS));
    }
    return w->s->table_end(w->s);
}

static onc_rc section_patient(walk_t *w)
{
    RV_TRY(w->s->section(w->s, "patient", "Patient summary"));
    const json_t *p = get(w->r, "patient");
    if (!json_is_object(p)) return w->s->para(w->s, RV_NOTE, "The report holds no patient summary.");
    RV_TRY(patient_fields(w, p));
    const json_t *lines = get(p, "therapies");
    if (nonempty_array(lines)) RV_TRY(patient_therapies(w, lines));
    return ONC_OK;
}

/* --- molecular group ------------------------------------------------------------------------ */

static onc_rc group_drivers(walk_t *w, const json_t *drivers, int assessable)
{
    static const char *const head[] = {"Driver", "Group", "Gene", "Alteration"};
    if (!nonempty_array(drivers))
        return w->s->para(w->s, RV_PLAIN, assessable ? "Drivers: none found among what was tested."
                                                     : "Drivers: none, since nothing molecular was tested.");
    RV_TRY(w->s->table_begin(w->s, "drivers", "Drivers, primary first", head, 4));
    size_t i;
    const json_t *d;
    json_array_foreach(drivers, i, d) {
        const json_t *primary = get(d, "primary");
        int is_primary = json_is_boolean(primary) ? json_is_true(primary) : i == 0;
        RV_TRY(onc_strbuf_puts(&w->cell[0], is_primary ? "primary" : "also present"));
        RV_TRY(put(w, 1, get(d, "group"), "unknown"));
        RV_TRY(put(w, 2, get(d, "gene"), "unknown"));
        RV_TRY(put(w, 3, get(d, "alteration"), "unknown"));
        RV_TRY(emit_row(w, 4, NAN, RV_MAX_COLS));
    }
    return w->s->table_end(w->s);
}

/* "ALK fusion could not be excluded: not tested" (or the reason the item gives). */
static onc_rc group_not_assessed(walk_t *w, const json_t *na, int assessable)
{
    rv_sink *s = w->s;
    if (!assessable && !nonempty_array(na))
        return s->para(s, RV_NOTE, "Not assessed: every group, since nothing molecular was tested.");
    if (!json_is_array(na))
        return s->para(s, RV_NOTE, "Not assessed: the report does not say which groups could not be excluded.");
    if (json_array_size(na) == 0)
        return s->para(s, RV_PLAIN, "Not assessed: none; the genes that define the groups were tested.");
    RV_TRY(s->subheading(s, "Could not be excluded"));
    RV_TRY(s->list_begin(s, RV_NOTE));
    size_t i;
    const json_t *g;
    json_array_foreach(na, i, g) {
        onc_strbuf_clear(&w->tmp);
        RV_TRY(rv_put_item(&w->tmp, g));
        const char *why = rv_str(g, "reason");
        RV_TRY(onc_strbuf_printf(&w->tmp, " could not be excluded: %s", why ? why : "not tested"));
        RV_TRY(s->item(s, onc_strbuf_str(&w->tmp)));
    }
    return s->list_end(s);
}

static onc_rc section_group(walk_t *w)
{
    rv_sink *s = w->s;
    const json_t *mg = get(w->r, "molecular_group");
    RV_TRY(s->section(s, "group", "Molecular group"));
    RV_TRY(s->kv_begin(s, RV_PLAIN));
    onc_strbuf_clear(&w->tmp);
    RV_TRY(rv_put_value(&w->tmp, get(mg, "label"), "unknown"));
    const char *id = rv_str(mg, "id");
    if (id) RV_TRY(onc_strbuf_printf(&w->tmp, " (%s)", id));
    RV_TRY(kv_text(w, "Group", onc_strbuf_str(&w->tmp)));
    onc_strbuf_clear(&w->tmp);
    RV_TRY(rv_put_join(&w->tmp, get(mg, "evidence"), "; ", "no evidence listed", "no evidence listed"));
    RV_TRY(kv_text(w, "Decided by", onc_strbuf_str(&w->tmp)));
    RV_TRY(s->kv_end(s));
    int assessable = !id || strcmp(id, "NOT_ASSESSABLE") != 0;
    if (!assessable) RV_TRY(s->para(s, RV_NOTE, "No molecular data was given: the tumor could not be classified."));
    RV_TRY(group_drivers(w, get(w->r, "drivers"), assessable));
    return group_not_assessed(w, get(w->r, "not_assessed"), assessable);
}

/* --- alterations and therapies -------------------------------------------------------------- */

/* The ESCAT tier, marked when the knowledge base says it is not verified: the report gives such
 * a tier as "escat": null with "escat_unverified", or as "escat" with "escat_verified": false. */
static onc_rc put_escat(onc_strbuf_t *b, const json_t *obj)
{
    const char *tier = rv_str(obj, "escat"), *unverified = rv_str(obj, "escat_unverified");
    if (tier) RV_TRY(onc_strbuf_printf(b, "%s%s", tier, json_is_false(get(obj, "escat_verified")) ? " (unverified)" : ""));
    else if (unverified) RV_TRY(onc_strbuf_printf(b, "%s (unverified)", unverified));
    else RV_TRY(onc_strbuf_puts(b, "not assigned"));
    const char *level = rv_str(obj, "level");
    if (level) RV_TRY(onc_strbuf_printf(b, "\nlevel %s", level));
    return ONC_OK;
}

/* The allele fraction of a variant, or the copy number of an amplification or deletion. */
static onc_rc put_vaf(onc_strbuf_t *b, double vaf, double copies)
{
    if (!isnan(vaf)) return onc_strbuf_printf(b, "%.0f%%", vaf * 100.0);
    if (!isnan(copies)) return onc_strbuf_printf(b, "%.4g copies", copies);
    return onc_strbuf_puts(b, "unknown");
}

static onc_rc alteration_row(walk_t *w, const json_t *a)
{
    RV_TRY(put(w, 0, get(a, "gene"), "unknown"));
    RV_TRY(put(w, 1, get(a, "alteration"), "unknown"));
    if (json_is_object(get(w->r, "comparison")) && nonempty_array(get(a, "samples"))) {
        RV_TRY(onc_strbuf_puts(&w->cell[1], "\nin "));
        RV_TRY(rv_put_join(&w->cell[1], get(a, "samples"), ", ", "", ""));
    }
    RV_TRY(put(w, 2, get(a, "kind"), "unknown"));
    const char *method = rv_str(a, "method");
    if (method && strcmp(method, "sequencing") != 0) RV_TRY(onc_strbuf_printf(&w->cell[2], " (%s)", method));
    double vaf = rv_num(a, "vaf");
    RV_TRY(put_vaf(&w->cell[3], vaf, rv_num(a, "copies")));
    RV_TRY(put(w, 4, get(a, "oncogenicity"), "unknown"));
    RV_TRY(put(w, 5, get(a, "role"), "unknown"));
    if (json_is_true(get(a, "germline_possible")))
        RV_TRY(onc_strbuf_puts(&w->cell[5], "\npossibly germline: refer for genetic counselling"));
    const char *note = rv_str(a, "note");
    if (note) RV_TRY(onc_strbuf_printf(&w->cell[5], "\n%s", note));
    RV_TRY(put_escat(&w->cell[6], a));
    RV_TRY(rv_put_join(&w->cell[7], get(a, "sources"), "\n", "none cited", "none cited"));
    int has_bar = !isnan(vaf) && vaf >= 0.0 && vaf <= 1.0;
    return emit_row(w, 8, has_bar ? vaf : NAN, has_bar ? 3 : RV_MAX_COLS);
}

/* Approvals one a line, the EMA's first: the unit is in the EU. */
static onc_rc put_approvals(onc_strbuf_t *b, const json_t *approvals)
{
    if (!nonempty_array(approvals)) return onc_strbuf_puts(b, "none recorded");
    int first = 1;
    for (int pass = 0; pass < 2; pass++) {
        size_t i;
        const json_t *ap;
        json_array_foreach(approvals, i, ap) {
            const char *agency = rv_str(ap, "agency");
            int is_ema = agency && strcmp(agency, "EMA") == 0;
            if (is_ema != (pass == 0)) continue;
            if (!first) RV_TRY(onc_strbuf_putc(b, '\n'));
            first = 0;
            RV_TRY(onc_strbuf_printf(b, "%s: ", agency ? agency : "agency unknown"));
            RV_TRY(rv_put_value(b, get(ap, "indication"), "indication unknown"));
            const char *assay = rv_str(ap, "assay"), *date = rv_str(ap, "date");
            if (assay) RV_TRY(onc_strbuf_printf(b, "; assay %s", assay));
            RV_TRY(onc_strbuf_printf(b, " (%s)", date ? date : "date unknown"));
        }
    }
    return ONC_OK;
}

static onc_rc therapy_row(walk_t *w, const json_t *a, const json_t *t)
{
    RV_TRY(rv_put_item(&w->cell[0], a));
    RV_TRY(rv_put_join(&w->cell[1], get(t, "agents"), " + ", "none", "unknown"));
    RV_TRY(put(w, 2, get(t, "effect"), "unknown"));
    const char *setting = rv_str(t, "setting");
    if (setting) RV_TRY(onc_strbuf_printf(&w->cell[2], "\n%s", setting));
    if (json_is_true(get(t, "other_tumor_type")))
        RV_TRY(onc_strbuf_puts(&w->cell[2], "\nevidence from another tumor type"));
    RV_TRY(put_escat(&w->cell[3], t));
    RV_TRY(put_approvals(&w->cell[4], get(t, "approvals")));
    const json_t *src = nonempty_array(get(t, "sources")) ? get(t, "sources") : get(t, "source");
    RV_TRY(rv_put_join(&w->cell[5], src, "\n", "none cited", "none cited"));
    return emit_row(w, 6, NAN, RV_MAX_COLS);
}

static onc_rc alteration_therapies(walk_t *w, const json_t *alts)
{
    static const char *const head[] = {"Alteration", "Agents", "Effect", "ESCAT", "Approvals (EMA first)", "Source"};
    size_t i, j, n = 0;
    const json_t *a, *t;
    json_array_foreach(alts, i, a) n += json_array_size(get(a, "therapies"));
    if (n == 0) return w->s->para(w->s, RV_NOTE, "Therapies: none in the knowledge base for these alterations.");
    RV_TRY(w->s->subheading(w->s, "Therapies"));
    RV_TRY(w->s->table_begin(w->s, "therapies", "Therapies by alteration, with approvals per agency", head, 6));
    json_array_foreach(alts, i, a) {
        const json_t *ts = get(a, "therapies");
        if (!json_is_array(ts)) continue;
        json_array_foreach(ts, j, t) RV_TRY(therapy_row(w, a, t));
    }
    return w->s->table_end(w->s);
}

static onc_rc section_alterations(walk_t *w)
{
    static const char *const head[] = {"Gene", "Alteration", "Kind", "VAF or copies", "Oncogenicity", "Role", "ESCAT", "Sources"};
    const json_t *alts = get(w->r, "alterations");
    RV_TRY(w->s->section(w->s, "alterations", "Alterations"));
    if (!nonempty_array(alts)) return w->s->para(w->s, RV_NOTE, "No alteration reported.");
    RV_TRY(w->s->table_begin(w->s, "alterations", "Alterations found, with their oncogenicity and ESCAT tier", head, 8));
    size_t i;
    const json_t *a;
    json_array_foreach(alts, i, a) RV_TRY(alteration_row(w, a));
    RV_TRY(w->s->table_end(w->s));
    return alteration_therapies(w, alts);
}

/* --- resistance ----------------------------------------------------------------------------- */

/* The agents the alteration resists: its "resistance_to", else those of its therapies whose
 * effect is "resistant", "; "-separated. */
static onc_rc put_resisted(onc_strbuf_t *b, const json_t *a)
{
    if (nonempty_array(get(a, "resistance_to"))) return rv_put_join(b, get(a, "resistance_to"), ", ", "", "");
    size_t i, n = 0;
    const json_t *t;
    json_array_foreach(get(a, "therapies"), i, t) {
        const char *effect = rv_str(t, "effect");
        if (!effect || strcmp(effect, "resistant") != 0) continue;
        if (n++ > 0) RV_TRY(onc_strbuf_puts(b, "; "));
        RV_TRY(rv_put_join(b, get(t, "agents"), " + ", "none", "unknown"));
    }
    return n ? ONC_OK : onc_strbuf_puts(b, "not named");
}

/* "found in S2" from the alteration's "sample" or "samples", nothing when it has neither. */
static onc_rc put_found_in(onc_strbuf_t *b, const json_t *a)
{
    const char *sample = rv_str(a, "sample");
    if (sample) return onc_strbuf_printf(b, "found in %s", sample);
    if (!nonempty_array(get(a, "samples"))) return ONC_OK;
    RV_TRY(onc_strbuf_puts(b, "found in "));
    return rv_put_join(b, get(a, "samples"), ", ", "", "");
}

static int is_resistance(const json_t *a)
{
    const char *role = rv_str(a, "role");
    if (role && strcmp(role, "resistance") == 0) return 1;
    if (nonempty_array(get(a, "resistance_to"))) return 1;
    size_t i;
    const json_t *t;
    json_array_foreach(get(a, "therapies"), i, t) {
        const char *effect = rv_str(t, "effect");
        if (effect && strcmp(effect, "resistant") == 0) return 1;
    }
    return 0;
}

static onc_rc resistance_listed(walk_t *w, const json_t *res)
{
    static const char *const head[] = {"Alteration", "Resistance to", "Note", "Source"};
    RV_TRY(w->s->table_begin(w->s, "resistance", "Resistance", head, 4));
    size_t i;
    const json_t *r;
    json_array_foreach(res, i, r) {
        RV_TRY(rv_put_item(&w->cell[0], r));
        RV_TRY(rv_put_join(&w->cell[1], get(r, "agents"), " + ", "not named", "not named"));
        RV_TRY(put(w, 2, get(r, "note"), ""));
        const json_t *src = get(r, "source") ? get(r, "source") : get(r, "sources");
        RV_TRY(rv_put_join(&w->cell[3], src, "\n", "none cited", "none cited"));
        RV_TRY(emit_row(w, 4, NAN, RV_MAX_COLS));
    }
    return w->s->table_end(w->s);
}

static onc_rc resistance_derived(walk_t *w, const json_t *alts)
{
    static const char *const head[] = {"Alteration", "Resistance to", "Note", "Source"};
    size_t i, n = 0;
    const json_t *a;
    json_array_foreach(alts, i, a) n += is_resistance(a);
    if (n == 0)
        return w->s->para(w->s, RV_PLAIN, "No alteration known to confer resistance was found among those reported.");
    RV_TRY(w->s->table_begin(w->s, "resistance", "Resistance", head, 4));
    json_array_foreach(alts, i, a) {
        if (!is_resistance(a)) continue;
        RV_TRY(rv_put_item(&w->cell[0], a));
        RV_TRY(put_resisted(&w->cell[1], a));
        RV_TRY(put_found_in(&w->cell[2], a));
        const char *note = rv_str(a, "note");
        if (note) RV_TRY(onc_strbuf_printf(&w->cell[2], "%s%s", w->cell[2].len ? "\n" : "", note));
        RV_TRY(rv_put_join(&w->cell[3], get(a, "sources"), "\n", "none cited", "none cited"));
        RV_TRY(emit_row(w, 4, NAN, RV_MAX_COLS));
    }
    return w->s->table_end(w->s);
}

static onc_rc section_resistance(walk_t *w)
{
    RV_TRY(w->s->section(w->s, "resistance", "Resistance"));
    const json_t *res = get(w->r, "resistance");
    if (nonempty_array(res)) return resistance_listed(w, res);
    return resistance_derived(w, get(w->r, "alterations"));
}

/* --- comparison, immunotherapy, trials, warnings -------------------------------------------- */

/* The alterations of one kind of change, one a line, each with its reason when it has one. */
static onc_rc put_changes(onc_strbuf_t *b, const json_t *items)
{
    if (!json_is_array(items)) return onc_strbuf_puts(b, "unknown");
    if (json_array_size(items) == 0) return onc_strbuf_puts(b, "none");
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it) {
        if (i > 0) RV_TRY(onc_strbuf_putc(b, '\n'));
        RV_TRY(rv_put_item(b, it));
        const char *why = rv_str(it, "reason");
        if (why) RV_TRY(onc_strbuf_printf(b, " (%s)", why));
    }
    return ONC_OK;
}

static onc_rc section_comparison(walk_t *w)
{
    static const char *const head[] = {"Change", "Alterations"};
    static const char *const rows[][2] = {
        {"gained", "Gained (new at the later sample)"}, {"lost", "Lost (no longer found)"},
        {"persistent", "Persistent (in both)"},
        {"not_evaluable", "Not evaluable (one sample did not test it)"}};
    const json_t *c = get(w->r, "comparison");
    RV_TRY(w->s->section(w->s, "comparison", "Comparison of samples"));
    if (!json_is_object(c)) return w->s->para(w->s, RV_NOTE, "One sample: nothing to compare.");
    onc_strbuf_clear(&w->tmp);
    RV_TRY(onc_strbuf_puts(&w->tmp, "Earlier sample: "));
    RV_TRY(rv_put_value(&w->tmp, get(c, "before"), "unknown"));
    RV_TRY(onc_strbuf_puts(&w->tmp, "; later sample: "));
    RV_TRY(rv_put_value(&w->tmp, get(c, "after"), "unknown"));
    RV_TRY(onc_strbuf_putc(&w->tmp, '.'));
    RV_TRY(w->s->para(w->s, RV_PLAIN, onc_strbuf_str(&w->tmp)));
    RV_TRY(w->s->table_begin(w->s, "comparison", "Changes between the samples", head, 2));
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        RV_TRY(onc_strbuf_puts(&w->cell[0], rows[i][1]));
        RV_TRY(put_changes(&w->cell[1], get(c, rows[i][0])));
        RV_TRY(emit_row(w, 2, NAN, RV_MAX_COLS));
    }
    return w->s->table_end(w->s);
}

/* Gauges only for measured values: an empty gauge would read as 0. */
static onc_rc immuno_gauges(walk_t *w, double tps, double tmb, double tmb_threshold, const char *tmb_label)
{
    rv_gauge pdl1 = {"PD-L1 TPS", "%", tps, 100.0, 50.0, "50%"};
    rv_gauge tmbg = {"TMB", " mut/Mb", tmb, fmax(30.0, 2.0 * tmb_threshold), tmb_threshold, tmb_label};
    if (!isnan(tps)) RV_TRY(w->s->gauge(w->s, &pdl1));
    if (!isnan(tmb)) RV_TRY(w->s->gauge(w->s, &tmbg));
    return ONC_OK;
}

static onc_rc section_immunotherapy(walk_t *w)
{
    rv_sink *s = w->s;
    const json_t *io = get(w->r, "immunotherapy");
    RV_TRY(s->section(s, "immunotherapy", "Immunotherapy profile"));
    if (!json_is_object(io)) return s->para(s, RV_NOTE, "The report holds no immunotherapy profile.");
    double tps = rv_num(io, "pdl1_tps"), tmb = rv_num(io, "tmb"), cut = rv_num(io, "tmb_threshold");
    if (!(cut > 0.0 && cut < 1000.0)) cut = 10.0; /* CLINICAL.md: TMB-high is >= 10 mut/Mb */
    char tmb_label[64], tmb_high_label[96];
    snprintf(tmb_label, sizeof tmb_label, "%.4g mut/Mb", cut);
    snprintf(tmb_high_label, sizeof tmb_high_label, "TMB-high (>= %s)", tmb_label);
    RV_TRY(s->kv_begin(s, RV_PLAIN));
    RV_TRY(kv_number(w, "PD-L1 TPS", tps, "%", "not tested"));
    RV_TRY(kv_value(w, "PD-L1 category", get(io, "pdl1_category"), "unknown"));
    RV_TRY(kv_number(w, "TMB", tmb, " mut/Mb", "not tested"));
    RV_TRY(kv_value(w, tmb_high_label, get(io, "tmb_high"), "unknown"));
    RV_TRY(kv_value(w, "MSI-high", get(io, "msi_high"), "unknown"));
    onc_strbuf_clear(&w->tmp);
    RV_TRY(rv_put_join(&w->tmp, get(io, "negative_predictors"), ", ", "none found", "unknown"));
    RV_TRY(kv_text(w, "Associated with poorer outcome", onc_strbuf_str(&w->tmp)));
    RV_TRY(s->kv_end(s));
    RV_TRY(immuno_gauges(w, tps, tmb, cut, tmb_label));
    const char *summary = rv_str(io, "summary");
    return s->para(s, RV_PLAIN, summary ? summary : "No summary given.");
}

static onc_rc section_trials(walk_t *w)
{
    static const char *const head[] = {"Trial", "Arm", "Status", "Criteria met", "Unknown", "Failed"};
    const json_t *trials = get(w->r, "trials");
    RV_TRY(w->s->section(w->s, "trials", "Clinical trials"));
    if (!nonempty_array(trials)) return w->s->para(w->s, RV_NOTE, "No trial matching yet.");
    RV_TRY(w->s->table_begin(w->s, "trials", "Trials matched", head, 6));
    size_t i;
    const json_t *t;
    json_array_foreach(trials, i, t) {
        RV_TRY(put(w, 0, get(t, "trial") ? get(t, "trial") : get(t, "protocol_no"), "unknown"));
        RV_TRY(put(w, 1, get(t, "arm"), "whole trial"));
        RV_TRY(put(w, 2, get(t, "status"), "unknown"));
        RV_TRY(put_join(w, 3, get(t, "reasons"), "\n", "none"));
        RV_TRY(put_join(w, 4, get(t, "unknown"), "\n", "none"));
        RV_TRY(put_join(w, 5, get(t, "failed"), "\n", "none"));
        RV_TRY(emit_row(w, 6, NAN, RV_MAX_COLS));
    }
    return w->s->table_end(w->s);
}

static onc_rc section_warnings(walk_t *w)
{
    const json_t *warn = get(w->r, "warnings");
    RV_TRY(w->s->section(w->s, "warnings", "Warnings"));
    if (!nonempty_array(warn)) return w->s->para(w->s, RV_PLAIN, "No warnings.");
    RV_TRY(w->s->list_begin(w->s, RV_WARNING));
    size_t i;
    const json_t *m;
    json_array_foreach(warn, i, m) {
        onc_strbuf_clear(&w->tmp);
        RV_TRY(rv_put_item(&w->tmp, m));
        RV_TRY(w->s->item(w->s, onc_strbuf_str(&w->tmp)));
    }
    return w->s->list_end(w->s);
}

/* --- provenance and disclaimer -------------------------------------------------------------- */

static onc_rc provenance_inputs(walk_t *w, const json_t *inputs)
{
    static const char *const head[] = {"Input file", "Role", "SHA-256"};
    if (!nonempty_array(inputs)) return w->s->para(w->s, RV_NOTE, "No input file recorded.");
    RV_TRY(w->s->table_begin(w->s, "inputs", "Input files and their checksums", head, 3));
    size_t i;
    const json_t *f;
    json_array_foreach(inputs, i, f) {
        RV_TRY(put(w, 0, json_is_string(f) ? f : get(f, "path"), "unknown"));
        RV_TRY(put(w, 1, get(f, "role"), "not recorded"));
        RV_TRY(put(w, 2, get(f, "sha256") ? get(f, "sha256") : get(f, "checksum"), "not recorded"));
        RV_TRY(emit_row(w, 3, NAN, RV_MAX_COLS));
    }
    return w->s->table_end(w->s);
}

static onc_rc section_provenance(walk_t *w)
{
    rv_sink *s = w->s;
    RV_TRY(s->section(s, "provenance", "Provenance"));
    RV_TRY(s->kv_begin(s, RV_PLAIN));
    onc_strbuf_clear(&w->tmp);
    RV_TRY(onc_strbuf_puts(&w->tmp, "oncoboard "));
    RV_TRY(rv_put_value(&w->tmp, prov(w, "oncoboard_version"), "version unknown"));
    RV_TRY(kv_text(w, "Program", onc_strbuf_str(&w->tmp)));
    onc_strbuf_clear(&w->tmp);
    RV_TRY(rv_put_value(&w->tmp, prov(w, "kb_version"), "version unknown"));
    const json_t *kb_date = prov(w, "kb_date");
    if (json_is_string(kb_date)) RV_TRY(onc_strbuf_printf(&w->tmp, " (dated %s)", json_string_value(kb_date)));
    RV_TRY(kv_text(w, "Knowledge base", onc_strbuf_str(&w->tmp)));
    RV_TRY(kv_value(w, "Generated", prov(w, "generated"), "unknown"));
    RV_TRY(kv_value(w, "Command", prov(w, "command"), "not recorded"));
    RV_TRY(s->kv_end(s));
    return provenance_inputs(w, prov(w, "inputs"));
}

static onc_rc section_disclaimer(walk_t *w)
{
    RV_TRY(w->s->section(w->s, "disclaimer", "Decision support"));
    return w->s->para(w->s, RV_DISCLAIMER, DISCLAIMER);
}

static onc_rc walk_sections(walk_t *w)
{
    onc_rc (*const sections[])(walk_t *) = {
        section_header, section_patient, section_group, section_alterations, section_resistance,
        section_comparison, section_immunotherapy, section_trials, section_warnings,
        section_provenance, section_disclaimer};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) RV_TRY(sections[i](w));
    return w->s->end(w->s);
}

onc_rc rv_walk(const json_t *report, rv_sink *sink)
{
    walk_t w = {.s = sink, .r = report};
    onc_rc rc = walk_sections(&w);
    for (size_t i = 0; i < RV_MAX_COLS; i++) onc_strbuf_free(&w.cell[i]);
    onc_strbuf_free(&w.tmp);
    return rc;
}

onc_rc rv_render(const json_t *report, rv_sink *sink, FILE *out, onc_err_t *err)
{
    if (!json_is_object(report)) return onc_err_set(err, ONC_EINVAL, "report: not a JSON object");
    onc_strbuf_t buf = ONC_STRBUF_INIT;
    buf.cap = RV_OUT_CAP;
    sink->out = &buf;
    sink->in_section = 0;
    onc_rc rc = rv_walk(report, sink);
    if (rc != ONC_OK) {
        onc_strbuf_free(&buf);
        return onc_err_set(err, rc, "report view: %s", onc_strerror(rc));
    }
    size_t n = buf.len;
    int bad = n > 0 && fwrite(buf.s, 1, n, out) != n;
    onc_strbuf_free(&buf);
    if (bad || fflush(out) != 0 || ferror(out)) return onc_err_set(err, ONC_EIO, "report view: cannot write the output");
    return ONC_OK;
}
