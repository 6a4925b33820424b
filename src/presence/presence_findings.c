/* presence_findings.c — the presence rules the manager must hear about at
 * once (REPORTING-02: "adults on shift without a device check-in; devices
 * out of storage outside breaks"):
 *
 *   PERSONAL-DEVICES-05  on shift without a check-in or a "none" declaration
 *   PERSONAL-DEVICES-06  a device not back when the break ended
 *   PERSONAL-DEVICES-09  a device not back when the manager's permission ended
 *   PERSONAL-DEVICES-03  a shift over but not signed off, or a device left
 *                        in the locker after the adult signed off (T-15)
 *
 * Each is one indexed query over current rows only, so the check costs the
 * same with a year of history as on the first day. */
#include <stdio.h>
#include <string.h>
#include "../core/clock.h"
#include "../policy/policy.h"
#include "presence.h"

static const char *word(const char *kind)
{
    return !strcmp(kind, "smart-watch") ? "smart watch" : !strcmp(kind, "video-recorder") ? "video recorder"
         : !strcmp(kind, "fitness-tracker") ? "fitness tracker" : !strcmp(kind, "other-wearable") ? "wearable" : kind;
}

static sg_err no_check_in(sg_ctx *cx, findings_set *out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT s.id, s.adult_id, a.first_name || ' ' || a.last_name, s.signed_on_at"
                                     " FROM shifts s JOIN adults a ON a.id = s.adult_id WHERE s.setting_id = ?"
                                     " AND s.signed_on_at IS NOT NULL AND s.signed_off_at IS NULL"
                                     " AND s.cancelled_at IS NULL AND s.checked_in_at IS NULL"
                                     " AND s.none_declared_at IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char text[300], t[6];
        presence_hhmm(store_col_int(st, 3), t);
        snprintf(text, sizeof text, "%s signed on at %s without checking a personal device into the locker or "
                                    "declaring none.", store_col_text(st, 2), t);
        findings_add(out, &(finding){.rule = "PERSONAL-DEVICES-05", .severity = "high", .subject_type = "adult",
                                     .subject_id = store_col_int(st, 1), .subject = store_col_text(st, 2),
                                     .ref = store_col_int(st, 0), .since = store_col_int(st, 3), .text = text});
    }
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

static sg_err overdue(sg_ctx *cx, int64_t now, findings_set *out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT d.id, d.adult_id, a.first_name || ' ' || a.last_name, d.kind,"
                                     " d.due_back_at, d.out_purpose FROM personal_devices d JOIN adults a"
                                     " ON a.id = d.adult_id WHERE d.setting_id = ? AND d.state = 'out'"
                                     " AND d.ended_on IS NULL AND d.due_back_at IS NOT NULL AND d.due_back_at < ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, now);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char text[300], t[6];
        bool brk = strcmp(store_col_text(st, 5), "break") == 0;
        presence_hhmm(store_col_int(st, 4), t);
        snprintf(text, sizeof text, "%s's %s was due back in the locker at %s, when %s ended.", store_col_text(st, 2),
                 word(store_col_text(st, 3)), t, brk ? "the break" : "the manager's permission");
        findings_add(out, &(finding){.rule = brk ? "PERSONAL-DEVICES-06" : "PERSONAL-DEVICES-09", .severity = "high",
                                     .subject_type = "adult", .subject_id = store_col_int(st, 1),
                                     .subject = store_col_text(st, 2), .ref = store_col_int(st, 0),
                                     .since = store_col_int(st, 4), .text = text});
    }
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

static sg_err shift_over(sg_ctx *cx, int64_t now, findings_set *out)
{
    int64_t grace = 0;
    sg_err e = policy_int(cx, "shift.end_grace_minutes", &grace);
    if (e)
        return e;
    store_stmt *st;
    if ((e = store_prepare(cx->db, "SELECT s.id, s.adult_id, a.first_name || ' ' || a.last_name, s.ends_at"
                                   " FROM shifts s JOIN adults a ON a.id = s.adult_id WHERE s.setting_id = ?"
                                   " AND s.signed_on_at IS NOT NULL AND s.signed_off_at IS NULL"
                                   " AND s.cancelled_at IS NULL AND s.ends_at < ?", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, now - grace * 60);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char text[300], t[6];
        presence_hhmm(store_col_int(st, 3), t);
        snprintf(text, sizeof text, "%s's shift ended at %s but they have not signed off; their devices are "
                                    "still recorded as in the locker.", store_col_text(st, 2), t);
        findings_add(out, &(finding){.rule = "PERSONAL-DEVICES-03", .severity = "medium", .subject_type = "adult",
                                     .subject_id = store_col_int(st, 1), .subject = store_col_text(st, 2),
                                     .ref = store_col_int(st, 0), .since = store_col_int(st, 3), .text = text});
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    /* A device in the locker whose adult is not on shift. */
    if ((e = store_prepare(cx->db, "SELECT d.id, d.adult_id, a.first_name || ' ' || a.last_name, d.kind, d.locker,"
                                   " d.since FROM personal_devices d JOIN adults a ON a.id = d.adult_id"
                                   " WHERE d.setting_id = ? AND d.state = 'in' AND d.ended_on IS NULL"
                                   " AND NOT EXISTS (SELECT 1 FROM shifts s WHERE s.adult_id = d.adult_id"
                                   " AND s.setting_id = d.setting_id AND s.signed_on_at IS NOT NULL"
                                   " AND s.signed_off_at IS NULL AND s.cancelled_at IS NULL)", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    while (!(e = store_step(st, &row)) && row) {
        char text[300];
        snprintf(text, sizeof text, "%s's %s is still in locker %s, but they are not on shift.", store_col_text(st, 2),
                 word(store_col_text(st, 3)), store_col_null(st, 4) ? "?" : store_col_text(st, 4));
        findings_add(out, &(finding){.rule = "PERSONAL-DEVICES-03", .severity = "medium", .subject_type = "device",
                                     .subject_id = store_col_int(st, 0), .subject = store_col_text(st, 2),
                                     .ref = store_col_int(st, 5), .since = store_col_int(st, 5), .text = text});
    }
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

sg_err presence_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    sg_err e = no_check_in(cx, out);
    if (!e)
        e = overdue(cx, now, out);
    if (!e)
        e = shift_over(cx, now, out);
    return e;
}
