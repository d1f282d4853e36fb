/* doc.h: YAML and JSON documents as jansson trees, with the line of every node.
 *
 * The knowledge base (the kb/ YAML files) and trial files (CTML, YAML or JSON) are read into a jansson
 * json_t tree so that one set of checks serves both formats; a side table keeps the source
 * line of each node so that messages can say "kb/evidence/EGFR.yaml:42: field
 * evidence[3].agents[0]: ...".
 *
 * YAML is read with libyaml and typed by the YAML 1.2 core schema, for plain (unquoted)
 * scalars only: null, Null, NULL, ~ and the empty value are null; true/True/TRUE and
 * false/False/FALSE are booleans (yes/no/on/off stay strings, unlike YAML 1.1); [-+]?[0-9]+,
 * 0x.. and 0o.. are integers (json_integer; out of int64 range is an error); decimal floats,
 * .inf and .nan are reals; everything else, dates included (2018-06-07), is a string. A
 * quoted scalar is always a string. Mapping keys are strings. Refused, with file:line:column:
 * aliases (*ref; anchors alone are harmless and ignored, so no alias expansion and no
 * "billion laughs"), tags other than !!str, !!int, !!float, !!bool, !!null, !!map, !!seq,
 * duplicate keys, non-scalar keys, more than one document, and passing the limits below.
 *
 * JSON is checked by jansson first (strict RFC 8259, duplicate keys refused) and then read by
 * the same builder, so that both formats give the same types and lines.
 *
 * Lines: jansson's true, false and null are shared singletons, so they carry no line of
 * their own: onc_doc_line() returns 0 for them; onc_doc_member_line() gives the line of the
 * key of any object member, singletons included, and is what field messages should use. An
 * array element that is a singleton has the array's line.
 */
#ifndef ONCOBOARD_DOC_H
#define ONCOBOARD_DOC_H

#include "oncoboard/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A stored JSON document as text (compact JSON), and whether its values are CSV cells: text
 * that stands for numbers and dates, read as the type a field needs (MatchMiner's documents
 * may come from CSV exports). The registry keeps MatchMiner's documents this way. */
typedef struct onc_json_doc {
    const char *json;
    bool cells_as_text;
} onc_json_doc_t;

typedef enum onc_doc_format { ONC_DOC_AUTO = 0, ONC_DOC_YAML = 1, ONC_DOC_JSON = 2 } onc_doc_format;

/* Limits; a document past one is ONC_ELIMIT naming the place. Zero fields take the default. */
#define ONC_DOC_MAX_BYTES ((size_t)32 << 20) /* 32 MiB: the shipped kb is < 1 MiB */
#define ONC_DOC_MAX_DEPTH 64                 /* nesting of mappings and sequences */
#define ONC_DOC_MAX_NODES ((size_t)2000000)   /* scalars + containers */
typedef struct onc_doc_limits {
    size_t max_bytes, max_depth, max_nodes;
} onc_doc_limits_t;

typedef struct onc_doc onc_doc_t;

/* Parses len bytes of text (need not be NUL-terminated). name is used in messages
 * ("kb/kb.yaml"). ONC_DOC_AUTO: JSON when the first non-blank byte is '{' or '[', else YAML.
 * limits may be NULL (defaults). NULL with err set (ONC_EPARSE "NAME:LINE:COL: ...",
 * ONC_ELIMIT, ONC_ENOMEM) on failure. An empty YAML document is a null root. */
onc_doc_t *onc_doc_parse(const char *text, size_t len, const char *name, onc_doc_format format,
                         const onc_doc_limits_t *limits, onc_err_t *err);
/* Reads the file at path (format from the extension .json/.yaml/.yml, else AUTO) and parses
 * it; messages name path. */
onc_doc_t *onc_doc_load(const char *path, const onc_doc_limits_t *limits, onc_err_t *err);
void onc_doc_free(onc_doc_t *d); /* accepts NULL; frees the tree too */

/* The root node (owned by the document: json_incref it to keep it longer). */
json_t *onc_doc_root(const onc_doc_t *d);
const char *onc_doc_name(const onc_doc_t *d);
/* Line (1-based) where node starts, 0 when unknown (a singleton, or not from this document). */
uint64_t onc_doc_line(const onc_doc_t *d, const json_t *node);
/* Line of key in object (works for singleton values), else the object's line, else 0. */
uint64_t onc_doc_member_line(const onc_doc_t *d, const json_t *object, const char *key);

/* Sets err to "NAME:LINE: field FIELD: message" and returns rc (onc_err_at with the
 * document's name). */
onc_rc onc_doc_fail(const onc_doc_t *d, onc_err_t *err, onc_rc rc, uint64_t line, const char *field,
                    const char *fmt, ...) ONC_PRINTF(6, 7);

#endif
