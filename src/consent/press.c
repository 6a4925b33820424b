/* press.c — press visits (CONSENT-13, VISITORS-08).
 *
 * A visit names the day, the organisation and everyone who may be
 * photographed: children and staff. It can be approved only when every one
 * of them may appear in the local press on that day (consent_allows for
 * "press"); until then approval answers consent_missing with the list of
 * who lacks it and why, so the office knows whom to ask. */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "consent.h"

/* The ids of `in`'s list `name` (each a record of `table` in this setting). */
static sg_err id_list(sg_ctx *cx, json_t *in, const char *name, const char *table)
{
    json_t *a = json_object_get(in, name);
    if (!a)
        return SG_OK;
    if (!json_is_array(a))
        return sg_fail_field(cx, SG_EINVAL, name, "%s must be a list of record ids", name);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return sg_fail_field(cx, SG_EINVAL, name, "%s must be a list of record ids", name);
        for (size_t k = 0; k < i; k++)
            if (json_integer_value(json_array_get(a, k)) == json_integer_value(v))
                return sg_fail_field(cx, SG_EINVAL, name, "%s lists %lld twice", name, (long long)json_integer_value(v));
        char sql[120];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE id = ? AND setting_id = ?", table);
        store_stmt *st;
        int64_t n = 0;
        sg_err e = consent_prepare(cx, sql, &st);
        if (e)
            return e;
        store_bind_int(st, 1, json_integer_value(v));
        store_bind_int(st, 2, cx->setting_id);
        e = sg_store(cx, store_one_int(st, &n, NULL));
        store_finalize(st);
        if (e)
            return e;
        if (!n)
            return sg_fail_field(cx, SG_EINVAL, name, "there is no %s %lld in this setting",
                                 !strcmp(table, "children") ? "child" : "adult", (long long)json_integer_value(v));
    }
    return SG_OK;
}

static sg_err add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        if (strcmp(k, "visit_on") && strcmp(k, "organisation") && strcmp(k, "child_ids") && strcmp(k, "adult_ids") &&
            strcmp(k, "notes"))
            return sg_fail_field(cx, SG_EINVAL, k, "%s is not a field of a press visit", k);
    }
    const char *on = json_string_value(json_object_get(in, "visit_on"));
    const char *org = json_string_value(json_object_get(in, "organisation"));
    json_t *notes = json_object_get(in, "notes");
    sg_err e;
    if (!on || !date_valid(on))
        return sg_fail_field(cx, SG_EINVAL, "visit_on", "visit_on must be a date written YYYY-MM-DD");
    if (!org || !*org || strlen(org) > 200)
        return sg_fail_field(cx, SG_EINVAL, "organisation", "organisation is required (1 to 200 characters)");
    if (notes && !json_is_null(notes) && (!json_is_string(notes) || json_string_length(notes) > 2000))
        return sg_fail_field(cx, SG_EINVAL, "notes", "notes must be text of at most 2000 characters");
    if ((e = id_list(cx, in, "child_ids", "children")) || (e = id_list(cx, in, "adult_ids", "adults")))
        return e;
    if (json_array_size(json_object_get(in, "child_ids")) + json_array_size(json_object_get(in, "adult_ids")) == 0)
        return sg_fail_field(cx, SG_EINVAL, "child_ids", "name the children and staff who may be photographed");
    store_stmt *st;
    if ((e = consent_prepare(cx, "INSERT INTO press_visits (setting_id, visit_on, organisation, notes, created_by,"
                                 " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, on);
    store_bind_text(st, 3, org);
    store_bind_text(st, 4, json_string_value(notes));
    store_bind_text(st, 5, cx->actor);
    store_bind_int(st, 6, clock_now());
    e = sg_store(cx, store_one_int(st, id, NULL));
    store_finalize(st);
    static const char *const lists[2][2] = {{"child_ids", "child"}, {"adult_ids", "adult"}};
    for (int l = 0; !e && l < 2; l++) {
        size_t i;
        json_array_foreach(json_object_get(in, lists[l][0]), i, v) {
            if (e || (e = consent_prepare(cx, "INSERT INTO press_visit_people (visit_id, setting_id, subject_type,"
                                              " subject_id) VALUES (?, ?, ?, ?)", &st)))
                break;
            store_bind_int(st, 1, *id);
            store_bind_int(st, 2, cx->setting_id);
            store_bind_text(st, 3, lists[l][1]);
            store_bind_int(st, 4, json_integer_value(v));
            e = consent_run(cx, st);
        }
    }
    if (!e)
        e = audit_append(cx, "press_visit.add", "press_visit", *id, in);
    return e;
}

/* Everyone on the visit: [{subject_type, subject_id, name}]. */
static sg_err people_of(sg_ctx *cx, int64_t id, json_t **out)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT v.subject_type, v.subject_id, coalesce(c.first_name || ' ' || c.last_name,"
                                   " a.first_name || ' ' || a.last_name, '') FROM press_visit_people v"
                                   " LEFT JOIN children c ON v.subject_type = 'child' AND c.id = v.subject_id"
                                   " LEFT JOIN adults a ON v.subject_type = 'adult' AND a.id = v.subject_id"
                                   " WHERE v.visit_id = ? AND v.setting_id = ? ORDER BY v.subject_type DESC, v.subject_id",
                               &st);
    if (e)
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, json_pack("{ss sI ss}", "subject_type", store_col_text(st, 0), "subject_id",
                                           (json_int_t)store_col_int(st, 1), "name", store_col_text(st, 2)));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

#define VISIT_SQL "SELECT id, visit_on, organisation, notes, created_by, created_at, approved_at, approved_by FROM press_visits"

static json_t *visit_json(store_stmt *st)
{
    char at[21], ap[21];
    clock_iso(store_col_int(st, 5), at);
    json_t *o = json_pack("{sI ss ss so ss ss}", "id", (json_int_t)store_col_int(st, 0), "visit_on",
                          store_col_text(st, 1), "organisation", store_col_text(st, 2), "notes",
                          store_col_null(st, 3) ? json_null() : json_string(store_col_text(st, 3)), "created_by",
                          store_col_text(st, 4), "created_at", at);
    if (store_col_null(st, 6)) {
        json_object_set_new(o, "approved_at", json_null());
    } else {
        clock_iso(store_col_int(st, 6), ap);
        json_object_set_new(o, "approved_at", json_string(ap));
        json_object_set_new(o, "approved_by", json_string(store_col_text(st, 7)));
    }
    return o;
}

sg_err press_visit_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CONSENT_READ);
    if (e)
        return e;
    store_stmt *st;
    if ((e = consent_prepare(cx, VISIT_SQL " WHERE id = ? AND setting_id = ?", &st)))
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    json_t *o = NULL, *people = NULL;
    if (!(e = store_step(st, &row)) && row)
        o = visit_json(st);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!o)
        return sg_fail(cx, SG_ENOTFOUND, "there is no press visit %lld in this setting", (long long)id);
    if ((e = people_of(cx, id, &people))) {
        json_decref(o);
        return e;
    }
    json_object_set_new(o, "people", people);
    *out = o;
    return SG_OK;
}

sg_err press_visit_list(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CONSENT_READ);
    if (e)
        return e;
    store_stmt *st;
    if ((e = consent_prepare(cx, VISIT_SQL " WHERE setting_id = ? ORDER BY visit_on DESC, id DESC", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, visit_json(st));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "press_visits", a);
    return SG_OK;
}

sg_err press_visit_add(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_PRESS_VISIT);
    if (e)
        return e;
    int64_t id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, add_tx(cx, in, &id))))
        return e;
    return press_visit_get(cx, id, out);
}

sg_err press_visit_approve(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_PRESS_APPROVE);
    if (e)
        return e;
    json_t *v = NULL;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = press_visit_get(cx, id, &v)) && !json_is_null(json_object_get(v, "approved_at")))
        e = sg_fail(cx, SG_ECONFLICT, "this press visit is already approved");
    json_t *missing_children = json_array(), *missing_adults = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(v, "people"), i, p) {
        if (e)
            break;
        consent_answer a;
        const char *type = json_string_value(json_object_get(p, "subject_type"));
        if ((e = consent_allows(cx, type, json_integer_value(json_object_get(p, "subject_id")), "press", clock_now(), &a)))
            break;
        if (!a.allowed)
            json_array_append_new(!strcmp(type, "child") ? missing_children : missing_adults,
                                  json_pack("{sI ss ss ss}", "id", json_integer_value(json_object_get(p, "subject_id")),
                                            "name", json_string_value(json_object_get(p, "name")), "state",
                                            consent_state_name(a.state), "reason", a.reason));
    }
    size_t nmiss = json_array_size(missing_children) + json_array_size(missing_adults);
    if (!e && nmiss) {
        e = sg_fail(cx, SG_ECONSENTMISSING, "%zu of the people on this visit have no press consent: it cannot be "
                    "approved until every one is recorded (CONSENT-13)", nmiss);
        json_decref(cx->err_detail);
        cx->err_detail = json_pack("{sO sO}", "children", missing_children, "adults", missing_adults);
    }
    json_decref(missing_children);
    json_decref(missing_adults);
    json_decref(v);
    store_stmt *st;
    if (!e && !(e = consent_prepare(cx, "UPDATE press_visits SET approved_at = ?, approved_by = ? WHERE id = ?"
                                        " AND setting_id = ?", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, cx->actor);
        store_bind_int(st, 3, id);
        store_bind_int(st, 4, cx->setting_id);
        e = consent_run(cx, st);
    }
    if (!e)
        e = audit_append(cx, "press_visit.approve", "press_visit", id, NULL);
    if ((e = store_end(cx->db, e)))
        return e;
    return press_visit_get(cx, id, out);
}
