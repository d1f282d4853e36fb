/* server_api_report.c: a registered patient's molecular tumor board report, as JSON (the
 * document of docs/report-format.md, built by onc_app_report_patient: the same `oncoboard report`
 * builds) and as the printable HTML view `oncoboard report --format html` writes, and their
 * trial matches. The app (rq->srv->app) is loaded once and shared by every worker; each request
 * brings its own registry connection. The reads are audited by the app under the session's user.
 */
#include "server_api.h"

#include "oncoboard/report_view.h"

#include <stdio.h>
#include <stdlib.h>

/* The HTML view has inline CSS and SVG and nothing else: no script, no request anywhere. */
#define REPORT_HTML_CSP                                                                                              \
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; "     \
    "form-action 'none'"

void api_report_json(srv_req_t *rq, srv_reply_t *rp)
{
    const char *id = api_patient_param(rq, rp, 0);
    if (!id) return;
    onc_err_t err = {0};
    json_t *doc = NULL;
    onc_rc rc = onc_app_report_patient(rq->srv->app, rq->db, id, rq->actor, &doc, &err);
    if (rc == ONC_OK) srv_json(rp, 200, doc);
    else srv_error_rc(rp, rc, &err);
}

/* The view written to memory: ONC_OK with *html (free it) and its length. */
static onc_rc render_html(const json_t *doc, char **html, size_t *len, onc_err_t *err)
{
    FILE *fp = open_memstream(html, len);
    if (!fp) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = onc_report_render_html(doc, fp, err);
    if (fclose(fp) != 0 && rc == ONC_OK) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    if (rc != ONC_OK) {
        free(*html);
        *html = NULL;
    }
    return rc;
}

void api_report_html(srv_req_t *rq, srv_reply_t *rp)
{
    const char *id = api_patient_param(rq, rp, 0);
    if (!id) return;
    onc_err_t err = {0};
    json_t *doc = NULL;
    char *html = NULL;
    size_t len = 0;
    onc_rc rc = onc_app_report_patient(rq->srv->app, rq->db, id, rq->actor, &doc, &err);
    if (rc == ONC_OK) rc = render_html(doc, &html, &len, &err);
    json_decref(doc);
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
        return;
    }
    srv_bytes(rp, 200, "text/html; charset=utf-8", html, len);
    rp->csp = REPORT_HTML_CSP;
    free(html);
}

void api_patient_matches(srv_req_t *rq, srv_reply_t *rp)
{
    const char *id = api_patient_param(rq, rp, 0);
    if (!id) return;
    onc_err_t err = {0};
    json_t *rows = NULL;
    onc_rc rc = onc_app_match_patient(rq->srv->app, rq->db, id, rq->actor, &rows, &err);
    if (rc == ONC_OK) srv_json(rp, 200, json_pack("{s:s,s:o}", "id", id, "rows", rows));
    else srv_error_rc(rp, rc, &err);
}
