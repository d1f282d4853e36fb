/* report_view_text.c: JSON values as display text, and UTF-8 checking, for the report views.
 *
 * A report says "unknown" or "not tested" where a value is missing: these helpers take the
 * word to use from the caller so that a null never turns into "no" or 0 by accident.
 */
#include "report/report_view_int.h"

#include <math.h>
#include <string.h>

const char *rv_str(const json_t *obj, const char *key)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

double rv_num(const json_t *obj, const char *key)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_number(v) ? json_number_value(v) : NAN;
}

onc_rc rv_put_value(onc_strbuf_t *b, const json_t *v, const char *missing)
{
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_STRING: return onc_strbuf_putsn(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER: return onc_strbuf_printf(b, "%lld", (long long)json_integer_value(v));
    case JSON_REAL: return onc_strbuf_printf(b, "%.4g", json_real_value(v));
    case JSON_TRUE: return onc_strbuf_puts(b, "yes");
    case JSON_FALSE: return onc_strbuf_puts(b, "no");
    case JSON_ARRAY: return rv_put_join(b, v, ", ", "none", missing);
    case JSON_OBJECT: return rv_put_item(b, v);
    case JSON_NULL: break;
    }
    return onc_strbuf_puts(b, missing);
}

/* An object with no naming key, as "key value" pairs of its scalar members ("marker ALK, result
 * positive"); nested members are left out. */
static onc_rc put_object_fields(onc_strbuf_t *b, const json_t *item)
{
    const char *key;
    const json_t *v;
    int n = 0;
    json_object_foreach((json_t *)item, key, v) {
        if (json_is_object(v) || json_is_array(v)) continue;
        RV_TRY(onc_strbuf_printf(b, "%s%s ", n++ ? ", " : "", key));
        RV_TRY(rv_put_value(b, v, "unknown"));
    }
    return n ? ONC_OK : onc_strbuf_puts(b, "(empty)");
}

/* An object item: "GENE ALTERATION" when it has them, else its first naming key. */
static onc_rc put_object_item(onc_strbuf_t *b, const json_t *item)
{
    const char *gene = rv_str(item, "gene"), *alt = rv_str(item, "alteration");
    if (gene || alt) {
        RV_TRY(onc_strbuf_puts(b, gene ? gene : "unknown gene"));
        if (alt) RV_TRY(onc_strbuf_printf(b, " %s", alt));
        return ONC_OK;
    }
    static const char *const names[] = {"label", "name", "message", "id", "group"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *s = rv_str(item, names[i]);
        if (s) return onc_strbuf_puts(b, s);
    }
    return put_object_fields(b, item);
}

onc_rc rv_put_item(onc_strbuf_t *b, const json_t *item)
{
    if (json_is_object(item)) return put_object_item(b, item);
    if (json_is_array(item)) return rv_put_join(b, item, " + ", "none", "unknown");
    return rv_put_value(b, item, "unknown");
}

onc_rc rv_put_join(onc_strbuf_t *b, const json_t *v, const char *sep, const char *empty,
                   const char *missing)
{
    if (!v || json_is_null(v)) return onc_strbuf_puts(b, missing);
    if (!json_is_array(v)) return rv_put_item(b, v);
    if (json_array_size(v) == 0) return onc_strbuf_puts(b, empty);
    size_t i;
    const json_t *item;
    json_array_foreach(v, i, item) {
        if (i > 0) RV_TRY(onc_strbuf_puts(b, sep));
        RV_TRY(rv_put_item(b, item));
    }
    return ONC_OK;
}

size_t rv_utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80) return 1;
    size_t n;
    unsigned long cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) { n = 2; cp = s[0] & 0x1F; }
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) { n = 3; cp = s[0] & 0x0F; }
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) { n = 4; cp = s[0] & 0x07; }
    else return 0; /* a continuation byte, an overlong lead (C0, C1) or F5..FF */
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0; /* also stops at the NUL of a truncated sequence */
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    static const unsigned long min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}
