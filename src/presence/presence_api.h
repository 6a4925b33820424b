/* presence_api.h — HTTP handlers of the presence area (routes.c names them). */
#ifndef SG_PRESENCE_API_H
#define SG_PRESENCE_API_H
#include "../http/http.h"
void h_findings(sg_req *rq);
void h_policy_get(sg_req *rq);
void h_policy_set(sg_req *rq);
void h_presence_board(sg_req *rq);
void h_presence_me(sg_req *rq);
void h_presence_adult(sg_req *rq);
void h_presence_ledger(sg_req *rq);
void h_presence_sign_on(sg_req *rq);
void h_presence_sign_off(sg_req *rq);
void h_presence_check_in(sg_req *rq);
void h_presence_none(sg_req *rq);
void h_presence_check_out(sg_req *rq);
void h_shift_plan(sg_req *rq);
void h_shift_get(sg_req *rq);
void h_shift_edit(sg_req *rq);
void h_grant_list(sg_req *rq);
void h_grant_create(sg_req *rq);
void h_grant_end(sg_req *rq);
void h_kiosk_list(sg_req *rq);
void h_kiosk_create(sg_req *rq);
void h_kiosk_revoke(sg_req *rq);
void h_kiosk_home(sg_req *rq);
void h_kiosk_act(sg_req *rq);
void h_kiosk_leave(sg_req *rq);
void h_me_pin(sg_req *rq);
void h_adult_pin(sg_req *rq);
#endif
