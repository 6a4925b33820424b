/* fields.c — validation and SQL for records described by field tables. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "clock.h"
#include "fields.h"

static const field_spec *find(const field_spec *spec, const char *name)
{
    for (const field_spec *f = spec; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static bool in_choices(const char *const *choices, const char *s)
{
    for (int i = 0; choices && choices[i]; i++)
        if (strcmp(choices[i], s) == 0)
            return true;
    return false;
}

/* Trim spaces; refuse control characters. Returns a new json string or NULL. */
static json_t *clean_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return NULL;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return json_stringn(s, n);
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.')
        return false;
    for (const char *p = s; *p; p++)
        if (isspace((unsigned char)*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            return false;
    return s[strlen(s) - 1] != '.';
}

static sg_err check_one(sg_ctx *cx, const field_spec *f, json_t *in, json_t *v)
{
    const char *n = f->name;
    if (json_is_null(v)) {
        if (f->flags & F_NULLABLE)
            return SG_OK;
        return sg_fail_field(cx, SG_EINVAL, n, "%s may not be empty", n);
    }
    switch (f->type) {
    case F_TEXT:
    case F_EMAIL:
    case F_DATE:
    case F_ENUM: {
        if (!json_is_string(v))
            return sg_fail_field(cx, SG_EINVAL, n, "%s must be a string", n);
        json_t *t = clean_text(json_string_value(v));
        if (!t)
            return sg_fail_field(cx, SG_EINVAL, n, "%s contains control characters", n);
        json_object_set_new(in, n, t); /* v is no longer valid */
        const char *s = json_string_value(t);
        size_t len = 0; /* characters, not bytes: names have accents */
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
            len += (*p & 0xC0) != 0x80;
        if (len == 0) {
            if (f->flags & F_NULLABLE) {
                json_object_set_new(in, n, json_null());
                return SG_OK;
            }
            return sg_fail_field(cx, SG_EINVAL, n, "%s may not be empty", n);
        }
        int max = f->type == F_DATE ? 10 : f->max > 0 ? f->max : 200;
        if (f->type == F_ENUM) {
            if (!in_choices(f->choices, s))
                return sg_fail_field(cx, SG_EINVAL, n, "%s must be one of the listed values", n);
        } else if (len > (size_t)max) {
            return sg_fail_field(cx, SG_EINVAL, n, "%s is longer than %d characters", n, max);
        }
        if (f->type == F_DATE && !date_valid(s))
            return sg_fail_field(cx, SG_EINVAL, n, "%s must be a date written YYYY-MM-DD", n);
        if (f->type == F_EMAIL && !email_ok(s))
            return sg_fail_field(cx, SG_EINVAL, n, "%s is not an e-mail address", n);
        return SG_OK;
    }
    case F_ID:
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return sg_fail_field(cx, SG_EINVAL, n, "%s must be a record id (a positive whole number)", n);
        return SG_OK;
    case F_INT:
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            (f->max > 0 && json_integer_value(v) > f->max))
            return sg_fail_field(cx, SG_EINVAL, n, "%s must be a whole number from 0 to %d", n, f->max);
        return SG_OK;
    case F_BOOL:
        if (!json_is_boolean(v))
            return sg_fail_field(cx, SG_EINVAL, n, "%s must be true or false", n);
        return SG_OK;
    case F_LIST: {
        if (!json_is_array(v))
            return sg_fail_field(cx, SG_EINVAL, n, "%s must be a list", n);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (!json_is_string(x) || !in_choices(f->choices, json_string_value(x)))
                return sg_fail_field(cx, SG_EINVAL, n, "%s contains a value that is not allowed", n);
        }
        return SG_OK;
    }
    }
    return sg_fail_field(cx, SG_EINTERNAL, n, "unknown field type");
}

/* Note one field's failure; the first one stays in cx as the answer. */
static void note(sg_ctx *cx, json_t *all, sg_err e, char *first_msg, char *first_field, sg_err *first)
{
    json_array_append_new(all, json_pack("{ss ss}", "field", cx->field, "message", cx->msg));
    if (!*first) {
        *first = e;
        memcpy(first_msg, cx->msg, sizeof cx->msg);
        memcpy(first_field, cx->field, sizeof cx->field);
    }
}

sg_err fields_check(sg_ctx *cx, const field_spec *spec, json_t *in, bool patch)
{
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    /* Every bad field is reported at once (details.fields), so a form can
     * show all its mistakes together; the first is the answer's field. */
    json_t *all = json_array();
    sg_err first = SG_OK;
    char msg[sizeof cx->msg], field[sizeof cx->field];
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(in, tmp, key, v) {
        const field_spec *f = find(spec, key);
        sg_err e = SG_OK;
        if (!f)
            e = sg_fail_field(cx, SG_EINVAL, key, "unknown field '%.60s'", key);
        else if (patch && (f->flags & F_NOEDIT))
            e = sg_fail_field(cx, SG_EINVAL, key, "%s cannot be changed", key);
        else
            e = check_one(cx, f, in, v);
        if (e)
            note(cx, all, e, msg, field, &first);
    }
    if (!first && patch && json_object_size(in) == 0) {
        json_decref(all);
        return sg_fail(cx, SG_EINVAL, "nothing to change");
    }
    for (const field_spec *f = spec; !patch && f->name; f++) {
        json_t *x = json_object_get(in, f->name);
        if ((f->flags & F_REQUIRED) && (!x || json_is_null(x)))
            note(cx, all, sg_fail_field(cx, SG_EINVAL, f->name, "%s is required", f->name), msg, field, &first);
    }
    if (!first) {
        json_decref(all);
        return SG_OK;
    }
    memcpy(cx->msg, msg, sizeof msg);
    memcpy(cx->field, field, sizeof field);
    json_decref(cx->err_detail);
    cx->err_detail = json_pack("{so}", "fields", all);
    return first;
}

static void bind_value(store_stmt *st, int idx, const field_spec *f, json_t *v)
{
    if (!v || json_is_null(v))
        store_bind_null(st, idx);
    else if (f->type == F_BOOL)
        store_bind_int(st, idx, json_is_true(v));
    else if (f->type == F_ID || f->type == F_INT)
        store_bind_int(st, idx, json_integer_value(v));
    else
        store_bind_text(st, idx, json_string_value(v));
}

sg_err fields_insert(sg_ctx *cx, const char *table, const field_spec *spec, json_t *in, int64_t *id)
{
    char cols[1024], vals[512];
    int cl = snprintf(cols, sizeof cols, "setting_id, created_at");
    int vl = snprintf(vals, sizeof vals, "?, ?");
    for (const field_spec *f = spec; f->name; f++) {
        if ((f->flags & F_NOCOL) || !json_object_get(in, f->name))
            continue;
        cl += snprintf(cols + cl, sizeof cols - (size_t)cl, ", %s", f->name);
        vl += snprintf(vals + vl, sizeof vals - (size_t)vl, ", ?");
    }
    char sql[1800];
    snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (%s) RETURNING id", table, cols, vals);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    int i = 1;
    store_bind_int(st, i++, cx->setting_id);
    store_bind_int(st, i++, clock_now());
    for (const field_spec *f = spec; f->name; f++) {
        json_t *v = json_object_get(in, f->name);
        if ((f->flags & F_NOCOL) || !v)
            continue;
        bind_value(st, i++, f, v);
    }
    bool found = false;
    e = store_one_int(st, id, &found);
    store_finalize(st);
    if (!e && !found)
        e = sg_fail(cx, SG_ESTORE, "insert into %s returned no id", table);
    return sg_store(cx, e);
}

sg_err fields_update(sg_ctx *cx, const char *table, const field_spec *spec, int64_t id, json_t *in)
{
    char sets[1024] = "";
    int sl = 0, n = 0;
    for (const field_spec *f = spec; f->name; f++) {
        if ((f->flags & F_NOCOL) || !json_object_get(in, f->name))
            continue;
        sl += snprintf(sets + sl, sizeof sets - (size_t)sl, "%s%s = ?", n++ ? ", " : "", f->name);
    }
    if (n == 0)
        return SG_OK;
    char sql[1400];
    snprintf(sql, sizeof sql, "UPDATE %s SET %s WHERE id = ? AND setting_id = ?", table, sets);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    int i = 1;
    for (const field_spec *f = spec; f->name; f++) {
        json_t *v = json_object_get(in, f->name);
        if ((f->flags & F_NOCOL) || !v)
            continue;
        bind_value(st, i++, f, v);
    }
    store_bind_int(st, i++, id);
    store_bind_int(st, i++, cx->setting_id);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

const char *fields_columns(const field_spec *spec, const char *alias, char *buf, size_t len)
{
    const char *p = alias ? alias : "", *dot = alias ? "." : "";
    size_t l = (size_t)snprintf(buf, len, "%s%sid", p, dot);
    for (const field_spec *f = spec; f->name && l < len; f++)
        if (!(f->flags & F_NOCOL))
            l += (size_t)snprintf(buf + l, len - l, ", %s%s%s", p, dot, f->name);
    return buf;
}

json_t *fields_row(store_stmt *st, const field_spec *spec, int col)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(store_col_int(st, col++)));
    for (const field_spec *f = spec; f->name; f++) {
        if (f->flags & F_NOCOL)
            continue;
        json_t *v;
        if (store_col_null(st, col))
            v = json_null();
        else if (f->type == F_BOOL)
            v = json_boolean(store_col_int(st, col) != 0);
        else if (f->type == F_ID || f->type == F_INT)
            v = json_integer(store_col_int(st, col));
        else
            v = json_string(store_col_text(st, col));
        json_object_set_new(o, f->name, v);
        col++;
    }
    return o;
}

sg_err fields_get(sg_ctx *cx, const char *table, const field_spec *spec, int64_t id, json_t **out)
{
    char cols[1024], sql[1300];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ? AND setting_id = ?",
             fields_columns(spec, NULL, cols, sizeof cols), table);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    *out = NULL;
    if (!(e = store_step(st, &row)) && row)
        *out = fields_row(st, spec, 0);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!*out)
        return sg_fail(cx, SG_ENOTFOUND, "no such %s", table);
    return SG_OK;
}

json_t *fields_diff(const field_spec *spec, json_t *old, json_t *in)
{
    json_t *d = json_object();
    for (const field_spec *f = spec; f->name; f++) {
        json_t *nv = json_object_get(in, f->name);
        if (!nv)
            continue;
        json_t *ov = old ? json_object_get(old, f->name) : NULL;
        if (ov && json_equal(ov, nv))
            continue;
        json_object_set_new(d, f->name, json_pack("{sO sO}", "from", ov ? ov : json_null(), "to", nv));
    }
    return d;
}

json_t *fields_pick(json_t *in, json_t *old, const char *name)
{
    json_t *v = json_object_get(in, name);
    return v ? v : old ? json_object_get(old, name) : NULL;
}
