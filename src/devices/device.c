/* device.c — the register of the setting's own devices (PRO-DEVICES-01,
 * -02, -04) and the apps management approved on each (PRO-DEVICES-05, -06,
 * -17).
 *
 * A device is registered with its kind, label, where it is kept, whether a
 * passcode is set (never the passcode, PRO-DEVICES-07), virus protection
 * for computers (PRO-DEVICES-18) and its designated use: staff, children,
 * the office phone (PRO-DEVICES-15), allocated to one named adult
 * (PRO-DEVICES-11) or loanable (PRO-DEVICES-16). Its status is never
 * stored: it follows from its custody, quarantine and retirement, so it
 * cannot drift from the records it summarises.
 *
 * Apps: only management approves one, recording that it was checked as
 * safe and, on a children's device, as age-appropriate. Social media and
 * messaging apps are refused by category and by name, so calling
 * WhatsApp "learning" does not get it through. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/fields.h"
#include "../people/people.h"
#include "devices.h"

static const char *const uses[] = {"staff", "children", "office-phone", "allocated", "loan", NULL};

static const field_spec device_fields[] = {
    {"kind", F_ENUM, 0, F_REQUIRED | F_NOEDIT, devices_kinds},
    {"label", F_TEXT, 40, F_REQUIRED},
    {"serial", F_TEXT, 80, F_NULLABLE},
    {"kept_in", F_TEXT, 120, F_REQUIRED},
    {"passcode_set", F_BOOL, 0, F_REQUIRED},
    {"virus_protection", F_BOOL, 0, F_NULLABLE},
    {"designated_use", F_ENUM, 0, F_REQUIRED, uses},
    {"designated_user_id", F_ID, 0, F_NULLABLE},
    {"notes", F_TEXT, 500, F_NULLABLE},
    {"retired_on", F_DATE, 0, F_NOEDIT | F_NULLABLE},
    {NULL},
};

/* Categories offered for an app. The last two are named so that choosing
 * them is refused by policy (PRO-DEVICES-05) rather than as a typo. */
static const char *const app_categories[] = {
    "learning", "creative", "stories-and-music", "camera-and-photos", "office", "security", "other",
    "social-media", "messaging", NULL,
};

static const field_spec app_fields[] = {
    {"name", F_TEXT, 80, F_REQUIRED},
    {"category", F_ENUM, 0, F_REQUIRED, app_categories},
    {"checked_safe", F_BOOL, 0, F_REQUIRED},
    {"age_appropriate", F_BOOL, 0, F_REQUIRED},
    {NULL},
};

/* Social media and messaging services, matched against the words of an
 * app's name (ONLINE-01, PRO-DEVICES-05). */
static const char *const banned_apps[] = {
    "facebook", "messenger", "whatsapp", "instagram", "snapchat", "tiktok", "twitter", "telegram", "signal",
    "wechat", "discord", "threads", "bereal", "kik", "viber", "reddit", "tumblr", "pinterest", "skype",
    "imessage", "linkedin", "mastodon", "bluesky", "clubhouse", "houseparty", "omegle", "yubo", "x", NULL,
};

/* ---- Rules ---- */

static sg_err device_rules(sg_ctx *cx, json_t *in, json_t *old)
{
    const char *kind = json_string_value(fields_pick(in, old, "kind"));
    const char *use = json_string_value(fields_pick(in, old, "designated_use"));
    json_t *vp = fields_pick(in, old, "virus_protection");
    json_t *user = fields_pick(in, old, "designated_user_id");
    sg_err e;
    if (!kind || !use)
        return sg_fail(cx, SG_EINTERNAL, "device without kind or use");
    /* PRO-DEVICES-18: every computer records its virus protection. */
    if (devices_computer(kind) && !json_is_boolean(vp))
        return sg_fail_field(cx, SG_EINVAL, "virus_protection",
                             "virus_protection is required for a laptop or computer (true or false)");
    if (!devices_computer(kind) && json_is_boolean(vp))
        return sg_fail_field(cx, SG_EINVAL, "virus_protection", "virus_protection is recorded for laptops and computers only");
    /* PRO-DEVICES-15: the office phone is a phone. */
    if (!strcmp(use, "office-phone") && strcmp(kind, "phone") != 0)
        return sg_fail_field(cx, SG_EINVAL, "designated_use", "only a phone can be the office phone");
    /* PRO-DEVICES-11: an allocated device names the one adult responsible
     * for it; no other use names anyone. */
    if (!strcmp(use, "allocated")) {
        if (!json_is_integer(user))
            return sg_fail_field(cx, SG_EINVAL, "designated_user_id",
                                 "designated_user_id is required for a device allocated to one adult");
        char name[170];
        if (json_object_get(in, "designated_user_id") &&
            (e = devices_adult_name(cx, json_integer_value(user), "designated_user_id", name, sizeof name)))
            return e;
    } else if (json_is_integer(user)) {
        if (json_object_get(in, "designated_user_id"))
            return sg_fail_field(cx, SG_EINVAL, "designated_user_id",
                                 "designated_user_id is only for a device allocated to one adult");
        json_object_set_new(in, "designated_user_id", json_null()); /* allocation ends with the use */
    }
    return SG_OK;
}

/* ---- Reading ---- */

/* The columns the register shows, after the spec's: status and holder
 * come from custody, quarantine and credentials. */
#define EXTRA_COLS                                                                                   \
    ", c.id, c.adult_id, a.first_name || ' ' || a.last_name, c.kind, c.out_at, c.expected_return,"   \
    " q.id, q.reason, q.placed_at, q.placed_by,"                                                      \
    " (SELECT count(*) FROM device_credentials k WHERE k.device_id = d.id AND k.token_hash IS NOT NULL" \
    "  AND k.revoked_at IS NULL),"                                                                   \
    " (SELECT count(*) FROM device_reports r WHERE r.device_id = d.id AND r.closed_at IS NULL),"       \
    " u.first_name || ' ' || u.last_name"
#define EXTRA_FROM                                                                                   \
    " FROM devices d"                                                                                \
    " LEFT JOIN device_custody c ON c.device_id = d.id AND c.returned_at IS NULL"                    \
    " LEFT JOIN adults a ON a.id = c.adult_id"                                                       \
    " LEFT JOIN device_quarantines q ON q.device_id = d.id AND q.released_at IS NULL"                \
    " LEFT JOIN adults u ON u.id = d.designated_user_id"

static json_t *row_json(store_stmt *st)
{
    json_t *o = fields_row(st, device_fields, 0);
    int c = 1;
    for (const field_spec *f = device_fields; f->name; f++)
        c++;
    char iso[21];
    const char *status = "locked-away";
    json_t *holder = json_null(), *quar = json_null();
    if (!store_col_null(st, c)) {
        const char *kind = store_col_text(st, c + 3);
        clock_iso(store_col_int(st, c + 4), iso);
        holder = json_pack("{sI sI ss ss ss}", "custody_id", (json_int_t)store_col_int(st, c),
                           "adult_id", (json_int_t)store_col_int(st, c + 1), "name", store_col_text(st, c + 2),
                           "kind", kind, "since", iso);
        json_object_set_new(holder, "expected_return", store_col_null(st, c + 5) ? json_null()
                                                                                 : json_string(store_col_text(st, c + 5)));
        status = !strcmp(kind, "home") ? "off-site" : !strcmp(kind, "outing") ? "on-outing" : "in-use";
    }
    if (!store_col_null(st, c + 6)) {
        clock_iso(store_col_int(st, c + 8), iso);
        quar = json_pack("{sI ss ss ss}", "id", (json_int_t)store_col_int(st, c + 6), "reason",
                         store_col_text(st, c + 7), "placed_at", iso, "placed_by", store_col_text(st, c + 9));
        status = "quarantined";
    }
    if (!json_is_null(json_object_get(o, "retired_on")))
        status = "retired";
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "holder", holder);
    json_object_set_new(o, "quarantine", quar);
    json_object_set_new(o, "enrolled", json_boolean(store_col_int(st, c + 10) > 0));
    json_object_set_new(o, "open_reports", json_integer(store_col_int(st, c + 11)));
    json_object_set_new(o, "designated_user_name",
                        store_col_null(st, c + 12) ? json_null() : json_string(store_col_text(st, c + 12)));
    return o;
}

sg_err device_list(sg_ctx *cx, const devices_query *q, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_READ);
    if (e)
        return e;
    if (q && q->kind) {
        bool ok = false;
        for (int i = 0; devices_kinds[i]; i++)
            ok = ok || !strcmp(devices_kinds[i], q->kind);
        if (!ok)
            return sg_fail_field(cx, SG_EBADREQ, "kind", "kind must be one of the kinds of device");
    }
    char cols[600], sql[2400];
    char *like = people_like(q ? q->q : NULL);
    snprintf(sql, sizeof sql, "SELECT %s" EXTRA_COLS EXTRA_FROM " WHERE d.setting_id = ?%s%s%s ORDER BY lower(d.label), d.id",
             fields_columns(device_fields, "d", cols, sizeof cols),
             q && q->include_retired ? "" : " AND d.retired_on IS NULL",
             q && q->kind ? " AND d.kind = ?" : "",
             like ? " AND (lower(d.label) LIKE ? ESCAPE '!' OR lower(coalesce(d.serial, '')) LIKE ? ESCAPE '!'"
                    " OR lower(d.kept_in) LIKE ? ESCAPE '!')" : "");
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st))) {
        free(like);
        return sg_store(cx, e);
    }
    int i = 1;
    store_bind_int(st, i++, cx->setting_id);
    if (q && q->kind)
        store_bind_text(st, i++, q->kind);
    for (int k = 0; like && k < 3; k++)
        store_bind_text(st, i++, like);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(a, row_json(st));
    store_finalize(st);
    free(like);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = json_pack("{so}", "devices", a);
    return SG_OK;
}

/* The apps approved on a device (current ones first, then removed). */
static sg_err apps_of(sg_ctx *cx, int64_t id, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, name, category, checked_safe, age_appropriate, approved_by, approved_at,"
                                     " removed_at FROM device_apps WHERE device_id = ? AND setting_id = ?"
                                     " ORDER BY removed_at IS NOT NULL, lower(name), id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char at[21], rm[21];
        clock_iso(store_col_int(st, 6), at);
        json_t *x = json_pack("{sI ss ss sb sb ss ss}", "id", (json_int_t)store_col_int(st, 0), "name",
                              store_col_text(st, 1), "category", store_col_text(st, 2), "checked_safe",
                              (int)store_col_int(st, 3), "age_appropriate", (int)store_col_int(st, 4), "approved_by",
                              store_col_text(st, 5), "approved_at", at);
        if (store_col_null(st, 7)) {
            json_object_set_new(x, "removed_at", json_null());
        } else {
            clock_iso(store_col_int(st, 7), rm);
            json_object_set_new(x, "removed_at", json_string(rm));
        }
        json_array_append_new(a, x);
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

/* Reports about a device, open ones first. */
static sg_err reports_of(sg_ctx *cx, int64_t id, json_t **out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, kind, text, reported_by, at, closed_at, closed_by, outcome"
                                     " FROM device_reports WHERE device_id = ? AND setting_id = ?"
                                     " ORDER BY closed_at IS NOT NULL, at DESC, id DESC", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    json_t *a = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char at[21], closed[21];
        clock_iso(store_col_int(st, 4), at);
        json_t *x = json_pack("{sI ss ss ss ss}", "id", (json_int_t)store_col_int(st, 0), "kind", store_col_text(st, 1),
                              "text", store_col_text(st, 2), "reported_by", store_col_text(st, 3), "at", at);
        if (store_col_null(st, 5)) {
            json_object_set_new(x, "closed_at", json_null());
        } else {
            clock_iso(store_col_int(st, 5), closed);
            json_object_set_new(x, "closed_at", json_string(closed));
            json_object_set_new(x, "closed_by", json_string(store_col_text(st, 6)));
            json_object_set_new(x, "outcome", json_string(store_col_text(st, 7)));
        }
        json_array_append_new(a, x);
    }
    store_finalize(st);
    if (e) {
        json_decref(a);
        return sg_store(cx, e);
    }
    *out = a;
    return SG_OK;
}

sg_err device_get(sg_ctx *cx, int64_t id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_READ);
    if (e)
        return e;
    char cols[600], sql[2400];
    snprintf(sql, sizeof sql, "SELECT %s" EXTRA_COLS EXTRA_FROM " WHERE d.id = ? AND d.setting_id = ?",
             fields_columns(device_fields, "d", cols, sizeof cols));
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    json_t *o = NULL;
    if (!(e = store_step(st, &row)) && row)
        o = row_json(st);
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!o)
        return sg_fail(cx, SG_ENOTFOUND, "there is no device %lld in this setting", (long long)id);
    json_t *apps = NULL, *reports = NULL, *custody = NULL;
    devices_custody_query cq = {.device_id = id, .limit = 20};
    if (!(e = apps_of(cx, id, &apps)) && !(e = reports_of(cx, id, &reports)) &&
        !(e = device_custody_list(cx, &cq, &custody))) {
        json_object_set_new(o, "apps", apps);
        json_object_set_new(o, "reports", reports);
        json_object_set(o, "custody", json_object_get(custody, "custody"));
        json_decref(custody);
        *out = o;
        return SG_OK;
    }
    json_decref(apps);
    json_decref(reports);
    json_decref(o);
    return e;
}

/* ---- Changing ---- */

sg_err device_add_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = fields_check(cx, device_fields, in, false);
    if (!e && json_object_get(in, "retired_on"))
        e = sg_fail_field(cx, SG_EINVAL, "retired_on", "a new device cannot be retired already");
    if (!e)
        e = device_rules(cx, in, NULL);
    if (!e && (e = fields_insert(cx, "devices", device_fields, in, id)) == SG_EEXISTS)
        e = sg_fail_field(cx, SG_EEXISTS, "label", "another device already has this label");
    if (!e)
        e = audit_append(cx, "device.add", "device", *id, in);
    if (!e)
        e = findings_refresh(cx, "devices");
    return e;
}

sg_err device_add(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_WRITE);
    if (e)
        return e;
    int64_t id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, device_add_tx(cx, in, &id))))
        return e;
    return device_get(cx, id, out);
}

sg_err device_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_WRITE);
    if (e)
        return e;
    json_t *old = NULL, *diff = NULL;
    devices_row d;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d)) && !(e = fields_get(cx, "devices", device_fields, id, &old))) {
        if (d.retired)
            e = sg_fail(cx, SG_ECONFLICT, "%s is retired and cannot be changed", d.label);
        else if (d.quarantine_id)
            e = sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine: it cannot be changed or reassigned until "
                                        "released (PRO-DEVICES-14)", d.label);
        if (!e)
            e = fields_check(cx, device_fields, in, true);
        if (!e)
            e = device_rules(cx, in, old);
        if (!e) {
            diff = fields_diff(device_fields, old, in);
            if (json_object_size(diff) == 0)
                e = sg_fail(cx, SG_EINVAL, "nothing to change: the values are the same");
        }
        if (!e && (e = fields_update(cx, "devices", device_fields, id, in)) == SG_EEXISTS)
            e = sg_fail_field(cx, SG_EEXISTS, "label", "another device already has this label");
        if (!e)
            e = audit_append(cx, "device.edit", "device", id, diff);
        if (!e)
            e = findings_refresh(cx, "devices");
    }
    json_decref(old);
    json_decref(diff);
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

sg_err device_retire(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_WRITE);
    if (e)
        return e;
    char date[11];
    if ((e = people_end_date(cx, in, date)))
        return e;
    devices_row d;
    store_stmt *st;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, id, &d))) {
        if (d.retired)
            e = sg_fail(cx, SG_ECONFLICT, "%s is already retired", d.label);
        else if (d.quarantine_id)
            e = sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine: it cannot be retired or wiped until "
                                        "released (PRO-DEVICES-14)", d.label);
        else if (d.custody_id)
            e = sg_fail(cx, SG_ECONFLICT, "%s is held by %s; it must be returned first", d.label, d.holder);
    }
    if (!e && !(e = devices_prepare(cx, "UPDATE devices SET retired_on = ? WHERE id = ? AND setting_id = ?", &st))) {
        store_bind_text(st, 1, date);
        store_bind_int(st, 2, id);
        store_bind_int(st, 3, cx->setting_id);
        e = devices_run(cx, st);
    }
    /* A retired device's credential and pending codes end with it. */
    if (!e && !(e = devices_prepare(cx, "UPDATE device_credentials SET revoked_at = ?, revoked_by = ?"
                                          " WHERE device_id = ? AND setting_id = ? AND revoked_at IS NULL", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, cx->actor);
        store_bind_int(st, 3, id);
        store_bind_int(st, 4, cx->setting_id);
        e = devices_run(cx, st);
    }
    if (!e) {
        json_t *det = json_pack("{ss}", "retired_on", date);
        e = audit_append(cx, "device.retire", "device", id, det);
        json_decref(det);
    }
    if (!e)
        e = findings_refresh(cx, "devices");
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, id, out);
}

/* ---- Apps ---- */

/* Is `name` a social media or messaging service? Each word of the name,
 * lower-cased, is compared with the list. */
static const char *banned_word(const char *name)
{
    char w[81];
    size_t n = 0;
    for (const char *p = name;; p++) {
        if (*p && isalnum((unsigned char)*p) && n < sizeof w - 1) {
            w[n++] = (char)tolower((unsigned char)*p);
            continue;
        }
        w[n] = 0;
        for (int i = 0; n && banned_apps[i]; i++)
            if (!strcmp(w, banned_apps[i]))
                return banned_apps[i];
        n = 0;
        if (!*p)
            return NULL;
    }
}

sg_err device_app_add_tx(sg_ctx *cx, int64_t device_id, json_t *in, int64_t *app_id)
{
    devices_row d;
    sg_err e = fields_check(cx, app_fields, in, false);
    if (e)
        return e;
    const char *name = json_string_value(json_object_get(in, "name"));
    const char *cat = json_string_value(json_object_get(in, "category"));
    const char *hit = banned_word(name);
    /* PRO-DEVICES-05: never on a setting device, whatever it is called. */
    if (!strcmp(cat, "social-media") || !strcmp(cat, "messaging") || hit)
        return sg_fail_field(cx, SG_EPOLICY, hit ? "name" : "category",
                             "social media and messaging apps may not be installed on setting devices (PRO-DEVICES-05)");
    /* PRO-DEVICES-06: each app is checked as safe before approval. */
    if (!json_is_true(json_object_get(in, "checked_safe")))
        return sg_fail_field(cx, SG_EINVAL, "checked_safe", "an app is approved only once it has been checked as safe");
    if ((e = devices_load(cx, device_id, &d)))
        return e;
    if (d.retired)
        return sg_fail(cx, SG_ECONFLICT, "%s is retired", d.label);
    if (d.quarantine_id)
        return sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine: nothing may be installed on it (PRO-DEVICES-14)",
                       d.label);
    /* PRO-DEVICES-17: children use only apps checked for their age. */
    if (!strcmp(d.use, "children") && !json_is_true(json_object_get(in, "age_appropriate")))
        return sg_fail_field(cx, SG_EINVAL, "age_appropriate",
                             "an app on a children's device must be checked as age-appropriate");
    store_stmt *st;
    if ((e = store_prepare(cx->db, "SELECT count(*) FROM device_apps WHERE device_id = ? AND setting_id = ?"
                                   " AND lower(name) = lower(?) AND removed_at IS NULL", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, device_id);
    store_bind_int(st, 2, cx->setting_id);
    store_bind_text(st, 3, name);
    int64_t n = 0;
    e = sg_store(cx, store_one_int(st, &n, NULL));
    store_finalize(st);
    if (!e && n)
        e = sg_fail_field(cx, SG_EEXISTS, "name", "%s is already approved on %s", name, d.label);
    if (!e && !(e = devices_prepare(cx, "INSERT INTO device_apps (setting_id, device_id, name, category, checked_safe,"
                                          " age_appropriate, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                          " RETURNING id", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, device_id);
        store_bind_text(st, 3, name);
        store_bind_text(st, 4, cat);
        store_bind_int(st, 5, 1);
        store_bind_int(st, 6, json_is_true(json_object_get(in, "age_appropriate")));
        store_bind_text(st, 7, cx->actor);
        store_bind_int(st, 8, clock_now());
        e = sg_store(cx, store_one_int(st, app_id, NULL));
        store_finalize(st);
    }
    if (!e) {
        json_t *det = json_deep_copy(in);
        json_object_set_new(det, "app_id", json_integer(*app_id));
        e = audit_append(cx, "device.app_approve", "device", device_id, det);
        json_decref(det);
    }
    return e;
}

sg_err device_app_add(sg_ctx *cx, int64_t device_id, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_APPROVE);
    if (e)
        return e;
    int64_t app_id = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, device_app_add_tx(cx, device_id, in, &app_id))))
        return e;
    return device_get(cx, device_id, out);
}

sg_err device_app_remove(sg_ctx *cx, int64_t device_id, int64_t app_id, json_t **out)
{
    sg_err e = perm_require(cx, PERM_DEVICE_APPROVE);
    if (e)
        return e;
    devices_row d;
    store_stmt *st;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if (!(e = devices_load(cx, device_id, &d)) && d.quarantine_id)
        e = sg_fail(cx, SG_EPOLICY, "%s is under evidence quarantine: nothing may be changed on it (PRO-DEVICES-14)",
                    d.label);
    char name[81] = "";
    if (!e && !(e = devices_prepare(cx, "SELECT name, removed_at FROM device_apps WHERE id = ? AND device_id = ?"
                                          " AND setting_id = ?", &st))) {
        store_bind_int(st, 1, app_id);
        store_bind_int(st, 2, device_id);
        store_bind_int(st, 3, cx->setting_id);
        bool row, removed = false;
        if (!(e = store_step(st, &row)) && row) {
            snprintf(name, sizeof name, "%s", store_col_text(st, 0));
            removed = !store_col_null(st, 1);
        }
        store_finalize(st);
        e = sg_store(cx, e);
        if (!e && !name[0])
            e = sg_fail(cx, SG_ENOTFOUND, "there is no app %lld on %s", (long long)app_id, d.label);
        else if (!e && removed)
            e = sg_fail(cx, SG_ECONFLICT, "%s was already removed from %s", name, d.label);
    }
    if (!e && !(e = devices_prepare(cx, "UPDATE device_apps SET removed_at = ?, removed_by = ? WHERE id = ?"
                                          " AND setting_id = ?", &st))) {
        store_bind_int(st, 1, clock_now());
        store_bind_text(st, 2, cx->actor);
        store_bind_int(st, 3, app_id);
        store_bind_int(st, 4, cx->setting_id);
        e = devices_run(cx, st);
    }
    if (!e) {
        json_t *det = json_pack("{sI ss}", "app_id", (json_int_t)app_id, "name", name);
        e = audit_append(cx, "device.app_remove", "device", device_id, det);
        json_decref(det);
    }
    if ((e = store_end(cx->db, e)))
        return e;
    return device_get(cx, device_id, out);
}
