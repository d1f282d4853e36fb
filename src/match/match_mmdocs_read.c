/* match_mmdocs_read.c: reading MatchMiner's clinical and genomic files into records
 * (match_mmdocs_int.h).
 *
 * MatchMiner loads documents from JSON (one document, an array, or one document per line as
 * mongoexport writes them), from MongoDB extended JSON (the v2.2.3 seed data) and from CSV
 * (its toy loaders, and what sites export from spreadsheets). JSON text is cut into documents
 * (the elements of an array, or top-level objects one after the other) by counting brackets,
 * and each document is parsed on its own by jansson: a registry export of 100,000 patients is
 * never one tree in memory, and every document knows the line it starts on. The line of a
 * member is found in the document's text only when a message needs it. CSV rows become
 * objects of text cells keyed by the header.
 */
#include "match/match_mmdocs_int.h"

#include "oncoboard/csv.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- lines and messages ---- */

uint64_t mm_line(const mm_rec_t *r, const char *key)
{
    if (!r->text || !key) return r->line;
    size_t k = strlen(key);
    for (size_t i = 0; i + k + 2 <= r->text_len; i++) {
        if (r->text[i] != '"' || memcmp(r->text + i + 1, key, k) || r->text[i + k + 1] != '"') continue;
        size_t j = i + k + 2;
        while (j < r->text_len && strchr(" \t\r\n", r->text[j])) j++;
        if (j == r->text_len || r->text[j] != ':') continue;
        uint64_t line = r->line;
        for (size_t c = 0; c < i; c++) line += r->text[c] == '\n';
        return line;
    }
    return r->line;
}

onc_rc mm_fail(const mm_rec_t *r, onc_err_t *err, onc_rc rc, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return onc_err_at(err, rc, r->file, mm_line(r, key), key, "%s", msg);
}

/* ---- files ---- */

static onc_rc read_file(const char *path, char **out, size_t *len, onc_err_t *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    onc_rc rc = ONC_OK;
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) break;
        if (n < cap) continue;
        if (cap >= MM_MAX_FILE_BYTES) {
            rc = onc_err_set(err, ONC_ELIMIT, "%s: larger than %zu bytes", path, (size_t)MM_MAX_FILE_BYTES);
            break;
        }
        cap *= 2;
        char *grown = realloc(buf, cap + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
        } else {
            buf = grown;
        }
    }
    if (!rc && !buf) rc = onc_err_set(err, ONC_ENOMEM, "%s: out of memory", path);
    if (!rc && ferror(fp)) rc = onc_err_set(err, ONC_EIO, "%s: read error", path);
    fclose(fp);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return ONC_OK;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static size_t skip_blank(const char *t, size_t i, size_t len, uint64_t *line)
{
    for (; i < len; i++) {
        if (t[i] == '\n') (*line)++;
        else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') break;
    }
    return i;
}

/* ---- JSON ---- */

/* The end of the JSON object or array that starts at t[i] (one past its closing bracket),
 * found by counting brackets outside strings; len when it is not closed (the parser then
 * says what is wrong). */
static size_t value_end(const char *t, size_t i, size_t len)
{
    size_t depth = 0;
    bool in_string = false;
    for (; i < len; i++) {
        char c = t[i];
        if (in_string) {
            if (c == '\\') i++;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return len;
}

static uint64_t count_lines(const char *t, size_t from, size_t to)
{
    uint64_t n = 0;
    for (size_t i = from; i < to; i++) n += t[i] == '\n';
    return n;
}

/* Parses the document t[0, n) starting on `line` and visits it. */
static onc_rc visit_document(const char *t, size_t n, uint64_t line, const char *file, bool csv, mm_visit_fn fn,
                             void *ctx, onc_err_t *err)
{
    json_error_t je;
    json_t *obj = json_loadb(t, n, JSON_REJECT_DUPLICATES, &je);
    if (!obj)
        return onc_err_at(err, ONC_EPARSE, file, line + (je.line > 0 ? (uint64_t)je.line - 1 : 0), NULL,
                          "JSON syntax (column %d): %s", je.column, je.text);
    mm_rec_t r = {.obj = obj, .text = t, .text_len = n, .line = line, .file = file, .csv = csv};
    onc_rc rc = json_is_object(obj) ? fn(&r, ctx, err)
                                    : onc_err_at(err, ONC_EPARSE, file, line, NULL, "expected a JSON object (a document)");
    json_decref(obj);
    return rc;
}

/* The documents of an array whose '[' is at t[*i]; *i and *line move past its ']'. */
static onc_rc read_array(const char *t, size_t len, size_t *i, uint64_t *line, const char *file, mm_visit_fn fn,
                         void *ctx, onc_err_t *err)
{
    size_t p = *i + 1;
    for (size_t k = 0;; k++) {
        p = skip_blank(t, p, len, line);
        if (p < len && t[p] == ']' && k == 0) break;
        if (p == len || t[p] != '{')
            return onc_err_at(err, ONC_EPARSE, file, *line, NULL, "element %zu of the array is not a JSON object (a document)", k);
        size_t end = value_end(t, p, len);
        onc_rc rc = visit_document(t + p, end - p, *line, file, false, fn, ctx, err);
        if (rc) return rc;
        *line += count_lines(t, p, end);
        p = skip_blank(t, end, len, line);
        if (p < len && t[p] == ']') break;
        if (p == len || t[p] != ',') return onc_err_at(err, ONC_EPARSE, file, *line, NULL, "expected ',' or ']' after element %zu", k);
        p++;
    }
    *i = p + 1;
    return ONC_OK;
}

static onc_rc read_json(const char *t, size_t len, const char *file, mm_visit_fn fn, void *ctx, onc_err_t *err)
{
    uint64_t line = 1;
    size_t i = skip_blank(t, 0, len, &line);
    while (i < len) {
        onc_rc rc;
        if (t[i] == '[') {
            rc = read_array(t, len, &i, &line, file, fn, ctx, err);
        } else if (t[i] == '{') {
            size_t end = value_end(t, i, len);
            rc = visit_document(t + i, end - i, line, file, false, fn, ctx, err);
            line += count_lines(t, i, end);
            i = end;
        } else {
            return onc_err_at(err, ONC_EPARSE, file, line, NULL, "expected a JSON document ('{') or an array of them, got byte 0x%02x", (unsigned char)t[i]);
        }
        if (rc) return rc;
        i = skip_blank(t, i, len, &line);
    }
    return ONC_OK;
}

onc_rc mm_visit_text(const char *t, size_t n, const char *name, bool cells_as_text, mm_visit_fn fn, void *ctx,
                     onc_err_t *err)
{
    if (n > MM_MAX_TEXT * 16) return onc_err_set(err, ONC_ELIMIT, "%s: a document of more than %d bytes", name, MM_MAX_TEXT * 16);
    return visit_document(t, n, 1, name, cells_as_text, fn, ctx, err);
}

/* ---- CSV ---- */

static onc_rc csv_cell_error(int rc, const char *file, uint64_t line, onc_err_t *err)
{
    const char *what = rc == ONC_CSV_TOO_MANY       ? "more than " "4096" " cells"
                       : rc == ONC_CSV_OPEN_QUOTE   ? "a quoted cell is not closed"
                                                    : "text after the closing quote of a cell";
    return onc_err_at(err, rc == ONC_CSV_TOO_MANY ? ONC_ELIMIT : ONC_EPARSE, file, line, NULL, "%s", what);
}

static onc_rc csv_header(char *t, size_t len, size_t *pos, uint64_t *line, char **names, int *n,
                         const char *file, onc_err_t *err)
{
    uint64_t nl = 0;
    int k = onc_csv_split(t, len, pos, names, MM_MAX_CELLS, &nl);
    if (k < 0) return csv_cell_error(k, file, *line, err);
    /* A column without a name (pandas writes its index so) is ignored. */
    for (int i = 0; i < k; i++) {
        for (int j = 0; j < i && names[i][0]; j++)
            if (!strcmp(names[i], names[j]))
                return onc_err_at(err, ONC_EPARSE, file, *line, names[i], "column named twice in the header");
    }
    *line += nl;
    *n = k;
    return ONC_OK;
}

static onc_rc csv_row(char **names, int n, char **cells, int k, mm_rec_t *r, mm_visit_fn fn, void *ctx,
                      onc_err_t *err)
{
    if (k != n)
        return onc_err_at(err, ONC_EPARSE, r->file, r->line, NULL, "%d cells, the header has %d", k, n);
    json_t *obj = json_object();
    if (!obj) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    onc_rc rc = ONC_OK;
    for (int i = 0; i < k && !rc; i++) {
        if (!cells[i][0] || !names[i][0]) continue;
        json_t *s = json_string(cells[i]);
        if (!s) rc = onc_err_at(err, ONC_EPARSE, r->file, r->line, names[i], "not UTF-8 text");
        else if (json_object_set_new(obj, names[i], s)) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
    }
    r->obj = obj;
    if (!rc) rc = fn(r, ctx, err);
    json_decref(obj);
    return rc;
}

static onc_rc read_csv(char *t, size_t len, const char *file, mm_visit_fn fn, void *ctx, onc_err_t *err)
{
    char **names = malloc(2 * MM_MAX_CELLS * sizeof *names), **cells = names ? names + MM_MAX_CELLS : NULL;
    if (!names) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    size_t pos = 0;
    uint64_t line = 1;
    int n = 0;
    onc_rc rc = csv_header(t, len, &pos, &line, names, &n, file, err);
    while (!rc && pos < len) {
        uint64_t nl = 0;
        mm_rec_t r = {.line = line, .file = file, .csv = true};
        int k = onc_csv_split(t, len, &pos, cells, MM_MAX_CELLS, &nl);
        if (k < 0) rc = csv_cell_error(k, file, line, err);
        else if (!(k == 1 && !cells[0][0])) rc = csv_row(names, n, cells, k, &r, fn, ctx, err); /* blank line */
        line += nl;
    }
    free(names);
    return rc;
}

/* ---- paths ---- */

static bool is_json_name(const char *p)
{
    return has_suffix(p, ".json") || has_suffix(p, ".ejson") || has_suffix(p, ".jsonl") || has_suffix(p, ".ndjson");
}

static onc_rc read_one(const char *path, mm_visit_fn fn, void *ctx, onc_err_t *err)
{
    char *t = NULL;
    size_t len = 0;
    onc_rc rc = read_file(path, &t, &len, err);
    if (rc) return rc;
    size_t skip = len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3) ? 3 : 0; /* UTF-8 byte order mark */
    uint64_t line = 1;
    size_t first = skip_blank(t, skip, len, &line);
    bool json = is_json_name(path) || (!has_suffix(path, ".csv") && first < len && (t[first] == '{' || t[first] == '['));
    if (json) rc = read_json(t + skip, len - skip, path, fn, ctx, err);
    else rc = read_csv(t + skip, len - skip, path, fn, ctx, err);
    free(t);
    return rc;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static onc_rc read_dir(const char *path, mm_visit_fn fn, void *ctx, onc_err_t *err)
{
    DIR *d = opendir(path);
    if (!d) return onc_err_set(err, ONC_EIO, "%s: cannot open directory: %s", path, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    onc_rc rc = ONC_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.' || !(is_json_name(e->d_name) || has_suffix(e->d_name, ".csv"))) continue;
        char **grown = n < MM_MAX_FILES ? realloc(names, (n + 1) * sizeof *names) : NULL;
        if (n >= MM_MAX_FILES) rc = onc_err_set(err, ONC_ELIMIT, "%s: more than %d files", path, MM_MAX_FILES);
        else if (!grown) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
        else {
            names = grown;
            size_t m = strlen(path) + strlen(e->d_name) + 2;
            names[n] = malloc(m);
            if (!names[n]) rc = onc_err_set(err, ONC_ENOMEM, "out of memory");
            else snprintf(names[n++], m, "%s/%s", path, e->d_name);
        }
    }
    closedir(d);
    if (names) qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (!rc) rc = read_one(names[i], fn, ctx, err);
        free(names[i]);
    }
    free(names);
    return rc;
}

onc_rc mm_read_path(const char *path, mm_visit_fn fn, void *ctx, onc_err_t *err)
{
    struct stat st;
    if (stat(path, &st) != 0) return onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return read_dir(path, fn, ctx, err);
    return read_one(path, fn, ctx, err);
}

/* ---- values ---- */

const char *mm_key(const mm_rec_t *r, const char *const *keys)
{
    for (; *keys; keys++)
        if (json_object_get(r->obj, *keys)) return *keys;
    return NULL;
}

json_t *mm_value(const mm_rec_t *r, const char *key)
{
    json_t *v = key ? json_object_get(r->obj, key) : NULL;
    if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) return NULL;
    return v;
}

/* The inside of a one-member extended-JSON wrapper {"$name": inner}, or NULL. */
static json_t *ext_member(json_t *v, const char *name)
{
    return json_is_object(v) && json_object_size(v) == 1 ? json_object_get(v, name) : NULL;
}

/* MongoDB's typed numbers ({"$numberLong": "..."} and the like) hold their digits as text. */
static json_t *ext_number(json_t *v)
{
    static const char *const wrappers[] = {"$numberLong", "$numberInt", "$numberDouble", "$numberDecimal", NULL};
    for (const char *const *w = wrappers; *w; w++) {
        json_t *in = ext_member(v, *w);
        if (in) return in;
    }
    return NULL;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    while (*end == ' ') end++;
    if (end == s || *end || errno == ERANGE || !isfinite(d)) return false;
    *out = d;
    return true;
}

onc_rc mm_text(const mm_rec_t *r, const char *key, onc_arena_t *a, const char **out, onc_err_t *err)
{
    *out = NULL;
    json_t *v = mm_value(r, key), *oid = ext_member(v, "$oid"), *num = ext_number(v);
    char buf[64];
    const char *s = NULL;
    if (!v) return ONC_OK;
    if (oid && json_is_string(oid)) s = json_string_value(oid);
    else if (num && json_is_string(num)) s = json_string_value(num);
    else if (json_is_string(v)) s = json_string_value(v);
    else if (json_is_integer(v)) snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v)), s = buf;
    else if (json_is_real(v)) snprintf(buf, sizeof buf, "%.17g", json_real_value(v)), s = buf;
    else return mm_fail(r, err, ONC_EPARSE, key, "expected text");
    if (strlen(s) > MM_MAX_TEXT) return mm_fail(r, err, ONC_ELIMIT, key, "longer than %d bytes", MM_MAX_TEXT);
    *out = onc_arena_strdup(a, s);
    return *out ? ONC_OK : onc_err_set(err, ONC_ENOMEM, "out of memory");
}

onc_rc mm_number(const mm_rec_t *r, const char *key, double *out, onc_err_t *err)
{
    *out = ONC_NUM_MISSING;
    json_t *v = mm_value(r, key), *num = ext_number(v);
    if (!v) return ONC_OK;
    if (num) v = num;
    if (json_is_number(v)) *out = json_number_value(v);
    else if (!json_is_string(v) || !parse_double(json_string_value(v), out))
        return mm_fail(r, err, ONC_EPARSE, key, "expected a number");
    return ONC_OK;
}

onc_date_t mm_date_from_days(int64_t z)
{
    /* Civil from days (proleptic Gregorian), the inverse of onc_date_days: eras of 400
     * years starting on March 1st, so that the leap day ends the year. */
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    onc_date_t out = {(int32_t)y, (int32_t)m, (int32_t)d};
    return out;
}

/* "YYYY-MM-DD", alone or followed by a time ("1980-11-25T00:00:00Z", "1980-11-25 00:00:00"). */
static bool parse_date_text(const char *s, onc_date_t *out)
{
    char day[11];
    size_t n = strlen(s);
    if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != ' ')) return false;
    memcpy(day, s, 10);
    day[10] = '\0';
    return onc_date_parse(day, out, NULL) == ONC_OK;
}

/* Milliseconds since 1970 ({"$date": ms} in MongoDB's canonical extended JSON). */
static bool date_from_ms(double ms, onc_date_t *out)
{
    if (!isfinite(ms) || fabs(ms) > 253402300800000.0) return false; /* beyond year 9999 */
    *out = mm_date_from_days((int64_t)floor(ms / 86400000.0));
    return out->year >= 1000;
}

onc_rc mm_date(const mm_rec_t *r, const char *key, onc_date_t *out, onc_err_t *err)
{
    onc_date_t missing = {0, 0, 0};
    *out = missing;
    json_t *v = mm_value(r, key), *in = ext_member(v, "$date");
    if (!v) return ONC_OK;
    if (in) {
        json_t *num = ext_number(in);
        double ms;
        if (json_is_number(in) && date_from_ms(json_number_value(in), out)) return ONC_OK;
        if (json_is_string(in) && parse_date_text(json_string_value(in), out)) return ONC_OK;
        if (num && json_is_string(num) && parse_double(json_string_value(num), &ms) && date_from_ms(ms, out))
            return ONC_OK;
    } else if (json_is_string(v) && parse_date_text(json_string_value(v), out)) {
        return ONC_OK;
    }
    *out = missing;
    return mm_fail(r, err, ONC_EPARSE, key, "expected a date (YYYY-MM-DD, or {\"$date\": ...})");
}

onc_rc mm_date_int(const mm_rec_t *r, const char *key, onc_date_t *out, onc_err_t *err)
{
    onc_date_t missing = {0, 0, 0};
    double d;
    *out = missing;
    onc_rc rc = mm_number(r, key, &d, err);
    if (rc || isnan(d)) return rc;
    char buf[32];
    if (d != floor(d) || d < 10000101 || d > 99991231) goto bad;
    long v = (long)d;
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", v / 10000, v / 100 % 100, v % 100);
    if (onc_date_parse(buf, out, NULL) == ONC_OK) return ONC_OK;
bad:
    *out = missing;
    return mm_fail(r, err, ONC_EPARSE, key, "expected a date as the number YYYYMMDD");
}

onc_rc mm_bool(const mm_rec_t *r, const char *key, onc_tri *out, onc_err_t *err)
{
    *out = ONC_TRI_UNKNOWN;
    json_t *v = mm_value(r, key);
    if (!v) return ONC_OK;
    if (json_is_boolean(v)) {
        *out = json_is_true(v) ? ONC_TRI_TRUE : ONC_TRI_FALSE;
        return ONC_OK;
    }
    /* CSV cells: pandas writes True/False */
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (!strcasecmp(s, "true")) *out = ONC_TRI_TRUE;
    else if (!strcasecmp(s, "false")) *out = ONC_TRI_FALSE;
    else return mm_fail(r, err, ONC_EPARSE, key, "expected true or false");
    return ONC_OK;
}

static bool parse_exon(const char *s, int32_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 1 || v > 10000) return false;
    *out = (int32_t)v;
    return true;
}

onc_rc mm_exon(const mm_rec_t *r, const char *key, int32_t *out, bool *is_text, onc_err_t *err)
{
    *out = ONC_INT_MISSING;
    *is_text = false;
    json_t *v = mm_value(r, key), *num = ext_number(v);
    if (!v) return ONC_OK;
    if (num) v = num; /* {"$numberInt": "19"} is a typed number, its text only the encoding */
    if (json_is_number(v)) {
        double d = json_number_value(v);
        if (d != floor(d) || d < 1 || d > 10000) return mm_fail(r, err, ONC_EPARSE, key, "expected an exon number");
        *out = (int32_t)d;
        return ONC_OK;
    }
    if (!json_is_string(v)) return mm_fail(r, err, ONC_EPARSE, key, "expected an exon number");
    bool number = parse_exon(json_string_value(v), out);
    if (num && !number) return mm_fail(r, err, ONC_EPARSE, key, "expected an exon number");
    *is_text = !num && !(r->csv && number);
    return ONC_OK;
}
