/* cli_serve.c: `oncoboard serve`, the web interface and the REST API (server.h,
 * docs/server.md). Runs in the foreground until SIGTERM or SIGINT, then finishes the requests in
 * progress and exits 0. The address is printed on stdout once the server listens, so that a
 * script (make demo-check, the tests) can wait for that line. */
#include "cli.h"
#include "oncoboard/server.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   Serves the registry, reports, matching and accrual: the web interface and the\n"
            "         REST API under /api/v1 (docs/server.md, docs/openapi.json).\n"
            "Usage:   oncoboard serve [options]\n"
            "\n"
            "Options:\n"
            "    --db URL                 sqlite:PATH or postgresql://... [$ONCOBOARD_DB, else %s]\n"
            "    --listen ADDR:PORT       where to listen [127.0.0.1:8080]; port 0 takes a free one\n"
            "    --tls-cert FILE          PEM certificate chain; with --tls-key, serve HTTPS only\n"
            "    --tls-key FILE           PEM private key\n"
            "    --threads N              worker threads, one registry connection each [4]\n"
            "    --max-body BYTES         largest upload (lab files) [16777216]\n"
            "    --timeout SECONDS        close a connection idle this long [30]\n"
            "    --per-address N          connections at once from one address [32] (a load test from\n"
            "                             one machine, or a reverse proxy in front, needs more)\n"
            "    --session-idle SECONDS   sign a session out after this long unused [1800]\n"
            "    --kb DIR                 a knowledge base folder [built in]\n"
            "    --web-dir DIR            serve the interface's files from DIR (development)\n"
            "    --quiet                  no access log on stderr\n"
            "    -h, --help               this help; --version the program version\n"
            "\n"
            "Users are managed with `oncoboard user`. Stop with SIGTERM or Ctrl-C.\n"
            "\n",
            ONC_DB_DEFAULT_URL);
}

enum { OPT_DB = 256, OPT_LISTEN, OPT_CERT, OPT_KEY, OPT_THREADS, OPT_MAX_BODY, OPT_TIMEOUT, OPT_IDLE, OPT_KB,
       OPT_WEB, OPT_QUIET, OPT_VERSION, OPT_PER_ADDRESS };

static const struct option long_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"tls-cert", required_argument, NULL, OPT_CERT},
    {"tls-key", required_argument, NULL, OPT_KEY},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"per-address", required_argument, NULL, OPT_PER_ADDRESS},
    {"session-idle", required_argument, NULL, OPT_IDLE},
    {"kb", required_argument, NULL, OPT_KB},
    {"web-dir", required_argument, NULL, OPT_WEB},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* A whole number in [min, max] for option name: 0, or -1 after a message. */
static int number_option(const char *name, const char *value, double min, double max, double *out)
{
    if (cli_parse_number(value, min, max, out) == 0 && *out == (double)(long long)*out) return 0;
    cli_usage_error("serve", "--%s: '%s' is not a whole number from %.0f to %.0f", name, value, min, max);
    return -1;
}

static int parse_option(onc_server_config_t *cfg, int c, const char *arg)
{
    onc_err_t err = {0};
    double v = 0;
    switch (c) {
    case OPT_DB: cfg->db_url = arg; return 0;
    case OPT_LISTEN:
        if (onc_server_config_listen(cfg, arg, &err) == ONC_OK) return 0;
        cli_usage_error("serve", "%s", err.msg);
        return -1;
    case OPT_CERT: cfg->tls_cert = arg; return 0;
    case OPT_KEY: cfg->tls_key = arg; return 0;
    case OPT_THREADS:
        if (number_option("threads", arg, 1, 64, &v)) return -1;
        cfg->threads = (unsigned)v;
        return 0;
    case OPT_MAX_BODY:
        if (number_option("max-body", arg, 1024, 1 << 30, &v)) return -1;
        cfg->max_body = (size_t)v;
        return 0;
    case OPT_TIMEOUT:
        if (number_option("timeout", arg, 1, 3600, &v)) return -1;
        cfg->timeout_seconds = (unsigned)v;
        return 0;
    case OPT_PER_ADDRESS:
        if (number_option("per-address", arg, 1, 100000, &v)) return -1;
        cfg->per_address = (unsigned)v;
        return 0;
    case OPT_IDLE:
        if (number_option("session-idle", arg, 60, 86400, &v)) return -1;
        cfg->session.idle_seconds = (int)v;
        return 0;
    case OPT_KB: cfg->kb_dir = arg; return 0;
    case OPT_WEB: cfg->web_dir = arg; return 0;
    case OPT_QUIET: cfg->access_log = false; return 0;
    default: cli_usage_error("serve", "invalid option"); return -1;
    }
}

static void ready(const char *url, void *ctx)
{
    (void)ctx;
    printf("oncoboard serving on %s\n", url);
    fflush(stdout);
}

int cmd_serve(int argc, char **argv)
{
    onc_server_config_t cfg;
    onc_server_config_init(&cfg);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return CLI_OK;
        }
        if (c == OPT_VERSION) {
            printf("oncoboard %s\n", ONC_VERSION);
            return CLI_OK;
        }
        if (parse_option(&cfg, c, optarg)) return CLI_BAD_INPUT;
    }
    if (optind < argc) return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    onc_err_t err = {0};
    if (onc_server_run(&cfg, ready, NULL, &err) != ONC_OK) {
        cli_error("serve", "%s", err.msg);
        return cli_status_of(err.code);
    }
    return CLI_OK;
}
