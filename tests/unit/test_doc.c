/* test_doc.c: YAML and JSON documents with lines (doc.h). Expected types follow the YAML 1.2
 * core schema (yaml.org/spec/1.2.2, 10.3.2 "Tag Resolution"), lines are counted by hand. */
#include "check.h"
#include "oncoboard/doc.h"

static onc_doc_t *parse(const char *text, onc_doc_format f, onc_err_t *err)
{
    return onc_doc_parse(text, strlen(text), "t.yaml", f, NULL, err);
}

static void yaml_core_schema_types(void)
{
    onc_err_t e = {0};
    onc_doc_t *d = parse("a: 12\nb: -3.5e2\nc: true\nd: False\ne: ~\nf:\ng: yes\nh: 2018-06-07\ni: \"12\"\n"
                         "j: 0x1F\nk: 0o17\nl: .5\nm: 1_000\nn: NULL\n",
                         ONC_DOC_YAML, &e);
    CHECK(d != NULL);
    if (!d) return;
    json_t *r = onc_doc_root(d);
    CHECK_INT(json_integer_value(json_object_get(r, "a")), 12);
    CHECK_NEAR(json_real_value(json_object_get(r, "b")), -350.0, 1e-9);
    CHECK(json_is_true(json_object_get(r, "c")));
    CHECK(json_is_false(json_object_get(r, "d")));
    CHECK(json_is_null(json_object_get(r, "e")));
    CHECK(json_is_null(json_object_get(r, "f")));
    CHECK_STR(json_string_value(json_object_get(r, "g")), "yes"); /* YAML 1.1's boolean, 1.2's string */
    CHECK_STR(json_string_value(json_object_get(r, "h")), "2018-06-07");
    CHECK_STR(json_string_value(json_object_get(r, "i")), "12");
    CHECK_INT(json_integer_value(json_object_get(r, "j")), 31);
    CHECK_INT(json_integer_value(json_object_get(r, "k")), 15);
    CHECK_NEAR(json_real_value(json_object_get(r, "l")), 0.5, 1e-12);
    CHECK_STR(json_string_value(json_object_get(r, "m")), "1_000"); /* 1.2 core has no digit separators */
    CHECK(json_is_null(json_object_get(r, "n")));
    onc_doc_free(d);
}

static void lines_of_nodes_and_singletons(void)
{
    onc_err_t e = {0};
    onc_doc_t *d = parse("# comment\ngene: EGFR\nevidence:\n  - id: A\n    verified: false\n  - id: B\n    agents: [x, y]\n",
                         ONC_DOC_YAML, &e);
    CHECK(d != NULL);
    if (!d) return;
    json_t *r = onc_doc_root(d), *ev = json_object_get(r, "evidence");
    CHECK_INT(onc_doc_line(d, json_object_get(r, "gene")), 2);
    CHECK_INT(onc_doc_line(d, json_array_get(ev, 0)), 4);
    CHECK_INT(onc_doc_line(d, json_array_get(ev, 1)), 6);
    json_t *first = json_array_get(ev, 0);
    CHECK_INT(onc_doc_line(d, json_object_get(first, "verified")), 0); /* a shared singleton */
    CHECK_INT(onc_doc_member_line(d, first, "verified"), 5);           /* through its key */
    CHECK_INT(onc_doc_line(d, json_array_get(json_object_get(json_array_get(ev, 1), "agents"), 1)), 7);
    onc_doc_fail(d, &e, ONC_EPARSE, 5, "evidence[0].verified", "must be true");
    CHECK_STR(e.msg, "t.yaml:5: field evidence[0].verified: must be true");
    onc_doc_free(d);
}

static void yaml_refusals(void)
{
    static const struct { const char *text, *want; } bad[] = {
        {"a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a'"},
        {"a: &x [1]\nb: *x\n", "t.yaml:2:4: aliases (*x) are not supported: write the value out"},
        {"? [a]\n: 1\n", "t.yaml:1:3: a key must be a scalar"},
        {"a: !!binary abc\n", "t.yaml:1:4: tag tag:yaml.org,2002:binary is not supported"},
        {"a: 1\n---\nb: 2\n", "t.yaml:2:1: more than one document"},
        {"a: !!int x\n", "t.yaml:1:4: 'x' is not a tag:yaml.org,2002:int"},
        {"a: .inf\n", "t.yaml:1:4: .inf: infinities and NaN are not supported"},
        {"a: 99999999999999999999\n", "t.yaml:1:4: integer 99999999999999999999 out of range"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        onc_err_t e = {0};
        onc_doc_t *d = parse(bad[i].text, ONC_DOC_YAML, &e);
        CHECK(d == NULL);
        CHECK_INT(e.code, ONC_EPARSE);
        CHECK_STR(e.msg, bad[i].want);
        onc_doc_free(d);
    }
}

static void yaml_syntax_error_located(void)
{
    onc_err_t e = {0};
    onc_doc_t *d = parse("a: [1, 2\nb: 3\n", ONC_DOC_YAML, &e);
    CHECK(d == NULL);
    CHECK_INT(e.code, ONC_EPARSE);
    CHECK(strncmp(e.msg, "t.yaml:", 7) == 0 && strstr(e.msg, "flow sequence") != NULL);
}

static void limits(void)
{
    onc_doc_limits_t lim = {0, 3, 0};
    onc_err_t e = {0};
    onc_doc_t *d = onc_doc_parse("a: [[[1]]]\n", 11, "t.yaml", ONC_DOC_YAML, &lim, &e);
    CHECK(d == NULL);
    CHECK_INT(e.code, ONC_ELIMIT);
    CHECK_STR(e.msg, "t.yaml:1:6: nesting deeper than 3");
    onc_doc_limits_t nodes = {0, 0, 3};
    d = onc_doc_parse("[1, 2, 3]", 9, "t.json", ONC_DOC_AUTO, &nodes, &e);
    CHECK(d == NULL);
    CHECK_INT(e.code, ONC_ELIMIT);
    onc_doc_limits_t bytes = {4, 0, 0};
    d = onc_doc_parse("a: 12", 5, "t.yaml", ONC_DOC_YAML, &bytes, &e);
    CHECK(d == NULL);
    CHECK_STR(e.msg, "t.yaml: larger than 4 bytes");
}

static void json_documents(void)
{
    onc_err_t e = {0};
    const char *text = "{\n  \"id\": \"NCT1\",\n  \"arms\": [\n    {\"n\": 2, \"open\": true}\n  ],\n  \"s\": \"yes\"\n}\n";
    onc_doc_t *d = onc_doc_parse(text, strlen(text), "t.json", ONC_DOC_AUTO, NULL, &e);
    CHECK(d != NULL);
    if (!d) return;
    json_t *r = onc_doc_root(d), *arm = json_array_get(json_object_get(r, "arms"), 0);
    CHECK_STR(json_string_value(json_object_get(r, "id")), "NCT1");
    CHECK_INT(json_integer_value(json_object_get(arm, "n")), 2);
    CHECK(json_is_true(json_object_get(arm, "open")));
    CHECK_STR(json_string_value(json_object_get(r, "s")), "yes");
    CHECK_INT(onc_doc_line(d, arm), 4);
    CHECK_INT(onc_doc_member_line(d, arm, "open"), 4);
    CHECK_INT(onc_doc_member_line(d, r, "s"), 6);
    onc_doc_free(d);
    d = onc_doc_parse("{\"a\": 1, \"a\": 2}", 16, "t.json", ONC_DOC_JSON, NULL, &e);
    CHECK(d == NULL);
    CHECK(strncmp(e.msg, "t.json:1:", 9) == 0 && strstr(e.msg, "duplicate") != NULL);
    d = onc_doc_parse("{\"a\": 1,\n}", 10, "t.json", ONC_DOC_JSON, NULL, &e); /* a trailing comma is YAML, not JSON */
    CHECK(d == NULL);
    CHECK(strncmp(e.msg, "t.json:2:", 9) == 0);
}

static void empty_document_is_null(void)
{
    onc_err_t e = {0};
    onc_doc_t *d = parse("# nothing\n", ONC_DOC_YAML, &e);
    CHECK(d != NULL);
    if (d) CHECK(json_is_null(onc_doc_root(d)));
    onc_doc_free(d);
    d = onc_doc_load("/nonexistent/x.yaml", NULL, &e);
    CHECK(d == NULL);
    CHECK_INT(e.code, ONC_EIO);
}

int main(void)
{
    RUN(yaml_core_schema_types);
    RUN(lines_of_nodes_and_singletons);
    RUN(yaml_refusals);
    RUN(yaml_syntax_error_located);
    RUN(limits);
    RUN(json_documents);
    RUN(empty_document_is_null);
    CHECK_EXIT();
}
