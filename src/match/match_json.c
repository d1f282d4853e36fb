/* match_json.c: match rows and MatchMiner records as JSON.
 *
 * One place turns a row into the Match JSON item of CONTRACTS.md, so that `oncoboard match
 * --format json`, the report's trials section and (later) the server say the same thing.
 * A record follows MatchMiner's trial_match document (lower-case keys, as its engine writes
 * them), so that tools built on MatchMiner's output can read ours.
 */
#include "oncoboard/match.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *str_list(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *sort_order(const int v[7])
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < 7; i++) json_array_append_new(a, json_integer(v[i]));
    return a;
}

json_t *onc_match_row_json(const onc_match_row_t *row)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "case_id", json_string(row->case_id));
    json_object_set_new(o, "trial", json_string(onc_trial_id(row->trial)));
    json_object_set_new(o, "protocol_no", str_or_null(onc_trial_protocol_no(row->trial)));
    json_object_set_new(o, "nct_id", str_or_null(onc_trial_nct_id(row->trial)));
    json_object_set_new(o, "title", str_or_null(onc_trial_title(row->trial)));
    json_object_set_new(o, "level", json_string(row->level));
    json_object_set_new(o, "arm", str_or_null(row->arm));
    json_object_set_new(o, "code", str_or_null(row->code));
    json_object_set_new(o, "internal_id", str_or_null(row->internal_id));
    json_object_set_new(o, "match_path", str_or_null(row->match_path));
    json_object_set_new(o, "status", json_string(onc_match_status_name(row->status)));
    json_object_set_new(o, "open", json_boolean(row->open));
    json_object_set_new(o, "cancer_type_match", str_or_null(row->cancer_type_match));
    json_object_set_new(o, "reasons", str_list(row->reasons, row->n_reasons));
    json_object_set_new(o, "unknown", str_list(row->unknown, row->n_unknown));
    json_object_set_new(o, "failed", str_list(row->failed, row->n_failed));
    json_object_set_new(o, "sort_order", sort_order(row->sort_order));
    return o;
}

json_t *onc_match_record_json(const onc_match_record_t *rec)
{
    const onc_match_row_t *row = rec->row;
    const onc_trial_t *tr = row->trial;
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "protocol_no", str_or_null(onc_trial_protocol_no(tr)));
    json_object_set_new(o, "nct_id", str_or_null(onc_trial_nct_id(tr)));
    json_object_set_new(o, "sample_id", json_string(row->case_id));
    json_object_set_new(o, "match_level", json_string(row->level));
    json_object_set_new(o, "internal_id", str_or_null(row->internal_id));
    json_object_set_new(o, "code", str_or_null(row->code));
    json_object_set_new(o, "match_path", str_or_null(row->match_path));
    json_object_set_new(o, "path_index", json_integer((json_int_t)rec->path_index));
    json_object_set_new(o, "reason_type", json_string(rec->reason_type));
    json_object_set_new(o, "inclusion", json_string(rec->inclusion));
    json_object_set_new(o, "match_type", str_or_null(rec->match_type));
    json_object_set_new(o, "genomic_alteration", str_or_null(rec->genomic_alteration));
    json_object_set_new(o, "genomic_id", str_or_null(rec->genomic_id));
    json_object_set_new(o, "q_depth", json_integer(rec->q_depth));
    json_object_set_new(o, "q_width", json_integer(rec->q_width));
    json_object_set_new(o, "cancer_type_match", str_or_null(row->cancer_type_match));
    json_object_set_new(o, "trial_curation_level_status", json_string(row->open ? "open" : "closed"));
    json_object_set_new(o, "trial_summary_status", json_string(onc_trial_is_open(tr) ? "open" : "closed"));
    json_object_set_new(o, "sort_order", sort_order(rec->sort_order));
    return o;
}
