/* json_io.c — reading requests and writing answers. Every error answer is
 * {"error":{"code","message"[,"field"][,"details"]}} (docs/errors.md). */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http.h"

void http_set_response(sg_req *rq, int status, const char *type, char *data, size_t len);

int64_t req_id(sg_req *rq, int i) { return i < rq->nids ? rq->ids[i] : 0; }

const char *req_query(sg_req *rq, const char *name)
{
    const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

bool req_query_int(sg_req *rq, const char *name, int64_t *out, int64_t min, int64_t max)
{
    const char *v = req_query(rq, name);
    if (!v)
        return true;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (*end || n < min || n > max) {
        reply_err(rq, sg_fail_field(&rq->cx, SG_EBADREQ, name, "%s must be a whole number from %lld to %lld", name,
                                    (long long)min, (long long)max));
        return false;
    }
    *out = n;
    return true;
}

bool req_query_bool(sg_req *rq, const char *name, bool *out)
{
    const char *v = req_query(rq, name);
    if (!v)
        return true;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
        *out = true;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        *out = false;
    else {
        reply_err(rq, sg_fail_field(&rq->cx, SG_EBADREQ, name, "%s must be true or false", name));
        return false;
    }
    return true;
}

bool req_json_str(sg_req *rq, const char *name, const char **out, bool required, size_t max)
{
    json_t *v = rq->json ? json_object_get(rq->json, name) : NULL;
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (!required)
            return true;
        reply_err(rq, sg_fail_field(&rq->cx, SG_EINVAL, name, "%s is required", name));
        return false;
    }
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max) {
        reply_err(rq, sg_fail_field(&rq->cx, SG_EINVAL, name, "%s must be text of 1 to %zu characters", name, max));
        return false;
    }
    *out = json_string_value(v);
    return true;
}

void reply_json(sg_req *rq, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!s) {
        s = strdup("{\"error\":{\"code\":\"internal_error\",\"message\":\"cannot encode the answer\"}}");
        status = 500;
    }
    http_set_response(rq, status, "application/json; charset=utf-8", s, strlen(s));
}

void reply_err(sg_req *rq, sg_err e)
{
    json_t *err = json_pack("{ss ss}", "code", sg_err_code(e), "message", sg_msg(&rq->cx, e));
    if (rq->cx.field[0])
        json_object_set_new(err, "field", json_string(rq->cx.field));
    if (rq->cx.err_detail)
        json_object_set(err, "details", rq->cx.err_detail);
    int status = sg_err_http(e);
    if (status >= 500)
        fprintf(stderr, "safeguard: %s: %s\n", sg_err_code(e), sg_msg(&rq->cx, e));
    reply_json(rq, status, json_pack("{so}", "error", err));
}

void reply_result(sg_req *rq, sg_err e, json_t *out, int status)
{
    if (e) {
        json_decref(out);
        reply_err(rq, e);
    } else {
        reply_json(rq, status, out ? out : json_object());
    }
}

void reply_text(sg_req *rq, int status, const char *type, const char *text)
{
    char *s = strdup(text);
    http_set_response(rq, status, type, s, s ? strlen(s) : 0);
}
