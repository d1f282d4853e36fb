/* model_pseudo.c: pseudonyms, date shifts and the pseudonymised case of a research export
 * (pseudo.h; the rules and their sources in docs/registry.md, "Research export").
 *
 * Everything is derived from the project's secret key with HMAC-SHA-256 (nettle), so that the
 * export needs no table of pseudonyms: the same key and project give the same pseudonym and the
 * same date shift to a patient at every export, and nobody without the key can recompute or
 * reverse them (the EDPB's "pseudonymisation secret"). A case is pseudonymised in place: the
 * caller's copy, rebuilt from the registry for this export, is transformed and then written.
 */
#include "oncoboard/pseudo.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANON_TAG "oncoboard-research-1"

struct onc_pseudo {
    uint8_t key[ONC_KEY_BYTES];
    char project[ONC_PSEUDO_PROJECT_MAX + 1];
};

const char *const onc_age_basis_names[] = {"missing", "diagnosis", "reference", "given", NULL};

onc_pseudo_t *onc_pseudo_new(const uint8_t key[ONC_KEY_BYTES], const char *project, onc_err_t *err)
{
    size_t n = project ? strlen(project) : 0;
    if (n == 0 || n > ONC_PSEUDO_PROJECT_MAX)
        return onc_err_set(err, ONC_EINVAL, "the project name must have 1 to %d bytes", ONC_PSEUDO_PROJECT_MAX), NULL;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)project[i] < 0x20 || project[i] == 0x7f)
            return onc_err_set(err, ONC_EINVAL, "the project name holds a control character"), NULL;
    onc_pseudo_t *p = calloc(1, sizeof *p);
    if (!p) return onc_err_set(err, ONC_ENOMEM, "out of memory"), NULL;
    memcpy(p->key, key, ONC_KEY_BYTES);
    memcpy(p->project, project, n + 1);
    return p;
}

void onc_pseudo_free(onc_pseudo_t *p)
{
    if (!p) return;
    /* volatile: the wipe must not be optimised away as a dead store before free */
    volatile uint8_t *k = p->key;
    for (size_t i = 0; i < ONC_KEY_BYTES; i++) k[i] = 0;
    free(p);
}

/* ---- the two MACs ---- */

static void canon_field(struct hmac_sha256_ctx *h, const char *s)
{
    char len[32];
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    hmac_sha256_update(h, (size_t)n, (const uint8_t *)len);
    hmac_sha256_update(h, strlen(s), (const uint8_t *)s);
}

static void mac(const onc_pseudo_t *p, const char *purpose, const char *id, uint8_t out[SHA256_DIGEST_SIZE])
{
    struct hmac_sha256_ctx h;
    hmac_sha256_set_key(&h, ONC_KEY_BYTES, p->key);
    canon_field(&h, CANON_TAG);
    canon_field(&h, purpose);
    canon_field(&h, p->project);
    canon_field(&h, id);
    hmac_sha256_digest(&h, SHA256_DIGEST_SIZE, out);
    memset(&h, 0, sizeof h);
}

void onc_pseudo_id(const onc_pseudo_t *p, const char *id, char out[ONC_PSEUDONYM_SIZE])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    mac(p, "patient", id, d);
    memcpy(out, "PSN-", 4);
    onc_hex_encode(d, 8, out + 4); /* 64 bits: collisions are checked by the export */
}

int32_t onc_pseudo_shift(const onc_pseudo_t *p, const char *id)
{
    uint8_t d[SHA256_DIGEST_SIZE];
    mac(p, "date-shift", id, d);
    uint64_t u = 0;
    for (int i = 0; i < 8; i++) u = u << 8 | d[i];
    /* 2N values, none of them 0: every date moves (the bias of 2^64 mod 2N is below 1e-16) */
    int32_t k = (int32_t)(u % (2 * ONC_PSEUDO_MAX_SHIFT));
    return k < ONC_PSEUDO_MAX_SHIFT ? -(k + 1) : k - ONC_PSEUDO_MAX_SHIFT + 1;
}

/* ---- dates ---- */

static int days_in_month(int32_t y, int32_t m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : days[m - 1];
}

/* Day by day: shifts are at most a few hundred days, and this is plainly right at month and
 * year ends and on 29 February. */
onc_date_t onc_date_add_days(onc_date_t d, int32_t days)
{
    if (onc_date_is_missing(d)) return d;
    for (; days > 0; days--)
        if (++d.day > days_in_month(d.year, d.month)) {
            d.day = 1;
            if (++d.month > 12) d.month = 1, d.year++;
        }
    for (; days < 0; days++)
        if (--d.day < 1) {
            if (--d.month < 1) d.month = 12, d.year--;
            d.day = days_in_month(d.year, d.month);
        }
    return d;
}

static void shift_dates(onc_case_t *c, int32_t s)
{
    c->diagnosis.date = onc_date_add_days(c->diagnosis.date, s);
    c->outcome.death_date = onc_date_add_days(c->outcome.death_date, s);
    c->outcome.last_follow_up = onc_date_add_days(c->outcome.last_follow_up, s);
    for (size_t i = 0; i < c->n_labs; i++) c->labs[i].date = onc_date_add_days(c->labs[i].date, s);
    for (size_t i = 0; i < c->n_therapies; i++) {
        onc_therapy_t *t = &c->therapies[i];
        t->start = onc_date_add_days(t->start, s);
        t->end = onc_date_add_days(t->end, s);
        t->progression_date = onc_date_add_days(t->progression_date, s);
    }
    for (size_t i = 0; i < c->n_enrolments; i++) c->enrolments[i].date = onc_date_add_days(c->enrolments[i].date, s);
    for (size_t i = 0; i < c->n_samples; i++) c->samples[i].collected = onc_date_add_days(c->samples[i].collected, s);
}

/* ---- the case ---- */

/* The age kept in place of the birth date; computed before any date moves. */
static onc_age_basis set_age(onc_case_t *c, onc_date_t reference)
{
    onc_age_basis basis = ONC_AGE_MISSING;
    if (!onc_date_is_missing(c->birth_date)) {
        int dx = !onc_date_is_missing(c->diagnosis.date);
        c->age = onc_case_age_on(c, dx ? c->diagnosis.date : reference);
        basis = dx ? ONC_AGE_AT_DIAGNOSIS : ONC_AGE_AT_REFERENCE;
    } else if (c->age != ONC_INT_MISSING) {
        basis = ONC_AGE_AS_GIVEN;
    }
    if (c->age != ONC_INT_MISSING && c->age > ONC_PSEUDO_AGE_TOP) c->age = ONC_PSEUDO_AGE_TOP;
    c->birth_date = (onc_date_t){0, 0, 0};
    return basis;
}

static onc_rc check_no_files(const onc_case_t *c, onc_err_t *err)
{
    for (size_t i = 0; i < c->n_samples; i++)
        if (c->samples[i].has_molecular && c->samples[i].molecular.n_files)
            return onc_err_set(err, ONC_EINVAL,
                               "pseudonymising a case: it refers to lab files, whose paths and contents are not "
                               "pseudonymised (use the case the registry rebuilds)");
    return ONC_OK;
}

/* Sample ids: the patient's pseudonym for the one-sample form, else pseudonym-S1, -S2 ... */
static onc_rc rename_samples(onc_case_t *c, const char *pseudonym, onc_err_t *err)
{
    char id[ONC_PSEUDONYM_SIZE + 24]; /* "-S" and a size_t */
    for (size_t i = 0; i < c->n_samples; i++) {
        onc_sample_t *s = &c->samples[i];
        if (c->from_samples) snprintf(id, sizeof id, "%s-S%zu", pseudonym, i + 1);
        else snprintf(id, sizeof id, "%s", pseudonym);
        if (!(s->id = onc_case_strdup(c, id))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
        s->path = c->from_samples ? "samples" : "molecular";
    }
    return ONC_OK;
}

onc_rc onc_pseudo_case(const onc_pseudo_t *p, onc_case_t *c, onc_date_t reference, onc_age_basis *basis,
                       onc_err_t *err)
{
    if (!c->id) return onc_err_set(err, ONC_EINVAL, "pseudonymising a case: it has no id");
    onc_rc rc = check_no_files(c, err);
    if (rc != ONC_OK) return rc;
    char pseudonym[ONC_PSEUDONYM_SIZE];
    onc_pseudo_id(p, c->id, pseudonym);
    int32_t shift = onc_pseudo_shift(p, c->id);
    onc_age_basis b = set_age(c, reference);
    if (basis) *basis = b;
    shift_dates(c, shift);
    for (size_t i = 0; i < c->n_enrolments; i++) c->enrolments[i].reason = NULL;
    rc = rename_samples(c, pseudonym, err);
    if (rc != ONC_OK) return rc;
    if (!(c->id = onc_case_strdup(c, pseudonym))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    c->name = c->id;
    c->text = NULL;
    c->text_len = 0;
    c->n_warnings = 0; /* they quote file names and lines; the array stays for any later warning */
    return ONC_OK;
}
