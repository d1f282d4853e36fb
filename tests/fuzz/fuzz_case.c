/* fuzz_case.c: arbitrary bytes as a case file, through onc_case_parse (memory), onc_case_load
 * (a file) and the case reader (ONC_FMT_CASE), which also opens referenced files.
 *
 * The case is written into a private directory that holds one small lab file of each kind
 * (t.vcf, t.maf, t_fusions.tsv, t_cna.tsv), so that the reader's file handling (sample names,
 * warnings, errors inside a file) is reached; references are confined to that directory, so
 * the target never opens files elsewhere on the machine. Oracle beyond "no crash": a case that
 * loads reads through to the end or to an error, and an error always has a message. */
#include "oncoboard/case.h"
#include "oncoboard/io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static const struct { const char *name, *text; } lab_files[] = {
    {"t.vcf", "##fileformat=VCFv4.2\n##contig=<ID=chr7,length=159345973>\n"
              "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"AD\">\n"
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
              "chr7\t55191822\t.\tT\tG\t.\tPASS\t.\tAD\t280,132\n"
              "chr7\t55181378\t.\tC\tT\t.\tq10\t.\tAD\t100,3\n"},
    {"t.maf", "Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tt_depth\tt_alt_count\n"
              "KRAS\tA\tp.G12C\t356\t121\nSTK11\tB\tp.D194Y\t298\tx\n"},
    {"t_fusions.tsv", "Tumor_Sample_Barcode\tFusion\nA\tEML4-ALK\n"},
    {"t_cna.tsv", "Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration\nA\tMET\tAmplification\n"},
};

static void remove_dir(void)
{
    char path[128];
    for (size_t i = 0; i < sizeof lab_files / sizeof *lab_files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, lab_files[i].name);
        unlink(path);
    }
    rmdir(dir);
}

static int make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/fuzz_case_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    atexit(remove_dir);
    char path[128];
    for (size_t i = 0; i < sizeof lab_files / sizeof *lab_files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, lab_files[i].name);
        FILE *fp = fopen(path, "w");
        if (!fp) return -1;
        fputs(lab_files[i].text, fp);
        if (fclose(fp) != 0) return -1;
    }
    return 0;
}

static void check_loaded(const onc_case_t *c)
{
    if (!c->id || !*c->id) abort(); /* id is required */
    for (size_t i = 0; i < c->n_warnings; i++)
        if (!c->warnings[i]) abort();
}

static void read_all(const onc_case_t *c)
{
    onc_err_t e = {0};
    onc_reader_t *r = onc_case_reader_open(c, NULL, &e);
    if (!r) {
        if (!e.msg[0]) abort();
        return;
    }
    onc_alt_t a;
    int ret;
    while ((ret = onc_reader_next(r, &a)) == 0)
        if (!a.sample) abort();
    if (ret < -1 && !onc_reader_errmsg(r)[0]) abort();
    onc_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0] && make_dir() != 0) abort();
    onc_case_opts_t opts;
    onc_case_opts_init(&opts);
    opts.confine_files = 1;
    onc_case_t *c = NULL;
    onc_err_t e = {0};
    int parsed = onc_case_parse((const char *)data, size, "fuzz.json", dir, &opts, &c, &e) == ONC_OK;
    if (parsed) check_loaded(c);
    else if (!e.msg[0]) abort();
    onc_case_free(c);
    if (!parsed) return 0; /* the file paths below read the same bytes */

    char path[128];
    snprintf(path, sizeof path, "%s/case_XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    int ok = write(fd, data, size) == (ssize_t)size;
    close(fd);
    c = NULL;
    if (ok && onc_case_load(path, &opts, &c, &e) == ONC_OK) {
        check_loaded(c);
        read_all(c);
    }
    onc_case_free(c);
    unlink(path);
    return 0;
}
