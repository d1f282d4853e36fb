/* password.h: Argon2id password hashes (libargon2), as PHC strings
 * "$argon2id$v=19$m=M,t=T,p=P$SALT$HASH", and fresh random bytes from the kernel.
 *
 * The parameters travel inside each hash, so that a change of policy applies to new passwords
 * while old hashes still verify; onc_password_needs_rehash says when a verified password should
 * be hashed again with today's parameters. Passwords are checked for length only (12 to 256
 * bytes, NIST SP 800-63B section 5.1.1.2); buffers that held one are wiped by the caller with
 * onc_wipe.
 */
#ifndef ONCOBOARD_PASSWORD_H
#define ONCOBOARD_PASSWORD_H

#include "oncoboard/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ONC_PASSWORD_MIN 12
#define ONC_PASSWORD_MAX 256
#define ONC_PASSWORD_HASH_MAX 192 /* a PHC string with a 16-byte salt and a 32-byte hash fits */

typedef struct onc_password_params {
    uint32_t t_cost;     /* passes [3] */
    uint32_t m_cost_kib; /* memory in KiB [65536] */
    uint32_t lanes;      /* [1] */
} onc_password_params_t;
/* The defaults, or the cheaper ones in $ONCOBOARD_ARGON2 ("t=1,m=1024,p=1": keys t, m, p,
 * each optional, within t 1..64, m 8*p..1048576 KiB, p 1..16). FOR TESTS ONLY: the cheap values
 * do not meet ASVS; a value that does not parse is ignored and the defaults are kept. */
void onc_password_params_init(onc_password_params_t *p);

/* ONC_EINVAL when password is shorter than ONC_PASSWORD_MIN or longer than ONC_PASSWORD_MAX
 * bytes, with a message saying so. */
onc_rc onc_password_check_policy(const char *password, onc_err_t *err) ONC_MUST_CHECK;
/* Hashes password with a fresh 16-byte salt into out (ONC_PASSWORD_HASH_MAX bytes). */
onc_rc onc_password_hash(const char *password, const onc_password_params_t *p, char *out, size_t n,
                         onc_err_t *err) ONC_MUST_CHECK;
/* *ok true when password matches hash (compared in constant time by libargon2); a malformed
 * hash is ONC_EINVAL. */
onc_rc onc_password_verify(const char *hash, const char *password, bool *ok, onc_err_t *err) ONC_MUST_CHECK;
/* Whether hash was made with other parameters than p. */
bool onc_password_needs_rehash(const char *hash, const onc_password_params_t *p);

/* Hashes and verifications running at once in the process are capped at ONC_PASSWORD_SLOTS (a
 * counting semaphore: a flood of sign-ins waits instead of taking 64 MiB each); the highest
 * number seen at once so far, for tests and monitoring. */
#define ONC_PASSWORD_SLOTS 4
int onc_password_hash_peak(void);

/* n random bytes from getrandom(2): ONC_OK or ONC_EIO. */
onc_rc onc_random_bytes(void *buf, size_t n, onc_err_t *err) ONC_MUST_CHECK;
/* n random bytes as 2n lowercase hex digits and a NUL in out (2n + 1 bytes). */
onc_rc onc_random_hex(char *out, size_t n, onc_err_t *err) ONC_MUST_CHECK;
/* Overwrites n bytes in a way the compiler keeps (a password after use). */
void onc_wipe(void *p, size_t n);

#endif
