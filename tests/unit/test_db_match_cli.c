/* test_db_match_cli.c: `oncoboard db trials`, `db match`, `db accrual` and `match --db` without
 * --trials, run as a user runs them on a fresh SQLite registry (tests/data/store_match: six
 * synthetic cases; tests/data/store_trials/egfr.yaml: one trial; the counts are those worked out
 * by hand in test_store_match.c and docs/registry.md). Runs ./oncoboard (built by `make test`
 * before the unit tests); SKIPs when it is not there.
 */
#include "check.h"
#include "cli_run.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];
static char out[65536];

#define oncoboard(...) cli_run_db(dir, out, sizeof out, __VA_ARGS__)

static int lines_with(const char *needle)
{
    int n = 0;
    for (const char *s = out; (s = strstr(s, needle)) != NULL; s += strlen(needle)) n++;
    return n;
}

/* The "total" row of trial in the accrual JSON of out, or NULL. */
static json_t *accrual_total(json_t *doc, const char *trial)
{
    json_t *row;
    size_t i;
    json_array_foreach(json_object_get(doc, "accrual"), i, row)
        if (!strcmp(json_string_value(json_object_get(row, "trial")), trial) &&
            !strcmp(json_string_value(json_object_get(row, "month")), "total"))
            return row;
    return NULL;
}

static void registry_commands(void)
{
    if (access("./oncoboard", X_OK) != 0) SKIP("./oncoboard is not built");
    CHECK_INT(oncoboard("db init"), 0);
    CHECK_INT(oncoboard("db import tests/data/store_match"), 0);
    CHECK_INT(oncoboard("db trials load tests/data/store_trials/egfr.yaml"), 0);
    CHECK(strstr(out, "loaded 1 trials: 1 new, 0 changed (a new version), 0 unchanged") != NULL);
    CHECK_INT(oncoboard("db trials load --dry-run tests/data/store_trials/egfr.yaml"), 0);
    CHECK(strstr(out, "would load 1 trials: 0 new, 0 changed (a new version), 1 unchanged") != NULL);
    CHECK_INT(oncoboard("db trials list"), 0);
    CHECK(strstr(out, "\nNCT99999901\t1\tyes\tREG-TEST-1\tNCT99999901\t") != NULL);
    CHECK_INT(oncoboard("db trials history NCT99999901 --json"), 0);
    CHECK(strstr(out, "\"version\": 1") != NULL);
    /* match --db without --trials: the registry's trial; ACC-01, 02, 03, 05 eligible */
    CHECK_INT(oncoboard("match --comparison-date 2026-11-29"), 0);
    CHECK_INT(lines_with("\tNCT99999901\tREG-TEST-1\tarm\t"), 4);
    CHECK_INT(oncoboard("db match --comparison-date 2026-11-29"), 0);
    CHECK(strstr(out, "6 patients, 1 trials; 6 pairs evaluated") != NULL);
    CHECK(strstr(out, ": 4 added, 0 kept, 0 disabled, 0 re-enabled") != NULL);
    CHECK_INT(oncoboard("db match --comparison-date 2026-11-29 --json"), 0);
    json_t *doc = json_loads(out, 0, NULL);
    CHECK(doc != NULL);
    CHECK_INT(json_integer_value(json_object_get(doc, "pairs")), 0);
    json_decref(doc);
    CHECK_INT(oncoboard("db accrual --format json"), 0);
    doc = json_loads(out, 0, NULL);
    json_t *total = accrual_total(doc, "NCT99999901");
    CHECK(total != NULL);
    CHECK_INT(json_integer_value(json_object_get(total, "screened")), 6);
    CHECK_INT(json_integer_value(json_object_get(total, "eligible")), 4);
    CHECK_INT(json_integer_value(json_object_get(total, "enrolled")), 2);
    CHECK_INT(json_integer_value(json_object_get(total, "screen_failed")), 3);
    json_decref(doc);
    CHECK_INT(oncoboard("db match --accrual --from 2026-02 --to 2026-02"), 0);
    CHECK(strstr(out, "NCT99999901\t2026-02\t2\t0\t0\t1\t1\t0\tECOG 2 (1)\n") != NULL);
    CHECK_INT(oncoboard("db results --trial NCT99999901"), 0);
    CHECK_INT(lines_with("\tNCT99999901\t1\tarm\t"), 4);
    CHECK_INT(lines_with("\tyes\t\t[\"EGFR p.L858R\"]\n"), 3); /* ACC-01, 02, 05: valid, never changed */
    CHECK_INT(oncoboard("db results --patient ACC-03 --json"), 0);
    CHECK(strstr(out, "\"arm\": \"ALK\"") != NULL);
    CHECK_INT(oncoboard("db trials history NCT00000000"), 2);
    CHECK_INT(oncoboard("audit verify"), 0);
}

int main(void)
{
    if (!check_mkdtemp(dir, sizeof dir, "onc-dbmatch")) return 1;
    RUN(registry_commands);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_EXIT();
}
