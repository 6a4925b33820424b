/* office_api.h — the office's handlers the route table names (issue 5:
 * visitors, messages, breaches, children's devices, outings). */
#ifndef SG_OFFICE_API_H
#define SG_OFFICE_API_H
#include "../http/http.h"
void h_visitor_list(sg_req *rq);
void h_visitor_sign_in(sg_req *rq);
void h_visitor_get(sg_req *rq);
void h_visitor_sign_out(sg_req *rq);
void h_visitor_return(sg_req *rq);
void h_message_list(sg_req *rq);
void h_message_take(sg_req *rq);
void h_message_get(sg_req *rq);
void h_message_relay(sg_req *rq);
void h_message_acknowledge(sg_req *rq);
void h_breach_list(sg_req *rq);
void h_breach_record(sg_req *rq);
void h_breach_get(sg_req *rq);
void h_breach_review(sg_req *rq);
void h_child_device_list(sg_req *rq);
void h_child_device_record(sg_req *rq);
void h_child_device_get(sg_req *rq);
void h_child_device_return(sg_req *rq);
void h_outing_list(sg_req *rq);
void h_outing_add(sg_req *rq);
void h_outing_get(sg_req *rq);
void h_home_visit_list(sg_req *rq);
void h_home_visit_add(sg_req *rq);
void h_home_visit_get(sg_req *rq);
#endif
