/* presence_demo.c — the demo pre-school's day: the staff room is the
 * mobile zone, every adult has a locker and a kiosk PIN, today's rota has
 * staggered breaks, and those whose shift has begun are signed on with
 * their phones in the locker — except one key person, who has not checked
 * hers in, so the manager's home page shows what PERSONAL-DEVICES-05 looks
 * like. Run after the people are in, through the same functions the API
 * calls (each its own transaction), as the local operator. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../core/clock.h"
#include "../people/people.h"
#include "presence.h"

static sg_err room_named(sg_ctx *cx, const char *name, int64_t *id)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id FROM rooms WHERE setting_id = ? AND name = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, name);
    e = store_one_int(st, id, NULL);
    store_finalize(st);
    return sg_store(cx, e);
}

/* Borrowed JSON result dropped: the demo wants only the side effects. */
#define DO(call)              \
    do {                      \
        json_t *o_ = NULL;    \
        e = (call);           \
        json_decref(o_);      \
    } while (0)

static void hhmm(int minutes, char out[6])
{
    snprintf(out, 6, "%02d:%02d", minutes / 60 % 24, minutes % 60);
}

/* When the day's rota starts, in minutes after midnight. In opening hours
 * it is the pre-school's 08:00; a demo started in the evening or at night
 * would otherwise show nobody at work, so its rota starts two hours before
 * now (on the half hour) and stays within the day. */
static int rota_start(int64_t now)
{
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    int m = tm.tm_hour * 60 + tm.tm_min;
    if (m >= 8 * 60 && m < 14 * 60)
        return 8 * 60;
    int start = (m - 120) / 30 * 30;
    if (start < 0)
        start = 0;
    /* An 8-hour shift, and the office's an hour later, end by 23:59. */
    if (start > 23 * 60 + 59 - 9 * 60)
        start = 23 * 60 + 59 - 9 * 60;
    return start;
}

sg_err presence_demo_populate(sg_ctx *cx, json_t *logins)
{
    int64_t staff_room = 0, now = clock_now();
    sg_err e = room_named(cx, "Staff room and kitchen", &staff_room);
    if (!e) {
        json_t *in = json_pack("{sb}", "mobile_zone", 1);
        DO(room_edit(cx, staff_room, in, &o_));
        json_decref(in);
    }
    char today[11];
    presence_date(now, today);
    json_t *l;
    size_t i;
    json_array_foreach(logins, i, l) {
        if (e)
            break;
        const char *email = json_string_value(json_object_get(l, "email")),
                   *roles = json_string_value(json_object_get(l, "roles"));
        int64_t id = 0;
        if ((e = adult_by_email(cx, email, &id)))
            break;
        char pin[24], locker[24];
        snprintf(pin, sizeof pin, "13%02lld", (long long)(id % 100));
        snprintf(locker, sizeof locker, "%lld", (long long)id + 1);
        json_object_set_new(l, "pin", json_string(pin));
        json_t *in = json_pack("{ss}", "locker", locker);
        DO(adult_edit(cx, id, in, &o_));
        json_decref(in);
        if (!e) {
            in = json_pack("{ss}", "pin", pin);
            DO(presence_set_pin(cx, id, in, &o_));
            json_decref(in);
        }
        /* The chair and the technician are not on the daily rota. */
        if (e || strstr(roles, "chair") || strstr(roles, "technician"))
            continue;
        bool office = strstr(roles, "office") != NULL;
        /* Staggered breaks four hours in; the office starts an hour later. */
        int from = rota_start(now) + (office ? 60 : 0);
        char start[6], end[6], brk[6];
        hhmm(from, start);
        hhmm(from + 8 * 60, end);
        hhmm(from + 4 * 60 + (office ? 0 : (int)(i % 3) * 30), brk);
        in = json_pack("{sI ss ss ss ss si}", "adult_id", (json_int_t)id, "date", today, "start", start, "end", end,
                       "break_start", brk, "break_minutes", 30);
        json_t *shift = NULL;
        e = shift_plan(cx, in, &shift);
        json_decref(in);
        int64_t starts = 0, ends = 0;
        if (!e) {
            clock_parse_iso(json_string_value(json_object_get(shift, "starts_at")), &starts);
            clock_parse_iso(json_string_value(json_object_get(shift, "ends_at")), &ends);
        }
        json_decref(shift);
        if (e || now < starts || now >= ends)
            continue;
        /* Those already at work: phones in, one "none", one forgotten. */
        if (strstr(email, "tomasz.nowak"))
            in = json_object();
        else if (strstr(email, "jade.fletcher"))
            in = json_pack("{sb}", "none", 1);
        else
            in = json_pack("{s[ss] ss}", "devices", "phone", i % 2 ? "smart-watch" : "phone", "switched",
                           i % 2 ? "silent" : "off");
        if (json_array_size(json_object_get(in, "devices")) == 2 &&
            !strcmp(json_string_value(json_array_get(json_object_get(in, "devices"), 1)), "phone"))
            json_array_remove(json_object_get(in, "devices"), 1);
        DO(presence_sign_on(cx, id, in, &o_));
        json_decref(in);
    }
    return e;
}
