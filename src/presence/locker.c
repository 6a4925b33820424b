/* locker.c — the personal-device locker ledger.
 *
 * After Nursery Z, "the use of personal devices in education settings when
 * children are present is, in itself, an inappropriate act". So an adult's
 * phone, watch and any other personal device go into the locker when the
 * shift starts (PERSONAL-DEVICES-03, -25) — or the adult declares they
 * brought none — and come out only in their break, for a mobile zone, when
 * the setting allows it (PERSONAL-DEVICES-06, CONFIG-03), or under a
 * manager's permission in force (PERSONAL-DEVICES-09), or at home time.
 *
 * Each personal_devices row holds where the device is now; locker_events
 * is the history, one row per device moved. A change is one transaction:
 * rows, one audit event for the whole action, and a refresh of the
 * presence findings, so "on shift without check-in" appears and clears the
 * moment it becomes true or false (PERSONAL-DEVICES-05). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../policy/policy.h"
#include "presence.h"
#include "presence_int.h"

typedef struct {
    int64_t id, starts, ends, break_starts, break_ends, checked_in, none_declared;
} open_shift;

/* The adult's shift now signed on and not yet off; id 0 when none. */
static sg_err current_shift(sg_ctx *cx, int64_t adult, open_shift *s)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, starts_at, ends_at, break_starts_at, break_ends_at, checked_in_at,"
                                     " none_declared_at FROM shifts WHERE setting_id = ? AND adult_id = ?"
                                     " AND signed_on_at IS NOT NULL AND signed_off_at IS NULL"
                                     " AND cancelled_at IS NULL ORDER BY signed_on_at DESC", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, adult);
    bool row;
    *s = (open_shift){0};
    if (!(e = store_step(st, &row)) && row)
        *s = (open_shift){store_col_int(st, 0), store_col_int(st, 1), store_col_int(st, 2), store_col_int(st, 3),
                          store_col_int(st, 4), store_col_int(st, 5), store_col_int(st, 6)};
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

static sg_err need_shift(sg_ctx *cx, int64_t adult, const char *name, open_shift *s)
{
    sg_err e = current_shift(cx, adult, s);
    if (!e && !s->id)
        e = sg_fail(cx, SG_ENOTONSHIFT, "%s is not signed on to a shift; sign on first", name);
    return e;
}

static sg_err exec_ints(sg_ctx *cx, const char *sql, int n, const int64_t *v)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    for (int i = 0; i < n; i++)
        store_bind_int(st, i + 1, v[i]);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

/* One ledger row. */
typedef struct {
    int64_t adult, device, shift, grant, zone, due_back, late;
    const char *action, *purpose, *locker, *switched;
} ledger_row;

static sg_err ledger_add(sg_ctx *cx, const ledger_row *r)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "INSERT INTO locker_events (setting_id, adult_id, device_id, shift_id, at, action,"
                                     " purpose, locker, switched, grant_id, zone_room_id, due_back_at, late_seconds,"
                                     " recorded_by, kiosk_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, r->adult);
#define INT_OR_NULL(i, v) ((v) ? store_bind_int(st, i, v) : store_bind_null(st, i))
    INT_OR_NULL(3, r->device);
    INT_OR_NULL(4, r->shift);
    store_bind_int(st, 5, clock_now());
    store_bind_text(st, 6, r->action);
    store_bind_text(st, 7, r->purpose);
    store_bind_text(st, 8, r->locker);
    store_bind_text(st, 9, r->switched);
    INT_OR_NULL(10, r->grant);
    INT_OR_NULL(11, r->zone);
    INT_OR_NULL(12, r->due_back);
    INT_OR_NULL(13, r->late);
    store_bind_text(st, 14, cx->actor);
    INT_OR_NULL(15, cx->kiosk_id);
#undef INT_OR_NULL
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

/* A device as named in a request: "phone" or {"kind": "phone", "label": "work"}. */
static sg_err device_spec(sg_ctx *cx, json_t *j, const char **kind, const char **label)
{
    json_t *k = json_is_object(j) ? json_object_get(j, "kind") : j, *l = json_object_get(j, "label");
    *kind = json_string_value(k);
    *label = json_is_string(l) ? json_string_value(l) : "";
    bool known = false;
    for (int i = 0; *kind && presence_device_kinds[i]; i++)
        known |= strcmp(*kind, presence_device_kinds[i]) == 0;
    if (!known)
        return sg_fail_field(cx, SG_EINVAL, "devices", "each device is a kind: phone, camera, video-recorder, tablet, "
                                                       "laptop, smart-watch, fitness-tracker or other-wearable");
    if ((l && !json_is_string(l)) || strlen(*label) > 60)
        return sg_fail_field(cx, SG_EINVAL, "devices", "a device's label is text of up to 60 characters");
    return SG_OK;
}

static sg_err devices_array(sg_ctx *cx, json_t *in, json_t **arr, bool required)
{
    *arr = json_object_get(in, "devices");
    if (!*arr && !required)
        return SG_OK;
    if (!json_is_array(*arr) || json_array_size(*arr) == 0 || json_array_size(*arr) > 10)
        return sg_fail_field(cx, SG_EINVAL, "devices", "devices must list 1 to 10 devices");
    return SG_OK;
}

/* The adult's device of this kind and label, made on first check-in. */
static sg_err device_find(sg_ctx *cx, int64_t adult, const char *kind, const char *label, bool create, int64_t *id,
                          char state[4], int64_t *due_back)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, state, due_back_at FROM personal_devices WHERE adult_id = ?"
                                     " AND setting_id = ? AND kind = ? AND label = ? AND ended_on IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult);
    store_bind_int(st, 2, cx->setting_id);
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, label);
    bool row;
    *id = 0;
    if (!(e = store_step(st, &row)) && row) {
        *id = store_col_int(st, 0);
        snprintf(state, 4, "%s", store_col_text(st, 1));
        *due_back = store_col_int(st, 2);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (*id || !create)
        return SG_OK;
    if ((e = store_prepare(cx->db, "INSERT INTO personal_devices (setting_id, adult_id, kind, label, state, created_at)"
                                   " VALUES (?, ?, ?, ?, 'out', ?) RETURNING id", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, adult);
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, label);
    store_bind_int(st, 5, clock_now());
    e = store_one_int(st, id, NULL);
    store_finalize(st);
    snprintf(state, 4, "out");
    *due_back = 0;
    return e ? sg_store(cx, e) : SG_OK;
}

static const char *device_word(const char *kind)
{
    return strcmp(kind, "smart-watch") == 0 ? "smart watch" : strcmp(kind, "video-recorder") == 0 ? "video recorder"
         : strcmp(kind, "fitness-tracker") == 0 ? "fitness tracker" : strcmp(kind, "other-wearable") == 0 ? "wearable"
         : kind;
}

static sg_err adult_locker(sg_ctx *cx, int64_t adult, char *buf, size_t len)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT locker FROM adults WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    buf[0] = 0;
    if (!(e = store_step(st, &row)) && row && !store_col_null(st, 0))
        snprintf(buf, len, "%s", store_col_text(st, 0));
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

/* Check devices in, inside the caller's transaction. */
static sg_err check_in_tx(sg_ctx *cx, int64_t adult, const char *name, const open_shift *s, json_t *in)
{
    json_t *arr, *sw = json_object_get(in, "switched"), *lk = json_object_get(in, "locker");
    sg_err e = devices_array(cx, in, &arr, true);
    if (e)
        return e;
    /* PERSONAL-DEVICES-04: the adult confirms each device is off or silent. */
    const char *switched = json_string_value(sw);
    if (!switched || (strcmp(switched, "off") && strcmp(switched, "silent")))
        return sg_fail_field(cx, SG_EINVAL, "switched", "confirm the devices are switched \"off\" or set to \"silent\"");
    char locker[41];
    if (lk && (!json_is_string(lk) || json_string_length(lk) == 0 || json_string_length(lk) > 40))
        return sg_fail_field(cx, SG_EINVAL, "locker", "locker is a name or number of up to 40 characters");
    if (lk)
        snprintf(locker, sizeof locker, "%s", json_string_value(lk));
    else if ((e = adult_locker(cx, adult, locker, sizeof locker)))
        return e;
    if (!locker[0])
        return sg_fail_field(cx, SG_EINVAL, "locker", "%s has no locker recorded; say which locker", name);
    if (s->none_declared)
        return sg_fail(cx, SG_ECONFLICT, "%s declared no personal device this shift; the declaration stands", name);
    bool cameras_forbidden = policy_is(cx, "own_cameras", "forbidden");
    int64_t now = clock_now(), late_max = 0;
    json_t *done = json_array();
    size_t i;
    json_t *j;
    json_array_foreach(arr, i, j) {
        const char *kind, *label;
        int64_t dev = 0, due = 0;
        char state[4] = "";
        if ((e = device_spec(cx, j, &kind, &label)))
            break;
        if (cameras_forbidden && (!strcmp(kind, "camera") || !strcmp(kind, "video-recorder"))) {
            e = sg_fail_field(cx, SG_EPOLICY, "devices", "own cameras and video recorders may not be brought into "
                                                         "this setting (CONFIG-04); take it home or leave it with the manager");
            break;
        }
        if ((e = device_find(cx, adult, kind, label, true, &dev, state, &due)))
            break;
        if (strcmp(state, "in") == 0) {
            e = sg_fail_field(cx, SG_ECONFLICT, "devices", "%s's %s is already in the locker", name, device_word(kind));
            break;
        }
        int64_t late = (due && now > due) ? now - due : 0;
        late_max = late > late_max ? late : late_max;
        int64_t v[] = {now, dev, cx->setting_id};
        store_stmt *st;
        if ((e = store_prepare(cx->db, "UPDATE personal_devices SET state = 'in', locker = ?, since = ?,"
                                       " due_back_at = NULL, out_purpose = NULL, grant_id = NULL"
                                       " WHERE id = ? AND setting_id = ?", &st))) {
            e = sg_store(cx, e);
            break;
        }
        store_bind_text(st, 1, locker);
        for (int k = 0; k < 3; k++)
            store_bind_int(st, k + 2, v[k]);
        bool row;
        e = store_step(st, &row);
        store_finalize(st);
        if (e) {
            e = sg_store(cx, e);
            break;
        }
        ledger_row r = {.adult = adult, .device = dev, .shift = s->id, .late = late, .action = "in",
                        .purpose = s->checked_in ? (late ? "late-return" : "return") : "start",
                        .locker = locker, .switched = switched};
        if ((e = ledger_add(cx, &r)))
            break;
        json_array_append_new(done, json_pack("{sI ss ss}", "id", (json_int_t)dev, "kind", kind, "label", label));
    }
    if (!e && !s->checked_in)
        e = exec_ints(cx, "UPDATE shifts SET checked_in_at = ? WHERE id = ? AND setting_id = ?", 3,
                      (int64_t[]){now, s->id, cx->setting_id});
    if (!e) {
        json_t *d = json_pack("{sI ss sO ss ss}", "adult_id", (json_int_t)adult, "adult", name, "devices", done,
                              "locker", locker, "switched", switched);
        if (late_max)
            json_object_set_new(d, "late_seconds", json_integer(late_max));
        e = audit_append(cx, "locker.check_in", "shift", s->id, d);
        json_decref(d);
    }
    json_decref(done);
    return e;
}

static sg_err declare_none_tx(sg_ctx *cx, int64_t adult, const char *name, const open_shift *s)
{
    if (s->none_declared)
        return sg_fail(cx, SG_ECONFLICT, "%s has already declared no personal device this shift", name);
    if (s->checked_in)
        return sg_fail(cx, SG_ECONFLICT, "%s has checked devices in this shift; a \"none\" declaration would "
                                         "contradict the ledger", name);
    int64_t now = clock_now();
    sg_err e = exec_ints(cx, "UPDATE shifts SET none_declared_at = ? WHERE id = ? AND setting_id = ?", 3,
                         (int64_t[]){now, s->id, cx->setting_id});
    ledger_row r = {.adult = adult, .shift = s->id, .action = "none", .purpose = "start"};
    if (!e)
        e = ledger_add(cx, &r);
    if (!e) {
        json_t *d = json_pack("{sI ss}", "adult_id", (json_int_t)adult, "adult", name);
        e = audit_append(cx, "locker.none", "shift", s->id, d);
        json_decref(d);
    }
    return e;
}

/* The mobile zone a device goes to on a break: the one named, or the only
 * one there is (PERSONAL-DEVICES-07). */
static sg_err break_zone(sg_ctx *cx, json_t *in, int64_t *zone)
{
    json_t *z = json_object_get(in, "zone_room_id");
    if (z && !json_is_integer(z))
        return sg_fail_field(cx, SG_EINVAL, "zone_room_id", "zone_room_id must be a room's id");
    store_stmt *st;
    sg_err e = store_prepare(cx->db, z ? "SELECT id FROM rooms WHERE setting_id = ? AND mobile_zone = 1"
                                         " AND ended_on IS NULL AND id = ?"
                                       : "SELECT id FROM rooms WHERE setting_id = ? AND mobile_zone = 1"
                                         " AND ended_on IS NULL ORDER BY name", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    if (z)
        store_bind_int(st, 2, json_integer_value(z));
    bool row;
    *zone = 0;
    if (!(e = store_step(st, &row)) && row)
        *zone = store_col_int(st, 0);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!*zone)
        return z ? sg_fail_field(cx, SG_EINVAL, "zone_room_id", "that room is not a mobile zone")
                 : sg_fail(cx, SG_EPOLICY, "the setting has no mobile zone, so no personal device may come out "
                                           "on a break (PERSONAL-DEVICES-07)");
    return SG_OK;
}

/* Why a device may come out now during the shift: the break (where the
 * setting allows it) or a permission in force; otherwise refused. */
static sg_err out_rules(sg_ctx *cx, int64_t adult, const char *name, const open_shift *s, json_t *in, int64_t now,
                        const char **purpose, int64_t *due, int64_t *grant, int64_t *zone)
{
    sg_err e;
    int64_t grant_ends = 0;
    json_t *p = json_object_get(in, "purpose");
    const char *want = json_string_value(p);
    if (p && (!want || (strcmp(want, "break") && strcmp(want, "permission"))))
        return sg_fail_field(cx, SG_EINVAL, "purpose", "purpose is \"break\" or \"permission\"; to take devices "
                                                       "home, sign off");
    if ((e = grant_current(cx, adult, now, grant, &grant_ends)))
        return e;
    bool in_break = s->break_starts && now >= s->break_starts && now < s->break_ends;
    if (!want)
        want = *grant ? "permission" : "break";
    char hb[6], he[6];
    if (!strcmp(want, "permission")) {
        if (!*grant)
            return sg_fail(cx, SG_ENOTNOW, "%s has no permission in force to use a personal device now", name);
        *purpose = "permission";
        *due = grant_ends;
    } else {
        if (!policy_is(cx, "breaks.device_use", "mobile-zone"))
            return sg_fail(cx, SG_EPOLICY, "this setting does not allow personal devices on the premises in "
                                           "working hours, breaks included, except an emergency with the "
                                           "manager's permission (CONFIG-03)");
        if (!s->break_starts)
            return sg_fail(cx, SG_ENOTNOW, "%s has no break on this shift, and no permission in force", name);
        if (!in_break) {
            presence_hhmm(s->break_starts, hb);
            presence_hhmm(s->break_ends, he);
            return sg_fail(cx, SG_ENOTNOW, "devices may come out only in %s's break (%s–%s) or with the "
                                           "manager's permission", name, hb, he);
        }
        if ((e = break_zone(cx, in, zone)))
            return e;
        *purpose = "break";
        *due = s->break_ends;
    }
    return SG_OK;
}

/* Devices out, inside the caller's transaction. `home`: the adult is
 * leaving (sign-off), so every device in goes and no rule of the shift
 * applies. */
static sg_err check_out_tx(sg_ctx *cx, int64_t adult, const char *name, const open_shift *s, json_t *in, bool home)
{
    json_t *arr = NULL;
    sg_err e = home ? SG_OK : devices_array(cx, in, &arr, false);
    if (e)
        return e;
    int64_t now = clock_now(), grant = 0, zone = 0, due = 0;
    const char *purpose = "home";
    /* The devices: those named, or every device in the locker. */
    store_stmt *st;
    if ((e = store_prepare(cx->db, "SELECT id, kind, label FROM personal_devices WHERE adult_id = ? AND setting_id = ?"
                                   " AND state = 'in' AND ended_on IS NULL ORDER BY id", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, adult);
    store_bind_int(st, 2, cx->setting_id);
    json_t *inside = json_array(), *done = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(inside, json_pack("{sI ss ss}", "id", (json_int_t)store_col_int(st, 0), "kind",
                                                store_col_text(st, 1), "label", store_col_text(st, 2)));
    store_finalize(st);
    if (e)
        e = sg_store(cx, e);
    size_t i;
    json_t *j, *d;
    if (!e && arr) {
        json_array_foreach(arr, i, j) {
            const char *kind, *label;
            if ((e = device_spec(cx, j, &kind, &label)))
                break;
            json_t *hit = NULL;
            size_t k;
            json_array_foreach(inside, k, d)
                if (!strcmp(json_string_value(json_object_get(d, "kind")), kind) &&
                    !strcmp(json_string_value(json_object_get(d, "label")), label))
                    hit = d;
            if (!hit) {
                e = sg_fail_field(cx, SG_ECONFLICT, "devices", "%s's %s is not in the locker", name, device_word(kind));
                break;
            }
            json_array_append(done, hit);
        }
    } else if (!e) {
        json_array_extend(done, inside);
    }
    if (!e && !home && json_array_size(done) == 0)
        e = sg_fail_field(cx, SG_ECONFLICT, "devices", "%s has no device in the locker", name);
    if (!e && !home)
        e = out_rules(cx, adult, name, s, in, now, &purpose, &due, &grant, &zone);
    json_array_foreach(done, i, d) {
        if (e)
            break;
        int64_t dev = json_integer_value(json_object_get(d, "id"));
        if ((e = store_prepare(cx->db, "UPDATE personal_devices SET state = 'out', since = ?, due_back_at = ?,"
                                       " out_purpose = ?, grant_id = ? WHERE id = ? AND setting_id = ?", &st))) {
            e = sg_store(cx, e);
            break;
        }
        store_bind_int(st, 1, now);
        due ? store_bind_int(st, 2, due) : store_bind_null(st, 2);
        store_bind_text(st, 3, purpose);
        grant ? store_bind_int(st, 4, grant) : store_bind_null(st, 4);
        store_bind_int(st, 5, dev);
        store_bind_int(st, 6, cx->setting_id);
        e = store_step(st, &row);
        store_finalize(st);
        if (e) {
            e = sg_store(cx, e);
            break;
        }
        ledger_row r = {.adult = adult, .device = dev, .shift = s ? s->id : 0, .grant = grant, .zone = zone,
                        .due_back = due, .action = "out", .purpose = purpose};
        e = ledger_add(cx, &r);
    }
    if (!e && json_array_size(done)) {
        json_t *ad = json_pack("{sI ss sO ss}", "adult_id", (json_int_t)adult, "adult", name, "devices", done,
                               "purpose", purpose);
        if (due)
            json_object_set_new(ad, "due_back_at", presence_iso(due));
        if (grant)
            json_object_set_new(ad, "grant_id", json_integer(grant));
        if (zone)
            json_object_set_new(ad, "zone_room_id", json_integer(zone));
        e = audit_append(cx, "locker.check_out", "shift", s ? s->id : 0, ad);
        json_decref(ad);
    }
    json_decref(inside);
    json_decref(done);
    return e;
}

/* Today's planned shift not yet worked, or a new unplanned one that runs
 * to closing time. */
static sg_err shift_for_sign_on(sg_ctx *cx, int64_t adult, int64_t now, int64_t *id, bool *planned)
{
    char today[11];
    presence_date(now, today);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id FROM shifts WHERE adult_id = ? AND setting_id = ? AND work_date = ?"
                                     " AND signed_on_at IS NULL AND cancelled_at IS NULL AND ends_at > ?"
                                     " ORDER BY starts_at", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult);
    store_bind_int(st, 2, cx->setting_id);
    store_bind_text(st, 3, today);
    store_bind_int(st, 4, now);
    bool found = false;
    e = store_one_int(st, id, &found);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    *planned = found;
    if (found)
        return SG_OK;
    char close[POLICY_VALUE_MAX];
    int64_t ends = 0;
    if ((e = policy_text(cx, "day.close_time", close)))
        return e;
    if (!presence_local_time(today, close, &ends) || ends <= now)
        ends = now + 8 * 3600; /* signing on after closing: a full working day */
    return shift_insert(cx, adult, today, now, ends, 0, 0, false, id);
}

/* The common shape of every locker action: permission, transaction,
 * name, the action, findings, the adult's state as the answer. */
typedef enum { ACT_SIGN_ON, ACT_SIGN_OFF, ACT_IN, ACT_NONE, ACT_OUT } act;

static sg_err run(sg_ctx *cx, int64_t adult, act what, json_t *in, json_t **out)
{
    sg_err e = presence_may_act_for(cx, adult);
    if (e)
        return e;
    if (in && !json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    char name[200];
    open_shift s;
    int64_t now = clock_now();
    if (!(e = presence_adult_name(cx, adult, "adult_id", name, sizeof name)) && !(e = current_shift(cx, adult, &s))) {
        switch (what) {
        case ACT_SIGN_ON: {
            if (s.id) {
                e = sg_fail(cx, SG_ECONFLICT, "%s is already signed on", name);
                break;
            }
            bool planned, none = json_is_true(json_object_get(in, "none"));
            json_t *devs = json_object_get(in, "devices");
            if (none && devs) {
                e = sg_fail_field(cx, SG_EINVAL, "none", "either list the devices or declare none, not both");
                break;
            }
            int64_t id;
            if ((e = shift_for_sign_on(cx, adult, now, &id, &planned)))
                break;
            if ((e = exec_ints(cx, "UPDATE shifts SET signed_on_at = ? WHERE id = ? AND setting_id = ?", 3,
                               (int64_t[]){now, id, cx->setting_id})))
                break;
            json_t *d = json_pack("{sI ss sb}", "adult_id", (json_int_t)adult, "adult", name, "planned", planned);
            e = audit_append(cx, "shift.sign_on", "shift", id, d);
            json_decref(d);
            if (!e && (devs || none))
                e = current_shift(cx, adult, &s);
            if (!e && devs)
                e = check_in_tx(cx, adult, name, &s, in);
            else if (!e && none)
                e = declare_none_tx(cx, adult, name, &s);
            break;
        }
        case ACT_SIGN_OFF: {
            if (!s.id) {
                e = sg_fail(cx, SG_ENOTONSHIFT, "%s is not signed on", name);
                break;
            }
            if ((e = check_out_tx(cx, adult, name, &s, in, true)))
                break;
            /* A device already out (a break, a permission) goes home now too. */
            if ((e = exec_ints(cx, "UPDATE personal_devices SET out_purpose = 'home', due_back_at = NULL,"
                                   " grant_id = NULL WHERE adult_id = ? AND setting_id = ? AND state = 'out'", 2,
                               (int64_t[]){adult, cx->setting_id})))
                break;
            if ((e = exec_ints(cx, "UPDATE shifts SET signed_off_at = ? WHERE id = ? AND setting_id = ?", 3,
                               (int64_t[]){now, s.id, cx->setting_id})))
                break;
            json_t *d = json_pack("{sI ss sb}", "adult_id", (json_int_t)adult, "adult", name, "early", now < s.ends);
            e = audit_append(cx, "shift.sign_off", "shift", s.id, d);
            json_decref(d);
            break;
        }
        case ACT_IN:
            if (!(e = need_shift(cx, adult, name, &s)))
                e = check_in_tx(cx, adult, name, &s, in);
            break;
        case ACT_NONE:
            if (!(e = need_shift(cx, adult, name, &s)))
                e = declare_none_tx(cx, adult, name, &s);
            break;
        case ACT_OUT:
            if (!(e = need_shift(cx, adult, name, &s)))
                e = check_out_tx(cx, adult, name, &s, in, false);
            break;
        }
    }
    if (!e)
        e = findings_refresh(cx, "presence");
    if ((e = store_end(cx->db, e)))
        return e;
    return out ? presence_adult(cx, adult, out) : SG_OK;
}

sg_err presence_sign_on(sg_ctx *cx, int64_t adult, json_t *in, json_t **out) { return run(cx, adult, ACT_SIGN_ON, in, out); }
sg_err presence_sign_off(sg_ctx *cx, int64_t adult, json_t *in, json_t **out) { return run(cx, adult, ACT_SIGN_OFF, in, out); }
sg_err presence_check_in(sg_ctx *cx, int64_t adult, json_t *in, json_t **out) { return run(cx, adult, ACT_IN, in, out); }
sg_err presence_declare_none(sg_ctx *cx, int64_t adult, json_t *in, json_t **out) { return run(cx, adult, ACT_NONE, in, out); }
sg_err presence_check_out(sg_ctx *cx, int64_t adult, json_t *in, json_t **out) { return run(cx, adult, ACT_OUT, in, out); }
