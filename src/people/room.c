/* room.c — rooms and outdoor areas (PEOPLE-02), and which of them are
 * mobile zones or quiet spaces (PERSONAL-DEVICES-07, VISITORS-11). Each is classed as a
 * children's area, an adults-only area (office, staff room, kitchen) or a
 * private area (toilets, changing areas): later rules check mobile zones,
 * device storage and camera siting against that class. A room is closed
 * with a date, never deleted, and not while children are still in it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/fields.h"
#include "people.h"

static const char *const classes[] = {"children", "adults-only", "private", NULL};

static const field_spec room_fields[] = {
    {"name", F_TEXT, 80, F_REQUIRED},
    {"class", F_ENUM, 0, F_REQUIRED, classes},
    {"outdoor", F_BOOL, 0, 0},
    {"min_age_months", F_INT, 216, F_NULLABLE},
    {"max_age_months", F_INT, 216, F_NULLABLE},
    {"mobile_zone", F_BOOL, 0, 0},
    {"quiet_space", F_BOOL, 0, 0},
    {"ended_on", F_DATE, 0, F_NOEDIT | F_NULLABLE},
    {NULL},
};

/* Children currently in a room. */
static sg_err children_in(sg_ctx *cx, int64_t id, int64_t *n)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT count(*) FROM children WHERE room_id = ? AND setting_id = ?"
                                     " AND leave_date IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    e = sg_store(cx, store_one_int(st, n, NULL));
    store_finalize(st);
    return e;
}

static sg_err room_rules(sg_ctx *cx, int64_t id, json_t *in, json_t *old)
{
    sg_err e;
    json_t *lo = fields_pick(in, old, "min_age_months"), *hi = fields_pick(in, old, "max_age_months");
    if (json_is_integer(lo) && json_is_integer(hi) && json_integer_value(lo) > json_integer_value(hi))
        return sg_fail_field(cx, SG_EINVAL, "max_age_months", "max_age_months is below min_age_months");
    /* PERSONAL-DEVICES-07, VISITORS-11: phones may be used only where
     * children cannot and will not be: a mobile zone (staff) or a quiet
     * space (permitted visitors) is an adults-only room, whatever else
     * changes. */
    const char *cls_now = json_string_value(fields_pick(in, old, "class"));
    static const char *const zones[] = {"mobile_zone", "quiet_space"};
    for (int i = 0; i < 2; i++)
        if (json_is_true(fields_pick(in, old, zones[i])) && cls_now && strcmp(cls_now, "adults-only") != 0)
            return sg_fail_field(cx, SG_EPOLICY, json_object_get(in, zones[i]) ? zones[i] : "class",
                                 "only an adults-only room, where children cannot and will not be, may be a %s; "
                                 "this room is %s",
                                 i ? "quiet space for visitors' phones" : "mobile zone for staff phones",
                                 strcmp(cls_now, "children") == 0 ? "a children's room" : "a private area children use");
    json_t *cls = json_object_get(in, "class");
    int64_t n = 0;
    if (old && cls && strcmp(json_string_value(cls), "children") != 0 && (e = children_in(cx, id, &n)))
        return e;
    if (n > 0)
        return sg_fail_field(cx, SG_ECONFLICT, "class", "children are in this room; move them before re-classing it");
    return SG_OK;
}

sg_err room_add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = fields_check(cx, room_fields, in, false);
    if (!e && json_object_get(in, "ended_on"))
        e = sg_fail_field(cx, SG_EINVAL, "ended_on", "a new room cannot be closed already");
    if (!e)
        e = room_rules(cx, 0, in, NULL);
    if (!e && (e = fields_insert(cx, "rooms", room_fields, in, id)) == SG_EEXISTS)
        e = sg_fail_field(cx, SG_EEXISTS, "name", "there is already a room with this name");
    if (!e)
        e = audit_append(cx, "room.add", "room", *id, in);
    return e;
}



sg_err room_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_ROOM_READ);
    if (!e)
        e = fields_get(cx, "rooms", room_fields, id, out);
    int64_t n = 0;
    if (!e && (e = children_in(cx, id, &n))) {
        json_decref(*out);
        *out = NULL;
    }
    if (!e)
        json_object_set_new(*out, "children", json_integer(n));
    return e;
}

sg_err room_list(sg_ctx *cx, const people_query *q, json_t **out)
{
    sg_err e = perm_require(cx, PERM_ROOM_READ);
    if (e)
        return e;
    char cols[512], sql[1200];
    char *like = people_like(q ? q->q : NULL);
    snprintf(sql, sizeof sql,
             "SELECT %s, (SELECT count(*) FROM children c WHERE c.room_id = r.id AND c.leave_date IS NULL)"
             " FROM rooms r WHERE r.setting_id = ?%s%s ORDER BY r.name",
             fields_columns(room_fields, "r", cols, sizeof cols),
             q && q->include_ended ? "" : " AND r.ended_on IS NULL",
             like ? " AND lower(r.name) LIKE ? ESCAPE '!'" : "");
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
    int ncol = store_col_count(st);
    while (!(e = store_step(st, &row)) && row) {
        json_t *r = fields_row(st, room_fields, 0);
        json_object_set_new(r, "children", json_integer(store_col_int(st, ncol - 1)));
        json_array_append_new(a, r);
    }
    store_finalize(st);
    free(like);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "rooms", a);
    return SG_OK;
}



static sg_err room_end_rules(sg_ctx *cx, int64_t id, json_t *old, const char *date)
{
    (void)old;
    (void)date;
    int64_t n = 0;
    sg_err e = children_in(cx, id, &n);
    if (!e && n > 0)
        e = sg_fail(cx, SG_ECONFLICT, "children are still in this room; move them first");
    return e;
}

static const people_kind room_kind = {
    .table = "rooms", .type = "room", .end_col = "ended_on", .spec = room_fields,
    .write_perm = PERM_ROOM_WRITE, .add_tx = room_add_tx, .get = room_get,
    .rules = room_rules, .end_rules = room_end_rules,
};

sg_err room_add(sg_ctx *cx, json_t *in, json_t **out) { return people_add(cx, &room_kind, in, out); }
sg_err room_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_edit(cx, &room_kind, id, in, out); }
sg_err room_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out) { return people_end(cx, &room_kind, id, in, out); }
