/* views.c — what each person sees of consent.
 *
 *   a child's page     every adult: per purpose allowed / refused / expired
 *                      / restricted … so a key person knows at a glance and
 *                      records learning another way (CONSENT-09); those who
 *                      may read parents' records also see each decision with
 *                      its signer; the manager and DSL alone see why a
 *                      restriction exists (PEOPLE-09)
 *   the overview       children × purposes, the states only
 *   the portal         a parent's linked children, the current form's texts
 *                      and the parent's own decisions
 *   one's own          an adult's own image consent (CONSENT-08)
 * Every state comes from allows.c; nothing here decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../auth/perm.h"
#include "../core/clock.h"
#include "consent.h"

static json_t *iso_or_null(store_stmt *st, int col)
{
    char at[21];
    if (store_col_null(st, col))
        return json_null();
    clock_iso(store_col_int(st, col), at);
    return json_string(at);
}

#define RECORD_SQL                                                                                               \
    "SELECT c.id, c.purpose, c.decision, c.signer_type, c.signer_id, c.signer_kind, c.signer_name, c.relationship," \
    " c.parental_responsibility, c.signed_name, c.channel, c.scan_id, c.form_id, f.version, c.signed_on,"        \
    " c.signed_at, c.expires_on, c.individual_only, c.recorded_by, c.superseded_at, c.withdrawn_at,"             \
    " c.withdrawn_by, c.withdrawal_reason FROM consents c JOIN consent_forms f ON f.id = c.form_id"

static json_t *record_json(store_stmt *st)
{
    json_t *o = json_pack("{sI ss ss ss sI ss ss ss sb ss ss so sI sI ss so ss sb ss}",
                          "id", (json_int_t)store_col_int(st, 0), "purpose", store_col_text(st, 1),
                          "decision", store_col_text(st, 2), "signer_type", store_col_text(st, 3),
                          "signer_id", (json_int_t)store_col_int(st, 4), "signer_kind", store_col_text(st, 5),
                          "signer_name", store_col_text(st, 6), "relationship", store_col_text(st, 7),
                          "parental_responsibility", (int)store_col_int(st, 8), "signed_name", store_col_text(st, 9),
                          "channel", store_col_text(st, 10),
                          "scan_id", store_col_null(st, 11) ? json_null() : json_integer(store_col_int(st, 11)),
                          "form_id", (json_int_t)store_col_int(st, 12), "form_version", (json_int_t)store_col_int(st, 13),
                          "signed_on", store_col_text(st, 14), "signed_at", iso_or_null(st, 15),
                          "expires_on", store_col_text(st, 16), "individual_only", (int)store_col_int(st, 17),
                          "recorded_by", store_col_text(st, 18));
    json_object_set_new(o, "current", json_boolean(store_col_null(st, 19)));
    json_object_set_new(o, "withdrawn_at", iso_or_null(st, 20));
    if (!store_col_null(st, 20)) {
        json_object_set_new(o, "withdrawn_by", json_string(store_col_text(st, 21)));
        json_object_set_new(o, "withdrawal_reason",
                            store_col_null(st, 22) ? json_null() : json_string(store_col_text(st, 22)));
    }
    return o;
}

/* The decisions about a subject, newest first; signer_id 0: every signer.
 * Grouped by purpose into `by_purpose` {purpose: [records]}. */
static sg_err records_of(sg_ctx *cx, const char *type, int64_t subject_id, const char *signer_type, int64_t signer_id,
                         json_t *by_purpose)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, signer_id
        ? RECORD_SQL " WHERE c.setting_id = ? AND c.subject_type = ? AND c.subject_id = ? AND c.signer_type = ?"
                     " AND c.signer_id = ? ORDER BY c.signed_at DESC, c.id DESC"
        : RECORD_SQL " WHERE c.setting_id = ? AND c.subject_type = ? AND c.subject_id = ?"
                     " ORDER BY c.signed_at DESC, c.id DESC", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, type);
    store_bind_int(st, 3, subject_id);
    if (signer_id) {
        store_bind_text(st, 4, signer_type);
        store_bind_int(st, 5, signer_id);
    }
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        json_t *list = json_object_get(by_purpose, store_col_text(st, 1));
        if (!list) {
            list = json_array();
            json_object_set_new(by_purpose, store_col_text(st, 1), list);
        }
        json_array_append_new(list, record_json(st));
    }
    store_finalize(st);
    return sg_store(cx, e);
}

static json_t *purpose_json(int p, const consent_answer *a)
{
    return json_pack("{ss ss ss sb ss sb ss}", "purpose", consent_purposes[p].id, "name", consent_purposes[p].name,
                     "label", consent_purposes[p].label,
                     "public", consent_purposes[p].public_use, "state", consent_state_name(a->state), "allowed",
                     a->allowed, "reason", a->reason);
}

/* The restriction in force on a child, for those who may read its reason. */
static sg_err restriction_detail(sg_ctx *cx, int64_t child_id, json_t **out)
{
    json_t *all = NULL;
    sg_err e = restriction_list(cx, false, &all);
    if (e)
        return e;
    size_t i;
    json_t *r;
    *out = json_null();
    json_array_foreach(json_object_get(all, "restrictions"), i, r) {
        if (!strcmp(json_string_value(json_object_get(r, "subject_type")), "child") &&
            json_integer_value(json_object_get(r, "subject_id")) == child_id) {
            *out = json_incref(r);
            break;
        }
    }
    json_decref(all);
    return SG_OK;
}

static sg_err current_form(sg_ctx *cx, bool full, json_t **out)
{
    int64_t id = 0;
    sg_err e = consent_form_current(cx, &id);
    *out = json_null();
    if (e || !id)
        return e;
    json_t *f = NULL;
    if ((e = consent_form_get(cx, id, &f)))
        return e;
    if (!full)
        json_object_del(f, "purposes");
    *out = f;
    return SG_OK;
}

sg_err consent_child(sg_ctx *cx, int64_t child_id, json_t **out)
{
    bool portal = cx->parent_id != 0;
    sg_err e = portal ? consent_portal_scope(cx, child_id) : perm_require(cx, PERM_CONSENT_READ);
    if (e)
        return e;
    consent_child_row c;
    if ((e = consent_load_child(cx, child_id, &c)))
        return e;
    consent_answer ans[32];
    if ((e = consent_allows_many(cx, &child_id, 1, clock_now(), ans)))
        return e;
    bool restricted = false;
    if ((e = restriction_active(cx, "child", child_id, clock_now(), &restricted)))
        return e;
    /* Signers are parents' personal data: shown to those who may read
     * parents' records, and to a portal parent only their own decisions. */
    json_t *by = NULL;
    if (portal || perm_has(cx, PERM_PARENT_READ)) {
        by = json_object();
        if ((e = records_of(cx, "child", child_id, "parent", portal ? cx->parent_id : 0, by))) {
            json_decref(by);
            return e;
        }
    }
    json_t *ps = json_array();
    for (int p = 0; p < consent_npurposes; p++) {
        json_t *o = purpose_json(p, &ans[p]);
        if (by) {
            json_t *l = json_object_get(by, consent_purposes[p].id);
            json_object_set_new(o, "records", l ? json_incref(l) : json_array());
        }
        json_array_append_new(ps, o);
    }
    json_decref(by);
    json_t *form = NULL, *restriction = NULL;
    if ((e = current_form(cx, portal, &form))) {
        json_decref(ps);
        return e;
    }
    json_t *child = json_pack("{sI ss sb}", "id", (json_int_t)child_id, "name", c.name, "left", c.left);
    if (portal || perm_has(cx, PERM_CHILD_SENSITIVE))
        json_object_set_new(child, "looked_after", json_boolean(c.looked_after));
    *out = json_pack("{so sb so so}", "child", child, "restricted", restricted, "purposes", ps, "form", form);
    /* The reason is the manager's and DSL's only (PEOPLE-09); staff see
     * "do not photograph" in the states. */
    if (!portal && perm_has(cx, PERM_RESTRICTION_READ)) {
        if ((e = restriction_detail(cx, child_id, &restriction))) {
            json_decref(*out);
            *out = NULL;
            return e;
        }
        json_object_set_new(*out, "restriction", restriction);
    }
    return SG_OK;
}

sg_err consent_overview(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CONSENT_READ);
    if (e)
        return e;
    char today[11];
    consent_date(clock_now(), today);
    store_stmt *st;
    if ((e = consent_prepare(cx, "SELECT c.id, c.first_name || ' ' || c.last_name, r.name FROM children c"
                                 " LEFT JOIN rooms r ON r.id = c.room_id WHERE c.setting_id = ?"
                                 " AND (c.leave_date IS NULL OR c.leave_date > ?)"
                                 " ORDER BY r.name, c.last_name, c.first_name, c.id", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, today);
    json_t *kids = json_array();
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *nv = realloc(ids, cap * sizeof *nv);
            if (!nv)
                abort();
            ids = nv;
        }
        ids[n++] = store_col_int(st, 0);
        json_array_append_new(kids, json_pack("{sI ss so}", "id", (json_int_t)store_col_int(st, 0), "name",
                                              store_col_text(st, 1), "room",
                                              store_col_null(st, 2) ? json_null() : json_string(store_col_text(st, 2))));
    }
    store_finalize(st);
    e = sg_store(cx, e);
    consent_answer *ans = n ? calloc(n * (size_t)consent_npurposes, sizeof *ans) : NULL;
    if (!e && n && !ans)
        abort();
    if (!e && n)
        e = consent_allows_many(cx, ids, n, clock_now(), ans);
    for (size_t i = 0; !e && i < n; i++) {
        json_t *states = json_object();
        for (int p = 0; p < consent_npurposes; p++)
            json_object_set_new(states, consent_purposes[p].id,
                                json_string(consent_state_name(ans[i * (size_t)consent_npurposes + p].state)));
        json_object_set_new(json_array_get(kids, i), "states", states);
    }
    free(ids);
    free(ans);
    if (e) {
        json_decref(kids);
        return e;
    }
    json_t *ps = NULL;
    consent_purpose_list(cx, &ps);
    *out = json_pack("{so so}", "purposes", json_incref(json_object_get(ps, "purposes")), "children", kids);
    json_decref(ps);
    return SG_OK;
}

sg_err consent_portal_children(sg_ctx *cx, json_t **out)
{
    if (!cx->parent_id)
        return sg_fail(cx, SG_EFORBIDDEN, "the parent portal is for parents and carers signed in to it");
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT c.id FROM child_parents l JOIN children c ON c.id = l.child_id"
                                   " WHERE l.setting_id = ? AND l.parent_id = ? AND l.ended_on IS NULL"
                                   " ORDER BY c.first_name, c.id", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, cx->parent_id);
    json_t *ids = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(ids, json_integer(store_col_int(st, 0)));
    store_finalize(st);
    e = sg_store(cx, e);
    json_t *kids = json_array(), *form = NULL;
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        json_t *one = NULL;
        if (e || (e = consent_child(cx, json_integer_value(id), &one)))
            break;
        json_object_del(one, "form");
        json_array_append_new(kids, one);
    }
    json_decref(ids);
    if (!e)
        e = current_form(cx, true, &form);
    if (e) {
        json_decref(kids);
        return e;
    }
    *out = json_pack("{so so}", "form", form, "children", kids);
    return SG_OK;
}

sg_err consent_own(sg_ctx *cx, json_t **out)
{
    if (cx->parent_id || !cx->actor_id)
        return sg_fail(cx, SG_EFORBIDDEN, "an adult of the setting sees their own image consent");
    json_t *by = json_object(), *ps = json_array();
    sg_err e = records_of(cx, "adult", cx->actor_id, "adult", cx->actor_id, by);
    for (int p = 0; !e && p < consent_npurposes; p++) {
        consent_answer a;
        if ((e = consent_allows(cx, "adult", cx->actor_id, consent_purposes[p].id, clock_now(), &a)))
            break;
        json_t *o = purpose_json(p, &a);
        json_t *l = json_object_get(by, consent_purposes[p].id);
        json_object_set_new(o, "records", l ? json_incref(l) : json_array());
        json_array_append_new(ps, o);
    }
    json_decref(by);
    json_t *form = NULL;
    if (!e)
        e = current_form(cx, true, &form);
    if (e) {
        json_decref(ps);
        return e;
    }
    *out = json_pack("{sI so so}", "adult_id", (json_int_t)cx->actor_id, "purposes", ps, "form", form);
    return SG_OK;
}
