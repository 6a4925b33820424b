/* board.c — reading presence: the manager's live board of the day, one
 * adult's state (for the kiosk and their own page), and the ledger's
 * history (R-09, REPORTING-04).
 *
 * The board is read in three queries whatever the number of adults: the
 * day's shifts, the setting's personal devices, and the permissions in
 * force; they are joined here, so the page stays fast on a setting with a
 * year of history (the shifts and devices queries use indexes that hold
 * only today's and current rows). */
#include <stdio.h>
#include <string.h>
#include "../auth/perm.h"
#include "../core/clock.h"
#include "presence.h"
#include "presence_int.h"

static json_t *opt_text(store_stmt *st, int c) { return store_col_null(st, c) ? json_null() : json_string(store_col_text(st, c)); }
static json_t *opt_int(store_stmt *st, int c) { return store_col_null(st, c) ? json_null() : json_integer(store_col_int(st, c)); }

/* Every current personal device of the setting (adult 0) or of one adult. */
static sg_err load_devices(sg_ctx *cx, int64_t adult, int64_t now, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, adult ? "SELECT id, adult_id, kind, label, state, locker, since, due_back_at,"
                                             " out_purpose, grant_id FROM personal_devices WHERE setting_id = ?"
                                             " AND ended_on IS NULL AND adult_id = ? ORDER BY id"
                                           : "SELECT id, adult_id, kind, label, state, locker, since, due_back_at,"
                                             " out_purpose, grant_id FROM personal_devices WHERE setting_id = ?"
                                             " AND ended_on IS NULL ORDER BY id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    if (adult)
        store_bind_int(st, 2, adult);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        int64_t due = store_col_int(st, 7);
        bool out_now = strcmp(store_col_text(st, 4), "out") == 0;
        json_t *d = json_pack("{sI sI ss ss ss}", "id", (json_int_t)store_col_int(st, 0), "adult_id",
                              (json_int_t)store_col_int(st, 1), "kind", store_col_text(st, 2), "label",
                              store_col_text(st, 3), "state", store_col_text(st, 4));
        json_object_set_new(d, "locker", opt_text(st, 5));
        json_object_set_new(d, "since", presence_iso(store_col_int(st, 6)));
        json_object_set_new(d, "due_back_at", presence_iso(due));
        json_object_set_new(d, "out_purpose", opt_text(st, 8));
        json_object_set_new(d, "grant_id", opt_int(st, 9));
        json_object_set_new(d, "overdue", json_boolean(out_now && due && due < now));
        json_array_append_new(a, d);
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

/* Permissions in force now: {adult_id: {id, kind, ends_at, room_name, terms}}. */
static sg_err load_grants(sg_ctx *cx, int64_t now, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT g.id, g.adult_id, g.kind, g.ends_at, r.name, g.terms, g.reason"
                                     " FROM device_grants g LEFT JOIN rooms r ON r.id = g.room_id"
                                     " WHERE g.setting_id = ? AND g.ended_at IS NULL AND g.starts_at <= ?"
                                     " AND g.ends_at > ? ORDER BY g.ends_at", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, now);
    store_bind_int(st, 3, now);
    json_t *o = json_object();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)store_col_int(st, 1));
        json_t *g = json_pack("{sI ss ss ss}", "id", (json_int_t)store_col_int(st, 0), "kind", store_col_text(st, 2),
                              "terms", store_col_text(st, 5), "reason", store_col_text(st, 6));
        json_object_set_new(g, "ends_at", presence_iso(store_col_int(st, 3)));
        json_object_set_new(g, "room_name", opt_text(st, 4));
        json_object_set_new(o, key, g);
    }
    store_finalize(st);
    if (e) {
        json_decref(o);
        return sg_store(cx, e);
    }
    *out = o;
    return SG_OK;
}

static sg_err load_zones(sg_ctx *cx, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, name FROM rooms WHERE setting_id = ? AND mobile_zone = 1"
                                     " AND ended_on IS NULL ORDER BY name", &st);
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

static const char *word(const char *kind)
{
    return !strcmp(kind, "smart-watch") ? "smart watch" : !strcmp(kind, "video-recorder") ? "video recorder"
         : !strcmp(kind, "fitness-tracker") ? "fitness tracker" : !strcmp(kind, "other-wearable") ? "wearable" : kind;
}

/* A status code and sentence for one adult's row, from their shift and
 * devices (both borrowed; shift may be NULL). */
static void status_of(json_t *row, json_t *shift, json_t *devices, int64_t now)
{
    const char *code, *text;
    char buf[300] = "";
    json_t *d;
    size_t i;
    bool overdue = false, out = false, in = false;
    char outs[160] = "", ins[160] = "", locker[48] = "", due[6] = "";
    json_array_foreach(devices, i, d) {
        const char *kind = word(json_string_value(json_object_get(d, "kind")));
        if (!strcmp(json_string_value(json_object_get(d, "state")), "in")) {
            in = true;
            snprintf(ins + strlen(ins), sizeof ins - strlen(ins), "%s%s", ins[0] ? ", " : "", kind);
            if (json_is_string(json_object_get(d, "locker")))
                snprintf(locker, sizeof locker, "%s", json_string_value(json_object_get(d, "locker")));
        } else if (json_is_string(json_object_get(d, "out_purpose")) &&
                   strcmp(json_string_value(json_object_get(d, "out_purpose")), "home") != 0) {
            out = true;
            overdue |= json_is_true(json_object_get(d, "overdue"));
            snprintf(outs + strlen(outs), sizeof outs - strlen(outs), "%s%s", outs[0] ? ", " : "", kind);
            int64_t t;
            if (clock_parse_iso(json_string_value(json_object_get(d, "due_back_at")), &t))
                presence_hhmm(t, due);
        }
    }
    bool on = shift && json_is_string(json_object_get(shift, "signed_on_at")) &&
              json_is_null(json_object_get(shift, "signed_off_at"));
    if (!shift) {
        code = in ? "devices-in" : "off-shift";
        text = in ? "Not on shift; a device is still in the locker" : "Not on shift";
    } else if (json_is_string(json_object_get(shift, "signed_off_at"))) {
        code = in ? "devices-left" : "signed-off";
        text = in ? "Signed off; a device is still in the locker" : "Signed off";
    } else if (!on) {
        int64_t starts = 0;
        clock_parse_iso(json_string_value(json_object_get(shift, "starts_at")), &starts);
        code = "planned";
        /* Past the start, "due" would read as if all were well: say they have not come. */
        snprintf(buf, sizeof buf, starts && now >= starts ? "Not signed on (due at %s)" : "Due at %s",
                 json_string_value(json_object_get(shift, "start")));
        text = buf;
    } else if (overdue) {
        code = "device-overdue";
        snprintf(buf, sizeof buf, "%s%s not back (due %s)", outs, strchr(outs, ',') ? " are" : " is", due);
        buf[0] = (char)(buf[0] >= 'a' && buf[0] <= 'z' ? buf[0] - 32 : buf[0]);
        text = buf;
    } else if (out) {
        code = "device-out";
        snprintf(buf, sizeof buf, "%s out until %s", outs, due);
        buf[0] = (char)(buf[0] >= 'a' && buf[0] <= 'z' ? buf[0] - 32 : buf[0]);
        text = buf;
    } else if (json_is_string(json_object_get(shift, "none_declared_at"))) {
        code = "none-brought";
        text = "Brought no personal device";
    } else if (json_is_null(json_object_get(shift, "checked_in_at"))) {
        code = "no-check-in";
        text = "On shift without a device check-in";
    } else {
        code = "devices-in";
        snprintf(buf, sizeof buf, "%s in locker %s", ins[0] ? ins : "Devices", locker[0] ? locker : "?");
        buf[0] = (char)(buf[0] >= 'a' && buf[0] <= 'z' ? buf[0] - 32 : buf[0]);
        text = buf;
    }
    json_object_set_new(row, "on_shift", json_boolean(on));
    json_object_set_new(row, "status", json_string(code));
    json_object_set_new(row, "status_text", json_string(text));
}

/* The adult's devices out of the whole list (new array). */
static json_t *devices_of(json_t *all, int64_t adult)
{
    json_t *a = json_array(), *d;
    size_t i;
    json_array_foreach(all, i, d)
        if (json_integer_value(json_object_get(d, "adult_id")) == adult)
            json_array_append(a, d);
    return a;
}

sg_err presence_board(sg_ctx *cx, const char *date, json_t **out)
{
    sg_err e = perm_require(cx, PERM_SHIFT_READ);
    if (e)
        return e;
    int64_t now = clock_now();
    char today[11];
    presence_date(now, today);
    if (date && !date_valid(date))
        return sg_fail_field(cx, SG_EINVAL, "date", "date is written YYYY-MM-DD");
    if (!date)
        date = today;
    char sql[1000];
    /* Two index searches, not a scan of a year of shifts: the day's, and
     * those still open (the partial index shifts_on holds only those). */
    snprintf(sql, sizeof sql, "SELECT %s FROM shifts s JOIN adults a ON a.id = s.adult_id WHERE s.cancelled_at IS NULL"
                              " AND ((s.setting_id = ? AND s.work_date = ?) OR s.id IN (SELECT o.id FROM shifts o"
                              " WHERE o.setting_id = ? AND o.signed_on_at IS NOT NULL AND o.signed_off_at IS NULL))"
                              " ORDER BY s.starts_at, a.last_name, a.first_name", SHIFT_COLS);
    json_t *devices = NULL, *grants = NULL, *zones = NULL, *rows = json_array();
    store_stmt *st;
    if (!(e = load_devices(cx, 0, now, &devices)) && !(e = load_grants(cx, now, &grants)) &&
        !(e = load_zones(cx, &zones)) && !(e = sg_store(cx, store_prepare(cx->db, sql, &st)))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_text(st, 2, date);
        store_bind_int(st, 3, cx->setting_id);
        bool row;
        while (!(e = store_step(st, &row)) && row) {
            json_t *shift = shift_row_json(st, 0);
            int64_t adult = json_integer_value(json_object_get(shift, "adult_id"));
            char key[24];
            snprintf(key, sizeof key, "%lld", (long long)adult);
            json_t *mine = devices_of(devices, adult), *g = json_object_get(grants, key);
            json_t *r = json_pack("{sI sO sO so}", "adult_id", (json_int_t)adult, "name",
                                  json_object_get(shift, "adult_name"), "shift", shift, "devices", mine);
            json_object_set(r, "grant", g ? g : json_null());
            status_of(r, shift, mine, clock_now());
            json_array_append_new(rows, r);
            json_decref(shift);
        }
        store_finalize(st);
        e = sg_store(cx, e);
    }
    json_decref(devices);
    json_decref(grants);
    if (e) {
        json_decref(rows);
        json_decref(zones);
        return e;
    }
    char at[21];
    clock_iso(now, at);
    *out = json_pack("{ss ss so so}", "date", date, "now", at, "adults", rows, "zones", zones);
    return SG_OK;
}

sg_err presence_adult(sg_ctx *cx, int64_t adult, json_t **out)
{
    sg_err e = presence_may_see(cx, adult);
    if (e)
        return e;
    int64_t now = clock_now();
    char today[11], name[200], sql[1000];
    presence_date(now, today);
    if ((e = presence_adult_name(cx, adult, "adult_id", name, sizeof name)))
        return e == SG_EINVAL ? sg_fail(cx, SG_ENOTFOUND, "no such adult") : e;
    /* The shift signed on now, else today's next one. */
    snprintf(sql, sizeof sql, "SELECT %s FROM shifts s JOIN adults a ON a.id = s.adult_id WHERE s.adult_id = ?"
                              " AND s.setting_id = ? AND s.cancelled_at IS NULL AND ((s.signed_on_at IS NOT NULL"
                              " AND s.signed_off_at IS NULL) OR s.work_date = ?)"
                              " ORDER BY CASE WHEN s.signed_on_at IS NOT NULL AND s.signed_off_at IS NULL THEN 0"
                              " WHEN s.signed_on_at IS NULL THEN 1 ELSE 2 END, s.starts_at", SHIFT_COLS);
    json_t *shift = NULL, *devices = NULL, *grants = NULL, *zones = NULL;
    store_stmt *st;
    if (!(e = sg_store(cx, store_prepare(cx->db, sql, &st)))) {
        store_bind_int(st, 1, adult);
        store_bind_int(st, 2, cx->setting_id);
        store_bind_text(st, 3, today);
        bool row;
        if (!(e = store_step(st, &row)) && row)
            shift = shift_row_json(st, 0);
        store_finalize(st);
        e = sg_store(cx, e);
    }
    char locker[48] = "";
    bool pin = false;
    if (!e && !(e = sg_store(cx, store_prepare(cx->db, "SELECT locker, pin_hash FROM adults WHERE id = ?"
                                                       " AND setting_id = ?", &st)))) {
        store_bind_int(st, 1, adult);
        store_bind_int(st, 2, cx->setting_id);
        bool row;
        if (!(e = store_step(st, &row)) && row) {
            if (!store_col_null(st, 0))
                snprintf(locker, sizeof locker, "%s", store_col_text(st, 0));
            pin = !store_col_null(st, 1);
        }
        store_finalize(st);
        e = sg_store(cx, e);
    }
    if (!e && !(e = load_devices(cx, adult, now, &devices)) && !(e = load_grants(cx, now, &grants)))
        e = load_zones(cx, &zones);
    if (e) {
        json_decref(shift);
        json_decref(devices);
        json_decref(grants);
        json_decref(zones);
        return e;
    }
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)adult);
    json_t *g = json_object_get(grants, key);
    json_t *r = json_pack("{s{sI ss so sb}}", "adult", "id", (json_int_t)adult, "name", name, "locker",
                          locker[0] ? json_string(locker) : json_null(), "pin_set", pin);
    json_object_set(r, "shift", shift ? shift : json_null());
    json_object_set(r, "devices", devices);
    json_object_set(r, "grant", g ? g : json_null());
    json_object_set(r, "zones", zones);
    status_of(r, shift, devices, clock_now());
    /* What the kiosk may offer now. */
    int64_t bs = 0, be = 0;
    if (shift && json_is_string(json_object_get(shift, "break_starts_at"))) {
        clock_parse_iso(json_string_value(json_object_get(shift, "break_starts_at")), &bs);
        clock_parse_iso(json_string_value(json_object_get(shift, "break_ends_at")), &be);
    }
    json_object_set_new(r, "in_break", json_boolean(bs && now >= bs && now < be));
    json_decref(shift);
    json_decref(devices);
    json_decref(grants);
    json_decref(zones);
    *out = r;
    return SG_OK;
}

sg_err presence_ledger(sg_ctx *cx, int64_t adult, int64_t from, int64_t to, json_t **out)
{
    sg_err e = adult ? presence_may_see(cx, adult) : perm_require(cx, PERM_SHIFT_READ);
    if (e)
        return e;
    char sql[1200];
    snprintf(sql, sizeof sql,
             "SELECT e.id, e.at, e.adult_id, a.first_name || ' ' || a.last_name, d.kind, d.label, e.action,"
             " e.purpose, e.locker, e.switched, e.grant_id, r.name, e.due_back_at, e.late_seconds, e.recorded_by,"
             " e.shift_id FROM locker_events e JOIN adults a ON a.id = e.adult_id"
             " LEFT JOIN personal_devices d ON d.id = e.device_id LEFT JOIN rooms r ON r.id = e.zone_room_id"
             " WHERE e.setting_id = ?%s AND e.at >= ? AND e.at < ? ORDER BY e.at DESC, e.id DESC LIMIT 1000",
             adult ? " AND e.adult_id = ?" : "");
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st)))
        return sg_store(cx, e);
    int i = 1;
    store_bind_int(st, i++, cx->setting_id);
    if (adult)
        store_bind_int(st, i++, adult);
    store_bind_int(st, i++, from);
    store_bind_int(st, i, to ? to : INT64_MAX);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        json_t *o = json_pack("{sI sI ss ss ss}", "id", (json_int_t)store_col_int(st, 0), "adult_id",
                              (json_int_t)store_col_int(st, 2), "adult_name", store_col_text(st, 3), "action",
                              store_col_text(st, 6), "purpose", store_col_text(st, 7));
        json_object_set_new(o, "at", presence_iso(store_col_int(st, 1)));
        json_object_set_new(o, "kind", opt_text(st, 4));
        json_object_set_new(o, "label", opt_text(st, 5));
        json_object_set_new(o, "locker", opt_text(st, 8));
        json_object_set_new(o, "switched", opt_text(st, 9));
        json_object_set_new(o, "grant_id", opt_int(st, 10));
        json_object_set_new(o, "zone", opt_text(st, 11));
        json_object_set_new(o, "due_back_at", presence_iso(store_col_int(st, 12)));
        json_object_set_new(o, "late_seconds", opt_int(st, 13));
        json_object_set_new(o, "recorded_by", json_string(store_col_text(st, 14)));
        json_object_set_new(o, "shift_id", opt_int(st, 15));
        json_array_append_new(a, o);
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "events", a);
    return SG_OK;
}
