/* store_schemadata.S: the schema's DDL files (src/store/schema/), built into the binary by the
 * assembler's .incbin, each followed by a NUL so that it can be read as a C string. The list is
 * schema/parts.def, shared with store_schema.c; the Makefile rebuilds this object when a file in
 * src/store/schema changes. */
    .section .rodata
    .macro SCHEMA_FILE sym, path
    .global \sym
    .balign 16
\sym:
    .incbin "\path"
    .byte 0
    .endm

#define SCHEMA_PART(version, part, path) SCHEMA_FILE onc_schema_##version##_##part, path
#include "schema/parts.def"

    .section .note.GNU-stack,"",%progbits
