/* office_common.c — the steps every office change shares, and small
 * look-ups the office files all need. See office_common.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../compliance/findings.h"
#include "../core/clock.h"
#include "../policy/policy.h"
#include "office.h"
#include "office_common.h"
#include "presence.h"

sg_err office_change(sg_ctx *cx, office_change_fn fn, int64_t id, json_t *in,
                     sg_err (*get)(sg_ctx *, int64_t, json_t **), json_t **out)
{
    int64_t rid = id;
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    e = fn(cx, id, in, &rid);
    if (!e)
        e = findings_refresh(cx, "office");
    e = store_end(cx->db, e);
    if (!e && out)
        e = get(cx, rid, out);
    return e;
}

const field_spec *office_spec(const field_spec *client, const field_spec *recorded, field_spec *buf)
{
    size_t n = 0;
    for (const field_spec *f = client; f->name && n + 1 < OFFICE_SPEC_MAX; f++)
        buf[n++] = *f;
    for (const field_spec *f = recorded; f->name && n + 1 < OFFICE_SPEC_MAX; f++)
        buf[n++] = *f;
    buf[n] = (field_spec){NULL};
    return buf;
}

void office_stamp(sg_ctx *cx, json_t *row, const char *prefix, int64_t now, bool at_too)
{
    char k[64];
    snprintf(k, sizeof k, "%s_by", prefix);
    json_object_set_new(row, k, json_string(cx->actor));
    snprintf(k, sizeof k, "%s_by_id", prefix);
    json_object_set_new(row, k, cx->actor_id > 0 ? json_integer(cx->actor_id) : json_null());
    if (at_too) {
        snprintf(k, sizeof k, "%s_at", prefix);
        json_object_set_new(row, k, json_integer(now));
    }
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcmp(s + n - t, tail) == 0;
}

sg_err office_adult_name(sg_ctx *cx, int64_t id, char *buf, size_t len)
{
    buf[0] = 0;
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT first_name, last_name FROM adults WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row)
        snprintf(buf, len, "%s %s", store_col_text(st, 0), store_col_text(st, 1));
    store_finalize(st);
    return sg_store(cx, e);
}

sg_err office_present(sg_ctx *cx, json_t *rec)
{
    const char *k;
    json_t *v;
    void *tmp;
    json_t *names = json_object();
    sg_err e = SG_OK;
    json_object_foreach_safe(rec, tmp, k, v) {
        if (ends_with(k, "_at") && json_is_integer(v)) {
            char iso[21];
            clock_iso(json_integer_value(v), iso);
            json_object_set_new(rec, k, json_string(iso));
        } else if (!e && ends_with(k, "_by_id")) {
            char nk[64], name[200] = "";
            snprintf(nk, sizeof nk, "%.*s_name", (int)(strlen(k) - 3), k);
            if (json_is_integer(v))
                e = office_adult_name(cx, json_integer_value(v), name, sizeof name);
            json_object_set_new(names, nk, name[0] ? json_string(name) : json_null());
        }
    }
    json_object_update(rec, names);
    json_decref(names);
    return e;
}

sg_err office_child_ref(sg_ctx *cx, int64_t id, const char *field, char *name, size_t len)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT first_name, last_name FROM children WHERE id = ? AND setting_id = ?"
                                     " AND leave_date IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row && name)
        snprintf(name, len, "%s %s", store_col_text(st, 0), store_col_text(st, 1));
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail_field(cx, SG_EINVAL, field, "there is no child %lld at this setting", (long long)id);
    return SG_OK;
}

sg_err office_room_ref(sg_ctx *cx, int64_t id, const char *field, char *name, size_t len, char cls[16],
                       bool *quiet_space)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT name, class, quiet_space FROM rooms WHERE id = ? AND setting_id = ?"
                                     " AND ended_on IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row) {
        if (name)
            snprintf(name, len, "%s", store_col_text(st, 0));
        if (cls)
            snprintf(cls, 16, "%s", store_col_text(st, 1));
        if (quiet_space)
            *quiet_space = store_col_int(st, 2) != 0;
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail_field(cx, SG_EINVAL, field, "there is no open room %lld at this setting", (long long)id);
    return SG_OK;
}

void office_today(char date[11]) { presence_date(clock_now(), date); }

sg_err office_close_at(sg_ctx *cx, const char *date, int64_t *at)
{
    char close[POLICY_VALUE_MAX];
    sg_err e = policy_text(cx, "day.close_time", close);
    if (e)
        return e;
    if (!presence_local_time(date, close, at))
        return sg_fail(cx, SG_EINTERNAL, "closing time %s on %s cannot be read", close, date);
    return SG_OK;
}

sg_err office_take_ids(sg_ctx *cx, json_t *in, const char *name, bool required, json_t **out)
{
    *out = NULL;
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    json_t *v = json_object_get(in, name);
    if (!v || json_is_null(v)) {
        if (required)
            return sg_fail_field(cx, SG_EINVAL, name, "%s is required", name);
        json_object_del(in, name);
        *out = json_array();
        return SG_OK;
    }
    if (!json_is_array(v))
        return sg_fail_field(cx, SG_EINVAL, name, "%s must be a list of record ids", name);
    if (required && json_array_size(v) == 0)
        return sg_fail_field(cx, SG_EINVAL, name, "%s must name at least one", name);
    size_t i, j;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) <= 0)
            return sg_fail_field(cx, SG_EINVAL, name, "%s must be a list of record ids", name);
        for (j = 0; j < i; j++)
            if (json_integer_value(json_array_get(v, j)) == json_integer_value(x))
                return sg_fail_field(cx, SG_EINVAL, name, "%s names %lld twice", name,
                                     (long long)json_integer_value(x));
    }
    *out = json_incref(v);
    json_object_del(in, name);
    return SG_OK;
}

sg_err office_rows(sg_ctx *cx, store_stmt *st, const field_spec *spec, json_t *into)
{
    bool row;
    sg_err e;
    size_t first = json_array_size(into);
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(into, fields_row(st, spec, 0));
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    /* Names are looked up once the statement is done with: one connection
     * runs one statement's rows at a time on PostgreSQL. */
    for (size_t i = first; !e && i < json_array_size(into); i++)
        e = office_present(cx, json_array_get(into, i));
    return e;
}

sg_err office_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    sg_err e = visitor_findings(cx, now, out);
    if (!e)
        e = message_findings(cx, now, out);
    if (!e)
        e = breach_findings(cx, now, out);
    if (!e)
        e = child_device_findings(cx, now, out);
    return e;
}
