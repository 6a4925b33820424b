/* devices_findings.c — the devices area's checkable rules, seen at `now`
 * (findings.h). Each is one query over the register and the ledger:
 *
 *   PRO-DEVICES-07  a device with no passcode set
 *   PRO-DEVICES-18  a computer without virus protection
 *   PRO-DEVICES-09  a device taken home and not back by its date
 *   OUTINGS-06      an outing device not back by closing time, or not
 *                   back at the lock-up check
 *   PRO-DEVICES-08  a device the last lock-up check could not account
 *                   for, until it is seen again (handed out, given back,
 *                   or ticked at a later check); and a day on which
 *                   devices went out but no check followed the last of
 *                   them by closing time
 *   OUTINGS-02      an outing whose devices include no setting phone
 *   PRO-DEVICES-05, -12, -20  an open report: a banned app found, a lost
 *                   memory card or stick (a data incident), a loss,
 *                   misuse or fault
 * A finding's key says which occurrence it is (findings.c), so the same
 * condition seen by two rules — an outing device overdue and missing at
 * the lock-up — is one finding. */
#include <stdio.h>
#include <string.h>
#include "../core/clock.h"
#include "devices.h"

static sg_err simple(sg_ctx *cx, findings_set *out, const char *sql, const char *rule, const char *severity,
                     const char *fmt)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, sql, &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char text[300];
        snprintf(text, sizeof text, fmt, store_col_text(st, 1), store_col_text(st, 2));
        findings_add(out, &(finding){.rule = rule, .severity = severity, .subject_type = "device",
                                     .subject_id = store_col_int(st, 0), .subject = store_col_text(st, 1),
                                     .since = store_col_int(st, 3), .text = text});
    }
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err overdue(sg_ctx *cx, int64_t now, findings_set *out)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT c.id, c.device_id, d.label, c.kind, c.due_at, c.expected_return,"
                                   " a.first_name || ' ' || a.last_name, c.outing_ref"
                                   " FROM device_custody c JOIN devices d ON d.id = c.device_id"
                                   " JOIN adults a ON a.id = c.adult_id"
                                   " WHERE c.setting_id = ? AND c.returned_at IS NULL AND c.kind IN ('home', 'outing')"
                                   " AND c.due_at IS NOT NULL AND c.due_at <= ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, now);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char text[400];
        bool home = !strcmp(store_col_text(st, 3), "home");
        const char *ref = store_col_text(st, 7);
        if (home)
            snprintf(text, sizeof text, "%s is overdue: %s took it home and it was due back on %s.",
                     store_col_text(st, 2), store_col_text(st, 6), store_col_text(st, 5));
        else
            snprintf(text, sizeof text, "%s has not come back from the outing%s%s%s: %s carried it. Outing devices "
                     "come back for the day's lock-up.", store_col_text(st, 2), ref ? " (" : "", ref ? ref : "",
                     ref ? ")" : "", store_col_text(st, 6));
        findings_add(out, &(finding){.rule = home ? "PRO-DEVICES-09" : "OUTINGS-06", .severity = "high",
                                     .subject_type = "device", .subject_id = store_col_int(st, 1),
                                     .subject = store_col_text(st, 2), .ref = store_col_int(st, 0),
                                     .since = store_col_int(st, 4), .text = text});
    }
    store_finalize(st);
    return sg_store(cx, e);
}

/* What the last lock-up check could not account for. */
static sg_err last_lockup(sg_ctx *cx, findings_set *out)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT id, at, day FROM device_lockups WHERE setting_id = ?"
                                   " ORDER BY at DESC, id DESC LIMIT 1", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    int64_t id = 0, at = 0;
    char day[11] = "";
    if (!(e = store_step(st, &row)) && row) {
        id = store_col_int(st, 0);
        at = store_col_int(st, 1);
        snprintf(day, sizeof day, "%s", store_col_text(st, 2));
    }
    store_finalize(st);
    if (e || !id)
        return sg_store(cx, e);
    /* Missing: not seen since — no custody began or ended after the check. */
    if ((e = devices_prepare(cx, "SELECT i.device_id, d.label FROM device_lockup_items i"
                                 " JOIN devices d ON d.id = i.device_id"
                                 " WHERE i.lockup_id = ? AND i.outcome = 'missing' AND d.retired_on IS NULL"
                                 " AND NOT EXISTS (SELECT 1 FROM device_custody c WHERE c.device_id = i.device_id"
                                 " AND (c.out_at > ? OR c.returned_at > ?))", &st)))
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, at);
    store_bind_int(st, 3, at);
    while (!(e = store_step(st, &row)) && row) {
        char text[300];
        snprintf(text, sizeof text, "%s was not accounted for at the lock-up check on %s: it was neither locked away "
                 "nor recorded off site.", store_col_text(st, 1), day);
        findings_add(out, &(finding){.rule = "PRO-DEVICES-08", .severity = "high", .subject_type = "device",
                                     .subject_id = store_col_int(st, 0), .subject = store_col_text(st, 1),
                                     .since = at, .text = text});
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    /* On an outing at the check and still out: keyed by the custody, as
     * the overdue check keys it. */
    if ((e = devices_prepare(cx, "SELECT i.device_id, d.label, c.id, a.first_name || ' ' || a.last_name"
                                 " FROM device_lockup_items i JOIN devices d ON d.id = i.device_id"
                                 " JOIN device_custody c ON c.device_id = i.device_id AND c.returned_at IS NULL"
                                 " AND c.kind = 'outing' AND c.out_at <= ?"
                                 " JOIN adults a ON a.id = c.adult_id"
                                 " WHERE i.lockup_id = ? AND i.outcome = 'on-outing'", &st)))
        return e;
    store_bind_int(st, 1, at);
    store_bind_int(st, 2, id);
    while (!(e = store_step(st, &row)) && row) {
        char text[300];
        snprintf(text, sizeof text, "%s was not back from the outing at the lock-up check on %s: %s carried it.",
                 store_col_text(st, 1), day, store_col_text(st, 3));
        findings_add(out, &(finding){.rule = "OUTINGS-06", .severity = "high", .subject_type = "device",
                                     .subject_id = store_col_int(st, 0), .subject = store_col_text(st, 1),
                                     .ref = store_col_int(st, 2), .since = at, .text = text});
    }
    store_finalize(st);
    return sg_store(cx, e);
}

/* The day's check not done after its last hand-out by closing time. The
 * day looked at is the last one whose closing time has passed. */
static sg_err lockup_due(sg_ctx *cx, int64_t now, findings_set *out)
{
    int64_t close_at = 0;
    sg_err e = devices_close_at(cx, now, &close_at);
    if (e)
        return e;
    if (now < close_at && (e = devices_close_at(cx, devices_day_start(now) - 1, &close_at)))
        return e;
    int64_t start = devices_day_start(close_at);
    store_stmt *st;
    if ((e = devices_prepare(cx, "SELECT max(out_at) FROM device_custody WHERE setting_id = ?"
                                 " AND kind IN ('hand-out', 'outing') AND out_at >= ? AND out_at < ?", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, start);
    store_bind_int(st, 3, close_at);
    bool row;
    int64_t last_out = 0;
    if (!(e = store_step(st, &row)) && row && !store_col_null(st, 0))
        last_out = store_col_int(st, 0);
    store_finalize(st);
    if (e || !last_out)
        return sg_store(cx, e);
    int64_t done = 0;
    if ((e = devices_prepare(cx, "SELECT count(*) FROM device_lockups WHERE setting_id = ? AND at >= ?", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, last_out);
    e = sg_store(cx, store_one_int(st, &done, NULL));
    store_finalize(st);
    if (e || done)
        return e;
    char day[11], text[200];
    devices_date(close_at, day);
    snprintf(text, sizeof text, "The end-of-day lock-up check for %s has not been done: devices went out that day "
             "and none has been checked as locked away since.", day);
    int64_t ref = 0;
    for (const char *p = day; *p; p++) /* 2026-08-05 → 20260805 */
        if (*p != '-')
            ref = ref * 10 + (*p - '0');
    findings_add(out, &(finding){.rule = "PRO-DEVICES-08", .severity = "medium", .subject_type = "setting",
                                 .subject_id = cx->setting_id, .subject = "Lock-up check", .ref = ref,
                                 .since = close_at, .text = text});
    return SG_OK;
}

/* OUTINGS-02: outings today, or still out, that took no setting phone.
 * Devices recorded with the same outing reference are one outing. */
static sg_err outings_without_phone(sg_ctx *cx, int64_t now, findings_set *out)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT coalesce(c.outing_ref, ''), min(c.id), min(c.out_at) FROM device_custody c"
                                   " JOIN devices d ON d.id = c.device_id"
                                   " WHERE c.setting_id = ? AND c.kind = 'outing'"
                                   " AND (c.returned_at IS NULL OR c.out_at >= ?)"
                                   " GROUP BY coalesce(c.outing_ref, '')"
                                   " HAVING sum(CASE WHEN d.kind = 'phone' THEN 1 ELSE 0 END) = 0", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, devices_day_start(now));
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        const char *ref = store_col_text(st, 0);
        char text[300], subject[140];
        snprintf(subject, sizeof subject, "%s", *ref ? ref : "Outing");
        snprintf(text, sizeof text, "The outing%s%s%s took no setting phone: setting phones are to be used wherever "
                 "possible.", *ref ? " \"" : "", ref, *ref ? "\"" : "");
        findings_add(out, &(finding){.rule = "OUTINGS-02", .severity = "low", .subject_type = "setting",
                                     .subject_id = cx->setting_id, .subject = subject, .ref = store_col_int(st, 1),
                                     .since = store_col_int(st, 2), .text = text});
    }
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err open_reports(sg_ctx *cx, findings_set *out)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT r.id, r.kind, r.device_id, d.label, d.kind, r.at, r.text"
                                   " FROM device_reports r JOIN devices d ON d.id = r.device_id"
                                   " WHERE r.setting_id = ? AND r.closed_at IS NULL", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        const char *kind = store_col_text(st, 1), *dkind = store_col_text(st, 4), *label = store_col_text(st, 3);
        const char *rule = "PRO-DEVICES-20", *sev = "high";
        char text[400];
        if (!strcmp(kind, "prohibited-app")) {
            rule = "PRO-DEVICES-05";
            snprintf(text, sizeof text, "A social media or messaging app was reported on %s: %.300s", label,
                     store_col_text(st, 6));
        } else if (!strcmp(kind, "loss") && (!strcmp(dkind, "memory-card") || !strcmp(dkind, "usb-stick"))) {
            rule = "PRO-DEVICES-12";
            snprintf(text, sizeof text, "%s, removable media, was reported lost: a data incident. %.300s", label,
                     store_col_text(st, 6));
        } else {
            if (!strcmp(kind, "fault"))
                sev = "low";
            snprintf(text, sizeof text, "%s was reported %s: %.300s", label,
                     !strcmp(kind, "loss") ? "lost" : !strcmp(kind, "misuse") ? "as misused" : "faulty",
                     store_col_text(st, 6));
        }
        findings_add(out, &(finding){.rule = rule, .severity = sev, .subject_type = "device",
                                     .subject_id = store_col_int(st, 2), .subject = label, .ref = store_col_int(st, 0),
                                     .since = store_col_int(st, 5), .text = text});
    }
    store_finalize(st);
    return sg_store(cx, e);
}

sg_err devices_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    sg_err e = simple(cx, out, "SELECT id, label, kind, created_at FROM devices WHERE setting_id = ?"
                               " AND retired_on IS NULL AND passcode_set = 0 ORDER BY id",
                      "PRO-DEVICES-07", "medium",
                      "%s (%s) has no passcode set: every setting device needs one.");
    if (!e)
        e = simple(cx, out, "SELECT id, label, kind, created_at FROM devices WHERE setting_id = ?"
                            " AND retired_on IS NULL AND kind IN ('laptop', 'computer') AND virus_protection = 0"
                            " ORDER BY id",
                   "PRO-DEVICES-18", "medium", "%s (%s) has no virus protection installed.");
    if (!e)
        e = overdue(cx, now, out);
    if (!e)
        e = last_lockup(cx, out);
    if (!e)
        e = lockup_due(cx, now, out);
    if (!e)
        e = outings_without_phone(cx, now, out);
    if (!e)
        e = open_reports(cx, out);
    return e;
}
