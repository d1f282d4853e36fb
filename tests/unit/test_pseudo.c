/* test_pseudo.c: pseudonyms, date shifts and the pseudonymised case (pseudo.h).
 *
 * The pseudonym is recomputed here with nettle from the formula in pseudo.h and docs/registry.md
 * (not through the library), so that the documentation and the code cannot drift apart; the
 * HMAC itself is checked against RFC 4231's test case 2. Dates are checked against
 * onc_date_days, an independent day count. Fixtures: tests/data/case (synthetic).
 */
#include "check.h"

#include "oncoboard/case.h"
#include "oncoboard/pseudo.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

static const uint8_t key1[ONC_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t key2[ONC_KEY_BYTES] = {32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
                                            16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};

static void hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/* RFC 4231 section 4.3, test case 2: key "Jefe", data "what do ya want for nothing?". */
static void test_hmac_rfc4231(void)
{
    struct hmac_sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    char out[65];
    const char *data = "what do ya want for nothing?";
    hmac_sha256_set_key(&h, 4, (const uint8_t *)"Jefe");
    hmac_sha256_update(&h, strlen(data), (const uint8_t *)data);
    hmac_sha256_digest(&h, sizeof d, d);
    hex(d, sizeof d, out);
    CHECK_STR(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

/* The documented formula: "PSN-" + 16 hex digits of HMAC(key, canon(tag, "patient", project, id)),
 * canon writing each field as LENGTH:BYTES. */
static void test_pseudonym_formula(void)
{
    struct hmac_sha256_ctx h;
    uint8_t d[SHA256_DIGEST_SIZE];
    char want[40] = "PSN-", got[ONC_PSEUDONYM_SIZE];
    const char *msg = "20:oncoboard-research-17:patient9:LUNG-202611:SYN-EGFR-01";
    hmac_sha256_set_key(&h, ONC_KEY_BYTES, key1);
    hmac_sha256_update(&h, strlen(msg), (const uint8_t *)msg);
    hmac_sha256_digest(&h, sizeof d, d);
    hex(d, 8, want + 4);
    onc_err_t e = {0};
    onc_pseudo_t *p = onc_pseudo_new(key1, "LUNG-2026", &e);
    CHECK(p != NULL);
    if (!p) return;
    onc_pseudo_id(p, "SYN-EGFR-01", got);
    CHECK_STR(got, want);
    CHECK_INT(strlen(got), 20);
    onc_pseudo_free(p);
}

static void test_pseudonym_stability(void)
{
    onc_err_t e = {0};
    onc_pseudo_t *a = onc_pseudo_new(key1, "LUNG-2026", &e), *a2 = onc_pseudo_new(key1, "LUNG-2026", &e);
    onc_pseudo_t *b = onc_pseudo_new(key1, "LUNG-2027", &e), *c = onc_pseudo_new(key2, "LUNG-2026", &e);
    /* the fields are length-prefixed: moving a byte between project and id changes the pseudonym */
    onc_pseudo_t *d = onc_pseudo_new(key1, "LUNG-202", &e);
    CHECK(a && a2 && b && c && d);
    if (a && a2 && b && c && d) {
        char x[ONC_PSEUDONYM_SIZE], y[ONC_PSEUDONYM_SIZE];
        onc_pseudo_id(a, "P1", x), onc_pseudo_id(a2, "P1", y);
        CHECK_STR(x, y);
        CHECK(onc_pseudo_shift(a, "P1") == onc_pseudo_shift(a2, "P1"));
        onc_pseudo_id(b, "P1", y);
        CHECK(strcmp(x, y) != 0);
        onc_pseudo_id(c, "P1", y);
        CHECK(strcmp(x, y) != 0);
        onc_pseudo_id(a, "P2", y);
        CHECK(strcmp(x, y) != 0);
        onc_pseudo_id(a, "P1", x), onc_pseudo_id(d, "6P1", y); /* both "LUNG-2026P1" if concatenated */
        CHECK(strcmp(x, y) != 0);
    }
    onc_pseudo_free(a), onc_pseudo_free(a2), onc_pseudo_free(b), onc_pseudo_free(c), onc_pseudo_free(d);
}

/* Shifts are whole days in [-183, -1] or [1, 183]; over 3000 ids both ends of the range are
 * reached (each end value has probability 1/366 per id) and both signs are common. */
static void test_shift_range(void)
{
    onc_err_t e = {0};
    onc_pseudo_t *p = onc_pseudo_new(key1, "LUNG-2026", &e);
    if (!p) return;
    int lo = 0, hi = 0, neg = 0, zero = 0;
    char id[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(id, sizeof id, "P%d", i);
        int32_t s = onc_pseudo_shift(p, id);
        CHECK(s >= -ONC_PSEUDO_MAX_SHIFT && s <= ONC_PSEUDO_MAX_SHIFT);
        zero += s == 0, neg += s < 0;
        if (s < lo) lo = s;
        if (s > hi) hi = s;
    }
    CHECK_INT(zero, 0);
    CHECK_INT(lo, -183);
    CHECK_INT(hi, 183);
    CHECK(neg > 1300 && neg < 1700);
    onc_pseudo_free(p);
}

static void test_date_add_days(void)
{
    static const char *const dates[] = {"2024-02-28", "2024-02-29", "2023-02-28", "2000-02-29", "1900-02-28",
                                        "2025-12-31", "2026-01-01", "2026-03-01", "1999-12-31"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        onc_date_t d;
        onc_err_t e = {0};
        CHECK(onc_date_parse(dates[i], &d, &e) == ONC_OK);
        for (int32_t k = -400; k <= 400; k += 7) {
            onc_date_t s = onc_date_add_days(d, k);
            char buf[11];
            CHECK_INT(onc_date_days(s), onc_date_days(d) + k);
            CHECK(onc_date_parse(onc_date_format(s, buf), &s, &e) == ONC_OK); /* a real calendar date */
        }
    }
    onc_date_t d = {2024, 2, 29};
    char buf[11];
    CHECK_STR(onc_date_format(onc_date_add_days(d, 1), buf), "2024-03-01");
    CHECK_STR(onc_date_format(onc_date_add_days(d, -60), buf), "2023-12-31");
    CHECK(onc_date_is_missing(onc_date_add_days((onc_date_t){0, 0, 0}, 5)));
}

static onc_case_t *load(const char *path)
{
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    if (onc_case_load(path, NULL, &c, &e) != ONC_OK) fprintf(stderr, "%s: %s\n", path, e.msg), check_failed = 1;
    return c;
}

/* full.json: born 1958-03-14, diagnosed 2026-02-01: 67 at diagnosis (the age field says 67 too). */
static void test_case_full(void)
{
    onc_err_t e = {0};
    onc_pseudo_t *p = onc_pseudo_new(key1, "LUNG-2026", &e);
    onc_case_t *c = load("tests/data/case/full.json"), *orig = load("tests/data/case/full.json");
    if (!p || !c || !orig) return;
    char want[ONC_PSEUDONYM_SIZE], buf[11];
    onc_pseudo_id(p, "SYN-FULL-01", want);
    int32_t shift = onc_pseudo_shift(p, "SYN-FULL-01");
    onc_age_basis basis;
    CHECK(onc_pseudo_case(p, c, (onc_date_t){2026, 11, 29}, &basis, &e) == ONC_OK);
    CHECK_STR(c->id, want);
    CHECK_STR(c->samples[0].id, want);
    CHECK_INT(basis, ONC_AGE_AT_DIAGNOSIS);
    CHECK_INT(c->age, 67);
    CHECK(onc_date_is_missing(c->birth_date));
    CHECK_INT(onc_date_days(c->diagnosis.date), onc_date_days(orig->diagnosis.date) + shift);
    CHECK_INT(onc_date_days(c->therapies[0].start), onc_date_days(orig->therapies[0].start) + shift);
    CHECK_INT(onc_date_days(c->therapies[0].progression_date) - onc_date_days(c->therapies[0].start),
              onc_date_days(orig->therapies[0].progression_date) - onc_date_days(orig->therapies[0].start));
    CHECK_INT(onc_date_days(c->labs[0].date), onc_date_days(orig->labs[0].date) + shift);
    CHECK_INT(onc_date_days(c->enrolments[0].date), onc_date_days(orig->enrolments[0].date) + shift);
    CHECK(strcmp(onc_date_format(c->diagnosis.date, buf), "2026-02-01") != 0);
    CHECK(c->text == NULL && c->n_warnings == 0);
    CHECK_STR(c->name, want);
    onc_case_free(c), onc_case_free(orig), onc_pseudo_free(p);
}

/* Several samples: PSEUDONYM-S1 ...; no birth date and no age: age missing; an age over 90
 * is top-coded; no diagnosis date: the age on the reference date. */
static void test_case_samples_and_ages(void)
{
    onc_err_t e = {0};
    onc_pseudo_t *p = onc_pseudo_new(key1, "LUNG-2026", &e);
    onc_case_t *c = load("tests/data/case/samples.json");
    if (!p || !c) return;
    char ps[ONC_PSEUDONYM_SIZE], want[40];
    onc_pseudo_id(p, "SYN-SAMPLES-01", ps);
    onc_age_basis basis;
    CHECK(onc_pseudo_case(p, c, (onc_date_t){2026, 11, 29}, &basis, &e) == ONC_OK);
    CHECK_INT(basis, ONC_AGE_MISSING);
    CHECK_INT(c->age, ONC_INT_MISSING);
    for (size_t i = 0; i < 3; i++) {
        snprintf(want, sizeof want, "%s-S%zu", ps, i + 1);
        CHECK_STR(c->samples[i].id, want);
    }
    onc_case_free(c);
    const char *old = "{\"id\": \"OLD\", \"birth_date\": \"1920-05-01\"}";
    CHECK(onc_case_parse(old, strlen(old), "old.json", NULL, NULL, &c, &e) == ONC_OK);
    if (c) {
        CHECK(onc_pseudo_case(p, c, (onc_date_t){2026, 4, 30}, &basis, &e) == ONC_OK);
        CHECK_INT(basis, ONC_AGE_AT_REFERENCE);
        CHECK_INT(c->age, 90); /* 105 on 2026-04-30 */
        onc_case_free(c);
    }
    const char *young = "{\"id\": \"Y\", \"birth_date\": \"1980-05-01\"}";
    CHECK(onc_case_parse(young, strlen(young), "y.json", NULL, NULL, &c, &e) == ONC_OK);
    if (c) {
        CHECK(onc_pseudo_case(p, c, (onc_date_t){2026, 4, 30}, &basis, &e) == ONC_OK);
        CHECK_INT(c->age, 45); /* the day before the 46th birthday */
        onc_case_free(c);
    }
    onc_pseudo_free(p);
}

/* A case that refers to lab files is refused; a bad project name too. */
static void test_refusals(void)
{
    onc_err_t e = {0};
    onc_pseudo_t *p = onc_pseudo_new(key1, "LUNG-2026", &e);
    onc_case_t *c = load("tests/data/case/with-files.json");
    if (p && c) {
        CHECK(onc_pseudo_case(p, c, (onc_date_t){2026, 11, 29}, NULL, &e) == ONC_EINVAL);
        CHECK(strstr(e.msg, "lab files") != NULL);
        CHECK_STR(c->id, "SYN-FILES-01");
    }
    onc_case_free(c);
    onc_pseudo_free(p);
    CHECK(onc_pseudo_new(key1, "", &e) == NULL);
    CHECK(onc_pseudo_new(key1, "a\nb", &e) == NULL);
    CHECK(strstr(e.msg, "control character") != NULL);
}

int main(void)
{
    RUN(test_hmac_rfc4231);
    RUN(test_pseudonym_formula);
    RUN(test_pseudonym_stability);
    RUN(test_shift_range);
    RUN(test_date_add_days);
    RUN(test_case_full);
    RUN(test_case_samples_and_ages);
    RUN(test_refusals);
    CHECK_EXIT();
}
