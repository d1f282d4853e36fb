/* http_client.h: a small blocking HTTP/1.1 client for the server's tests (include after
 * check.h). One request per connection (Connection: close), read to the end; enough to check
 * statuses, headers and bodies, and to send what a browser would not (no CSRF token, a foreign
 * Origin, an oversized body, a slow trickle). */
#ifndef ONCOBOARD_TEST_HTTP_CLIENT_H
#define ONCOBOARD_TEST_HTTP_CLIENT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

typedef struct http_resp {
    int status;      /* 0 when the connection failed or was closed without an answer */
    char *head;      /* the status line and headers */
    char *body;      /* NUL-terminated */
    size_t body_len;
} http_resp_t;

__attribute__((unused)) static void http_resp_free(http_resp_t *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* The port of a base URL "http://127.0.0.1:PORT/". */
__attribute__((unused)) static int http_port(const char *base)
{
    const char *colon = strrchr(base, ':');
    return colon ? (int)strtol(colon + 1, NULL, 10) : 0;
}

/* A connected socket to 127.0.0.1:port with a receive timeout, or -1. */
__attribute__((unused)) static int http_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 20};
    if (fd < 0) return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

__attribute__((unused)) static bool http_send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0) return false;
        p += k, n -= (size_t)k;
    }
    return true;
}

/* Reads the answer on fd until the server closes it, into *r. */
__attribute__((unused)) static void http_read(int fd, http_resp_t *r)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    ssize_t k;
    while (buf && (k = recv(fd, buf + len, cap - len, 0)) > 0) {
        len += (size_t)k;
        if (len == cap) buf = realloc(buf, (cap *= 2) + 1);
    }
    if (!buf) return;
    buf[len] = '\0';
    char *sep = strstr(buf, "\r\n\r\n");
    if (len > 12 && strncmp(buf, "HTTP/1.", 7) == 0 && buf[8] == ' ') r->status = (int)strtol(buf + 9, NULL, 10);
    if (r->status == 0 || !sep) {
        r->status = 0;
        free(buf);
        return;
    }
    r->head = strndup(buf, (size_t)(sep - buf) + 2);
    r->body_len = len - (size_t)(sep + 4 - buf);
    r->body = malloc(r->body_len + 1);
    memcpy(r->body, sep + 4, r->body_len);
    r->body[r->body_len] = '\0';
    free(buf);
}

/* One request: headers is "" or lines "Name: value\r\n". */
__attribute__((unused)) static void http_call(const char *base, const char *method, const char *path,
                                              const char *headers, const char *body, size_t body_len,
                                              http_resp_t *r)
{
    memset(r, 0, sizeof *r);
    int port = http_port(base);
    int fd = http_connect(port);
    if (fd < 0) return;
    size_t cap = strlen(method) + strlen(path) + (headers ? strlen(headers) : 0) + 200;
    char *head = malloc(cap);
    int n = head ? snprintf(head, cap,
                            "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%sContent-Length: %zu\r\n\r\n",
                            method, path, port, headers ? headers : "", body ? body_len : 0)
                 : -1;
    /* A server may answer (413) and close before the body is all sent: read the answer anyway. */
    if (n > 0 && (size_t)n < cap && http_send_all(fd, head, (size_t)n)) {
        if (body) http_send_all(fd, body, body_len);
        http_read(fd, r);
    }
    free(head);
    close(fd);
}

/* The value of header name in r (case-insensitive name), copied into buf; NULL when absent. */
__attribute__((unused)) static const char *http_header(const http_resp_t *r, const char *name, char *buf, size_t n)
{
    size_t nl = strlen(name);
    for (const char *p = r->head ? strstr(r->head, "\r\n") : NULL; p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') v++;
            const char *end = strstr(v, "\r\n");
            size_t vl = end ? (size_t)(end - v) : strlen(v);
            if (vl >= n) vl = n - 1;
            memcpy(buf, v, vl);
            buf[vl] = '\0';
            return buf;
        }
    }
    return NULL;
}

#endif
