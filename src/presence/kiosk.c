/* kiosk.c — the locker kiosk: a tablet by the staff lockers.
 *
 * The manager sets a tablet up as a kiosk; it then holds a token (stored
 * here only as its hash) that names its setting and lets it do kiosk
 * actions and nothing else — no list of children, no records, no other
 * endpoint (the server refuses any route not marked for kiosks). Each
 * adult taps their name and confirms with their own PIN, so every locker
 * action is still attributable to one person (PEOPLE-14): the audit actor
 * is "adult:N@kiosk:K". PINs are argon2id hashes; wrong PINs are counted
 * and lock the PIN for a while, as wrong passwords do. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/config.h"
#include "../core/crypto.h"
#include "presence.h"
#include "presence_int.h"

static sg_err need_kiosk(sg_ctx *cx)
{
    return cx->kiosk_id ? SG_OK : sg_fail(cx, SG_EFORBIDDEN, "this is the locker kiosk's screen; set a tablet up "
                                                             "as a kiosk to use it");
}

sg_err kiosk_create(sg_ctx *cx, json_t *in, char **token, json_t **out)
{
    sg_err e = perm_require(cx, PERM_KIOSK_MANAGE);
    if (e)
        return e;
    json_t *n = json_object_get(in, "name");
    if (!json_is_string(n) || json_string_length(n) == 0 || json_string_length(n) > 80)
        return sg_fail_field(cx, SG_EINVAL, "name", "give the kiosk a name of up to 80 characters, e.g. "
                                                    "\"Staff room lockers\"");
    char tok[8 + CRYPTO_TOKEN_LEN], hash[CRYPTO_HEX_SHA256];
    crypto_token("sgk_", tok);
    crypto_sha256_hex(tok, strlen(tok), hash);
    int64_t id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    if (!(e = store_prepare(cx->db, "INSERT INTO kiosks (setting_id, name, token_hash, created_by, created_at)"
                                    " VALUES (?, ?, ?, ?, ?) RETURNING id", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_text(st, 2, json_string_value(n));
        store_bind_text(st, 3, hash);
        store_bind_text(st, 4, cx->actor);
        store_bind_int(st, 5, clock_now());
        e = store_one_int(st, &id, NULL);
        store_finalize(st);
    }
    e = sg_store(cx, e);
    if (!e) {
        json_t *d = json_pack("{sO}", "name", n);
        e = audit_append(cx, "kiosk.create", "kiosk", id, d);
        json_decref(d);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    *token = strdup(tok);
    *out = json_pack("{sI sO}", "id", (json_int_t)id, "name", n);
    return SG_OK;
}

sg_err kiosk_list(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_KIOSK_MANAGE);
    if (e)
        return e;
    store_stmt *st;
    if ((e = store_prepare(cx->db, "SELECT id, name, created_by, created_at, revoked_at FROM kiosks"
                                   " WHERE setting_id = ? ORDER BY id", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        json_t *k = json_pack("{sI ss ss}", "id", (json_int_t)store_col_int(st, 0), "name", store_col_text(st, 1),
                              "created_by", store_col_text(st, 2));
        json_object_set_new(k, "created_at", presence_iso(store_col_int(st, 3)));
        json_object_set_new(k, "revoked_at", presence_iso(store_col_int(st, 4)));
        json_array_append_new(a, k);
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "kiosks", a);
    return SG_OK;
}

sg_err kiosk_revoke(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_KIOSK_MANAGE);
    if (e)
        return e;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    bool found = false;
    int64_t revoked = 0;
    if (!(e = store_prepare(cx->db, "SELECT coalesce(revoked_at, 0) FROM kiosks WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, cx->setting_id);
        e = store_one_int(st, &revoked, &found);
        store_finalize(st);
    }
    e = sg_store(cx, e);
    if (!e && !found)
        e = sg_fail(cx, SG_ENOTFOUND, "no such kiosk");
    if (!e && revoked)
        e = sg_fail(cx, SG_ECONFLICT, "this kiosk was already retired");
    if (!e && !(e = sg_store(cx, store_prepare(cx->db, "UPDATE kiosks SET revoked_at = ? WHERE id = ?"
                                                       " AND setting_id = ?", &st)))) {
        store_bind_int(st, 1, clock_now());
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        bool row;
        e = sg_store(cx, store_step(st, &row));
        store_finalize(st);
    }
    if (!e)
        e = audit_append(cx, "kiosk.revoke", "kiosk", id, NULL);
    if ((e = store_end(cx->db, e)))
        return e;
    return kiosk_list(cx, out);
}

sg_err kiosk_auth(sg_ctx *cx, const char *token)
{
    char hash[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(token, strlen(token), hash);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, setting_id FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, hash);
    bool row;
    if (!(e = store_step(st, &row)) && row) {
        cx->kiosk_id = store_col_int(st, 0);
        cx->setting_id = store_col_int(st, 1);
        cx->roles = 0;
        cx->actor_id = 0;
        snprintf(cx->actor, sizeof cx->actor, "kiosk:%lld", (long long)cx->kiosk_id);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return row ? SG_OK : sg_fail(cx, SG_EUNAUTH, "this kiosk is not set up, or was retired; ask the manager");
}

sg_err kiosk_home(sg_ctx *cx, json_t **out)
{
    sg_err e = need_kiosk(cx);
    if (e)
        return e;
    /* The board, read with the kiosk's narrow view: names and states only. */
    json_t *board = NULL;
    bool op = cx->operator_mode;
    cx->operator_mode = true;
    e = presence_board(cx, NULL, &board);
    cx->operator_mode = op;
    if (e)
        return e;
    json_t *adults = json_array(), *r;
    size_t i;
    json_array_foreach(json_object_get(board, "adults"), i, r) {
        json_t *shift = json_object_get(r, "shift");
        json_array_append_new(adults, json_pack("{sO sO sO sO sO sO sO sO}", "adult_id", json_object_get(r, "adult_id"),
                                                "name", json_object_get(r, "name"), "status", json_object_get(r, "status"),
                                                "status_text", json_object_get(r, "status_text"), "on_shift",
                                                json_object_get(r, "on_shift"), "start", json_object_get(shift, "start"),
                                                "end", json_object_get(shift, "end"), "break_start",
                                                json_object_get(shift, "break_start")));
    }
    /* Everyone else working here, for a sign-on that is not on the rota. */
    store_stmt *st;
    json_t *others = json_array();
    if (!(e = store_prepare(cx->db, "SELECT id, first_name || ' ' || last_name FROM adults WHERE setting_id = ?"
                                    " AND leave_date IS NULL ORDER BY first_name, last_name", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        bool row;
        while (!(e = store_step(st, &row)) && row) {
            bool listed = false;
            json_array_foreach(adults, i, r)
                listed |= json_integer_value(json_object_get(r, "adult_id")) == store_col_int(st, 0);
            if (!listed)
                json_array_append_new(others, json_pack("{sI ss}", "adult_id", (json_int_t)store_col_int(st, 0),
                                                        "name", store_col_text(st, 1)));
        }
        store_finalize(st);
    }
    e = sg_store(cx, e);
    if (!e && !(e = sg_store(cx, store_prepare(cx->db, "SELECT name FROM kiosks WHERE id = ?", &st)))) {
        store_bind_int(st, 1, cx->kiosk_id);
        bool row;
        if (!(e = sg_store(cx, store_step(st, &row))) && row)
            *out = json_pack("{s{sI ss} sO sO so so}", "kiosk", "id", (json_int_t)cx->kiosk_id, "name",
                             store_col_text(st, 0), "now", json_object_get(board, "now"), "zones",
                             json_object_get(board, "zones"), "adults", adults, "others", others);
        store_finalize(st);
    }
    json_decref(board);
    if (e) {
        json_decref(adults);
        json_decref(others);
    }
    return e;
}

/* Check the adult's PIN; count a wrong one (in its own transaction, so the
 * count survives the refusal) and lock after the setting's limit. */
static sg_err pin_check(sg_ctx *cx, int64_t adult, const char *pin)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT pin_hash, pin_failures, pin_locked_until FROM adults WHERE id = ?"
                                     " AND setting_id = ? AND leave_date IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    char hash[CRYPTO_PWHASH_LEN] = "";
    int64_t failures = 0, locked = 0;
    if (!(e = store_step(st, &row)) && row) {
        if (!store_col_null(st, 0))
            snprintf(hash, sizeof hash, "%s", store_col_text(st, 0));
        failures = store_col_int(st, 1);
        locked = store_col_int(st, 2);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    int64_t now = clock_now();
    if (!row)
        return sg_fail_field(cx, SG_EINVAL, "adult_id", "there is no such adult working here");
    if (locked > now)
        return sg_fail(cx, SG_ELOCKED, "too many wrong PINs; try again in %lld minutes or ask the manager",
                       (long long)((locked - now) / 60 + 1));
    if (!hash[0])
        return sg_fail_field(cx, SG_EPIN, "pin", "you have no kiosk PIN yet; set one on your own page, or ask the "
                                                 "manager");
    bool ok = crypto_password_ok(hash, pin);
    if (ok && failures == 0)
        return SG_OK;
    int limit = cx->cfg ? cx->cfg->lockout_failures : 5, minutes = cx->cfg ? cx->cfg->lockout_minutes : 15;
    bool lock = !ok && failures + 1 >= limit;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = sg_store(cx, store_prepare(cx->db, "UPDATE adults SET pin_failures = ?, pin_locked_until = ?"
                                                 " WHERE id = ? AND setting_id = ?", &st)))) {
        store_bind_int(st, 1, ok || lock ? 0 : failures + 1);
        store_bind_int(st, 2, lock ? now + 60 * (int64_t)minutes : 0);
        store_bind_int(st, 3, adult);
        store_bind_int(st, 4, cx->setting_id);
        bool r;
        e = sg_store(cx, store_step(st, &r));
        store_finalize(st);
    }
    if (!e && !ok) {
        json_t *d = json_pack("{sI sb}", "adult_id", (json_int_t)adult, "locked", lock);
        e = audit_append(cx, "kiosk.pin_failed", "adult", adult, d);
        json_decref(d);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    if (ok)
        return SG_OK;
    if (lock)
        return sg_fail(cx, SG_ELOCKED, "too many wrong PINs; the PIN is locked for %d minutes", minutes);
    return sg_fail_field(cx, SG_EPIN, "pin", "that PIN is not right");
}

static bool pin_shape(const char *pin)
{
    size_t n = pin ? strlen(pin) : 0;
    if (n < 4 || n > 8)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)pin[i]))
            return false;
    return true;
}

sg_err kiosk_act(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = need_kiosk(cx);
    if (e)
        return e;
    static const char *const allowed[] = {"adult_id", "pin", "action", "devices", "locker", "switched", "purpose",
                                          "zone_room_id", NULL};
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        bool ok = false;
        for (int i = 0; allowed[i]; i++)
            ok |= strcmp(allowed[i], k) == 0;
        if (!ok)
            return sg_fail_field(cx, SG_EINVAL, k, "%s is not a kiosk field", k);
    }
    json_t *ja = json_object_get(in, "adult_id");
    const char *pin = json_string_value(json_object_get(in, "pin")),
               *action = json_string_value(json_object_get(in, "action"));
    if (!json_is_integer(ja) || json_integer_value(ja) < 1)
        return sg_fail_field(cx, SG_EINVAL, "adult_id", "tap your name first");
    if (!pin_shape(pin))
        return sg_fail_field(cx, SG_EINVAL, "pin", "your PIN is 4 to 8 digits");
    static const char *const actions[] = {"start", "none", "in", "out", "home", "look", NULL};
    int a = -1;
    for (int i = 0; action && actions[i]; i++)
        if (!strcmp(actions[i], action))
            a = i;
    if (a < 0)
        return sg_fail_field(cx, SG_EINVAL, "action", "action is start, none, in, out, home or look");
    int64_t adult = json_integer_value(ja);
    if ((e = pin_check(cx, adult, pin)))
        return e;
    /* From here the adult acts, through this kiosk, on their own record only. */
    sg_ctx ac = *cx;
    ac.err_detail = NULL;
    ac.actor_id = adult;
    ac.roles = 0;
    ac.operator_mode = false;
    snprintf(ac.actor, sizeof ac.actor, "adult:%lld@kiosk:%lld", (long long)adult, (long long)cx->kiosk_id);
    json_t *body = json_deep_copy(in);
    json_object_del(body, "adult_id");
    json_object_del(body, "pin");
    json_object_del(body, "action");
    switch (a) {
    case 0: e = presence_sign_on(&ac, adult, body, out); break;
    case 1: json_object_set_new(body, "none", json_true());
            e = presence_sign_on(&ac, adult, body, out);
            if (e == SG_ECONFLICT) { /* already on shift: declare now */
                ac.msg[0] = 0;
                json_object_del(body, "none");
                e = presence_declare_none(&ac, adult, body, out);
            }
            break;
    case 2: e = presence_check_in(&ac, adult, body, out); break;
    case 3: e = presence_check_out(&ac, adult, body, out); break;
    case 4: e = presence_sign_off(&ac, adult, body, out); break;
    default: e = presence_adult(&ac, adult, out); break; /* "look": the PIN shows their own state */
    }
    json_decref(body);
    snprintf(cx->msg, sizeof cx->msg, "%s", ac.msg);
    snprintf(cx->field, sizeof cx->field, "%s", ac.field);
    cx->err_detail = ac.err_detail;
    return e;
}

sg_err presence_set_pin(sg_ctx *cx, int64_t adult, json_t *in, json_t **out)
{
    const char *pin = json_string_value(json_object_get(in, "pin"));
    sg_err e = SG_OK;
    if (adult == 0 || adult == cx->actor_id) {
        adult = cx->actor_id;
        if (!adult)
            return sg_fail(cx, SG_EFORBIDDEN, "only an adult can set their own PIN");
        /* Your own PIN needs your password: a session left open must not
         * let someone else set it and act as you at the kiosk. */
        const char *pw = json_string_value(json_object_get(in, "password"));
        store_stmt *st;
        char hash[CRYPTO_PWHASH_LEN] = "";
        if ((e = store_prepare(cx->db, "SELECT password_hash FROM adults WHERE id = ? AND setting_id = ?", &st)))
            return sg_store(cx, e);
        store_bind_int(st, 1, adult);
        store_bind_int(st, 2, cx->setting_id);
        bool row;
        if (!(e = store_step(st, &row)) && row && !store_col_null(st, 0))
            snprintf(hash, sizeof hash, "%s", store_col_text(st, 0));
        store_finalize(st);
        if (e)
            return sg_store(cx, e);
        if (!pw || !crypto_password_ok(hash, pw))
            return sg_fail_field(cx, SG_EINVAL, "password", "your current password is needed to set your PIN");
    } else if ((e = perm_require(cx, PERM_KIOSK_MANAGE))) {
        return e;
    }
    if (!pin_shape(pin))
        return sg_fail_field(cx, SG_EINVAL, "pin", "a PIN is 4 to 8 digits");
    bool same = true, run = true;
    for (size_t i = 1; pin[i]; i++) {
        same &= pin[i] == pin[0];
        run &= pin[i] == pin[i - 1] + 1;
    }
    if (same || run)
        return sg_fail_field(cx, SG_EINVAL, "pin", "choose a PIN that is harder to guess than %s", pin);
    char hash[CRYPTO_PWHASH_LEN], name[200];
    if (crypto_pin_hash(pin, hash))
        return sg_fail(cx, SG_ECRYPTO, "could not protect the PIN");
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    if (!(e = presence_adult_name(cx, adult, "adult_id", name, sizeof name)) &&
        !(e = sg_store(cx, store_prepare(cx->db, "UPDATE adults SET pin_hash = ?, pin_failures = 0,"
                                                 " pin_locked_until = 0 WHERE id = ? AND setting_id = ?", &st)))) {
        store_bind_text(st, 1, hash);
        store_bind_int(st, 2, adult);
        store_bind_int(st, 3, cx->setting_id);
        bool row;
        e = sg_store(cx, store_step(st, &row));
        store_finalize(st);
    }
    if (!e) {
        json_t *d = json_pack("{sI ss}", "adult_id", (json_int_t)adult, "adult", name);
        e = audit_append(cx, "adult.pin_set", "adult", adult, d);
        json_decref(d);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    *out = json_pack("{sI sb}", "adult_id", (json_int_t)adult, "pin_set", 1);
    return SG_OK;
}
