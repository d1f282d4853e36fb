/* util_jsonw.c: JSON string escaping and number formatting for streamed output. */
#include "oncoboard/jsonw.h"

#include <inttypes.h>
#include <math.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when it is not one: JSON must be
 * UTF-8, and lab files are not always (Latin-1 sample names, binary garbage). */
static int utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    int n = p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
          : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    if (n == 0) return 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    unsigned cp = p[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) cp = cp << 6 | (p[i] & 0x3F);
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0; /* overlong */
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;                                       /* surrogate */
    return n;
}

void onc_jsonw_string(FILE *fp, const char *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    putc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int n = utf8_len(p);
        if (n == 0) { /* invalid byte: U+FFFD, the replacement character */
            fputs("\\ufffd", fp);
            p++;
            continue;
        }
        if (n > 1) {
            fwrite(p, 1, (size_t)n, fp);
            p += n;
            continue;
        }
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (*p < 0x20) fprintf(fp, "\\u%04x", *p);
            else putc(*p, fp);
        }
        p++;
    }
    putc('"', fp);
}

void onc_jsonw_double(FILE *fp, double v)
{
    if (!isfinite(v)) fputs("null", fp);
    else fprintf(fp, "%.15g", v);
}

void onc_jsonw_key(FILE *fp, const char *key, int first)
{
    if (!first) putc(',', fp);
    onc_jsonw_string(fp, key);
    putc(':', fp);
}

void onc_jsonw_member_str(FILE *fp, const char *key, const char *v, int first)
{
    onc_jsonw_key(fp, key, first);
    onc_jsonw_string(fp, v);
}

void onc_jsonw_member_int(FILE *fp, const char *key, int64_t v, int missing, int first)
{
    onc_jsonw_key(fp, key, first);
    if (missing) fputs("null", fp);
    else fprintf(fp, "%" PRId64, v);
}

void onc_jsonw_member_num(FILE *fp, const char *key, double v, int first)
{
    onc_jsonw_key(fp, key, first);
    onc_jsonw_double(fp, v);
}
