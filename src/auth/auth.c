/* auth.c — log-in and sessions.
 *
 * Passwords are argon2id hashes (libsodium). An unknown e-mail still costs
 * one hash verification, so the answer's timing does not reveal which
 * e-mails exist. After cfg->lockout_failures wrong passwords in a row the
 * account is locked for cfg->lockout_minutes; the failures and the lock are
 * written (and audited) even though the log-in fails.
 *
 * Sessions end on log-out, after cfg->session_idle_minutes without a
 * request (DATA-07), after cfg->session_max_hours, and when the adult
 * leaves or gets a new password. last_seen is refreshed at most once a
 * minute so that reads stay reads. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../core/clock.h"
#include "../core/config.h"
#include "../people/people.h"
#include "auth.h"
#include "perm.h"
#include "portal.h"

#define LAST_SEEN_GRANULARITY 60

static char dummy_hash[CRYPTO_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
    if (crypto_password_hash("not a password of anyone here", dummy_hash))
        dummy_hash[0] = 0;
}

static void set_actor(sg_ctx *cx, int64_t setting, int64_t adult, unsigned roles)
{
    cx->setting_id = setting;
    cx->actor_id = adult;
    cx->roles = roles;
    cx->operator_mode = false;
    cx->session_id = 0;
    snprintf(cx->actor, sizeof cx->actor, "adult:%lld", (long long)adult);
}

static sg_err run(sg_ctx *cx, store_stmt *st)
{
    bool row;
    sg_err e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err count_failure(sg_ctx *cx, int64_t adult, int failures)
{
    const sg_config *c = cx->cfg;
    int limit = c ? c->lockout_failures : 5;
    bool lock = failures + 1 >= limit;
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "UPDATE adults SET failed_logins = ?, locked_until = ? WHERE id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, lock ? 0 : failures + 1);
    store_bind_int(st, 2, lock ? clock_now() + 60 * (int64_t)(c ? c->lockout_minutes : 15) : 0);
    store_bind_int(st, 3, adult);
    if ((e = run(cx, st)))
        return e;
    json_t *d = json_pack("{si}", "failures", failures + 1);
    e = audit_append(cx, lock ? "auth.locked_out" : "auth.login_failed", "adult", adult, d);
    json_decref(d);
    return e;
}

sg_err auth_login(sg_ctx *cx, const char *email, const char *password, char token[AUTH_TOKEN_MAX])
{
    pthread_once(&dummy_once, make_dummy);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, setting_id, password_hash, failed_logins, locked_until, leave_date"
                                     " FROM adults WHERE email = lower(?)", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, email);
    bool row;
    int64_t adult = 0, setting = 0, locked_until = 0;
    int failures = 0;
    bool left = false;
    char hash[CRYPTO_PWHASH_LEN] = "";
    if (!(e = store_step(st, &row)) && row) {
        adult = store_col_int(st, 0);
        setting = store_col_int(st, 1);
        if (!store_col_null(st, 2))
            snprintf(hash, sizeof hash, "%s", store_col_text(st, 2));
        failures = (int)store_col_int(st, 3);
        locked_until = store_col_int(st, 4);
        left = !store_col_null(st, 5);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    /* No adult has this e-mail: it may be a parent's portal account, which
     * makes the one hash verification itself. */
    if (!row)
        return portal_login(cx, email, password, token);
    bool ok = crypto_password_ok(hash[0] ? hash : dummy_hash, password);
    if (!adult || !hash[0] || left)
        return sg_fail(cx, SG_EUNAUTH, "the e-mail address or password is wrong");
    set_actor(cx, setting, adult, 0);
    if (locked_until > clock_now())
        return sg_fail(cx, SG_ELOCKED, "this account is locked after too many wrong passwords; try again in %lld minutes",
                       (long long)((locked_until - clock_now()) / 60 + 1));
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!ok) {
        snprintf(cx->actor, sizeof cx->actor, "login-attempt");  /* not yet anyone */
        e = store_end(cx->db, count_failure(cx, adult, failures));
        if (e)
            return e;
        if (failures + 1 >= (cx->cfg ? cx->cfg->lockout_failures : 5))
            return sg_fail(cx, SG_ELOCKED, "too many wrong passwords: this account is now locked for %d minutes",
                           cx->cfg ? cx->cfg->lockout_minutes : 15);
        return sg_fail(cx, SG_EUNAUTH, "the e-mail address or password is wrong");
    }
    crypto_token("sgs_", token);
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    int64_t now = clock_now(), sid = 0;
    if (!(e = store_prepare(cx->db, "UPDATE adults SET failed_logins = 0, locked_until = 0 WHERE id = ?", &st))) {
        store_bind_int(st, 1, adult);
        e = run(cx, st);
    }
    if (!e && !(e = store_prepare(cx->db, "INSERT INTO sessions (setting_id, adult_id, token_hash, created_at, last_seen)"
                                          " VALUES (?, ?, ?, ?, ?) RETURNING id", &st))) {
        store_bind_int(st, 1, setting);
        store_bind_int(st, 2, adult);
        store_bind_text(st, 3, th);
        store_bind_int(st, 4, now);
        store_bind_int(st, 5, now);
        e = sg_store(cx, store_one_int(st, &sid, NULL));
        store_finalize(st);
    }
    if (!e)
        e = audit_append(cx, "auth.login", "session", sid, NULL);
    if ((e = store_end(cx->db, e)))
        return e;
    unsigned roles = 0;
    if ((e = adult_roles(cx, adult, &roles)))
        return e;
    cx->roles = roles;
    return SG_OK;
}

sg_err auth_session(sg_ctx *cx, const char *token)
{
    if (portal_is_session_token(token))
        return portal_session(cx, token);
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT s.id, s.setting_id, s.adult_id, s.created_at, s.last_seen, s.ended_at,"
                                     " a.leave_date, a.locked_until, r.role FROM sessions s JOIN adults a ON a.id = s.adult_id"
                                     " LEFT JOIN adult_roles r ON r.adult_id = a.id WHERE s.token_hash = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, th);
    bool row;
    int64_t sid = 0, setting = 0, adult = 0, created = 0, seen = 0;
    bool ended = false, left = false;
    unsigned roles = 0;
    while (!(e = store_step(st, &row)) && row) { /* one row per role */
        roles |= perm_role_bit(store_col_text(st, 8));
        sid = store_col_int(st, 0);
        setting = store_col_int(st, 1);
        adult = store_col_int(st, 2);
        created = store_col_int(st, 3);
        seen = store_col_int(st, 4);
        ended = !store_col_null(st, 5);
        left = !store_col_null(st, 6);
        /* A lock-out also stops sessions already open (password guessing
         * through the change-password form). */
        left |= store_col_int(st, 7) > clock_now();
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!sid || ended || left)
        return sg_fail(cx, SG_EUNAUTH, "log in first");
    int64_t now = clock_now();
    int idle = cx->cfg ? cx->cfg->session_idle_minutes : 30, maxh = cx->cfg ? cx->cfg->session_max_hours : 12;
    if (now - seen > 60 * (int64_t)idle || now - created > 3600 * (int64_t)maxh)
        return sg_fail(cx, SG_EEXPIRED, "your session has expired; log in again");
    /* A write, so it takes the writers' path like any other. */
    if (now - seen >= LAST_SEEN_GRANULARITY && !(e = store_begin(cx->db))) {
        if (!(e = store_prepare(cx->db, "UPDATE sessions SET last_seen = ? WHERE id = ?", &st))) {
            store_bind_int(st, 1, now);
            store_bind_int(st, 2, sid);
            e = run(cx, st);
        }
        e = store_end(cx->db, e);
    }
    if (e)
        return sg_store(cx, e);
    set_actor(cx, setting, adult, roles);
    cx->roles = roles;
    cx->session_id = sid;
    return SG_OK;
}

sg_err auth_bearer(sg_ctx *cx, const char *token)
{
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    store_stmt *st;
    /* One query, one row per role: this runs on every script request. */
    sg_err e = store_prepare(cx->db, "SELECT t.setting_id, t.adult_id, t.revoked_at, a.leave_date, r.role"
                                     " FROM api_tokens t JOIN adults a ON a.id = t.adult_id"
                                     " LEFT JOIN adult_roles r ON r.adult_id = a.id WHERE t.token_hash = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, th);
    bool row;
    int64_t setting = 0, adult = 0;
    unsigned roles = 0;
    while (!(e = store_step(st, &row)) && row && store_col_null(st, 2) && store_col_null(st, 3)) {
        setting = store_col_int(st, 0);
        adult = store_col_int(st, 1);
        roles |= perm_role_bit(store_col_text(st, 4));
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!adult)
        return sg_fail(cx, SG_EUNAUTH, "the token is unknown or revoked");
    set_actor(cx, setting, adult, roles);
    cx->roles = roles;
    return SG_OK;
}

sg_err auth_logout(sg_ctx *cx, const char *token)
{
    if (cx->parent_id)
        return portal_logout(cx, token);
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    store_stmt *st;
    int64_t sid = 0;
    bool found = false;
    if (!(e = store_prepare(cx->db, "UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND setting_id = ?"
                                    " AND ended_at IS NULL RETURNING id", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, th);
        store_bind_int(st, 3, cx->setting_id);
        e = sg_store(cx, store_one_int(st, &sid, &found));
        store_finalize(st);
    }
    if (!e && !found)
        e = sg_fail(cx, SG_EUNAUTH, "not logged in");
    if (!e)
        e = audit_append(cx, "auth.logout", "session", sid, NULL);
    return store_end(cx->db, e);
}

sg_err auth_act_as(sg_ctx *cx, const char *email)
{
    int64_t id = 0;
    sg_err e = adult_by_email(cx, email, &id);
    if (e)
        return e;
    set_actor(cx, cx->setting_id, id, 0);
    return adult_roles(cx, id, &cx->roles);
}

sg_err auth_me(sg_ctx *cx, json_t **out)
{
    if (cx->parent_id)
        return portal_me(cx, out);
    json_t *adult = NULL, *setting = NULL;
    sg_err e = adult_get(cx, cx->actor_id, &adult);
    if (!e)
        e = setting_get(cx, &setting);
    if (e) {
        json_decref(adult);
        return e;
    }
    *out = json_pack("{so so so so}", "adult", adult, "setting", setting, "roles", perm_roles_json(cx->roles),
                     "permissions", perm_list_json(cx->roles));
    return SG_OK;
}

sg_err auth_change_password(sg_ctx *cx, const char *current, const char *next)
{
    if (cx->parent_id)
        return portal_change_password(cx, current, next);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT password_hash, failed_logins FROM adults WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->actor_id);
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
        char actor[sizeof cx->actor];
        memcpy(actor, cx->actor, sizeof actor);
        if (!(e = store_begin(cx->db)))
            e = store_end(cx->db, count_failure(cx, cx->actor_id, failures));
        memcpy(cx->actor, actor, sizeof actor);
        if (e)
            return e;
        return sg_fail_field(cx, SG_EINVAL, "current_password", "the current password is wrong");
    }
    /* adult_set_password checks the manager's permission; one's own
     * password needs none beyond knowing the current one. */
    bool was = cx->operator_mode;
    cx->operator_mode = true;
    e = adult_set_password(cx, cx->actor_id, next);
    cx->operator_mode = was;
    return e;
}

static json_t *token_row(store_stmt *st)
{
    char at[21];
    clock_iso(store_col_int(st, 3), at);
    json_t *t = json_pack("{sI sI ss ss}", "id", (json_int_t)store_col_int(st, 0),
                          "adult_id", (json_int_t)store_col_int(st, 1), "name", store_col_text(st, 2), "created_at", at);
    if (store_col_null(st, 4)) {
        json_object_set_new(t, "revoked_at", json_null());
    } else {
        clock_iso(store_col_int(st, 4), at);
        json_object_set_new(t, "revoked_at", json_string(at));
    }
    return t;
}

sg_err token_create(sg_ctx *cx, int64_t adult_id, const char *name, char token[AUTH_TOKEN_MAX], json_t **out)
{
    sg_err e = perm_require(cx, PERM_TOKEN_MANAGE);
    if (e)
        return e;
    if (!name || !*name || strlen(name) > 80)
        return sg_fail_field(cx, SG_EINVAL, "name", "a token needs a name of up to 80 characters (what script uses it)");
    if (!adult_id)
        adult_id = cx->actor_id;
    if (!adult_id)
        return sg_fail_field(cx, SG_EINVAL, "adult", "name the adult the token acts for");
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    bool row;
    if (!(e = store_prepare(cx->db, "SELECT leave_date FROM adults WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, adult_id);
        store_bind_int(st, 2, cx->setting_id);
        if (!(e = sg_store(cx, store_step(st, &row)))) {
            if (!row)
                e = sg_fail_field(cx, SG_EINVAL, "adult", "no such adult in this setting");
            else if (!store_col_null(st, 0))
                e = sg_fail_field(cx, SG_EINVAL, "adult", "that adult has left");
        }
        store_finalize(st);
    }
    crypto_token("sgt_", token);
    char th[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), th);
    int64_t id = 0, now = clock_now();
    if (!e && !(e = store_prepare(cx->db, "INSERT INTO api_tokens (setting_id, adult_id, name, token_hash, created_at)"
                                          " VALUES (?, ?, ?, ?, ?) RETURNING id, adult_id, name, created_at, NULL", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, adult_id);
        store_bind_text(st, 3, name);
        store_bind_text(st, 4, th);
        store_bind_int(st, 5, now);
        if (!(e = sg_store(cx, store_step(st, &row))) && row) {
            id = store_col_int(st, 0);
            *out = token_row(st);
            json_object_set_new(*out, "token", json_string(token));
        }
        store_finalize(st);
    }
    json_t *d = json_pack("{ss sI}", "name", name, "adult_id", (json_int_t)adult_id);
    if (!e)
        e = audit_append(cx, "token.create", "api_token", id, d);
    json_decref(d);
    e = store_end(cx->db, e);
    if (e && *out) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

sg_err token_list(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_TOKEN_MANAGE);
    if (e)
        return e;
    store_stmt *st;
    if ((e = store_prepare(cx->db, "SELECT id, adult_id, name, created_at, revoked_at FROM api_tokens"
                                   " WHERE setting_id = ? ORDER BY id", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, token_row(st));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "tokens", a);
    return SG_OK;
}

sg_err token_revoke(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_TOKEN_MANAGE);
    if (e)
        return e;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    bool row;
    *out = NULL;
    if (!(e = store_prepare(cx->db, "SELECT revoked_at FROM api_tokens WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, cx->setting_id);
        if (!(e = sg_store(cx, store_step(st, &row)))) {
            if (!row)
                e = sg_fail(cx, SG_ENOTFOUND, "no such token");
            else if (!store_col_null(st, 0))
                e = sg_fail(cx, SG_ECONFLICT, "this token is already revoked");
        }
        store_finalize(st);
    }
    if (!e && !(e = store_prepare(cx->db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND setting_id = ?"
                                          " RETURNING id, adult_id, name, created_at, revoked_at", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        if (!(e = sg_store(cx, store_step(st, &row))) && row)
            *out = token_row(st);
        store_finalize(st);
    }
    if (!e)
        e = audit_append(cx, "token.revoke", "api_token", id, NULL);
    e = store_end(cx->db, e);
    if (e && *out) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}
