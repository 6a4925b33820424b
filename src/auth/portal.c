/* portal.c — invitations, log-in and sessions of the parent portal.
 *
 * The rules mirror the staff's (auth.c) on purpose, so that a parent's
 * account is exactly as hard to guess and as attributable as a manager's:
 * argon2id passwords of the same length, one hash verification whatever
 * the e-mail, cfg->lockout_failures wrong passwords lock the account for
 * cfg->lockout_minutes, sessions end after the same idle time (DATA-07)
 * and lifetime, and the same audit events are written.
 *
 * What differs: a parent's account comes from an invitation, not from a
 * password typed by the manager — the parent chooses it, so nobody at the
 * setting ever knows it. The invitation is a random token shown once (as a
 * link whose token sits in the fragment, which browsers never send, so it
 * stays out of access logs); only its SHA-256 is stored. It lasts
 * cfg->invite_days and a newer one replaces it. Accepting an invitation
 * for an account that already has a password is how a forgotten password
 * is reset; the parent's other sessions end then.
 *
 * "Can this parent sign in" is one condition, checked at log-in and on
 * every request: the record has not ended and at least one of their links
 * to a child is current. Ending a parent or their last link therefore
 * closes the portal to them at once, with no extra step in parent.c. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/config.h"
#include "../people/people.h"
#include "portal.h"

#define LAST_SEEN_GRANULARITY 60
/* A parent may sign in while this is 1 (p is the parents row). */
#define OPEN_SQL "CASE WHEN p.ended_on IS NULL AND EXISTS (SELECT 1 FROM child_parents l" \
                 " WHERE l.parent_id = p.id AND l.ended_on IS NULL) THEN 1 ELSE 0 END"

static char dummy_hash[CRYPTO_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
    if (crypto_password_hash("not a password of anyone here", dummy_hash))
        dummy_hash[0] = 0;
}

static void set_parent(sg_ctx *cx, int64_t setting, int64_t parent)
{
    cx->setting_id = setting;
    cx->parent_id = parent;
    cx->actor_id = 0;
    cx->roles = 0;
    cx->operator_mode = false;
    cx->session_id = 0;
    snprintf(cx->actor, sizeof cx->actor, "parent:%lld", (long long)parent);
}

static sg_err run(sg_ctx *cx, store_stmt *st)
{
    bool row;
    sg_err e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

static int lockout_failures(const sg_ctx *cx) { return cx->cfg ? cx->cfg->lockout_failures : 5; }
static int lockout_minutes(const sg_ctx *cx) { return cx->cfg ? cx->cfg->lockout_minutes : 15; }

/* One more wrong password for parent `id`, inside the caller's transaction. */
static sg_err count_failure(sg_ctx *cx, int64_t id, int failures)
{
    bool lock = failures + 1 >= lockout_failures(cx);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "UPDATE parents SET failed_logins = ?, locked_until = ? WHERE id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, lock ? 0 : failures + 1);
    store_bind_int(st, 2, lock ? clock_now() + 60 * (int64_t)lockout_minutes(cx) : 0);
    store_bind_int(st, 3, id);
    if ((e = run(cx, st)))
        return e;
    json_t *d = json_pack("{si}", "failures", failures + 1);
    e = audit_append(cx, lock ? "auth.locked_out" : "auth.login_failed", "parent", id, d);
    json_decref(d);
    return e;
}

/* Count a wrong password in its own transaction, attributed to nobody yet
 * (log-in) or to the parent (change of password). */
static sg_err record_failure(sg_ctx *cx, int64_t id, int failures, const char *actor)
{
    char was[sizeof cx->actor];
    memcpy(was, cx->actor, sizeof was);
    snprintf(cx->actor, sizeof cx->actor, "%s", actor);
    sg_err e = store_begin(cx->db);
    if (!e)
        e = store_end(cx->db, count_failure(cx, id, failures));
    else
        e = sg_store(cx, e);
    memcpy(cx->actor, was, sizeof was);
    return e;
}

static sg_err write_password(sg_ctx *cx, int64_t id, const char *password)
{
    char hash[CRYPTO_PWHASH_LEN];
    if (crypto_password_hash(password, hash))
        return sg_fail(cx, SG_ECRYPTO, "could not hash the password");
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "UPDATE parents SET password_hash = ?, failed_logins = 0, locked_until = 0"
                                     " WHERE id = ? AND setting_id = ?", &st);
    if (!e) {
        store_bind_text(st, 1, hash);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        e = run(cx, st);
    } else {
        e = sg_store(cx, e);
    }
    sodium_memzero(hash, sizeof hash);
    return e;
}

/* End parent `id`'s sessions but `keep` (0: all). */
static sg_err end_sessions(sg_ctx *cx, int64_t id, int64_t keep)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "UPDATE parent_sessions SET ended_at = ? WHERE parent_id = ? AND setting_id = ?"
                                     " AND ended_at IS NULL AND id <> ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, clock_now());
    store_bind_int(st, 2, id);
    store_bind_int(st, 3, cx->setting_id);
    store_bind_int(st, 4, keep);
    return run(cx, st);
}

/* A new session for cx's parent, audited as a log-in; inside the caller's
 * transaction. */
static sg_err start_session(sg_ctx *cx, char token[AUTH_TOKEN_MAX])
{
    crypto_token(PORTAL_SESSION_PREFIX, token);
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    int64_t now = clock_now(), sid = 0;
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "INSERT INTO parent_sessions (setting_id, parent_id, token_hash, created_at,"
                                     " last_seen) VALUES (?, ?, ?, ?, ?) RETURNING id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, cx->parent_id);
    store_bind_text(st, 3, th);
    store_bind_int(st, 4, now);
    store_bind_int(st, 5, now);
    e = sg_store(cx, store_one_int(st, &sid, NULL));
    store_finalize(st);
    if (!e)
        e = audit_append(cx, "auth.login", "parent_session", sid, NULL);
    if (!e)
        cx->session_id = sid;
    return e;
}

/* One e-mail, one person (PEOPLE-14): refuse `email` for parent `self`'s
 * portal account when it is any adult's log-in, or another parent's
 * account — or, when `open_invites`, another parent's invitation still
 * waiting to be accepted. */
static sg_err email_free(sg_ctx *cx, const char *email, int64_t self, bool open_invites)
{
    store_stmt *st;
    int64_t n = 0;
    sg_err e = store_prepare(cx->db, "SELECT count(*) FROM adults WHERE email = lower(?)", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, email);
    e = sg_store(cx, store_one_int(st, &n, NULL));
    store_finalize(st);
    if (e)
        return e;
    if (n > 0)
        return sg_fail_field(cx, SG_ECONFLICT, "email", "%.200s is a staff member's log-in; a parent portal account "
                             "needs an e-mail address of its own", email);
    if ((e = store_prepare(cx->db, "SELECT count(*) FROM parents p WHERE lower(p.email) = lower(?) AND p.id <> ?"
                                   " AND (p.password_hash IS NOT NULL OR (? = 1 AND EXISTS (SELECT 1 FROM parent_invites i"
                                   " WHERE i.parent_id = p.id AND i.used_at IS NULL AND i.replaced_at IS NULL"
                                   " AND i.expires_at > ?)))", &st)))
        return sg_store(cx, e);
    store_bind_text(st, 1, email);
    store_bind_int(st, 2, self);
    store_bind_int(st, 3, open_invites);
    store_bind_int(st, 4, clock_now());
    e = sg_store(cx, store_one_int(st, &n, NULL));
    store_finalize(st);
    if (!e && n > 0)
        e = sg_fail_field(cx, SG_ECONFLICT, "email", "another parent's portal account (or invitation) already uses "
                          "%.200s; each account needs an e-mail address of its own", email);
    return e;
}

/* Parent `id` of cx's setting may hold an account: not ended, linked to a
 * current child, with an e-mail (copied to email, 256 bytes). */
static sg_err may_have_account(sg_ctx *cx, int64_t id, char *email, size_t len)
{
    store_stmt *st;
    bool row;
    sg_err e = store_prepare(cx->db, "SELECT p.email, p.ended_on, (SELECT count(*) FROM child_parents l"
                                     " WHERE l.parent_id = p.id AND l.ended_on IS NULL)"
                                     " FROM parents p WHERE p.id = ? AND p.setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    if (!(e = sg_store(cx, store_step(st, &row)))) {
        if (!row)
            e = sg_fail(cx, SG_ENOTFOUND, "no such parent");
        else if (!store_col_null(st, 1))
            e = sg_fail(cx, SG_EPARENTENDED, "this parent's record ended on %s, so they cannot have a portal account",
                        store_col_text(st, 1));
        else if (store_col_int(st, 2) == 0)
            e = sg_fail(cx, SG_ENOCHILD, "this parent is not linked to any current child; link them to their child first");
        else if (store_col_null(st, 0) || !*store_col_text(st, 0))
            e = sg_fail_field(cx, SG_ENOEMAIL, "email", "this parent has no e-mail address; add the address they will "
                              "log in with first");
        else
            snprintf(email, len, "%s", store_col_text(st, 0));
    }
    store_finalize(st);
    return e;
}

sg_err portal_invite(sg_ctx *cx, int64_t parent_id, json_t **out)
{
    *out = NULL;
    sg_err e = perm_require(cx, PERM_PARENT_WRITE);
    if (e)
        return e;
    char email[256], token[AUTH_TOKEN_MAX], th[CRYPTO_HEX_SHA256], expires[21];
    int64_t now = clock_now(), until = now + 86400 * (int64_t)(cx->cfg ? cx->cfg->invite_days : 7), id = 0;
    clock_iso(until, expires);
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    if (!(e = may_have_account(cx, parent_id, email, sizeof email)))
        e = email_free(cx, email, parent_id, true);
    if (!e && !(e = sg_store(cx, store_prepare(cx->db, "UPDATE parent_invites SET replaced_at = ? WHERE parent_id = ?"
                                                       " AND setting_id = ? AND used_at IS NULL AND replaced_at IS NULL",
                                               &st)))) {
        store_bind_int(st, 1, now);
        store_bind_int(st, 2, parent_id);
        store_bind_int(st, 3, cx->setting_id);
        e = run(cx, st);
    }
    crypto_token(PORTAL_INVITE_PREFIX, token);
    crypto_sha256_hex(token, strlen(token), th);
    if (!e && !(e = sg_store(cx, store_prepare(cx->db, "INSERT INTO parent_invites (setting_id, parent_id, token_hash,"
                                                       " created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"
                                                       " RETURNING id", &st)))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, parent_id);
        store_bind_text(st, 3, th);
        store_bind_text(st, 4, cx->actor);
        store_bind_int(st, 5, now);
        store_bind_int(st, 6, until);
        e = sg_store(cx, store_one_int(st, &id, NULL));
        store_finalize(st);
    }
    if (!e) {
        json_t *d = json_pack("{sI ss}", "invite_id", (json_int_t)id, "expires_at", expires);
        e = audit_append(cx, "parent.invite", "parent", parent_id, d);
        json_decref(d);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    char link[sizeof PORTAL_WELCOME_PATH + AUTH_TOKEN_MAX];
    snprintf(link, sizeof link, PORTAL_WELCOME_PATH "%s", token);
    *out = json_pack("{sI sI ss ss ss ss}", "invite_id", (json_int_t)id, "parent_id", (json_int_t)parent_id,
                     "email", email, "link", link, "token", token, "expires_at", expires);
    return SG_OK;
}

sg_err portal_accept(sg_ctx *cx, const char *token, const char *password, char session[AUTH_TOKEN_MAX])
{
    if (!password || strlen(password) < PASSWORD_MIN || strlen(password) > PASSWORD_MAX)
        return sg_fail_field(cx, SG_EINVAL, "password", "a password needs %d to %d characters", PASSWORD_MIN,
                             PASSWORD_MAX);
    char th[CRYPTO_HEX_SHA256], email[256];
    crypto_sha256_hex(token, strlen(token), th);
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    store_stmt *st;
    bool row = false;
    int64_t invite = 0, setting = 0, parent = 0, now = clock_now();
    if (!(e = sg_store(cx, store_prepare(cx->db, "SELECT id, setting_id, parent_id, expires_at, used_at, replaced_at"
                                                 " FROM parent_invites WHERE token_hash = ?", &st)))) {
        store_bind_text(st, 1, th);
        if (!(e = sg_store(cx, store_step(st, &row)))) {
            if (!row)
                e = sg_fail(cx, SG_EINVITEUNKNOWN, "this invitation link is not known; check it was copied whole, or "
                                                   "ask the setting for a new one");
            else if (!store_col_null(st, 4))
                e = sg_fail(cx, SG_EINVITEUSED, "this invitation has already been used; log in with your e-mail "
                                                "address and password, or ask the setting for a new invitation");
            else if (!store_col_null(st, 5))
                e = sg_fail(cx, SG_EINVITEEXPIRED, "a newer invitation was sent after this one; use the link in the "
                                                   "newest one");
            else if (store_col_int(st, 3) <= now)
                e = sg_fail(cx, SG_EINVITEEXPIRED, "this invitation has expired; ask the setting for a new one");
            if (row) {
                invite = store_col_int(st, 0);
                setting = store_col_int(st, 1);
                parent = store_col_int(st, 2);
            }
        }
        store_finalize(st);
    }
    if (!e) {
        set_parent(cx, setting, parent);
        if (!(e = may_have_account(cx, parent, email, sizeof email)))
            e = email_free(cx, email, parent, false);
    }
    if (!e)
        e = write_password(cx, parent, password);
    if (!e)
        e = end_sessions(cx, parent, 0);
    if (!e && !(e = sg_store(cx, store_prepare(cx->db, "UPDATE parent_invites SET used_at = ? WHERE id = ?", &st)))) {
        store_bind_int(st, 1, now);
        store_bind_int(st, 2, invite);
        e = run(cx, st);
    }
    if (!e)
        e = audit_append(cx, "parent.invite_accept", "parent_invite", invite, NULL);
    if (!e)
        e = start_session(cx, session);
    return store_end(cx->db, e);
}

sg_err portal_login(sg_ctx *cx, const char *email, const char *password, char token[AUTH_TOKEN_MAX])
{
    pthread_once(&dummy_once, make_dummy);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT p.id, p.setting_id, p.password_hash, p.failed_logins, p.locked_until, "
                                     OPEN_SQL " FROM parents p WHERE lower(p.email) = lower(?)"
                                     " AND p.password_hash IS NOT NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, email);
    bool row;
    int64_t parent = 0, setting = 0, locked_until = 0;
    int failures = 0;
    bool open = false;
    char hash[CRYPTO_PWHASH_LEN] = "";
    if (!(e = store_step(st, &row)) && row) {
        parent = store_col_int(st, 0);
        setting = store_col_int(st, 1);
        snprintf(hash, sizeof hash, "%s", store_col_text(st, 2));
        failures = (int)store_col_int(st, 3);
        locked_until = store_col_int(st, 4);
        open = store_col_int(st, 5) == 1;
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    bool ok = crypto_password_ok(hash[0] ? hash : dummy_hash, password);
    if (!parent || !hash[0] || !open)
        return sg_fail(cx, SG_EUNAUTH, "the e-mail address or password is wrong");
    set_parent(cx, setting, parent);
    if (locked_until > clock_now())
        return sg_fail(cx, SG_ELOCKED, "this account is locked after too many wrong passwords; try again in %lld minutes",
                       (long long)((locked_until - clock_now()) / 60 + 1));
    if (!ok) {
        if ((e = record_failure(cx, parent, failures, "login-attempt")))
            return e;
        if (failures + 1 >= lockout_failures(cx))
            return sg_fail(cx, SG_ELOCKED, "too many wrong passwords: this account is now locked for %d minutes",
                           lockout_minutes(cx));
        return sg_fail(cx, SG_EUNAUTH, "the e-mail address or password is wrong");
    }
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = sg_store(cx, store_prepare(cx->db, "UPDATE parents SET failed_logins = 0, locked_until = 0 WHERE id = ?",
                                         &st)))) {
        store_bind_int(st, 1, parent);
        e = run(cx, st);
    }
    if (!e)
        e = start_session(cx, token);
    return store_end(cx->db, e);
}

bool portal_is_session_token(const char *token)
{
    return token && strncmp(token, PORTAL_SESSION_PREFIX, strlen(PORTAL_SESSION_PREFIX)) == 0;
}

sg_err portal_session(sg_ctx *cx, const char *token)
{
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT s.id, s.setting_id, s.parent_id, s.created_at, s.last_seen, s.ended_at,"
                                     " p.locked_until, " OPEN_SQL " FROM parent_sessions s JOIN parents p"
                                     " ON p.id = s.parent_id WHERE s.token_hash = ? AND p.password_hash IS NOT NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, th);
    bool row;
    int64_t sid = 0, setting = 0, parent = 0, created = 0, seen = 0;
    bool closed = true;
    if (!(e = store_step(st, &row)) && row) {
        sid = store_col_int(st, 0);
        setting = store_col_int(st, 1);
        parent = store_col_int(st, 2);
        created = store_col_int(st, 3);
        seen = store_col_int(st, 4);
        /* Ended, locked out (guessing through the change-password form),
         * or no longer the parent of a child here. */
        closed = !store_col_null(st, 5) || store_col_int(st, 6) > clock_now() || store_col_int(st, 7) != 1;
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!sid || closed)
        return sg_fail(cx, SG_EUNAUTH, "log in first");
    int64_t now = clock_now();
    int idle = cx->cfg ? cx->cfg->session_idle_minutes : 30, maxh = cx->cfg ? cx->cfg->session_max_hours : 12;
    if (now - seen > 60 * (int64_t)idle || now - created > 3600 * (int64_t)maxh)
        return sg_fail(cx, SG_EEXPIRED, "your session has expired; log in again");
    if (now - seen >= LAST_SEEN_GRANULARITY && !(e = store_begin(cx->db))) {
        if (!(e = store_prepare(cx->db, "UPDATE parent_sessions SET last_seen = ? WHERE id = ?", &st))) {
            store_bind_int(st, 1, now);
            store_bind_int(st, 2, sid);
            e = run(cx, st);
        }
        e = store_end(cx->db, e);
    }
    if (e)
        return sg_store(cx, e);
    set_parent(cx, setting, parent);
    cx->session_id = sid;
    return SG_OK;
}

sg_err portal_logout(sg_ctx *cx, const char *token)
{
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    store_stmt *st;
    int64_t sid = 0;
    bool found = false;
    if (!(e = store_prepare(cx->db, "UPDATE parent_sessions SET ended_at = ? WHERE token_hash = ? AND setting_id = ?"
                                    " AND parent_id = ? AND ended_at IS NULL RETURNING id", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, th);
        store_bind_int(st, 3, cx->setting_id);
        store_bind_int(st, 4, cx->parent_id);
        e = sg_store(cx, store_one_int(st, &sid, &found));
        store_finalize(st);
    } else {
        e = sg_store(cx, e);
    }
    if (!e && !found)
        e = sg_fail(cx, SG_EUNAUTH, "not logged in");
    if (!e)
        e = audit_append(cx, "auth.logout", "parent_session", sid, NULL);
    return store_end(cx->db, e);
}

sg_err portal_me(sg_ctx *cx, json_t **out)
{
    *out = NULL;
    if (!cx->parent_id)
        return sg_fail(cx, SG_EFORBIDDEN, "this is for parents signed in to the parent portal");
    store_stmt *st;
    bool row;
    json_t *parent = NULL, *setting = NULL;
    sg_err e = store_prepare(cx->db, "SELECT first_name, last_name FROM parents WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->parent_id);
    store_bind_int(st, 2, cx->setting_id);
    if (!(e = sg_store(cx, store_step(st, &row))) && row)
        parent = json_pack("{sI ss ss}", "id", (json_int_t)cx->parent_id, "first_name", store_col_text(st, 0),
                           "last_name", store_col_text(st, 1));
    store_finalize(st);
    if (!e && !parent)
        e = sg_fail(cx, SG_ENOTFOUND, "no such parent");
    /* The setting's name and kind are the portal's heading: read them with
     * the operator's view, as a parent holds no staff permission. */
    bool op = cx->operator_mode;
    cx->operator_mode = true;
    if (!e)
        e = setting_get(cx, &setting);
    cx->operator_mode = op;
    if (e) {
        json_decref(parent);
        return e;
    }
    *out = json_pack("{so so s[] s[] sb}", "parent", parent, "setting", setting, "roles", "permissions",
                     "portal", 1);
    return SG_OK;
}

sg_err portal_change_password(sg_ctx *cx, const char *current, const char *next)
{
    if (!cx->parent_id)
        return sg_fail(cx, SG_EFORBIDDEN, "this is for parents signed in to the parent portal");
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT password_hash, failed_logins FROM parents WHERE id = ? AND setting_id = ?",
                             &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->parent_id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    int failures = 0;
    char hash[CRYPTO_PWHASH_LEN] = "";
    if (!(e = store_step(st, &row)) && row && !store_col_null(st, 0)) {
        snprintf(hash, sizeof hash, "%s", store_col_text(st, 0));
        failures = (int)store_col_int(st, 1);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!hash[0] || !crypto_password_ok(hash, current)) {
        /* Wrong guesses count towards the lock-out, as at log-in. */
        if ((e = record_failure(cx, cx->parent_id, failures, cx->actor)))
            return e;
        return sg_fail_field(cx, SG_EINVAL, "current_password", "the current password is wrong");
    }
    if (!next || strlen(next) < PASSWORD_MIN || strlen(next) > PASSWORD_MAX)
        return sg_fail_field(cx, SG_EINVAL, "new_password", "a password needs %d to %d characters", PASSWORD_MIN,
                             PASSWORD_MAX);
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    e = write_password(cx, cx->parent_id, next);
    if (!e)
        e = end_sessions(cx, cx->parent_id, cx->session_id);
    if (!e)
        e = audit_append(cx, "parent.password", "parent", cx->parent_id, NULL);
    return store_end(cx->db, e);
}

sg_err portal_demo_account(sg_ctx *cx, const char *email, const char *password, json_t *logins)
{
    store_stmt *st;
    int64_t id = 0;
    bool found = false;
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    if (!(e = sg_store(cx, store_prepare(cx->db, "SELECT id FROM parents WHERE lower(email) = lower(?)"
                                                 " AND setting_id = ?", &st)))) {
        store_bind_text(st, 1, email);
        store_bind_int(st, 2, cx->setting_id);
        e = sg_store(cx, store_one_int(st, &id, &found));
        store_finalize(st);
    }
    char addr[256];
    if (!e && !found)
        e = sg_fail(cx, SG_ENOTFOUND, "no demo parent has the e-mail %.200s", email);
    if (!e && !(e = may_have_account(cx, id, addr, sizeof addr)))
        e = email_free(cx, addr, id, true);
    if (!e)
        e = write_password(cx, id, password);
    if (!e)
        e = audit_append(cx, "parent.password", "parent", id, NULL);
    if ((e = store_end(cx->db, e)))
        return e;
    json_array_append_new(logins, json_pack("{ss ss ss sb}", "email", email, "password", password, "roles",
                                            "parent portal", "portal", 1));
    return SG_OK;
}
