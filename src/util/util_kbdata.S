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
    KB_FILE onc_kb_oncotree_former_names, "kb/oncotree_former_names.tsv"
    KB_FILE onc_kb_gene_loci, "kb/gene_loci.tsv"
    KB_FILE onc_kb_doid_oncotree, "kb/doid_oncotree.tsv"
    KB_FILE onc_kb_agent_classes, "kb/agent_classes.tsv"
    KB_FILE onc_kb_kb_manifest, "kb/kb.yaml"
    KB_FILE onc_kb_sources, "kb/sources.yaml"
    KB_FILE onc_kb_genes, "kb/genes.tsv"
    KB_FILE onc_kb_hotspots, "kb/hotspots.tsv"
    KB_FILE onc_kb_groups, "kb/groups.yaml"
    KB_FILE onc_kb_immunotherapy, "kb/immunotherapy.yaml"
    KB_FILE onc_kb_evidence_EGFR, "kb/evidence/EGFR.yaml"
    KB_FILE onc_kb_evidence_ALK, "kb/evidence/ALK.yaml"
    KB_FILE onc_kb_evidence_ROS1, "kb/evidence/ROS1.yaml"
    KB_FILE onc_kb_evidence_BRAF, "kb/evidence/BRAF.yaml"
    KB_FILE onc_kb_evidence_KRAS, "kb/evidence/KRAS.yaml"
    KB_FILE onc_kb_evidence_MET, "kb/evidence/MET.yaml"
    KB_FILE onc_kb_evidence_RET, "kb/evidence/RET.yaml"
    KB_FILE onc_kb_evidence_NTRK1, "kb/evidence/NTRK1.yaml"
    KB_FILE onc_kb_evidence_NTRK2, "kb/evidence/NTRK2.yaml"
    KB_FILE onc_kb_evidence_NTRK3, "kb/evidence/NTRK3.yaml"
    KB_FILE onc_kb_evidence_ERBB2, "kb/evidence/ERBB2.yaml"
    KB_FILE onc_kb_evidence_NRG1, "kb/evidence/NRG1.yaml"
    KB_FILE onc_kb_evidence_STK11, "kb/evidence/STK11.yaml"
    KB_FILE onc_kb_evidence_KEAP1, "kb/evidence/KEAP1.yaml"
    KB_FILE onc_kb_evidence_SMARCA4, "kb/evidence/SMARCA4.yaml"
    KB_FILE onc_kb_evidence_TP53, "kb/evidence/TP53.yaml"
    KB_FILE onc_kb_evidence_biomarkers, "kb/evidence/biomarkers.yaml"
    KB_FILE onc_kb_fhir_codes, "kb/fhir_codes.tsv"
    KB_FILE onc_kb_response_models, "kb/response_models.tsv"

    .section .note.GNU-stack,"",%progbits
