/* devices.h — the setting's own (professional) devices (PRO-DEVICES-01…21).
 *
 * The register of tablets, cameras, phones, computers and removable media
 * with the apps management approved on each (device.c); custody — who
 * holds which device from when to when, on site (handout.c) or taken home
 * or on an outing (offsite.c); the end-of-day lock-up check (lockup.c);
 * enrolment of a device into safeguard with a one-time QR code and the
 * device credential it receives (enrol.c); evidence quarantine and problem
 * reports (quarantine.c); and the checks the sweep runs (devices_findings.c).
 *
 * Conventions as in people.h: `in` is borrowed (text trimmed in place),
 * `*out` is new and the caller's. Every change checks the caller's
 * permission, runs in one transaction, appends its audit event and
 * refreshes the devices findings in that transaction. A request that fails
 * changes nothing. The passcode of a device is never stored or shown: only
 * whether one is set (PRO-DEVICES-07). */
#ifndef SG_DEVICES_H
#define SG_DEVICES_H
#include <jansson.h>
#include "../compliance/findings.h"
#include "../core/ctx.h"

/* An enrolment code shown as a QR code works once, for this long: long
 * enough to walk to the tablet, short enough that a photo of the screen
 * is soon useless. */
#define DEVICES_ENROL_MINUTES 15
/* The device credential's cookie lives a year; revocation, quarantine or
 * retirement end it at once whatever the cookie says. */
#define DEVICES_COOKIE "sg_device"
#define DEVICES_COOKIE_MAX_AGE (365 * 24 * 3600)
#define DEVICES_TOKEN_MAX 64

/* Kinds, NULL-terminated (PRO-DEVICES-01, -12). */
extern const char *const devices_kinds[];

typedef struct {
    const char *q;           /* label, serial or place contains; NULL: all */
    const char *kind;        /* one kind; NULL: all */
    bool include_retired;
} devices_query;

/* ---- The register (device.c) ---- */

/* in = {kind, label, serial?, kept_in, passcode_set, virus_protection
 * (computers only), designated_use, designated_user_id (allocated only),
 * notes?}. Needs device.write. */
sg_err device_add(sg_ctx *cx, json_t *in, json_t **out);
/* The same inside the caller's transaction (the demo); *id is the new device. */
sg_err device_add_tx(sg_ctx *cx, json_t *in, int64_t *id);
/* One device with its status, holder, quarantine, enrolment, apps, open
 * reports and recent custody. */
sg_err device_get(sg_ctx *cx, int64_t id, json_t **out);
/* {"devices":[…]} with status and holder, ordered by label. */
sg_err device_list(sg_ctx *cx, const devices_query *q, json_t **out);
/* Change the register's fields (not the kind). Refused under quarantine
 * (PRO-DEVICES-14: no reassignment until released). */
sg_err device_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Retire on in = {"date"?}: not while held or quarantined; its credential
 * is revoked in the same transaction. */
sg_err device_retire(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Approve an app: in = {name, category, checked_safe, age_appropriate}.
 * Management only (PRO-DEVICES-06); social media and messaging apps are
 * refused (PRO-DEVICES-05); children's devices need age_appropriate
 * (PRO-DEVICES-17). */
sg_err device_app_add(sg_ctx *cx, int64_t device_id, json_t *in, json_t **out);
sg_err device_app_add_tx(sg_ctx *cx, int64_t device_id, json_t *in, int64_t *app_id);
sg_err device_app_remove(sg_ctx *cx, int64_t device_id, int64_t app_id, json_t **out);

/* ---- Custody (handout.c, offsite.c) ---- */

/* Hand a device out on site: in = {adult_id? (default: the caller),
 * purpose?, note?}. Handing to another adult needs device.write. */
sg_err device_handout(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Give a device back: in = {adult_id? (default: the caller), note?}. The
 * adult must be its holder. Closes any custody: hand-out, home or outing. */
sg_err device_return(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Take a device off site: in = {kind: "home"|"outing", adult_id, reason,
 * undertaking, expected_return, outing_ref?, note?} (PRO-DEVICES-09, -10;
 * OUTINGS-01, CONFIG-07). */
sg_err device_offsite(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Who held device `id` at instant `at` (PRO-DEVICES-03):
 * {device_id, label, at, holder: {custody_id, adult_id, name, kind, out_at,
 * returned_at} | null}. */
sg_err device_holder_at(sg_ctx *cx, int64_t id, int64_t at, json_t **out);

typedef struct {
    int64_t device_id;       /* 0: any */
    int64_t adult_id;        /* 0: any */
    int64_t from, to;        /* custody overlapping [from, to); 0: open */
    int limit;               /* 0: 500 */
} devices_custody_query;
/* Device–adult links over a period, newest first (REPORTING-04):
 * {"custody":[…]}. */
sg_err device_custody_list(sg_ctx *cx, const devices_custody_query *q, json_t **out);

/* ---- The end-of-day lock-up check (lockup.c) ---- */

/* The checklist: every device in the register with what is known of it
 * now, and the last check: {day, close_time, devices:[…], last}. */
sg_err device_lockup_sheet(sg_ctx *cx, json_t **out);
/* Run the check: in = {locked: [device ids ticked as locked away]}. Every
 * other device is recorded as off site (home), on an outing, or missing;
 * a ticked device still on someone's custody is returned by the check. */
sg_err device_lockup_run(sg_ctx *cx, json_t *in, json_t **out);
sg_err device_lockup_get(sg_ctx *cx, int64_t id, json_t **out);

/* ---- Enrolment and the device credential (enrol.c) ---- */

/* Start enrolling a device: a one-time code, the URL holding it (under
 * base_url, "http(s)://host[:port]") and that URL as a QR code drawn from
 * libqrencode's modules as SVG: {device_id, url, expires_at, qr_svg}. */
sg_err device_enrol_start(sg_ctx *cx, int64_t id, const char *base_url, json_t **out);
/* What a code would enrol, for the page the QR code opens (no log-in):
 * {device:{label, kind}, setting:{name}, expires_at}. */
sg_err device_enrol_preview(sg_ctx *cx, const char *code, json_t **out);
/* Use the code (no log-in): the device's credential into `token` (to be
 * set as an HttpOnly cookie), cx set to the device's setting. */
sg_err device_enrol_complete(sg_ctx *cx, const char *code, char token[DEVICES_TOKEN_MAX], json_t **out);
/* Revoke the device's credential (and any code not yet used), at once. */
sg_err device_credential_revoke(sg_ctx *cx, int64_t id, json_t **out);
/* The check other areas call before trusting a device (MEDIA uploads):
 * SG_OK with *device_id when `credential` is a current credential of a
 * device in the register — not revoked, not retired, not under quarantine
 * (SG_EPOLICY, PRO-DEVICES-14). Unknown or revoked: SG_EUNAUTH. When
 * cx->setting_id is 0 it is set to the device's setting; otherwise the
 * device must be of that setting. Reads only. */
sg_err devices_credential_check(sg_ctx *cx, const char *credential, int64_t *device_id);
/* The device a credential belongs to: {device:{id, label, kind}, setting:{name}}. */
sg_err device_credential_whoami(sg_ctx *cx, const char *credential, json_t **out);

/* ---- Evidence quarantine and reports (quarantine.c) ---- */

/* in = {reason, concern_ref?}. Manager or DSL (PRO-DEVICES-14). */
sg_err device_quarantine(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* in = {reason}. */
sg_err device_release(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Any adult: in = {kind: "fault"|"loss"|"misuse"|"prohibited-app", text}
 * (PRO-DEVICES-20, -05, -12). */
sg_err device_report(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* in = {outcome}. Needs device.write. */
sg_err device_report_close(sg_ctx *cx, int64_t id, int64_t report_id, json_t *in, json_t **out);

/* ---- Findings (devices_findings.c) ---- */
sg_err devices_findings(sg_ctx *cx, int64_t now, findings_set *out);

/* ---- Demo (devices_demo.c): the demo setting's devices, in a
 * transaction of its own. ---- */
sg_err devices_demo(sg_ctx *cx);

/* ---- Shared by the devices files (devices_common.c) ---- */

/* One device as the rules need it. */
typedef struct {
    int64_t id;
    char kind[16];
    char label[48];
    char use[16];
    int64_t designated_user_id;   /* 0: none */
    bool retired;
    bool passcode_set;
    int64_t quarantine_id;        /* 0: not quarantined */
    int64_t custody_id;           /* 0: nobody holds it */
    int64_t holder_id;
    char custody_kind[12];        /* "hand-out", "home", "outing" */
    char holder[170];             /* "First Last" */
} devices_row;

/* Load device `id` of cx's setting; SG_ENOTFOUND when absent or another
 * setting's. */
sg_err devices_load(sg_ctx *cx, int64_t id, devices_row *d);
/* "First Last" of a current (not left) adult of cx's setting; SG_EINVAL
 * naming `field` otherwise. */
sg_err devices_adult_name(sg_ctx *cx, int64_t adult_id, const char *field, char *buf, size_t len);
/* Devices that hold or take images of children (CONFIG-07 (a)). */
bool devices_imaging(const char *kind);
/* Laptops and desktop computers (virus protection, PRO-DEVICES-18). */
bool devices_computer(const char *kind);
/* The adult acting: `in`'s adult_id, or the caller when absent. Acting
 * for another adult needs device.write. SG_EINVAL when neither (the
 * operator must name one). */
sg_err devices_acting_adult(sg_ctx *cx, json_t *in, int64_t *adult_id);
/* store_prepare with the store's message copied into cx on failure. */
sg_err devices_prepare(sg_ctx *cx, const char *sql, store_stmt **st);
/* Run a prepared statement that returns no rows, finalize it. */
sg_err devices_run(sg_ctx *cx, store_stmt *st);
/* Local calendar helpers: the start (local midnight) of the day holding
 * `t`, and the instant `minutes` after that midnight. */
int64_t devices_day_start(int64_t t);
int64_t devices_day_at(int64_t t, int64_t minutes);
/* "YYYY-MM-DD" of `t` in local time. */
void devices_date(int64_t t, char out[11]);
/* The policy's closing time on the day of `t`, as an instant. */
sg_err devices_close_at(sg_ctx *cx, int64_t t, int64_t *at);
#endif
