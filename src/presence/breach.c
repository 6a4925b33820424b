/* breach.c — observed breaches of the personal-device rules
 * (PERSONAL-DEVICES-08, -22, OUTINGS-03, VISITORS-04, -05).
 *
 * Any adult may record what they saw: a phone seen in a room, a phone or
 * smart watch used with children (a breach whether or not an image was
 * taken, PERSONAL-DEVICES-08), a photo on a personal device, a personal
 * phone misused on an outing (its grant is for emergencies only, OUTINGS-03),
 * a visitor or parent using a phone or camera on the premises — with the
 * person concerned, where and when, and the challenge made ("asked her to
 * put it in her locker", "asked him to finish the call outside").
 *
 * It reaches the manager as an open high finding until the manager or
 * deputy reviews it and records the outcome and the action taken.
 *
 * Who reads it: breach.read (manager, deputy, DSL) and whoever recorded it
 * — and never the adult it is about, whatever their roles: the subject of a
 * concern reads nothing tied to it (section 4). For them it does not exist
 * (not found, and absent from lists), and the finding the manager's page
 * shows does not name them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../people/people.h"
#include "office.h"
#include "office_common.h"
#include "presence.h"

const char *const breach_kinds[] = {
    "phone-seen-in-room", "phone-used-with-children", "smart-watch-used-with-children",
    "photo-on-personal-device", "outing-phone-misuse", "visitor-phone-use", "parent-phone-use",
    "parent-camera-without-consent", "other", NULL,
};
/* The kinds that are about an adult working here (PERSONAL-DEVICES-08). */
#define ADULT_KINDS 5

static const char *const outcomes[] = {
    "no-breach-found", "spoken-to", "written-warning", "referred-as-concern", "visitor-or-parent-advised", "other", NULL,
};

static const field_spec breach_in[] = {
    {"kind", F_ENUM, 0, F_REQUIRED, breach_kinds},
    {"subject_adult_id", F_ID, 0, F_NULLABLE},
    {"subject_name", F_TEXT, 120, F_NULLABLE},
    {"room_id", F_ID, 0, F_NULLABLE},
    {"place", F_TEXT, 120, F_NULLABLE},
    {"outing_id", F_ID, 0, F_NULLABLE},
    {"what_seen", F_TEXT, 2000, F_REQUIRED},
    {"challenge", F_TEXT, 1000, F_REQUIRED},
    {"observed_at", F_TEXT, 25, F_NOCOL},  /* ISO 8601; stored as the instant below */
    {NULL},
};

static const field_spec breach_rec[] = {
    {"observed_at", F_INT, 0, 0},
    {"recorded_at", F_INT, 0, 0},
    {"recorded_by", F_TEXT, 0, 0},
    {"recorded_by_id", F_ID, 0, F_NULLABLE},
    {"outcome", F_ENUM, 0, F_NULLABLE, outcomes},
    {"action_taken", F_TEXT, 0, F_NULLABLE},
    {"reviewed_at", F_INT, 0, F_NULLABLE},
    {"reviewed_by", F_TEXT, 0, F_NULLABLE},
    {"reviewed_by_id", F_ID, 0, F_NULLABLE},
    {NULL},
};

static const field_spec review_in[] = {
    {"outcome", F_ENUM, 0, F_REQUIRED, outcomes},
    {"action_taken", F_TEXT, 2000, F_REQUIRED},
    {NULL},
};

static const field_spec *spec_all(field_spec buf[OFFICE_SPEC_MAX]) { return office_spec(breach_in, breach_rec, buf); }

static bool adult_kind(const char *kind)
{
    for (int i = 0; i < ADULT_KINDS; i++)
        if (strcmp(breach_kinds[i], kind) == 0)
            return true;
    return false;
}

/* Who the breach is about, where and when: the references must be this
 * setting's, the time not in the future. Sets the instant in `in`. */
static sg_err breach_rules(sg_ctx *cx, json_t *in, int64_t now)
{
    char buf[200];
    sg_err e;
    const char *kind = json_string_value(json_object_get(in, "kind"));
    json_t *adult = json_object_get(in, "subject_adult_id");
    json_t *name = json_object_get(in, "subject_name");
    bool has_adult = json_is_integer(adult), has_name = json_is_string(name);
    if (has_adult && has_name)
        return sg_fail_field(cx, SG_EINVAL, "subject_name",
                             "name either an adult who works here or someone else, not both");
    if (adult_kind(kind) && !has_adult)
        return sg_fail_field(cx, SG_EINVAL, "subject_adult_id", "name the adult concerned");
    if (!has_adult && !has_name)
        return sg_fail_field(cx, SG_EINVAL, "subject_name", "name the person concerned");
    if (has_adult && (e = presence_adult_name(cx, json_integer_value(adult), "subject_adult_id", buf, sizeof buf)))
        return e;
    json_t *room = json_object_get(in, "room_id");
    if (json_is_integer(room) &&
        (e = office_room_ref(cx, json_integer_value(room), "room_id", NULL, 0, NULL, NULL)))
        return e;
    json_t *outing = json_object_get(in, "outing_id");
    if (json_is_integer(outing) && (e = people_ref(cx, "outings", json_integer_value(outing), "outing_id")))
        return e;
    int64_t at = now;
    const char *iso = json_string_value(json_object_get(in, "observed_at"));
    if (iso && !clock_parse_iso(iso, &at))
        return sg_fail_field(cx, SG_EINVAL, "observed_at", "observed_at must be a time written YYYY-MM-DDTHH:MM:SSZ");
    if (at > now)
        return sg_fail_field(cx, SG_EINVAL, "observed_at", "observed_at is in the future");
    json_object_set_new(in, "observed_at", json_integer(at));
    return SG_OK;
}

static sg_err breach_record_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    int64_t now = clock_now();
    sg_err e = perm_require(cx, PERM_BREACH_RECORD);
    if (!e && json_is_null(json_object_get(in, "observed_at")))
        json_object_del(in, "observed_at");
    if (!e)
        e = fields_check(cx, breach_in, in, false);
    if (!e)
        e = breach_rules(cx, in, now);
    if (e)
        return e;
    office_stamp(cx, in, "recorded", now, true);
    field_spec spec[OFFICE_SPEC_MAX];
    if (!(e = fields_insert(cx, "breaches", spec_all(spec), in, id)))
        e = audit_append(cx, "breach.record", "breach", *id, in);
    return e;
}

static sg_err record(sg_ctx *cx, int64_t unused, json_t *in, int64_t *id)
{
    (void)unused;
    return breach_record_tx(cx, in, id);
}

sg_err breach_record(sg_ctx *cx, json_t *in, json_t **out) { return office_change(cx, record, 0, in, breach_get, out); }

/* May cx see this breach? Never its subject; otherwise breach.read or the
 * one who recorded it. */
static bool may_read(sg_ctx *cx, int64_t subject, int64_t recorder)
{
    if (cx->actor_id > 0 && subject == cx->actor_id)
        return false;
    return perm_has(cx, PERM_BREACH_READ) || (cx->actor_id > 0 && recorder == cx->actor_id);
}

static sg_err load(sg_ctx *cx, int64_t id, bool *reviewed)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT subject_adult_id, recorded_by_id, reviewed_at FROM breaches"
                                     " WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row, ok = false;
    if (!(e = store_step(st, &row)) && row) {
        ok = may_read(cx, store_col_null(st, 0) ? 0 : store_col_int(st, 0),
                      store_col_null(st, 1) ? 0 : store_col_int(st, 1));
        if (reviewed)
            *reviewed = !store_col_null(st, 2);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!ok)
        return sg_fail(cx, SG_ENOTFOUND, "no such breach");
    return SG_OK;
}

static sg_err breach_review_tx(sg_ctx *cx, int64_t id, json_t *in)
{
    bool reviewed = false;
    /* The DSL reads breaches; the review is management's (PERSONAL-DEVICES-22). */
    sg_err e = perm_require(cx, PERM_BREACH_REVIEW);
    if (!e)
        e = load(cx, id, &reviewed);
    if (!e && reviewed)
        e = sg_fail(cx, SG_ECONFLICT, "this breach has already been reviewed");
    if (!e)
        e = fields_check(cx, review_in, in, false);
    if (e)
        return e;
    office_stamp(cx, in, "reviewed", clock_now(), true);
    field_spec spec[OFFICE_SPEC_MAX];
    if (!(e = fields_update(cx, "breaches", spec_all(spec), id, in)))
        e = audit_append(cx, "breach.review", "breach", id, in);
    return e;
}

static sg_err review(sg_ctx *cx, int64_t id, json_t *in, int64_t *rid)
{
    (void)rid;
    return breach_review_tx(cx, id, in);
}

sg_err breach_review(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    return office_change(cx, review, id, in, breach_get, out);
}

/* Names of the subject, room and outing; whether it is still open. */
static sg_err decorate(sg_ctx *cx, json_t *b)
{
    char name[200] = "";
    sg_err e = SG_OK;
    json_t *adult = json_object_get(b, "subject_adult_id");
    if (json_is_integer(adult))
        e = office_adult_name(cx, json_integer_value(adult), name, sizeof name);
    json_object_set_new(b, "subject", json_string(name[0] ? name : json_string_value(json_object_get(b, "subject_name"))));
    json_t *room = json_object_get(b, "room_id");
    name[0] = 0;
    if (!e && json_is_integer(room)) {
        store_stmt *st;
        if (!(e = store_prepare(cx->db, "SELECT name FROM rooms WHERE id = ? AND setting_id = ?", &st))) {
            store_bind_int(st, 1, json_integer_value(room));
            store_bind_int(st, 2, cx->setting_id);
            bool row;
            if (!(e = store_step(st, &row)) && row)
                snprintf(name, sizeof name, "%s", store_col_text(st, 0));
            store_finalize(st);
        }
        e = sg_store(cx, e);
    }
    json_object_set_new(b, "room_name", name[0] ? json_string(name) : json_null());
    json_object_set_new(b, "open", json_boolean(json_is_null(json_object_get(b, "reviewed_at"))));
    return e;
}

sg_err breach_get(sg_ctx *cx, int64_t id, json_t **out)
{
    field_spec spec[OFFICE_SPEC_MAX];
    sg_err e = load(cx, id, NULL);
    if (!e)
        e = fields_get(cx, "breaches", spec_all(spec), id, out);
    if (!e && ((e = office_present(cx, *out)) || (e = decorate(cx, *out)))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

sg_err breach_list(sg_ctx *cx, bool open, json_t **out)
{
    sg_err e = perm_require(cx, PERM_BREACH_RECORD);
    if (e)
        return e;
    bool all = perm_has(cx, PERM_BREACH_READ);
    field_spec spec[OFFICE_SPEC_MAX];
    const field_spec *cols_spec = spec_all(spec);
    char cols[1000], sql[1600];
    snprintf(sql, sizeof sql, "SELECT %s FROM breaches b WHERE b.setting_id = ?"
             " AND (b.subject_adult_id IS NULL OR b.subject_adult_id <> ?)%s%s"
             " ORDER BY b.observed_at DESC, b.id DESC LIMIT 500",
             fields_columns(cols_spec, "b", cols, sizeof cols), all ? "" : " AND b.recorded_by_id = ?",
             open ? " AND b.reviewed_at IS NULL" : "");
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, cx->actor_id);
    if (!all)
        store_bind_int(st, 3, cx->actor_id);
    json_t *a = json_array();
    e = office_rows(cx, st, cols_spec, a);
    size_t i;
    json_t *b;
    json_array_foreach(a, i, b) {
        if (!e)
            e = decorate(cx, b);
    }
    if (e) {
        json_decref(a);
        return e;
    }
    *out = json_pack("{so}", "breaches", a);
    return SG_OK;
}

/* PERSONAL-DEVICES-22: every breach not yet reviewed is in front of the
 * manager. The finding names the kind and the time, not the person: the
 * home page is read by the manager and deputy, either of whom may be the
 * subject. */
sg_err breach_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    (void)now;
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id, kind, observed_at, recorded_at FROM breaches WHERE setting_id = ?"
                                     " AND reviewed_at IS NULL ORDER BY id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        char kind[64], day[11], at[6], text[300];
        snprintf(kind, sizeof kind, "%s", store_col_text(st, 1));
        for (char *p = kind; *p; p++)
            if (*p == '-')
                *p = ' ';
        presence_date(store_col_int(st, 2), day);
        presence_hhmm(store_col_int(st, 2), at);
        snprintf(text, sizeof text, "A phone or camera concern (%s, seen %s at %s) waits for the manager's or deputy's "
                 "review.", kind, day, at);
        findings_add(out, &(finding){.rule = "PERSONAL-DEVICES-22", .severity = "high", .subject_type = "breach",
                                     .subject_id = store_col_int(st, 0), .subject = "Phone or camera concern",
                                     .ref = 0, .since = store_col_int(st, 3), .text = text});
    }
    store_finalize(st);
    return sg_store(cx, e);
}
