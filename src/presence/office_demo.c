/* office_demo.c — the office's part of the demo pre-school: the Office is
 * the setting's quiet space for visitors' phones (VISITORS-11); a plumber
 * is signed in today with his phone in the office; a health visitor keeps
 * hers under the lone-working exception, directed to the quiet space
 * (VISITORS-03); Sunita in the office has taken a call for Chloe that is
 * still to be passed on (PERSONAL-DEVICES-10); and last week Megan saw a
 * smart watch used in the Bumblebee Room, which the manager has reviewed
 * (PERSONAL-DEVICES-22).
 *
 * Each step goes through the function the API calls, in its own
 * transaction, acting as the adult who would do it, so the audit log reads
 * as it would in a real setting. Everyone here is invented. */
#include <stdio.h>
#include <string.h>
#include "../auth/auth.h"
#include "../core/clock.h"
#include "../people/people.h"
#include "office.h"

#define OFFICE_EMAIL "sunita.kaur@hollybrook.example"

static sg_err id_of(sg_ctx *cx, const char *sql, const char *name, int64_t *id)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, name);
    bool found = false;
    e = store_one_int(st, id, &found);
    store_finalize(st);
    if (!e && !found)
        return sg_fail(cx, SG_EINTERNAL, "the demo has no %s", name);
    return sg_store(cx, e);
}

static sg_err room_named(sg_ctx *cx, const char *name, int64_t *id)
{
    return id_of(cx, "SELECT id FROM rooms WHERE setting_id = ? AND name = ?", name, id);
}

static sg_err adult_named(sg_ctx *cx, const char *name, int64_t *id)
{
    return id_of(cx, "SELECT id FROM adults WHERE setting_id = ? AND first_name || ' ' || last_name = ?", name, id);
}

/* Run one change as the adult with `email`; `in` is released here. */
typedef sg_err (*change_fn)(sg_ctx *, json_t *, json_t **);
static sg_err as(sg_ctx *cx, const char *email, change_fn fn, json_t *in, int64_t *id)
{
    sg_ctx ac = *cx;
    ac.err_detail = NULL;
    json_t *out = NULL;
    sg_err e = in ? auth_act_as(&ac, email) : sg_fail(&ac, SG_EINTERNAL, "out of memory building the demo");
    if (!e)
        e = fn(&ac, in, &out);
    if (!e && id)
        *id = json_integer_value(json_object_get(out, "id"));
    if (e) {
        memcpy(cx->msg, ac.msg, sizeof cx->msg);
        memcpy(cx->field, ac.field, sizeof cx->field);
    }
    json_decref(ac.err_detail);
    json_decref(out);
    json_decref(in);
    return e;
}

static sg_err review_last(sg_ctx *cx, json_t *in, json_t **out)
{
    int64_t id = json_integer_value(json_object_get(in, "id"));
    json_object_del(in, "id");
    return breach_review(cx, id, in, out);
}

sg_err office_demo_populate(sg_ctx *cx)
{
    int64_t office = 0, bumblebee = 0, chloe = 0, aisha = 0, breach = 0;
    sg_err e = room_named(cx, "Office", &office);
    if (!e)
        e = room_named(cx, "Bumblebee Room", &bumblebee);
    if (!e)
        e = adult_named(cx, "Chloe Bennett", &chloe);
    if (!e)
        e = adult_named(cx, "Aisha Rahman", &aisha);
    if (!e) {
        json_t *in = json_pack("{sb}", "quiet_space", 1), *out = NULL;
        e = room_edit(cx, office, in, &out);
        json_decref(in);
        json_decref(out);
    }
    if (!e)
        e = as(cx, OFFICE_EMAIL, visitor_sign_in,
               json_pack("{ss ss ss ss ss ss}", "name", "Dave Lewis", "organisation", "Lewis Plumbing and Heating",
                         "purpose", "Mend the radiator in the Ladybird Room", "visiting", "Helen Ashworth",
                         "phone", "office", "watch", "none"), NULL);
    if (!e)
        e = as(cx, OFFICE_EMAIL, visitor_sign_in,
               json_pack("{ss ss ss ss sb ss ss ss sI}", "name", "Jo Whitfield", "organisation",
                         "Hollybrook Community Health", "purpose", "Two-year health and development review",
                         "visiting", "Priya Mistry", "professional", 1, "phone", "kept", "watch", "none",
                         "lone_working_reason", "Her trust's lone-working policy has her check in with her base "
                         "every two hours", "quiet_space_id", (json_int_t)office), NULL);
    if (!e)
        e = as(cx, OFFICE_EMAIL, message_take,
               json_pack("{sI ss ss ss sb}", "adult_id", (json_int_t)chloe, "caller", "Oakfield Primary School office",
                         "caller_phone", "01632 960 321", "message", "Please ring back about collecting Sam early "
                         "today: he has a temperature.", "urgent", 0), NULL);
    /* Last week, seen in the Bumblebee Room and reviewed the same week. */
    char seen[21];
    clock_iso(clock_now() - 6 * 24 * 3600, seen);
    if (!e)
        e = as(cx, "megan.price@hollybrook.example", breach_record,
               json_pack("{ss sI sI ss ss ss}", "kind", "smart-watch-used-with-children", "subject_adult_id",
                         (json_int_t)aisha, "room_id", (json_int_t)bumblebee, "observed_at", seen, "what_seen",
                         "Aisha read a message on her smart watch during story time with the children.",
                         "challenge", "I asked her to take the watch off and put it in her locker; she did so "
                         "straight away."), &breach);
    if (!e)
        e = as(cx, "manager@hollybrook.example", review_last,
               json_pack("{sI ss ss}", "id", (json_int_t)breach, "outcome", "spoken-to", "action_taken",
                         "Spoke to Aisha the same day: smart watches go in the locker with phones at the start of "
                         "each shift. No images were taken."), NULL);
    return e;
}
