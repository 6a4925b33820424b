/* shift.c — the rota: who works when, with which break.
 *
 * The ledger needs to know who is on shift (PERSONAL-DEVICES-03, -05) and
 * when each adult's break is (PERSONAL-DEVICES-06), so a shift carries its
 * planned times and break as instants, worked out from the rota's local
 * "HH:MM" once, when planned. Signing on and off is in locker.c, beside
 * the device check-in it goes with. */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "presence.h"
#include "presence_int.h"

static const field_spec plan_fields[] = {
    {"adult_id", F_ID, 0, F_REQUIRED | F_NOCOL},
    {"date", F_DATE, 0, F_REQUIRED | F_NOCOL},
    {"start", F_TEXT, 5, F_REQUIRED | F_NOCOL},
    {"end", F_TEXT, 5, F_REQUIRED | F_NOCOL},
    {"break_start", F_TEXT, 5, F_NULLABLE | F_NOCOL},
    {"break_minutes", F_INT, 120, F_NULLABLE | F_NOCOL},
    {NULL},
};

const char SHIFT_COLS[] = "s.id, s.adult_id, a.first_name || ' ' || a.last_name, s.work_date, s.starts_at, s.ends_at,"
                          " s.break_starts_at, s.break_ends_at, s.planned, s.signed_on_at, s.signed_off_at,"
                          " s.checked_in_at, s.none_declared_at";

static json_t *instant(store_stmt *st, int col)
{
    if (store_col_null(st, col))
        return json_null();
    char iso[21];
    clock_iso(store_col_int(st, col), iso);
    return json_string(iso);
}

static json_t *hhmm(store_stmt *st, int col)
{
    if (store_col_null(st, col))
        return json_null();
    char t[6];
    presence_hhmm(store_col_int(st, col), t);
    return json_string(t);
}

json_t *shift_row_json(store_stmt *st, int c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(store_col_int(st, c)));
    json_object_set_new(o, "adult_id", json_integer(store_col_int(st, c + 1)));
    json_object_set_new(o, "adult_name", json_string(store_col_text(st, c + 2)));
    json_object_set_new(o, "date", json_string(store_col_text(st, c + 3)));
    json_object_set_new(o, "start", hhmm(st, c + 4));
    json_object_set_new(o, "end", hhmm(st, c + 5));
    json_object_set_new(o, "break_start", hhmm(st, c + 6));
    json_object_set_new(o, "break_end", hhmm(st, c + 7));
    json_object_set_new(o, "starts_at", instant(st, c + 4));
    json_object_set_new(o, "ends_at", instant(st, c + 5));
    json_object_set_new(o, "break_starts_at", instant(st, c + 6));
    json_object_set_new(o, "break_ends_at", instant(st, c + 7));
    json_object_set_new(o, "planned", json_boolean(store_col_int(st, c + 8)));
    json_object_set_new(o, "signed_on_at", instant(st, c + 9));
    json_object_set_new(o, "signed_off_at", instant(st, c + 10));
    json_object_set_new(o, "checked_in_at", instant(st, c + 11));
    json_object_set_new(o, "none_declared_at", instant(st, c + 12));
    return o;
}

sg_err shift_load(sg_ctx *cx, int64_t id, json_t **out)
{
    char sql[800];
    snprintf(sql, sizeof sql, "SELECT %s FROM shifts s JOIN adults a ON a.id = s.adult_id"
                              " WHERE s.id = ? AND s.setting_id = ? AND s.cancelled_at IS NULL", SHIFT_COLS);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    *out = NULL;
    if (!(e = store_step(st, &row)) && row)
        *out = shift_row_json(st, 0);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return *out ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "no such shift");
}

/* The instants of a shift from its local date and times. */
typedef struct {
    int64_t starts, ends, break_starts, break_ends; /* break 0: none */
} shift_times;

static sg_err times_from(sg_ctx *cx, const char *date, json_t *in, json_t *old, shift_times *t)
{
    json_t *js = fields_pick(in, old, "start"), *je = fields_pick(in, old, "end");
    json_t *jb = fields_pick(in, old, "break_start"), *jm = fields_pick(in, old, "break_minutes");
    if (!presence_local_time(date, json_string_value(js), &t->starts))
        return sg_fail_field(cx, SG_EINVAL, "start", "start must be a time written HH:MM");
    if (!presence_local_time(date, json_string_value(je), &t->ends))
        return sg_fail_field(cx, SG_EINVAL, "end", "end must be a time written HH:MM");
    if (t->ends <= t->starts)
        return sg_fail_field(cx, SG_EINVAL, "end", "a shift must end after it starts");
    t->break_starts = t->break_ends = 0;
    if (json_is_string(jb)) {
        if (!presence_local_time(date, json_string_value(jb), &t->break_starts))
            return sg_fail_field(cx, SG_EINVAL, "break_start", "break_start must be a time written HH:MM");
        int64_t mins = json_is_integer(jm) ? json_integer_value(jm) : 30;
        if (mins < 5)
            return sg_fail_field(cx, SG_EINVAL, "break_minutes", "a break is at least 5 minutes");
        t->break_ends = t->break_starts + mins * 60;
        if (t->break_starts < t->starts || t->break_ends > t->ends)
            return sg_fail_field(cx, SG_EINVAL, "break_start", "the break must fall within the shift");
    } else if (json_is_integer(jm) && !json_is_null(jb) && json_object_get(in, "break_minutes")) {
        return sg_fail_field(cx, SG_EINVAL, "break_start", "give break_start with break_minutes");
    }
    return SG_OK;
}

/* Another shift of the same adult overlapping [starts, ends)? */
static sg_err overlaps(sg_ctx *cx, int64_t adult, int64_t self, const shift_times *t)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT count(*) FROM shifts WHERE adult_id = ? AND setting_id = ? AND id <> ?"
                                     " AND cancelled_at IS NULL AND starts_at < ? AND ends_at > ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult);
    store_bind_int(st, 2, cx->setting_id);
    store_bind_int(st, 3, self);
    store_bind_int(st, 4, t->ends);
    store_bind_int(st, 5, t->starts);
    int64_t n = 0;
    e = store_one_int(st, &n, NULL);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return n ? sg_fail_field(cx, SG_ECONFLICT, "start", "this overlaps another shift of the same adult") : SG_OK;
}

sg_err shift_insert(sg_ctx *cx, int64_t adult, const char *date, int64_t starts, int64_t ends, int64_t bstart,
                    int64_t bend, bool planned, int64_t *id)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "INSERT INTO shifts (setting_id, adult_id, work_date, starts_at, ends_at,"
                                     " break_starts_at, break_ends_at, planned, created_by, created_at)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, adult);
    store_bind_text(st, 3, date);
    store_bind_int(st, 4, starts);
    store_bind_int(st, 5, ends);
    if (bstart) {
        store_bind_int(st, 6, bstart);
        store_bind_int(st, 7, bend);
    } else {
        store_bind_null(st, 6);
        store_bind_null(st, 7);
    }
    store_bind_int(st, 8, planned);
    store_bind_text(st, 9, cx->actor);
    store_bind_int(st, 10, clock_now());
    e = store_one_int(st, id, NULL);
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

sg_err shift_plan(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_SHIFT_WRITE);
    if (!e)
        e = fields_check(cx, plan_fields, in, false);
    if (e)
        return e;
    int64_t adult = json_integer_value(json_object_get(in, "adult_id")), id = 0;
    const char *date = json_string_value(json_object_get(in, "date"));
    char name[200];
    shift_times t;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = presence_adult_name(cx, adult, "adult_id", name, sizeof name)) &&
        !(e = times_from(cx, date, in, NULL, &t)) && !(e = overlaps(cx, adult, 0, &t)) &&
        !(e = shift_insert(cx, adult, date, t.starts, t.ends, t.break_starts, t.break_ends, true, &id)))
        e = audit_append(cx, "shift.plan", "shift", id, in);
    if (!e)
        e = findings_refresh(cx, "presence");
    if ((e = store_end(cx->db, e)))
        return e;
    return shift_load(cx, id, out);
}

sg_err shift_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_SHIFT_WRITE);
    if (!e && (json_object_get(in, "adult_id") || json_object_get(in, "date")))
        e = sg_fail_field(cx, SG_EINVAL, json_object_get(in, "adult_id") ? "adult_id" : "date",
                          "a shift's adult and date cannot change; plan a new shift instead");
    if (!e)
        e = fields_check(cx, plan_fields, in, true);
    if (e)
        return e;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    json_t *old = NULL;
    shift_times t;
    if (!(e = shift_load(cx, id, &old)) && !json_is_null(json_object_get(old, "signed_off_at")))
        e = sg_fail(cx, SG_ECONFLICT, "this shift is over; it cannot change");
    if (!e) {
        /* Unchanged break fields come from the stored shift. */
        json_t *cur = json_pack("{sO sO sO}", "start", json_object_get(old, "start"), "end",
                                json_object_get(old, "end"), "break_start", json_object_get(old, "break_start"));
        if (json_is_string(json_object_get(old, "break_start"))) {
            int64_t bs = 0, be = 0;
            clock_parse_iso(json_string_value(json_object_get(old, "break_starts_at")), &bs);
            clock_parse_iso(json_string_value(json_object_get(old, "break_ends_at")), &be);
            json_object_set_new(cur, "break_minutes", json_integer((be - bs) / 60));
        }
        e = times_from(cx, json_string_value(json_object_get(old, "date")), in, cur, &t);
        json_decref(cur);
    }
    if (!e)
        e = overlaps(cx, json_integer_value(json_object_get(old, "adult_id")), id, &t);
    if (!e) {
        store_stmt *st;
        if (!(e = store_prepare(cx->db, "UPDATE shifts SET starts_at = ?, ends_at = ?, break_starts_at = ?,"
                                        " break_ends_at = ? WHERE id = ? AND setting_id = ?", &st))) {
            store_bind_int(st, 1, t.starts);
            store_bind_int(st, 2, t.ends);
            if (t.break_starts) {
                store_bind_int(st, 3, t.break_starts);
                store_bind_int(st, 4, t.break_ends);
            } else {
                store_bind_null(st, 3);
                store_bind_null(st, 4);
            }
            store_bind_int(st, 5, id);
            store_bind_int(st, 6, cx->setting_id);
            bool row;
            e = sg_store(cx, store_step(st, &row));
            store_finalize(st);
        }
    }
    if (!e)
        e = audit_append(cx, "shift.edit", "shift", id, in);
    if (!e)
        e = findings_refresh(cx, "presence");
    json_decref(old);
    if ((e = store_end(cx->db, e)))
        return e;
    return shift_load(cx, id, out);
}

sg_err shift_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = shift_load(cx, id, out);
    if (e)
        return e;
    if ((e = presence_may_see(cx, json_integer_value(json_object_get(*out, "adult_id"))))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}
