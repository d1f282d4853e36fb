/* server_config.c: the server's configuration, its defaults (docs/server.md explains each) and
 * the --listen syntax. */
#include "oncoboard/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void onc_server_config_init(onc_server_config_t *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->host, sizeof c->host, "127.0.0.1");
    c->port = 8080;
    c->threads = 4;
    c->max_body = (size_t)16 << 20;
    c->max_json = (size_t)1 << 20;
    c->max_header = (size_t)16 << 10;
    c->timeout_seconds = 30;
    c->max_connections = 256;
    c->per_address = 32;
    c->login_per_minute = 20;
    onc_login_policy_init(&c->login);
    onc_session_policy_init(&c->session);
    c->access_log = true;
}

static onc_rc parse_port(const char *s, uint16_t *out, onc_err_t *err)
{
    char *end = NULL;
    long v = *s ? strtol(s, &end, 10) : -1;
    if (!end || *end || v < 0 || v > 65535)
        return onc_err_set(err, ONC_EINVAL, "--listen: '%s' is not a port number (0 to 65535)", s);
    *out = (uint16_t)v;
    return ONC_OK;
}

onc_rc onc_server_config_listen(onc_server_config_t *c, const char *spec, onc_err_t *err)
{
    const char *colon = strrchr(spec, ':');
    if (!colon) return parse_port(spec, &c->port, err);
    const char *host = spec;
    size_t n = (size_t)(colon - spec);
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host++;
        n -= 2;
    } else if (memchr(host, ':', n)) {
        return onc_err_set(err, ONC_EINVAL, "--listen: write an IPv6 address in brackets, [::1]:8080");
    }
    if (n >= sizeof c->host) return onc_err_set(err, ONC_EINVAL, "--listen: address too long");
    if (n > 0) {
        memcpy(c->host, host, n);
        c->host[n] = '\0';
    }
    return parse_port(colon + 1, &c->port, err);
}
