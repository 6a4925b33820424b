/* outing.c — outings and home visits (OUTINGS-01, -03, -05, R-42).
 *
 * An outing records the date, destination, leaving and return times (local
 * "HH:MM"), the adults and children on it and the setting phones taken
 * (free text until the devices register links them). A home visit records
 * the date, times, the staff who go and the child and family visited.
 * Personal phones are not recorded here: a phone carried on an outing for
 * emergencies only (PERSONAL-DEVICES-18, OUTINGS-03) and the manager's
 * phone on a home visit (PERSONAL-DEVICES-17) are managers' grants
 * (grant.c), which call outing_has_adult / home_visit_has_adult to check
 * the adult is on it and to bound the grant by its times; an outing's
 * record lists them. Misuse of such a phone is a breach (breach.c).
 *
 * The manager and deputy record outings and visits and see them all; an
 * adult sees the ones they are on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "office.h"
#include "office_common.h"
#include "presence.h"

static const field_spec outing_in[] = {
    {"outing_date", F_DATE, 0, F_REQUIRED},
    {"destination", F_TEXT, 200, F_REQUIRED},
    {"leaves", F_TEXT, 5, F_REQUIRED},
    {"returns", F_TEXT, 5, F_REQUIRED},
    {"setting_phones", F_TEXT, 200, F_NULLABLE},
    {"notes", F_TEXT, 1000, F_NULLABLE},
    {NULL},
};

static const field_spec outing_rec[] = {
    {"leaves_at", F_INT, 0, 0},
    {"returns_at", F_INT, 0, 0},
    {"created_by", F_TEXT, 0, 0},
    {"created_by_id", F_ID, 0, F_NULLABLE},
    {NULL},
};

static const field_spec visit_in[] = {
    {"visit_date", F_DATE, 0, F_REQUIRED},
    {"starts", F_TEXT, 5, F_REQUIRED},
    {"ends", F_TEXT, 5, F_REQUIRED},
    {"child_id", F_ID, 0, F_REQUIRED},
    {"family", F_TEXT, 120, F_NULLABLE},
    {"purpose", F_TEXT, 200, F_NULLABLE},
    {NULL},
};

static const field_spec visit_rec[] = {
    {"starts_at", F_INT, 0, 0},
    {"ends_at", F_INT, 0, 0},
    {"created_by", F_TEXT, 0, 0},
    {"created_by_id", F_ID, 0, F_NULLABLE},
    {NULL},
};

/* What sets an outing and a home visit apart; the rest is shared. */
typedef struct {
    const char *table, *type, *date, *from, *to, *from_at, *to_at;
    const char *members;         /* outing_adults / home_visit_adults */
    const char *member_key;      /* outing_id / home_visit_id */
    const field_spec *in, *rec;
} trip_kind;

static const trip_kind outing_kind = {"outings", "outing", "outing_date", "leaves", "returns", "leaves_at",
                                      "returns_at", "outing_adults", "outing_id", outing_in, outing_rec};
static const trip_kind visit_kind = {"home_visits", "home_visit", "visit_date", "starts", "ends", "starts_at",
                                     "ends_at", "home_visit_adults", "home_visit_id", visit_in, visit_rec};

static sg_err link_row(sg_ctx *cx, const char *table, const char *key, int64_t id, const char *col, int64_t other)
{
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO %s (setting_id, %s, %s) VALUES (?, ?, ?)", table, key, col);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, id);
    store_bind_int(st, 3, other);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

/* Validate and store one outing or visit: the times on its date in local
 * time, its end after its start, every adult working here, every child
 * here. children may be NULL (a home visit names one child_id). */
static sg_err add_trip(sg_ctx *cx, const trip_kind *k, json_t *in, json_t *adults, json_t *children, int64_t *id)
{
    sg_err e = perm_require(cx, PERM_OUTING);
    if (!e)
        e = fields_check(cx, k->in, in, false);
    if (e)
        return e;
    const char *date = json_string_value(json_object_get(in, k->date));
    int64_t from, to;
    if (!presence_local_time(date, json_string_value(json_object_get(in, k->from)), &from))
        return sg_fail_field(cx, SG_EINVAL, k->from, "%s must be a time written HH:MM", k->from);
    if (!presence_local_time(date, json_string_value(json_object_get(in, k->to)), &to))
        return sg_fail_field(cx, SG_EINVAL, k->to, "%s must be a time written HH:MM", k->to);
    if (to <= from)
        return sg_fail_field(cx, SG_EINVAL, k->to, "%s must be after %s", k->to, k->from);
    char name[200];
    size_t i;
    json_t *x;
    json_array_foreach(adults, i, x) {
        if ((e = presence_adult_name(cx, json_integer_value(x), "adult_ids", name, sizeof name)))
            return e;
    }
    json_array_foreach(children, i, x) {
        if ((e = office_child_ref(cx, json_integer_value(x), "child_ids", NULL, 0)))
            return e;
    }
    json_t *cid = json_object_get(in, "child_id");
    if (json_is_integer(cid) && (e = office_child_ref(cx, json_integer_value(cid), "child_id", NULL, 0)))
        return e;
    json_object_set_new(in, k->from_at, json_integer(from));
    json_object_set_new(in, k->to_at, json_integer(to));
    json_object_set_new(in, "created_by", json_string(cx->actor));
    json_object_set_new(in, "created_by_id", cx->actor_id > 0 ? json_integer(cx->actor_id) : json_null());
    field_spec spec[OFFICE_SPEC_MAX];
    if ((e = fields_insert(cx, k->table, office_spec(k->in, k->rec, spec), in, id)))
        return e;
    json_array_foreach(adults, i, x) {
        if ((e = link_row(cx, k->members, k->member_key, *id, "adult_id", json_integer_value(x))))
            return e;
    }
    json_array_foreach(children, i, x) {
        if ((e = link_row(cx, "outing_children", "outing_id", *id, "child_id", json_integer_value(x))))
            return e;
    }
    json_t *d = json_deep_copy(in);
    json_object_set(d, "adult_ids", adults);
    if (children)
        json_object_set(d, "child_ids", children);
    char action[40];
    snprintf(action, sizeof action, "%s.add", k->type);
    e = audit_append(cx, action, k->type, *id, d);
    json_decref(d);
    return e;
}

static sg_err outing_add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    json_t *adults = NULL, *children = NULL;
    sg_err e = perm_require(cx, PERM_OUTING);
    if (!e)
        e = office_take_ids(cx, in, "adult_ids", true, &adults);
    if (!e)
        e = office_take_ids(cx, in, "child_ids", true, &children);
    if (!e)
        e = add_trip(cx, &outing_kind, in, adults, children, id);
    json_decref(adults);
    json_decref(children);
    return e;
}

static sg_err home_visit_add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    json_t *adults = NULL;
    sg_err e = perm_require(cx, PERM_OUTING);
    if (!e)
        e = office_take_ids(cx, in, "adult_ids", true, &adults);
    if (!e)
        e = add_trip(cx, &visit_kind, in, adults, NULL, id);
    json_decref(adults);
    return e;
}

static sg_err add_outing(sg_ctx *cx, int64_t unused, json_t *in, int64_t *id)
{
    (void)unused;
    return outing_add_tx(cx, in, id);
}

static sg_err add_visit(sg_ctx *cx, int64_t unused, json_t *in, int64_t *id)
{
    (void)unused;
    return home_visit_add_tx(cx, in, id);
}

sg_err outing_add(sg_ctx *cx, json_t *in, json_t **out) { return office_change(cx, add_outing, 0, in, outing_get, out); }
sg_err home_visit_add(sg_ctx *cx, json_t *in, json_t **out)
{
    return office_change(cx, add_visit, 0, in, home_visit_get, out);
}

/* {id, name} of people linked to a trip by `sql` (binds trip id, setting). */
static sg_err people_of(sg_ctx *cx, const char *sql, int64_t id, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, json_pack("{sI ss}", "id", (json_int_t)store_col_int(st, 0), "name",
                                           store_col_text(st, 1)));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

/* Personal phones carried under a manager's grant (PERSONAL-DEVICES-17,
 * -18), for emergencies only on the grant's terms (OUTINGS-03). */
static sg_err grants_of(sg_ctx *cx, const trip_kind *k, int64_t id, json_t **out)
{
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT g.id, g.adult_id, a.first_name || ' ' || a.last_name, g.terms, g.starts_at,"
             " g.ends_at FROM device_grants g JOIN adults a ON a.id = g.adult_id WHERE g.%s = ? AND g.setting_id = ?"
             " AND g.ended_at IS NULL ORDER BY g.id", k->member_key);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char from[21], to[21];
        clock_iso(store_col_int(st, 4), from);
        clock_iso(store_col_int(st, 5), to);
        json_array_append_new(a, json_pack("{sI sI ss ss ss ss}", "grant_id", (json_int_t)store_col_int(st, 0),
                                           "adult_id", (json_int_t)store_col_int(st, 1), "name", store_col_text(st, 2),
                                           "terms", store_col_text(st, 3), "starts_at", from, "ends_at", to));
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

static sg_err attach(sg_ctx *cx, const trip_kind *k, json_t *t)
{
    int64_t id = json_integer_value(json_object_get(t, "id"));
    json_t *adults = NULL, *children = NULL, *phones = NULL;
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT a.id, a.first_name || ' ' || a.last_name FROM %s m JOIN adults a"
             " ON a.id = m.adult_id WHERE m.%s = ? AND m.setting_id = ? ORDER BY a.last_name, a.first_name",
             k->members, k->member_key);
    sg_err e = people_of(cx, sql, id, &adults);
    if (!e && k == &outing_kind)
        e = people_of(cx, "SELECT c.id, c.first_name || ' ' || c.last_name FROM outing_children m JOIN children c"
                          " ON c.id = m.child_id WHERE m.outing_id = ? AND m.setting_id = ?"
                          " ORDER BY c.last_name, c.first_name", id, &children);
    if (!e)
        e = grants_of(cx, k, id, &phones);
    if (e) {
        json_decref(adults);
        json_decref(children);
        return e;
    }
    json_object_set_new(t, "adults", adults);
    if (children)
        json_object_set_new(t, "children", children);
    json_object_set_new(t, "personal_phones", phones);
    if (k == &visit_kind) {
        char child[200] = "";
        json_t *c = json_object_get(t, "child_id");
        store_stmt *st;
        if (!(e = store_prepare(cx->db, "SELECT first_name || ' ' || last_name FROM children WHERE id = ?"
                                        " AND setting_id = ?", &st))) {
            store_bind_int(st, 1, json_integer_value(c));
            store_bind_int(st, 2, cx->setting_id);
            bool row;
            if (!(e = store_step(st, &row)) && row)
                snprintf(child, sizeof child, "%s", store_col_text(st, 0));
            store_finalize(st);
        }
        e = sg_store(cx, e);
        json_object_set_new(t, "child_name", json_string(child));
    }
    if (!e)
        e = office_present(cx, t);
    return e;
}

/* May cx see trip `id`? outing.write sees all; others only their own. */
static sg_err may_see(sg_ctx *cx, const trip_kind *k, int64_t id)
{
    if (perm_has(cx, PERM_OUTING))
        return SG_OK;
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE %s = ? AND adult_id = ? AND setting_id = ?", k->members,
             k->member_key);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->actor_id);
    store_bind_int(st, 3, cx->setting_id);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return row ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "no such %s", k == &outing_kind ? "outing" : "home visit");
}

static sg_err trip_get(sg_ctx *cx, const trip_kind *k, int64_t id, json_t **out)
{
    field_spec spec[OFFICE_SPEC_MAX];
    sg_err e = may_see(cx, k, id);
    if (!e && (e = fields_get(cx, k->table, office_spec(k->in, k->rec, spec), id, out)) == SG_ENOTFOUND)
        e = sg_fail(cx, SG_ENOTFOUND, "no such %s", k == &outing_kind ? "outing" : "home visit");
    if (!e && (e = attach(cx, k, *out))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

sg_err outing_get(sg_ctx *cx, int64_t id, json_t **out) { return trip_get(cx, &outing_kind, id, out); }
sg_err home_visit_get(sg_ctx *cx, int64_t id, json_t **out) { return trip_get(cx, &visit_kind, id, out); }

static sg_err trip_list(sg_ctx *cx, const trip_kind *k, const char *from, const char *to, const char *key,
                        json_t **out)
{
    if (from && !date_valid(from))
        return sg_fail_field(cx, SG_EINVAL, "from", "from must be a date written YYYY-MM-DD");
    if (to && !date_valid(to))
        return sg_fail_field(cx, SG_EINVAL, "to", "to must be a date written YYYY-MM-DD");
    bool all = perm_has(cx, PERM_OUTING);
    field_spec spec[OFFICE_SPEC_MAX];
    const field_spec *cols_spec = office_spec(k->in, k->rec, spec);
    char cols[800], mine[200] = "", sql[1600];
    if (!all)
        snprintf(mine, sizeof mine, " AND EXISTS (SELECT 1 FROM %s m WHERE m.%s = t.id AND m.adult_id = ?)",
                 k->members, k->member_key);
    snprintf(sql, sizeof sql, "SELECT %s FROM %s t WHERE t.setting_id = ? AND t.%s >= ? AND t.%s <= ?%s"
             " ORDER BY t.%s DESC, t.%s, t.id LIMIT 500", fields_columns(cols_spec, "t", cols, sizeof cols), k->table,
             k->date, k->date, mine, k->date, k->from_at);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, from ? from : "0000-01-01");
    store_bind_text(st, 3, to ? to : "9999-12-31");
    if (!all)
        store_bind_int(st, 4, cx->actor_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, fields_row(st, cols_spec, 0));
    store_finalize(st);
    e = sg_store(cx, e);
    size_t i;
    json_t *t;
    json_array_foreach(a, i, t) {
        if (!e)
            e = attach(cx, k, t);
    }
    if (e) {
        json_decref(a);
        return e;
    }
    *out = json_pack("{so}", key, a);
    return SG_OK;
}

sg_err outing_list(sg_ctx *cx, const char *from, const char *to, json_t **out)
{
    return trip_list(cx, &outing_kind, from, to, "outings", out);
}

sg_err home_visit_list(sg_ctx *cx, const char *from, const char *to, json_t **out)
{
    return trip_list(cx, &visit_kind, from, to, "home_visits", out);
}

static sg_err has_adult(sg_ctx *cx, const trip_kind *k, int64_t id, int64_t adult_id, int64_t *starts_at,
                        int64_t *ends_at)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT t.%s, t.%s FROM %s t JOIN %s m ON m.%s = t.id AND m.adult_id = ?"
             " WHERE t.id = ? AND t.setting_id = ?", k->from_at, k->to_at, k->table, k->members, k->member_key);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult_id);
    store_bind_int(st, 2, id);
    store_bind_int(st, 3, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row) {
        if (starts_at)
            *starts_at = store_col_int(st, 0);
        if (ends_at)
            *ends_at = store_col_int(st, 1);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail_field(cx, SG_EINVAL, k->member_key, "there is no %s %lld with this adult on it",
                             k == &outing_kind ? "outing" : "home visit", (long long)id);
    return SG_OK;
}

sg_err outing_has_adult(sg_ctx *cx, int64_t outing_id, int64_t adult_id, int64_t *starts_at, int64_t *ends_at)
{
    return has_adult(cx, &outing_kind, outing_id, adult_id, starts_at, ends_at);
}

sg_err home_visit_has_adult(sg_ctx *cx, int64_t visit_id, int64_t adult_id, int64_t *starts_at, int64_t *ends_at)
{
    return has_adult(cx, &visit_kind, visit_id, adult_id, starts_at, ends_at);
}
