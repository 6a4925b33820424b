/* http.h — the HTTP server's request, its helpers and the route table.
 *
 * A handler is thin: it reads the path ids, query and body through req_*,
 * calls one area function with the caller's context (rq->cx, filled from
 * the session by the server before the handler runs) and answers with
 * reply_*. A handler never enforces a rule: that is the area's job. */
#ifndef SG_HTTP_H
#define SG_HTTP_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "../core/ctx.h"

struct MHD_Connection;
struct MHD_Response;

typedef struct sg_req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    char *body;                 /* owned; NUL-terminated */
    size_t body_len;
    bool too_big;
    long max_body;              /* this route's body limit: cfg->max_body, or HTTP_RAW_MAX for R_RAW */
    int64_t ids[4];             /* {id} path segments, in order */
    int nids;
    json_t *json;               /* owned; the parsed body of a JSON route */
    sg_ctx cx;
    const char *session_token;  /* borrowed from the cookie, when any */
    char set_cookie[256];       /* Set-Cookie to send, when any */
    char set_cookie2[256];      /* a second one (a kiosk set up ends the session) */
    int status;
    struct MHD_Response *resp;
    double started;             /* monotonic seconds */
} sg_req;

/* A file body (R_RAW: a scanned form) may be this large, whatever
 * [server] max_body says for JSON. */
#define HTTP_RAW_MAX (10L * 1024 * 1024)

typedef void (*route_fn)(sg_req *rq);

enum {
    R_PUBLIC = 1,     /* no log-in needed */
    R_JSON = 2,       /* body must be a JSON object (application/json) */
    R_CSV = 4,        /* body is text/csv */
    R_KIOSK = 8,      /* a locker kiosk may call it (and may call nothing else) */
    R_PORTAL = 16,    /* a parent signed in to the portal may call it (and nothing else) */
    R_RAW = 32,       /* body is a file (a scanned form): any content type, checked by content */
};

typedef struct {
    const char *method;
    const char *pattern;   /* "/api/v1/children/{id}" */
    route_fn fn;
    unsigned flags;
} route;

/* routes.c: the one route table. */
extern const route http_routes[];
/* Match method and path; sets rq->ids. Returns the route, or NULL with
 * *path_known telling 405 (path exists, other method) from 404. */
const route *http_match(sg_req *rq, bool *path_known);

/* json_io.c */
int64_t req_id(sg_req *rq, int i);
const char *req_query(sg_req *rq, const char *name);
/* Read an optional integer query parameter in [min, max]; on a bad value
 * answer 400 and return false. */
bool req_query_int(sg_req *rq, const char *name, int64_t *out, int64_t min, int64_t max);
bool req_query_bool(sg_req *rq, const char *name, bool *out);
/* Read a string field of the JSON body (borrowed) of 1..max bytes; answer
 * 400 and return false when missing (and required) or wrong. */
bool req_json_str(sg_req *rq, const char *name, const char **out, bool required, size_t max);
void reply_json(sg_req *rq, int status, json_t *body);        /* steals body */
void reply_err(sg_req *rq, sg_err e);                          /* uses rq->cx's message */
/* SG_OK → reply_json(status, out); otherwise reply_err (out is freed). */
void reply_result(sg_req *rq, sg_err e, json_t *out, int status);
void reply_text(sg_req *rq, int status, const char *type, const char *text);

/* static.c: answer a UI page or asset; false when the path is the API's. */
bool web_serve(sg_req *rq);

/* server.c */
typedef struct {
    const struct sg_config *cfg;
    const crypto_signer *signer;
    const char *listen;     /* overrides cfg->listen when non-NULL */
    const char *banner;     /* printed once listening (e.g. demo log-ins) */
} http_options;
/* Serve until SIGINT or SIGTERM; then stop taking connections, let the
 * requests in flight finish, and return SG_OK. */
sg_err http_serve(const http_options *o, sg_ctx *err_cx);
#endif
