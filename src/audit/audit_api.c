/* audit_api.c — reading the audit log, signing and verifying it. */
#include <string.h>
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../http/http.h"
#include "audit.h"
#include "audit_api.h"

static bool time_param(sg_req *rq, const char *name, int64_t *out)
{
    const char *v = req_query(rq, name);
    if (v && !clock_parse_iso(v, out)) {
        reply_err(rq, sg_fail_field(&rq->cx, SG_EBADREQ, name, "%s must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", name));
        return false;
    }
    return true;
}

void h_audit_list(sg_req *rq)
{
    audit_filter f = {.actor = req_query(rq, "actor"), .action = req_query(rq, "action"),
                      .object_type = req_query(rq, "object_type")};
    int64_t limit = 50;
    if (!req_query_int(rq, "object_id", &f.object_id, 1, INT64_MAX) ||
        !req_query_int(rq, "before_seq", &f.before_seq, 1, INT64_MAX) ||
        !req_query_int(rq, "limit", &limit, 1, 500) || !time_param(rq, "from", &f.from) ||
        !time_param(rq, "to", &f.to))
        return;
    f.limit = (int)limit;
    json_t *o = NULL;
    sg_err e = audit_list(&rq->cx, &f, &o);
    reply_result(rq, e, o, 200);
}

void h_audit_checkpoint(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = audit_checkpoint(&rq->cx, &o);
    reply_result(rq, e, o, 201);
}

void h_audit_verify(sg_req *rq)
{
    sg_err e = perm_require(&rq->cx, PERM_AUDIT_READ);
    audit_report r;
    if (!e)
        e = audit_verify(&rq->cx, rq->cx.setting_id, NULL, &r);
    if (e && e != SG_ETAMPER) {
        reply_err(rq, e);
        return;
    }
    json_t *o = json_pack("{sb sI sI}", "intact", e == SG_OK, "events", (json_int_t)r.events,
                          "checkpoints", (json_int_t)r.checkpoints);
    if (e)
        json_object_set_new(o, "first_break", json_pack("{sI ss}", "seq", (json_int_t)r.bad_seq, "why", r.why));
    reply_json(rq, 200, o);
}
