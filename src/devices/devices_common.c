/* devices_common.c — what every devices file needs: loading one device
 * with its holder and quarantine, naming an adult, the acting adult, and
 * the local calendar (the lock-up and due-back times are wall-clock times
 * at the setting). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../auth/perm.h"
#include "../policy/policy.h"
#include "devices.h"

const char *const devices_kinds[] = {
    "tablet", "camera", "phone", "laptop", "computer", "memory-card", "usb-stick", NULL,
};

bool devices_imaging(const char *kind)
{
    return !strcmp(kind, "tablet") || !strcmp(kind, "camera") || !strcmp(kind, "phone") ||
           !strcmp(kind, "memory-card");
}

bool devices_computer(const char *kind) { return !strcmp(kind, "laptop") || !strcmp(kind, "computer"); }

sg_err devices_prepare(sg_ctx *cx, const char *sql, store_stmt **st)
{
    return sg_store(cx, store_prepare(cx->db, sql, st));
}

sg_err devices_run(sg_ctx *cx, store_stmt *st)
{
    bool row;
    sg_err e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

sg_err devices_load(sg_ctx *cx, int64_t id, devices_row *d)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
                             "SELECT d.kind, d.label, d.designated_use, d.designated_user_id, d.retired_on,"
                             " d.passcode_set, q.id, c.id, c.adult_id, c.kind, a.first_name || ' ' || a.last_name"
                             " FROM devices d"
                             " LEFT JOIN device_quarantines q ON q.device_id = d.id AND q.released_at IS NULL"
                             " LEFT JOIN device_custody c ON c.device_id = d.id AND c.returned_at IS NULL"
                             " LEFT JOIN adults a ON a.id = c.adult_id"
                             " WHERE d.id = ? AND d.setting_id = ?",
                             &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    memset(d, 0, sizeof *d);
    if (!(e = store_step(st, &row)) && row) {
        d->id = id;
        snprintf(d->kind, sizeof d->kind, "%s", store_col_text(st, 0));
        snprintf(d->label, sizeof d->label, "%s", store_col_text(st, 1));
        snprintf(d->use, sizeof d->use, "%s", store_col_text(st, 2));
        d->designated_user_id = store_col_null(st, 3) ? 0 : store_col_int(st, 3);
        d->retired = !store_col_null(st, 4);
        d->passcode_set = store_col_int(st, 5) != 0;
        d->quarantine_id = store_col_null(st, 6) ? 0 : store_col_int(st, 6);
        if (!store_col_null(st, 7)) {
            d->custody_id = store_col_int(st, 7);
            d->holder_id = store_col_int(st, 8);
            snprintf(d->custody_kind, sizeof d->custody_kind, "%s", store_col_text(st, 9));
            snprintf(d->holder, sizeof d->holder, "%s", store_col_text(st, 10));
        }
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return d->id ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "there is no device %lld in this setting", (long long)id);
}

sg_err devices_adult_name(sg_ctx *cx, int64_t adult_id, const char *field, char *buf, size_t len)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT first_name || ' ' || last_name, leave_date FROM adults"
                                     " WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult_id);
    store_bind_int(st, 2, cx->setting_id);
    bool row, left = false;
    buf[0] = 0;
    if (!(e = store_step(st, &row)) && row) {
        snprintf(buf, len, "%s", store_col_text(st, 0));
        left = !store_col_null(st, 1);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!buf[0])
        return sg_fail_field(cx, SG_EINVAL, field, "%s %lld is not an adult of this setting", field, (long long)adult_id);
    if (left)
        return sg_fail_field(cx, SG_EINVAL, field, "%s has left the setting", buf);
    return SG_OK;
}

sg_err devices_acting_adult(sg_ctx *cx, json_t *in, int64_t *adult_id)
{
    json_t *a = json_object_get(in, "adult_id");
    if (a && !json_is_null(a)) {
        if (!json_is_integer(a) || json_integer_value(a) <= 0)
            return sg_fail_field(cx, SG_EINVAL, "adult_id", "adult_id must be a record id (a positive whole number)");
        *adult_id = json_integer_value(a);
    } else {
        *adult_id = cx->actor_id;
    }
    if (*adult_id == 0)
        return sg_fail_field(cx, SG_EINVAL, "adult_id", "adult_id is required: say which adult");
    /* Recording what another adult did is the manager's or deputy's. */
    if (*adult_id != cx->actor_id)
        return perm_require(cx, PERM_DEVICE_WRITE);
    return SG_OK;
}

int64_t devices_day_start(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

int64_t devices_day_at(int64_t t, int64_t minutes)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    tm.tm_hour = (int)(minutes / 60);
    tm.tm_min = (int)(minutes % 60);
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

void devices_date(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

sg_err devices_close_at(sg_ctx *cx, int64_t t, int64_t *at)
{
    int64_t minutes = 0;
    /* The setting's closing time (VISITORS-02's choice) is when the
     * lock-up is due (PRO-DEVICES-08) and outing devices are due back
     * (OUTINGS-06). */
    sg_err e = policy_int(cx, "day.close_time", &minutes);
    if (!e)
        *at = devices_day_at(t, minutes);
    return e;
}
