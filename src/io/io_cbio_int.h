/* io_cbio_int.h: what the two halves of the cBioPortal reader share (inside src/io only):
 * io_cbio_clinical.c (the clinical tables) and io_cbio.c (the study folder and its genomic files).
 * Both list every problem they find rather than stop at the first: a message list with a cap. */
#ifndef ONCOBOARD_IO_CBIO_INT_H
#define ONCOBOARD_IO_CBIO_INT_H

#include "oncoboard/arena.h"
#include "oncoboard/cbio.h"

#include <stddef.h>
#include <stdint.h>

/* Messages in an arena: at most ONC_CBIO_MAX_ERRORS kept, the rest counted in dropped. */
typedef struct cbio_msgs {
    const char **v;
    size_t n, cap, dropped;
    int oom; /* a message could not be kept: the reader reports ONC_ENOMEM */
} cbio_msgs_t;

void cbio_msg(onc_arena_t *a, cbio_msgs_t *m, const char *fmt, ...) ONC_PRINTF(3, 4);
/* "file:line: field FIELD: message" (line 0 and a NULL field are left out) into m. */
void cbio_msg_at(onc_arena_t *a, cbio_msgs_t *m, const char *file, uint64_t line, const char *field,
                 const char *fmt, ...) ONC_PRINTF(6, 7);

/* A cell's text as cBioPortal reads it: NULL for its missing-value markers. */
const char *cbio_value(const char *cell);

#endif
