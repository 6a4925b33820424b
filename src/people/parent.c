/* parent.c — parents and carers, and their links to children (PEOPLE-11).
 * A link says how the adult is related to the child, whether they hold
 * parental responsibility and whether they may give and withdraw consent
 * for that child; only someone with parental responsibility may consent.
 * Links and parents end with a date; nothing is deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "people.h"

static const field_spec parent_fields[] = {
    {"first_name", F_TEXT, 80, F_REQUIRED},
    {"last_name", F_TEXT, 80, F_REQUIRED},
    {"email", F_EMAIL, 200, F_NULLABLE},
    {"phone", F_TEXT, 40, F_NULLABLE},
    {"ended_on", F_DATE, 0, F_NOEDIT | F_NULLABLE},
    {NULL},
};

/* What the contact is to the child, for consent (CONSENT-05): the social
 * worker and local authority sign for a looked-after child. */
static const char *const link_kinds[] = {"parent", "carer", "social_worker", "local_authority", NULL};

static const field_spec link_fields[] = {
    {"parent_id", F_ID, 0, F_REQUIRED},
    {"kind", F_ENUM, 0, 0, link_kinds},
    {"relationship", F_TEXT, 40, F_REQUIRED},
    {"parental_responsibility", F_BOOL, 0, 0},
    {"may_consent", F_BOOL, 0, 0},
    {NULL},
};

sg_err parent_add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = fields_check(cx, parent_fields, in, false);
    if (!e && json_object_get(in, "ended_on"))
        e = sg_fail_field(cx, SG_EINVAL, "ended_on", "a new parent cannot be ended already");
    if (!e)
        e = fields_insert(cx, "parents", parent_fields, in, id);
    if (!e)
        e = audit_append(cx, "parent.add", "parent", *id, in);
    return e;
}


static sg_err attach_children(sg_ctx *cx, json_t *p)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
        "SELECT l.id, c.id, c.first_name || ' ' || c.last_name, l.relationship, l.parental_responsibility,"
        " l.may_consent, l.kind FROM child_parents l JOIN children c ON c.id = l.child_id"
        " WHERE l.parent_id = ? AND l.setting_id = ? AND l.ended_on IS NULL ORDER BY c.last_name, c.first_name", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, json_integer_value(json_object_get(p, "id")));
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    /* Whose social worker someone is, is a looked-after detail. */
    bool sensitive_ok = perm_has(cx, PERM_CHILD_SENSITIVE);
    while (!(e = store_step(st, &row)) && row) {
        const char *kind = store_col_text(st, 6);
        if (!sensitive_ok && (!strcmp(kind, "social_worker") || !strcmp(kind, "local_authority")))
            continue;
        json_array_append_new(a, json_pack("{sI sI ss ss sb sb ss}", "link_id", (json_int_t)store_col_int(st, 0),
                                           "child_id", (json_int_t)store_col_int(st, 1), "name", store_col_text(st, 2),
                                           "relationship", store_col_text(st, 3),
                                           "parental_responsibility", (int)store_col_int(st, 4),
                                           "may_consent", (int)store_col_int(st, 5), "kind",
                                           store_col_text(st, 6)));
    }
    store_finalize(st);
    json_object_set_new(p, "children", a);
    return sg_store(cx, e);
}

sg_err parent_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_PARENT_READ);
    if (!e)
        e = fields_get(cx, "parents", parent_fields, id, out);
    if (!e && (e = attach_children(cx, *out))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

/* A parent's links end with them: they can no longer consent. */
static sg_err parent_after_end(sg_ctx *cx, int64_t id, const char *date)
{
    return people_set_date(cx, "UPDATE child_parents SET ended_on = ? WHERE parent_id = ? AND setting_id = ?"
                               " AND ended_on IS NULL", date, id);
}

static const people_kind parent_kind = {
    .table = "parents", .type = "parent", .end_col = "ended_on", .spec = parent_fields,
    .write_perm = PERM_PARENT_WRITE, .add_tx = parent_add_tx, .get = parent_get, .after_end = parent_after_end,
};

sg_err parent_add(sg_ctx *cx, json_t *in, json_t **out) { return people_add(cx, &parent_kind, in, out); }
sg_err parent_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_edit(cx, &parent_kind, id, in, out); }
sg_err parent_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_end(cx, &parent_kind, id, in, out); }

sg_err parent_list(sg_ctx *cx, const people_query *q, json_t **out)
{
    sg_err e = perm_require(cx, PERM_PARENT_READ);
    if (e)
        return e;
    char cols[400], sql[1000];
    char *like = people_like(q ? q->q : NULL);
    snprintf(sql, sizeof sql, "SELECT %s FROM parents p WHERE p.setting_id = ?%s%s"
             " ORDER BY p.last_name, p.first_name, p.id",
             fields_columns(parent_fields, "p", cols, sizeof cols),
             q && q->include_ended ? "" : " AND p.ended_on IS NULL",
             like ? " AND lower(p.first_name || ' ' || p.last_name) LIKE ? ESCAPE '!'" : "");
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
        json_array_append_new(a, fields_row(st, parent_fields, 0));
    store_finalize(st);
    free(like);
    size_t i;
    json_t *p;
    json_array_foreach(a, i, p) {
        if (!e)
            e = attach_children(cx, p);
    }
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "parents", a);
    return SG_OK;
}




sg_err child_link_parent_tx(sg_ctx *cx, int64_t child_id, json_t *in, int64_t *link_id)
{
    sg_err e = fields_check(cx, link_fields, in, false);
    if (e)
        return e;
    json_t *pr = json_object_get(in, "parental_responsibility");
    json_t *mc = json_object_get(in, "may_consent");
    bool has_pr = pr ? json_is_true(pr) : true;
    bool may = mc ? json_is_true(mc) : has_pr;
    if (may && !has_pr)
        return sg_fail_field(cx, SG_EINVAL, "may_consent", "only someone with parental responsibility may give consent");
    json_object_set_new(in, "parental_responsibility", json_boolean(has_pr));
    json_object_set_new(in, "may_consent", json_boolean(may));
    int64_t pid = json_integer_value(json_object_get(in, "parent_id"));
    store_stmt *st;
    bool row;
    /* The child is the path's record: unknown or another setting's is 404. */
    if ((e = store_prepare(cx->db, "SELECT leave_date FROM children WHERE id = ? AND setting_id = ?", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, child_id);
    store_bind_int(st, 2, cx->setting_id);
    if (!(e = store_step(st, &row)) && !row)
        e = sg_fail(cx, SG_ENOTFOUND, "no such child");
    else if (!e && !store_col_null(st, 0))
        e = sg_fail(cx, SG_ECONFLICT, "this child has left; their record is closed");
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if ((e = store_prepare(cx->db, "SELECT ended_on, (SELECT count(*) FROM child_parents l WHERE l.parent_id = p.id"
                                   " AND l.child_id = ? AND l.ended_on IS NULL) FROM parents p"
                                   " WHERE p.id = ? AND p.setting_id = ?", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, child_id);
    store_bind_int(st, 2, pid);
    store_bind_int(st, 3, cx->setting_id);
    if (!(e = store_step(st, &row))) {
        if (!row)
            e = sg_fail_field(cx, SG_EINVAL, "parent_id", "parent %lld does not exist in this setting", (long long)pid);
        else if (!store_col_null(st, 0))
            e = sg_fail_field(cx, SG_EINVAL, "parent_id", "that parent's record has ended");
        else if (store_col_int(st, 1) > 0)
            e = sg_fail_field(cx, SG_ECONFLICT, "parent_id", "this parent is already linked to this child");
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if ((e = store_prepare(cx->db, "INSERT INTO child_parents (setting_id, child_id, parent_id, relationship,"
                                   " parental_responsibility, may_consent, created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?,"
                                   " ?) RETURNING id", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, child_id);
    store_bind_int(st, 3, pid);
    store_bind_text(st, 4, json_string_value(json_object_get(in, "relationship")));
    store_bind_int(st, 5, has_pr);
    store_bind_int(st, 6, may);
    store_bind_int(st, 7, clock_now());
    const char *kind = json_string_value(json_object_get(in, "kind"));
    store_bind_text(st, 8, kind ? kind : "parent");
    e = store_one_int(st, link_id, NULL);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    json_t *d = json_deep_copy(in);
    json_object_set_new(d, "child_id", json_integer(child_id));
    e = audit_append(cx, "child.parent_link", "child_parent", *link_id, d);
    json_decref(d);
    return e;
}

sg_err child_link_parent(sg_ctx *cx, int64_t child_id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_PARENT_WRITE);
    if (e)
        return e;
    int64_t link = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    e = store_end(cx->db, child_link_parent_tx(cx, child_id, in, &link));
    return e ? e : child_get(cx, child_id, out);
}

sg_err child_unlink_parent(sg_ctx *cx, int64_t child_id, int64_t link_id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_PARENT_WRITE);
    if (e)
        return e;
    char today[11];
    clock_today(today);
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    bool row;
    if (!(e = store_prepare(cx->db, "SELECT ended_on FROM child_parents WHERE id = ? AND child_id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, link_id);
        store_bind_int(st, 2, child_id);
        store_bind_int(st, 3, cx->setting_id);
        if (!(e = sg_store(cx, store_step(st, &row)))) {
            if (!row)
                e = sg_fail(cx, SG_ENOTFOUND, "no such link between this child and a parent");
            else if (!store_col_null(st, 0))
                e = sg_fail(cx, SG_ECONFLICT, "this link has already ended");
        }
        store_finalize(st);
    }
    if (!e)
        e = people_set_date(cx, "UPDATE child_parents SET ended_on = ? WHERE id = ? AND setting_id = ?", today, link_id);
    json_t *d = json_pack("{sI ss}", "child_id", (json_int_t)child_id, "ended_on", today);
    if (!e)
        e = audit_append(cx, "child.parent_unlink", "child_parent", link_id, d);
    json_decref(d);
    e = store_end(cx->db, sg_store(cx, e));
    return e ? e : child_get(cx, child_id, out);
}
