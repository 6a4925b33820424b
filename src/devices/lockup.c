/* lockup.c — the end-of-day lock-up check (PRO-DEVICES-08, OUTINGS-06).
 *
 * At close of day the manager, or the last adult out, goes through the
 * register on one screen and ticks each device seen locked away. The check
 * records, for every device in the register, what it found:
 *   locked     ticked. If the ledger still had it out (someone forgot to
 *              give it back, or it came back from home or an outing
 *              unrecorded) that custody is closed by the check, so the
 *              ledger matches the cupboard.
 *   off-site   not ticked, but at home under a recorded approval.
 *   on-outing  not ticked and still out on an outing: flagged (OUTINGS-06).
 *   missing    not ticked and not recorded anywhere else — including a
 *              device an adult still has on site: flagged to the manager.
 * The flags are findings (devices_findings.c), refreshed in the check's
 * own transaction so the manager's home page shows them at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "devices.h"

typedef struct {
    int64_t id, custody_id;
    char label[48], custody_kind[12];
    bool ticked;
} sheet_item;

/* Every device in the register (not retired) with its open custody. */
static sg_err load_register(sg_ctx *cx, sheet_item **items, size_t *n)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT d.id, d.label, c.id, c.kind FROM devices d"
                                   " LEFT JOIN device_custody c ON c.device_id = d.id AND c.returned_at IS NULL"
                                   " WHERE d.setting_id = ? AND d.retired_on IS NULL ORDER BY lower(d.label), d.id", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            sheet_item *nv = realloc(*items, cap * sizeof *nv);
            if (!nv) {
                e = SG_EINTERNAL;
                break;
            }
            *items = nv;
        }
        sheet_item *it = &(*items)[(*n)++];
        memset(it, 0, sizeof *it);
        it->id = store_col_int(st, 0);
        snprintf(it->label, sizeof it->label, "%s", store_col_text(st, 1));
        if (!store_col_null(st, 2)) {
            it->custody_id = store_col_int(st, 2);
            snprintf(it->custody_kind, sizeof it->custody_kind, "%s", store_col_text(st, 3));
        }
    }
    store_finalize(st);
    if (e) {
        free(*items);
        *items = NULL;
        return sg_store(cx, e);
    }
    return SG_OK;
}

/* The ticked ids: a list of distinct devices of the register. */
static sg_err read_ticks(sg_ctx *cx, json_t *in, sheet_item *items, size_t n)
{
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        if (strcmp(k, "locked") != 0)
            return sg_fail_field(cx, SG_EINVAL, k, "unknown field '%.60s'", k);
    }
    json_t *locked = json_object_get(in, "locked");
    if (!json_is_array(locked))
        return sg_fail_field(cx, SG_EINVAL, "locked", "locked is required: the list of device ids seen locked away");
    size_t i;
    json_array_foreach(locked, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return sg_fail_field(cx, SG_EINVAL, "locked", "locked must list device ids (positive whole numbers)");
        size_t j = 0;
        while (j < n && items[j].id != json_integer_value(v))
            j++;
        if (j == n)
            return sg_fail_field(cx, SG_EINVAL, "locked", "device %lld is not in this setting's register",
                                 (long long)json_integer_value(v));
        if (items[j].ticked)
            return sg_fail_field(cx, SG_EINVAL, "locked", "%s is listed twice", items[j].label);
        items[j].ticked = true;
    }
    return SG_OK;
}

static sg_err close_custody(sg_ctx *cx, int64_t custody_id, int64_t now)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "UPDATE device_custody SET returned_at = ?, returned_by = ?, return_note = ?"
                                   " WHERE id = ? AND setting_id = ? AND returned_at IS NULL", &st);
    if (e)
        return e;
    store_bind_int(st, 1, now);
    store_bind_text(st, 2, cx->actor);
    store_bind_text(st, 3, "found locked away at the lock-up check");
    store_bind_int(st, 4, custody_id);
    store_bind_int(st, 5, cx->setting_id);
    return devices_run(cx, st);
}

sg_err device_lockup_run(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_USE);
    if (e)
        return e;
    sheet_item *items = NULL;
    size_t n = 0;
    int64_t now = clock_now(), lockup_id = 0;
    int counts[3] = {0}; /* locked, away, missing */
    char day[11];
    devices_date(now, day);
    json_t *det = json_pack("{ss s[] s[] s[] s[] s[]}", "day", day, "locked", "off_site", "on_outing", "missing",
                            "returned_by_check");
    store_stmt *st;
    if ((e = store_begin(cx->db))) {
        json_decref(det);
        return sg_store(cx, e);
    }
    if (!(e = load_register(cx, &items, &n)))
        e = read_ticks(cx, in, items, n);
    if (!e && !(e = devices_prepare(cx, "INSERT INTO device_lockups (setting_id, day, at, checked_by, adult_id, locked,"
                                        " away, missing) VALUES (?, ?, ?, ?, ?, 0, 0, 0) RETURNING id", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_text(st, 2, day);
        store_bind_int(st, 3, now);
        store_bind_text(st, 4, cx->actor);
        if (cx->actor_id)
            store_bind_int(st, 5, cx->actor_id);
        else
            store_bind_null(st, 5);
        e = sg_store(cx, store_one_int(st, &lockup_id, NULL));
        store_finalize(st);
    }
    for (size_t i = 0; !e && i < n; i++) {
        sheet_item *it = &items[i];
        const char *outcome = "missing", *list = "missing";
        if (it->ticked) {
            outcome = list = "locked";
            counts[0]++;
            if (it->custody_id && !(e = close_custody(cx, it->custody_id, now)))
                json_array_append_new(json_object_get(det, "returned_by_check"), json_string(it->label));
        } else if (!strcmp(it->custody_kind, "home")) {
            outcome = "off-site";
            list = "off_site";
            counts[1]++;
        } else if (!strcmp(it->custody_kind, "outing")) {
            /* Outing devices come back for the lock-up (OUTINGS-06): one
             * still out is not accounted for, and counted so. */
            outcome = "on-outing";
            list = "on_outing";
            counts[2]++;
        } else {
            counts[2]++;
        }
        json_array_append_new(json_object_get(det, list), json_string(it->label));
        if (!e && !(e = devices_prepare(cx, "INSERT INTO device_lockup_items (setting_id, lockup_id, device_id, outcome)"
                                            " VALUES (?, ?, ?, ?)", &st))) {
            store_bind_int(st, 1, cx->setting_id);
            store_bind_int(st, 2, lockup_id);
            store_bind_int(st, 3, it->id);
            store_bind_text(st, 4, outcome);
            e = devices_run(cx, st);
        }
    }
    if (!e && !(e = devices_prepare(cx, "UPDATE device_lockups SET locked = ?, away = ?, missing = ? WHERE id = ?", &st))) {
        for (int k = 0; k < 3; k++)
            store_bind_int(st, k + 1, counts[k]);
        store_bind_int(st, 4, lockup_id);
        e = devices_run(cx, st);
    }
    if (!e)
        e = audit_append(cx, "device.lockup", "lockup", lockup_id, det);
    if (!e)
        e = findings_refresh(cx, "devices");
    free(items);
    json_decref(det);
    if ((e = store_end(cx->db, e)))
        return e;
    return device_lockup_get(cx, lockup_id, out);
}

/* One check as JSON: {id, day, at, checked_by, locked, away, missing, items?}. */
static json_t *lockup_json(store_stmt *st)
{
    char at[21];
    clock_iso(store_col_int(st, 2), at);
    return json_pack("{sI ss ss ss sI sI sI}", "id", (json_int_t)store_col_int(st, 0), "day", store_col_text(st, 1),
                     "at", at, "checked_by", store_col_text(st, 3), "locked", (json_int_t)store_col_int(st, 4),
                     "away", (json_int_t)store_col_int(st, 5), "missing", (json_int_t)store_col_int(st, 6));
}

#define LOCKUP_COLS "SELECT l.id, l.day, l.at, coalesce(a.first_name || ' ' || a.last_name, l.checked_by), l.locked," \
                    " l.away, l.missing FROM device_lockups l LEFT JOIN adults a ON a.id = l.adult_id"

sg_err device_lockup_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_READ);
    store_stmt *st;
    if (e || (e = devices_prepare(cx, LOCKUP_COLS " WHERE l.id = ? AND l.setting_id = ?", &st)))
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    json_t *o = NULL;
    if (!(e = store_step(st, &row)) && row)
        o = lockup_json(st);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!o)
        return sg_fail(cx, SG_ENOTFOUND, "there is no lock-up check %lld in this setting", (long long)id);
    if ((e = devices_prepare(cx, "SELECT i.device_id, d.label, d.kind, i.outcome FROM device_lockup_items i"
                                 " JOIN devices d ON d.id = i.device_id WHERE i.lockup_id = ? AND i.setting_id = ?"
                                 " ORDER BY lower(d.label), d.id", &st))) {
        json_decref(o);
        return e;
    }
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, json_pack("{sI ss ss ss}", "device_id", (json_int_t)store_col_int(st, 0), "label",
                                           store_col_text(st, 1), "kind", store_col_text(st, 2), "outcome",
                                           store_col_text(st, 3)));
    store_finalize(st);
    json_object_set_new(o, "items", a);
    if (e) {
        json_decref(o);
        return sg_store(cx, e);
    }
    *out = o;
    return SG_OK;
}

sg_err device_lockup_sheet(sg_ctx *cx, json_t **out)
{
    json_t *list = NULL;
    devices_query q = {0};
    sg_err e = device_list(cx, &q, &list);
    if (e)
        return e;
    int64_t now = clock_now(), close_at = 0;
    char day[11], close[21];
    devices_date(now, day);
    if ((e = devices_close_at(cx, now, &close_at))) {
        json_decref(list);
        return e;
    }
    clock_iso(close_at, close);
    store_stmt *st;
    json_t *last = json_null();
    if ((e = devices_prepare(cx, LOCKUP_COLS " WHERE l.setting_id = ? ORDER BY l.at DESC, l.id DESC LIMIT 1", &st))) {
        json_decref(list);
        return e;
    }
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row)
        last = lockup_json(st);
    store_finalize(st);
    if (e) {
        json_decref(list);
        json_decref(last);
        return sg_store(cx, e);
    }
    *out = json_pack("{ss ss sO so}", "day", day, "close_at", close, "devices", json_object_get(list, "devices"),
                     "last", last);
    json_decref(list);
    return SG_OK;
}
