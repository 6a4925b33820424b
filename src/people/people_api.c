/* people_api.c — HTTP handlers for rooms, adults, children and parents.
 * Thin: parse, call the area, answer. The routes are in http/routes.c. */
#include "../auth/auth.h"
#include "../http/http.h"
#include "people.h"
#include "people_api.h"

static bool read_query(sg_req *rq, people_query *q)
{
    int64_t room = 0, limit = 0, offset = 0;
    bool ended = false;
    if (!req_query_bool(rq, "include_ended", &ended) || !req_query_int(rq, "room_id", &room, 1, INT64_MAX) ||
        !req_query_int(rq, "limit", &limit, 1, 1000) || !req_query_int(rq, "offset", &offset, 0, 1000000))
        return false;
    *q = (people_query){.q = req_query(rq, "q"), .include_ended = ended, .room_id = room,
                        .limit = (int)limit, .offset = (int)offset};
    return true;
}

/* The five handlers every people record has, generated once. */
#define PEOPLE_HANDLERS(x)                                          \
    void h_##x##_list(sg_req *rq)                                   \
    {                                                               \
        people_query q;                                             \
        json_t *o = NULL;                                           \
        if (!read_query(rq, &q))                                    \
            return;                                                 \
        sg_err e = x##_list(&rq->cx, &q, &o);                       \
        reply_result(rq, e, o, 200);                                \
    }                                                               \
    void h_##x##_get(sg_req *rq)                                    \
    {                                                               \
        json_t *o = NULL;                                           \
        sg_err e = x##_get(&rq->cx, req_id(rq, 0), &o);             \
        reply_result(rq, e, o, 200);                                \
    }                                                               \
    void h_##x##_add(sg_req *rq)                                    \
    {                                                               \
        json_t *o = NULL;                                           \
        sg_err e = x##_add(&rq->cx, rq->json, &o);                  \
        reply_result(rq, e, o, 201);                                \
    }                                                               \
    void h_##x##_edit(sg_req *rq)                                   \
    {                                                               \
        json_t *o = NULL;                                           \
        sg_err e = x##_edit(&rq->cx, req_id(rq, 0), rq->json, &o);  \
        reply_result(rq, e, o, 200);                                \
    }                                                               \
    void h_##x##_end(sg_req *rq)                                    \
    {                                                               \
        json_t *o = NULL;                                           \
        sg_err e = x##_end(&rq->cx, req_id(rq, 0), rq->json, &o);   \
        reply_result(rq, e, o, 200);                                \
    }

PEOPLE_HANDLERS(room)
PEOPLE_HANDLERS(adult)
PEOPLE_HANDLERS(child)
PEOPLE_HANDLERS(parent)

void h_child_link(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = child_link_parent(&rq->cx, req_id(rq, 0), rq->json, &o);
    reply_result(rq, e, o, 201);
}

void h_child_unlink(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = child_unlink_parent(&rq->cx, req_id(rq, 0), req_id(rq, 1), &o);
    reply_result(rq, e, o, 200);
}

void h_adult_password(sg_req *rq)
{
    const char *pw;
    if (req_json_str(rq, "password", &pw, true, 200))
        reply_result(rq, adult_set_password(&rq->cx, req_id(rq, 0), pw), NULL, 200);
}

void h_setting_get(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = setting_get(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_import(sg_req *rq)
{
    bool dry = false;
    if (!req_query_bool(rq, "dry_run", &dry))
        return;
    const char *kind = rq->path + sizeof "/api/v1/import/" - 1;
    json_t *o = NULL;
    sg_err e = import_csv(&rq->cx, kind, rq->body ? rq->body : "", rq->body_len, dry, NULL, &o);
    reply_result(rq, e, o, dry ? 200 : 201);
}
