/* server_routes.c: every route of the server and who may call it: the one table the security
 * model rests on (deny by default: a route lists the roles allowed, and ONC_ROUTE_PUBLIC only for
 * what anyone may see). tests/unit/test_server_roles.c calls every route with every role and
 * checks the answer against this table; tests/unit/test_server_openapi.c checks that
 * docs/openapi.json documents exactly these routes. docs/server.md explains the role sets. */
#include "server_int.h"

/* Role sets, by what they protect. */
#define CARE (ONC_ROLE_ADMIN | ONC_ROLE_CLINICIAN | ONC_ROLE_COORDINATOR | ONC_ROLE_VIEWER) /* identified patients, read */
#define CLINICAL (ONC_ROLE_ADMIN | ONC_ROLE_CLINICIAN)        /* patients' records, write */
#define SCREENING (ONC_ROLE_ADMIN | ONC_ROLE_CLINICIAN | ONC_ROLE_COORDINATOR) /* enrolment, matching runs */
#define PORTFOLIO (ONC_ROLE_ADMIN | ONC_ROLE_COORDINATOR)     /* the trial portfolio, write */
#define RESEARCH (ONC_ROLE_ADMIN | ONC_ROLE_RESEARCHER)       /* pseudonymised data only */
#define ANYONE_SIGNED_IN ONC_ROLE_ALL                         /* no patient data */
#define ADMIN ONC_ROLE_ADMIN

#define ROUTE(method, pattern, roles, handler, flags, summary) {{method, pattern, roles, summary}, handler, flags}

const srv_route_t srv_routes[] = {
    /* the server and the session */
    ROUTE("GET", "/api/v1/health", ONC_ROUTE_PUBLIC, api_health, 0, "Whether the server and its registry answer"),
    ROUTE("GET", "/api/v1/openapi.json", ONC_ROUTE_PUBLIC, api_openapi, 0, "This API's OpenAPI 3 document"),
    ROUTE("POST", "/api/v1/session", ONC_ROUTE_PUBLIC, api_login, SRV_NO_CSRF, "Sign in"),
    ROUTE("GET", "/api/v1/session", ANYONE_SIGNED_IN, api_session, 0, "The signed-in user and the CSRF token"),
    ROUTE("DELETE", "/api/v1/session", ANYONE_SIGNED_IN, api_logout, 0, "Sign out"),
    /* patients */
    ROUTE("GET", "/api/v1/patients", CARE, api_patients_list, 0, "Patients, searched and filtered"),
    ROUTE("POST", "/api/v1/patients", CLINICAL, api_patient_create, 0, "Register a patient from a case file"),
    ROUTE("GET", "/api/v1/patients/{id}", CARE, api_patient_get, 0, "A patient's case file"),
    ROUTE("PUT", "/api/v1/patients/{id}", CLINICAL, api_patient_replace, 0, "Replace a patient's case file"),
    ROUTE("POST", "/api/v1/patients/{id}/samples", CLINICAL, api_sample_upload, SRV_BIG_BODY,
          "Upload a lab file as a new sample"),
    ROUTE("GET", "/api/v1/patients/{id}/report", CARE, api_report_json, 0, "The molecular tumor board report (JSON)"),
    ROUTE("GET", "/api/v1/patients/{id}/report.html", CARE, api_report_html, 0, "The printable report (HTML)"),
    ROUTE("GET", "/api/v1/patients/{id}/matches", CARE, api_patient_matches, 0,
          "Trials matched, with criteria met, failed and unknown"),
    ROUTE("GET", "/api/v1/patients/{id}/decisions", CARE, api_decisions_list, 0, "Tumor board decisions"),
    ROUTE("POST", "/api/v1/patients/{id}/decisions", CLINICAL, api_decision_create, 0, "Draft a decision"),
    ROUTE("PUT", "/api/v1/decisions/{id}", CLINICAL, api_decision_update, 0, "Edit a draft decision"),
    ROUTE("POST", "/api/v1/decisions/{id}/finalise", CLINICAL, api_decision_finalise, 0,
          "Make a decision final (password entered again)"),
    ROUTE("GET", "/api/v1/patients/{id}/responses", CARE, api_responses_list, 0, "Response assessments"),
    ROUTE("POST", "/api/v1/patients/{id}/responses", CLINICAL, api_response_add, 0, "Record a response assessment"),
    ROUTE("PUT", "/api/v1/patients/{id}/outcome", CLINICAL, api_outcome_set, 0, "Record vital status and follow-up"),
    ROUTE("PUT", "/api/v1/patients/{id}/enrolments/{trial}", SCREENING, api_enrolment_set, 0,
          "Record screening, enrolment, screen failure or withdrawal"),
    /* trials */
    ROUTE("GET", "/api/v1/trials", ANYONE_SIGNED_IN, api_trials_list, 0, "The trial portfolio"),
    ROUTE("POST", "/api/v1/trials", PORTFOLIO, api_trial_put, 0, "Add or update a trial (CTML)"),
    ROUTE("POST", "/api/v1/trials/validate", PORTFOLIO, api_trial_validate, 0, "Validate CTML without storing it"),
    ROUTE("GET", "/api/v1/trials/{key}", ANYONE_SIGNED_IN, api_trial_get, 0, "A trial's CTML and versions"),
    ROUTE("GET", "/api/v1/trials/{key}/candidates", CARE, api_trial_candidates, 0,
          "Patients matched to a trial, with reasons"),
    /* phase I dose finding (server_api_phase1.c) */
    ROUTE("GET", "/api/v1/trials/{key}/phase1", CLINICAL | PORTFOLIO, api_phase1_get, 0,
          "A phase I trial's doses, patients and DLTs, the next dose and the decision table"),
    ROUTE("PUT", "/api/v1/trials/{key}/phase1", SCREENING, api_phase1_setup, 0, "Set up a phase I trial's design"),
    ROUTE("POST", "/api/v1/trials/{key}/phase1/patients", SCREENING, api_phase1_assign, 0,
          "Record a patient's dose level"),
    ROUTE("POST", "/api/v1/trials/{key}/phase1/dlts", SCREENING, api_phase1_dlt, 0, "Record a DLT"),
    ROUTE("POST", "/api/v1/trials/{key}/phase1/windows", SCREENING, api_phase1_window, 0,
          "Record a DLT window completed without DLT"),
    ROUTE("POST", "/api/v1/match-runs", SCREENING, api_match_run, 0, "Match the registry against the portfolio"),
    /* tumor boards */
    ROUTE("GET", "/api/v1/boards", CARE, api_boards_list, 0, "Tumor board meetings"),
    ROUTE("POST", "/api/v1/boards", CLINICAL, api_board_create, 0, "Schedule a meeting"),
    ROUTE("GET", "/api/v1/boards/{id}", CARE, api_board_get, 0, "A meeting and its patients"),
    ROUTE("POST", "/api/v1/boards/{id}/patients", CLINICAL, api_board_add_patient, 0, "List a patient for a meeting"),
    ROUTE("DELETE", "/api/v1/boards/{id}/patients/{patient}", CLINICAL, api_board_remove_patient, 0,
          "Take a patient off a meeting"),
    /* figures and exports */
    ROUTE("GET", "/api/v1/accrual", ANYONE_SIGNED_IN, api_accrual, 0, "Screened, eligible, enrolled per trial and month"),
    ROUTE("POST", "/api/v1/exports/research", RESEARCH, api_export_research, 0,
          "The pseudonymised research export (password entered again)"),
    ROUTE("GET", "/api/v1/cohort/survival", RESEARCH, api_cohort_survival, 0,
          "Kaplan-Meier curves and the log-rank test of the consenting patients, by molecular group or biomarker"),
    ROUTE("GET", "/api/v1/cohort/compare", RESEARCH, api_cohort_compare, 0,
          "Responders against non-responders: TMB, PD-L1 and gene frequencies"),
    /* administration */
    ROUTE("GET", "/api/v1/users", ADMIN, api_users_list, 0, "Users and their roles"),
    ROUTE("POST", "/api/v1/users", ADMIN, api_user_create, 0, "Create a user"),
    ROUTE("PUT", "/api/v1/users/{login}", ADMIN, api_user_update, 0, "Change a user's role, status or password"),
    ROUTE("GET", "/api/v1/audit", ADMIN, api_audit_list, 0, "The audit log"),
    ROUTE("GET", "/api/v1/audit/verify", ADMIN, api_audit_verify, 0, "Verify the audit log's hash chain"),
};
const size_t srv_n_routes = sizeof srv_routes / sizeof srv_routes[0];
