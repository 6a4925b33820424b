/* handout.c — who holds which device, and who held it when (PRO-DEVICES-01,
 * -03, REPORTING-04).
 *
 * A nursery's tablets pass between many adults in a day, so custody is a
 * ledger, not a "current user" field: each row is one adult holding one
 * device from out_at until returned_at. A device has at most one open row
 * (a unique index says so too), and rows of one device never overlap, so
 * "who held Tablet 3 at 10:40 last Tuesday" is the last row that went out
 * at or before 10:40 — if it had not come back by then.
 *
 * An adult takes and gives back devices themselves; the manager or deputy
 * may record either for someone else (device.write). Giving back is only
 * by the holder: a device cannot be "returned" by someone who does not
 * have it, which is what keeps the ledger true. Private use follows the
 * setting's choice (CONFIG-08, PRO-DEVICES-13). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "../policy/policy.h"
#include "devices.h"

static const char *const purposes[] = {
    "setting-work", "children-session", "virtual-course", "maintenance", "private-use", NULL,
};

static const field_spec handout_fields[] = {
    {"adult_id", F_ID, 0, 0},
    {"purpose", F_ENUM, 0, 0, purposes},
    {"note", F_TEXT, 300, F_NULLABLE},
    {NULL},
};

static const field_spec return_fields[] = {
    {"adult_id", F_ID, 0, 0},
    {"note", F_TEXT, 300, F_NULLABLE},
    {NULL},
};

/* The rules a hand-out must pass beyond the device being free. */
static sg_err handout_rules(sg_ctx *cx, const devices_row *d, int64_t adult_id, const char *purpose, json_t *note)
{
    /* PRO-DEVICES-11: an allocated device is for its one named adult. */
    if (!strcmp(d->use, "allocated") && d->designated_user_id != adult_id)
        return sg_fail_field(cx, SG_EPOLICY, "adult_id",
                             "%s is allocated to one adult; nobody else may use it (PRO-DEVICES-11)", d->label);
    /* PRO-DEVICES-17: children use only devices curated for them. */
    if (!strcmp(purpose, "children-session") && strcmp(d->use, "children") != 0)
        return sg_fail_field(cx, SG_EPOLICY, "purpose",
                             "%s is not set up for children: only a children's device, with its checked apps, is used "
                             "with children (PRO-DEVICES-17)", d->label);
    if (strcmp(purpose, "private-use") != 0)
        return SG_OK;
    /* PRO-DEVICES-13, CONFIG-08: private use as the setting decided. */
    char rule[POLICY_VALUE_MAX];
    sg_err e = policy_text(cx, "devices.private_use", rule);
    if (e)
        return e;
    if (!strcmp(rule, "never"))
        return sg_fail_field(cx, SG_EPOLICY, "purpose",
                             "this setting does not allow private use of its devices (CONFIG-08)");
    if (!json_is_string(note))
        return sg_fail_field(cx, SG_EINVAL, "note", "private use needs a note: the permission or the employer's "
                                                    "policy it is given under (PRO-DEVICES-13)");
    if (!strcmp(rule, "with-permission") && !perm_has(cx, PERM_DEVICE_APPROVE))
        return sg_fail_field(cx, SG_EPOLICY, "purpose",
                             "private use needs the manager's specific permission: the manager records it (CONFIG-08)");
    return SG_OK;
}

sg_err device_handout(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_USE);
    int64_t adult_id = 0, custody_id = 0;
    if (!e)
        e = fields_check(cx, handout_fields, in, false);
    if (!e)
        e = devices_acting_adult(cx, in, &adult_id);
    if (e)
        return e;
    const char *purpose = json_string_value(json_object_get(in, "purpose"));
    if (!purpose)
        purpose = "setting-work";
    json_t *note = json_object_get(in, "note");
    devices_row d;
    char name[170];
    store_stmt *st;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d))) {
        if (d.retired)
            e = sg_fail(cx, SG_ECONFLICT, "%s is retired", d.label);
        else if (d.quarantine_id)
            e = sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine and may not be handed out (PRO-DEVICES-14)",
                        d.label);
        else if (d.custody_id)
            e = sg_fail(cx, SG_ECONFLICT, "%s is already held by %s; it must be given back first", d.label, d.holder);
    }
    if (!e)
        e = devices_adult_name(cx, adult_id, "adult_id", name, sizeof name);
    if (!e)
        e = handout_rules(cx, &d, adult_id, purpose, note);
    if (!e && !(e = devices_prepare(cx, "INSERT INTO device_custody (setting_id, device_id, adult_id, kind, purpose,"
                                        " note, out_at, out_by) VALUES (?, ?, ?, 'hand-out', ?, ?, ?, ?) RETURNING id",
                                    &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, adult_id);
        store_bind_text(st, 4, purpose);
        store_bind_text(st, 5, json_string_value(note));
        store_bind_int(st, 6, clock_now());
        store_bind_text(st, 7, cx->actor);
        e = store_one_int(st, &custody_id, NULL);
        store_finalize(st);
        /* Two hand-outs racing: the unique open-custody index refuses the second. */
        e = e == SG_EEXISTS ? sg_fail(cx, SG_ECONFLICT, "%s is already held; it must be given back first", d.label)
                            : sg_store(cx, e);
    }
    if (!e) {
        json_t *det = json_pack("{sI sI ss ss}", "custody_id", (json_int_t)custody_id, "adult_id", (json_int_t)adult_id,
                                "adult", name, "purpose", purpose);
        if (json_is_string(note))
            json_object_set(det, "note", note);
        e = audit_append(cx, "device.handout", "device", id, det);
        json_decref(det);
    }
    if (!e)
        e = findings_refresh(cx, "devices");
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

sg_err device_return(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_USE);
    int64_t adult_id = 0;
    if (!e)
        e = fields_check(cx, return_fields, in, false);
    if (!e)
        e = devices_acting_adult(cx, in, &adult_id);
    if (e)
        return e;
    json_t *note = json_object_get(in, "note");
    devices_row d;
    store_stmt *st;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d))) {
        if (!d.custody_id)
            e = sg_fail(cx, SG_ECONFLICT, "%s is not held by anyone: there is nothing to give back", d.label);
        else if (d.holder_id != adult_id)
            e = sg_fail_field(cx, SG_ECONFLICT, "adult_id", "%s is held by %s; only they can give it back", d.label,
                              d.holder);
    }
    if (!e && !(e = devices_prepare(cx, "UPDATE device_custody SET returned_at = ?, returned_by = ?, return_note = ?"
                                        " WHERE id = ? AND setting_id = ? AND returned_at IS NULL", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, cx->actor);
        store_bind_text(st, 3, json_string_value(note));
        store_bind_int(st, 4, d.custody_id);
        store_bind_int(st, 5, cx->setting_id);
        e = devices_run(cx, st);
    }
    if (!e) {
        json_t *det = json_pack("{sI sI ss ss}", "custody_id", (json_int_t)d.custody_id, "adult_id",
                                (json_int_t)adult_id, "adult", d.holder, "kind", d.custody_kind);
        if (json_is_string(note))
            json_object_set(det, "note", note);
        if (d.quarantine_id) /* PRO-DEVICES-14: every action on a held device is marked */
            json_object_set_new(det, "quarantined", json_true());
        e = audit_append(cx, "device.return", "device", id, det);
        json_decref(det);
    }
    if (!e)
        e = findings_refresh(cx, "devices");
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

/* One custody row as JSON, from columns id, device_id, label, adult_id,
 * name, kind, purpose, out_at, returned_at, expected_return, outing_ref,
 * reason, note, out_by, returned_by starting at 0. */
static json_t *custody_json(store_stmt *st)
{
    char out_at[21], back[21];
    clock_iso(store_col_int(st, 7), out_at);
    json_t *o = json_pack("{sI sI ss sI ss ss ss ss ss}", "id", (json_int_t)store_col_int(st, 0), "device_id",
                          (json_int_t)store_col_int(st, 1), "label", store_col_text(st, 2), "adult_id",
                          (json_int_t)store_col_int(st, 3), "name", store_col_text(st, 4), "kind", store_col_text(st, 5),
                          "purpose", store_col_text(st, 6), "out_at", out_at, "out_by", store_col_text(st, 13));
    if (store_col_null(st, 8)) {
        json_object_set_new(o, "returned_at", json_null());
    } else {
        clock_iso(store_col_int(st, 8), back);
        json_object_set_new(o, "returned_at", json_string(back));
        json_object_set_new(o, "returned_by", json_string(store_col_text(st, 14)));
    }
    static const char *const opt[] = {"expected_return", "outing_ref", "reason", "note"};
    for (int i = 0; i < 4; i++)
        json_object_set_new(o, opt[i], store_col_null(st, 9 + i) ? json_null() : json_string(store_col_text(st, 9 + i)));
    return o;
}

#define CUSTODY_COLS                                                                                            \
    "SELECT c.id, c.device_id, d.label, c.adult_id, a.first_name || ' ' || a.last_name, c.kind, c.purpose,"     \
    " c.out_at, c.returned_at, c.expected_return, c.outing_ref, c.reason, c.note, c.out_by, c.returned_by"     \
    " FROM device_custody c JOIN devices d ON d.id = c.device_id JOIN adults a ON a.id = c.adult_id"

sg_err device_holder_at(sg_ctx *cx, int64_t id, int64_t at, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_READ);
    devices_row d;
    if (!e)
        e = devices_load(cx, id, &d);
    if (e)
        return e;
    /* The last custody that began at or before `at`: rows of one device do
     * not overlap, so no earlier one can still have been open then. */
    store_stmt *st;
    if ((e = devices_prepare(cx, CUSTODY_COLS " WHERE c.device_id = ? AND c.setting_id = ? AND c.out_at <= ?"
                                              " ORDER BY c.out_at DESC, c.id DESC LIMIT 1", &st)))
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    store_bind_int(st, 3, at);
    bool row;
    json_t *holder = json_null();
    if (!(e = store_step(st, &row)) && row && (store_col_null(st, 8) || store_col_int(st, 8) > at)) {
        json_decref(holder);
        holder = custody_json(st);
    }
    store_finalize(st);
    if (e) {
        json_decref(holder);
        return sg_store(cx, e);
    }
    char iso[21];
    clock_iso(at, iso);
    *out = json_pack("{sI ss ss so}", "device_id", (json_int_t)id, "label", d.label, "at", iso, "holder", holder);
    return SG_OK;
}

sg_err device_custody_list(sg_ctx *cx, const devices_custody_query *q, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_READ);
    if (e)
        return e;
    char sql[1400];
    snprintf(sql, sizeof sql, CUSTODY_COLS " WHERE c.setting_id = ?%s%s%s%s ORDER BY c.out_at DESC, c.id DESC LIMIT ?",
             q->device_id ? " AND c.device_id = ?" : "", q->adult_id ? " AND c.adult_id = ?" : "",
             q->to ? " AND c.out_at < ?" : "", q->from ? " AND (c.returned_at IS NULL OR c.returned_at > ?)" : "");
    store_stmt *st;
    if ((e = devices_prepare(cx, sql, &st)))
        return e;
    int i = 1;
    store_bind_int(st, i++, cx->setting_id);
    if (q->device_id)
        store_bind_int(st, i++, q->device_id);
    if (q->adult_id)
        store_bind_int(st, i++, q->adult_id);
    if (q->to)
        store_bind_int(st, i++, q->to);
    if (q->from)
        store_bind_int(st, i++, q->from);
    store_bind_int(st, i++, q->limit > 0 ? q->limit : 500);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, custody_json(st));
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "custody", a);
    return SG_OK;
}
