/* report_json.c: the report document written as JSON, and the sha256 of the input files that
 * the document's provenance lists (nettle, a Debian library: no hand-written digest). */
#include "oncoboard/report.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

onc_rc onc_report_write_json(const json_t *report, FILE *out, onc_err_t *err)
{
    if (json_dumpf(report, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) != 0 ||
        fputc('\n', out) == EOF)
        return onc_err_set(err, ONC_EIO, "writing the report: %s", strerror(errno));
    return ONC_OK;
}

onc_rc onc_sha256_file(const char *path, char hex[65], onc_err_t *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return onc_err_set(err, ONC_EIO, "%s: cannot open for its checksum: %s", path, strerror(errno));
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) sha256_update(&ctx, n, buf);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) return onc_err_set(err, ONC_EIO, "%s: read error while computing its checksum", path);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
    return ONC_OK;
}
