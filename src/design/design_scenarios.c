/* design_scenarios.c: scenario files for simulations (design.h): one scenario per line, a name
 * then the true DLT rate of each dose, separated by commas or tabs; lines starting with '#' and
 * blank lines are skipped, and a first line whose second cell is not a number is a header. Every
 * scenario has the same number of doses; a missing or bad value is an error naming the file,
 * the line and the dose.
 *
 * Grid files (two drugs combined, onc_scenarios_parse_grid) use the same lines: each line is one
 * row of a grid (agent A's level, lowest first), and consecutive lines with the same name make
 * one scenario, its rates stored row by row.
 */
#include "oncoboard/design.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SCENARIOS 1000
#define MAX_LINE 4096

/* Cuts line at commas and tabs in place; the number of cells, or -1 past max. */
static int split(char *line, char **cells, int max)
{
    int n = 0;
    for (char *p = line;; n++) {
        if (n == max) return -1;
        while (*p == ' ') p++;
        cells[n] = p;
        p += strcspn(p, ",\t");
        char *end = p;
        while (end > cells[n] && end[-1] == ' ') end--;
        bool last = *p == '\0';
        *end = '\0';
        if (last) return n + 1;
        p++;
    }
}

static bool number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *s && !*end && !errno;
}

/* Reads the rates of cells[1..n) into truth; the error names the line and the dose. */
static onc_rc read_rates(char **cells, int n, double *truth, const char *name, uint64_t line, onc_err_t *err)
{
    for (int j = 1; j < n; j++) {
        char field[32];
        snprintf(field, sizeof field, "dose %d", j);
        if (!*cells[j] || !strcmp(cells[j], "NA"))
            return onc_err_at(err, ONC_EPARSE, name, line, field, "missing value (every dose needs its true DLT rate)");
        if (!number(cells[j], &truth[j - 1]) || !(truth[j - 1] >= 0 && truth[j - 1] <= 1))
            return onc_err_at(err, ONC_EPARSE, name, line, field, "'%s' is not a rate between 0 and 1", cells[j]);
    }
    return ONC_OK;
}

/* A grid file's line with the name of the scenario before it: its next row. */
static onc_rc add_grid_row(onc_scenarios_t *sc, char **cells, int n, const char *name, uint64_t line, onc_err_t *err)
{
    onc_scenario_t *s = &sc->v[sc->n - 1];
    if ((s->n_rows + 1) * sc->n_doses > ONC_DESIGN_MAX_DOSES)
        return onc_err_at(err, ONC_EPARSE, name, line, NULL, "scenario %s: more than %d combinations", s->name,
                          ONC_DESIGN_MAX_DOSES);
    onc_rc rc = read_rates(cells, n, s->truth + s->n_rows * sc->n_doses, name, line, err);
    if (rc == ONC_OK) s->n_rows++;
    return rc;
}

static onc_rc add_row(onc_scenarios_t *sc, char **cells, int n, const char *name, uint64_t line, bool grid,
                      onc_err_t *err)
{
    if (grid && sc->n && n - 1 == sc->n_doses && !strncmp(sc->v[sc->n - 1].name, cells[0], sizeof sc->v->name - 1))
        return add_grid_row(sc, cells, n, name, line, err);
    if (sc->n == MAX_SCENARIOS) return onc_err_at(err, ONC_ELIMIT, name, line, NULL, "more than %d scenarios", MAX_SCENARIOS);
    if (n - 1 > ONC_DESIGN_MAX_DOSES || n < 2)
        return onc_err_at(err, ONC_EPARSE, name, line, NULL, "expected a name and 1 to %d true DLT rates, got %d cells",
                          ONC_DESIGN_MAX_DOSES, n);
    if (sc->n && n - 1 != sc->n_doses)
        return onc_err_at(err, ONC_EPARSE, name, line, NULL, "%d doses where the first scenario has %d", n - 1, sc->n_doses);
    onc_scenario_t *s = &sc->v[sc->n];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", cells[0]);
    onc_rc rc = read_rates(cells, n, s->truth, name, line, err);
    if (rc != ONC_OK) return rc;
    s->n_rows = 1;
    sc->n_doses = n - 1;
    sc->n++;
    return ONC_OK;
}

static onc_rc parse_mode(const char *text, size_t len, const char *name, bool grid, onc_scenarios_t *out,
                         onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (!(out->v = calloc(MAX_SCENARIOS, sizeof *out->v))) return onc_err_set(err, ONC_ENOMEM, "out of memory");
    char line[MAX_LINE], *cells[ONC_DESIGN_MAX_DOSES + 2];
    uint64_t no = 0;
    onc_rc rc = ONC_OK;
    for (size_t i = 0; rc == ONC_OK && i < len;) {
        size_t end = i;
        while (end < len && text[end] != '\n') end++;
        size_t n = end - i;
        no++;
        if (n && text[end - 1] == '\r') n--;
        if (n >= sizeof line) rc = onc_err_at(err, ONC_ELIMIT, name, no, NULL, "line longer than %d bytes", MAX_LINE - 1);
        else if (memchr(text + i, '\0', n)) rc = onc_err_at(err, ONC_EPARSE, name, no, NULL, "NUL byte in the line");
        else {
            memcpy(line, text + i, n);
            line[n] = '\0';
            int k = line[0] == '#' || strspn(line, " \t") == n ? 0 : split(line, cells, ONC_DESIGN_MAX_DOSES + 2);
            double v;
            bool header = out->n == 0 && k >= 2 && !out->header_seen && !number(cells[1], &v);
            if (k < 0) rc = onc_err_at(err, ONC_EPARSE, name, no, NULL, "more than %d doses", ONC_DESIGN_MAX_DOSES);
            else if (header) out->header_seen = true;
            else if (k > 0) rc = add_row(out, cells, k, name, no, grid, err);
        }
        i = end + 1;
    }
    if (rc == ONC_OK && out->n == 0) rc = onc_err_set(err, ONC_EPARSE, "%s: no scenario", name);
    if (rc != ONC_OK) onc_scenarios_free(out);
    return rc;
}

onc_rc onc_scenarios_parse(const char *text, size_t len, const char *name, onc_scenarios_t *out, onc_err_t *err)
{
    return parse_mode(text, len, name, false, out, err);
}

onc_rc onc_scenarios_parse_grid(const char *text, size_t len, const char *name, onc_scenarios_t *out, onc_err_t *err)
{
    return parse_mode(text, len, name, true, out, err);
}

static onc_rc load_mode(const char *path, bool grid, onc_scenarios_t *out, onc_err_t *err)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp) return onc_err_set(err, ONC_EIO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = malloc((size_t)MAX_SCENARIOS * MAX_LINE + 1);
    size_t n = buf ? fread(buf, 1, (size_t)MAX_SCENARIOS * MAX_LINE + 1, fp) : 0;
    bool too_big = n > (size_t)MAX_SCENARIOS * MAX_LINE, failed = ferror(fp);
    fclose(fp);
    onc_rc rc = !buf ? onc_err_set(err, ONC_ENOMEM, "out of memory")
                : failed ? onc_err_set(err, ONC_EIO, "%s: read error", path)
                : too_big ? onc_err_set(err, ONC_ELIMIT, "%s: larger than %d bytes", path, MAX_SCENARIOS * MAX_LINE)
                          : parse_mode(buf, n, path, grid, out, err);
    free(buf);
    return rc;
}

onc_rc onc_scenarios_load(const char *path, onc_scenarios_t *out, onc_err_t *err)
{
    return load_mode(path, false, out, err);
}

onc_rc onc_scenarios_load_grid(const char *path, onc_scenarios_t *out, onc_err_t *err)
{
    return load_mode(path, true, out, err);
}

void onc_scenarios_free(onc_scenarios_t *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}
