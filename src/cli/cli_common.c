/* cli_common.c: option, output and message helpers shared by the commands. */
#include "cli.h"
#include "oncoboard/app.h"
#include "oncoboard/oncotree.h"
#include "oncoboard/version.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cli_parse_format(const char *cmd, const char *value, cli_format *out)
{
    if (strcmp(value, "tsv") == 0) *out = CLI_FMT_TSV;
    else if (strcmp(value, "json") == 0) *out = CLI_FMT_JSON;
    else return cli_usage_error(cmd, "--format must be tsv or json, not '%s'", value), -1;
    return 0;
}

int cli_output_open(cli_output_t *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    /* A device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written as it is: renaming a
     * temporary file over it would replace the device with a plain file. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if ((o->fp = fopen(path, "w"))) return 0;
        cli_error(NULL, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    size_t n = strlen(path) + 32;
    o->path = strdup(path);
    o->tmp = malloc(n);
    if (!o->path || !o->tmp) {
        cli_error(NULL, "out of memory");
        cli_output_abort(o);
        return -1;
    }
    snprintf(o->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    if (!(o->fp = fopen(o->tmp, "w"))) {
        cli_error(NULL, "%s: cannot write: %s", path, strerror(errno));
        cli_output_abort(o);
        return -1;
    }
    return 0;
}

int cli_output_commit(cli_output_t *o)
{
    int bad = ferror(o->fp);
    if (o->fp == stdout) {
        bad |= fflush(stdout) != 0;
        if (bad) cli_error(NULL, "error writing the output: %s", strerror(errno));
        return bad ? -1 : 0;
    }
    bad |= fclose(o->fp) != 0;
    o->fp = NULL;
    if (!o->tmp) { /* a device or a pipe, written directly */
        if (bad) cli_error(NULL, "error writing the output: %s", strerror(errno));
        return bad ? -1 : 0;
    }
    if (bad || rename(o->tmp, o->path) != 0) {
        cli_error(NULL, "%s: cannot write: %s", o->path, strerror(errno));
        cli_output_abort(o);
        return -1;
    }
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return 0;
}

void cli_output_abort(cli_output_t *o)
{
    if (o->fp && o->fp != stdout) fclose(o->fp);
    if (o->tmp) remove(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

char *cli_command_line(int argc, char **argv)
{
    static const char prog[] = "oncoboard";
    size_t n = sizeof prog;
    for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
    char *s = malloc(n), *p = s;
    if (!s) return NULL;
    memcpy(p, prog, sizeof prog - 1);
    p += sizeof prog - 1;
    for (int i = 0; i < argc; i++) {
        size_t k = strlen(argv[i]);
        *p++ = ' ';
        memcpy(p, argv[i], k);
        p += k;
    }
    *p = '\0';
    return s;
}

static void vmessage(const char *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "oncoboard%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(cmd, fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(cmd, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'oncoboard %s --help'.\n", cmd ? cmd : "");
    return CLI_BAD_INPUT;
}

int cli_tumor_type(const char *cmd, const char *code, const char *kb_dir, char *out, size_t n)
{
    onc_err_t err = {0};
    onc_oncotree_t *tree = onc_oncotree_load(kb_dir, &err);
    if (!tree) {
        cli_error(cmd, "%s", err.msg);
        return CLI_INTERNAL;
    }
    const onc_tumor_type_t *t = onc_oncotree_find(tree, code);
    int status = CLI_OK;
    if (!t)
        status = cli_usage_error(cmd, "--tumor-type: '%s' is not an OncoTree code (release %s; e.g. LUAD, LUSC, NSCLC)",
                                 code, onc_oncotree_release(tree) ? onc_oncotree_release(tree) : "unknown");
    else
        snprintf(out, n, "%s", onc_tumor_type_code(t));
    onc_oncotree_free(tree);
    return status;
}

const char *cli_reader_kb_dir(const char *kb_dir) { return onc_app_reader_kb_dir(kb_dir); }

int cli_parse_number(const char *s, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= min && v <= max)) return -1;
    *out = v;
    return 0;
}

int cli_status_of(onc_rc rc) { return rc == ONC_ENOMEM || rc == ONC_EINTERNAL ? CLI_INTERNAL : CLI_BAD_INPUT; }

onc_date_t cli_today_utc(char generated[32]) { return onc_app_today_utc(generated); }

/* ---- case files given as files and folders ---- */

static int paths_push(cli_paths_t *l, char *p)
{
    if (!p) return -1;
    if (l->n == l->cap) {
        size_t m = l->cap ? l->cap * 2 : 16;
        char **bigger = realloc(l->v, m * sizeof *bigger);
        if (!bigger) {
            free(p);
            return -1;
        }
        l->v = bigger, l->cap = m;
    }
    l->v[l->n++] = p;
    return 0;
}

void cli_paths_free(cli_paths_t *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_json_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0 && name[0] != '.';
}

/* The *.json files of dir, sorted, appended to l. */
static int add_dir(const char *cmd, cli_paths_t *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        cli_error(cmd, "%s: cannot read the folder: %s", dir, strerror(errno));
        return CLI_BAD_INPUT;
    }
    size_t first = l->n;
    struct dirent *e;
    int status = CLI_OK;
    while (status == CLI_OK && (e = readdir(d))) {
        if (!has_json_suffix(e->d_name)) continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (p) snprintf(p, n, "%s/%s", dir, e->d_name);
        if (paths_push(l, p)) status = CLI_INTERNAL;
    }
    closedir(d);
    if (status == CLI_OK) qsort(l->v + first, l->n - first, sizeof *l->v, cmp_path);
    else cli_error(cmd, "out of memory");
    return status;
}

int cli_case_paths(const char *cmd, char *const *args, size_t n_args, cli_paths_t *l)
{
    for (size_t i = 0; i < n_args; i++) {
        struct stat sb;
        int status = CLI_OK;
        if (stat(args[i], &sb) == 0 && S_ISDIR(sb.st_mode)) status = add_dir(cmd, l, args[i]);
        else if (paths_push(l, strdup(args[i]))) status = CLI_INTERNAL, cli_error(cmd, "out of memory");
        if (status != CLI_OK) return status;
    }
    if (l->n == 0) {
        cli_error(cmd, "no case file (*.json) in the folders given");
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

int cli_subcommand_head(int argc, char **argv, void (*usage)(FILE *fp))
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_BAD_INPUT : CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("oncoboard %s\n", ONC_VERSION);
        return CLI_OK;
    }
    return -1;
}
