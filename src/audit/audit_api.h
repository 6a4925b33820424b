/* audit_api.h — handlers named by the route table. */
#ifndef SG_AUDIT_API_H
#define SG_AUDIT_API_H
#include "../http/http.h"
void h_audit_list(sg_req *rq);
void h_audit_checkpoint(sg_req *rq);
void h_audit_verify(sg_req *rq);
#endif
