/* presence.h — who is here, and where their personal devices are.
 *
 * Shifts (shift.c), the personal-device locker ledger (locker.c), managers'
 * permissions to use a personal device (grant.c) and locker kiosks
 * (kiosk.c). The office's side of presence — visitors, the call relay,
 * observed breaches, children's confiscated devices, outings and home
 * visits — is in office.h.
 *
 * Conventions as in people.h: `in` is borrowed (text trimmed in place),
 * `*out` is new and the caller's; every change checks permission, runs in
 * one transaction, writes its audit event and refreshes the presence
 * findings in that transaction. An adult acts on their own shift and
 * devices (at the kiosk with their PIN, or logged in); the manager or
 * deputy may act on anyone's (PERM_SHIFT_WRITE), and the record says who. */
#ifndef SG_PRESENCE_H
#define SG_PRESENCE_H
#include <jansson.h>
#include "../compliance/findings.h"
#include "../core/ctx.h"

/* The kinds of personal device (PERSONAL-DEVICES-01, -25). */
extern const char *const presence_device_kinds[];

/* Shifts. in = {adult_id, date "YYYY-MM-DD", start "HH:MM", end "HH:MM",
 * break_start "HH:MM"?, break_minutes N?} in the server's local time. */
sg_err shift_plan(sg_ctx *cx, json_t *in, json_t **out);
/* Change a shift's times or break (the same fields but adult_id and date). */
sg_err shift_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err shift_get(sg_ctx *cx, int64_t id, json_t **out);

/* The day's board for the manager (date NULL: today): every adult with a
 * shift that day or still signed on, their shift, devices, due-back times,
 * permissions in force; and the mobile zones. */
sg_err presence_board(sg_ctx *cx, const char *date, json_t **out);
/* One adult's state now: their shift, devices, permissions in force and
 * the mobile zones. The adult themselves, or shift.read. */
sg_err presence_adult(sg_ctx *cx, int64_t adult_id, json_t **out);
/* The ledger of one adult (0: everyone) between two instants (0: open),
 * newest first (R-09, REPORTING-04): {"events":[…]}. */
sg_err presence_ledger(sg_ctx *cx, int64_t adult_id, int64_t from, int64_t to, json_t **out);

/* Sign on: today's planned shift, or an unplanned one to closing time.
 * in may carry a check-in ({devices, locker, switched}) or {"none": true}
 * to do both in one step, as the kiosk does. */
sg_err presence_sign_on(sg_ctx *cx, int64_t adult_id, json_t *in, json_t **out);
/* Sign off; every device in the locker goes home with the adult. */
sg_err presence_sign_off(sg_ctx *cx, int64_t adult_id, json_t *in, json_t **out);
/* Devices into the locker: in = {devices: ["phone", {"kind":"phone",
 * "label":"work"}…], locker?, switched: "off"|"silent"}
 * (PERSONAL-DEVICES-03, -04). */
sg_err presence_check_in(sg_ctx *cx, int64_t adult_id, json_t *in, json_t **out);
/* "I brought no personal device today." */
sg_err presence_declare_none(sg_ctx *cx, int64_t adult_id, json_t *in, json_t **out);
/* Devices out during the shift: in = {devices: [...] (default: all in),
 * purpose: "break"|"permission", zone_room_id?}. A break needs the break
 * window and CONFIG-03 = mobile-zone; otherwise a permission in force
 * (PERSONAL-DEVICES-06, -09). */
sg_err presence_check_out(sg_ctx *cx, int64_t adult_id, json_t *in, json_t **out);

/* Permissions to use a personal device: in = {adult_id, kind:
 * "emergency"|"home-visit"|"outing"|"virtual-course", reason, room_id?,
 * course_device?, outing_id?, home_visit_id?, starts_at?, ends_at}.
 * Manager only, never to oneself, never for images (PERSONAL-DEVICES-19). */
sg_err grant_create(sg_ctx *cx, json_t *in, json_t **out);
sg_err grant_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Permissions in force now and those granted today: {"grants":[…]}. */
sg_err grant_list(sg_ctx *cx, json_t **out);
/* The permission of `adult_id` in force at `now`, if any (*grant_id 0 when none). */
sg_err grant_current(sg_ctx *cx, int64_t adult_id, int64_t now, int64_t *grant_id, int64_t *ends_at);

/* Locker kiosks (kiosk.c). kiosk_create returns the token once (*token,
 * caller frees). */
sg_err kiosk_create(sg_ctx *cx, json_t *in, char **token, json_t **out);
sg_err kiosk_list(sg_ctx *cx, json_t **out);
sg_err kiosk_revoke(sg_ctx *cx, int64_t id, json_t **out);
/* Resolve a kiosk token into cx (setting, actor "kiosk:N", no roles). */
sg_err kiosk_auth(sg_ctx *cx, const char *token);
/* The kiosk's screen: adults on today's rota or signed on, their state,
 * and the mobile zones. Names only: no contact details. */
sg_err kiosk_home(sg_ctx *cx, json_t **out);
/* One kiosk action by one adult confirmed with their PIN: in = {adult_id,
 * pin, action: "start"|"none"|"in"|"out"|"home"|"look", devices?,
 * locker?, switched?}; "look" changes nothing and answers their state. Wrong PIN: SG_EPIN, counted; SG_ELOCKED after the limit. */
sg_err kiosk_act(sg_ctx *cx, json_t *in, json_t **out);
/* Set one's own PIN (4–8 digits) confirmed with one's password
 * (adult_id 0); or, with shift.write, set another adult's. */
sg_err presence_set_pin(sg_ctx *cx, int64_t adult_id, json_t *in, json_t **out);

/* The demo pre-school's presence data (presence_demo.c): zones, lockers,
 * PINs (added to each of `logins` as "pin"), today's rota and sign-ons. */
sg_err presence_demo_populate(sg_ctx *cx, json_t *logins);

/* The presence checks for the findings table (findings.c). */
sg_err presence_findings(sg_ctx *cx, int64_t now, findings_set *out);

/* Helpers shared by the presence files (presence_common.c). */
/* Local wall-clock "HH:MM" on `date` → instant; false when malformed. */
bool presence_local_time(const char *date, const char *hhmm, int64_t *out);
/* "HH:MM" of an instant in local time. */
void presence_hhmm(int64_t t, char out[6]);
/* Local calendar date of an instant. */
void presence_date(int64_t t, char out[11]);
/* "First Last" of a current adult of cx's setting into buf; SG_EINVAL
 * naming `field` when there is no such adult (or they have left). */
sg_err presence_adult_name(sg_ctx *cx, int64_t adult_id, const char *field, char *buf, size_t len);
/* SG_OK when cx may act for `adult_id`: it is the adult themselves, or the
 * caller holds shift.write. */
sg_err presence_may_act_for(sg_ctx *cx, int64_t adult_id);
#endif
