/* fuzz_report_view.c: arbitrary bytes as a report document, through both views.
 *
 * The bytes are loaded as JSON with invalid UTF-8 allowed in strings (JSON_ALLOW_NUL and
 * json_loadb do not accept it, so when the text is not valid JSON the bytes become one hostile
 * string placed at every text key the walker reads). Oracle beyond "no crash": every rendering
 * succeeds (a report view has no input it may refuse once it is an object), the HTML contains no
 * raw "<script" and its output is valid UTF-8. */
#include "oncoboard/report_view.h"
#include "report/report_view_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *hostile_document(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return NULL;
    memcpy(text, data, size);
    text[size] = '\0';
    json_t *s = json_string_nocheck(text); /* stops at a NUL: fine */
    free(text);
    if (!s) return NULL;
    json_t *item = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:[O], s:[{s:[O], s:O, s:[{s:O, s:O, s:O}]}]}",
                             "gene", s, "alteration", s, "kind", s, "oncogenicity", s, "role", s, "escat", s,
                             "sources", s, "therapies", "agents", s, "effect", s, "approvals", "agency", s,
                             "indication", s, "date", s);
    json_t *r = json_pack("{s:O, s:O, s:{s:O, s:O, s:[O]}, s:[O], s:[O], s:[O], s:{s:O, s:[O]}, s:{s:[O]}}",
                          "case_id", s, "tumor_type", s, "molecular_group", "id", s, "label", s, "evidence", s,
                          "not_assessed", s, "warnings", s, "drivers", s, "patient", "id", s, "therapies", s,
                          "comparison", "gained", s);
    if (r && item) json_object_set_new(r, "alterations", json_pack("[O]", item));
    json_decref(item);
    json_decref(s);
    return r;
}

static void check_render(const json_t *r, int html)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    if (!fp) return;
    onc_err_t err = {0};
    onc_rc rc = html ? onc_report_render_html(r, fp, &err) : onc_report_render_md(r, fp, &err);
    fclose(fp);
    if (rc != ONC_OK && rc != ONC_ENOMEM && rc != ONC_ELIMIT) abort();
    if (rc == ONC_OK && out) {
        if (strstr(out, "<script")) abort();
        for (const unsigned char *p = (const unsigned char *)out; *p;) {
            size_t n = rv_utf8_len(p);
            if (n == 0) abort();
            p += n;
        }
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0;
    json_t *r = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!json_is_object(r)) {
        json_decref(r);
        r = hostile_document(data, size);
    }
    if (!r) return 0;
    check_render(r, 0);
    check_render(r, 1);
    json_decref(r);
    return 0;
}
