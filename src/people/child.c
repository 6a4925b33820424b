/* child.c — children (PEOPLE-07, -08): name, date of birth, room, key
 * person, start and leaving dates, and whether the child is looked after
 * (with the social worker and local authority who must both consent before
 * any image exists — CONSENT-05). Leaving is a date: it will drive image
 * destruction (MEDIA-14), so a child record is never deleted.
 *
 * The social worker and local authority are shown and changed only by the
 * roles with PERM_CHILD_SENSITIVE; everyone who may see the child sees the
 * looked-after marker itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "people.h"

#define CHILD_MAX_AGE_MONTHS 216   /* PEOPLE-17: protections reach young people to 18 */

static const field_spec child_fields[] = {
    {"first_name", F_TEXT, 80, F_REQUIRED},
    {"last_name", F_TEXT, 80, F_REQUIRED},
    {"date_of_birth", F_DATE, 0, F_REQUIRED},
    {"room_id", F_ID, 0, F_NULLABLE},
    {"key_person_id", F_ID, 0, F_NULLABLE},
    {"start_date", F_DATE, 0, 0},
    {"leave_date", F_DATE, 0, F_NOEDIT | F_NULLABLE},
    {"looked_after", F_BOOL, 0, 0},
    {"social_worker", F_TEXT, 200, F_NULLABLE},
    {"local_authority", F_TEXT, 200, F_NULLABLE},
    {NULL},
};

static const char *const sensitive[] = {"looked_after", "social_worker", "local_authority", NULL};

static bool has_text(json_t *v) { return json_is_string(v) && json_string_value(v)[0]; }

static sg_err child_rules(sg_ctx *cx, int64_t id, json_t *in, json_t *old)
{
    (void)id;
    sg_err e;
    for (int i = 0; sensitive[i]; i++)
        if (json_object_get(in, sensitive[i]) && !perm_has(cx, PERM_CHILD_SENSITIVE))
            return sg_fail_field(cx, SG_EFORBIDDEN, sensitive[i],
                                 "only the manager, deputy or DSL may record looked-after details");
    char today[11];
    clock_today(today);
    const char *dob = json_string_value(fields_pick(in, old, "date_of_birth"));
    json_t *sdv = fields_pick(in, old, "start_date");
    const char *start = json_is_string(sdv) ? json_string_value(sdv) : today;
    if (dob && strcmp(dob, today) > 0)
        return sg_fail_field(cx, SG_EINVAL, "date_of_birth", "date_of_birth is in the future");
    if (dob && strcmp(dob, start) > 0)
        return sg_fail_field(cx, SG_EINVAL, "start_date", "start_date is before the child was born");
    if (dob && date_months_between(dob, start) > CHILD_MAX_AGE_MONTHS)
        return sg_fail_field(cx, SG_EINVAL, "date_of_birth", "the child would be over 18 at the start date");
    json_t *ld = old ? json_object_get(old, "leave_date") : NULL;
    if (json_is_string(ld) && strcmp(start, json_string_value(ld)) > 0)
        return sg_fail_field(cx, SG_EINVAL, "start_date", "start_date is after the leaving date");

    json_t *room = json_object_get(in, "room_id");
    if (json_is_integer(room)) {
        store_stmt *st;
        if ((e = store_prepare(cx->db, "SELECT class, ended_on FROM rooms WHERE id = ? AND setting_id = ?", &st)))
            return sg_store(cx, e);
        store_bind_int(st, 1, json_integer_value(room));
        store_bind_int(st, 2, cx->setting_id);
        bool row;
        if (!(e = store_step(st, &row))) {
            if (!row)
                e = sg_fail_field(cx, SG_EINVAL, "room_id", "room %lld does not exist in this setting",
                                  (long long)json_integer_value(room));
            else if (strcmp(store_col_text(st, 0), "children") != 0)
                e = sg_fail_field(cx, SG_EINVAL, "room_id", "that room is not a children's area");
            else if (!store_col_null(st, 1))
                e = sg_fail_field(cx, SG_EINVAL, "room_id", "that room is closed");
        }
        store_finalize(st);
        if (e)
            return sg_store(cx, e);
    }
    json_t *kp = json_object_get(in, "key_person_id");
    if (json_is_integer(kp)) {
        store_stmt *st;
        if ((e = store_prepare(cx->db, "SELECT a.leave_date, (SELECT count(*) FROM adult_roles r WHERE r.adult_id = a.id"
                                       " AND r.role = 'key-person') FROM adults a WHERE a.id = ? AND a.setting_id = ?", &st)))
            return sg_store(cx, e);
        store_bind_int(st, 1, json_integer_value(kp));
        store_bind_int(st, 2, cx->setting_id);
        bool row;
        if (!(e = store_step(st, &row))) {
            if (!row)
                e = sg_fail_field(cx, SG_EINVAL, "key_person_id", "adult %lld does not exist in this setting",
                                  (long long)json_integer_value(kp));
            else if (!store_col_null(st, 0))
                e = sg_fail_field(cx, SG_EINVAL, "key_person_id", "that adult has left");
            else if (store_col_int(st, 1) == 0)
                e = sg_fail_field(cx, SG_EINVAL, "key_person_id", "that adult does not hold the key-person role");
        }
        store_finalize(st);
        if (e)
            return sg_store(cx, e);
    }
    /* PEOPLE-08: a looked-after child's social worker and local authority. */
    if (json_is_true(fields_pick(in, old, "looked_after"))) {
        if (!has_text(fields_pick(in, old, "social_worker")))
            return sg_fail_field(cx, SG_EINVAL, "social_worker", "a looked-after child needs the social worker's name");
        if (!has_text(fields_pick(in, old, "local_authority")))
            return sg_fail_field(cx, SG_EINVAL, "local_authority", "a looked-after child needs the responsible local authority");
    }
    return SG_OK;
}

sg_err child_add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = fields_check(cx, child_fields, in, false);
    if (!e && json_object_get(in, "leave_date"))
        e = sg_fail_field(cx, SG_EINVAL, "leave_date", "a new child cannot have left already");
    if (!e)
        e = child_rules(cx, 0, in, NULL);
    if (e)
        return e;
    if (!json_object_get(in, "start_date")) {
        char today[11];
        clock_today(today);
        json_object_set_new(in, "start_date", json_string(today));
    }
    if (!(e = fields_insert(cx, "children", child_fields, in, id)))
        e = audit_append(cx, "child.add", "child", *id, in);
    return e;
}


#define CHILD_EXTRA ", r.name, k.first_name || ' ' || k.last_name"
#define CHILD_JOIN " LEFT JOIN rooms r ON r.id = c.room_id LEFT JOIN adults k ON k.id = c.key_person_id"

static json_t *child_row(sg_ctx *cx, store_stmt *st)
{
    json_t *c = fields_row(st, child_fields, 0);
    int n = store_col_count(st);
    const char *room = store_col_text(st, n - 2), *kp = store_col_text(st, n - 1);
    json_object_set_new(c, "room_name", room ? json_string(room) : json_null());
    json_object_set_new(c, "key_person_name", kp ? json_string(kp) : json_null());
    char today[11];
    clock_today(today);
    json_object_set_new(c, "age_months",
                        json_integer(date_months_between(json_string_value(json_object_get(c, "date_of_birth")), today)));
    json_object_set_new(c, "left", json_boolean(!json_is_null(json_object_get(c, "leave_date"))));
    if (!perm_has(cx, PERM_CHILD_SENSITIVE)) {
        json_object_del(c, "social_worker");
        json_object_del(c, "local_authority");
    }
    json_object_set_new(c, "parents", json_array());
    return c;
}

/* Attach each child's current parents/carers (one query for the lot). */
static sg_err attach_parents(sg_ctx *cx, json_t *children, int64_t only_child)
{
    json_t *by_id = json_object();
    size_t i;
    json_t *c;
    char key[24];
    json_array_foreach(children, i, c) {
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
        json_object_set(by_id, key, json_object_get(c, "parents"));
    }
    store_stmt *st;
    sg_err e = store_prepare(cx->db, only_child
        ? "SELECT l.id, l.child_id, p.id, p.first_name || ' ' || p.last_name, l.relationship,"
          " l.parental_responsibility, l.may_consent, p.phone, p.email, l.kind FROM child_parents l"
          " JOIN parents p ON p.id = l.parent_id"
          " WHERE l.setting_id = ? AND l.ended_on IS NULL AND l.child_id = ? ORDER BY l.id"
        : "SELECT l.id, l.child_id, p.id, p.first_name || ' ' || p.last_name, l.relationship,"
          " l.parental_responsibility, l.may_consent, p.phone, p.email, l.kind FROM child_parents l"
          " JOIN parents p ON p.id = l.parent_id"
          " WHERE l.setting_id = ? AND l.ended_on IS NULL ORDER BY l.id", &st);
    if (!e) {
        store_bind_int(st, 1, cx->setting_id);
        if (only_child)
            store_bind_int(st, 2, only_child);
        bool row;
        bool contact = perm_has(cx, PERM_PARENT_READ);
        /* A looked-after child's social worker and local authority are
         * looked-after details: manager and DSL only. */
        bool sensitive_ok = perm_has(cx, PERM_CHILD_SENSITIVE);
        while (!(e = store_step(st, &row)) && row) {
            snprintf(key, sizeof key, "%lld", (long long)store_col_int(st, 1));
            json_t *list = json_object_get(by_id, key);
            const char *kind = store_col_text(st, 9);
            if (!list || (!sensitive_ok && (!strcmp(kind, "social_worker") || !strcmp(kind, "local_authority"))))
                continue;
            json_t *p = json_pack("{sI sI ss ss sb sb ss}", "link_id", (json_int_t)store_col_int(st, 0),
                                  "parent_id", (json_int_t)store_col_int(st, 2), "name", store_col_text(st, 3),
                                  "relationship", store_col_text(st, 4),
                                  "parental_responsibility", (int)store_col_int(st, 5),
                                  "may_consent", (int)store_col_int(st, 6), "kind", store_col_text(st, 9));
            if (contact) {
                json_object_set_new(p, "phone", store_col_null(st, 7) ? json_null() : json_string(store_col_text(st, 7)));
                json_object_set_new(p, "email", store_col_null(st, 8) ? json_null() : json_string(store_col_text(st, 8)));
            }
            json_array_append_new(list, p);
        }
        store_finalize(st);
    }
    json_decref(by_id);
    return sg_store(cx, e);
}

sg_err child_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CHILD_READ);
    if (e)
        return e;
    char cols[600], sql[1200];
    snprintf(sql, sizeof sql, "SELECT %s" CHILD_EXTRA " FROM children c" CHILD_JOIN
             " WHERE c.id = ? AND c.setting_id = ?", fields_columns(child_fields, "c", cols, sizeof cols));
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    json_t *c = NULL;
    if (!(e = store_step(st, &row)) && row)
        c = child_row(cx, st);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!c)
        return sg_fail(cx, SG_ENOTFOUND, "no such child");
    json_t *one = json_pack("[o]", c);
    e = attach_parents(cx, one, id);
    if (!e)
        *out = json_incref(c);
    json_decref(one);
    return e;
}

sg_err child_list(sg_ctx *cx, const people_query *q, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CHILD_READ);
    if (e)
        return e;
    char cols[600], sql[1600];
    char *like = people_like(q ? q->q : NULL);
    int limit = q && q->limit > 0 && q->limit <= 1000 ? q->limit : 500;
    snprintf(sql, sizeof sql, "SELECT %s" CHILD_EXTRA " FROM children c" CHILD_JOIN
             " WHERE c.setting_id = ?%s%s%s ORDER BY c.last_name, c.first_name, c.id LIMIT ? OFFSET ?",
             fields_columns(child_fields, "c", cols, sizeof cols),
             q && q->include_ended ? "" : " AND c.leave_date IS NULL",
             q && q->room_id ? " AND c.room_id = ?" : "",
             like ? " AND lower(c.first_name || ' ' || c.last_name) LIKE ? ESCAPE '!'" : "");
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st))) {
        free(like);
        return sg_store(cx, e);
    }
    int i = 1;
    store_bind_int(st, i++, cx->setting_id);
    if (q && q->room_id)
        store_bind_int(st, i++, q->room_id);
    if (like)
        store_bind_text(st, i++, like);
    store_bind_int(st, i++, limit);
    store_bind_int(st, i++, q && q->offset > 0 ? q->offset : 0);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, child_row(cx, st));
    store_finalize(st);
    free(like);
    if (!e)
        e = attach_parents(cx, a, 0);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "children", a);
    return SG_OK;
}



static const people_kind child_kind = {
    .table = "children", .type = "child", .end_col = "leave_date", .spec = child_fields,
    .write_perm = PERM_CHILD_WRITE, .add_tx = child_add_tx, .get = child_get, .rules = child_rules,
};

sg_err child_add(sg_ctx *cx, json_t *in, json_t **out) { return people_add(cx, &child_kind, in, out); }
sg_err child_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_edit(cx, &child_kind, id, in, out); }
sg_err child_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_end(cx, &child_kind, id, in, out); }
