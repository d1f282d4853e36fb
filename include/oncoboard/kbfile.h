/* kbfile.h: the files of the shipped knowledge base (kb/).
 *
 * The kb/ files are built into the binary, so that ./oncoboard works wherever it is copied;
 * a directory given at run time (--kb DIR or $ONCOBOARD_KB) replaces them file by file, for
 * curators testing a change without rebuilding.
 */
#ifndef ONCOBOARD_KBFILE_H
#define ONCOBOARD_KBFILE_H

#include "oncoboard/error.h"

#include <stddef.h>

typedef struct onc_kb_text {
    const char *data; /* the file's bytes, NUL-terminated */
    size_t len;
    char *owned;      /* set when the text was read from a directory: freed by _free() */
} onc_kb_text_t;

/* Loads kb/NAME ("oncotree.tsv"): from kb_dir when not NULL (else $ONCOBOARD_KB when set),
 * otherwise the built-in copy. */
onc_rc onc_kb_text_load(onc_kb_text_t *t, const char *kb_dir, const char *name, onc_err_t *err)
    ONC_MUST_CHECK;
void onc_kb_text_free(onc_kb_text_t *t);

/* Names of the built-in files, NULL-terminated. */
const char *const *onc_kb_file_names(void);

#endif
