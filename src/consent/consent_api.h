/* consent_api.h — the consent handlers the route table names. */
#ifndef SG_CONSENT_API_H
#define SG_CONSENT_API_H
#include "../http/http.h"
void h_consent_purposes(sg_req *rq);
void h_consent_form_list(sg_req *rq);
void h_consent_form_publish(sg_req *rq);
void h_consent_form_get(sg_req *rq);
void h_consent_child(sg_req *rq);
void h_consent_give(sg_req *rq);
void h_consent_withdraw(sg_req *rq);
void h_consent_overview(sg_req *rq);
void h_consent_scan_store(sg_req *rq);
void h_consent_scan_get(sg_req *rq);
void h_restriction_list(sg_req *rq);
void h_restriction_set(sg_req *rq);
void h_restriction_lift(sg_req *rq);
void h_young_person_check(sg_req *rq);
void h_own_consent_get(sg_req *rq);
void h_own_consent_give(sg_req *rq);
void h_press_visit_list(sg_req *rq);
void h_press_visit_add(sg_req *rq);
void h_press_visit_get(sg_req *rq);
void h_press_visit_approve(sg_req *rq);
void h_portal_children(sg_req *rq);
void h_portal_consent_give(sg_req *rq);
void h_portal_consent_withdraw(sg_req *rq);
#endif
