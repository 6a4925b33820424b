/* restriction.c — the "no images / never publish" safeguarding restriction
 * (PEOPLE-09, CONSENT-21) and the DSL's young-person check (CONSENT-07).
 *
 * A restriction on a child or adult overrides every consent while it is not
 * lifted (allows.c checks it before anything else). Only the manager and
 * the DSL set, lift or read one with its reason: it may be that a family
 * fled domestic abuse. Everyone else learns only that it exists ("do not
 * photograph"). The audit event therefore holds a SHA-256 of the reason,
 * never the text, because the audit log is readable by the chair too: the
 * row keeps the reason, the chain proves it was not changed. */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "consent.h"

#define REASON_MAX 1000

static sg_err reason_of(sg_ctx *cx, json_t *in, const char **out)
{
    json_t *v = json_object_get(in, "reason");
    *out = json_string_value(v);
    if (!*out || json_string_length(v) == 0 || json_string_length(v) > REASON_MAX)
        return sg_fail_field(cx, SG_EINVAL, "reason", "reason is required (1 to %d characters)", REASON_MAX);
    return SG_OK;
}

static sg_err subject_exists(sg_ctx *cx, const char *type, int64_t id, char *name, size_t len)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, !strcmp(type, "child")
                                       ? "SELECT first_name || ' ' || last_name FROM children WHERE id = ? AND setting_id = ?"
                                       : "SELECT first_name || ' ' || last_name FROM adults WHERE id = ? AND setting_id = ?",
                               &st);
    if (e)
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    name[0] = 0;
    if (!(e = store_step(st, &row)) && row)
        snprintf(name, len, "%s", store_col_text(st, 0));
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return name[0] ? SG_OK : sg_fail_field(cx, SG_EINVAL, "subject_id", "there is no %s %lld in this setting", type,
                                           (long long)id);
}

sg_err restriction_active(sg_ctx *cx, const char *subject_type, int64_t subject_id, int64_t at, bool *on)
{
    store_stmt *st;
    int64_t n = 0;
    sg_err e = consent_prepare(cx, "SELECT count(*) FROM image_restrictions WHERE setting_id = ? AND subject_type = ?"
                                   " AND subject_id = ? AND set_at <= ? AND (lifted_at IS NULL OR lifted_at > ?)", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, subject_type);
    store_bind_int(st, 3, subject_id);
    store_bind_int(st, 4, at);
    store_bind_int(st, 5, at);
    e = sg_store(cx, store_one_int(st, &n, NULL));
    store_finalize(st);
    *on = n > 0;
    return e;
}

static json_t *hash_detail(const char *type, int64_t id, const char *reason)
{
    char h[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(reason, strlen(reason), h);
    return json_pack("{ss sI ss}", "subject_type", type, "subject_id", (json_int_t)id, "reason_sha256", h);
}

sg_err restriction_set_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        if (strcmp(k, "subject_type") && strcmp(k, "subject_id") && strcmp(k, "reason"))
            return sg_fail_field(cx, SG_EINVAL, k, "%s is not a field of a restriction", k);
    }
    const char *type = json_string_value(json_object_get(in, "subject_type"));
    json_t *sid = json_object_get(in, "subject_id");
    const char *reason;
    sg_err e;
    if (!type || (strcmp(type, "child") && strcmp(type, "adult")))
        return sg_fail_field(cx, SG_EINVAL, "subject_type", "subject_type must be \"child\" or \"adult\"");
    if (!json_is_integer(sid) || json_integer_value(sid) <= 0)
        return sg_fail_field(cx, SG_EINVAL, "subject_id", "subject_id must be a record id");
    if ((e = reason_of(cx, in, &reason)))
        return e;
    char name[170];
    int64_t subject = json_integer_value(sid);
    bool on = false;
    if ((e = subject_exists(cx, type, subject, name, sizeof name)) ||
        (e = restriction_active(cx, type, subject, clock_now(), &on)))
        return e;
    if (on)
        return sg_fail(cx, SG_ECONFLICT, "%s already has a restriction in force", name);
    store_stmt *st;
    if ((e = consent_prepare(cx, "INSERT INTO image_restrictions (setting_id, subject_type, subject_id, reason, set_by,"
                                 " set_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, type);
    store_bind_int(st, 3, subject);
    store_bind_text(st, 4, reason);
    store_bind_text(st, 5, cx->actor);
    store_bind_int(st, 6, clock_now());
    e = sg_store(cx, store_one_int(st, id, NULL));
    store_finalize(st);
    if (!e) {
        json_t *d = hash_detail(type, subject, reason);
        e = audit_append(cx, "restriction.set", "image_restriction", *id, d);
        json_decref(d);
    }
    return e;
}

static json_t *row_json(store_stmt *st)
{
    char at[21], lifted[21];
    clock_iso(store_col_int(st, 6), at);
    json_t *o = json_pack("{sI ss sI ss ss ss ss}", "id", (json_int_t)store_col_int(st, 0), "subject_type",
                          store_col_text(st, 1), "subject_id", (json_int_t)store_col_int(st, 2), "subject",
                          store_col_text(st, 3), "reason", store_col_text(st, 4), "set_by", store_col_text(st, 5),
                          "set_at", at);
    if (store_col_null(st, 7)) {
        json_object_set_new(o, "lifted_at", json_null());
    } else {
        clock_iso(store_col_int(st, 7), lifted);
        json_object_set_new(o, "lifted_at", json_string(lifted));
        json_object_set_new(o, "lifted_by", json_string(store_col_text(st, 8)));
        json_object_set_new(o, "lift_reason", json_string(store_col_text(st, 9)));
    }
    return o;
}

#define ROW_SQL                                                                                           \
    "SELECT r.id, r.subject_type, r.subject_id, coalesce(c.first_name || ' ' || c.last_name,"            \
    " a.first_name || ' ' || a.last_name, ''), r.reason, r.set_by, r.set_at, r.lifted_at, r.lifted_by,"  \
    " r.lift_reason FROM image_restrictions r"                                                           \
    " LEFT JOIN children c ON r.subject_type = 'child' AND c.id = r.subject_id"                          \
    " LEFT JOIN adults a ON r.subject_type = 'adult' AND a.id = r.subject_id"

static sg_err get_one(sg_ctx *cx, int64_t id, json_t **out)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, ROW_SQL " WHERE r.id = ? AND r.setting_id = ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    *out = NULL;
    if (!(e = store_step(st, &row)) && row)
        *out = row_json(st);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return *out ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "there is no restriction %lld in this setting", (long long)id);
}

sg_err restriction_set(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_RESTRICTION_WRITE);
    if (e)
        return e;
    int64_t id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, restriction_set_tx(cx, in, &id))))
        return e;
    return get_one(cx, id, out);
}

sg_err restriction_lift(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_RESTRICTION_WRITE);
    if (e)
        return e;
    const char *reason;
    json_t *cur = NULL;
    if (!json_is_object(in) || json_object_size(in) != 1 || !json_object_get(in, "reason"))
        return sg_fail_field(cx, SG_EINVAL, "reason", "the only field is reason, which is required");
    if ((e = reason_of(cx, in, &reason)))
        return e;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = get_one(cx, id, &cur)) && !json_is_null(json_object_get(cur, "lifted_at")))
        e = sg_fail(cx, SG_ECONFLICT, "this restriction was already lifted");
    store_stmt *st;
    if (!e && !(e = consent_prepare(cx, "UPDATE image_restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ?"
                                        " WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, cx->actor);
        store_bind_text(st, 3, reason);
        store_bind_int(st, 4, id);
        store_bind_int(st, 5, cx->setting_id);
        e = consent_run(cx, st);
    }
    if (!e) {
        json_t *d = hash_detail(json_string_value(json_object_get(cur, "subject_type")),
                                json_integer_value(json_object_get(cur, "subject_id")), reason);
        e = audit_append(cx, "restriction.lift", "image_restriction", id, d);
        json_decref(d);
    }
    json_decref(cur);
    if ((e = store_end(cx->db, e)))
        return e;
    return get_one(cx, id, out);
}

sg_err restriction_list(sg_ctx *cx, bool include_lifted, json_t **out)
{
    sg_err e = perm_require(cx, PERM_RESTRICTION_READ);
    if (e)
        return e;
    store_stmt *st;
    if ((e = consent_prepare(cx, include_lifted ? ROW_SQL " WHERE r.setting_id = ? ORDER BY r.set_at DESC, r.id DESC"
                                                : ROW_SQL " WHERE r.setting_id = ? AND r.lifted_at IS NULL"
                                                          " ORDER BY r.set_at DESC, r.id DESC", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, row_json(st));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "restrictions", a);
    return SG_OK;
}

/* ---- The young-person check (CONSENT-07) ---- */

sg_err consent_young_person_check(sg_ctx *cx, int64_t child_id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_YOUNG_PERSON_CHECK);
    if (e)
        return e;
    /* The check is the DSL's statement that nothing stands in the way; it
     * carries no details, which stay in the DSL's own records. */
    if (in && (!json_is_object(in) || json_object_size(in) != 1 || !json_is_true(json_object_get(in, "no_issues"))))
        return sg_fail_field(cx, SG_EINVAL, "no_issues", "record the check as {\"no_issues\": true}: there are no "
                             "safeguarding issues the young person may be unaware of");
    consent_child_row c;
    int64_t id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = consent_load_child(cx, child_id, &c)) && c.left)
        e = sg_fail(cx, SG_ECONFLICT, "%s has left the setting", c.name);
    store_stmt *st;
    if (!e && !(e = consent_prepare(cx, "INSERT INTO young_person_checks (setting_id, child_id, checked_by, checked_at)"
                                        " VALUES (?, ?, ?, ?) RETURNING id", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, child_id);
        store_bind_text(st, 3, cx->actor);
        store_bind_int(st, 4, clock_now());
        e = sg_store(cx, store_one_int(st, &id, NULL));
        store_finalize(st);
    }
    if (!e) {
        json_t *d = json_pack("{sI sb}", "check_id", (json_int_t)id, "no_issues", 1);
        e = audit_append(cx, "consent.young_person_check", "child", child_id, d);
        json_decref(d);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    char at[21];
    clock_iso(clock_now(), at);
    *out = json_pack("{sI sI ss ss}", "id", (json_int_t)id, "child_id", (json_int_t)child_id, "checked_by", cx->actor,
                     "checked_at", at);
    return SG_OK;
}
