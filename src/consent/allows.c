/* allows.c — consent_allows(): may this child or adult appear in an image
 * used for purpose P at instant T? The only place the question is
 * answered; the media area, the pages and the press-visit approval all ask
 * here.
 *
 * The answer is worked out by one pure function, decide(), from facts
 * loaded in a few queries: the subject (left? looked after?), whether a
 * restriction is in force, and the decisions that were current at T (not
 * yet superseded by the same signer's newer one). The order of the rules is
 * the order of the checks:
 *   1. left the setting                      → left
 *   2. a "no images" restriction (CONSENT-21) → restricted, whatever else
 *   3. other children's journals: "individual photos only" on any current
 *      decision → individual_only (CONSENT-10); with CONFIG-10
 *      "individual_on_request" and no decision of its own, it follows the
 *      child's own journal
 *   4. a looked-after child (CONSENT-05): only the social worker's and the
 *      local authority's decisions count, and both must be given, in date
 *      and not withdrawn; a parent's cannot be recorded and a carer's is
 *      kept but does not suffice
 *   5. otherwise any current refusal → refused; any withdrawal → withdrawn
 *      (one holder of parental responsibility saying no is enough); a
 *      consent given and in date → allowed; only expired ones → expired
 *      (CONSENT-12); nothing → missing.
 * A consent is in date while the day at T is before its expires_on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../policy/policy.h"
#include "consent.h"

static const char *const state_names[CONSENT_NSTATES] = {
    "allowed", "restricted", "refused", "withdrawn", "expired", "missing",
    "needs_social_worker", "needs_local_authority", "individual_only", "left",
};

const char *consent_state_name(consent_state s)
{
    return s >= 0 && s < CONSENT_NSTATES ? state_names[s] : "missing";
}

typedef enum { K_PARENT, K_CARER, K_SOCIAL_WORKER, K_LOCAL_AUTHORITY, K_YOUNG_PERSON, K_SELF } signer_kind;

/* One decision current at T, as decide() needs it. */
typedef struct {
    int64_t subject_id;
    int purpose;               /* index in consent_purposes */
    bool given;
    signer_kind kind;
    bool withdrawn;            /* withdrawn at or before T */
    bool individual_only;
    char expires_on[11];
} rec;

typedef struct {
    bool left, restricted, looked_after;
    bool follow_journal;       /* CONFIG-10 "individual_on_request" */
    char day[11];              /* the day at T */
} facts;

static signer_kind kind_of(const char *k)
{
    static const char *const names[] = {"parent", "carer", "social_worker", "local_authority", "young_person", "self"};
    for (int i = 0; i < 6; i++)
        if (!strcmp(k, names[i]))
            return (signer_kind)i;
    return K_PARENT;
}

/* The combined state of the decisions for purpose p among recs, counting
 * only signers for whom `counts` says yes; *until is the latest expiry of
 * a consent in date. */
static consent_state combine(const rec *r, size_t n, int p, const facts *f, bool (*counts)(signer_kind, void *),
                             void *arg, char until[11])
{
    bool refused = false, withdrawn = false, valid = false, expired = false;
    until[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].purpose != p || !counts(r[i].kind, arg))
            continue;
        if (!r[i].given)
            refused = true;
        else if (r[i].withdrawn)
            withdrawn = true;
        else if (strcmp(f->day, r[i].expires_on) < 0) {
            valid = true;
            if (strcmp(r[i].expires_on, until) > 0)
                snprintf(until, 11, "%s", r[i].expires_on);
        } else
            expired = true;
    }
    return refused ? CONSENT_REFUSED : withdrawn ? CONSENT_WITHDRAWN : valid ? CONSENT_ALLOWED
         : expired ? CONSENT_EXPIRED : CONSENT_MISSING;
}

static bool any_signer(signer_kind k, void *arg)
{
    (void)arg;
    return k != K_SOCIAL_WORKER && k != K_LOCAL_AUTHORITY;
}

static bool only_kind(signer_kind k, void *arg) { return k == *(signer_kind *)arg; }

static void answer(consent_answer *out, consent_state s, const char *fmt, const char *a, const char *b)
{
    out->state = s;
    out->allowed = s == CONSENT_ALLOWED;
    snprintf(out->reason, sizeof out->reason, fmt, a, b);
}

static bool has_purpose(const rec *r, size_t n, int p)
{
    for (size_t i = 0; i < n; i++)
        if (r[i].purpose == p)
            return true;
    return false;
}

/* The rules, in order (see the top of the file). */
static void decide(const facts *f, const rec *r, size_t n, int p, consent_answer *out)
{
    static const int JOURNAL = 0, OTHER = 1; /* consent_purposes' first two rows */
    const char *label = consent_purposes[p].label;
    char until[11];
    if (f->left) {
        answer(out, CONSENT_LEFT, "has left the setting: no new images", "", "");
        return;
    }
    if (f->restricted) {
        answer(out, CONSENT_RESTRICTED, "do not photograph: a safeguarding restriction applies (CONSENT-21)", "", "");
        return;
    }
    if (p == OTHER) {
        for (size_t i = 0; i < n; i++)
            if (r[i].given && !r[i].withdrawn && r[i].individual_only) {
                answer(out, CONSENT_INDIVIDUAL_ONLY, "individual photos only: not in other children's journals "
                       "(CONSENT-10)", "", "");
                return;
            }
        if (f->follow_journal && !has_purpose(r, n, OTHER))
            p = JOURNAL; /* CONFIG-10: included unless individual photos only were asked for */
    }
    if (f->looked_after) {
        signer_kind sw = K_SOCIAL_WORKER, la = K_LOCAL_AUTHORITY;
        char until_la[11];
        consent_state a = combine(r, n, p, f, only_kind, &sw, until);
        consent_state b = combine(r, n, p, f, only_kind, &la, until_la);
        if (a == CONSENT_REFUSED || b == CONSENT_REFUSED)
            answer(out, CONSENT_REFUSED, "looked after: consent for %s was refused", label, "");
        else if (a == CONSENT_WITHDRAWN || b == CONSENT_WITHDRAWN)
            answer(out, CONSENT_WITHDRAWN, "looked after: consent for %s was withdrawn", label, "");
        else if (a == CONSENT_EXPIRED || b == CONSENT_EXPIRED)
            answer(out, CONSENT_EXPIRED, "looked after: consent for %s has expired (CONSENT-12)", label, "");
        else if (a != CONSENT_ALLOWED)
            answer(out, CONSENT_NEEDS_SOCIAL_WORKER, "looked after: the social worker's written consent for %s is not "
                   "recorded (CONSENT-05)", label, "");
        else if (b != CONSENT_ALLOWED)
            answer(out, CONSENT_NEEDS_LOCAL_AUTHORITY, "looked after: the local authority's written consent for %s is "
                   "not recorded (CONSENT-05)", label, "");
        else
            answer(out, CONSENT_ALLOWED, "consent for %s given by the social worker and the local authority, until %s",
                   label, strcmp(until, until_la) < 0 ? until : until_la);
        return;
    }
    switch (combine(r, n, p, f, any_signer, NULL, until)) {
    case CONSENT_REFUSED: answer(out, CONSENT_REFUSED, "consent for %s was refused", label, ""); break;
    case CONSENT_WITHDRAWN: answer(out, CONSENT_WITHDRAWN, "consent for %s was withdrawn", label, ""); break;
    case CONSENT_ALLOWED: answer(out, CONSENT_ALLOWED, "consent for %s given, until %s", label, until); break;
    case CONSENT_EXPIRED: answer(out, CONSENT_EXPIRED, "consent for %s has expired (CONSENT-12)", label, ""); break;
    default: answer(out, CONSENT_MISSING, "no consent for %s is recorded", label, ""); break;
    }
}

/* ---- Loading the facts ---- */

typedef struct {
    rec *v;
    size_t n, cap;
} recs;

static void recs_push(recs *rs, const rec *r)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rec *nv = realloc(rs->v, rs->cap * sizeof *nv);
        if (!nv)
            abort(); /* out of memory: nothing sensible to answer */
        rs->v = nv;
    }
    rs->v[rs->n++] = *r;
}

/* Decisions about subjects of `type` current at `at`, ordered by subject;
 * subject_id 0: every subject of the setting. */
static sg_err load_recs(sg_ctx *cx, const char *type, int64_t subject_id, int64_t at, recs *rs)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, subject_id
        ? "SELECT subject_id, purpose, decision, signer_kind, withdrawn_at, expires_on, individual_only FROM consents"
          " WHERE setting_id = ? AND subject_type = ? AND signed_at <= ? AND (superseded_at IS NULL OR superseded_at > ?)"
          " AND subject_id = ?"
        : "SELECT subject_id, purpose, decision, signer_kind, withdrawn_at, expires_on, individual_only FROM consents"
          " WHERE setting_id = ? AND subject_type = ? AND signed_at <= ? AND (superseded_at IS NULL OR superseded_at > ?)"
          " ORDER BY subject_id", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, type);
    store_bind_int(st, 3, at);
    store_bind_int(st, 4, at);
    if (subject_id)
        store_bind_int(st, 5, subject_id);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        rec r = {.subject_id = store_col_int(st, 0), .purpose = consent_purpose_index(store_col_text(st, 1)),
                 .given = !strcmp(store_col_text(st, 2), "given"), .kind = kind_of(store_col_text(st, 3)),
                 .withdrawn = !store_col_null(st, 4) && store_col_int(st, 4) <= at,
                 .individual_only = store_col_int(st, 6) != 0};
        snprintf(r.expires_on, sizeof r.expires_on, "%s", store_col_text(st, 5));
        if (r.purpose >= 0)
            recs_push(rs, &r);
    }
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err load_follow(sg_ctx *cx, bool *follow)
{
    char v[POLICY_VALUE_MAX];
    sg_err e = policy_text(cx, "consent.other_journals_default", v);
    *follow = !e && !strcmp(v, "individual_on_request");
    return e;
}

sg_err consent_allows(sg_ctx *cx, const char *subject_type, int64_t subject_id, const char *purpose, int64_t at,
                      consent_answer *out)
{
    memset(out, 0, sizeof *out);
    out->state = CONSENT_MISSING;
    int p = consent_purpose_index(purpose);
    if (p < 0)
        return sg_fail_field(cx, SG_EPURPOSE, "purpose", "unknown purpose \"%.60s\"", purpose ? purpose : "");
    bool child = subject_type && !strcmp(subject_type, "child");
    if (!child && !(subject_type && !strcmp(subject_type, "adult")))
        return sg_fail_field(cx, SG_EINVAL, "subject_type", "subject_type must be \"child\" or \"adult\"");
    facts f = {0};
    consent_date(at, f.day);
    store_stmt *st;
    sg_err e = consent_prepare(cx, child ? "SELECT looked_after, leave_date FROM children WHERE id = ? AND setting_id = ?"
                                         : "SELECT 0, leave_date FROM adults WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, subject_id);
    store_bind_int(st, 2, cx->setting_id);
    bool row = false;
    if (!(e = store_step(st, &row)) && row) {
        f.looked_after = store_col_int(st, 0) != 0;
        f.left = !store_col_null(st, 1) && strcmp(store_col_text(st, 1), f.day) <= 0;
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail(cx, SG_ENOTFOUND, "there is no %s %lld in this setting", subject_type, (long long)subject_id);
    recs rs = {0};
    if (!(e = restriction_active(cx, subject_type, subject_id, at, &f.restricted)) &&
        !(e = load_follow(cx, &f.follow_journal)) && !(e = load_recs(cx, subject_type, subject_id, at, &rs)))
        decide(&f, rs.v, rs.n, p, out);
    free(rs.v);
    return e;
}

/* ---- Many children at once ---- */

typedef struct {
    int64_t id;
    bool looked_after, left, restricted;
} kid;

static int kid_cmp(const void *a, const void *b)
{
    int64_t x = ((const kid *)a)->id, y = ((const kid *)b)->id;
    return x < y ? -1 : x > y;
}

sg_err consent_allows_many(sg_ctx *cx, const int64_t *child_ids, size_t n, int64_t at, consent_answer *answers)
{
    facts base = {0};
    consent_date(at, base.day);
    kid *kids = NULL;
    size_t nk = 0, cap = 0;
    recs rs = {0};
    store_stmt *st;
    bool row;
    /* Every child of the setting, ordered by id for the lookups below. */
    sg_err e = consent_prepare(cx, "SELECT id, looked_after, leave_date FROM children WHERE setting_id = ? ORDER BY id", &st);
    if (!e) {
        store_bind_int(st, 1, cx->setting_id);
        while (!(e = store_step(st, &row)) && row) {
            if (nk == cap) {
                cap = cap ? cap * 2 : 256;
                kid *nv = realloc(kids, cap * sizeof *nv);
                if (!nv)
                    abort();
                kids = nv;
            }
            kids[nk++] = (kid){.id = store_col_int(st, 0), .looked_after = store_col_int(st, 1) != 0,
                               .left = !store_col_null(st, 2) && strcmp(store_col_text(st, 2), base.day) <= 0};
        }
        store_finalize(st);
        e = sg_store(cx, e);
    }
    if (!e && !(e = consent_prepare(cx, "SELECT subject_id FROM image_restrictions WHERE setting_id = ?"
                                        " AND subject_type = 'child' AND set_at <= ? AND (lifted_at IS NULL OR lifted_at > ?)",
                                    &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, at);
        store_bind_int(st, 3, at);
        while (!(e = store_step(st, &row)) && row) {
            kid key = {.id = store_col_int(st, 0)};
            kid *k = nk ? bsearch(&key, kids, nk, sizeof *kids, kid_cmp) : NULL;
            if (k)
                k->restricted = true;
        }
        store_finalize(st);
        e = sg_store(cx, e);
    }
    if (!e)
        e = load_follow(cx, &base.follow_journal);
    if (!e)
        e = load_recs(cx, "child", 0, at, &rs);
    for (size_t i = 0; !e && i < n; i++) {
        consent_answer *a = &answers[i * (size_t)consent_npurposes];
        kid key = {.id = child_ids[i]};
        kid *k = nk ? bsearch(&key, kids, nk, sizeof *kids, kid_cmp) : NULL;
        /* The child's decisions: a run of rs, which is ordered by subject. */
        size_t lo = 0, hi = rs.n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (rs.v[mid].subject_id < child_ids[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t end = lo;
        while (end < rs.n && rs.v[end].subject_id == child_ids[i])
            end++;
        facts f = base;
        if (k) {
            f.left = k->left;
            f.looked_after = k->looked_after;
            f.restricted = k->restricted;
        }
        for (int p = 0; p < consent_npurposes; p++) {
            memset(&a[p], 0, sizeof a[p]);
            if (!k)
                answer(&a[p], CONSENT_MISSING, "not a child of this setting", "", "");
            else
                decide(&f, rs.v + lo, end - lo, p, &a[p]);
        }
    }
    free(kids);
    free(rs.v);
    return e;
}

/* ---- Withdrawals, for the media area's cascade ---- */

sg_err consent_withdrawn_since(sg_ctx *cx, int64_t since, consent_withdrawal_fn fn, void *arg)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT id, subject_type, subject_id, purpose, withdrawn_at FROM consents"
                                   " WHERE setting_id = ? AND withdrawn_at IS NOT NULL AND withdrawn_at >= ?"
                                   " ORDER BY withdrawn_at, id", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, since);
    bool row;
    sg_err fe = SG_OK;
    while (!fe && !(e = store_step(st, &row)) && row) {
        consent_withdrawal w = {.consent_id = store_col_int(st, 0), .subject_type = store_col_text(st, 1),
                                .subject_id = store_col_int(st, 2), .purpose = store_col_text(st, 3),
                                .withdrawn_at = store_col_int(st, 4)};
        fe = fn(cx, &w, arg);
    }
    store_finalize(st);
    return e ? sg_store(cx, e) : fe;
}
