/* api_test_util.h: what the API tests of patients and the clinic share (include after
 * server_fixture.h): a file's bytes, a case file registered through the API, and a reply's
 * member read as JSON. */
#ifndef ONCOBOARD_TEST_API_TEST_UTIL_H
#define ONCOBOARD_TEST_API_TEST_UTIL_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bytes of path (NUL-terminated; *n their number), or NULL after a failed CHECK. */
__attribute__((unused)) static char *api_slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long len = -1;
    if (fp && fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)len + 1)) && fread(buf, 1, (size_t)len, fp) == (size_t)len) {
        buf[len] = '\0';
        if (n) *n = (size_t)len;
    } else {
        fprintf(stderr, "cannot read %s\n", path);
        check_failed = 1;
        free(buf);
        buf = NULL;
    }
    if (fp) fclose(fp);
    return buf;
}

/* Sends the bytes of file as the body of method path (application/json): the reply in r. */
__attribute__((unused)) static void api_send_file(const fx_client_t *c, const char *method, const char *path,
                                                  const char *file, const char *content_type, http_resp_t *r)
{
    size_t n = 0;
    char *body = api_slurp(file, &n);
    fx_call_typed(c, method, path, content_type, body ? body : "", body ? n : 0, r);
    free(body);
}

/* Registers case file path through POST /api/v1/patients: the HTTP status. */
__attribute__((unused)) static int api_register(const fx_client_t *c, const char *path)
{
    http_resp_t r;
    api_send_file(c, "POST", "/api/v1/patients", path, "application/json", &r);
    int status = r.status;
    if (status != 201) fprintf(stderr, "register %s: HTTP %d %s\n", path, r.status, r.body ? r.body : "");
    http_resp_free(&r);
    return status;
}

/* The error message of an error reply ("" when it is not one). */
__attribute__((unused)) static const char *api_error_message(const http_resp_t *r, char *buf, size_t n)
{
    json_t *j = fx_json(r);
    const char *m = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
    snprintf(buf, n, "%s", m ? m : "");
    json_decref(j);
    return buf;
}

/* Member key of the reply's JSON object as an integer (-1 when it is not one). */
__attribute__((unused)) static long long api_int_member(const http_resp_t *r, const char *key)
{
    json_t *j = fx_json(r);
    json_t *v = json_object_get(j, key);
    long long n = json_is_integer(v) ? (long long)json_integer_value(v) : -1;
    json_decref(j);
    return n;
}

/* Member key of the reply's JSON object as a string, in buf ("" when it is not one). */
__attribute__((unused)) static const char *api_str_member(const http_resp_t *r, const char *key, char *buf, size_t n)
{
    json_t *j = fx_json(r);
    const char *s = json_string_value(json_object_get(j, key));
    snprintf(buf, n, "%s", s ? s : "");
    json_decref(j);
    return buf;
}

/* r has HTTP status and, when code is given, that error code. */
__attribute__((unused)) static void api_check_status(const http_resp_t *r, int status, const char *code)
{
    char got[64];
    if (r->status != status) fprintf(stderr, "  body: %s\n", r->body ? r->body : "");
    CHECK_INT(r->status, status);
    if (code) CHECK_STR(fx_error_code(r, got, sizeof got), code);
}

/* The message of an error reply contains want. */
__attribute__((unused)) static void api_check_message(const http_resp_t *r, const char *want)
{
    char msg[1200];
    api_error_message(r, msg, sizeof msg);
    if (!strstr(msg, want)) fprintf(stderr, "  message '%s' lacks '%s'\n", msg, want);
    CHECK(strstr(msg, want) != NULL);
}

/* method path with a JSON body: the reply's status, checked against want (and code). */
__attribute__((unused)) static void api_expect(const fx_client_t *c, const char *method, const char *path,
                                               const char *body, int want, const char *code)
{
    http_resp_t r;
    fx_call(c, method, path, body, &r);
    if (r.status != want) fprintf(stderr, "%s %s %s\n", method, path, body ? body : "");
    api_check_status(&r, want, code);
    http_resp_free(&r);
}

#endif
