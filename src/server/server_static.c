/* server_static.c: the web interface's files, built into the binary from web/ (and the OpenAPI
 * document from docs/), so that the server needs no files beside it and loads nothing from the
 * network. Only names in the built-in table are served; with --web-dir (development) their
 * current text is read from that folder instead, still only for those names, so that no request
 * path ever reaches the file system. */
#include "server_int.h"

#include <stdio.h>
#include <string.h>

struct srv_asset_entry {
    const char *name;
    const unsigned char *start, *end;
};
extern const struct srv_asset_entry srv_asset_table[];

const unsigned char *srv_asset(const char *name, size_t *n)
{
    for (const struct srv_asset_entry *a = srv_asset_table; a->name; a++)
        if (strcmp(a->name, name) == 0) {
            *n = (size_t)(a->end - a->start);
            return a->start;
        }
    return NULL;
}

static const char *content_type(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".ico", "image/x-icon"},              {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

void srv_static(srv_req_t *rq, srv_reply_t *rp)
{
    const char *name = strcmp(rq->path, "/") == 0 ? "index.html" : rq->path + 1;
    size_t n = 0;
    const unsigned char *p = srv_asset(name, &n);
    if (!p) {
        srv_error(rp, 404, "not_found", "no such page");
        return;
    }
    rp->cacheable = strcmp(name, "index.html") != 0;
    const char *dir = rq->srv->cfg.web_dir;
    if (dir) {
        char path[4096];
        onc_strbuf_t b = ONC_STRBUF_INIT;
        onc_err_t err = {0};
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (onc_strbuf_read_file(&b, path, &err) == ONC_OK) {
            srv_bytes(rp, 200, content_type(name), b.s ? b.s : "", b.len);
            onc_strbuf_free(&b);
            rp->cacheable = false;
            return;
        }
        onc_strbuf_free(&b);
    }
    srv_bytes(rp, 200, content_type(name), p, n);
}

void api_openapi(srv_req_t *rq, srv_reply_t *rp)
{
    (void)rq;
    size_t n = 0;
    const unsigned char *p = srv_asset("openapi.json", &n);
    srv_bytes(rp, 200, "application/json", p, n);
}
