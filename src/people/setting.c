/* setting.c — organisations and settings (PEOPLE-01). A setting always
 * belongs to an organisation: a single setting gets one of its own; a group
 * or local authority holds many, on one PostgreSQL database. */
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "people.h"

const char *const setting_kinds[] = {"nursery", "pre-school", "childminder", "out-of-school", NULL};

static bool one_of(const char *const *list, const char *s)
{
    for (int i = 0; s && list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

sg_err setting_create(sg_ctx *cx, const char *org_name, const char *org_kind,
                      const char *name, const char *kind, int64_t *id)
{
    static const char *const org_kinds[] = {"single", "group", "local-authority", NULL};
    if (!name || !*name || strlen(name) > 200)
        return sg_fail_field(cx, SG_EINVAL, "setting", "the setting needs a name of up to 200 characters");
    if (!one_of(setting_kinds, kind))
        return sg_fail_field(cx, SG_EINVAL, "kind", "kind must be nursery, pre-school, childminder or out-of-school");
    if (!one_of(org_kinds, org_kind))
        return sg_fail_field(cx, SG_EINVAL, "organisation_kind", "organisation kind must be single, group or local-authority");
    int64_t now = clock_now(), org = 0;
    store_stmt *st;
    bool found = false;
    /* A group's settings share its organisation record. */
    sg_err e = store_prepare(cx->db, "SELECT id FROM organisations WHERE name = ? AND kind = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_text(st, 1, org_name);
    store_bind_text(st, 2, org_kind);
    e = store_one_int(st, &org, &found);
    store_finalize(st);
    if (!e && (!found || strcmp(org_kind, "single") == 0)) {
        if (!(e = store_prepare(cx->db, "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?) RETURNING id", &st))) {
            store_bind_text(st, 1, org_name);
            store_bind_text(st, 2, org_kind);
            store_bind_int(st, 3, now);
            e = store_one_int(st, &org, NULL);
            store_finalize(st);
        }
    }
    if (!e && !(e = store_prepare(cx->db, "INSERT INTO settings (organisation_id, name, kind, created_at)"
                                          " VALUES (?, ?, ?, ?) RETURNING id", &st))) {
        store_bind_int(st, 1, org);
        store_bind_text(st, 2, name);
        store_bind_text(st, 3, kind);
        store_bind_int(st, 4, now);
        e = store_one_int(st, id, NULL);
        store_finalize(st);
    }
    if (e)
        return sg_store(cx, e);
    cx->setting_id = *id;
    if ((e = audit_chain_start(cx, *id)))
        return e;
    json_t *d = json_pack("{ss ss ss ss}", "name", name, "kind", kind, "organisation", org_name,
                          "organisation_kind", org_kind);
    e = audit_append(cx, "setting.create", "setting", *id, d);
    json_decref(d);
    return e;
}

sg_err setting_get(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_SETTING_READ);
    if (e)
        return e;
    store_stmt *st;
    if ((e = store_prepare(cx->db, "SELECT s.id, s.name, s.kind, o.id, o.name, o.kind FROM settings s"
                                   " JOIN organisations o ON o.id = s.organisation_id WHERE s.id = ?", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    *out = NULL;
    if (!(e = store_step(st, &row)) && row)
        *out = json_pack("{sI ss ss s{sI ss ss}}", "id", (json_int_t)store_col_int(st, 0),
                         "name", store_col_text(st, 1), "kind", store_col_text(st, 2),
                         "organisation", "id", (json_int_t)store_col_int(st, 3),
                         "name", store_col_text(st, 4), "kind", store_col_text(st, 5));
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return *out ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "no such setting");
}
