/* server_api_todo.c: the routes not written yet answer 501 with the stable code
 * "not_implemented" (scaffolding while issue 6 is built; this file goes when the last is written). */
#include "server_int.h"

#define TODO(name) \
    void name(srv_req_t *rq, srv_reply_t *rp) \
    { \
        (void)rq; \
        srv_error(rp, 501, "not_implemented", "not implemented yet"); \
    }

TODO(api_patients_list)
TODO(api_patient_create)
TODO(api_patient_get)
TODO(api_patient_replace)
TODO(api_sample_upload)
TODO(api_report_json)
TODO(api_report_html)
TODO(api_patient_matches)
TODO(api_decisions_list)
TODO(api_decision_create)
TODO(api_decision_update)
TODO(api_decision_finalise)
TODO(api_responses_list)
TODO(api_response_add)
TODO(api_outcome_set)
TODO(api_enrolment_set)
TODO(api_boards_list)
TODO(api_board_create)
TODO(api_board_get)
TODO(api_board_add_patient)
TODO(api_board_remove_patient)
