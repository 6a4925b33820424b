/* consent.h — consent to images of children and adults (CONSENT-01…22,
 * PEOPLE-08, -09).
 *
 * The map:
 *   consent_common.c  the fixed table of purposes; loading a child, a
 *                     signer's link, a form; dates
 *   form.c            the setting's consent form, published as numbered
 *                     versions that are kept for ever (CONSENT-22, -20)
 *   record.c          a signer's decisions: given or refused per purpose,
 *                     on paper with its scan or on the parent portal;
 *                     supersession, withdrawal (CONSENT-04, -05, -07, -11)
 *   allows.c          consent_allows(): the one answer to "may this person
 *                     appear in an image used for purpose P at time T?",
 *                     and the same for many children at once
 *   views.c           what a person sees: a child's consent page, the
 *                     overview, the portal, an adult's own consent
 *   restriction.c     "no images / never publish" restrictions (PEOPLE-09,
 *                     CONSENT-21) and the DSL's young-person check
 *   scan.c            scanned paper forms: checked by content, encrypted
 *                     at rest, content-addressed
 *   press.c           press visits, approved only when everyone involved
 *                     has press consent (CONSENT-13)
 *   consent_findings.c renewal reminders and expiry (CONSENT-03, -12)
 *
 * Conventions as in people.h: `in` is borrowed (text trimmed in place),
 * `*out` is new and the caller's. Every change checks the caller's
 * permission, runs in one transaction and appends its audit event there; a
 * request that fails changes nothing.
 *
 * Who is asking: an adult of the setting (cx->actor_id, cx->roles), the
 * operator (CLI), or a parent signed in to the portal (cx->parent_id, no
 * roles) — who sees and signs for the children linked to them and nothing
 * else; another child answers exactly as one that does not exist. */
#ifndef SG_CONSENT_H
#define SG_CONSENT_H
#include <jansson.h>
#include "../compliance/findings.h"
#include "../core/ctx.h"

/* A scanned form may be this large; larger answers too_large. */
#define CONSENT_SCAN_MAX (10L * 1024 * 1024)

/* ---- Purposes (consent_common.c) ---- */

typedef struct {
    const char *id;          /* "website" */
    const char *name;        /* a few words for lists: "learning journal" */
    const char *label;       /* "the setting's website" */
    bool public_use;         /* seen by the public (CONSENT-18) */
    const char *implies;     /* for a public use: what publication implies; NULL otherwise */
} consent_purpose;

/* The purposes in their fixed order, and how many. */
extern const consent_purpose consent_purposes[];
extern const int consent_npurposes;
/* The purpose called `id`, or NULL. */
const consent_purpose *consent_purpose_find(const char *id);
/* Its index in consent_purposes, or -1. */
int consent_purpose_index(const char *id);
/* {"purposes":[{id, label, public, implies}]}: anyone signed in. */
sg_err consent_purpose_list(sg_ctx *cx, json_t **out);

/* ---- The answer (allows.c) ---- */

typedef enum {
    CONSENT_ALLOWED,
    CONSENT_RESTRICTED,             /* a "no images" restriction (CONSENT-21) */
    CONSENT_REFUSED,                /* a consenter said no */
    CONSENT_WITHDRAWN,              /* a consenter withdrew (CONSENT-11) */
    CONSENT_EXPIRED,                /* past its expiry (CONSENT-12) */
    CONSENT_MISSING,                /* nobody has decided */
    CONSENT_NEEDS_SOCIAL_WORKER,    /* looked after: the social worker has not consented (CONSENT-05) */
    CONSENT_NEEDS_LOCAL_AUTHORITY,  /* looked after: the local authority has not consented */
    CONSENT_INDIVIDUAL_ONLY,        /* "individual photos only": not in others' journals (CONSENT-10) */
    CONSENT_LEFT,                   /* the child or adult has left the setting */
    CONSENT_NSTATES
} consent_state;

typedef struct {
    bool allowed;
    consent_state state;
    char reason[240];   /* one plain sentence; never a restriction's reason */
} consent_answer;

/* "allowed", "restricted", … */
const char *consent_state_name(consent_state s);

/* May `subject_type` ("child" or "adult") `subject_id` of cx's setting
 * appear in an image used for `purpose` at instant `at`? The only place the
 * question is answered. Reads only; any role (the media area calls it for
 * the adult taking a photo). SG_EPURPOSE for an unknown purpose,
 * SG_ENOTFOUND for a subject not of this setting, SG_EINVAL for a bad
 * subject_type. */
sg_err consent_allows(sg_ctx *cx, const char *subject_type, int64_t subject_id, const char *purpose, int64_t at,
                      consent_answer *out);

/* Many children at once, every purpose: answers[i * consent_npurposes + p]
 * for child_ids[i] (n of them) and consent_purposes[p], in three queries.
 * A child not of this setting answers CONSENT_MISSING with allowed false.
 * `answers` holds n * consent_npurposes. */
sg_err consent_allows_many(sg_ctx *cx, const int64_t *child_ids, size_t n, int64_t at, consent_answer *answers);

/* A withdrawal, for the media area's cascade (MEDIA-14, CONSENT-11). */
typedef struct {
    int64_t consent_id;
    const char *subject_type;   /* "child" / "adult" */
    int64_t subject_id;
    const char *purpose;
    int64_t withdrawn_at;
} consent_withdrawal;
typedef sg_err (*consent_withdrawal_fn)(sg_ctx *cx, const consent_withdrawal *w, void *arg);
/* Call fn for every withdrawal in cx's setting at or after `since`, oldest
 * first (strings borrowed for the call). Stops at fn's first error. */
sg_err consent_withdrawn_since(sg_ctx *cx, int64_t since, consent_withdrawal_fn fn, void *arg);

/* ---- Forms (form.c) ---- */

/* in = {title, intro?, purposes: [{purpose, text}]}: the next version,
 * all or nothing (CONSENT-22). Manager. */
sg_err consent_form_publish(sg_ctx *cx, json_t *in, json_t **out);
sg_err consent_form_publish_tx(sg_ctx *cx, json_t *in, int64_t *id);
sg_err consent_form_get(sg_ctx *cx, int64_t id, json_t **out);
/* {"forms":[…]}, newest first. */
sg_err consent_form_list(sg_ctx *cx, json_t **out);
/* The current (latest) form's id; 0 when none was published. */
sg_err consent_form_current(sg_ctx *cx, int64_t *id);

/* ---- Decisions (record.c) ---- */

/* Record one signer's decisions for a child: in = {signer_id (a linked
 * contact; absent for signer_kind "young_person"), signer_kind?, form_id,
 * decisions: {purpose: "given"|"refused"}, signed_name, signed_on?,
 * expires_on?, individual_only?, scan_id}. Office, deputy or manager on
 * paper (scan_id required), or a parent on the portal (cx->parent_id; no
 * signer_id or scan_id: the parent is the signer). *out is the child's
 * consent page. */
sg_err consent_give(sg_ctx *cx, int64_t child_id, json_t *in, json_t **out);
sg_err consent_give_tx(sg_ctx *cx, int64_t child_id, json_t *in, json_t *ids);
/* An adult's own decisions (CONSENT-08): in = {form_id?, decisions,
 * signed_name}. The caller's own. */
sg_err consent_give_own(sg_ctx *cx, json_t *in, json_t **out);
sg_err consent_give_own_tx(sg_ctx *cx, int64_t adult_id, json_t *in);
/* Withdraw consent `id` (CONSENT-11): in = {reason}. Takes effect at once.
 * The office on a written request, the adult for their own, a parent on
 * the portal for a linked child. SG_EWITHDRAWN when withdrawn before. */
sg_err consent_withdraw(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err consent_withdraw_tx(sg_ctx *cx, int64_t id, const char *reason);

/* ---- What people see (views.c) ---- */

/* A child's page: per purpose the state and, for those who may read
 * parents, the decisions with their signers; the restriction's reason only
 * for manager and DSL. */
sg_err consent_child(sg_ctx *cx, int64_t child_id, json_t **out);
/* Children × purposes: {purposes:[…], children:[{id, name, room, states:{p: state}}]}. */
sg_err consent_overview(sg_ctx *cx, json_t **out);
/* The portal: each child linked to cx->parent_id with per-purpose state,
 * the parent's own decisions and the current form's texts. */
sg_err consent_portal_children(sg_ctx *cx, json_t **out);
/* The caller's own image consent. */
sg_err consent_own(sg_ctx *cx, json_t **out);

/* ---- Restrictions and the young-person check (restriction.c) ---- */

/* in = {subject_type, subject_id, reason}. Manager or DSL. */
sg_err restriction_set(sg_ctx *cx, json_t *in, json_t **out);
sg_err restriction_set_tx(sg_ctx *cx, json_t *in, int64_t *id);
/* in = {reason}. */
sg_err restriction_lift(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* {"restrictions":[…]} with reasons: manager or DSL. include_lifted adds lifted ones. */
sg_err restriction_list(sg_ctx *cx, bool include_lifted, json_t **out);
/* Is there a restriction on the subject now? */
sg_err restriction_active(sg_ctx *cx, const char *subject_type, int64_t subject_id, int64_t at, bool *on);
/* The DSL records that child `id` may consent for themself (CONSENT-07). */
sg_err consent_young_person_check(sg_ctx *cx, int64_t child_id, json_t *in, json_t **out);

/* ---- Scans (scan.c) ---- */

/* Store a scanned form: checked by content (PDF, JPEG, PNG), encrypted
 * with the setting's data key, written crash-safely under its SHA-256.
 * Office, deputy or manager. {id, sha256, content_type, size}. */
sg_err consent_scan_store(sg_ctx *cx, const void *data, size_t len, json_t **out);
sg_err consent_scan_store_tx(sg_ctx *cx, const void *data, size_t len, int64_t *id);
/* The decrypted scan: *data (caller frees) of *len bytes, its type into
 * `type` (>= 32 bytes). Office, deputy or manager. */
sg_err consent_scan_read(sg_ctx *cx, int64_t id, unsigned char **data, size_t *len, char *type);

/* ---- Press visits (press.c) ---- */

/* in = {visit_on, organisation, child_ids, adult_ids, notes?}. */
sg_err press_visit_add(sg_ctx *cx, json_t *in, json_t **out);
sg_err press_visit_list(sg_ctx *cx, json_t **out);
sg_err press_visit_get(sg_ctx *cx, int64_t id, json_t **out);
/* SG_ECONSENTMISSING with cx->err_detail = {children:[…], adults:[…]}
 * naming everyone without press consent. Manager. */
sg_err press_visit_approve(sg_ctx *cx, int64_t id, json_t **out);

/* ---- Findings (consent_findings.c) and demo (consent_demo.c) ---- */
sg_err consent_findings(sg_ctx *cx, int64_t now, findings_set *out);
sg_err consent_demo(sg_ctx *cx);

/* ---- Shared by the consent files (consent_common.c) ---- */

sg_err consent_prepare(sg_ctx *cx, const char *sql, store_stmt **st);
sg_err consent_run(sg_ctx *cx, store_stmt *st);

/* One child as the rules need it. */
typedef struct {
    int64_t id;
    char name[170];
    bool looked_after;
    bool left;            /* leave_date on or before today */
    char leave_date[11];
} consent_child_row;
/* SG_ENOTFOUND when not a child of cx's setting. */
sg_err consent_load_child(sg_ctx *cx, int64_t id, consent_child_row *c);
/* For a portal parent: SG_ENOTFOUND unless child_id is linked to them now. */
sg_err consent_portal_scope(sg_ctx *cx, int64_t child_id);
/* "YYYY-MM-DD" of instant t at the setting (local time). */
void consent_date(int64_t t, char out[11]);
/* date + months, clamped to the month's last day. */
void consent_add_months(const char *date, int months, char out[11]);
/* date + days. */
void consent_add_days(const char *date, int days, char out[11]);
#endif
