/* people_common.c — small rules every people record shares. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/clock.h"
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
    char *p = malloc(n + 3);
    if (!p)
        return NULL;
    p[0] = '%';
    for (size_t i = 0; i < n; i++)
        p[i + 1] = (char)tolower((unsigned char)q[i]);
    p[n + 1] = '%';
    p[n + 2] = 0;
    return p;
}
