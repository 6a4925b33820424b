/* findings.c — the table of every area's checks, and the reconciliation of
 * what they see now with the findings stored.
 *
 * A finding's key (rule | subject type | subject id | ref) names the
 * condition, so running a check twice finds the same open finding rather
 * than raising a second; a partial unique index on open findings makes
 * that hold even if two sweeps race. Text is written once, when raised:
 * the page shows "since" and works out how long it has been, so the sweep
 * does not rewrite (and re-audit) a finding every minute. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../consent/consent.h"
#include "../core/clock.h"
#include "../devices/devices.h"
#include "../presence/office.h"
#include "../presence/presence.h"
#include "findings.h"

static const struct {
    const char *area;
    findings_check fn;
} checks[] = {
    {"presence", presence_findings},
    {"office", office_findings},
    {"devices", devices_findings},
    {"consent", consent_findings},
};
#define NCHECKS (sizeof checks / sizeof checks[0])

typedef struct {
    char *rule, *severity, *subject_type, *subject, *text;
    int64_t subject_id, since;
    char key[200];
    bool matched;
} item;

struct findings_set {
    item *v;
    size_t n, cap;
};

void findings_add(findings_set *s, const finding *f)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        item *nv = realloc(s->v, s->cap * sizeof *nv);
        if (!nv)
            abort(); /* out of memory: nothing sensible to do mid-check */
        s->v = nv;
    }
    item *it = &s->v[s->n++];
    *it = (item){.rule = strdup(f->rule), .severity = strdup(f->severity), .subject_type = strdup(f->subject_type),
                 .subject = strdup(f->subject ? f->subject : ""), .text = strdup(f->text),
                 .subject_id = f->subject_id, .since = f->since};
    snprintf(it->key, sizeof it->key, "%s|%s|%lld|%lld", f->rule, f->subject_type, (long long)f->subject_id,
             (long long)f->ref);
}

static void set_free(findings_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].rule);
        free(s->v[i].severity);
        free(s->v[i].subject_type);
        free(s->v[i].subject);
        free(s->v[i].text);
    }
    free(s->v);
    *s = (findings_set){0};
}

static sg_err raise_one(sg_ctx *cx, const char *area, const item *it, int64_t now)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
                             "INSERT INTO findings (setting_id, area, rule, severity, subject_type, subject_id, subject,"
                             " fkey, since, text, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, area);
    store_bind_text(st, 3, it->rule);
    store_bind_text(st, 4, it->severity);
    store_bind_text(st, 5, it->subject_type);
    store_bind_int(st, 6, it->subject_id);
    store_bind_text(st, 7, it->subject);
    store_bind_text(st, 8, it->key);
    store_bind_int(st, 9, it->since);
    store_bind_text(st, 10, it->text);
    store_bind_int(st, 11, now);
    int64_t id = 0;
    e = store_one_int(st, &id, NULL);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    json_t *d = json_pack("{ss ss ss sI ss ss}", "rule", it->rule, "severity", it->severity, "subject_type",
                          it->subject_type, "subject_id", (json_int_t)it->subject_id, "subject", it->subject,
                          "text", it->text);
    e = audit_append(cx, "finding.raise", "finding", id, d);
    json_decref(d);
    return e;
}

static sg_err resolve_one(sg_ctx *cx, int64_t id, const char *rule, int64_t now)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "UPDATE findings SET resolved_at = ? WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, now);
    store_bind_int(st, 2, id);
    store_bind_int(st, 3, cx->setting_id);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    json_t *d = json_pack("{ss}", "rule", rule);
    e = audit_append(cx, "finding.resolve", "finding", id, d);
    json_decref(d);
    return e;
}

/* Compare one area's findings now with those stored open. */
static sg_err reconcile(sg_ctx *cx, const char *area, findings_set *s, int64_t now, int *raised, int *resolved)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, fkey, rule FROM findings WHERE setting_id = ? AND area = ?"
                                     " AND resolved_at IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, area);
    struct gone { int64_t id; char rule[64]; } *drop = NULL;
    size_t ndrop = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        const char *key = store_col_text(st, 1);
        bool seen = false;
        for (size_t i = 0; i < s->n; i++)
            if (!s->v[i].matched && strcmp(s->v[i].key, key) == 0)
                seen = s->v[i].matched = true;
        if (!seen) {
            struct gone *nd = realloc(drop, (ndrop + 1) * sizeof *nd);
            if (!nd) {
                e = SG_EINTERNAL;
                break;
            }
            drop = nd;
            drop[ndrop].id = store_col_int(st, 0);
            snprintf(drop[ndrop].rule, sizeof drop[ndrop].rule, "%s", store_col_text(st, 2));
            ndrop++;
        }
    }
    store_finalize(st);
    if (e)
        e = sg_store(cx, e);
    for (size_t i = 0; !e && i < ndrop; i++)
        if (!(e = resolve_one(cx, drop[i].id, drop[i].rule, now)) && resolved)
            (*resolved)++;
    free(drop);
    for (size_t i = 0; !e && i < s->n; i++) {
        bool dup = false; /* a check may see one condition twice */
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(s->v[i].key, s->v[j].key) == 0;
        if (!s->v[i].matched && !dup && !(e = raise_one(cx, area, &s->v[i], now)) && raised)
            (*raised)++;
    }
    return e;
}

static sg_err refresh(sg_ctx *cx, const char *area, int *raised, int *resolved)
{
    int64_t now = clock_now();
    sg_err e = SG_OK;
    for (size_t i = 0; !e && i < NCHECKS; i++) {
        if (area && strcmp(area, checks[i].area) != 0)
            continue;
        findings_set s = {0};
        /* Checks read everything in the setting, whoever triggered them. */
        bool op = cx->operator_mode;
        cx->operator_mode = true;
        e = checks[i].fn(cx, now, &s);
        cx->operator_mode = op;
        if (!e)
            e = reconcile(cx, checks[i].area, &s, now, raised, resolved);
        set_free(&s);
    }
    return e;
}

sg_err findings_refresh(sg_ctx *cx, const char *area) { return refresh(cx, area, NULL, NULL); }

sg_err findings_sweep(sg_ctx *cx, int *raised, int *resolved)
{
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    return store_end(cx->db, refresh(cx, NULL, raised, resolved));
}

sg_err findings_sweep_all(sg_ctx *cx, int *raised, int *resolved)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id FROM settings ORDER BY id", &st);
    if (e)
        return sg_store(cx, e);
    int64_t *ids = NULL;
    size_t n = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        int64_t *ni = realloc(ids, (n + 1) * sizeof *ni);
        if (!ni) {
            e = SG_EINTERNAL;
            break;
        }
        ids = ni;
        ids[n++] = store_col_int(st, 0);
    }
    store_finalize(st);
    if (e) {
        free(ids);
        return sg_store(cx, e);
    }
    sg_ctx sc = *cx;
    sc.err_detail = NULL;
    sc.operator_mode = true;
    sc.actor_id = 0;
    snprintf(sc.actor, sizeof sc.actor, "system:sweep");
    for (size_t i = 0; !e && i < n; i++) {
        sc.setting_id = ids[i];
        e = findings_sweep(&sc, raised, resolved);
    }
    if (e) {
        snprintf(cx->msg, sizeof cx->msg, "%s", sc.msg);
    }
    free(ids);
    return e;
}

sg_err findings_list(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_FINDINGS_READ);
    if (e)
        return e;
    store_stmt *st;
    if ((e = store_prepare(cx->db,
                           "SELECT id, area, rule, severity, subject_type, subject_id, subject, since, text, raised_at"
                           " FROM findings WHERE setting_id = ? AND resolved_at IS NULL"
                           /* a breach's subject does not see it waiting (PERSONAL-DEVICES-22) */
                           " AND NOT (subject_type = 'breach' AND subject_id IN"
                           " (SELECT id FROM breaches WHERE subject_adult_id = ?))"
                           " ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, since, id",
                           &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, cx->actor_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char since[21], raised[21];
        clock_iso(store_col_int(st, 7), since);
        clock_iso(store_col_int(st, 9), raised);
        json_array_append_new(a, json_pack("{sI ss ss ss ss sI ss ss ss ss}", "id", (json_int_t)store_col_int(st, 0),
                                           "area", store_col_text(st, 1), "rule", store_col_text(st, 2), "severity",
                                           store_col_text(st, 3), "subject_type", store_col_text(st, 4), "subject_id",
                                           (json_int_t)store_col_int(st, 5), "subject", store_col_text(st, 6),
                                           "since", since, "text", store_col_text(st, 8), "raised_at", raised));
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "findings", a);
    return SG_OK;
}
