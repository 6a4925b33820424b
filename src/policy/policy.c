/* policy.c — the table of the setting's policy choices and their storage.
 *
 * A choice is read where a rule needs it, inside the rule's transaction, so
 * a change takes effect for the very next action. Values are stored as text
 * in setting_policy; a missing row means the documented default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "policy.h"

typedef enum { P_CHOICE, P_INT, P_BOOL, P_TIME } policy_kind;

typedef struct {
    const char *name;
    const char *req;              /* the requirement it answers */
    policy_kind kind;
    const char *def;
    int64_t min, max;             /* P_INT */
    const char *const *choices;   /* P_CHOICE, NULL-terminated */
    const char *question;
} policy_item;

static const char *const break_use[] = {"mobile-zone", "none", NULL};
static const char *const own_cameras[] = {"stored", "forbidden", NULL};
static const char *const outing_phone[] = {"setting-only", "own-for-emergencies", NULL};
static const char *const visitor_phones[] = {"office", "keep-not-operated", NULL};
static const char *const personal_ict[] = {"non-imaging", "never", NULL};
static const char *const devices_off_site[] = {"imaging-never", "unforeseen-only", "allocated-laptops", NULL};
static const char *const devices_private_use[] = {"never", "with-permission", "employer-policy", NULL};
static const char *const other_journals[] = {"included", "individual_on_request", NULL};

static const policy_item items[] = {
    {"breaks.device_use", "CONFIG-03", P_CHOICE, "mobile-zone", 0, 0, break_use,
     "May staff use their own phones on the premises during their break? \"mobile-zone\": yes, in a mobile "
     "zone away from children; \"none\": not at all in working hours, except an emergency with the manager's permission."},
    {"own_cameras", "CONFIG-04", P_CHOICE, "stored", 0, 0, own_cameras,
     "Staff's own cameras and video recorders: \"stored\": may be brought but are locked away like phones; "
     "\"forbidden\": may not be brought into the setting."},
    {"outings.own_phone", "CONFIG-05", P_CHOICE, "setting-only", 0, 0, outing_phone,
     "Phones on outings: \"setting-only\": the setting's phones only; \"own-for-emergencies\": staff may also "
     "carry their own phone for emergencies only, with the manager's permission."},
    {"visitors.phones", "CONFIG-06", P_CHOICE, "office", 0, 0, visitor_phones,
     "Visitors' phones and smart watches: \"office\": left in the office; \"keep-not-operated\": kept but not "
     "used on the premises."},
    {"visitors.lone_working", "VISITORS-03", P_BOOL, "true", 0, 1, NULL,
     "May a visitor whose organisation's lone-working policy needs it keep their phone, for use only in a "
     "named quiet space away from children?"},
    {"personal_ict", "CONFIG-15", P_CHOICE, "non-imaging", 0, 0, personal_ict,
     "Personal ICT with the manager's specific authorisation: \"non-imaging\": allowed for purposes other than "
     "images (such as a virtual course); \"never\". Never for images in any case."},
    {"emergency.max_minutes", "PERSONAL-DEVICES-09", P_INT, "60", 5, 240, NULL,
     "Longest emergency use of a personal phone the manager may grant at once, in minutes."},
    {"grants.max_minutes", "PERSONAL-DEVICES-19", P_INT, "600", 15, 720, NULL,
     "Longest other personal-device permission (home visit, outing, virtual course), in minutes."},
    {"messages.relay_minutes", "PERSONAL-DEVICES-10", P_INT, "15", 1, 240, NULL,
     "A call for a member of staff taken by the office must be passed on within this many minutes, or it is "
     "flagged (urgent calls are flagged at once)."},
    {"day.close_time", "VISITORS-02", P_TIME, "18:00", 0, 0, NULL,
     "When the setting closes (HH:MM): visitors' phones and children's devices still held then are flagged."},
    {"shift.end_grace_minutes", "PERSONAL-DEVICES-03", P_INT, "15", 0, 120, NULL,
     "Minutes after a shift's end before a device left in the locker, or a shift not signed off, is flagged."},
    {"devices.off_site", "CONFIG-07", P_CHOICE, "unforeseen-only", 0, 0, devices_off_site,
     "Setting devices off site: \"imaging-never\": devices that take or hold images never leave, others only "
     "as below; \"unforeseen-only\": any device goes home only in unforeseen circumstances, with the manager's "
     "approval and a date it comes back; \"allocated-laptops\": as that, and a laptop allocated to a named user "
     "may also go home under that user's sole control."},
    {"devices.private_use", "CONFIG-08", P_CHOICE, "never", 0, 0, devices_private_use,
     "Private use of setting devices: \"never\"; \"with-permission\": only with a specific permission the "
     "manager records; \"employer-policy\": as the employer's policy allows, noted each time."},
    {"consent.renewal_months", "CONFIG-09", P_INT, "12", 1, 36, NULL,
     "How many months a consent lasts before it must be renewed (CONSENT-03, -12)."},
    {"consent.other_journals_default", "CONFIG-10", P_CHOICE, "included", 0, 0, other_journals,
     "A child appearing in other children's learning journals: \"included\": the form asks it as its own "
     "purpose and the parent's answer stands; \"individual_on_request\": it follows the consent to the "
     "child's own journal unless the parent asks for individual photos only (CONSENT-10)."},
    {"consent.activity_approval", "CONFIG-14", P_BOOL, "false", 0, 1, NULL,
     "Must a senior manager approve a photography activity or purpose before images are taken (CONSENT-19)?"},
    {"consent.withdrawal_days", "CONFIG-17", P_INT, "1", 1, 30, NULL,
     "Days allowed to take down published images once consent for their use is withdrawn (CONSENT-11)."},
    {"consent.reminder_days", "CONSENT-03", P_INT, "30", 1, 120, NULL,
     "How many days before a consent expires the renewal reminder is raised."},
};
#define NITEMS (sizeof items / sizeof items[0])

static const policy_item *find(const char *name)
{
    for (size_t i = 0; i < NITEMS; i++)
        if (name && strcmp(items[i].name, name) == 0)
            return &items[i];
    return NULL;
}

/* Stored value (or default) of item `it` into buf; who/when when asked. */
static sg_err load(sg_ctx *cx, const policy_item *it, char buf[POLICY_VALUE_MAX], char *by, size_t bylen,
                   int64_t *at)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT value, set_by, set_at FROM setting_policy WHERE setting_id = ? AND name = ?",
                             &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, it->name);
    bool row;
    snprintf(buf, POLICY_VALUE_MAX, "%s", it->def);
    if (by)
        by[0] = 0;
    if (at)
        *at = 0;
    if (!(e = store_step(st, &row)) && row) {
        snprintf(buf, POLICY_VALUE_MAX, "%s", store_col_text(st, 0));
        if (by)
            snprintf(by, bylen, "%s", store_col_text(st, 1));
        if (at)
            *at = store_col_int(st, 2);
    }
    store_finalize(st);
    return e ? sg_store(cx, e) : SG_OK;
}

sg_err policy_text(sg_ctx *cx, const char *name, char buf[POLICY_VALUE_MAX])
{
    const policy_item *it = find(name);
    if (!it)
        return sg_fail(cx, SG_EINTERNAL, "no policy choice called %s", name);
    return load(cx, it, buf, NULL, 0, NULL);
}

sg_err policy_int(sg_ctx *cx, const char *name, int64_t *out)
{
    char v[POLICY_VALUE_MAX];
    sg_err e = policy_text(cx, name, v);
    if (e)
        return e;
    const policy_item *it = find(name);
    if (it->kind == P_BOOL)
        *out = strcmp(v, "true") == 0;
    else if (it->kind == P_TIME)
        *out = atoi(v) * 60 + atoi(v + 3); /* minutes after midnight */
    else
        *out = strtoll(v, NULL, 10);
    return SG_OK;
}

bool policy_is(sg_ctx *cx, const char *name, const char *value)
{
    char v[POLICY_VALUE_MAX];
    return policy_text(cx, name, v) == SG_OK && strcmp(v, value) == 0;
}

/* The value `j` as this item's text form into buf, or a field error. */
static sg_err parse(sg_ctx *cx, const policy_item *it, json_t *j, char buf[POLICY_VALUE_MAX])
{
    switch (it->kind) {
    case P_BOOL:
        if (!json_is_boolean(j))
            return sg_fail_field(cx, SG_EINVAL, it->name, "%s must be true or false", it->name);
        snprintf(buf, POLICY_VALUE_MAX, "%s", json_is_true(j) ? "true" : "false");
        return SG_OK;
    case P_INT:
        if (!json_is_integer(j) || json_integer_value(j) < it->min || json_integer_value(j) > it->max)
            return sg_fail_field(cx, SG_EINVAL, it->name, "%s must be a whole number from %lld to %lld", it->name,
                                 (long long)it->min, (long long)it->max);
        snprintf(buf, POLICY_VALUE_MAX, "%lld", (long long)json_integer_value(j));
        return SG_OK;
    case P_TIME: {
        const char *s = json_string_value(j);
        int h, m;
        char end;
        if (!s || strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &end) != 2 || s[2] != ':' || h > 23 || m > 59 ||
            h < 0 || m < 0)
            return sg_fail_field(cx, SG_EINVAL, it->name, "%s must be a time written HH:MM", it->name);
        snprintf(buf, POLICY_VALUE_MAX, "%s", s);
        return SG_OK;
    }
    case P_CHOICE:
        for (int i = 0; json_is_string(j) && it->choices[i]; i++)
            if (strcmp(it->choices[i], json_string_value(j)) == 0) {
                snprintf(buf, POLICY_VALUE_MAX, "%s", it->choices[i]);
                return SG_OK;
            }
        {
            char all[256] = "";
            for (int i = 0; it->choices[i]; i++)
                snprintf(all + strlen(all), sizeof all - strlen(all), "%s\"%s\"", i ? ", " : "", it->choices[i]);
            return sg_fail_field(cx, SG_EINVAL, it->name, "%s must be one of %s", it->name, all);
        }
    }
    return SG_EINTERNAL;
}

sg_err policy_list(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_SETTING_READ);
    if (e)
        return e;
    json_t *a = json_array();
    for (size_t i = 0; i < NITEMS && !e; i++) {
        const policy_item *it = &items[i];
        char v[POLICY_VALUE_MAX], by[64], at[21];
        int64_t when;
        if ((e = load(cx, it, v, by, sizeof by, &when)))
            break;
        json_t *o = json_pack("{ss ss ss ss}", "name", it->name, "requirement", it->req, "question", it->question,
                              "default", it->def);
        static const char *const kinds[] = {"choice", "number", "yes-no", "time"};
        json_object_set_new(o, "kind", json_string(kinds[it->kind]));
        if (it->kind == P_INT) {
            json_object_set_new(o, "value", json_integer(strtoll(v, NULL, 10)));
            json_object_set_new(o, "min", json_integer(it->min));
            json_object_set_new(o, "max", json_integer(it->max));
        } else if (it->kind == P_BOOL) {
            json_object_set_new(o, "value", json_boolean(strcmp(v, "true") == 0));
        } else {
            json_object_set_new(o, "value", json_string(v));
        }
        if (it->choices) {
            json_t *c = json_array();
            for (int k = 0; it->choices[k]; k++)
                json_array_append_new(c, json_string(it->choices[k]));
            json_object_set_new(o, "choices", c);
        }
        if (when) {
            clock_iso(when, at);
            json_object_set_new(o, "set_by", json_string(by));
            json_object_set_new(o, "set_at", json_string(at));
        } else {
            json_object_set_new(o, "set_by", json_null());
            json_object_set_new(o, "set_at", json_null());
        }
        json_array_append_new(a, o);
    }
    if (e) {
        json_decref(a);
        return e;
    }
    *out = json_pack("{so}", "policy", a);
    return SG_OK;
}

static sg_err save(sg_ctx *cx, const policy_item *it, const char *value)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "DELETE FROM setting_policy WHERE setting_id = ? AND name = ?", &st);
    if (!e) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_text(st, 2, it->name);
        bool row;
        e = store_step(st, &row);
        store_finalize(st);
    }
    if (!e && !(e = store_prepare(cx->db, "INSERT INTO setting_policy (setting_id, name, value, set_by, set_at)"
                                          " VALUES (?, ?, ?, ?, ?)", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_text(st, 2, it->name);
        store_bind_text(st, 3, value);
        store_bind_text(st, 4, cx->actor);
        store_bind_int(st, 5, clock_now());
        bool row;
        e = store_step(st, &row);
        store_finalize(st);
    }
    return e ? sg_store(cx, e) : SG_OK;
}

sg_err policy_set(sg_ctx *cx, json_t *in, json_t **out)
{
    sg_err e = perm_require(cx, PERM_POLICY_WRITE);
    if (e)
        return e;
    if (!json_is_object(in) || json_object_size(in) == 0)
        return sg_fail(cx, SG_EINVAL, "give at least one policy choice to set");
    const char *k;
    json_t *v;
    char val[POLICY_VALUE_MAX];
    json_object_foreach(in, k, v) {
        const policy_item *it = find(k);
        if (!it)
            return sg_fail_field(cx, SG_EINVAL, k, "there is no policy choice called %s", k);
        if ((e = parse(cx, it, v, val)))
            return e;
    }
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    json_object_foreach(in, k, v) {
        const policy_item *it = find(k);
        char old[POLICY_VALUE_MAX];
        if ((e = parse(cx, it, v, val)) || (e = load(cx, it, old, NULL, 0, NULL)))
            break;
        if (strcmp(old, val) == 0)
            continue;
        if ((e = save(cx, it, val)))
            break;
        json_t *d = json_pack("{ss ss ss ss}", "name", it->name, "requirement", it->req, "from", old, "to", val);
        e = audit_append(cx, "policy.set", "setting", cx->setting_id, d);
        json_decref(d);
        if (e)
            break;
    }
    if ((e = store_end(cx->db, e)))
        return e;
    return policy_list(cx, out);
}
