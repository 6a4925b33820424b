/* presence_common.c — what the presence files share: local wall-clock
 * times (a rota is written "08:00", in the setting's time zone, which is
 * the server's TZ), adults' names, and who may act for whom. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../auth/perm.h"
#include "../core/clock.h"
#include "presence.h"
#include "presence_int.h"

const char *const presence_device_kinds[] = {"phone", "camera", "video-recorder", "tablet", "laptop",
                                             "smart-watch", "fitness-tracker", "other-wearable", NULL};

bool presence_local_time(const char *date, const char *hhmm, int64_t *out)
{
    int h, m;
    char extra;
    if (!date_valid(date) || !hhmm || strlen(hhmm) != 5 || hhmm[2] != ':' ||
        sscanf(hhmm, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    struct tm tm = {0};
    if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_isdst = -1; /* let the zone say whether summer time applies */
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return false;
    *out = (int64_t)t;
    return true;
}

void presence_hhmm(int64_t t, char out[6])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 6, "%H:%M", &tm);
}

void presence_date(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

sg_err presence_adult_name(sg_ctx *cx, int64_t adult_id, const char *field, char *buf, size_t len)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT first_name, last_name FROM adults WHERE id = ? AND setting_id = ?"
                                     " AND leave_date IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, adult_id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row)
        snprintf(buf, len, "%s %s", store_col_text(st, 0), store_col_text(st, 1));
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail_field(cx, SG_EINVAL, field, "there is no adult %lld working here", (long long)adult_id);
    return SG_OK;
}

sg_err presence_may_act_for(sg_ctx *cx, int64_t adult_id)
{
    if (adult_id > 0 && adult_id == cx->actor_id)
        return SG_OK;
    if (perm_has(cx, PERM_SHIFT_WRITE))
        return SG_OK;
    return sg_fail(cx, SG_EFORBIDDEN, "you may record only your own shift and devices");
}

sg_err presence_may_see(sg_ctx *cx, int64_t adult_id)
{
    if ((adult_id > 0 && adult_id == cx->actor_id) || perm_has(cx, PERM_SHIFT_READ))
        return SG_OK;
    return sg_fail(cx, SG_EFORBIDDEN, "you may see only your own shift and devices");
}

json_t *presence_iso(int64_t t)
{
    if (!t)
        return json_null();
    char iso[21];
    clock_iso(t, iso);
    return json_string(iso);
}
