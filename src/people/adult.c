/* adult.c — every adult who works with children, paid or unpaid
 * (PEOPLE-03), with one or more roles (PEOPLE-04), a line manager
 * (PEOPLE-05) and an individual log-in (PEOPLE-14).
 *
 * An adult leaves on a date: their sessions end and their script tokens are
 * revoked in the same transaction, so a leaver cannot act again. A setting
 * always keeps at least one current manager, and a key person cannot leave
 * while children still have them as key person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "people.h"


static const char *const role_choices[] = {
    "manager", "deputy", "dsl", "chair", "key-person", "staff", "student",
    "volunteer", "office", "technician", "online-safety-lead", NULL,
};

static const field_spec adult_fields[] = {
    {"first_name", F_TEXT, 80, F_REQUIRED},
    {"last_name", F_TEXT, 80, F_REQUIRED},
    {"email", F_EMAIL, 200, F_NULLABLE},
    {"phone", F_TEXT, 40, F_NULLABLE},
    {"line_manager_id", F_ID, 0, F_NULLABLE},
    {"start_date", F_DATE, 0, 0},
    {"leave_date", F_DATE, 0, F_NOEDIT | F_NULLABLE},
    {"locker", F_TEXT, 40, F_NULLABLE},   /* PERSONAL-DEVICES-02: where their devices go */
    {"roles", F_LIST, 0, F_NOCOL | F_REQUIRED, role_choices},
    {"password", F_TEXT, PASSWORD_MAX, F_NOCOL | F_NOEDIT},
    {NULL},
};

sg_err adult_roles(sg_ctx *cx, int64_t id, unsigned *roles)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT role FROM adult_roles WHERE adult_id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    *roles = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row)
        *roles |= perm_role_bit(store_col_text(st, 0));
    store_finalize(st);
    return sg_store(cx, e);
}

sg_err adult_by_email(sg_ctx *cx, const char *email, int64_t *id)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id FROM adults WHERE lower(email) = lower(?) AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, email);
    store_bind_int(st, 2, cx->setting_id);
    bool found = false;
    e = store_one_int(st, id, &found);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return found ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "no adult with e-mail %.200s in this setting", email);
}

static void lower_email(json_t *in)
{
    json_t *v = json_object_get(in, "email");
    if (!json_is_string(v))
        return;
    char *s = strdup(json_string_value(v));
    if (!s)
        return;
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    json_object_set_new(in, "email", json_string(s));
    free(s);
}

static sg_err current_managers(sg_ctx *cx, int64_t except, int64_t *n)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT count(*) FROM adults a JOIN adult_roles r ON r.adult_id = a.id"
                                     " WHERE a.setting_id = ? AND r.role = 'manager' AND a.leave_date IS NULL"
                                     " AND a.id <> ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, except);
    e = store_one_int(st, n, NULL);
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err adult_rules(sg_ctx *cx, int64_t id, json_t *in, json_t *old)
{
    sg_err e = SG_OK;
    json_t *lm = json_object_get(in, "line_manager_id");
    if (json_is_integer(lm)) {
        if (json_integer_value(lm) == id)
            return sg_fail_field(cx, SG_EINVAL, "line_manager_id", "an adult cannot be their own line manager");
        if ((e = people_ref(cx, "adults", json_integer_value(lm), "line_manager_id")))
            return e;
    }
    json_t *roles = json_object_get(in, "roles");
    if (roles) {
        unsigned now = 0, was = 0;
        if (json_array_size(roles) == 0)
            return sg_fail_field(cx, SG_EINVAL, "roles", "an adult needs at least one role");
        for (size_t i = 0; i < json_array_size(roles); i++) {
            now |= perm_role_bit(json_string_value(json_array_get(roles, i)));
            for (size_t j = i + 1; j < json_array_size(roles); j++)
                if (json_equal(json_array_get(roles, i), json_array_get(roles, j)))
                    return sg_fail_field(cx, SG_EINVAL, "roles", "a role is listed twice");
        }
        /* The roles as they were, so the audit event shows the change. */
        if (old && !(e = adult_roles(cx, id, &was)))
            json_object_set_new(old, "roles", perm_roles_json(was));
        /* A setting always keeps a current manager. */
        int64_t others = 1;
        if (!e && old && json_is_null(json_object_get(old, "leave_date")) && !(now & ROLE_MANAGER) &&
            (was & ROLE_MANAGER) && !(e = current_managers(cx, id, &others)) && others == 0)
            return sg_fail_field(cx, SG_ECONFLICT, "roles", "this is the setting's only manager; name another manager first");
        if (e)
            return e;
        /* Children keep a key person who holds the role. */
        int64_t keyed = 0;
        store_stmt *st;
        if (old && (was & ROLE_KEY_PERSON) && !(now & ROLE_KEY_PERSON) &&
            !(e = store_prepare(cx->db, "SELECT count(*) FROM children WHERE key_person_id = ? AND setting_id = ?"
                                        " AND leave_date IS NULL", &st))) {
            store_bind_int(st, 1, id);
            store_bind_int(st, 2, cx->setting_id);
            e = sg_store(cx, store_one_int(st, &keyed, NULL));
            store_finalize(st);
        }
        if (e)
            return e;
        if (keyed > 0)
            return sg_fail_field(cx, SG_ECONFLICT, "roles",
                                 "%lld children have this adult as key person; give them another key person first",
                                 (long long)keyed);
    }
    json_t *pw = json_object_get(in, "password");
    if (pw && strlen(json_string_value(pw)) < PASSWORD_MIN)
        return sg_fail_field(cx, SG_EINVAL, "password", "a password needs at least %d characters", PASSWORD_MIN);
    json_t *sd = fields_pick(in, old, "start_date"), *ld = old ? json_object_get(old, "leave_date") : NULL;
    if (json_is_string(sd) && json_is_string(ld) && strcmp(json_string_value(sd), json_string_value(ld)) > 0)
        return sg_fail_field(cx, SG_EINVAL, "start_date", "start_date is after the leaving date");
    lower_email(in);
    return SG_OK;
}

static sg_err store_roles(sg_ctx *cx, int64_t id, json_t *roles)
{
    store_stmt *st;
    bool row;
    sg_err e = store_prepare(cx->db, "DELETE FROM adult_roles WHERE adult_id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    e = store_step(st, &row);
    store_finalize(st);
    for (size_t i = 0; !e && i < json_array_size(roles); i++) {
        if ((e = store_prepare(cx->db, "INSERT INTO adult_roles (setting_id, adult_id, role) VALUES (?, ?, ?)", &st)))
            break;
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, id);
        store_bind_text(st, 3, json_string_value(json_array_get(roles, i)));
        e = store_step(st, &row);
        store_finalize(st);
    }
    return sg_store(cx, e);
}

static sg_err write_password(sg_ctx *cx, int64_t id, const char *password)
{
    char hash[CRYPTO_PWHASH_LEN];
    if (crypto_password_hash(password, hash))
        return sg_fail(cx, SG_ECRYPTO, "could not hash the password");
    store_stmt *st;
    bool row;
    sg_err e = store_prepare(cx->db, "UPDATE adults SET password_hash = ?, failed_logins = 0, locked_until = 0"
                                     " WHERE id = ? AND setting_id = ?", &st);
    if (!e) {
        store_bind_text(st, 1, hash);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        e = store_step(st, &row);
        store_finalize(st);
    }
    sodium_memzero(hash, sizeof hash);
    return sg_store(cx, e);
}

/* End an adult's sessions — all of them and their script tokens when they
 * leave; all but the caller's own when a password changes, so changing
 * one's own password does not log one out. */
static sg_err end_access(sg_ctx *cx, int64_t id, bool tokens)
{
    store_stmt *st;
    bool row;
    sg_err e = store_prepare(cx->db, "UPDATE sessions SET ended_at = ? WHERE adult_id = ? AND setting_id = ?"
                                     " AND ended_at IS NULL AND id <> ?", &st);
    if (!e) {
        store_bind_int(st, 1, clock_now());
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        store_bind_int(st, 4, tokens ? 0 : cx->session_id);
        e = store_step(st, &row);
        store_finalize(st);
    }
    if (!e && tokens && !(e = store_prepare(cx->db, "UPDATE api_tokens SET revoked_at = ? WHERE adult_id = ?"
                                                    " AND setting_id = ? AND revoked_at IS NULL", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        e = store_step(st, &row);
        store_finalize(st);
    }
    return sg_store(cx, e);
}

sg_err adult_add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = fields_check(cx, adult_fields, in, false);
    if (!e && json_object_get(in, "leave_date"))
        e = sg_fail_field(cx, SG_EINVAL, "leave_date", "a new adult cannot have left already");
    if (!e)
        e = adult_rules(cx, 0, in, NULL);
    if (e)
        return e;
    if (!json_object_get(in, "start_date")) {
        char today[11];
        clock_today(today);
        json_object_set_new(in, "start_date", json_string(today));
    }
    if ((e = fields_insert(cx, "adults", adult_fields, in, id)) == SG_EEXISTS)
        return sg_fail_field(cx, SG_EEXISTS, "email", "another adult already uses this e-mail address");
    if (!e)
        e = store_roles(cx, *id, json_object_get(in, "roles"));
    json_t *pw = json_object_get(in, "password");
    if (!e && pw)
        e = write_password(cx, *id, json_string_value(pw));
    if (!e) {
        json_t *d = json_deep_copy(in);
        json_object_del(d, "password");
        if (pw)
            json_object_set_new(d, "password_set", json_true());
        e = audit_append(cx, "adult.add", "adult", *id, d);
        json_decref(d);
    }
    return e;
}


/* Roles, line manager's name and log-in state, added to a record. */
static sg_err decorate(sg_ctx *cx, json_t *a)
{
    int64_t id = json_integer_value(json_object_get(a, "id"));
    unsigned roles = 0;
    sg_err e = adult_roles(cx, id, &roles);
    if (e)
        return e;
    json_object_set_new(a, "roles", perm_roles_json(roles));
    store_stmt *st;
    if ((e = store_prepare(cx->db, "SELECT a.password_hash IS NOT NULL, a.locked_until,"
                                   " m.first_name || ' ' || m.last_name FROM adults a"
                                   " LEFT JOIN adults m ON m.id = a.line_manager_id WHERE a.id = ?", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    bool row;
    if (!(e = store_step(st, &row)) && row) {
        json_object_set_new(a, "has_login", json_boolean(store_col_int(st, 0)));
        json_object_set_new(a, "locked_out", json_boolean(store_col_int(st, 1) > clock_now()));
        const char *lm = store_col_text(st, 2);
        json_object_set_new(a, "line_manager_name", lm ? json_string(lm) : json_null());
    }
    store_finalize(st);
    json_object_set_new(a, "left", json_boolean(!json_is_null(json_object_get(a, "leave_date"))));
    return sg_store(cx, e);
}

sg_err adult_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_ADULT_READ);
    if (!e)
        e = fields_get(cx, "adults", adult_fields, id, out);
    if (!e && (e = decorate(cx, *out))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

sg_err adult_list(sg_ctx *cx, const people_query *q, json_t **out)
{
    sg_err e = perm_require(cx, PERM_ADULT_READ);
    if (e)
        return e;
    char cols[512], sql[1400];
    char *like = people_like(q ? q->q : NULL);
    snprintf(sql, sizeof sql,
             "SELECT %s FROM adults a WHERE a.setting_id = ?%s%s ORDER BY a.last_name, a.first_name, a.id",
             fields_columns(adult_fields, "a", cols, sizeof cols),
             q && q->include_ended ? "" : " AND a.leave_date IS NULL",
             like ? " AND lower(a.first_name || ' ' || a.last_name) LIKE ? ESCAPE '!'" : "");
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st))) {
        free(like);
        return sg_store(cx, e);
    }
    store_bind_int(st, 1, cx->setting_id);
    if (like)
        store_bind_text(st, 2, like);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, fields_row(st, adult_fields, 0));
    store_finalize(st);
    free(like);
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) {
        if (!e)
            e = decorate(cx, x);
    }
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "adults", a);
    return SG_OK;
}



sg_err adult_set_password(sg_ctx *cx, int64_t id, const char *password)
{
    sg_err e = perm_require(cx, PERM_ADULT_WRITE);
    if (e)
        return e;
    if (!password || strlen(password) < PASSWORD_MIN || strlen(password) > PASSWORD_MAX)
        return sg_fail_field(cx, SG_EINVAL, "password", "a password needs %d to %d characters", PASSWORD_MIN, PASSWORD_MAX);
    json_t *old = NULL;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = fields_get(cx, "adults", adult_fields, id, &old))) {
        if (!json_is_null(json_object_get(old, "leave_date")))
            e = sg_fail(cx, SG_ECONFLICT, "this adult has left and cannot log in");
        if (!e)
            e = write_password(cx, id, password);
        if (!e)
            e = end_access(cx, id, false);
        if (!e)
            e = audit_append(cx, "adult.password", "adult", id, NULL);
    }
    json_decref(old);
    return store_end(cx->db, e);
}

static sg_err adult_after_edit(sg_ctx *cx, int64_t id, json_t *in)
{
    json_t *roles = json_object_get(in, "roles");
    return roles ? store_roles(cx, id, roles) : SG_OK;
}

/* The last manager cannot leave, nor a key person whose children would be
 * left without one. */
static sg_err adult_end_rules(sg_ctx *cx, int64_t id, json_t *old, const char *date)
{
    (void)old;
    (void)date;
    unsigned roles = 0;
    int64_t others = 1, keyed = 0;
    sg_err e = adult_roles(cx, id, &roles);
    if (!e && (roles & ROLE_MANAGER) && !(e = current_managers(cx, id, &others)) && others == 0)
        return sg_fail(cx, SG_ECONFLICT, "this is the setting's only manager; name another manager first");
    store_stmt *st;
    if (!e && !(e = store_prepare(cx->db, "SELECT count(*) FROM children WHERE key_person_id = ?"
                                          " AND setting_id = ? AND leave_date IS NULL", &st))) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, cx->setting_id);
        e = store_one_int(st, &keyed, NULL);
        store_finalize(st);
    }
    if (!e && keyed > 0)
        return sg_fail(cx, SG_ECONFLICT, "%lld children still have this adult as key person; give them another key person first",
                       (long long)keyed);
    return sg_store(cx, e);
}

/* A leaver's sessions end and script tokens are revoked with the leaving. */
static sg_err adult_after_end(sg_ctx *cx, int64_t id, const char *date)
{
    (void)date;
    return end_access(cx, id, true);
}

static const people_kind adult_kind = {
    .table = "adults", .type = "adult", .end_col = "leave_date", .spec = adult_fields,
    .write_perm = PERM_ADULT_WRITE, .add_tx = adult_add_tx, .get = adult_get, .rules = adult_rules,
    .after_edit = adult_after_edit, .end_rules = adult_end_rules, .after_end = adult_after_end,
};

sg_err adult_add(sg_ctx *cx, json_t *in, json_t **out) { return people_add(cx, &adult_kind, in, out); }
sg_err adult_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_edit(cx, &adult_kind, id, in, out); }
sg_err adult_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_end(cx, &adult_kind, id, in, out); }
