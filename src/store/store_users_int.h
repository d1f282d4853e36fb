/* store_users_int.h: what the users (store_users.c) and sessions (store_sessions.c) files share:
 * the clock's text form, the audit entry, the own-or-caller's transaction, a statement run with
 * its values in one call, and a user's row. */
#ifndef ONCOBOARD_STORE_USERS_INT_H
#define ONCOBOARD_STORE_USERS_INT_H

#include "store_case_int.h"

#include "oncoboard/store_users.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define ONC_ADDRESS_MAX 64

/* t as "YYYY-MM-DDTHH:MM:SSZ" (UTC): text order is time order. */
void users_time_text(time_t t, char buf[32]);
/* "user:LOGIN", the actor of a user's own actions. */
void users_self_actor(const char *login, char out[ONC_LOGIN_MAX + 8]);
/* An audit entry about user login (entity "user"); actor NULL: the operating-system user. */
onc_rc users_audit(onc_db_t *db, const char *actor, const char *action, const char *login, const char *detail,
                   onc_err_t *err) ONC_MUST_CHECK;

/* A value to bind: text (NULL binds SQL NULL) or an integer. */
typedef struct users_arg {
    const char *s;
    int64_t i;
    bool is_int;
} users_arg_t;
#define UA_T(x) ((users_arg_t){.s = (x)})
#define UA_I(x) ((users_arg_t){.i = (x), .is_int = true})
/* Prepares sql, binds args, steps every row: *first (may be NULL) gets the first row's column 0
 * as an integer, *n_rows (may be NULL) the number of rows. */
onc_rc users_run(onc_db_t *db, const char *sql, const users_arg_t *args, int n_args, int64_t *first, int64_t *n_rows,
                 onc_err_t *err) ONC_MUST_CHECK;

/* The columns of a user (table alias u), as users_read_row reads them from column col on. */
#define USER_COLUMNS                                                                                                 \
    "u.id, u.login, u.display_name, u.role, u.disabled, u.password_hash IS NOT NULL, u.failed_logins, "            \
    "u.locked_until, u.created_at, u.last_login"
void users_read_row(onc_db_stmt_t *st, int col, onc_user_t *u);
/* Ends every session of user_id; *n (may be NULL) gets how many. */
onc_rc users_end_sessions(onc_db_t *db, int64_t user_id, int64_t *n, onc_err_t *err) ONC_MUST_CHECK;
/* address reduced to the characters of an IPv4/IPv6 address, at most ONC_ADDRESS_MAX. */
void users_clean_address(const char *address, char out[ONC_ADDRESS_MAX + 1]);

#endif
