/* server_api_meta.c: what the server says about itself: health (for monitoring and the demo's
 * probe) answers without a session and says nothing about patients. */
#include "server_int.h"

#include "oncoboard/version.h"

void api_health(srv_req_t *rq, srv_reply_t *rp)
{
    onc_err_t err = {0};
    int version = 0;
    onc_rc rc = onc_db_schema_version(rq->db, &version, &err);
    if (rc != ONC_OK) {
        srv_error_rc(rp, rc, &err);
        return;
    }
    srv_json(rp, 200, json_pack("{s:s,s:s,s:i}", "status", "ok", "version", ONC_VERSION, "schema", version));
}
