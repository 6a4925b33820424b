/* offsite.c — a setting device leaving the premises: home in unforeseen
 * circumstances (PRO-DEVICES-09, CONFIG-07) or carried on an outing
 * (PRO-DEVICES-10, OUTINGS-01, -06).
 *
 * Either way it is custody like a hand-out — the adult taking it holds it
 * until they give it back (device_return) — with what the policy asks for
 * recorded beside it:
 *   home    the unforeseen reason, the adult's undertaking to keep it
 *           secure and let no one else use it, and the date it comes back;
 *           the manager approves it. An overdue return is a finding.
 *           CONFIG-07 (a): devices that take or hold images never go;
 *           (c): a laptop allocated to one adult may go home with them
 *           under their sole control, without the manager.
 *   outing  who carries it and, optionally, which outing; it is due back
 *           by the day's lock-up (OUTINGS-06). An outing whose devices
 *           include no setting phone is flagged (OUTINGS-02).
 * due_at is the instant the device counts as overdue, worked out once when
 * it leaves. */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "../policy/policy.h"
#include "devices.h"

static const char *const offsite_kinds[] = {"home", "outing", NULL};

static const field_spec offsite_fields[] = {
    {"kind", F_ENUM, 0, F_REQUIRED, offsite_kinds},
    {"adult_id", F_ID, 0, F_REQUIRED},
    {"reason", F_TEXT, 500, F_NULLABLE},
    {"undertaking", F_BOOL, 0, 0},
    {"expected_return", F_DATE, 0, F_NULLABLE},
    {"outing_ref", F_TEXT, 120, F_NULLABLE},
    {"note", F_TEXT, 300, F_NULLABLE},
    {NULL},
};

/* Home: who may approve, and what must be recorded. *due_at is set. */
static sg_err home_rules(sg_ctx *cx, const devices_row *d, int64_t adult_id, json_t *in, int64_t now, int64_t *due_at)
{
    char rule[POLICY_VALUE_MAX];
    sg_err e = policy_text(cx, "devices.off_site", rule);
    if (e)
        return e;
    if (json_is_string(json_object_get(in, "outing_ref")))
        return sg_fail_field(cx, SG_EINVAL, "outing_ref", "outing_ref is for a device taken on an outing");
    /* CONFIG-07 (c): the allocated laptop goes home with its own user. */
    bool own_laptop = !strcmp(rule, "allocated-laptops") && !strcmp(d->use, "allocated") &&
                      devices_computer(d->kind) && d->designated_user_id == adult_id;
    if (!strcmp(rule, "imaging-never") && devices_imaging(d->kind))
        return sg_fail(cx, SG_EPOLICY, "%s takes or holds images: in this setting such devices never leave the "
                                       "premises (CONFIG-07)", d->label);
    if (!own_laptop && (e = perm_require(cx, PERM_DEVICE_APPROVE)))
        return sg_fail(cx, SG_EFORBIDDEN, "a device goes home only with the manager's approval (PRO-DEVICES-09)");
    if (own_laptop && adult_id != cx->actor_id && (e = perm_require(cx, PERM_DEVICE_APPROVE)))
        return e;
    if (!own_laptop && !json_is_string(json_object_get(in, "reason")))
        return sg_fail_field(cx, SG_EINVAL, "reason",
                             "a device goes home only for a recorded unforeseen reason (PRO-DEVICES-09)");
    if (!json_is_true(json_object_get(in, "undertaking")))
        return sg_fail_field(cx, SG_EINVAL, "undertaking",
                             "the adult must undertake to keep the device secure and let no one else use it (PRO-DEVICES-09)");
    json_t *ret = json_object_get(in, "expected_return");
    if (!json_is_string(ret)) {
        if (own_laptop) {
            *due_at = 0;
            return SG_OK;
        }
        return sg_fail_field(cx, SG_EINVAL, "expected_return",
                             "expected_return is required: the date the device comes back (PRO-DEVICES-09)");
    }
    char today[11];
    devices_date(now, today);
    if (strcmp(json_string_value(ret), today) < 0)
        return sg_fail_field(cx, SG_EINVAL, "expected_return", "expected_return is in the past");
    /* Overdue from the start of the day after the expected return. */
    int64_t day;
    clock_parse_iso(json_string_value(ret), &day);
    *due_at = devices_day_start(day + 36 * 3600);
    return SG_OK;
}

/* Outing: carried back by the day's lock-up (OUTINGS-06). */
static sg_err outing_rules(sg_ctx *cx, int64_t adult_id, json_t *in, int64_t now, int64_t *due_at)
{
    static const char *const home_only[] = {"reason", "undertaking", "expected_return"};
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(in, home_only[i]);
        if (v && !json_is_null(v))
            return sg_fail_field(cx, SG_EINVAL, home_only[i], "%s is for a device taken home; an outing device is "
                                                              "due back by the day's lock-up", home_only[i]);
    }
    /* Staff record the devices they carry themselves; the manager or
     * deputy may record them for anyone. */
    if (adult_id != cx->actor_id) {
        sg_err e = perm_require(cx, PERM_DEVICE_WRITE);
        if (e)
            return e;
    }
    sg_err e = devices_close_at(cx, now, due_at);
    if (!e && *due_at <= now)
        *due_at = devices_day_start(now + 36 * 3600) - 1; /* after closing: by the end of the day */
    return e;
}

sg_err device_offsite(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_USE);
    if (!e)
        e = fields_check(cx, offsite_fields, in, false);
    if (e)
        return e;
    const char *kind = json_string_value(json_object_get(in, "kind"));
    int64_t adult_id = json_integer_value(json_object_get(in, "adult_id"));
    int64_t now = clock_now(), due_at = 0, custody_id = 0;
    bool home = !strcmp(kind, "home");
    devices_row d;
    char name[170];
    store_stmt *st;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d))) {
        if (d.retired)
            e = sg_fail(cx, SG_ECONFLICT, "%s is retired", d.label);
        else if (d.quarantine_id)
            e = sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine and may not leave (PRO-DEVICES-14)", d.label);
        else if (d.custody_id)
            e = sg_fail(cx, SG_ECONFLICT, "%s is already held by %s; it must be given back first", d.label, d.holder);
    }
    if (!e)
        e = devices_adult_name(cx, adult_id, "adult_id", name, sizeof name);
    if (!e && !strcmp(d.use, "allocated") && d.designated_user_id != adult_id)
        e = sg_fail_field(cx, SG_EPOLICY, "adult_id", "%s is allocated to one adult; nobody else may take it (PRO-DEVICES-11)",
                          d.label);
    if (!e)
        e = home ? home_rules(cx, &d, adult_id, in, now, &due_at) : outing_rules(cx, adult_id, in, now, &due_at);
    if (!e && !(e = devices_prepare(cx, "INSERT INTO device_custody (setting_id, device_id, adult_id, kind, purpose, note,"
                                        " reason, undertaking, expected_return, due_at, outing_ref, out_at, out_by)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, adult_id);
        store_bind_text(st, 4, kind);
        store_bind_text(st, 5, kind);
        store_bind_text(st, 6, json_string_value(json_object_get(in, "note")));
        store_bind_text(st, 7, json_string_value(json_object_get(in, "reason")));
        store_bind_int(st, 8, json_is_true(json_object_get(in, "undertaking")));
        store_bind_text(st, 9, json_string_value(json_object_get(in, "expected_return")));
        if (due_at)
            store_bind_int(st, 10, due_at);
        else
            store_bind_null(st, 10);
        store_bind_text(st, 11, json_string_value(json_object_get(in, "outing_ref")));
        store_bind_int(st, 12, now);
        store_bind_text(st, 13, cx->actor);
        e = store_one_int(st, &custody_id, NULL);
        store_finalize(st);
        e = e == SG_EEXISTS ? sg_fail(cx, SG_ECONFLICT, "%s is already held; it must be given back first", d.label)
                            : sg_store(cx, e);
    }
    if (!e) {
        json_t *det = json_deep_copy(in);
        json_object_set_new(det, "custody_id", json_integer(custody_id));
        json_object_set_new(det, "adult", json_string(name));
        if (due_at) {
            char iso[21];
            clock_iso(due_at, iso);
            json_object_set_new(det, "due_at", json_string(iso));
        }
        e = audit_append(cx, "device.off_site", "device", id, det);
        json_decref(det);
    }
    if (!e)
        e = findings_refresh(cx, "devices");
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}
