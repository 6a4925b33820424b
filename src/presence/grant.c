/* grant.c — a manager's permission for one adult to use a personal device
 * in working time: the exceptions the seeds allow, and no others.
 *
 *   emergency       in an adults-only room away from children, for at most
 *                   the setting's emergency limit (PERSONAL-DEVICES-09)
 *   virtual-course  own device or a loaned manager's iPad, away from
 *                   children, where personal ICT is allowed (-16, CONFIG-15)
 *   home-visit      a manager's own phone for calls during the visit (-17)
 *   outing          own phone for emergencies only, where the setting
 *                   allows it (-18, OUTINGS-03, CONFIG-05)
 *
 * Every grant is limited in purpose and time (-19): an end is required and
 * no grant outlives the setting's limit. There is no kind for images: a
 * request to use a personal device for photographs is refused by name. */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "../policy/policy.h"
#include "presence.h"
#include "office.h"
#include "presence_int.h"

static const char *const kinds[] = {"emergency", "home-visit", "outing", "virtual-course", NULL};
static const char *const course_devices[] = {"own-device", "loaned-ipad", NULL};

static const field_spec grant_fields[] = {
    {"adult_id", F_ID, 0, F_REQUIRED | F_NOCOL},
    {"kind", F_TEXT, 40, F_REQUIRED | F_NOCOL},
    {"reason", F_TEXT, 500, F_REQUIRED | F_NOCOL},
    {"room_id", F_ID, 0, F_NULLABLE | F_NOCOL},
    {"course_device", F_ENUM, 0, F_NULLABLE | F_NOCOL, course_devices},
    {"outing_id", F_ID, 0, F_NULLABLE | F_NOCOL},
    {"home_visit_id", F_ID, 0, F_NULLABLE | F_NOCOL},
    {"starts_at", F_TEXT, 20, F_NULLABLE | F_NOCOL},
    {"ends_at", F_TEXT, 20, F_REQUIRED | F_NOCOL},
    {"requested_by", F_TEXT, 200, F_NULLABLE | F_NOCOL},
    {NULL},
};

/* Words that name an imaging purpose: never a grant (PERSONAL-DEVICES-19). */
static bool imaging(const char *kind)
{
    static const char *const words[] = {"photo", "image", "picture", "video", "film", "record", "camera", NULL};
    for (int i = 0; words[i]; i++)
        if (strstr(kind, words[i]))
            return true;
    return false;
}

/* The terms recorded with each kind, shown to the adult. */
static const char *terms_for(const char *kind)
{
    if (!strcmp(kind, "emergency"))
        return "For this emergency only, in the room named, away from children; not with or near children.";
    if (!strcmp(kind, "virtual-course"))
        return "For the virtual course only, away from children; never for images or information about children.";
    if (!strcmp(kind, "home-visit"))
        return "For calls needed during this home visit only; no photographs.";
    return "For emergencies only on this outing: no personal calls and no photographs (OUTINGS-03).";
}

/* The room must be a current adults-only room: away from children. */
static sg_err away_from_children(sg_ctx *cx, json_t *room, const char *why)
{
    if (!json_is_integer(room))
        return sg_fail_field(cx, SG_EINVAL, "room_id", "say where: %s needs a room away from children", why);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT class FROM rooms WHERE id = ? AND setting_id = ? AND ended_on IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, json_integer_value(room));
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    char cls[20] = "";
    if (!(e = store_step(st, &row)) && row)
        snprintf(cls, sizeof cls, "%s", store_col_text(st, 0));
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!cls[0])
        return sg_fail_field(cx, SG_EINVAL, "room_id", "there is no such room here");
    if (strcmp(cls, "adults-only") != 0)
        return sg_fail_field(cx, SG_EPOLICY, "room_id", "%s must be in an adults-only room, away from children; "
                                                        "this room is %s", why,
                             strcmp(cls, "children") == 0 ? "a children's room" : "a private area children use");
    return SG_OK;
}

/* A phone on an outing or a home visit is for that trip only: the adult
 * must be on the recorded outing (visit), and the permission ends when it
 * does (OUTINGS-01, -05; PERSONAL-DEVICES-17). */
static sg_err on_the_trip(sg_ctx *cx, json_t *in, bool visit, int64_t adult, int64_t starts, int64_t ends)
{
    const char *field = visit ? "home_visit_id" : "outing_id";
    json_t *j = json_object_get(in, field);
    if (!json_is_integer(j))
        return sg_fail_field(cx, SG_EINVAL, field, visit ? "name the recorded home visit this phone is for (OUTINGS-05)"
                                                         : "name the recorded outing this phone is for (OUTINGS-01)");
    int64_t from = 0, to = 0;
    sg_err e = visit ? home_visit_has_adult(cx, json_integer_value(j), adult, &from, &to)
                     : outing_has_adult(cx, json_integer_value(j), adult, &from, &to);
    if (e)
        return e;
    if (starts >= to || ends > to)
        return sg_fail_field(cx, SG_EINVAL, "ends_at", "the permission must end by the time the %s ends",
                             visit ? "home visit" : "outing");
    return SG_OK;
}

static sg_err check_rules(sg_ctx *cx, json_t *in, int64_t adult, const char *kind, int64_t starts, int64_t ends)
{
    sg_err e;
    unsigned roles = 0;
    if (adult == cx->actor_id && strcmp(kind, "home-visit") != 0)
        return sg_fail_field(cx, SG_EFORBIDDEN, "adult_id", "nobody may grant themselves permission to use a "
                                                            "personal device");
    int64_t now = clock_now(), limit = 0;
    if (ends <= starts || ends <= now)
        return sg_fail_field(cx, SG_EINVAL, "ends_at", "the permission must end after it starts, and in the future");
    if ((e = policy_int(cx, strcmp(kind, "emergency") == 0 ? "emergency.max_minutes" : "grants.max_minutes", &limit)))
        return e;
    if (ends - starts > limit * 60)
        return sg_fail_field(cx, SG_EINVAL, "ends_at", "this setting allows at most %lld minutes for this permission",
                             (long long)limit);
    if (!strcmp(kind, "emergency"))
        return away_from_children(cx, json_object_get(in, "room_id"), "emergency use");
    if (!strcmp(kind, "virtual-course")) {
        if (!policy_is(cx, "personal_ict", "non-imaging"))
            return sg_fail_field(cx, SG_EPOLICY, "kind", "this setting does not allow personal ICT equipment, even "
                                                         "with permission (CONFIG-15); lend the manager's iPad instead");
        if (!json_is_string(json_object_get(in, "course_device")))
            return sg_fail_field(cx, SG_EINVAL, "course_device", "say whether the course is on their own device "
                                                                 "or a loaned iPad (PERSONAL-DEVICES-16)");
        return away_from_children(cx, json_object_get(in, "room_id"), "a virtual course");
    }
    if (!strcmp(kind, "home-visit")) {
        store_stmt *st;
        if ((e = store_prepare(cx->db, "SELECT count(*) FROM adult_roles WHERE adult_id = ? AND setting_id = ?"
                                       " AND role = 'manager'", &st)))
            return sg_store(cx, e);
        store_bind_int(st, 1, adult);
        store_bind_int(st, 2, cx->setting_id);
        int64_t n = 0;
        e = store_one_int(st, &n, NULL);
        store_finalize(st);
        if (e)
            return sg_store(cx, e);
        roles = n ? 1 : 0;
        if (!roles)
            return sg_fail_field(cx, SG_EPOLICY, "adult_id", "only a manager may take her personal phone on a home "
                                                             "visit (PERSONAL-DEVICES-17)");
        return on_the_trip(cx, in, true, adult, starts, ends);
    }
    /* outing */
    if (!policy_is(cx, "outings.own_phone", "own-for-emergencies"))
        return sg_fail_field(cx, SG_EPOLICY, "kind", "this setting's outings use the setting's phones only "
                                                     "(CONFIG-05)");
    return on_the_trip(cx, in, false, adult, starts, ends);
}

static sg_err parse_times(sg_ctx *cx, json_t *in, int64_t *starts, int64_t *ends)
{
    const char *s = json_string_value(json_object_get(in, "starts_at"));
    *starts = clock_now();
    if (s && !clock_parse_iso(s, starts))
        return sg_fail_field(cx, SG_EINVAL, "starts_at", "starts_at is a time written YYYY-MM-DDTHH:MM:SSZ");
    if (!clock_parse_iso(json_string_value(json_object_get(in, "ends_at")), ends) ||
        strlen(json_string_value(json_object_get(in, "ends_at"))) != 20)
        return sg_fail_field(cx, SG_EINVAL, "ends_at", "ends_at is a time written YYYY-MM-DDTHH:MM:SSZ");
    return SG_OK;
}

static json_t *grant_row(store_stmt *st)
{
    json_t *o = json_pack("{sI sI ss ss ss}", "id", (json_int_t)store_col_int(st, 0), "adult_id",
                          (json_int_t)store_col_int(st, 1), "adult_name", store_col_text(st, 2), "kind",
                          store_col_text(st, 3), "reason", store_col_text(st, 4));
    json_object_set_new(o, "room_id", store_col_null(st, 5) ? json_null() : json_integer(store_col_int(st, 5)));
    json_object_set_new(o, "room_name", store_col_null(st, 6) ? json_null() : json_string(store_col_text(st, 6)));
    json_object_set_new(o, "course_device", store_col_null(st, 7) ? json_null() : json_string(store_col_text(st, 7)));
    json_object_set_new(o, "starts_at", presence_iso(store_col_int(st, 8)));
    json_object_set_new(o, "ends_at", presence_iso(store_col_int(st, 9)));
    json_object_set_new(o, "granted_by", json_string(store_col_text(st, 10)));
    json_object_set_new(o, "terms", json_string(store_col_text(st, 11)));
    json_object_set_new(o, "ended_at", presence_iso(store_col_int(st, 12)));
    json_object_set_new(o, "requested_by", store_col_null(st, 13) ? json_null() : json_string(store_col_text(st, 13)));
    return o;
}

#define GRANT_SELECT                                                                                         \
    "SELECT g.id, g.adult_id, a.first_name || ' ' || a.last_name, g.kind, g.reason, g.room_id, r.name,"      \
    " g.course_device, g.starts_at, g.ends_at, g.granted_by, g.terms, g.ended_at, g.requested_by"              \
    " FROM device_grants g JOIN adults a ON a.id = g.adult_id LEFT JOIN rooms r ON r.id = g.room_id"

static sg_err grant_load(sg_ctx *cx, int64_t id, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, GRANT_SELECT " WHERE g.id = ? AND g.setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    *out = NULL;
    if (!(e = store_step(st, &row)) && row)
        *out = grant_row(st);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return *out ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "no such permission");
}

sg_err grant_create(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_GRANT);
    if (!e)
        e = fields_check(cx, grant_fields, in, false);
    if (e)
        return e;
    const char *kind = json_string_value(json_object_get(in, "kind"));
    bool known = false;
    for (int i = 0; kinds[i]; i++)
        known |= strcmp(kinds[i], kind) == 0;
    if (!known && imaging(kind))
        return sg_fail_field(cx, SG_EPOLICY, "kind", "a personal device may never be used to take, store or send "
                                                     "images or recordings of children (PERSONAL-DEVICES-19)");
    if (!known)
        return sg_fail_field(cx, SG_EINVAL, "kind", "kind must be emergency, home-visit, outing or virtual-course");
    int64_t adult = json_integer_value(json_object_get(in, "adult_id")), starts, ends, id = 0;
    if ((e = parse_times(cx, in, &starts, &ends)))
        return e;
    char name[200];
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = presence_adult_name(cx, adult, "adult_id", name, sizeof name)))
        e = check_rules(cx, in, adult, kind, starts, ends);
    if (!e) {
        store_stmt *st;
        if (!(e = store_prepare(cx->db, "INSERT INTO device_grants (setting_id, adult_id, kind, reason, room_id,"
                                        " course_device, outing_id, home_visit_id, starts_at, ends_at, requested_by,"
                                        " granted_by, terms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                        " ?, ?) RETURNING id", &st))) {
            json_t *j;
            store_bind_int(st, 1, cx->setting_id);
            store_bind_int(st, 2, adult);
            store_bind_text(st, 3, kind);
            store_bind_text(st, 4, json_string_value(json_object_get(in, "reason")));
            static const char *const opt_ids[] = {"room_id", NULL, "outing_id", "home_visit_id"};
            for (int i = 0; i < 4; i++) {
                if (i == 1) {
                    store_bind_text(st, 6, json_string_value(json_object_get(in, "course_device")));
                    continue;
                }
                j = json_object_get(in, opt_ids[i]);
                json_is_integer(j) ? store_bind_int(st, 5 + i, json_integer_value(j)) : store_bind_null(st, 5 + i);
            }
            store_bind_int(st, 9, starts);
            store_bind_int(st, 10, ends);
            store_bind_text(st, 11, json_string_value(json_object_get(in, "requested_by")));
            store_bind_text(st, 12, cx->actor);
            store_bind_text(st, 13, terms_for(kind));
            store_bind_int(st, 14, clock_now());
            e = sg_store(cx, store_one_int(st, &id, NULL));
            store_finalize(st);
        } else {
            e = sg_store(cx, e);
        }
    }
    if (!e) {
        json_t *d = json_deep_copy(in);
        json_object_set_new(d, "adult", json_string(name));
        json_object_set_new(d, "terms", json_string(terms_for(kind)));
        e = audit_append(cx, "grant.create", "grant", id, d);
        json_decref(d);
    }
    if (!e)
        e = findings_refresh(cx, "presence");
    if ((e = store_end(cx->db, e)))
        return e;
    return grant_load(cx, id, out);
}

sg_err grant_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_GRANT);
    if (e)
        return e;
    (void)in;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    json_t *g = NULL;
    int64_t now = clock_now(), ends = 0;
    if (!(e = grant_load(cx, id, &g))) {
        clock_parse_iso(json_string_value(json_object_get(g, "ends_at")), &ends);
        if (!json_is_null(json_object_get(g, "ended_at")) || ends <= now)
            e = sg_fail(cx, SG_ECONFLICT, "this permission has already ended");
    }
    store_stmt *st;
    bool row;
    if (!e && !(e = store_prepare(cx->db, "UPDATE device_grants SET ended_at = ? WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, now);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        e = store_step(st, &row);
        store_finalize(st);
    }
    /* A device out under it is due back now. */
    if (!e && !(e = store_prepare(cx->db, "UPDATE personal_devices SET due_back_at = ? WHERE grant_id = ?"
                                          " AND setting_id = ? AND state = 'out'", &st))) {
        store_bind_int(st, 1, now);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        e = store_step(st, &row);
        store_finalize(st);
    }
    e = sg_store(cx, e);
    if (!e)
        e = audit_append(cx, "grant.end", "grant", id, NULL);
    if (!e)
        e = findings_refresh(cx, "presence");
    json_decref(g);
    if ((e = store_end(cx->db, e)))
        return e;
    return grant_load(cx, id, out);
}

sg_err grant_list(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_SHIFT_READ);
    if (e)
        return e;
    char today[11];
    int64_t now = clock_now(), midnight = 0;
    presence_date(now, today);
    presence_local_time(today, "00:00", &midnight);
    store_stmt *st;
    if ((e = store_prepare(cx->db, GRANT_SELECT " WHERE g.setting_id = ? AND (g.ends_at > ? OR g.created_at >= ?)"
                                                " ORDER BY g.starts_at DESC, g.id DESC", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, now);
    store_bind_int(st, 3, midnight);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        json_t *g = grant_row(st);
        int64_t ends = store_col_int(st, 9), starts = store_col_int(st, 8);
        json_object_set_new(g, "in_force", json_boolean(store_col_null(st, 12) && starts <= now && ends > now));
        json_array_append_new(a, g);
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "grants", a);
    return SG_OK;
}

sg_err grant_current(sg_ctx *cx, int64_t adult, int64_t now, int64_t *grant_id, int64_t *ends_at)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, ends_at FROM device_grants WHERE adult_id = ? AND setting_id = ?"
                                     " AND ended_at IS NULL AND starts_at <= ? AND ends_at > ?"
                                     " ORDER BY ends_at DESC", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult);
    store_bind_int(st, 2, cx->setting_id);
    store_bind_int(st, 3, now);
    store_bind_int(st, 4, now);
    bool row;
    *grant_id = *ends_at = 0;
    if (!(e = store_step(st, &row)) && row) {
        *grant_id = store_col_int(st, 0);
        *ends_at = store_col_int(st, 1);
    }
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}
