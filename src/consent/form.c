/* form.c — the setting's consent form as a versioned proforma (CONSENT-22,
 * CONSENT-20).
 *
 * The manager publishes a whole form at once: a title, an introduction,
 * and for each purpose it asks about the text a signer reads. Each
 * publication is the next version (1, 2, 3 …); earlier versions are never
 * changed or removed, because every decision names the version its signer
 * read. The purposes a setting offers (a CONFIG choice in the policy) are
 * simply those of its latest form. For a public use the page shows, beside
 * the setting's text, what publication implies (CONSENT-18), from the
 * purposes table, so no form can leave it out. */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "consent.h"

#define TITLE_MAX 200
#define INTRO_MAX 4000
#define TEXT_MAX 4000

static sg_err text_field(sg_ctx *cx, json_t *in, const char *name, size_t max, bool required, const char **out)
{
    json_t *v = json_object_get(in, name);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return sg_fail_field(cx, SG_EINVAL, name, "%s is required", name);
        return SG_OK;
    }
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max)
        return sg_fail_field(cx, SG_EINVAL, name, "%s must be text of 1 to %zu characters", name, max);
    *out = json_string_value(v);
    return SG_OK;
}

/* Check the body; SG_OK when it can be published as it is. */
static sg_err check(sg_ctx *cx, json_t *in)
{
    const char *title, *intro;
    sg_err e;
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        if (strcmp(key, "title") && strcmp(key, "intro") && strcmp(key, "purposes"))
            return sg_fail_field(cx, SG_EINVAL, key, "%s is not a field of a consent form", key);
    }
    if ((e = text_field(cx, in, "title", TITLE_MAX, true, &title)) ||
        (e = text_field(cx, in, "intro", INTRO_MAX, false, &intro)))
        return e;
    json_t *ps = json_object_get(in, "purposes");
    if (!json_is_array(ps) || json_array_size(ps) == 0)
        return sg_fail_field(cx, SG_EINVAL, "purposes", "purposes must be a list of {purpose, text}, at least one");
    bool seen[32] = {false};
    size_t i;
    json_array_foreach(ps, i, v) {
        const char *p = json_string_value(json_object_get(v, "purpose"));
        const char *t = json_string_value(json_object_get(v, "text"));
        if (!json_is_object(v) || json_object_size(v) != 2 || !p || !t)
            return sg_fail_field(cx, SG_EINVAL, "purposes", "each purpose is {purpose, text}");
        int k = consent_purpose_index(p);
        if (k < 0)
            return sg_fail_field(cx, SG_EPURPOSE, "purposes", "unknown purpose \"%.60s\": the purposes are those of "
                                 "GET /api/v1/consent/purposes", p);
        if (seen[k])
            return sg_fail_field(cx, SG_EINVAL, "purposes", "%s is listed twice", p);
        seen[k] = true;
        if (json_string_length(json_object_get(v, "text")) == 0 || json_string_length(json_object_get(v, "text")) > TEXT_MAX)
            return sg_fail_field(cx, SG_EINVAL, "purposes", "the text for %s must be 1 to %d characters", p, TEXT_MAX);
    }
    return SG_OK;
}

sg_err consent_form_publish_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = check(cx, in);
    if (e)
        return e;
    store_stmt *st;
    int64_t version = 0;
    if ((e = consent_prepare(cx, "SELECT coalesce(max(version), 0) + 1 FROM consent_forms WHERE setting_id = ?", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    e = sg_store(cx, store_one_int(st, &version, NULL));
    store_finalize(st);
    if (e)
        return e;
    const char *intro = json_string_value(json_object_get(in, "intro"));
    if ((e = consent_prepare(cx, "INSERT INTO consent_forms (setting_id, version, title, intro, published_at, published_by)"
                                 " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, version);
    store_bind_text(st, 3, json_string_value(json_object_get(in, "title")));
    store_bind_text(st, 4, intro);
    store_bind_int(st, 5, clock_now());
    store_bind_text(st, 6, cx->actor);
    e = sg_store(cx, store_one_int(st, id, NULL));
    store_finalize(st);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(in, "purposes"), i, v) {
        if (e)
            break;
        if ((e = consent_prepare(cx, "INSERT INTO consent_form_purposes (form_id, setting_id, purpose, position, text)"
                                     " VALUES (?, ?, ?, ?, ?)", &st)))
            break;
        store_bind_int(st, 1, *id);
        store_bind_int(st, 2, cx->setting_id);
        store_bind_text(st, 3, json_string_value(json_object_get(v, "purpose")));
        store_bind_int(st, 4, (int64_t)i);
        store_bind_text(st, 5, json_string_value(json_object_get(v, "text")));
        e = consent_run(cx, st);
    }
    if (!e) {
        json_t *d = json_deep_copy(in);
        json_object_set_new(d, "version", json_integer(version));
        e = audit_append(cx, "consent.form_publish", "consent_form", *id, d);
        json_decref(d);
    }
    return e;
}

sg_err consent_form_publish(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CONSENT_FORM);
    if (e)
        return e;
    int64_t id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, consent_form_publish_tx(cx, in, &id))))
        return e;
    return consent_form_get(cx, id, out);
}

/* Forms are read by every adult and by portal parents (they sign them). */
static sg_err may_read(sg_ctx *cx)
{
    return cx->parent_id ? SG_OK : perm_require(cx, PERM_CONSENT_READ);
}

static sg_err purposes_of(sg_ctx *cx, int64_t form_id, json_t **out)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT purpose, text FROM consent_form_purposes WHERE form_id = ? AND setting_id = ?"
                                   " ORDER BY position", &st);
    if (e)
        return e;
    store_bind_int(st, 1, form_id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        const consent_purpose *p = consent_purpose_find(store_col_text(st, 0));
        json_array_append_new(a, json_pack("{ss ss ss sb so}", "purpose", store_col_text(st, 0), "label",
                                           p ? p->label : "", "text", store_col_text(st, 1), "public",
                                           p && p->public_use, "implies",
                                           p && p->implies ? json_string(p->implies) : json_null()));
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

static json_t *form_row(store_stmt *st)
{
    char at[21];
    clock_iso(store_col_int(st, 4), at);
    return json_pack("{sI sI ss so ss ss}", "id", (json_int_t)store_col_int(st, 0), "version",
                     (json_int_t)store_col_int(st, 1), "title", store_col_text(st, 2), "intro",
                     store_col_null(st, 3) ? json_null() : json_string(store_col_text(st, 3)), "published_at", at,
                     "published_by", store_col_text(st, 5));
}

#define FORM_COLS "SELECT id, version, title, intro, published_at, published_by FROM consent_forms"

sg_err consent_form_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = may_read(cx);
    if (e)
        return e;
    store_stmt *st;
    if ((e = consent_prepare(cx, FORM_COLS " WHERE id = ? AND setting_id = ?", &st)))
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    json_t *o = NULL;
    if (!(e = store_step(st, &row)) && row)
        o = form_row(st);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!o)
        return sg_fail(cx, SG_ENOTFOUND, "there is no consent form %lld in this setting", (long long)id);
    json_t *ps = NULL;
    if ((e = purposes_of(cx, id, &ps))) {
        json_decref(o);
        return e;
    }
    json_object_set_new(o, "purposes", ps);
    *out = o;
    return SG_OK;
}

sg_err consent_form_list(sg_ctx *cx, json_t **out)
{
    sg_err e = may_read(cx);
    if (e)
        return e;
    store_stmt *st;
    if ((e = consent_prepare(cx, FORM_COLS " WHERE setting_id = ? ORDER BY version DESC", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, form_row(st));
    store_finalize(st);
    size_t i;
    json_t *f;
    json_array_foreach(a, i, f) {
        json_t *ps = NULL;
        if (!e && !(e = purposes_of(cx, json_integer_value(json_object_get(f, "id")), &ps)))
            json_object_set_new(f, "purposes", ps);
    }
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "forms", a);
    return SG_OK;
}

sg_err consent_form_current(sg_ctx *cx, int64_t *id)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT id FROM consent_forms WHERE setting_id = ? ORDER BY version DESC LIMIT 1", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    *id = 0;
    e = sg_store(cx, store_one_int(st, id, NULL));
    store_finalize(st);
    return e;
}
