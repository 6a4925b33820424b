/* people_common.c — small rules every people record shares. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "people.h"

sg_err people_ref(sg_ctx *cx, const char *table, int64_t id, const char *field)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ? AND setting_id = ?", table);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail_field(cx, SG_EINVAL, field, "%s %lld does not exist in this setting", field,
                             (long long)id);
    return SG_OK;
}

sg_err people_end_date(sg_ctx *cx, json_t *in, char date[11])
{
    clock_today(date);
    if (!in || json_is_null(in))
        return SG_OK;
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        if (strcmp(k, "date") != 0)
            return sg_fail_field(cx, SG_EINVAL, k, "unknown field '%.60s'", k);
        if (!json_is_string(v) || !date_valid(json_string_value(v)))
            return sg_fail_field(cx, SG_EINVAL, "date", "date must be a date written YYYY-MM-DD");
        snprintf(date, 11, "%s", json_string_value(v));
    }
    return SG_OK;
}

char *people_like(const char *q)
{
    if (!q || !*q)
        return NULL;
    size_t n = strlen(q);
    char *p = malloc(2 * n + 3), *w = p;
    if (!p)
        return NULL;
    *w++ = '%';
    /* The search is for the text itself: % and _ are not wildcards here
     * (the SQL says ESCAPE '!'). */
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '!')
            *w++ = '!';
        *w++ = (char)tolower((unsigned char)q[i]);
    }
    *w++ = '%';
    *w = 0;
    return p;
}

sg_err people_set_date(sg_ctx *cx, const char *sql, const char *date, int64_t id)
{
    store_stmt *st;
    bool row;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, date);
    store_bind_int(st, 2, id);
    store_bind_int(st, 3, cx->setting_id);
    e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

sg_err people_add(sg_ctx *cx, const people_kind *k, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, (sg_perm)k->write_perm);
    if (e)
        return e;
    int64_t id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    e = store_end(cx->db, k->add_tx(cx, in, &id));
    return e ? e : k->get(cx, id, out);
}

sg_err people_edit(sg_ctx *cx, const people_kind *k, int64_t id, json_t *in, json_t **out)
{
    const field_spec *spec = k->spec;
    sg_err e = perm_require(cx, (sg_perm)k->write_perm);
    if (e)
        return e;
    json_t *old = NULL, *diff = NULL;
    char action[48];
    snprintf(action, sizeof action, "%s.edit", k->type);
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = fields_get(cx, k->table, spec, id, &old)) && !(e = fields_check(cx, spec, in, true)) &&
        !(e = k->rules ? k->rules(cx, id, in, old) : SG_OK)) {
        diff = fields_diff(spec, old, in);
        if (json_object_size(diff) == 0)
            e = sg_fail(cx, SG_EINVAL, "nothing to change: the values are the same");
        if (!e && (e = fields_update(cx, k->table, spec, id, in)) == SG_EEXISTS)
            e = sg_fail_field(cx, SG_EEXISTS, json_object_get(in, "email") ? "email" : "name",
                              "another record already uses this %s", json_object_get(in, "email") ? "e-mail address" : "name");
        if (!e && k->after_edit)
            e = k->after_edit(cx, id, in);
        if (!e)
            e = audit_append(cx, action, k->type, id, diff);
    }
    json_decref(old);
    json_decref(diff);
    e = store_end(cx->db, e);
    return e ? e : k->get(cx, id, out);
}

sg_err people_end(sg_ctx *cx, const people_kind *k, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, (sg_perm)k->write_perm);
    if (e)
        return e;
    char date[11], sql[160], action[48];
    json_t *old = NULL;
    if ((e = people_end_date(cx, in, date)))
        return e;
    snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE id = ? AND setting_id = ?", k->table, k->end_col);
    snprintf(action, sizeof action, "%s.end", k->type);
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = fields_get(cx, k->table, k->spec, id, &old))) {
        json_t *start = json_object_get(old, "start_date");
        if (!json_is_null(json_object_get(old, k->end_col)))
            e = sg_fail(cx, SG_ECONFLICT, "this %s has already left or ended", k->type);
        else if (json_is_string(start) && strcmp(date, json_string_value(start)) < 0)
            e = sg_fail_field(cx, SG_EINVAL, "date", "the leaving date is before the start date");
        if (!e && k->end_rules)
            e = k->end_rules(cx, id, old, date);
        if (!e)
            e = people_set_date(cx, sql, date, id);
        if (!e && k->after_end)
            e = k->after_end(cx, id, date);
        json_t *d = json_pack("{ss}", k->end_col, date);
        if (!e)
            e = audit_append(cx, action, k->type, id, d);
        json_decref(d);
    }
    json_decref(old);
    e = store_end(cx->db, e);
    return e ? e : k->get(cx, id, out);
}
