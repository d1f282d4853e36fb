/* util_jsonw.c: JSON string escaping and number formatting for streamed output. */
#include "oncoboard/jsonw.h"

#include <math.h>

void onc_jsonw_string(FILE *fp, const char *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    putc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
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
