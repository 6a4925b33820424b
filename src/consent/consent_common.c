/* consent_common.c — what every consent file needs: the fixed table of
 * purposes (CONSENT-02, -10, -15, -16, -18), loading a child, the portal's
 * scope, and calendar dates.
 *
 * The purposes are code, not data: the media area, the findings and every
 * page name them, and a purpose the rules do not know could never be
 * enforced. A setting chooses which of them its form asks about (form.c).
 * There is deliberately no "injury record" or other purpose outside the
 * policy's list (S-07). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../auth/perm.h"
#include "../core/clock.h"
#include "consent.h"

/* What publication implies, shown beside every public use (CONSENT-18). */
#define IMPLIES                                                                                          \
    "Once an image is public it can be copied, downloaded, screenshotted and adapted by anyone; it can be " \
    "found by search engines and licensed by the platforms that carry it; the setting cannot take back "   \
    "copies others have made; and it may affect your child's public image later in life."

const consent_purpose consent_purposes[] = {
    {"journal", "learning journal", "the child's own learning journal", false, NULL},
    {"other_journals", "other children's journals", "appearing as a secondary child in other children's learning journals", false, NULL},
    {"display", "displays inside", "displays inside the setting", false, NULL},
    {"public_display", "public display board", "a display board the public can see", true, IMPLIES},
    {"website", "website", "the setting's website", true, IMPLIES},
    {"brochure", "brochure", "the setting's brochure or prospectus", true, IMPLIES},
    {"press", "local press", "the local press", true, IMPLIES},
    {"video", "video", "video recordings", false, NULL},
    {"events", "special events", "photography and filming at special events such as concerts", false, NULL},
    {"event_publicity", "event publicity", "publicity of special events", true, IMPLIES},
};
const int consent_npurposes = (int)(sizeof consent_purposes / sizeof consent_purposes[0]);

int consent_purpose_index(const char *id)
{
    for (int i = 0; id && i < consent_npurposes; i++)
        if (!strcmp(consent_purposes[i].id, id))
            return i;
    return -1;
}

const consent_purpose *consent_purpose_find(const char *id)
{
    int i = consent_purpose_index(id);
    return i < 0 ? NULL : &consent_purposes[i];
}

sg_err consent_purpose_list(sg_ctx *cx, json_t **out)
{
    (void)cx; /* the list is public knowledge within the setting and the portal */
    json_t *a = json_array();
    for (int i = 0; i < consent_npurposes; i++) {
        const consent_purpose *p = &consent_purposes[i];
        json_array_append_new(a, json_pack("{ss ss ss sb so}", "id", p->id, "name", p->name, "label", p->label,
                                           "public", p->public_use,
                                           "implies", p->implies ? json_string(p->implies) : json_null()));
    }
    *out = json_pack("{so}", "purposes", a);
    return SG_OK;
}

sg_err consent_prepare(sg_ctx *cx, const char *sql, store_stmt **st)
{
    return sg_store(cx, store_prepare(cx->db, sql, st));
}

sg_err consent_run(sg_ctx *cx, store_stmt *st)
{
    bool row;
    sg_err e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

void consent_date(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void consent_add_months(const char *date, int months, char out[11])
{
    int y = 1970, m = 1, d = 1;
    sscanf(date, "%d-%d-%d", &y, &m, &d);
    int total = (y * 12 + (m - 1)) + months;
    y = total / 12;
    m = total % 12 + 1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    char buf[40];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d > last ? last : d);
    snprintf(out, 11, "%.10s", buf);
}

void consent_add_days(const char *date, int days, char out[11])
{
    int y = 1970, m = 1, d = 1;
    sscanf(date, "%d-%d-%d", &y, &m, &d);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days, .tm_hour = 12};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

sg_err consent_load_child(sg_ctx *cx, int64_t id, consent_child_row *c)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT first_name || ' ' || last_name, looked_after, leave_date FROM children"
                                   " WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    memset(c, 0, sizeof *c);
    if (!(e = store_step(st, &row)) && row) {
        c->id = id;
        snprintf(c->name, sizeof c->name, "%s", store_col_text(st, 0));
        c->looked_after = store_col_int(st, 1) != 0;
        if (!store_col_null(st, 2)) {
            char today[11];
            consent_date(clock_now(), today);
            snprintf(c->leave_date, sizeof c->leave_date, "%s", store_col_text(st, 2));
            c->left = strcmp(c->leave_date, today) <= 0;
        }
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return c->id ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "there is no child %lld in this setting", (long long)id);
}

sg_err consent_portal_scope(sg_ctx *cx, int64_t child_id)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT count(*) FROM child_parents WHERE setting_id = ? AND child_id = ?"
                                   " AND parent_id = ? AND ended_on IS NULL", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, child_id);
    store_bind_int(st, 3, cx->parent_id);
    int64_t n = 0;
    e = sg_store(cx, store_one_int(st, &n, NULL));
    store_finalize(st);
    if (!e && n == 0) /* the same answer as for a child that does not exist */
        e = sg_fail(cx, SG_ENOTFOUND, "there is no child %lld in this setting", (long long)child_id);
    return e;
}
