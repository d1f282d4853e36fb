/* util_kbdata.S: the kb/ files, built into the binary by the assembler's .incbin, each followed
 * by a NUL so that it can be read as a C string. To ship a new file: add a KB_FILE line here
 * and its name to util_kbfile.c. The Makefile rebuilds this object when anything in kb/ changes. */
    .section .rodata
    .macro KB_FILE sym, path
    .global \sym
    .global \sym\()_end
    .balign 16
\sym:
    .incbin "\path"
\sym\()_end:
    .byte 0
    .endm

    KB_FILE onc_kb_gene_aliases, "kb/gene_aliases.tsv"
    KB_FILE onc_kb_genomic_events, "kb/genomic_events.tsv"
    KB_FILE onc_kb_gene_exons, "kb/gene_exons.tsv"
    KB_FILE onc_kb_oncotree, "kb/oncotree.tsv"
    KB_FILE onc_kb_gene_loci, "kb/gene_loci.tsv"
    KB_FILE onc_kb_doid_oncotree, "kb/doid_oncotree.tsv"

    .section .note.GNU-stack,"",%progbits
