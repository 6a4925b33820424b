/* auth_api.h — handlers named by the route table. */
#ifndef SG_AUTH_API_H
#define SG_AUTH_API_H
#include "../http/http.h"
void h_login(sg_req *rq);
void h_logout(sg_req *rq);
void h_me(sg_req *rq);
void h_me_password(sg_req *rq);
void h_token_list(sg_req *rq);
void h_token_create(sg_req *rq);
void h_token_revoke(sg_req *rq);
#endif
