/* consent_api.c — HTTP handlers for consent. Thin: parse, call the area
 * (consent.h), answer. The routes are in http/routes.c.
 *
 * Two things here are HTTP's own: a scanned form arrives as the raw body of
 * a file route (R_RAW) and is checked by content in scan.c, whatever its
 * Content-Type says; and a scan is answered as its own bytes, not JSON.
 * The portal's handlers are the same area functions: cx->parent_id, set by
 * the server from the parent's session, makes them the parent's. */
#include <stdlib.h>
#include <string.h>
#include "consent.h"
#include "consent_api.h"

void http_set_response(sg_req *rq, int status, const char *type, char *data, size_t len);

void h_consent_purposes(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_purpose_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_consent_form_list(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_form_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_consent_form_publish(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_form_publish(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_consent_form_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_form_get(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_consent_child(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_child(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_consent_give(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = rq->cx.parent_id ? sg_fail(&rq->cx, SG_EFORBIDDEN, "parents sign on the portal's own page")
                                : consent_give(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_consent_withdraw(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_withdraw(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_consent_overview(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_overview(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_consent_scan_store(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_scan_store(&rq->cx, rq->body ? rq->body : "", rq->body_len, &o);
    reply_result(rq, e, o, 201);
}

void h_consent_scan_get(sg_req *rq)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char type[32];
    sg_err e = consent_scan_read(&rq->cx, req_id(rq, 0), &data, &len, type);
    if (e)
        reply_err(rq, e);
    else
        http_set_response(rq, 200, type, (char *)data, len); /* takes data */
}

void h_restriction_list(sg_req *rq)
{
    bool lifted = false;
    if (!req_query_bool(rq, "include_lifted", &lifted))
        return;
    json_t *o = NULL;
    sg_err e = restriction_list(&rq->cx, lifted, &o);
    reply_result(rq, e, o, 200);
}

void h_restriction_set(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = restriction_set(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_restriction_lift(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = restriction_lift(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_young_person_check(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_young_person_check(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_own_consent_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_own(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_own_consent_give(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = consent_give_own(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_press_visit_list(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = press_visit_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_press_visit_add(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = press_visit_add(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_press_visit_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = press_visit_get(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_press_visit_approve(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = press_visit_approve(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

/* The portal's routes answer a parent only: an adult's session reaching
 * them is told so, rather than acting as no one. */
static bool portal_caller(sg_req *rq)
{
    if (rq->cx.parent_id)
        return true;
    reply_err(rq, sg_fail(&rq->cx, SG_EFORBIDDEN, "the parent portal is for parents and carers signed in to it"));
    return false;
}

void h_portal_children(sg_req *rq)
{
    if (!portal_caller(rq))
        return;
    json_t *o = NULL;
    sg_err e = consent_portal_children(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_portal_consent_give(sg_req *rq)
{
    if (!portal_caller(rq))
        return;
    json_t *o = NULL;
    sg_err e = consent_give(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_portal_consent_withdraw(sg_req *rq)
{
    if (!portal_caller(rq))
        return;
    json_t *o = NULL;
    sg_err e = consent_withdraw(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}
