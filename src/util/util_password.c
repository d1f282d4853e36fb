/* util_password.c: Argon2id password hashes on libargon2, and random bytes from getrandom(2)
 * (password.h).
 *
 * An Argon2id hash with the default parameters takes 64 MiB for a few hundred milliseconds: a
 * flood of sign-ins would otherwise take memory without bound. Every hash and every
 * verification therefore holds one of ONC_PASSWORD_SLOTS slots of a process-wide counting
 * semaphore (a mutex and a condition variable), and waits for one when all are taken.
 * Verification refuses hashes whose parameters pass the caps below, so that a forged row in the
 * registry cannot ask for gigabytes either.
 */
#include "oncoboard/password.h"

#include "oncoboard/keyfile.h"

#include <argon2.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define SALT_BYTES 16
#define HASH_BYTES 32
/* What a hash may ask of verification, and what $ONCOBOARD_ARGON2 may set. */
#define T_COST_MAX 64
#define M_COST_MIN 8
#define M_COST_MAX (1024u * 1024u) /* 1 GiB */
#define LANES_MAX 16

/* ---- the slots ---- */

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_free = PTHREAD_COND_INITIALIZER;
static int slots_busy, slots_peak;

static void slot_take(void)
{
    pthread_mutex_lock(&slot_lock);
    while (slots_busy >= ONC_PASSWORD_SLOTS) pthread_cond_wait(&slot_free, &slot_lock);
    if (++slots_busy > slots_peak) slots_peak = slots_busy;
    pthread_mutex_unlock(&slot_lock);
}

static void slot_give(void)
{
    pthread_mutex_lock(&slot_lock);
    slots_busy--;
    pthread_cond_signal(&slot_free);
    pthread_mutex_unlock(&slot_lock);
}

int onc_password_hash_peak(void)
{
    pthread_mutex_lock(&slot_lock);
    int peak = slots_peak;
    pthread_mutex_unlock(&slot_lock);
    return peak;
}

/* ---- parameters ---- */

/* A decimal number in [min, max] at *p, which is moved past it; false otherwise. */
static bool parse_u32(const char **p, uint32_t min, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    const char *s = *p;
    if (*s < '0' || *s > '9') return false;
    for (; *s >= '0' && *s <= '9'; s++)
        if ((v = v * 10 + (uint64_t)(*s - '0')) > max) return false;
    if (v < min) return false;
    *p = s;
    *out = (uint32_t)v;
    return true;
}

static bool params_valid(const onc_password_params_t *p)
{
    return p->t_cost >= 1 && p->t_cost <= T_COST_MAX && p->lanes >= 1 && p->lanes <= LANES_MAX &&
           p->m_cost_kib >= M_COST_MIN * p->lanes && p->m_cost_kib <= M_COST_MAX;
}

/* "t=T,m=M,p=P" (each key optional, any order, once each) over the defaults in *p; false (and
 * *p untouched) for anything else. Also reads the parameters of a PHC string ("m=..,t=..,p=..",
 * stopping at '$'). */
static bool parse_params(const char *s, onc_password_params_t *p, char end)
{
    onc_password_params_t q = *p;
    unsigned seen = 0;
    while (*s && *s != end) {
        char key = *s;
        uint32_t *dst = key == 't' ? &q.t_cost : key == 'm' ? &q.m_cost_kib : key == 'p' ? &q.lanes : NULL;
        unsigned bit = key == 't' ? 1u : key == 'm' ? 2u : 4u;
        if (!dst || (seen & bit) || s[1] != '=') return false;
        s += 2;
        if (!parse_u32(&s, 1, UINT32_MAX - 1, dst)) return false;
        seen |= bit;
        if (*s == ',') s++;
        else if (*s && *s != end) return false;
    }
    if (!seen || !params_valid(&q)) return false;
    *p = q;
    return true;
}

void onc_password_params_init(onc_password_params_t *p)
{
    *p = (onc_password_params_t){.t_cost = 3, .m_cost_kib = 65536, .lanes = 1};
    const char *env = getenv("ONCOBOARD_ARGON2");
    if (env && *env) (void)parse_params(env, p, '\0');
}

/* The parameters of a PHC string "$argon2id$v=19$m=M,t=T,p=P$...": false when it is not one. */
static bool hash_params(const char *hash, onc_password_params_t *out)
{
    static const char prefix[] = "$argon2id$v=19$";
    if (!hash || strncmp(hash, prefix, sizeof prefix - 1) != 0) return false;
    const char *s = hash + sizeof prefix - 1;
    const char *dollar = strchr(s, '$');
    if (!dollar) return false;
    onc_password_params_t p = {0, 0, 0};
    /* all three are required in a PHC string */
    return parse_params(s, &p, '$') && p.t_cost && p.m_cost_kib && p.lanes && (*out = p, true);
}

/* ---- policy, hashing, verification ---- */

onc_rc onc_password_check_policy(const char *password, onc_err_t *err)
{
    size_t n = password ? strlen(password) : 0;
    if (n < ONC_PASSWORD_MIN)
        return onc_err_set(err, ONC_EINVAL, "the password is too short: at least %d characters", ONC_PASSWORD_MIN);
    if (n > ONC_PASSWORD_MAX)
        return onc_err_set(err, ONC_EINVAL, "the password is too long: at most %d bytes", ONC_PASSWORD_MAX);
    return ONC_OK;
}

onc_rc onc_password_hash(const char *password, const onc_password_params_t *p, char *out, size_t n, onc_err_t *err)
{
    if (!password || !p || !out) return onc_err_set(err, ONC_EINVAL, "password hash: missing argument");
    if (!params_valid(p)) return onc_err_set(err, ONC_EINVAL, "password hash: Argon2 parameters out of range");
    if (strlen(password) > ONC_PASSWORD_MAX) return onc_password_check_policy(password, err);
    size_t need = argon2_encodedlen(p->t_cost, p->m_cost_kib, p->lanes, SALT_BYTES, HASH_BYTES, Argon2_id);
    if (need > n || need > ONC_PASSWORD_HASH_MAX)
        return onc_err_set(err, ONC_ELIMIT, "password hash: %zu bytes do not hold the hash", n);
    uint8_t salt[SALT_BYTES];
    onc_rc rc = onc_random_bytes(salt, sizeof salt, err);
    if (rc != ONC_OK) return rc;
    slot_take();
    int a = argon2id_hash_encoded(p->t_cost, p->m_cost_kib, p->lanes, password, strlen(password), salt, sizeof salt,
                                  HASH_BYTES, out, n);
    slot_give();
    onc_wipe(salt, sizeof salt);
    if (a == ARGON2_MEMORY_ALLOCATION_ERROR) return onc_err_set(err, ONC_ENOMEM, "password hash: out of memory");
    if (a != ARGON2_OK) return onc_err_set(err, ONC_EINTERNAL, "password hash: %s", argon2_error_message(a));
    return ONC_OK;
}

onc_rc onc_password_verify(const char *hash, const char *password, bool *ok, onc_err_t *err)
{
    *ok = false;
    onc_password_params_t p;
    if (!password) return onc_err_set(err, ONC_EINVAL, "password verify: no password");
    if (!hash_params(hash, &p) || strlen(hash) > ONC_PASSWORD_HASH_MAX)
        return onc_err_set(err, ONC_EINVAL, "password verify: not an Argon2id hash within this program's limits");
    if (strlen(password) > ONC_PASSWORD_MAX) return ONC_OK; /* cannot be one we hashed */
    slot_take();
    int a = argon2id_verify(hash, password, strlen(password));
    slot_give();
    if (a == ARGON2_OK) *ok = true;
    else if (a == ARGON2_MEMORY_ALLOCATION_ERROR) return onc_err_set(err, ONC_ENOMEM, "password verify: out of memory");
    else if (a != ARGON2_VERIFY_MISMATCH)
        return onc_err_set(err, ONC_EINVAL, "password verify: %s", argon2_error_message(a));
    return ONC_OK;
}

bool onc_password_needs_rehash(const char *hash, const onc_password_params_t *p)
{
    onc_password_params_t h;
    if (!p || !hash_params(hash, &h)) return true;
    return h.t_cost != p->t_cost || h.m_cost_kib != p->m_cost_kib || h.lanes != p->lanes;
}

/* ---- random bytes ---- */

onc_rc onc_random_bytes(void *buf, size_t n, onc_err_t *err)
{
    uint8_t *b = buf;
    while (n > 0) {
        ssize_t k = getrandom(b, n, 0);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return onc_err_set(err, ONC_EIO, "getrandom: %s", k < 0 ? strerror(errno) : "no bytes");
        b += k, n -= (size_t)k;
    }
    return ONC_OK;
}

onc_rc onc_random_hex(char *out, size_t n, onc_err_t *err)
{
    uint8_t bytes[64];
    out[0] = '\0';
    for (size_t done = 0; done < n;) {
        size_t k = n - done < sizeof bytes ? n - done : sizeof bytes;
        onc_rc rc = onc_random_bytes(bytes, k, err);
        if (rc != ONC_OK) return onc_wipe(bytes, sizeof bytes), rc;
        onc_hex_encode(bytes, k, out + 2 * done);
        done += k;
    }
    onc_wipe(bytes, sizeof bytes);
    return ONC_OK;
}

void onc_wipe(void *p, size_t n)
{
    if (p && n) explicit_bzero(p, n);
}
