/* keyfile.h: secret keys kept in files outside the registry.
 *
 * Two secrets live this way: the audit log's HMAC key (audit.h, docs/audit.md) and a research
 * export's pseudonymisation secret (pseudo.h, docs/registry.md). Both are 32 random bytes written
 * as 64 hex digits and a newline to a file of mode 0600 that belongs to the running user; a
 * file another user owns, or one readable by group or others, is refused. No message ever quotes
 * a key file's contents. `what` names the key in messages ("audit key", "research key").
 */
#ifndef ONCOBOARD_KEYFILE_H
#define ONCOBOARD_KEYFILE_H

#include "oncoboard/error.h"

#include <stddef.h>
#include <stdint.h>

#define ONC_KEY_BYTES 32

/* Creates path with a new random key (getrandom): written whole to a temporary file, fsynced,
 * then linked to its name, so that a reader never sees half a key. When path appears meanwhile
 * (another process created it first), that key is kept and ONC_OK returned. ONC_EIO on failure. */
onc_rc onc_keyfile_create(const char *path, const char *what, onc_err_t *err) ONC_MUST_CHECK;

/* Reads the key at path into key. missing_hint (may be NULL) is added to the message when the file
 * does not exist ("restore it from its backup"). ONC_EIO (cannot open, not a regular file),
 * ONC_EINVAL (another user's, readable by others), ONC_EPARSE (not 64 hex digits). */
onc_rc onc_keyfile_read(const char *path, const char *what, const char *missing_hint, uint8_t key[ONC_KEY_BYTES],
                        onc_err_t *err) ONC_MUST_CHECK;

/* n bytes as 2n lowercase hex digits and a NUL in out. */
void onc_hex_encode(const uint8_t *p, size_t n, char *out);

/* write(2) until all n bytes are written (EINTR retried): ONC_OK or ONC_EIO with errno set. */
onc_rc onc_write_all(int fd, const void *p, size_t n) ONC_MUST_CHECK;
/* fsyncs the folder holding path, so that a new name in it survives a crash (best effort). */
void onc_sync_parent_dir(const char *path);

#endif
