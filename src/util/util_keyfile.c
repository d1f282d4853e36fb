/* util_keyfile.c: secret keys in files of their own (keyfile.h): the audit log's key and the
 * research export's pseudonymisation secret.
 *
 * One implementation for both, so that they are created, protected and checked alike: random
 * bytes from getrandom, a temporary file linked into place (never half a key under the name),
 * mode 0600, and a reader that refuses another user's file, a file others can read, and anything
 * but 64 hex digits. The contents never reach a message.
 */
#include "oncoboard/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_HEX (2 * ONC_KEY_BYTES)
#define PATH_CAP 4096

void onc_hex_encode(const uint8_t *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool hex_decode(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(s[2 * i]), lo = hi < 0 ? -1 : hex_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

onc_rc onc_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return ONC_EIO;
        p += w;
        n -= (size_t)w;
    }
    return ONC_OK;
}

void onc_sync_parent_dir(const char *path)
{
    char dir[PATH_CAP];
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static onc_rc random_bytes(uint8_t *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return ONC_EIO;
        got += (size_t)r;
    }
    return ONC_OK;
}

/* Two processes creating the key at once agree: link fails with EEXIST for the second, which
 * then reads the first's. */
onc_rc onc_keyfile_create(const char *path, const char *what, onc_err_t *err)
{
    uint8_t raw[ONC_KEY_BYTES];
    char line[KEY_HEX + 2], tmp[PATH_CAP];
    /* mkstemp's template: the six X are replaced by a unique suffix. */
    if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= (int)sizeof tmp)
        return onc_err_set(err, ONC_ELIMIT, "%s: path too long", path);
    if (random_bytes(raw, sizeof raw) != ONC_OK)
        return onc_err_set(err, ONC_EIO, "%s: no random bytes for a new %s: %s", path, what, strerror(errno));
    onc_hex_encode(raw, sizeof raw, line);
    memset(raw, 0, sizeof raw);
    line[KEY_HEX] = '\n';
    line[KEY_HEX + 1] = '\0';
    int fd = mkstemp(tmp); /* mode 0600 */
    if (fd < 0) return onc_err_set(err, ONC_EIO, "%s: cannot create the %s: %s", path, what, strerror(errno));
    onc_rc rc = onc_write_all(fd, line, KEY_HEX + 1);
    memset(line, 0, sizeof line);
    if (rc == ONC_OK && fchmod(fd, 0600) != 0) rc = ONC_EIO;
    if (rc == ONC_OK && fsync(fd) != 0) rc = ONC_EIO;
    if (close(fd) != 0) rc = ONC_EIO;
    if (rc == ONC_OK && link(tmp, path) != 0 && errno != EEXIST) rc = ONC_EIO;
    int saved = errno;
    unlink(tmp);
    if (rc != ONC_OK) return onc_err_set(err, ONC_EIO, "%s: cannot write the %s: %s", path, what, strerror(saved));
    onc_sync_parent_dir(path);
    return ONC_OK;
}

onc_rc onc_keyfile_read(const char *path, const char *what, const char *missing_hint, uint8_t key[ONC_KEY_BYTES],
                        onc_err_t *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return onc_err_set(err, ONC_EIO, "%s: cannot open the %s: %s%s%s", path, what, strerror(errno),
                           errno == ENOENT && missing_hint ? " " : "", errno == ENOENT && missing_hint ? missing_hint : "");
    struct stat st;
    char buf[KEY_HEX + 2];
    ssize_t n = -1;
    onc_rc rc = ONC_OK;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) rc = onc_err_set(err, ONC_EIO, "%s: the %s is not a regular file", path, what);
    else if (st.st_uid != geteuid()) rc = onc_err_set(err, ONC_EINVAL, "%s: the %s belongs to another user", path, what);
    else if (st.st_mode & 077)
        rc = onc_err_set(err, ONC_EINVAL, "%s: the %s is readable by others (mode %03o): chmod 600 it", path, what,
                         (unsigned)(st.st_mode & 0777));
    else n = read(fd, buf, sizeof buf);
    close(fd);
    if (rc != ONC_OK) return rc;
    bool ok = (n == KEY_HEX || (n == KEY_HEX + 1 && buf[KEY_HEX] == '\n')) && hex_decode(buf, key, ONC_KEY_BYTES);
    memset(buf, 0, sizeof buf);
    if (!ok) return onc_err_set(err, ONC_EPARSE, "%s: the %s is not 64 hexadecimal digits", path, what);
    return ONC_OK;
}
