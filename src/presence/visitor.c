/* visitor.c — visitors signed in and out by the office, and what happened
 * to their phones and smart watches (VISITORS-01…03, -10, -11, CONFIG-06).
 *
 * At sign-in each device is handed to the office ("office"), not brought
 * ("none") or kept ("kept"). Which of these the office may record follows
 * the setting's choice CONFIG-06 (policy visitors.phones):
 *   "office"             devices are left in the office; a visitor keeps one
 *                        only under the lone-working exception (VISITORS-03):
 *                        the setting allows it (visitors.lone_working), the
 *                        organisation and its reason are recorded, and the
 *                        visitor is directed to a quiet space — an
 *                        adults-only room the setting has named as one
 *                        (VISITORS-11). Anything else is refused: they leave
 *                        it in the office.
 *   "keep-not-operated"  visitors keep their devices and are recorded as told
 *                        not to use them on the premises; the lone-working
 *                        exception still names where they may.
 * A visiting professional (VISITORS-10) signs in the same way, marked so.
 *
 * The office holds each handed-in device as a visitor_devices row until it
 * goes back at sign-out (or later, when it was left behind). At closing time
 * (policy day.close_time) a visitor still signed in, or a device still held,
 * is a finding for the manager (VISITORS-02). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../policy/policy.h"
#include "office.h"
#include "office_common.h"
#include "presence.h"

static const char *const fates[] = {"office", "none", "kept", NULL};
static const char *const kinds[] = {"phone", "smart-watch", NULL};

/* What the office enters. */
static const field_spec visitor_in[] = {
    {"name", F_TEXT, 120, F_REQUIRED},
    {"organisation", F_TEXT, 120, F_NULLABLE},
    {"purpose", F_TEXT, 200, F_REQUIRED},
    {"visiting", F_TEXT, 120, F_NULLABLE},
    {"professional", F_BOOL, 0, 0},
    {"phone", F_ENUM, 0, 0, fates},
    {"watch", F_ENUM, 0, 0, fates},
    {"lone_working_reason", F_TEXT, 500, F_NULLABLE},
    {"quiet_space_id", F_ID, 0, F_NULLABLE},
    {NULL},
};

/* What the visit records besides. */
static const field_spec visitor_rec[] = {
    {"lone_working", F_BOOL, 0, 0},
    {"told_not_to_use", F_BOOL, 0, 0},
    {"phones_policy", F_TEXT, 0, 0},
    {"visit_date", F_DATE, 0, 0},
    {"signed_in_at", F_INT, 0, 0},
    {"signed_in_by", F_TEXT, 0, 0},
    {"signed_in_by_id", F_ID, 0, F_NULLABLE},
    {"signed_out_at", F_INT, 0, F_NULLABLE},
    {"signed_out_by", F_TEXT, 0, F_NULLABLE},
    {"signed_out_by_id", F_ID, 0, F_NULLABLE},
    {NULL},
};

static const field_spec sign_out_in[] = {
    {"not_returned", F_LIST, 0, 0, kinds},
    {"note", F_TEXT, 500, F_NULLABLE},
    {NULL},
};

static const field_spec return_in[] = {
    {"kinds", F_LIST, 0, 0, kinds},
    {NULL},
};

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : NULL;
}

static bool listed(json_t *list, const char *s)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        if (strcmp(json_string_value(x), s) == 0)
            return true;
    }
    return false;
}

/* The quiet space a lone worker is directed to (VISITORS-03, -11): an
 * adults-only room the setting has named as a quiet space. A children's or
 * private room can never be one (room.c refuses to mark it), and is
 * refused here by name so the office sees why. */
static sg_err check_quiet_space(sg_ctx *cx, int64_t room_id)
{
    char name[100], cls[16];
    bool quiet = false;
    sg_err e = office_room_ref(cx, room_id, "quiet_space_id", name, sizeof name, cls, &quiet);
    if (e)
        return e;
    if (strcmp(cls, "adults-only") != 0)
        return sg_fail_field(cx, SG_EPOLICY, "quiet_space_id",
                             "%s is a %s area: a visitor may use a phone only in a quiet space away from children "
                             "(VISITORS-03)", name, strcmp(cls, "children") == 0 ? "children's" : "private");
    if (!quiet)
        return sg_fail_field(cx, SG_EPOLICY, "quiet_space_id",
                             "%s is not one of the setting's quiet spaces; the manager names them on the room's "
                             "page (VISITORS-11)", name);
    return SG_OK;
}

/* Decide what sign-in records about devices, by CONFIG-06 and VISITORS-03;
 * sets the defaults and the recorded flags in row. */
static sg_err device_rules(sg_ctx *cx, json_t *row)
{
    char phones[POLICY_VALUE_MAX];
    int64_t lone_allowed = 0;
    sg_err e = policy_text(cx, "visitors.phones", phones);
    if (!e)
        e = policy_int(cx, "visitors.lone_working", &lone_allowed);
    if (e)
        return e;
    bool keep_policy = strcmp(phones, "keep-not-operated") == 0;
    if (!json_object_get(row, "phone"))
        json_object_set_new(row, "phone", json_string(keep_policy ? "kept" : "office"));
    if (!json_object_get(row, "watch"))
        json_object_set_new(row, "watch", json_string("none"));
    bool keeps = strcmp(str(row, "phone"), "kept") == 0 || strcmp(str(row, "watch"), "kept") == 0;
    const char *reason = str(row, "lone_working_reason");
    json_t *quiet = json_object_get(row, "quiet_space_id");
    bool has_quiet = quiet && !json_is_null(quiet);

    if (!keeps && (reason || has_quiet))
        return sg_fail_field(cx, SG_EINVAL, reason ? "lone_working_reason" : "quiet_space_id",
                             "the lone-working exception is only for a visitor who keeps their phone or watch");
    if (keeps && !reason && !keep_policy)
        return sg_fail_field(cx, SG_EPOLICY, "lone_working_reason",
                             "a visitor may keep a phone or smart watch only under a lone-working exception; "
                             "without one it is left in the office (VISITORS-03, CONFIG-06)");
    if (keeps && !reason && has_quiet)
        return sg_fail_field(cx, SG_EINVAL, "lone_working_reason",
                             "a quiet space is named under the lone-working exception: give its reason");
    bool lone = keeps && reason;
    if (lone && !lone_allowed)
        return sg_fail_field(cx, SG_EPOLICY, "lone_working_reason",
                             "this setting does not allow the lone-working exception: the phone is left in the "
                             "office (VISITORS-03)");
    if (lone && !str(row, "organisation"))
        return sg_fail_field(cx, SG_EINVAL, "organisation",
                             "name the organisation whose lone-working policy needs the visitor to keep a phone");
    if (lone && !has_quiet)
        return sg_fail_field(cx, SG_EINVAL, "quiet_space_id",
                             "name the quiet space where the visitor may use their phone (VISITORS-11)");
    if (lone && (e = check_quiet_space(cx, json_integer_value(quiet))))
        return e;
    json_object_set_new(row, "lone_working", json_boolean(lone));
    /* CONFIG-06 (b): a kept device is not to be operated on the premises,
     * except where a lone-working exception directs. */
    json_object_set_new(row, "told_not_to_use", json_boolean(keeps && !lone));
    json_object_set_new(row, "phones_policy", json_string(phones));
    return SG_OK;
}

static sg_err hold_device(sg_ctx *cx, int64_t visitor_id, const char *kind, int64_t now)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "INSERT INTO visitor_devices (setting_id, visitor_id, kind, received_at,"
                                     " received_by, created_at) VALUES (?, ?, ?, ?, ?, ?)", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, visitor_id);
    store_bind_text(st, 3, kind);
    store_bind_int(st, 4, now);
    store_bind_text(st, 5, cx->actor);
    store_bind_int(st, 6, now);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err visitor_sign_in_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = perm_require(cx, PERM_VISITOR);
    if (!e)
        e = fields_check(cx, visitor_in, in, false);
    if (!e)
        e = device_rules(cx, in);
    if (e)
        return e;
    int64_t now = clock_now();
    char date[11];
    presence_date(now, date);
    json_object_set_new(in, "visit_date", json_string(date));
    office_stamp(cx, in, "signed_in", now, true);
    field_spec spec[OFFICE_SPEC_MAX];
    e = fields_insert(cx, "visitors", office_spec(visitor_in, visitor_rec, spec), in, id);
    if (!e && strcmp(str(in, "phone"), "office") == 0)
        e = hold_device(cx, *id, "phone", now);
    if (!e && strcmp(str(in, "watch"), "office") == 0)
        e = hold_device(cx, *id, "smart-watch", now);
    if (!e)
        e = audit_append(cx, "visitor.sign_in", "visitor", *id, in);
    return e;
}

static sg_err sign_in(sg_ctx *cx, int64_t unused, json_t *in, int64_t *id)
{
    (void)unused;
    return visitor_sign_in_tx(cx, in, id);
}

sg_err visitor_sign_in(sg_ctx *cx, json_t *in, json_t **out)
{
    return office_change(cx, sign_in, 0, in, visitor_get, out);
}

/* Load a visit for a change: SG_ENOTFOUND when not in cx's setting. */
static sg_err load(sg_ctx *cx, int64_t id, bool *signed_out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT signed_out_at FROM visitors WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row)
        *signed_out = !store_col_null(st, 0);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail(cx, SG_ENOTFOUND, "no such visitor");
    return SG_OK;
}

/* The kinds of device the office still holds for a visit (new array). */
static sg_err held(sg_ctx *cx, int64_t id, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT kind FROM visitor_devices WHERE visitor_id = ? AND setting_id = ?"
                                     " AND returned_at IS NULL ORDER BY id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, json_string(store_col_text(st, 0)));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

/* One held device goes back, or is recorded as left behind (it stays
 * held, and is flagged at closing). */
static sg_err settle(sg_ctx *cx, int64_t id, const char *kind, bool returned, const char *note, int64_t now)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, returned
        ? "UPDATE visitor_devices SET returned_at = ?, returned_by = ?, returned_by_id = ?"
          " WHERE visitor_id = ? AND setting_id = ? AND kind = ? AND returned_at IS NULL"
        : "UPDATE visitor_devices SET not_returned_at = ?, not_returned_by = ?, note = ?"
          " WHERE visitor_id = ? AND setting_id = ? AND kind = ? AND returned_at IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, now);
    store_bind_text(st, 2, cx->actor);
    if (!returned)
        store_bind_text(st, 3, note);
    else if (cx->actor_id > 0)
        store_bind_int(st, 3, cx->actor_id);
    else
        store_bind_null(st, 3);
    store_bind_int(st, 4, id);
    store_bind_int(st, 5, cx->setting_id);
    store_bind_text(st, 6, kind);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err visitor_sign_out_tx(sg_ctx *cx, int64_t id, json_t *in)
{
    bool out = false;
    json_t *kept = NULL;
    sg_err e = perm_require(cx, PERM_VISITOR);
    if (!e)
        e = fields_check(cx, sign_out_in, in, false);
    if (!e)
        e = load(cx, id, &out);
    if (!e && out)
        e = sg_fail(cx, SG_ECONFLICT, "this visitor has already signed out");
    if (!e)
        e = held(cx, id, &kept);
    json_t *left = json_object_get(in, "not_returned");
    size_t i;
    json_t *x;
    if (!e && left) {
        json_array_foreach(left, i, x) {
            if (!listed(kept, json_string_value(x))) {
                e = sg_fail_field(cx, SG_EINVAL, "not_returned", "the office holds no %s for this visitor",
                                  json_string_value(x));
                break;
            }
        }
    }
    const char *note = str(in, "note");
    if (!e && note && !(left && json_array_size(left)))
        e = sg_fail_field(cx, SG_EINVAL, "note", "a note is for a device not returned");
    int64_t now = clock_now();
    json_t *back = json_array(), *stayed = json_array();
    json_array_foreach(kept, i, x) {
        if (e)
            break;
        bool ret = !(left && listed(left, json_string_value(x)));
        e = settle(cx, id, json_string_value(x), ret, note, now);
        json_array_append(ret ? back : stayed, x);
    }
    if (!e) {
        store_stmt *st;
        if (!(e = store_prepare(cx->db, "UPDATE visitors SET signed_out_at = ?, signed_out_by = ?, signed_out_by_id = ?"
                                        " WHERE id = ? AND setting_id = ?", &st))) {
            store_bind_int(st, 1, now);
            store_bind_text(st, 2, cx->actor);
            if (cx->actor_id > 0)
                store_bind_int(st, 3, cx->actor_id);
            else
                store_bind_null(st, 3);
            store_bind_int(st, 4, id);
            store_bind_int(st, 5, cx->setting_id);
            bool row;
            e = store_step(st, &row);
            store_finalize(st);
        }
        e = sg_store(cx, e);
    }
    if (!e) {
        json_t *d = json_pack("{sO sO ss*}", "returned", back, "not_returned", stayed, "note", note);
        e = audit_append(cx, "visitor.sign_out", "visitor", id, d);
        json_decref(d);
    }
    json_decref(back);
    json_decref(stayed);
    json_decref(kept);
    return e;
}

static sg_err sign_out(sg_ctx *cx, int64_t id, json_t *in, int64_t *rid)
{
    (void)rid;
    return visitor_sign_out_tx(cx, id, in);
}

sg_err visitor_sign_out(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    return office_change(cx, sign_out, id, in, visitor_get, out);
}

/* Devices left behind at sign-out, handed back later (VISITORS-02). */
static sg_err return_later(sg_ctx *cx, int64_t id, json_t *in, int64_t *rid)
{
    (void)rid;
    bool out = false;
    json_t *kept = NULL;
    sg_err e = perm_require(cx, PERM_VISITOR);
    if (!e)
        e = fields_check(cx, return_in, in, false);
    if (!e)
        e = load(cx, id, &out);
    if (!e && !out)
        e = sg_fail(cx, SG_ECONFLICT, "this visitor is still signed in: signing them out returns their devices");
    if (!e)
        e = held(cx, id, &kept);
    if (!e && json_array_size(kept) == 0)
        e = sg_fail(cx, SG_ECONFLICT, "the office holds no device for this visitor");
    json_t *want = json_object_get(in, "kinds");
    size_t i;
    json_t *x;
    if (!e && want) {
        json_array_foreach(want, i, x) {
            if (!listed(kept, json_string_value(x))) {
                e = sg_fail_field(cx, SG_EINVAL, "kinds", "the office holds no %s for this visitor",
                                  json_string_value(x));
                break;
            }
        }
    }
    if (!e && want && json_array_size(want) == 0)
        e = sg_fail_field(cx, SG_EINVAL, "kinds", "name at least one device");
    json_t *list = want ? want : kept;
    int64_t now = clock_now();
    json_array_foreach(list, i, x) {
        if (e)
            break;
        e = settle(cx, id, json_string_value(x), true, NULL, now);
    }
    if (!e) {
        json_t *d = json_pack("{sO}", "returned", list);
        e = audit_append(cx, "visitor.return", "visitor", id, d);
        json_decref(d);
    }
    json_decref(kept);
    return e;
}

sg_err visitor_return(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    return office_change(cx, return_later, id, in, visitor_get, out);
}

/* The devices of a visit, and the quiet space's name, onto its record. */
static sg_err attach(sg_ctx *cx, json_t *v)
{
    int64_t id = json_integer_value(json_object_get(v, "id"));
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
        "SELECT d.id, d.kind, d.received_at, d.returned_at, d.returned_by_id, d.not_returned_at, d.note"
        " FROM visitor_devices d WHERE d.visitor_id = ? AND d.setting_id = ? ORDER BY d.id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        json_t *d = json_pack("{sI ss sI so so so so sb}", "id", (json_int_t)store_col_int(st, 0),
                              "kind", store_col_text(st, 1), "received_at", (json_int_t)store_col_int(st, 2),
                              "returned_at", store_col_null(st, 3) ? json_null() : json_integer(store_col_int(st, 3)),
                              "returned_by_id", store_col_null(st, 4) ? json_null() : json_integer(store_col_int(st, 4)),
                              "not_returned_at", store_col_null(st, 5) ? json_null() : json_integer(store_col_int(st, 5)),
                              "note", store_col_null(st, 6) ? json_null() : json_string(store_col_text(st, 6)),
                              "held", store_col_null(st, 3));
        json_array_append_new(a, d);
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    size_t i;
    json_t *d;
    json_array_foreach(a, i, d) {
        if (!e)
            e = office_present(cx, d);
    }
    json_object_set_new(v, "devices", a);
    json_t *q = json_object_get(v, "quiet_space_id");
    char name[100] = "";
    if (!e && json_is_integer(q)) {
        if (!(e = store_prepare(cx->db, "SELECT name FROM rooms WHERE id = ? AND setting_id = ?", &st))) {
            store_bind_int(st, 1, json_integer_value(q));
            store_bind_int(st, 2, cx->setting_id);
            if (!(e = store_step(st, &row)) && row)
                snprintf(name, sizeof name, "%s", store_col_text(st, 0));
            store_finalize(st);
        }
        e = sg_store(cx, e);
    }
    json_object_set_new(v, "quiet_space_name", name[0] ? json_string(name) : json_null());
    json_object_set_new(v, "on_site", json_boolean(json_is_null(json_object_get(v, "signed_out_at"))));
    if (!e)
        e = office_present(cx, v);
    return e;
}

sg_err visitor_get(sg_ctx *cx, int64_t id, json_t **out)
{
    field_spec spec[OFFICE_SPEC_MAX];
    sg_err e = perm_require(cx, PERM_VISITOR);
    if (!e)
        e = fields_get(cx, "visitors", office_spec(visitor_in, visitor_rec, spec), id, out);
    if (e)
        return e == SG_ENOTFOUND ? sg_fail(cx, SG_ENOTFOUND, "no such visitor") : e;
    if ((e = attach(cx, *out))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

static sg_err quiet_spaces(sg_ctx *cx, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, name FROM rooms WHERE setting_id = ? AND quiet_space = 1"
                                     " AND class = 'adults-only' AND ended_on IS NULL ORDER BY name", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, json_pack("{sI ss}", "id", (json_int_t)store_col_int(st, 0), "name",
                                           store_col_text(st, 1)));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

sg_err visitor_list(sg_ctx *cx, const char *date, json_t **out)
{
    sg_err e = perm_require(cx, PERM_VISITOR);
    if (e)
        return e;
    char today[11];
    office_today(today);
    if (date && !date_valid(date))
        return sg_fail_field(cx, SG_EINVAL, "date", "date must be a date written YYYY-MM-DD");
    bool is_today = !date || strcmp(date, today) == 0;
    field_spec spec[OFFICE_SPEC_MAX];
    const field_spec *all = office_spec(visitor_in, visitor_rec, spec);
    char cols[1200], sql[1800];
    /* Today's list also carries earlier visits still open: someone not
     * signed out, or a device the office still holds (VISITORS-02). */
    snprintf(sql, sizeof sql, "SELECT %s FROM visitors v WHERE v.setting_id = ? AND (v.visit_date = ?%s)"
             " ORDER BY v.signed_in_at, v.id", fields_columns(all, "v", cols, sizeof cols),
             is_today ? " OR v.signed_out_at IS NULL OR EXISTS (SELECT 1 FROM visitor_devices d"
                        " WHERE d.visitor_id = v.id AND d.returned_at IS NULL)" : "");
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, is_today ? today : date);
    json_t *a = json_array(), *qs = NULL;
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, fields_row(st, all, 0));
    store_finalize(st);
    e = sg_store(cx, e);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (!e)
            e = attach(cx, v);
    }
    char phones[POLICY_VALUE_MAX];
    int64_t lone = 0;
    if (!e)
        e = policy_text(cx, "visitors.phones", phones);
    if (!e)
        e = policy_int(cx, "visitors.lone_working", &lone);
    if (!e)
        e = quiet_spaces(cx, &qs);
    if (e) {
        json_decref(a);
        return e;
    }
    *out = json_pack("{ss so s{ss sb} so}", "date", is_today ? today : date, "visitors", a, "policy", "phones",
                     phones, "lone_working", (int)lone, "quiet_spaces", qs);
    return SG_OK;
}

/* VISITORS-02 at closing time: a visitor still signed in, and a device the
 * office still holds, once the visit's day has closed. */
sg_err visitor_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
        "SELECT v.id, v.name, v.visit_date, d.id, d.kind, v.signed_out_at FROM visitors v"
        " LEFT JOIN visitor_devices d ON d.visitor_id = v.id AND d.returned_at IS NULL"
        " WHERE v.setting_id = ? AND (v.signed_out_at IS NULL OR d.id IS NOT NULL) ORDER BY v.id, d.id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    typedef struct { int64_t id, dev; bool in; char name[128], date[11], kind[16]; } open_visit;
    open_visit *v = NULL;
    size_t n = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        open_visit *nv = realloc(v, (n + 1) * sizeof *nv);
        if (!nv) {
            e = SG_EINTERNAL;
            break;
        }
        v = nv;
        v[n].id = store_col_int(st, 0);
        snprintf(v[n].name, sizeof v[n].name, "%s", store_col_text(st, 1));
        snprintf(v[n].date, sizeof v[n].date, "%s", store_col_text(st, 2));
        v[n].dev = store_col_null(st, 3) ? 0 : store_col_int(st, 3);
        snprintf(v[n].kind, sizeof v[n].kind, "%s", store_col_null(st, 4) ? "" : store_col_text(st, 4));
        v[n].in = store_col_null(st, 5);
        n++;
    }
    store_finalize(st);
    e = sg_store(cx, e);
    /* The join gives one row per held device; the visit itself is flagged
     * once, on its first row. */
    for (size_t i = 0; !e && i < n; i++) {
        int64_t close_at;
        if ((e = office_close_at(cx, v[i].date, &close_at)) || now < close_at)
            continue;
        char text[300], at[6];
        presence_hhmm(close_at, at);
        if (v[i].dev) {
            snprintf(text, sizeof text, "%s's %s is still held in the office after closing (%s): give it back or "
                     "record where it is.", v[i].name, strcmp(v[i].kind, "phone") == 0 ? "phone" : "smart watch", at);
            findings_add(out, &(finding){.rule = "VISITORS-02", .severity = "medium", .subject_type = "visitor",
                                         .subject_id = v[i].id, .subject = v[i].name, .ref = v[i].dev,
                                         .since = close_at, .text = text});
        }
        if (v[i].in && (i == 0 || v[i - 1].id != v[i].id)) {
            snprintf(text, sizeof text, "%s was not signed out by closing time (%s) on %s.", v[i].name, at,
                     v[i].date);
            findings_add(out, &(finding){.rule = "VISITORS-02", .severity = "medium", .subject_type = "visitor",
                                         .subject_id = v[i].id, .subject = v[i].name, .ref = 0,
                                         .since = close_at, .text = text});
        }
    }
    free(v);
    return e;
}
