/* devices_api.c — HTTP handlers for the setting's devices. Thin: parse,
 * call the area (devices.h), answer. The routes are in http/routes.c.
 *
 * Two things here are HTTP's own: the enrolment page's origin (the URL the
 * QR code holds) defaults to the Host the manager's browser used, and the
 * device credential travels in an HttpOnly, SameSite=Strict cookie that
 * page scripts never see. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include "../core/clock.h"
#include "devices.h"
#include "devices_api.h"

/* An optional ISO 8601 instant in the query; false (answered) when bad. */
static bool query_instant(sg_req *rq, const char *name, int64_t *out)
{
    const char *v = req_query(rq, name);
    if (!v)
        return true;
    if (!clock_parse_iso(v, out)) {
        reply_err(rq, sg_fail_field(&rq->cx, SG_EBADREQ, name, "%s must be a date or time written "
                                                              "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", name));
        return false;
    }
    return true;
}

void h_device_list(sg_req *rq)
{
    bool retired = false;
    if (!req_query_bool(rq, "include_retired", &retired))
        return;
    devices_query q = {.q = req_query(rq, "q"), .kind = req_query(rq, "kind"), .include_retired = retired};
    json_t *o = NULL;
    sg_err e = device_list(&rq->cx, &q, &o);
    reply_result(rq, e, o, 200);
}

void h_device_add(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_add(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_device_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_get(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_device_edit(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_edit(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_device_retire(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_retire(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_device_app_add(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_app_add(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_device_app_remove(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_app_remove(&rq->cx, req_id(rq, 0), req_id(rq, 1), &o);
    reply_result(rq, e, o, 200);
}

void h_device_handout(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_handout(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_device_return(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_return(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_device_offsite(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_offsite(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_device_holder(sg_req *rq)
{
    int64_t at = clock_now();
    if (!query_instant(rq, "at", &at))
        return;
    json_t *o = NULL;
    sg_err e = device_holder_at(&rq->cx, req_id(rq, 0), at, &o);
    reply_result(rq, e, o, 200);
}

void h_device_custody(sg_req *rq)
{
    devices_custody_query q = {0};
    int64_t limit = 0;
    if (!req_query_int(rq, "device_id", &q.device_id, 1, INT64_MAX) ||
        !req_query_int(rq, "adult_id", &q.adult_id, 1, INT64_MAX) || !req_query_int(rq, "limit", &limit, 1, 5000) ||
        !query_instant(rq, "from", &q.from) || !query_instant(rq, "to", &q.to))
        return;
    q.limit = (int)limit;
    json_t *o = NULL;
    sg_err e = device_custody_list(&rq->cx, &q, &o);
    reply_result(rq, e, o, 200);
}

void h_device_lockup_sheet(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_lockup_sheet(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_device_lockup_run(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_lockup_run(&rq->cx, rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_device_lockup_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_lockup_get(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_device_enrol_start(sg_req *rq)
{
    const char *base;
    char from_host[300];
    if (!req_json_str(rq, "base_url", &base, false, 200))
        return;
    if (json_object_size(rq->json) > (base ? 1u : 0u)) {
        reply_err(rq, sg_fail(&rq->cx, SG_EINVAL, "the only field is base_url"));
        return;
    }
    if (!base) { /* where the manager's browser reached the server */
        const char *host = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Host");
        snprintf(from_host, sizeof from_host, "http://%s", host ? host : "");
        base = from_host;
    }
    json_t *o = NULL;
    sg_err e = device_enrol_start(&rq->cx, req_id(rq, 0), base, &o);
    reply_result(rq, e, o, 201);
}

void h_device_credential_revoke(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_credential_revoke(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}

void h_device_quarantine(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_quarantine(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_device_release(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_release(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 200);
}

void h_device_report(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_report(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_device_report_close(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_report_close(&rq->cx, req_id(rq, 0), req_id(rq, 1), rq->json, &o);
    reply_result(rq, e, o, 200);
}

/* GET /api/v1/enrol?code=… (no log-in): what the code would enrol. */
void h_enrol_preview(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = device_enrol_preview(&rq->cx, req_query(rq, "code"), &o);
    reply_result(rq, e, o, 200);
}

/* POST /api/v1/enrol {code} (no log-in): the device's credential, as a cookie. */
void h_enrol_complete(sg_req *rq)
{
    const char *code;
    if (!req_json_str(rq, "code", &code, true, 100))
        return;
    char token[DEVICES_TOKEN_MAX];
    json_t *o = NULL;
    sg_err e = device_enrol_complete(&rq->cx, code, token, &o);
    if (!e)
        snprintf(rq->set_cookie, sizeof rq->set_cookie, DEVICES_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                 token, DEVICES_COOKIE_MAX_AGE);
    sodium_memzero(token, sizeof token);
    reply_result(rq, e, o, 200);
}

/* GET /api/v1/device-credential (no log-in): the device this browser is
 * enrolled as, by its cookie. */
void h_device_whoami(sg_req *rq)
{
    const char *cred = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, DEVICES_COOKIE);
    json_t *o = NULL;
    sg_err e = device_credential_whoami(&rq->cx, cred, &o);
    reply_result(rq, e, o, 200);
}
