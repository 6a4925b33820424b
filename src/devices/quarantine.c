/* quarantine.c — evidence quarantine of a device (PRO-DEVICES-14, R-29)
 * and problem reports from any adult (PRO-DEVICES-20, -05, -12).
 *
 * A device involved in an incident is held as evidence by the manager or
 * the DSL: while the hold lasts its credential is locked (the credential
 * check refuses it), it cannot be handed out, taken off site, enrolled,
 * changed, have apps changed or be retired (no wiping, reassignment or
 * reuse). It can still be given back and ticked at the lock-up, so that
 * it ends up in the cupboard; every such action is audited and marked.
 * The hold is a row with its reason and linked concern, released with a
 * reason, never deleted.
 *
 * Every member of staff shares responsibility for the setting's ICT, so
 * any adult may report a fault, a loss, suspected misuse, or a social
 * media or messaging app found on a device; an open report is a finding
 * until the manager or deputy closes it with its outcome. */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "devices.h"

static const field_spec quarantine_fields[] = {
    {"reason", F_TEXT, 500, F_REQUIRED},
    {"concern_ref", F_TEXT, 120, F_NULLABLE},
    {NULL},
};

static const field_spec release_fields[] = {
    {"reason", F_TEXT, 500, F_REQUIRED},
    {NULL},
};

static const char *const report_kinds[] = {"fault", "loss", "misuse", "prohibited-app", NULL};

static const field_spec report_fields[] = {
    {"kind", F_ENUM, 0, F_REQUIRED, report_kinds},
    {"text", F_TEXT, 1000, F_REQUIRED},
    {NULL},
};

static const field_spec close_fields[] = {
    {"outcome", F_TEXT, 1000, F_REQUIRED},
    {NULL},
};

sg_err device_quarantine(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_QUARANTINE);
    if (!e)
        e = fields_check(cx, quarantine_fields, in, false);
    if (e)
        return e;
    devices_row d;
    store_stmt *st;
    int64_t qid = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d))) {
        if (d.retired)
            e = sg_fail(cx, SG_ECONFLICT, "%s is retired", d.label);
        else if (d.quarantine_id)
            e = sg_fail(cx, SG_ECONFLICT, "%s is already under evidence quarantine", d.label);
    }
    if (!e && !(e = devices_prepare(cx, "INSERT INTO device_quarantines (setting_id, device_id, reason, concern_ref,"
                                        " placed_by, placed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, id);
        store_bind_text(st, 3, json_string_value(json_object_get(in, "reason")));
        store_bind_text(st, 4, json_string_value(json_object_get(in, "concern_ref")));
        store_bind_text(st, 5, cx->actor);
        store_bind_int(st, 6, clock_now());
        e = store_one_int(st, &qid, NULL);
        store_finalize(st);
        e = e == SG_EEXISTS ? sg_fail(cx, SG_ECONFLICT, "%s is already under evidence quarantine", d.label)
                            : sg_store(cx, e);
    }
    if (!e) {
        json_t *det = json_deep_copy(in);
        json_object_set_new(det, "quarantine_id", json_integer(qid));
        if (d.custody_id) /* who had it when it was held */
            json_object_set_new(det, "held_by", json_string(d.holder));
        e = audit_append(cx, "device.quarantine", "device", id, det);
        json_decref(det);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

sg_err device_release(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_QUARANTINE);
    if (!e)
        e = fields_check(cx, release_fields, in, false);
    if (e)
        return e;
    devices_row d;
    store_stmt *st;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d)) && !d.quarantine_id)
        e = sg_fail(cx, SG_ECONFLICT, "%s is not under evidence quarantine", d.label);
    if (!e && !(e = devices_prepare(cx, "UPDATE device_quarantines SET released_at = ?, released_by = ?,"
                                        " release_reason = ? WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, cx->actor);
        store_bind_text(st, 3, json_string_value(json_object_get(in, "reason")));
        store_bind_int(st, 4, d.quarantine_id);
        store_bind_int(st, 5, cx->setting_id);
        e = devices_run(cx, st);
    }
    if (!e) {
        json_t *det = json_pack("{sI sO}", "quarantine_id", (json_int_t)d.quarantine_id, "reason",
                                json_object_get(in, "reason"));
        e = audit_append(cx, "device.release", "device", id, det);
        json_decref(det);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

sg_err device_report(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_USE);
    if (!e)
        e = fields_check(cx, report_fields, in, false);
    if (e)
        return e;
    devices_row d;
    store_stmt *st;
    int64_t rid = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d)) &&
        !(e = devices_prepare(cx, "INSERT INTO device_reports (setting_id, device_id, kind, text, reported_by,"
                                  " adult_id, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, id);
        store_bind_text(st, 3, json_string_value(json_object_get(in, "kind")));
        store_bind_text(st, 4, json_string_value(json_object_get(in, "text")));
        store_bind_text(st, 5, cx->actor);
        if (cx->actor_id)
            store_bind_int(st, 6, cx->actor_id);
        else
            store_bind_null(st, 6);
        store_bind_int(st, 7, clock_now());
        e = sg_store(cx, store_one_int(st, &rid, NULL));
        store_finalize(st);
    }
    if (!e) {
        json_t *det = json_deep_copy(in);
        json_object_set_new(det, "report_id", json_integer(rid));
        if (d.quarantine_id)
            json_object_set_new(det, "quarantined", json_true());
        e = audit_append(cx, "device.report", "device", id, det);
        json_decref(det);
    }
    if (!e)
        e = findings_refresh(cx, "devices");
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

sg_err device_report_close(sg_ctx *cx, int64_t id, int64_t report_id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_WRITE);
    if (!e)
        e = fields_check(cx, close_fields, in, false);
    if (e)
        return e;
    devices_row d;
    store_stmt *st;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    int found = -1; /* -1 none, 0 open, 1 closed */
    if (!(e = devices_load(cx, id, &d)) &&
        !(e = devices_prepare(cx, "SELECT closed_at FROM device_reports WHERE id = ? AND device_id = ?"
                                  " AND setting_id = ?", &st))) {
        store_bind_int(st, 1, report_id);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        bool row;
        if (!(e = store_step(st, &row)) && row)
            found = !store_col_null(st, 0);
        store_finalize(st);
        e = sg_store(cx, e);
        if (!e && found < 0)
            e = sg_fail(cx, SG_ENOTFOUND, "there is no report %lld about %s", (long long)report_id, d.label);
        else if (!e && found > 0)
            e = sg_fail(cx, SG_ECONFLICT, "this report is already closed");
    }
    if (!e && !(e = devices_prepare(cx, "UPDATE device_reports SET closed_at = ?, closed_by = ?, outcome = ?"
                                        " WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, cx->actor);
        store_bind_text(st, 3, json_string_value(json_object_get(in, "outcome")));
        store_bind_int(st, 4, report_id);
        store_bind_int(st, 5, cx->setting_id);
        e = devices_run(cx, st);
    }
    if (!e) {
        json_t *det = json_pack("{sI sO}", "report_id", (json_int_t)report_id, "outcome", json_object_get(in, "outcome"));
        e = audit_append(cx, "device.report_close", "device", id, det);
        json_decref(det);
    }
    if (!e)
        e = findings_refresh(cx, "devices");
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}
