/* portal_api.h — handlers of the parent portal's invitations and log-in,
 * named by the route table. */
#ifndef SG_PORTAL_API_H
#define SG_PORTAL_API_H
#include "../http/http.h"
void h_parent_invite(sg_req *rq);
void h_accept_invite(sg_req *rq);
#endif
