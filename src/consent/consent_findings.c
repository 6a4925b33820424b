/* consent_findings.c — the consent area's checkable rules, seen at `now`
 * (findings.h):
 *
 *   CONSENT-03  a child's consent for a purpose expires within
 *               consent.reminder_days: renewal due
 *   CONSENT-12  it has expired: the child is now treated as not consented
 *               for that purpose (allows.c), and the manager is told
 * One finding per child and rule, naming the purposes; for each purpose
 * the latest expiry among the decisions given and in force (not withdrawn, not superseded) — so a
 * renewal by either parent clears it, and a purpose someone refused or
 * withdrew raises nothing (there is nothing to renew). Children who have
 * left are not followed. */
#include <stdio.h>
#include <string.h>
#include "../policy/policy.h"
#include "consent.h"

/* "26 December 2026" for a valid "2026-12-26". */
static void long_date(const char *iso, char out[24])
{
    static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    int y = 0, m = 0, d = 0;
    if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        snprintf(out, 24, "%d %s %d", d, months[m - 1], y);
    else
        snprintf(out, 24, "%s", iso);
}

sg_err consent_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    int64_t days = 30;
    sg_err e = policy_int(cx, "consent.reminder_days", &days);
    if (e)
        return e;
    char today[11], horizon[11];
    consent_date(now, today);
    consent_add_days(today, (int)days, horizon);
    store_stmt *st;
    if ((e = consent_prepare(cx, "SELECT k.id, k.first_name || ' ' || k.last_name, c.purpose, max(c.expires_on),"
                                 " max(c.signed_at) FROM consents c JOIN children k ON k.id = c.subject_id"
                                 " WHERE c.setting_id = ? AND c.subject_type = 'child' AND c.decision = 'given'"
                                 " AND c.superseded_at IS NULL AND c.withdrawn_at IS NULL"
                                 " AND (k.leave_date IS NULL OR k.leave_date > ?)"
                                 " AND NOT EXISTS (SELECT 1 FROM consents x WHERE x.setting_id = c.setting_id"
                                 "  AND x.subject_type = 'child' AND x.subject_id = c.subject_id AND x.purpose = c.purpose"
                                 "  AND x.superseded_at IS NULL AND (x.decision = 'refused' OR x.withdrawn_at IS NOT NULL))"
                                 " GROUP BY k.id, k.first_name, k.last_name, c.purpose"
                                 " HAVING max(c.expires_on) <= ? ORDER BY k.id, c.purpose", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, today);
    store_bind_text(st, 3, horizon);
    /* The rows come ordered by child: gather each child's purposes that
     * are due and those expired, and raise at most one finding of each. */
    typedef struct {
        int n;
        char first[11];
        char list[300];
    } bucket;
    bucket due = {0}, gone = {0};
    int64_t child = 0;
    char name[170] = "";
    bool row;
    for (;;) {
        e = store_step(st, &row);
        if (e || !row || store_col_int(st, 0) != child) {
            for (int k = 0; k < 2 && child; k++) {
                bucket *b = k ? &gone : &due;
                if (!b->n)
                    continue;
                char text[1200], when[24];
                const char *what = b->n == consent_npurposes ? "every purpose" : b->list;
                long_date(b->first, when);
                if (k)
                    snprintf(text, sizeof text, "%s: consent expired on %s for %s. Until it is renewed, no image of "
                             "the child may be used for %s.", name, when, what, b->n > 1 ? "them" : "it");
                else
                    snprintf(text, sizeof text, "%s: consent for %s expires on %s. Ask the parents to renew it.", name,
                             what, when);
                findings_add(out, &(finding){.rule = k ? "CONSENT-12" : "CONSENT-03", .severity = k ? "high" : "low",
                                             .subject_type = "child", .subject_id = child, .subject = name,
                                             .since = now, .text = text});
            }
            memset(&due, 0, sizeof due);
            memset(&gone, 0, sizeof gone);
            if (e || !row)
                break;
            child = store_col_int(st, 0);
            snprintf(name, sizeof name, "%s", store_col_text(st, 1));
        }
        const char *until = store_col_text(st, 3);
        bucket *b = strcmp(until, today) <= 0 ? &gone : &due;
        if (!b->n || strcmp(until, b->first) < 0)
            snprintf(b->first, sizeof b->first, "%s", until);
        size_t used = strlen(b->list);
        const consent_purpose *pp = consent_purpose_find(store_col_text(st, 2));
        snprintf(b->list + used, sizeof b->list - used, "%s%s", b->n ? ", " : "", pp ? pp->name : store_col_text(st, 2));
        b->n++;
    }
    store_finalize(st);
    return sg_store(cx, e);
}
