/* record.c — a signer's decisions and their withdrawal (CONSENT-04, -05,
 * -07, -08, -10, -11, -22).
 *
 * One signing is one signer deciding, on one form version, "given" or
 * "refused" for each purpose the form asks about, with their typed name.
 * Each purpose becomes one row holding everything CONSENT-04 asks to prove:
 * who signed, their relationship and parental responsibility as they stood
 * then, the form version, when, how (portal, or paper with the scanned
 * form), and until when. A newer decision by the same signer for the same
 * subject and purpose supersedes the older row, which is kept.
 *
 * Who may sign for a child is the child's linked contacts (child_parents):
 *   - a parent or carer holding parental responsibility and allowed to
 *     consent (PEOPLE-11);
 *   - for a looked-after child, the social worker and the local authority
 *     (CONSENT-05); a birth parent's consent is refused there, and a
 *     carer's is recorded but never suffices (allows.c);
 *   - the young person themself, entered by the office, once the DSL has
 *     recorded the check (CONSENT-07).
 * A contact not linked to the child answers "not found", as for a child of
 * another setting: a signer cannot learn which children exist.
 *
 * Withdrawal dates the row and takes effect at once (allows.c reads the
 * instant); its audit event carries the subject, purpose and instant the
 * media area needs to take images out of use (consent_withdrawn_since). */
#include <stdio.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../policy/policy.h"
#include "consent.h"

#define NAME_MAX_LEN 200
#define REASON_MAX 500

/* Who signs, as stored. */
typedef struct {
    const char *signer_type;     /* "parent", "adult", "child" */
    int64_t signer_id;
    char kind[20];
    char name[170];
    char relationship[64];
    bool pr;
    const char *channel;         /* "portal", "paper" */
    int64_t scan_id;             /* 0: none */
} signer;

/* The fields a signing may carry, and which of them the portal may. */
static const char *const paper_keys[] = {"signer_id", "signer_kind", "form_id", "decisions", "signed_name", "signed_on",
                                         "expires_on", "individual_only", "scan_id", NULL};
static const char *const portal_keys[] = {"form_id", "decisions", "signed_name", "expires_on", "individual_only", NULL};
static const char *const own_keys[] = {"form_id", "decisions", "signed_name", NULL};

static sg_err only_keys(sg_ctx *cx, json_t *in, const char *const *keys)
{
    if (!json_is_object(in))
        return sg_fail(cx, SG_EJSON, "the body must be a JSON object");
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) {
        bool ok = false;
        for (int i = 0; keys[i] && !ok; i++)
            ok = !strcmp(keys[i], k);
        if (!ok)
            return sg_fail_field(cx, SG_EINVAL, k, "%s is not a field here", k);
    }
    return SG_OK;
}

static sg_err id_field(sg_ctx *cx, json_t *in, const char *name, bool required, int64_t *out)
{
    json_t *v = json_object_get(in, name);
    *out = 0;
    if (!v || json_is_null(v))
        return required ? sg_fail_field(cx, SG_EINVAL, name, "%s is required", name) : SG_OK;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return sg_fail_field(cx, SG_EINVAL, name, "%s must be a record id (a positive whole number)", name);
    *out = json_integer_value(v);
    return SG_OK;
}

/* The form (of this setting) and the decisions, each for a purpose it asks
 * about. *version is the form's version. */
static sg_err check_form_and_decisions(sg_ctx *cx, json_t *in, int64_t *form_id, int64_t *version)
{
    sg_err e = id_field(cx, in, "form_id", true, form_id);
    if (e)
        return e;
    store_stmt *st;
    bool found = false;
    if ((e = consent_prepare(cx, "SELECT version FROM consent_forms WHERE id = ? AND setting_id = ?", &st)))
        return e;
    store_bind_int(st, 1, *form_id);
    store_bind_int(st, 2, cx->setting_id);
    e = sg_store(cx, store_one_int(st, version, &found));
    store_finalize(st);
    if (e)
        return e;
    if (!found)
        return sg_fail_field(cx, SG_EFORM, "form_id", "there is no consent form %lld in this setting",
                             (long long)*form_id);
    json_t *d = json_object_get(in, "decisions");
    if (!json_is_object(d) || json_object_size(d) == 0)
        return sg_fail_field(cx, SG_EINVAL, "decisions", "decisions must be {purpose: \"given\" or \"refused\"}, "
                             "at least one");
    const char *p;
    json_t *v;
    json_object_foreach(d, p, v) {
        if (!consent_purpose_find(p))
            return sg_fail_field(cx, SG_EPURPOSE, "decisions", "unknown purpose \"%.60s\"", p);
        const char *s = json_string_value(v);
        if (!s || (strcmp(s, "given") && strcmp(s, "refused")))
            return sg_fail_field(cx, SG_EINVAL, "decisions", "the decision for %s must be \"given\" or \"refused\"", p);
        int64_t n = 0;
        if ((e = consent_prepare(cx, "SELECT count(*) FROM consent_form_purposes WHERE form_id = ? AND purpose = ?", &st)))
            return e;
        store_bind_int(st, 1, *form_id);
        store_bind_text(st, 2, p);
        e = sg_store(cx, store_one_int(st, &n, NULL));
        store_finalize(st);
        if (e)
            return e;
        if (!n)
            return sg_fail_field(cx, SG_EPURPOSE, "decisions", "version %lld of the form does not ask about %s",
                                 (long long)*version, p);
    }
    return SG_OK;
}

static sg_err signed_name_of(sg_ctx *cx, json_t *in, const char **out)
{
    json_t *v = json_object_get(in, "signed_name");
    *out = json_string_value(v);
    /* The typed name is the signature: it must say something. */
    const char *s = *out;
    while (s && (*s == ' ' || *s == '\t'))
        s++;
    if (!s || !*s || json_string_length(v) > NAME_MAX_LEN)
        return sg_fail_field(cx, SG_EINVAL, "signed_name", "signed_name, the signer's typed name, is required "
                             "(1 to %d characters)", NAME_MAX_LEN);
    return SG_OK;
}

/* signed_on (default today, never in the future) and expires_on (default
 * signed_on + CONFIG-09's months; if given, after today). */
static sg_err dates_of(sg_ctx *cx, json_t *in, char signed_on[11], char expires_on[11])
{
    char today[11];
    consent_date(clock_now(), today);
    json_t *v = json_object_get(in, "signed_on");
    if (v && !json_is_null(v)) {
        if (!json_is_string(v) || !date_valid(json_string_value(v)))
            return sg_fail_field(cx, SG_EINVAL, "signed_on", "signed_on must be a date written YYYY-MM-DD");
        if (strcmp(json_string_value(v), today) > 0)
            return sg_fail_field(cx, SG_EINVAL, "signed_on", "signed_on cannot be in the future");
        snprintf(signed_on, 11, "%s", json_string_value(v));
    } else {
        snprintf(signed_on, 11, "%s", today);
    }
    v = json_object_get(in, "expires_on");
    if (v && !json_is_null(v)) {
        if (!json_is_string(v) || !date_valid(json_string_value(v)))
            return sg_fail_field(cx, SG_EINVAL, "expires_on", "expires_on must be a date written YYYY-MM-DD");
        if (strcmp(json_string_value(v), today) <= 0)
            return sg_fail_field(cx, SG_EEXPIRYPAST, "expires_on", "expires_on must be after today (%s)", today);
        snprintf(expires_on, 11, "%s", json_string_value(v));
        return SG_OK;
    }
    int64_t months = 12;
    sg_err e = policy_int(cx, "consent.renewal_months", &months);
    if (!e)
        consent_add_months(signed_on, (int)months, expires_on);
    return e;
}

/* Insert one decision, superseding the signer's current one. */
static sg_err insert_one(sg_ctx *cx, const char *subject_type, int64_t subject_id, const char *purpose,
                         const char *decision, int64_t form_id, const signer *s, const char *signed_name,
                         const char *signed_on, const char *expires_on, bool individual_only, int64_t *id)
{
    int64_t now = clock_now(), old = 0;
    bool had = false;
    store_stmt *st;
    sg_err e = consent_prepare(cx, "UPDATE consents SET superseded_at = ? WHERE setting_id = ? AND subject_type = ?"
                                   " AND subject_id = ? AND purpose = ? AND signer_type = ? AND signer_id = ?"
                                   " AND superseded_at IS NULL RETURNING id", &st);
    if (e)
        return e;
    store_bind_int(st, 1, now);
    store_bind_int(st, 2, cx->setting_id);
    store_bind_text(st, 3, subject_type);
    store_bind_int(st, 4, subject_id);
    store_bind_text(st, 5, purpose);
    store_bind_text(st, 6, s->signer_type);
    store_bind_int(st, 7, s->signer_id);
    e = sg_store(cx, store_one_int(st, &old, &had));
    store_finalize(st);
    if (e)
        return e;
    if ((e = consent_prepare(cx, "INSERT INTO consents (setting_id, subject_type, subject_id, purpose, decision, form_id,"
                                 " signer_type, signer_id, signer_kind, signer_name, relationship, parental_responsibility,"
                                 " signed_name, channel, scan_id, signed_on, signed_at, expires_on, individual_only,"
                                 " recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                 " ?, ?, ?) RETURNING id", &st)))
        return e;
    int i = 1;
    store_bind_int(st, i++, cx->setting_id);
    store_bind_text(st, i++, subject_type);
    store_bind_int(st, i++, subject_id);
    store_bind_text(st, i++, purpose);
    store_bind_text(st, i++, decision);
    store_bind_int(st, i++, form_id);
    store_bind_text(st, i++, s->signer_type);
    store_bind_int(st, i++, s->signer_id);
    store_bind_text(st, i++, s->kind);
    store_bind_text(st, i++, s->name);
    store_bind_text(st, i++, s->relationship);
    store_bind_int(st, i++, s->pr);
    store_bind_text(st, i++, signed_name);
    store_bind_text(st, i++, s->channel);
    if (s->scan_id)
        store_bind_int(st, i++, s->scan_id);
    else
        store_bind_null(st, i++);
    store_bind_text(st, i++, signed_on);
    store_bind_int(st, i++, now);
    store_bind_text(st, i++, expires_on);
    store_bind_int(st, i++, individual_only);
    store_bind_text(st, i++, cx->actor);
    store_bind_int(st, i++, now);
    e = sg_store(cx, store_one_int(st, id, NULL));
    store_finalize(st);
    if (!e && had && !(e = consent_prepare(cx, "UPDATE consents SET superseded_by = ? WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_int(st, 1, *id);
        store_bind_int(st, 2, old);
        store_bind_int(st, 3, cx->setting_id);
        e = consent_run(cx, st);
    }
    return e;
}

/* Insert every decision of `in` and append the signing's audit event. */
static sg_err insert_all(sg_ctx *cx, const char *subject_type, int64_t subject_id, json_t *in, int64_t form_id,
                         int64_t version, const signer *s, json_t *ids)
{
    const char *signed_name;
    char signed_on[11], expires_on[11];
    sg_err e;
    json_t *io = json_object_get(in, "individual_only");
    if (io && !json_is_boolean(io))
        return sg_fail_field(cx, SG_EINVAL, "individual_only", "individual_only must be true or false");
    if ((e = signed_name_of(cx, in, &signed_name)) || (e = dates_of(cx, in, signed_on, expires_on)))
        return e;
    json_t *made = json_object();
    const char *p;
    json_t *v;
    json_object_foreach(json_object_get(in, "decisions"), p, v) {
        int64_t id = 0;
        if ((e = insert_one(cx, subject_type, subject_id, p, json_string_value(v), form_id, s, signed_name, signed_on,
                            expires_on, json_is_true(io), &id)))
            break;
        json_object_set_new(made, p, json_integer(id));
    }
    if (!e) {
        json_t *d = json_pack("{ss sI ss sI ss ss ss sb sI sO ss ss ss sb sO}", "subject_type", subject_type,
                              "subject_id", (json_int_t)subject_id, "signer_type", s->signer_type, "signer_id",
                              (json_int_t)s->signer_id, "signer_kind", s->kind, "signer_name", s->name,
                              "relationship", s->relationship, "parental_responsibility", s->pr, "form_id",
                              (json_int_t)form_id, "decisions", json_object_get(in, "decisions"), "signed_name",
                              signed_name, "signed_on", signed_on, "expires_on", expires_on, "individual_only",
                              json_is_true(io), "consent_ids", made);
        json_object_set_new(d, "form_version", json_integer(version));
        json_object_set_new(d, "channel", json_string(s->channel));
        json_object_set_new(d, "scan_id", s->scan_id ? json_integer(s->scan_id) : json_null());
        e = audit_append(cx, "consent.give", subject_type, subject_id, d);
        json_decref(d);
    }
    if (!e && ids)
        json_object_update(ids, made);
    json_decref(made);
    return e;
}

/* The linked contact `parent_id` of child c, checked against the rules of
 * who may sign (see the top of the file). */
static sg_err linked_signer(sg_ctx *cx, const consent_child_row *c, int64_t parent_id, const char *want_kind,
                            signer *s)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT l.kind, l.relationship, l.parental_responsibility, l.may_consent,"
                                   " p.first_name || ' ' || p.last_name FROM child_parents l JOIN parents p"
                                   " ON p.id = l.parent_id WHERE l.child_id = ? AND l.parent_id = ? AND l.setting_id = ?"
                                   " AND l.ended_on IS NULL AND p.ended_on IS NULL", &st);
    if (e)
        return e;
    store_bind_int(st, 1, c->id);
    store_bind_int(st, 2, parent_id);
    store_bind_int(st, 3, cx->setting_id);
    bool row, may = false;
    s->kind[0] = 0;
    if (!(e = store_step(st, &row)) && row) {
        snprintf(s->kind, sizeof s->kind, "%s", store_col_text(st, 0));
        snprintf(s->relationship, sizeof s->relationship, "%s", store_col_text(st, 1));
        s->pr = store_col_int(st, 2) != 0;
        may = store_col_int(st, 3) != 0;
        snprintf(s->name, sizeof s->name, "%s", store_col_text(st, 4));
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!s->kind[0])
        return sg_fail_field(cx, SG_ENOTFOUND, "signer_id", "contact %lld is not linked to this child",
                             (long long)parent_id);
    s->signer_type = "parent";
    s->signer_id = parent_id;
    if (want_kind && strcmp(want_kind, s->kind))
        return sg_fail_field(cx, SG_EINVAL, "signer_kind", "%s is linked to %s as %s, not %s", s->name, c->name,
                             s->kind, want_kind);
    bool official = !strcmp(s->kind, "social_worker") || !strcmp(s->kind, "local_authority");
    if (c->looked_after) {
        /* CONSENT-05: the social worker and the local authority decide. */
        if (!strcmp(s->kind, "parent"))
            return sg_fail(cx, SG_ELOOKEDAFTER, "%s is looked after: consent is given by the social worker and the "
                           "local authority, not by a parent alone (CONSENT-05)", c->name);
        return SG_OK; /* a carer's is kept, though it does not suffice */
    }
    if (official)
        return sg_fail(cx, SG_ENOPR, "%s is not looked after: the social worker or local authority does not "
                       "consent for them", c->name);
    if (!s->pr || !may)
        return sg_fail(cx, SG_ENOPR, "%s does not hold parental responsibility for %s or may not consent "
                       "(PEOPLE-11)", s->name, c->name);
    return SG_OK;
}

/* The young person as signer: only after the DSL's check (CONSENT-07). */
static sg_err young_person(sg_ctx *cx, const consent_child_row *c, signer *s)
{
    store_stmt *st;
    int64_t n = 0;
    sg_err e = consent_prepare(cx, "SELECT count(*) FROM young_person_checks WHERE setting_id = ? AND child_id = ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, c->id);
    e = sg_store(cx, store_one_int(st, &n, NULL));
    store_finalize(st);
    if (e)
        return e;
    if (!n)
        return sg_fail(cx, SG_ENOCHECK, "%s's own consent can be accepted only after the DSL records the check "
                       "(CONSENT-07)", c->name);
    s->signer_type = "child";
    s->signer_id = c->id;
    snprintf(s->kind, sizeof s->kind, "young_person");
    snprintf(s->name, sizeof s->name, "%s", c->name);
    snprintf(s->relationship, sizeof s->relationship, "self");
    s->pr = false;
    return SG_OK;
}

sg_err consent_give_tx(sg_ctx *cx, int64_t child_id, json_t *in, json_t *ids)
{
    bool portal = cx->parent_id != 0;
    consent_child_row c;
    signer s = {.channel = portal ? "portal" : "paper"};
    int64_t form_id = 0, version = 0, signer_id = 0;
    sg_err e;
    if (portal && (e = consent_portal_scope(cx, child_id)))
        return e;
    if ((e = consent_load_child(cx, child_id, &c)))
        return e;
    if ((e = only_keys(cx, in, portal ? portal_keys : paper_keys)))
        return e;
    if (c.left)
        return sg_fail(cx, SG_ECONFLICT, "%s has left the setting", c.name);
    if ((e = check_form_and_decisions(cx, in, &form_id, &version)))
        return e;
    const char *kind = json_string_value(json_object_get(in, "signer_kind"));
    json_t *kv = json_object_get(in, "signer_kind");
    if (kv && !json_is_null(kv) && !kind)
        return sg_fail_field(cx, SG_EINVAL, "signer_kind", "signer_kind must be text");
    if (portal) {
        e = linked_signer(cx, &c, cx->parent_id, NULL, &s);
    } else if (kind && !strcmp(kind, "young_person")) {
        if (json_object_get(in, "signer_id"))
            return sg_fail_field(cx, SG_EINVAL, "signer_id", "a young person signs for themself: leave out signer_id");
        e = young_person(cx, &c, &s);
    } else {
        static const char *const kinds[] = {"parent", "carer", "social_worker", "local_authority", NULL};
        bool ok = !kind;
        for (int i = 0; kinds[i] && !ok; i++)
            ok = !strcmp(kind, kinds[i]);
        if (!ok)
            return sg_fail_field(cx, SG_EINVAL, "signer_kind", "signer_kind must be parent, carer, social_worker, "
                                 "local_authority or young_person");
        if (!(e = id_field(cx, in, "signer_id", true, &signer_id)))
            e = linked_signer(cx, &c, signer_id, kind, &s);
    }
    if (e)
        return e;
    if (!portal) {
        /* Paper is proved by the scanned signed form. */
        if ((e = id_field(cx, in, "scan_id", true, &s.scan_id)))
            return e;
        store_stmt *st;
        int64_t n = 0;
        if ((e = consent_prepare(cx, "SELECT count(*) FROM consent_scans WHERE id = ? AND setting_id = ?", &st)))
            return e;
        store_bind_int(st, 1, s.scan_id);
        store_bind_int(st, 2, cx->setting_id);
        e = sg_store(cx, store_one_int(st, &n, NULL));
        store_finalize(st);
        if (!e && !n)
            e = sg_fail_field(cx, SG_EINVAL, "scan_id", "there is no scan %lld in this setting", (long long)s.scan_id);
        if (e)
            return e;
    }
    if (!(e = insert_all(cx, "child", child_id, in, form_id, version, &s, ids)))
        e = findings_refresh(cx, "consent");
    return e;
}

sg_err consent_give(sg_ctx *cx, int64_t child_id, json_t *in, json_t **out)
{
    sg_err e = cx->parent_id ? SG_OK : perm_require(cx, PERM_CONSENT_RECORD);
    if (e)
        return e;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, consent_give_tx(cx, child_id, in, NULL))))
        return e;
    return consent_child(cx, child_id, out);
}

sg_err consent_give_own_tx(sg_ctx *cx, int64_t adult_id, json_t *in)
{
    sg_err e = only_keys(cx, in, own_keys);
    if (e)
        return e;
    int64_t form_id = 0, version = 0;
    if (!json_object_get(in, "form_id")) {
        /* The current form unless the body names one. */
        if ((e = consent_form_current(cx, &form_id)))
            return e;
        if (!form_id)
            return sg_fail(cx, SG_ECONFLICT, "no consent form has been published yet");
        json_object_set_new(in, "form_id", json_integer(form_id));
    }
    if ((e = check_form_and_decisions(cx, in, &form_id, &version)))
        return e;
    signer s = {.signer_type = "adult", .signer_id = adult_id, .kind = "self", .relationship = "self",
                .channel = "portal"};
    store_stmt *st;
    bool row, left = false;
    if ((e = consent_prepare(cx, "SELECT first_name || ' ' || last_name, leave_date FROM adults WHERE id = ?"
                                 " AND setting_id = ?", &st)))
        return e;
    store_bind_int(st, 1, adult_id);
    store_bind_int(st, 2, cx->setting_id);
    if (!(e = store_step(st, &row)) && row) {
        snprintf(s.name, sizeof s.name, "%s", store_col_text(st, 0));
        left = !store_col_null(st, 1);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!s.name[0])
        return sg_fail(cx, SG_ENOTFOUND, "there is no adult %lld in this setting", (long long)adult_id);
    if (left)
        return sg_fail(cx, SG_ECONFLICT, "%s has left the setting", s.name);
    return insert_all(cx, "adult", adult_id, in, form_id, version, &s, NULL);
}

sg_err consent_give_own(sg_ctx *cx, json_t *in, json_t **out)
{
    if (cx->parent_id || !cx->actor_id)
        return sg_fail(cx, SG_EFORBIDDEN, "an adult of the setting records their own image consent");
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    if ((e = store_end(cx->db, consent_give_own_tx(cx, cx->actor_id, in))))
        return e;
    return consent_own(cx, out);
}

/* ---- Withdrawal ---- */

typedef struct {
    char subject_type[8];
    int64_t subject_id;
    char purpose[24];
    bool given;
    char signer_type[8];
    int64_t signer_id;
    char signer_name[170];
    bool withdrawn, superseded;
} loaded;

static sg_err load_consent(sg_ctx *cx, int64_t id, loaded *l)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT subject_type, subject_id, purpose, decision, signer_type, signer_id,"
                                   " withdrawn_at, superseded_at, signer_name FROM consents WHERE id = ? AND setting_id = ?",
                               &st);
    if (e)
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row = false;
    memset(l, 0, sizeof *l);
    if (!(e = store_step(st, &row)) && row) {
        snprintf(l->subject_type, sizeof l->subject_type, "%s", store_col_text(st, 0));
        l->subject_id = store_col_int(st, 1);
        snprintf(l->purpose, sizeof l->purpose, "%s", store_col_text(st, 2));
        l->given = !strcmp(store_col_text(st, 3), "given");
        snprintf(l->signer_type, sizeof l->signer_type, "%s", store_col_text(st, 4));
        l->signer_id = store_col_int(st, 5);
        l->withdrawn = !store_col_null(st, 6);
        l->superseded = !store_col_null(st, 7);
        snprintf(l->signer_name, sizeof l->signer_name, "%s", store_col_text(st, 8));
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return row ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "there is no consent %lld in this setting", (long long)id);
}

sg_err consent_withdraw_tx(sg_ctx *cx, int64_t id, const char *reason)
{
    loaded l;
    sg_err e = load_consent(cx, id, &l);
    if (e)
        return e;
    bool own = !cx->parent_id && cx->actor_id && !strcmp(l.signer_type, "adult") && l.signer_id == cx->actor_id;
    if (cx->parent_id) {
        /* A parent withdraws for a child linked to them; any other
         * consent is, to them, one that does not exist. */
        if (strcmp(l.subject_type, "child"))
            return sg_fail(cx, SG_ENOTFOUND, "there is no consent %lld in this setting", (long long)id);
        if ((e = consent_portal_scope(cx, l.subject_id)))
            return sg_fail(cx, SG_ENOTFOUND, "there is no consent %lld in this setting", (long long)id);
    } else if (!own && (e = perm_require(cx, PERM_CONSENT_RECORD))) {
        return e;
    }
    if (l.withdrawn)
        return sg_fail(cx, SG_EWITHDRAWN, "this consent was already withdrawn");
    if (l.superseded)
        return sg_fail(cx, SG_ECONFLICT, "a newer decision by the same signer replaced this one");
    if (!l.given)
        return sg_fail(cx, SG_ECONFLICT, "this is a refusal: there is nothing to withdraw");
    /* The office acts on a written request, which the reason records. */
    if (!reason && !cx->parent_id && !own)
        return sg_fail_field(cx, SG_EINVAL, "reason", "reason is required: say whose request this is and how it came");
    int64_t now = clock_now();
    store_stmt *st;
    if ((e = consent_prepare(cx, "UPDATE consents SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ?"
                                 " WHERE id = ? AND setting_id = ? AND withdrawn_at IS NULL", &st)))
        return e;
    store_bind_int(st, 1, now);
    store_bind_text(st, 2, cx->actor);
    store_bind_text(st, 3, reason);
    store_bind_int(st, 4, id);
    store_bind_int(st, 5, cx->setting_id);
    if ((e = consent_run(cx, st)))
        return e;
    char iso[21];
    clock_iso(now, iso);
    /* What the media area needs to take images out of use: whose, for
     * which purpose, from when (CONSENT-11, MEDIA-14). */
    json_t *d = json_pack("{ss sI ss ss sI ss sI ss}", "subject_type", l.subject_type, "subject_id",
                          (json_int_t)l.subject_id, "purpose", l.purpose, "withdrawn_at", iso, "withdrawn_at_unix",
                          (json_int_t)now, "signer_type", l.signer_type, "signer_id", (json_int_t)l.signer_id,
                          "signer_name", l.signer_name);
    if (!strcmp(l.subject_type, "child"))
        json_object_set_new(d, "child_id", json_integer(l.subject_id));
    json_object_set_new(d, "reason", reason ? json_string(reason) : json_null());
    e = audit_append(cx, "consent.withdraw", "consent", id, d);
    json_decref(d);
    if (!e)
        e = findings_refresh(cx, "consent");
    return e;
}

sg_err consent_withdraw(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = only_keys(cx, in, (const char *const[]){"reason", NULL});
    if (e)
        return e;
    json_t *r = json_object_get(in, "reason");
    if (r && !json_is_null(r) && (!json_is_string(r) || json_string_length(r) == 0 || json_string_length(r) > REASON_MAX))
        return sg_fail_field(cx, SG_EINVAL, "reason", "reason must be text of 1 to %d characters", REASON_MAX);
    const char *reason = json_string_value(r);
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, consent_withdraw_tx(cx, id, reason))))
        return e;
    loaded l;
    if ((e = load_consent(cx, id, &l)))
        return e;
    if (!strcmp(l.subject_type, "adult")) {
        if (l.subject_id == cx->actor_id)
            return consent_own(cx, out);
        *out = json_pack("{sI sb}", "id", (json_int_t)id, "withdrawn", 1);
        return SG_OK;
    }
    return consent_child(cx, l.subject_id, out);
}
