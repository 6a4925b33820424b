/* relay.c — the emergency contact procedure (PERSONAL-DEVICES-10, R-11).
 *
 * A caller who needs a member of staff rings the setting's phone, never
 * the adult's own: the office (or the manager or deputy) takes the call
 * and records who rang, the message, whether it is urgent and whom it is
 * for. It is "relayed" when someone has relieved the adult from the
 * children and told them — the record says who relayed it and when, and
 * who covered; telling an adult who is still with the children is not a
 * relay, so a relay without `relieved` is refused. The adult then
 * acknowledges it, logged in as themselves.
 *
 * Content is for the office, the manager, the deputy (message.write) and
 * the adult it is for: anyone else is answered "not found", and the audit
 * event carries who and whether urgent, never the message itself.
 *
 * An urgent message not yet relayed is a high finding at once; any message
 * not relayed within the policy's messages.relay_minutes is a medium one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../policy/policy.h"
#include "office.h"
#include "office_common.h"
#include "presence.h"

static const field_spec message_in[] = {
    {"adult_id", F_ID, 0, F_REQUIRED},
    {"caller", F_TEXT, 120, F_REQUIRED},
    {"caller_phone", F_TEXT, 40, F_NULLABLE},
    {"message", F_TEXT, 1000, F_REQUIRED},
    {"urgent", F_BOOL, 0, 0},
    {NULL},
};

static const field_spec message_rec[] = {
    {"taken_at", F_INT, 0, 0},
    {"taken_by", F_TEXT, 0, 0},
    {"taken_by_id", F_ID, 0, F_NULLABLE},
    {"relayed_at", F_INT, 0, F_NULLABLE},
    {"relayed_by", F_TEXT, 0, F_NULLABLE},
    {"relayed_by_id", F_ID, 0, F_NULLABLE},
    {"relieved_by_id", F_ID, 0, F_NULLABLE},
    {"relay_note", F_TEXT, 0, F_NULLABLE},
    {"acknowledged_at", F_INT, 0, F_NULLABLE},
    {NULL},
};

static const field_spec relay_in[] = {
    {"relieved", F_BOOL, 0, F_REQUIRED},
    {"relieved_by_id", F_ID, 0, F_NULLABLE},
    {"note", F_TEXT, 500, F_NULLABLE},
    {NULL},
};

static const field_spec *spec_all(field_spec buf[OFFICE_SPEC_MAX]) { return office_spec(message_in, message_rec, buf); }

static sg_err message_take_tx(sg_ctx *cx, json_t *in, int64_t *id)
{
    char name[200];
    sg_err e = perm_require(cx, PERM_MESSAGE);
    if (!e)
        e = fields_check(cx, message_in, in, false);
    if (!e)
        e = presence_adult_name(cx, json_integer_value(json_object_get(in, "adult_id")), "adult_id", name, sizeof name);
    if (e)
        return e;
    office_stamp(cx, in, "taken", clock_now(), true);
    field_spec spec[OFFICE_SPEC_MAX];
    if ((e = fields_insert(cx, "staff_messages", spec_all(spec), in, id)))
        return e;
    /* Who and whether urgent; the message stays in its record. */
    json_t *d = json_pack("{sO sO sb}", "adult_id", json_object_get(in, "adult_id"), "caller",
                          json_object_get(in, "caller"), "urgent", json_is_true(json_object_get(in, "urgent")));
    e = audit_append(cx, "message.take", "message", *id, d);
    json_decref(d);
    return e;
}

static sg_err take(sg_ctx *cx, int64_t unused, json_t *in, int64_t *id)
{
    (void)unused;
    return message_take_tx(cx, in, id);
}

sg_err message_take(sg_ctx *cx, json_t *in, json_t **out) { return office_change(cx, take, 0, in, message_get, out); }

/* A message of cx's setting: whom it is for, and its state. */
typedef struct {
    int64_t adult_id;
    bool relayed, acknowledged;
} msg_state;

static sg_err load(sg_ctx *cx, int64_t id, msg_state *m)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT adult_id, relayed_at, acknowledged_at FROM staff_messages"
                                     " WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    if (!(e = store_step(st, &row)) && row)
        *m = (msg_state){store_col_int(st, 0), !store_col_null(st, 1), !store_col_null(st, 2)};
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    /* Someone who may not read it learns nothing, not even that it exists. */
    if (!row || !(perm_has(cx, PERM_MESSAGE) || (cx->actor_id > 0 && cx->actor_id == m->adult_id)))
        return sg_fail(cx, SG_ENOTFOUND, "no such message");
    return SG_OK;
}

static sg_err relay(sg_ctx *cx, int64_t id, json_t *in, int64_t *rid)
{
    (void)rid;
    msg_state m;
    char name[200];
    sg_err e = perm_require(cx, PERM_MESSAGE);
    if (!e)
        e = load(cx, id, &m);
    if (!e && m.relayed)
        e = sg_fail(cx, SG_ECONFLICT, "this message has already been passed on");
    if (!e)
        e = fields_check(cx, relay_in, in, false);
    if (e)
        return e;
    if (!json_is_true(json_object_get(in, "relieved")))
        return sg_fail_field(cx, SG_EPOLICY, "relieved",
                             "tell the adult only once someone has relieved them from the children, never on their "
                             "own phone while with children (PERSONAL-DEVICES-10)");
    json_t *by = json_object_get(in, "relieved_by_id");
    if (json_is_integer(by)) {
        if (json_integer_value(by) == m.adult_id)
            return sg_fail_field(cx, SG_EINVAL, "relieved_by_id", "someone else covers the children while they are told");
        if ((e = presence_adult_name(cx, json_integer_value(by), "relieved_by_id", name, sizeof name)))
            return e;
    }
    int64_t now = clock_now();
    store_stmt *st;
    if ((e = store_prepare(cx->db, "UPDATE staff_messages SET relayed_at = ?, relayed_by = ?, relayed_by_id = ?,"
                                   " relieved_by_id = ?, relay_note = ? WHERE id = ? AND setting_id = ?", &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, now);
    store_bind_text(st, 2, cx->actor);
    if (cx->actor_id > 0)
        store_bind_int(st, 3, cx->actor_id);
    else
        store_bind_null(st, 3);
    if (json_is_integer(by))
        store_bind_int(st, 4, json_integer_value(by));
    else
        store_bind_null(st, 4);
    store_bind_text(st, 5, json_string_value(json_object_get(in, "note")));
    store_bind_int(st, 6, id);
    store_bind_int(st, 7, cx->setting_id);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    if ((e = sg_store(cx, e)))
        return e;
    json_t *d = json_pack("{sI so}", "adult_id", (json_int_t)m.adult_id, "relieved_by_id",
                          json_is_integer(by) ? json_incref(by) : json_null());
    e = audit_append(cx, "message.relay", "message", id, d);
    json_decref(d);
    return e;
}

sg_err message_relay(sg_ctx *cx, int64_t id, json_t *in, json_t **out)
{
    return office_change(cx, relay, id, in, message_get, out);
}

static sg_err acknowledge(sg_ctx *cx, int64_t id, json_t *in, int64_t *rid)
{
    (void)in;
    (void)rid;
    msg_state m;
    sg_err e = load(cx, id, &m);
    if (e)
        return e;
    if (cx->actor_id <= 0 || cx->actor_id != m.adult_id)
        return sg_fail(cx, SG_EFORBIDDEN, "only the adult the message is for acknowledges it");
    if (!m.relayed)
        return sg_fail(cx, SG_ECONFLICT, "the office has not passed this message on yet");
    if (m.acknowledged)
        return sg_fail(cx, SG_ECONFLICT, "this message has already been acknowledged");
    store_stmt *st;
    if ((e = store_prepare(cx->db, "UPDATE staff_messages SET acknowledged_at = ? WHERE id = ? AND setting_id = ?",
                           &st)))
        return sg_store(cx, e);
    store_bind_int(st, 1, clock_now());
    store_bind_int(st, 2, id);
    store_bind_int(st, 3, cx->setting_id);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    if (!(e = sg_store(cx, e)))
        e = audit_append(cx, "message.acknowledge", "message", id, NULL);
    return e;
}

sg_err message_acknowledge(sg_ctx *cx, int64_t id, json_t **out)
{
    return office_change(cx, acknowledge, id, NULL, message_get, out);
}

static sg_err decorate(sg_ctx *cx, json_t *m)
{
    char name[200];
    sg_err e = office_adult_name(cx, json_integer_value(json_object_get(m, "adult_id")), name, sizeof name);
    json_object_set_new(m, "adult_name", json_string(name));
    json_object_set_new(m, "relayed", json_boolean(!json_is_null(json_object_get(m, "relayed_at"))));
    json_object_set_new(m, "acknowledged", json_boolean(!json_is_null(json_object_get(m, "acknowledged_at"))));
    return e;
}

sg_err message_get(sg_ctx *cx, int64_t id, json_t **out)
{
    msg_state m;
    field_spec spec[OFFICE_SPEC_MAX];
    sg_err e = load(cx, id, &m);
    if (!e)
        e = fields_get(cx, "staff_messages", spec_all(spec), id, out);
    if (!e && ((e = office_present(cx, *out)) || (e = decorate(cx, *out)))) {
        json_decref(*out);
        *out = NULL;
    }
    return e;
}

sg_err message_list(sg_ctx *cx, const char *date, json_t **out)
{
    char today[11];
    office_today(today);
    if (date && !date_valid(date))
        return sg_fail_field(cx, SG_EINVAL, "date", "date must be a date written YYYY-MM-DD");
    bool office = perm_has(cx, PERM_MESSAGE);
    if (!office && cx->actor_id <= 0)
        return sg_fail(cx, SG_EFORBIDDEN, "your role may not read messages");
    int64_t from = 0, to = 0;
    presence_local_time(date ? date : today, "00:00", &from);
    presence_local_time(date ? date : today, "23:59", &to);
    to += 60;
    field_spec spec[OFFICE_SPEC_MAX];
    const field_spec *all = spec_all(spec);
    char cols[1000], sql[1600];
    /* The office sees the day's calls and any still to pass on; an adult
     * sees their own messages only. */
    snprintf(sql, sizeof sql, "SELECT %s FROM staff_messages m WHERE m.setting_id = ? AND %s ORDER BY m.taken_at DESC,"
             " m.id DESC LIMIT 200", fields_columns(all, "m", cols, sizeof cols),
             office ? "((m.taken_at >= ? AND m.taken_at < ?) OR m.relayed_at IS NULL)" : "m.adult_id = ?");
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    if (office) {
        store_bind_int(st, 2, from);
        store_bind_int(st, 3, to);
    } else {
        store_bind_int(st, 2, cx->actor_id);
    }
    json_t *a = json_array();
    e = office_rows(cx, st, all, a);
    size_t i;
    json_t *m;
    json_array_foreach(a, i, m) {
        if (!e)
            e = decorate(cx, m);
    }
    if (e) {
        json_decref(a);
        return e;
    }
    *out = json_pack("{ss so}", "date", date ? date : today, "messages", a);
    return SG_OK;
}

sg_err message_findings(sg_ctx *cx, int64_t now, findings_set *out)
{
    int64_t minutes = 0;
    sg_err e = policy_int(cx, "messages.relay_minutes", &minutes);
    if (e)
        return e;
    store_stmt *st;
    e = store_prepare(cx->db,
        "SELECT m.id, m.adult_id, m.urgent, m.taken_at, a.first_name || ' ' || a.last_name FROM staff_messages m"
        " JOIN adults a ON a.id = m.adult_id WHERE m.setting_id = ? AND m.relayed_at IS NULL ORDER BY m.id", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        bool urgent = store_col_int(st, 2) != 0;
        int64_t taken = store_col_int(st, 3), late = taken + minutes * 60;
        const char *name = store_col_text(st, 4);
        char text[300], at[6];
        presence_hhmm(taken, at);
        if (urgent)
            snprintf(text, sizeof text, "An urgent message for %s, taken at %s, has not been passed on yet.", name, at);
        else if (now >= late)
            snprintf(text, sizeof text, "A message for %s, taken at %s, has not been passed on after %lld minutes.",
                     name, at, (long long)minutes);
        else
            continue;
        findings_add(out, &(finding){.rule = "PERSONAL-DEVICES-10", .severity = urgent ? "high" : "medium",
                                     .subject_type = "adult", .subject_id = store_col_int(st, 1), .subject = name,
                                     .ref = store_col_int(st, 0), .since = urgent ? taken : late, .text = text});
    }
    store_finalize(st);
    return sg_store(cx, e);
}
