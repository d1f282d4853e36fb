/* server_api_todo.c: the routes not written yet answer 501 with the stable code
 * "not_implemented" (scaffolding while issue 6 is built; this file goes when the last is written). */
#include "server_int.h"

#define TODO(name) \
    void name(srv_req_t *rq, srv_reply_t *rp) \
    { \
        (void)rq; \
        srv_error(rp, 501, "not_implemented", "not implemented yet"); \
    }

TODO(api_trials_list)
TODO(api_trial_put)
TODO(api_trial_validate)
TODO(api_trial_get)
TODO(api_trial_candidates)
TODO(api_match_run)
TODO(api_accrual)
TODO(api_export_research)
TODO(api_users_list)
TODO(api_user_create)
TODO(api_user_update)
TODO(api_audit_list)
TODO(api_audit_verify)
