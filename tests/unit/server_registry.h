/* server_registry.h: filling the registry of a server test behind the server's back (include
 * after server_fixture.h and cli_run.h): case files put as `db import` puts them, so that the
 * tests of the trials, figures and administration routes have patients without depending on the
 * patients routes; and the audit log's length, counted with its chain verified. */
#ifndef ONCOBOARD_TEST_SERVER_REGISTRY_H
#define ONCOBOARD_TEST_SERVER_REGISTRY_H

#include "oncoboard/store.h"

/* Puts the case file at path (lab files relative to its folder) into db: 0, or -1 after a
 * failed CHECK. */
__attribute__((unused)) static int sr_put_case(onc_db_t *db, const char *path)
{
    char *text = test_slurp(path);
    char dir[256];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    onc_err_t err = {0};
    onc_case_t *c = NULL;
    onc_store_put_opts_t o;
    onc_store_put_opts_init(&o);
    o.replace = true;
    onc_rc rc = text ? onc_case_parse(text, strlen(text), path, dir, NULL, &c, &err) : ONC_EIO;
    if (rc == ONC_OK) rc = onc_db_begin(db, &err);
    if (rc == ONC_OK) rc = onc_store_put_case(db, c, "os:tester", &o, &err);
    if (rc == ONC_OK) rc = registry_commit(db, &err);
    else onc_db_rollback(db, NULL);
    onc_case_free(c);
    free(text);
    if (rc == ONC_OK) return 0;
    fprintf(stderr, "put case %s: %s\n", path, err.msg);
    check_failed = 1;
    return -1;
}

/* The audit log's length (its chain verified). */
__attribute__((unused)) static int64_t sr_audit(const server_fixture_t *fx) { return registry_audit_entries(fx->db); }

/* Sends body (NUL-terminated) with content type ct as c; the reply's status. */
__attribute__((unused)) static int sr_send(const fx_client_t *c, const char *method, const char *path, const char *ct,
                                           const char *body, http_resp_t *r)
{
    fx_call_typed(c, method, path, ct, body, body ? strlen(body) : 0, r);
    return r->status;
}

/* GET prefix + each of bad[] (NULL-terminated) as c: every one a 400 "invalid". */
__attribute__((unused)) static void sr_check_bad_queries(const fx_client_t *c, const char *prefix,
                                                         const char *const *bad)
{
    for (size_t i = 0; bad[i]; i++) {
        char p[256], code[64];
        snprintf(p, sizeof p, "%s%s", prefix, bad[i]);
        http_resp_t r;
        fx_call(c, "GET", p, NULL, &r);
        if (r.status != 400 || strcmp(fx_error_code(&r, code, sizeof code), "invalid") != 0) {
            fprintf(stderr, "GET %s: HTTP %d %s, expected 400 invalid\n", p, r.status, code);
            check_failed = 1;
        }
        http_resp_free(&r);
    }
}

#endif
