/* office_api.c — HTTP handlers for the office's records: visitors, calls
 * relayed to staff, observed breaches, children's devices, outings and
 * home visits. Thin: parse, call the area (office.h), answer. The routes
 * are in http/routes.c; docs/api.md describes them. */
#include "../http/http.h"
#include "office.h"
#include "office_api.h"

/* GET handlers of one record by its {id}. */
#define GET_ONE(h, fn)                                  \
    void h(sg_req *rq)                                  \
    {                                                   \
        json_t *o = NULL;                               \
        sg_err e = fn(&rq->cx, req_id(rq, 0), &o);      \
        reply_result(rq, e, o, 200);                    \
    }

/* POST handlers that make a record from the body. */
#define CREATE(h, fn)                                   \
    void h(sg_req *rq)                                  \
    {                                                   \
        json_t *o = NULL;                               \
        sg_err e = fn(&rq->cx, rq->json, &o);           \
        reply_result(rq, e, o, 201);                    \
    }

/* POST handlers of one step on the record {id}, with the body. */
#define STEP(h, fn)                                             \
    void h(sg_req *rq)                                          \
    {                                                           \
        json_t *o = NULL;                                       \
        sg_err e = fn(&rq->cx, req_id(rq, 0), rq->json, &o);    \
        reply_result(rq, e, o, 200);                            \
    }

/* GET handlers of a day's list (?date=YYYY-MM-DD, default today). */
#define DAY_LIST(h, fn)                                         \
    void h(sg_req *rq)                                          \
    {                                                           \
        json_t *o = NULL;                                       \
        sg_err e = fn(&rq->cx, req_query(rq, "date"), &o);      \
        reply_result(rq, e, o, 200);                            \
    }

/* GET handlers of a list between dates (?from=&to=). */
#define RANGE_LIST(h, fn)                                                           \
    void h(sg_req *rq)                                                              \
    {                                                                               \
        json_t *o = NULL;                                                           \
        sg_err e = fn(&rq->cx, req_query(rq, "from"), req_query(rq, "to"), &o);     \
        reply_result(rq, e, o, 200);                                                \
    }

DAY_LIST(h_visitor_list, visitor_list)
CREATE(h_visitor_sign_in, visitor_sign_in)
GET_ONE(h_visitor_get, visitor_get)
STEP(h_visitor_sign_out, visitor_sign_out)
STEP(h_visitor_return, visitor_return)

DAY_LIST(h_message_list, message_list)
CREATE(h_message_take, message_take)
GET_ONE(h_message_get, message_get)
STEP(h_message_relay, message_relay)
GET_ONE(h_message_acknowledge, message_acknowledge)

void h_breach_list(sg_req *rq)
{
    bool open = false;
    if (!req_query_bool(rq, "open", &open))
        return;
    json_t *o = NULL;
    sg_err e = breach_list(&rq->cx, open, &o);
    reply_result(rq, e, o, 200);
}
CREATE(h_breach_record, breach_record)
GET_ONE(h_breach_get, breach_get)
STEP(h_breach_review, breach_review)

DAY_LIST(h_child_device_list, child_device_list)
CREATE(h_child_device_record, child_device_record)
GET_ONE(h_child_device_get, child_device_get)
STEP(h_child_device_return, child_device_return)

RANGE_LIST(h_outing_list, outing_list)
CREATE(h_outing_add, outing_add)
GET_ONE(h_outing_get, outing_get)
RANGE_LIST(h_home_visit_list, home_visit_list)
CREATE(h_home_visit_add, home_visit_add)
GET_ONE(h_home_visit_get, home_visit_get)
