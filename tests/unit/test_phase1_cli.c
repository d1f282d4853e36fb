/* test_phase1_cli.c: `oncoboard phase1` and `design DESIGN next --db` as a user runs them, on an
 * SQLite registry made here (the fixture trial tests/data/store_trials/egfr.yaml, the example
 * cases): the decision read from the registry is the one `design boin next --n .. --y ..
 * --current ..` gives on the same counts, its rule included; the errors of bad input (unknown
 * trial, unknown level, a DLT of a patient not assigned, the wrong design) exit 2 with a message
 * saying what is wrong; the reads and writes are in the audit log. */
#include "check.h"
#include "cli_run.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRIAL "NCT99999901"

static char dir[256];
static char out[65536];

#define oncoboard(...) cli_run_db(dir, out, sizeof out, __VA_ARGS__)

/* The member key of the JSON document in out (a copy: json_decref it). */
static json_t *member(const char *key)
{
    json_t *doc = json_loads(out, 0, NULL), *v = doc ? json_deep_copy(json_object_get(doc, key)) : NULL;
    json_decref(doc);
    return v;
}

static void check_member_str(const char *key, const char *want)
{
    json_t *v = member(key);
    CHECK_STR(json_string_value(v) ? json_string_value(v) : "(none)", want);
    json_decref(v);
}

static void check_member_int(const char *key, long want)
{
    json_t *v = member(key);
    CHECK_INT(json_is_integer(v) ? (long)json_integer_value(v) : -99, want);
    json_decref(v);
}

static void registry(void)
{
    CHECK_INT(oncoboard("db init"), 0);
    CHECK_INT(oncoboard("db trials load tests/data/store_trials/egfr.yaml"), 0);
    CHECK_INT(oncoboard("db import examples/cases/SYN-ALK-01.json examples/cases/SYN-EGFR-01.json "
                        "examples/cases/SYN-KRAS-01.json"), 0);
}

static void conduct(void)
{
    CHECK_INT(oncoboard("phase1 setup --trial " TRIAL " --design boin --target 0.25 --dose '50 mg' --dose '100 mg' "
                        "--dose '200 mg' --cohort-size 3 --sample-size 12"), 0);
    CHECK_INT(oncoboard("design boin next --trial " TRIAL), 0);
    check_member_str("decision", "start");
    check_member_int("next_level", 1);
    const char *ids[] = {"SYN-ALK-01", "SYN-EGFR-01", "SYN-KRAS-01"};
    for (int i = 0; i < 3; i++) CHECK_INT(oncoboard("phase1 assign --trial " TRIAL " --patient %s --level 1 --date 2026-03-0%d", ids[i], i + 1), 0);
    CHECK_INT(oncoboard("phase1 dlt --trial " TRIAL " --patient SYN-EGFR-01 --term 'Febrile neutropenia' --grade 3 --onset 2026-03-10"), 0);
    CHECK(strstr(out, "DLT grade 3 on 2026-03-10") != NULL);
    CHECK_INT(oncoboard("design boin next --trial " TRIAL), 0);
    char *from_db = strdup(out);
    /* the same counts on the command line: 1 DLT in 3 at dose 1 of 3 */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "./oncoboard design boin next --target 0.25 --n 3,0,0 --y 1,0,0 --current 1 2>&1");
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = '\0';
    if (p) pclose(p);
    json_t *direct = json_loads(out, 0, NULL), *db = json_loads(from_db ? from_db : "", 0, NULL);
    CHECK(direct && db);
    if (direct && db) {
        /* target 0.25: lambda_e 0.197, lambda_d 0.298; 1/3 = 0.333 > lambda_d calls for
         * de-escalation, which at the lowest dose means staying there (BOIN's rule) */
        CHECK_STR(json_string_value(json_object_get(db, "decision")), json_string_value(json_object_get(direct, "decision")));
        CHECK_STR(json_string_value(json_object_get(db, "rule")), json_string_value(json_object_get(direct, "rule")));
        CHECK_INT(json_integer_value(json_object_get(db, "next_level")), json_integer_value(json_object_get(direct, "next_dose")));
        CHECK_STR(json_string_value(json_object_get(db, "decision")), "stay");
        CHECK(strstr(json_string_value(json_object_get(db, "rule")), "at the lowest dose") != NULL);
        CHECK_INT(json_integer_value(json_object_get(db, "next_level")), 1);
    }
    json_decref(direct), json_decref(db);
    free(from_db);
    CHECK_INT(oncoboard("phase1 list --trial " TRIAL), 0);
    CHECK(strstr(out, "SYN-EGFR-01\t1\t50 mg\t2026-03-02\tno\tFebrile neutropenia grade 3 2026-03-10") != NULL);
    CHECK_INT(oncoboard("audit list"), 0);
    CHECK(strstr(out, "phase1") != NULL);
    CHECK_INT(oncoboard("audit verify"), 0);
}

static void bad_input(void)
{
    CHECK_INT(oncoboard("phase1 assign --trial NCT00000000 --patient SYN-ALK-01 --level 1"), 2);
    CHECK(strstr(out, "trial NCT00000000 has no phase I set-up") != NULL);
    CHECK_INT(oncoboard("phase1 setup --trial NCT00000000 --design boin --target 0.25 --dose a --cohort-size 3 "
                        "--sample-size 12"), 2);
    CHECK(strstr(out, "trial NCT00000000 is not in the registry") != NULL);
    CHECK_INT(oncoboard("phase1 assign --trial " TRIAL " --patient SYN-ALK-01 --level 9"), 2);
    CHECK(strstr(out, "not 9") != NULL);
    CHECK_INT(oncoboard("phase1 dlt --trial " TRIAL " --patient NOBODY --term Diarrhea --grade 3"), 2);
    CHECK(strstr(out, "patient NOBODY is not in the registry") != NULL);
    CHECK_INT(oncoboard("phase1 setup --trial " TRIAL " --design boin --target 0.25 --dose a --cohort-size 3 "
                        "--sample-size 12"), 2);
    CHECK(strstr(out, "patients are assigned already") != NULL);
    CHECK_INT(oncoboard("design keyboard next --trial " TRIAL), 2);
    CHECK(strstr(out, "set up for boin, not keyboard") != NULL);
    CHECK_INT(oncoboard("design boin next --trial NCT00000000"), 2);
    CHECK(strstr(out, "has no phase I set-up") != NULL);
    CHECK_INT(oncoboard("phase1 dlt --trial " TRIAL " --patient SYN-ALK-01 --term Diarrhea"), 2);
    CHECK(strstr(out, "--grade is required") != NULL);
}

/* A DLT of a registered patient who has no level in that trial (they have one in another). */
static void dlt_not_assigned(void)
{
    CHECK_INT(oncoboard("db trials load trials/NCT06333951-phase1-mtap-amg193.yaml"), 0);
    CHECK_INT(oncoboard("phase1 setup --trial NCT06333951 --design tite-boin --target 0.3 --dose a --dose b "
                        "--cohort-size 3 --sample-size 12 --dlt-window 28"), 0);
    CHECK_INT(oncoboard("phase1 dlt --trial NCT06333951 --patient SYN-ALK-01 --term Diarrhea --grade 3"), 2);
    CHECK(strstr(out, "patient SYN-ALK-01 has no dose level in trial NCT06333951") != NULL);
    CHECK_INT(oncoboard("phase1 list --trial NCT06333951 --format json"), 0);
    check_member_str("design", "tite-boin");
    check_member_int("dlt_window_days", 28);
}

int main(void)
{
    if (!check_mkdtemp(dir, sizeof dir, "onc-phase1-cli")) return 1;
    RUN(registry);
    RUN(conduct);
    RUN(bad_input);
    RUN(dlt_not_assigned);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    CHECK_EXIT();
}
