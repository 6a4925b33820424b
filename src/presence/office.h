/* office.h — the office's side of presence: visitors and the phones they
 * hand in (visitor.c), calls taken for staff on the setting phone and
 * relayed to them (relay.c), observed breaches of the personal-device
 * rules (breach.c), children's confiscated devices (child_device.c), and
 * outings and home visits (outing.c). Shifts, the locker ledger and
 * managers' permissions are in presence.h.
 *
 * Conventions as in people.h: `in` is borrowed and may be modified (text
 * is trimmed); `*out` is new and the caller owns it. Every change checks
 * permission, runs in one transaction, appends its audit event and
 * refreshes the office findings in that transaction. Nothing is deleted:
 * a visitor is signed out, a message relayed, a breach reviewed, a device
 * handed back, each with who did it and when. */
#ifndef SG_OFFICE_H
#define SG_OFFICE_H
#include <jansson.h>
#include <stdbool.h>
#include "../compliance/findings.h"
#include "../core/ctx.h"

/* ---- Visitors (VISITORS-01…03, -10, -11, CONFIG-06) ---- */

/* Sign a visitor in now. in = {name, purpose, organisation?, visiting?,
 * professional?, phone?, watch?, lone_working_reason?, quiet_space_id?}.
 * phone and watch say what happened to each: "office" (handed to the
 * office), "none" (not brought) or "kept". phone defaults to the setting's
 * CONFIG-06 choice ("office", or "kept" under "keep-not-operated"), watch
 * to "none". Keeping a device in an "office" setting needs the lone-working
 * exception (VISITORS-03): policy visitors.lone_working, the organisation,
 * its lone-working reason and a quiet space (an adults-only room named as
 * one, VISITORS-11); otherwise SG_EPOLICY. Under "keep-not-operated" a
 * visitor keeps a device without a reason and is recorded as told not to
 * use it on the premises. */
sg_err visitor_sign_in(sg_ctx *cx, json_t *in, json_t **out);
/* Sign out now; every device the office holds for them goes back, except
 * those named in in = {not_returned?: ["phone"|"smart-watch"…], note?},
 * which stay held and are flagged at closing (VISITORS-02). SG_ECONFLICT
 * when already signed out. */
sg_err visitor_sign_out(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Hand back devices still held after sign-out (the visitor came back for
 * them): in = {kinds?: [...]} (default: all still held). */
sg_err visitor_return(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err visitor_get(sg_ctx *cx, int64_t id, json_t **out);
/* Visitors signed in on `date` (NULL: today, when those from earlier days
 * still on site or with a device still held are listed too), with the
 * setting's choices and quiet spaces: {date, visitors:[…], policy:{phones,
 * lone_working}, quiet_spaces:[{id, name}]}. */
sg_err visitor_list(sg_ctx *cx, const char *date, json_t **out);

/* ---- Calls for staff, relayed by the office (PERSONAL-DEVICES-10, R-11) ---- */

/* Take a call on the setting phone: in = {adult_id, caller, message,
 * urgent?, caller_phone?}. The office, manager or deputy. */
sg_err message_take(sg_ctx *cx, json_t *in, json_t **out);
/* The adult has been relieved from the children and told: in =
 * {relieved: true, relieved_by_id?, note?}. SG_EPOLICY without
 * relieved; SG_ECONFLICT when already relayed. */
sg_err message_relay(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* The adult it is for confirms they have it (only they may). */
sg_err message_acknowledge(sg_ctx *cx, int64_t id, json_t **out);
/* Content is for the office, manager, deputy and the adult it is for:
 * anyone else gets SG_ENOTFOUND. */
sg_err message_get(sg_ctx *cx, int64_t id, json_t **out);
/* The office: messages taken on `date` (NULL: today) and any not yet
 * relayed; anyone else: their own messages. {messages:[…]} */
sg_err message_list(sg_ctx *cx, const char *date, json_t **out);

/* ---- Observed breaches (PERSONAL-DEVICES-08, -22, OUTINGS-03, VISITORS-04) ---- */

extern const char *const breach_kinds[];
/* Any adult records what they saw: in = {kind, subject_adult_id? |
 * subject_name?, room_id?, place?, outing_id?, observed_at? (ISO, default
 * now), what_seen, challenge}. Open, and a finding for the manager, until
 * reviewed. */
sg_err breach_record(sg_ctx *cx, json_t *in, json_t **out);
/* The manager or deputy (never the breach's subject) reviews it: in =
 * {outcome, action_taken}. */
sg_err breach_review(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Readable by breach.read holders and by whoever recorded it; never by the
 * adult it is about (R-30's rule for the subject of a concern): they get
 * SG_ENOTFOUND, and the list leaves it out. */
sg_err breach_get(sg_ctx *cx, int64_t id, json_t **out);
/* {breaches:[…]} newest first; open=true: only those not yet reviewed. */
sg_err breach_list(sg_ctx *cx, bool open, json_t **out);

/* ---- Children's confiscated devices (PERSONAL-DEVICES-21, R-13) ---- */

/* Taken from a child and put in the locked drawer: in = {child_id, kind,
 * description?, found_where?, drawer?}. */
sg_err child_device_record(sg_ctx *cx, json_t *in, json_t **out);
/* Handed back to a parent/carer currently linked to that child:
 * in = {parent_id}. Anyone else: SG_EPOLICY. */
sg_err child_device_return(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err child_device_get(sg_ctx *cx, int64_t id, json_t **out);
/* Devices still held, and those handed back on `date` (NULL: today). */
sg_err child_device_list(sg_ctx *cx, const char *date, json_t **out);

/* ---- Outings and home visits (OUTINGS-01, -03, -05, R-42) ---- */

/* in = {date, destination, leaves "HH:MM", returns "HH:MM", adult_ids:[…],
 * child_ids:[…], setting_phones?, notes?} (local times). */
sg_err outing_add(sg_ctx *cx, json_t *in, json_t **out);
sg_err outing_get(sg_ctx *cx, int64_t id, json_t **out);
/* The manager and deputy see every outing; an adult the ones they are on.
 * from/to: dates (NULL: open). */
sg_err outing_list(sg_ctx *cx, const char *from, const char *to, json_t **out);
/* in = {date, starts "HH:MM", ends "HH:MM", adult_ids:[…], child_id,
 * family?, purpose?}. */
sg_err home_visit_add(sg_ctx *cx, json_t *in, json_t **out);
sg_err home_visit_get(sg_ctx *cx, int64_t id, json_t **out);
sg_err home_visit_list(sg_ctx *cx, const char *from, const char *to, json_t **out);
/* For grant.c: SG_OK with the outing's (visit's) start and end when
 * `adult_id` is on it; SG_EINVAL naming outing_id (home_visit_id) when it
 * does not exist in cx's setting or the adult is not on it. */
sg_err outing_has_adult(sg_ctx *cx, int64_t outing_id, int64_t adult_id, int64_t *starts_at, int64_t *ends_at);
sg_err home_visit_has_adult(sg_ctx *cx, int64_t visit_id, int64_t adult_id, int64_t *starts_at, int64_t *ends_at);

/* ---- Findings and the demo ---- */

/* The office's checks for findings.c: visitors not signed out and their
 * devices still held at closing (VISITORS-02), messages not relayed
 * (PERSONAL-DEVICES-10), breaches not reviewed (PERSONAL-DEVICES-22),
 * children's devices still held at closing (PERSONAL-DEVICES-21). */
sg_err office_findings(sg_ctx *cx, int64_t now, findings_set *out);

/* demo_data.c: the office's part of the demo setting, made after its
 * people through the functions the API calls. */
sg_err office_demo_populate(sg_ctx *cx);

#endif
