/* presence_api.c — HTTP handlers for findings, the policy choices, shifts,
 * the locker ledger, permissions and kiosks. Thin: parse, call, answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../auth/auth.h"
#include "../compliance/findings.h"
#include "../core/clock.h"
#include "../policy/policy.h"
#include "presence.h"
#include "presence_api.h"

void h_findings(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = findings_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_policy_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = policy_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_policy_set(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = policy_set(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_presence_board(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = presence_board(&rq->cx, req_query(rq, "date"), &o);
    reply_result(rq, e, o, 200);
}

void h_presence_me(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = presence_adult(&rq->cx, rq->cx.actor_id, &o);
    reply_result(rq, e, o, 200);
}

void h_presence_adult(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = presence_adult(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

/* ?from= and ?to= are ISO instants or dates. */
static bool instant_query(sg_req *rq, const char *name, int64_t *out)
{
    const char *v = req_query(rq, name);
    *out = 0;
    if (v && !clock_parse_iso(v, out)) {
        reply_err(rq, sg_fail_field(&rq->cx, SG_EBADREQ, name, "%s is a date or a time written YYYY-MM-DDTHH:MM:SSZ", name));
        return false;
    }
    return true;
}

void h_presence_ledger(sg_req *rq)
{
    int64_t adult = 0, from, to;
    if (!req_query_int(rq, "adult_id", &adult, 1, INT64_MAX) || !instant_query(rq, "from", &from) ||
        !instant_query(rq, "to", &to))
        return;
    json_t *o = NULL;
    sg_err e = presence_ledger(&rq->cx, adult, from, to, &o);
    reply_result(rq, e, o, 200);
}

#define LOCKER_HANDLER(h, fn)                                         \
    void h(sg_req *rq)                                                \
    {                                                                 \
        json_t *o = NULL;                                             \
        sg_err e = fn(&rq->cx, req_id(rq, 0), rq->json, &o);  \
        reply_result(rq, e, o, 200);                          \
    }
LOCKER_HANDLER(h_presence_sign_on, presence_sign_on)
LOCKER_HANDLER(h_presence_sign_off, presence_sign_off)
LOCKER_HANDLER(h_presence_check_in, presence_check_in)
LOCKER_HANDLER(h_presence_none, presence_declare_none)
LOCKER_HANDLER(h_presence_check_out, presence_check_out)
LOCKER_HANDLER(h_shift_edit, shift_edit)
LOCKER_HANDLER(h_grant_end, grant_end)
LOCKER_HANDLER(h_adult_pin, presence_set_pin)

void h_shift_plan(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = shift_plan(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_shift_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = shift_get(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_grant_list(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = grant_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_grant_create(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = grant_create(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_kiosk_list(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = kiosk_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

/* {"name": …, "this_device": true} sets this browser up as the kiosk: it
 * gets the kiosk cookie and the manager's own session on it ends, so the
 * tablet left by the lockers holds no one's log-in. */
void h_kiosk_create(sg_req *rq)
{
    json_t *o = NULL, *here = json_object_get(rq->json, "this_device");
    if (here && !json_is_boolean(here)) {
        reply_err(rq, sg_fail_field(&rq->cx, SG_EINVAL, "this_device", "this_device is true or false"));
        return;
    }
    bool this_device = json_is_true(here);
    json_object_del(rq->json, "this_device");
    char *token = NULL;
    sg_err e = kiosk_create(&rq->cx, rq->json, &token, &o);
    if (!e && this_device) {
        snprintf(rq->set_cookie2, sizeof rq->set_cookie2,
                 "sg_kiosk=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000", token);
        if (rq->session_token && auth_logout(&rq->cx, rq->session_token) == SG_OK)
            snprintf(rq->set_cookie, sizeof rq->set_cookie, "sg_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    } else if (!e) {
        json_object_set_new(o, "token", json_string(token)); /* shown once, for a kiosk set up by hand */
    }
    free(token);
    reply_result(rq, e, o, 201);
}

void h_kiosk_revoke(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = kiosk_revoke(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_kiosk_home(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = kiosk_home(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_kiosk_act(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = kiosk_act(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 200);
}

/* This browser stops being a kiosk (the kiosk stays on record until retired). */
void h_kiosk_leave(sg_req *rq)
{
    snprintf(rq->set_cookie, sizeof rq->set_cookie, "sg_kiosk=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    reply_json(rq, 200, json_pack("{sb}", "left", 1));
}

void h_me_pin(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = presence_set_pin(&rq->cx, 0, rq->json, &o);
    reply_result(rq, e, o, 200);
}
