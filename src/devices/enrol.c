/* enrol.c — enrolling a setting device into safeguard, and the device
 * credential it receives (PRO-DEVICES-04; used by MEDIA and
 * PERSONAL-DEVICES-12: photos are accepted only from an enrolled device).
 *
 * The manager starts an enrolment on the device's page: safeguard makes a
 * one-time code (32 random bytes), keeps only its SHA-256, and shows the
 * URL holding it as a QR code (libqrencode encodes, this file only draws
 * the modules as SVG). The tablet's camera opens the URL — the page
 * /enrol/<code> — whose browser, not logged in, posts the code back; the
 * code is spent and the browser receives the device credential, another
 * random token, in an HttpOnly, SameSite=Strict cookie. Only its hash is
 * stored, bound to the device and the setting.
 *
 * A device has one current credential: enrolling it again is refused
 * until the old one is revoked. A new code replaces one not yet used.
 * Revocation, retirement and evidence quarantine (PRO-DEVICES-14) take
 * effect on the very next check: devices_credential_check reads the
 * register each time. */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "devices.h"

#define QR_QUIET 4        /* modules of white border the QR standard asks for */
#define BASE_URL_MAX 200

/* The page the QR code opens (web/static/js/pages/devices.js). */
#define ENROL_PATH "/enrol/"

/* "http(s)://host[:port]" with no path, query or user part. */
static bool base_url_ok(const char *s)
{
    const char *h = !strncmp(s, "http://", 7) ? s + 7 : !strncmp(s, "https://", 8) ? s + 8 : NULL;
    if (!h || !*h || strlen(s) > BASE_URL_MAX)
        return false;
    for (const char *p = h; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
              *p == '-' || *p == ':' || *p == '[' || *p == ']'))
            return false;
    return true;
}

/* The QR code of `text` as an SVG document (caller frees), or NULL. One
 * path of unit squares, scaled by the viewBox, crisp at any size. */
static char *qr_svg(const char *text)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return NULL;
    int w = qr->width, size = w + 2 * QR_QUIET;
    size_t cap = 256 + (size_t)w * (size_t)w * 24, len = 0;
    char *s = malloc(cap);
    if (!s) {
        QRcode_free(qr);
        return NULL;
    }
    len += (size_t)snprintf(s + len, cap - len,
                            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                            "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                            size, size, size, size);
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (qr->data[y * w + x] & 1) /* bit 0: a dark module */
                len += (size_t)snprintf(s + len, cap - len, "M%d %dh1v1h-1z", x + QR_QUIET, y + QR_QUIET);
    snprintf(s + len, cap - len, "\"/></svg>");
    QRcode_free(qr);
    return s;
}

/* May this device be enrolled now? Something with a browser, in the
 * register, free of quarantine, not enrolled already. */
static sg_err enrollable(sg_ctx *cx, const devices_row *d)
{
    if (d->retired)
        return sg_fail(cx, SG_ECONFLICT, "%s is retired", d->label);
    if (d->quarantine_id)
        return sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine and cannot be enrolled (PRO-DEVICES-14)",
                       d->label);
    if (!strcmp(d->kind, "camera") || !strcmp(d->kind, "memory-card") || !strcmp(d->kind, "usb-stick"))
        return sg_fail(cx, SG_ECONFLICT, "a %s has no web browser: only tablets, phones and computers are enrolled",
                       d->kind);
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT count(*) FROM device_credentials WHERE device_id = ? AND setting_id = ?"
                                   " AND token_hash IS NOT NULL AND revoked_at IS NULL", &st);
    if (e)
        return e;
    store_bind_int(st, 1, d->id);
    store_bind_int(st, 2, cx->setting_id);
    int64_t n = 0;
    e = sg_store(cx, store_one_int(st, &n, NULL));
    store_finalize(st);
    if (!e && n)
        e = sg_fail(cx, SG_EEXISTS, "%s is already enrolled; revoke its credential before enrolling it again", d->label);
    return e;
}

/* End the codes of a device that were never used. */
static sg_err expire_codes(sg_ctx *cx, int64_t device_id, int64_t now)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "UPDATE device_credentials SET code_expires_at = ? WHERE device_id = ?"
                                   " AND setting_id = ? AND token_hash IS NULL AND code_expires_at > ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, now);
    store_bind_int(st, 2, device_id);
    store_bind_int(st, 3, cx->setting_id);
    store_bind_int(st, 4, now);
    return devices_run(cx, st);
}

sg_err device_enrol_start(sg_ctx *cx, int64_t id, const char *base_url, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_APPROVE);
    if (e)
        return e;
    if (!base_url || !base_url_ok(base_url))
        return sg_fail_field(cx, SG_EINVAL, "base_url",
                             "base_url must be where the device reaches safeguard: http(s)://host[:port]");
    char code[CRYPTO_TOKEN_LEN], hash[CRYPTO_HEX_SHA256], url[BASE_URL_MAX + sizeof ENROL_PATH + CRYPTO_TOKEN_LEN];
    crypto_token("", code);
    crypto_sha256_hex(code, strlen(code), hash);
    snprintf(url, sizeof url, "%s" ENROL_PATH "%s", base_url, code);
    char *svg = qr_svg(url);
    if (!svg)
        return sg_fail(cx, SG_EINTERNAL, "the QR code could not be made");
    int64_t now = clock_now(), expires = now + DEVICES_ENROL_MINUTES * 60, cred_id = 0;
    devices_row d;
    store_stmt *st;
    if ((e = store_begin(cx->db))) {
        free(svg);
        return sg_store(cx, e);
    }
    if (!(e = devices_load(cx, id, &d)) && !(e = enrollable(cx, &d)))
        e = expire_codes(cx, id, now);
    if (!e && !(e = devices_prepare(cx, "INSERT INTO device_credentials (setting_id, device_id, code_hash,"
                                        " code_expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                    &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, id);
        store_bind_text(st, 3, hash);
        store_bind_int(st, 4, expires);
        store_bind_text(st, 5, cx->actor);
        store_bind_int(st, 6, now);
        e = sg_store(cx, store_one_int(st, &cred_id, NULL));
        store_finalize(st);
    }
    char iso[21];
    clock_iso(expires, iso);
    if (!e) {
        json_t *det = json_pack("{sI ss}", "credential_id", (json_int_t)cred_id, "code_expires_at", iso);
        e = audit_append(cx, "device.enrol_start", "device", id, det);
        json_decref(det);
    }
    if ((e = store_end(cx->db, e))) {
        free(svg);
        return e;
    }
    *out = json_pack("{sI ss ss ss ss}", "device_id", (json_int_t)id, "label", d.label, "url", url, "expires_at", iso,
                     "qr_svg", svg);
    free(svg);
    return SG_OK;
}

/* The enrolment row a code names, if it may still be used: its id,
 * setting and device. */
static sg_err find_code(sg_ctx *cx, const char *code, int64_t *cred_id, int64_t *setting_id, int64_t *device_id,
                        int64_t *expires)
{
    char hash[CRYPTO_HEX_SHA256];
    if (!code || !*code || strlen(code) >= CRYPTO_TOKEN_LEN + 8)
        return sg_fail_field(cx, SG_EINVAL, "code", "code must be the enrolment code from the QR code");
    crypto_sha256_hex(code, strlen(code), hash);
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT id, setting_id, device_id, code_expires_at FROM device_credentials"
                                   " WHERE code_hash = ? AND token_hash IS NULL AND revoked_at IS NULL"
                                   " AND code_expires_at > ?", &st);
    if (e)
        return e;
    store_bind_text(st, 1, hash);
    store_bind_int(st, 2, clock_now());
    bool row;
    *cred_id = 0;
    if (!(e = store_step(st, &row)) && row) {
        *cred_id = store_col_int(st, 0);
        *setting_id = store_col_int(st, 1);
        *device_id = store_col_int(st, 2);
        *expires = store_col_int(st, 3);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!*cred_id)
        return sg_fail(cx, SG_ENOTFOUND, "this enrolment code is not valid: it has been used, replaced or has expired. "
                                         "Ask the manager to show a new QR code");
    return SG_OK;
}

static sg_err setting_name(sg_ctx *cx, char *buf, size_t len)
{
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT name FROM settings WHERE id = ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    buf[0] = 0;
    if (!(e = store_step(st, &row)) && row)
        snprintf(buf, len, "%s", store_col_text(st, 0));
    store_finalize(st);
    return sg_store(cx, e);
}

static json_t *who_json(const devices_row *d, const char *setting)
{
    return json_pack("{s{sI ss ss} s{ss}}", "device", "id", (json_int_t)d->id, "label", d->label, "kind", d->kind,
                     "setting", "name", setting);
}

sg_err device_enrol_preview(sg_ctx *cx, const char *code, json_t **out)
{
    int64_t cred = 0, setting = 0, device = 0, expires = 0;
    devices_row d;
    char name[200], iso[21];
    sg_err e = find_code(cx, code, &cred, &setting, &device, &expires);
    if (e)
        return e;
    cx->setting_id = setting;
    if ((e = devices_load(cx, device, &d)) || (e = setting_name(cx, name, sizeof name)))
        return e;
    *out = who_json(&d, name);
    clock_iso(expires, iso);
    json_object_set_new(*out, "expires_at", json_string(iso));
    return SG_OK;
}

sg_err device_enrol_complete(sg_ctx *cx, const char *code, char token[DEVICES_TOKEN_MAX], json_t **out)
{
    int64_t cred = 0, setting = 0, device = 0, expires = 0;
    devices_row d;
    char name[200], hash[CRYPTO_HEX_SHA256];
    store_stmt *st;
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    if (!(e = find_code(cx, code, &cred, &setting, &device, &expires))) {
        /* From here on the code speaks for the setting that issued it. */
        cx->setting_id = setting;
        cx->actor_id = 0;
        snprintf(cx->actor, sizeof cx->actor, "device:%lld", (long long)device);
        if (!(e = devices_load(cx, device, &d)))
            e = enrollable(cx, &d);
    }
    if (!e)
        e = setting_name(cx, name, sizeof name);
    crypto_token("sgd_", token);
    crypto_sha256_hex(token, strlen(token), hash);
    if (!e && !(e = devices_prepare(cx, "UPDATE device_credentials SET token_hash = ?, enrolled_at = ?"
                                        " WHERE id = ? AND token_hash IS NULL", &st))) {
        store_bind_text(st, 1, hash);
        store_bind_int(st, 2, clock_now());
        store_bind_int(st, 3, cred);
        e = devices_run(cx, st);
    }
    if (!e) {
        json_t *det = json_pack("{sI}", "credential_id", (json_int_t)cred);
        e = audit_append(cx, "device.enrol", "device", device, det);
        json_decref(det);
    }
    if ((e = store_end(cx->db, e))) {
        sodium_memzero(token, DEVICES_TOKEN_MAX);
        return e;
    }
    *out = who_json(&d, name);
    return SG_OK;
}

sg_err device_credential_revoke(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_APPROVE);
    if (e)
        return e;
    devices_row d;
    store_stmt *st;
    int64_t n = 0, now = clock_now();
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d)) &&
        !(e = devices_prepare(cx, "SELECT count(*) FROM device_credentials WHERE device_id = ? AND setting_id = ?"
                                  " AND token_hash IS NOT NULL AND revoked_at IS NULL", &st))) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, cx->setting_id);
        e = sg_store(cx, store_one_int(st, &n, NULL));
        store_finalize(st);
        if (!e && !n)
            e = sg_fail(cx, SG_ECONFLICT, "%s is not enrolled: there is no credential to revoke", d.label);
    }
    if (!e && !(e = devices_prepare(cx, "UPDATE device_credentials SET revoked_at = ?, revoked_by = ?"
                                        " WHERE device_id = ? AND setting_id = ? AND revoked_at IS NULL", &st))) {
        store_bind_int(st, 1, now);
        store_bind_text(st, 2, cx->actor);
        store_bind_int(st, 3, id);
        store_bind_int(st, 4, cx->setting_id);
        e = devices_run(cx, st);
    }
    if (!e) {
        json_t *det = d.quarantine_id ? json_pack("{sb}", "quarantined", 1) : NULL;
        e = audit_append(cx, "device.credential_revoke", "device", id, det);
        json_decref(det);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

sg_err devices_credential_check(sg_ctx *cx, const char *credential, int64_t *device_id)
{
    char hash[CRYPTO_HEX_SHA256];
    if (!credential || !*credential || strlen(credential) >= DEVICES_TOKEN_MAX)
        return sg_fail(cx, SG_EUNAUTH, "this device is not enrolled");
    crypto_sha256_hex(credential, strlen(credential), hash);
    store_stmt *st;
    sg_err e = devices_prepare(cx, "SELECT c.device_id, c.setting_id, c.revoked_at, d.retired_on, q.id, d.label"
                                   " FROM device_credentials c JOIN devices d ON d.id = c.device_id"
                                   " LEFT JOIN device_quarantines q ON q.device_id = d.id AND q.released_at IS NULL"
                                   " WHERE c.token_hash = ?", &st);
    if (e)
        return e;
    store_bind_text(st, 1, hash);
    bool row, revoked = false, retired = false, held = false;
    int64_t dev = 0, setting = 0;
    char label[48] = "";
    if (!(e = store_step(st, &row)) && row) {
        dev = store_col_int(st, 0);
        setting = store_col_int(st, 1);
        revoked = !store_col_null(st, 2);
        retired = !store_col_null(st, 3);
        held = !store_col_null(st, 4);
        snprintf(label, sizeof label, "%s", store_col_text(st, 5));
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!dev || (cx->setting_id && cx->setting_id != setting))
        return sg_fail(cx, SG_EUNAUTH, "this device is not enrolled");
    if (revoked || retired)
        return sg_fail(cx, SG_EUNAUTH, "this device's credential was revoked: it is no longer enrolled");
    if (held)
        return sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine: its credential is locked (PRO-DEVICES-14)", label);
    cx->setting_id = setting;
    *device_id = dev;
    return SG_OK;
}

sg_err device_credential_whoami(sg_ctx *cx, const char *credential, json_t **out)
{
    int64_t id = 0;
    devices_row d;
    char name[200];
    sg_err e = devices_credential_check(cx, credential, &id);
    if (!e)
        e = devices_load(cx, id, &d);
    if (!e)
        e = setting_name(cx, name, sizeof name);
    if (!e)
        *out = who_json(&d, name);
    return e;
}
