/* child_device.c — a child found with a phone or other device
 * (PERSONAL-DEVICES-21, R-13).
 *
 * The adult who finds it records its removal — the child, what it is,
 * where it was found, who took it and when — and it goes into the locked
 * drawer. It is handed back at the end of that session only to a parent or
 * carer linked to that child (child_parents, link not ended), and the
 * record says who received it and who handed it over; to anyone else the
 * hand-back is refused. A device still in the drawer when the setting
 * closes is a finding for the manager. */
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

#define DEFAULT_DRAWER "Office locked drawer"

static const char *const kinds[] = {"phone", "tablet", "smart-watch", "camera", "games-console", "other", NULL};

static const field_spec device_in[] = {
    {"child_id", F_ID, 0, F_REQUIRED},
    {"kind", F_ENUM, 0, F_REQUIRED, kinds},
    {"description", F_TEXT, 200, F_NULLABLE},
    {"found_where", F_TEXT, 120, F_NULLABLE},
    {"drawer", F_TEXT, 80, F_NULLABLE},
    {NULL},
};

static const field_spec device_rec[] = {
    {"session_date", F_DATE, 0, 0},
    {"taken_at", F_INT, 0, 0},
    {"taken_by", F_TEXT, 0, 0},
    {"taken_by_id", F_ID, 0, F_NULLABLE},
    {"returned_to_parent_id", F_ID, 0, F_NULLABLE},
    {"returned_at", F_INT, 0, F_NULLABLE},
    {"returned_by", F_TEXT, 0, F_NULLABLE},
    {"returned_by_id", F_ID, 0, F_NULLABLE},
    {NULL},
};

static const field_spec return_in[] = {
    {"parent_id", F_ID, 0, F_REQUIRED},
    {NULL},
};

static const field_spec *spec_all(field_spec buf[OFFICE_SPEC_MAX]) { return office_spec(device_in, device_rec, buf); }

static sg_err child_device_record_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    sg_err e = perm_require(cx, PERM_CHILD_DEVICE);
    if (!e)
        e = fields_check(cx, device_in, in, false);
    if (!e)
        e = office_child_ref(cx, json_integer_value(json_object_get(in, "child_id")), "child_id", NULL, 0);
    if (e)
        return e;
    if (!json_is_string(json_object_get(in, "drawer")))
        json_object_set_new(in, "drawer", json_string(DEFAULT_DRAWER));
    int64_t now = clock_now();
    char date[11];
    presence_date(now, date);
    json_object_set_new(in, "session_date", json_string(date));
    office_stamp(cx, in, "taken", now, true);
    field_spec spec[OFFICE_SPEC_MAX];
    if (!(e = fields_insert(cx, "child_devices", spec_all(spec), in, id)))
        e = audit_append(cx, "child_device.take", "child_device", *id, in);
    return e;
}

static sg_err take(sg_ctx *cx, int64_t unused, json_t *in, int64_t *id)
{
    (void)unused;
    return child_device_record_tx(cx, in, id);
}

sg_err child_device_record(sg_ctx *cx, json_t *in, json_t **out)
{
    return office_change(cx, take, 0, in, child_device_get, out);
}

static sg_err hand_back(sg_ctx *cx, int64_t id, json_t *in, int64_t *rid)
{
    (void)rid;
    int64_t child = 0;
    bool returned = false;
    sg_err e = perm_require(cx, PERM_CHILD_DEVICE);
    store_stmt *st;
    bool row = false;
    if (!e && !(e = store_prepare(cx->db, "SELECT child_id, returned_at FROM child_devices WHERE id = ?"
                                           " AND setting_id = ?", &st))) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, cx->setting_id);
        if (!(e = store_step(st, &row)) && row) {
            child = store_col_int(st, 0);
            returned = !store_col_null(st, 1);
        }
        store_finalize(st);
        e = sg_store(cx, e);
        if (!e && !row)
            e = sg_fail(cx, SG_ENOTFOUND, "no such device");
    }
    if (!e && returned)
        e = sg_fail(cx, SG_ECONFLICT, "this device has already been handed back");
    if (!e)
        e = fields_check(cx, return_in, in, false);
    int64_t parent = json_integer_value(json_object_get(in, "parent_id"));
    if (!e)
        e = people_ref(cx, "parents", parent, "parent_id");
    if (e)
        return e;
    /* PERSONAL-DEVICES-21: only to that child's own parent or carer. */
    if ((e = store_prepare(cx->db, "SELECT 1 FROM child_parents WHERE child_id = ? AND parent_id = ? AND setting_id = ?"
                                   " AND ended_on IS NULL", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, child);
    store_bind_int(st, 2, parent);
    store_bind_int(st, 3, cx->setting_id);
    e = store_step(st, &row);
    store_finalize(st);
    if ((e = sg_store(cx, e)))
        return e;
    if (!row)
        return sg_fail_field(cx, SG_EPOLICY, "parent_id",
                             "a child's device goes back only to a parent or carer of that child "
                             "(PERSONAL-DEVICES-21)");
    json_t *set = json_pack("{sI}", "returned_to_parent_id", (json_int_t)parent);
    office_stamp(cx, set, "returned", clock_now(), true);
    field_spec spec[OFFICE_SPEC_MAX];
    if (!(e = fields_update(cx, "child_devices", spec_all(spec), id, set)))
        e = audit_append(cx, "child_device.return", "child_device", id, set);
    json_decref(set);
    return e;
}

sg_err child_device_return(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    return office_change(cx, hand_back, id, in, child_device_get, out);
}

/* The child's and the receiving parent's names; whether it is still held. */
static sg_err decorate(sg_ctx *cx, json_t *d)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
        "SELECT (SELECT first_name || ' ' || last_name FROM children WHERE id = ? AND setting_id = ?),"
        " (SELECT first_name || ' ' || last_name FROM parents WHERE id = ? AND setting_id = ?)", &st);
    if (e)
        return sg_store(cx, e);
    json_t *p = json_object_get(d, "returned_to_parent_id");
    store_bind_int(st, 1, json_integer_value(json_object_get(d, "child_id")));
    store_bind_int(st, 2, cx->setting_id);
    store_bind_int(st, 3, json_is_integer(p) ? json_integer_value(p) : 0);
    store_bind_int(st, 4, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row) {
        json_object_set_new(d, "child_name", json_string(store_col_null(st, 0) ? "" : store_col_text(st, 0)));
        json_object_set_new(d, "returned_to_name", store_col_null(st, 1) ? json_null() : json_string(store_col_text(st, 1)));
    }
    store_finalize(st);
    json_object_set_new(d, "held", json_boolean(json_is_null(json_object_get(d, "returned_at"))));
    return sg_store(cx, e);
}

sg_err child_device_get(sg_ctx *cx, int64_t id, json_t **out)
{
    field_spec spec[OFFICE_SPEC_MAX];
    sg_err e = perm_require(cx, PERM_CHILD_DEVICE);
    if (!e && (e = fields_get(cx, "child_devices", spec_all(spec), id, out)) == SG_ENOTFOUND)
        e = sg_fail(cx, SG_ENOTFOUND, "no such device");
    if (!e && ((e = office_present(cx, *out)) || (e = decorate(cx, *out)))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

sg_err child_device_list(sg_ctx *cx, const char *date, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CHILD_DEVICE);
    if (e)
        return e;
    char today[11];
    office_today(today);
    if (date && !date_valid(date))
        return sg_fail_field(cx, SG_EINVAL, "date", "date must be a date written YYYY-MM-DD");
    field_spec spec[OFFICE_SPEC_MAX];
    const field_spec *all = spec_all(spec);
    char cols[1000], sql[1400];
    snprintf(sql, sizeof sql, "SELECT %s FROM child_devices d WHERE d.setting_id = ?"
             " AND (d.returned_at IS NULL OR d.session_date = ?) ORDER BY d.taken_at DESC, d.id DESC",
             fields_columns(all, "d", cols, sizeof cols));
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, date ? date : today);
    json_t *a = json_array();
    e = office_rows(cx, st, all, a);
    size_t i;
    json_t *d;
    json_array_foreach(a, i, d) {
        if (!e)
            e = decorate(cx, d);
    }
    if (e) {
        json_decref(a);
        return e;
    }
    *out = json_pack("{ss so}", "date", date ? date : today, "devices", a);
    return SG_OK;
}

/* PERSONAL-DEVICES-21: still in the drawer when the setting closes. */
sg_err child_device_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
        "SELECT d.id, d.child_id, d.kind, d.session_date, c.first_name || ' ' || c.last_name FROM child_devices d"
        " JOIN children c ON c.id = d.child_id WHERE d.setting_id = ? AND d.returned_at IS NULL ORDER BY d.id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    typedef struct { int64_t id, child; char kind[16], date[11], name[200]; } held;
    held *v = NULL;
    size_t n = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        held *nv = realloc(v, (n + 1) * sizeof *nv);
        if (!nv) {
            e = SG_EINTERNAL;
            break;
        }
        v = nv;
        v[n].id = store_col_int(st, 0);
        v[n].child = store_col_int(st, 1);
        snprintf(v[n].kind, sizeof v[n].kind, "%s", store_col_text(st, 2));
        snprintf(v[n].date, sizeof v[n].date, "%s", store_col_text(st, 3));
        snprintf(v[n].name, sizeof v[n].name, "%s", store_col_text(st, 4));
        n++;
    }
    store_finalize(st);
    e = sg_store(cx, e);
    for (size_t i = 0; !e && i < n; i++) {
        int64_t close_at;
        if ((e = office_close_at(cx, v[i].date, &close_at)) || now < close_at)
            continue;
        char text[300];
        snprintf(text, sizeof text, "%s's %s, taken on %s, is still in the locked drawer after closing: hand it "
                 "back to their parent or carer.", v[i].name, v[i].kind, v[i].date);
        findings_add(out, &(finding){.rule = "PERSONAL-DEVICES-21", .severity = "medium", .subject_type = "child",
                                     .subject_id = v[i].child, .subject = v[i].name, .ref = v[i].id,
                                     .since = close_at, .text = text});
    }
    free(v);
    return e;
}
