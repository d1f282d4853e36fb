/* cli_user.c: `oncoboard user add|passwd|disable|enable|role|list`: the server's users, for
 * whoever administers the registry (docs/server.md).
 *
 * A password never appears on the command line (where ps and the shell's history would show
 * it): it is typed twice at the terminal without echo, or read as one line from stdin when stdin
 * is not a terminal or --password-stdin is given, or made here (--generate: 20 characters from a
 * 56-symbol alphabet without look-alikes, about 116 bits) and printed once on stdout. It is
 * hashed (Argon2id) before the registry sees it, and every buffer that held it is wiped. The
 * audit log names the operating-system user as the actor.
 */
#include "cli.h"
#include "oncoboard/audit.h"
#include "oncoboard/db.h"
#include "oncoboard/jsonw.h"
#include "oncoboard/password.h"
#include "oncoboard/store_users.h"
#include "oncoboard/version.h"

#include <getopt.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "\n"
            "About:   The users of the web server: their roles and passwords (docs/server.md).\n"
            "Usage:   oncoboard user add LOGIN --role ROLE [options]\n"
            "         oncoboard user passwd LOGIN [options]\n"
            "         oncoboard user disable|enable LOGIN [options]\n"
            "         oncoboard user role LOGIN ROLE [options]\n"
            "         oncoboard user list [options]\n"
            "\n"
            "Commands:\n"
            "    add            a new user with a role and a password\n"
            "    passwd         a new password (ends the user's sessions, clears a lock-out)\n"
            "    disable        the user can no longer sign in (ends the user's sessions)\n"
            "    enable         the user can sign in again\n"
            "    role           a new role: admin, clinician, coordinator, researcher or viewer\n"
            "                   (ends the user's sessions)\n"
            "    list           login, name, role, status (active, disabled, locked, no password)\n"
            "                   and last sign-in (UTC)\n"
            "\n"
            "Options:\n"
            "    --db URL                 sqlite:PATH or postgresql://... [$ONCOBOARD_DB, else %s]\n"
            "    --role ROLE              add: the user's role\n"
            "    --name TEXT              add: the name shown [the login]\n"
            "    --password-stdin         add, passwd: read the password as one line from stdin (also\n"
            "                             when stdin is not a terminal); else it is typed twice\n"
            "    --generate               add, passwd: make a random password of 20 characters and\n"
            "                             print it once on stdout\n"
            "    --no-password            add: no password yet (the user cannot sign in)\n"
            "    --format tsv|json        list's output [tsv]; --json is --format json\n"
            "    -h, --help               this help; --version the program version\n"
            "\n"
            "Passwords: %d to %d bytes, no composition rules. Changes are audited with the\n"
            "operating-system user as the actor.\n"
            "\n",
            ONC_DB_DEFAULT_URL, ONC_PASSWORD_MIN, ONC_PASSWORD_MAX);
}

enum { OPT_DB = 256, OPT_ROLE, OPT_NAME, OPT_STDIN, OPT_GENERATE, OPT_NO_PASSWORD, OPT_FORMAT, OPT_JSON, OPT_VERSION };

static const struct option long_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"role", required_argument, NULL, OPT_ROLE},
    {"name", required_argument, NULL, OPT_NAME},
    {"password-stdin", no_argument, NULL, OPT_STDIN},
    {"generate", no_argument, NULL, OPT_GENERATE},
    {"no-password", no_argument, NULL, OPT_NO_PASSWORD},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

typedef struct user_args {
    const char *sub, *db, *login, *role, *name;
    bool from_stdin, generate, no_password;
    cli_format format;
} user_args_t;

/* The subcommands and the positional arguments each takes (LOGIN, ROLE). */
static const struct {
    const char *name;
    int n_args;
} subs[] = {{"add", 1}, {"passwd", 1}, {"disable", 1}, {"enable", 1}, {"role", 2}, {"list", 0}};

static int sub_args(const char *sub)
{
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
        if (strcmp(subs[i].name, sub) == 0) return subs[i].n_args;
    return -1;
}

/* Which options the subcommand takes; a usage error for the others. */
static int check_options(const user_args_t *a)
{
    bool adding = strcmp(a->sub, "add") == 0, password = adding || strcmp(a->sub, "passwd") == 0;
    if (!adding && (a->role || a->name || a->no_password))
        return cli_usage_error("user", "%s: --name, --no-password and --role are for add", a->sub);
    if (!password && (a->from_stdin || a->generate))
        return cli_usage_error("user", "%s: --password-stdin and --generate are for add and passwd", a->sub);
    if (a->from_stdin + a->generate + a->no_password > 1)
        return cli_usage_error("user", "%s: --password-stdin, --generate and --no-password exclude each other", a->sub);
    if (strcmp(a->sub, "list") && a->format != CLI_FMT_TSV)
        return cli_usage_error("user", "%s: --format is for list", a->sub);
    if (adding && !a->role) return cli_usage_error("user", "add: --role is required");
    return -1;
}

/* Parses argv (argv[1] is the subcommand); returns -1 to go on, or the exit status. */
static int parse_args(user_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->format = CLI_FMT_TSV;
    int head = cli_subcommand_head(argc, argv, usage);
    if (head >= 0) return head;
    a->sub = argv[1];
    int n_args = sub_args(a->sub);
    if (n_args < 0) return cli_usage_error("user", "unknown command '%s' (add, passwd, disable, enable, role, list)", a->sub);
    optind = 2;
    for (int c; (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1;) {
        switch (c) {
        case OPT_DB: a->db = optarg; break;
        case OPT_ROLE: a->role = optarg; break;
        case OPT_NAME: a->name = optarg; break;
        case OPT_STDIN: a->from_stdin = true; break;
        case OPT_GENERATE: a->generate = true; break;
        case OPT_NO_PASSWORD: a->no_password = true; break;
        case OPT_FORMAT:
            if (cli_parse_format("user", optarg, &a->format)) return CLI_BAD_INPUT;
            break;
        case OPT_JSON: a->format = CLI_FMT_JSON; break;
        case 'h': usage(stdout); return CLI_OK;
        case OPT_VERSION: printf("oncoboard %s\n", ONC_VERSION); return CLI_OK;
        default: return cli_usage_error("user", "invalid option");
        }
    }
    if (argc - optind != n_args)
        return cli_usage_error("user", "%s: takes %s", a->sub,
                               n_args == 0 ? "no argument" : n_args == 1 ? "LOGIN" : "LOGIN ROLE");
    if (n_args >= 1) a->login = argv[optind];
    int st = check_options(a);
    if (n_args == 2) a->role = argv[optind + 1];
    return st;
}

/* ---- passwords ---- */

#define LINE_CAP (ONC_PASSWORD_MAX + 3)

/* The terminal's settings while echo is off, restored on a signal too. */
static struct termios saved_tty;
static volatile sig_atomic_t echo_off;

static void restore_echo(void)
{
    if (echo_off) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty), echo_off = 0;
}

static void on_signal(int sig)
{
    restore_echo();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One line from stdin into buf (LINE_CAP bytes) without its end of line; -1 on EOF or a line
 * that passes ONC_PASSWORD_MAX (after a message). */
static int read_line(char *buf)
{
    if (!fgets(buf, LINE_CAP, stdin)) {
        cli_error("user", "no password on stdin");
        return -1;
    }
    size_t n = strcspn(buf, "\r\n");
    if (buf[n] == '\0' && !feof(stdin)) {
        int c;
        while ((c = getchar()) != EOF && c != '\n') {}
        onc_wipe(buf, LINE_CAP);
        cli_error("user", "the password is too long: at most %d bytes", ONC_PASSWORD_MAX);
        return -1;
    }
    buf[n] = '\0';
    return 0;
}

/* A line typed at the terminal after prompt, without echo. */
static int read_hidden(const char *prompt, char *buf)
{
    fputs(prompt, stderr);
    fflush(stderr);
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
        t = saved_tty;
        t.c_lflag &= ~(tcflag_t)ECHO;
        signal(SIGINT, on_signal), signal(SIGTERM, on_signal), signal(SIGHUP, on_signal);
        echo_off = tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0;
    }
    int r = read_line(buf);
    restore_echo();
    fputc('\n', stderr);
    return r;
}

/* The 56 symbols: digits, upper and lower case letters without 0 O o 1 I l. */
static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";
#define GENERATED_LEN 20

static int generate(char *buf)
{
    size_t n = 0, k = sizeof alphabet - 1; /* 56: bytes below 224 = 4 * 56 are taken, so each symbol is equally likely */
    uint8_t r[64];
    onc_err_t err = {0};
    while (n < GENERATED_LEN) {
        if (onc_random_bytes(r, sizeof r, &err) != ONC_OK) {
            cli_error("user", "%s", err.msg);
            return -1;
        }
        for (size_t i = 0; i < sizeof r && n < GENERATED_LEN; i++)
            if (r[i] < 256 - 256 % k) buf[n++] = alphabet[r[i] % k];
    }
    buf[n] = '\0';
    onc_wipe(r, sizeof r);
    return 0;
}

/* The new password into buf (LINE_CAP bytes), checked against the policy. */
static int get_password(const user_args_t *a, char *buf)
{
    int r;
    if (a->generate) r = generate(buf);
    else if (a->from_stdin || !isatty(STDIN_FILENO)) r = read_line(buf);
    else {
        char again[LINE_CAP];
        char prompt[ONC_LOGIN_MAX + 32];
        snprintf(prompt, sizeof prompt, "Password for %s: ", a->login);
        r = read_hidden(prompt, buf);
        if (r == 0 && (r = read_hidden("Again: ", again)) == 0 && strcmp(buf, again) != 0) {
            cli_error("user", "the two passwords differ");
            r = -1;
        }
        onc_wipe(again, sizeof again);
    }
    onc_err_t err = {0};
    if (r == 0 && onc_password_check_policy(buf, &err) != ONC_OK) {
        cli_error("user", "%s", err.msg);
        r = -1;
    }
    return r;
}

/* The hash of a new password into hash (empty for --no-password); a generated password is
 * copied to generated, which the caller prints once the change is committed. */
static int new_hash(const user_args_t *a, char *hash, char *generated)
{
    hash[0] = generated[0] = '\0';
    if (a->no_password) return CLI_OK;
    char pw[LINE_CAP];
    int st = get_password(a, pw) == 0 ? CLI_OK : CLI_BAD_INPUT;
    onc_password_params_t p;
    onc_password_params_init(&p);
    onc_err_t err = {0};
    if (st == CLI_OK && onc_password_hash(pw, &p, hash, ONC_PASSWORD_HASH_MAX, &err) != ONC_OK) {
        cli_error("user", "%s", err.msg);
        st = cli_status_of(err.code);
    }
    if (st == CLI_OK && a->generate) memcpy(generated, pw, GENERATED_LEN + 1);
    onc_wipe(pw, sizeof pw);
    return st;
}

/* ---- list ---- */

typedef struct list_state {
    cli_format format;
    long n;
    char now[32];
} list_state_t;

static const char *status_of(const onc_user_t *u, const char *now)
{
    if (u->disabled) return "disabled";
    if (u->locked_until[0] && strcmp(u->locked_until, now) > 0) return "locked";
    return u->has_password ? "active" : "no password";
}

/* A TSV cell: a control character (only a forged row can hold one) shown as a space. */
static void tsv_cell(const char *s, char sep)
{
    for (; *s; s++) putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
    putchar(sep);
}

static int print_user(const onc_user_t *u, void *ctx)
{
    list_state_t *s = ctx;
    const char *status = status_of(u, s->now);
    if (s->format == CLI_FMT_JSON) {
        fputs(s->n ? ",\n  {" : "\n  {", stdout);
        onc_jsonw_member_str(stdout, "login", u->login, 1);
        const char *keys[] = {"name", "role", "status", "last_login"};
        const char *vals[] = {u->display_name, onc_role_name(u->role), status, u->last_login[0] ? u->last_login : NULL};
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) onc_jsonw_member_str(stdout, keys[i], vals[i], 0);
        putchar('}');
    } else {
        const char *vals[] = {u->login, u->display_name, onc_role_name(u->role), status, u->last_login};
        size_t n = sizeof vals / sizeof *vals;
        for (size_t i = 0; i < n; i++) tsv_cell(vals[i], i + 1 < n ? '\t' : '\n');
    }
    s->n++;
    return 0;
}

static int list(onc_db_t *db, const user_args_t *a)
{
    list_state_t s = {.format = a->format};
    (void)cli_today_utc(s.now);
    if (a->format == CLI_FMT_JSON) fputs("{\"users\": [", stdout);
    else fputs("login\tname\trole\tstatus\tlast_login\n", stdout);
    onc_err_t err = {0};
    onc_rc rc = onc_user_list(db, print_user, &s, &err);
    if (a->format == CLI_FMT_JSON) fputs(s.n ? "\n]}\n" : "]}\n", stdout);
    if (rc == ONC_OK) return CLI_OK;
    cli_error("user", "%s", err.msg);
    return cli_status_of(rc);
}

/* ---- changes ---- */

static onc_rc change(onc_db_t *db, const user_args_t *a, onc_role role, const char *hash, onc_err_t *err)
{
    const char *actor = onc_audit_os_actor();
    if (strcmp(a->sub, "add") == 0)
        return onc_user_add(db, a->login, a->name, role, hash[0] ? hash : NULL, actor, err);
    if (strcmp(a->sub, "passwd") == 0) return onc_user_set_password(db, a->login, hash, actor, err);
    if (strcmp(a->sub, "role") == 0) return onc_user_set_role(db, a->login, role, actor, err);
    return onc_user_set_disabled(db, a->login, strcmp(a->sub, "disable") == 0, actor, err);
}

static int run_change(onc_db_t *db, const user_args_t *a)
{
    char hash[ONC_PASSWORD_HASH_MAX + 1] = "", generated[GENERATED_LEN + 1] = "";
    onc_role role = ONC_ROLE_VIEWER;
    onc_err_t err = {0};
    if (a->role && onc_role_parse(a->role, &role, &err) != ONC_OK) {
        cli_error("user", "%s", err.msg);
        return CLI_BAD_INPUT;
    }
    bool password = strcmp(a->sub, "add") == 0 || strcmp(a->sub, "passwd") == 0;
    int st = password ? new_hash(a, hash, generated) : CLI_OK;
    if (st != CLI_OK) return st;
    onc_rc rc = change(db, a, role, hash, &err);
    if (rc != ONC_OK) {
        onc_wipe(generated, sizeof generated);
        cli_error("user", "%s: %s", a->sub, err.msg);
        return cli_status_of(rc);
    }
    if (generated[0]) printf("%s\n", generated);
    onc_wipe(generated, sizeof generated);
    fprintf(stderr, "oncoboard user: %s %s: done\n", a->sub, a->login);
    return CLI_OK;
}

int cmd_user(int argc, char **argv)
{
    user_args_t a;
    int status = parse_args(&a, argc, argv);
    if (status >= 0) return status;
    onc_db_t *db = NULL;
    onc_db_opts_t o;
    onc_db_opts_init(&o);
    o.read_only = strcmp(a.sub, "list") == 0;
    if ((status = cli_db_open("user", a.db, &o, true, &db)) != CLI_OK) return status;
    status = strcmp(a.sub, "list") == 0 ? list(db, &a) : run_change(db, &a);
    onc_db_close(db);
    return status;
}
