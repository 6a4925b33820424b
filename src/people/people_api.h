/* people_api.h — the people handlers the route table names. */
#ifndef SG_PEOPLE_API_H
#define SG_PEOPLE_API_H
#include "../http/http.h"
#define PEOPLE_DECL(x) void h_##x##_list(sg_req *); void h_##x##_get(sg_req *); void h_##x##_add(sg_req *); \
    void h_##x##_edit(sg_req *); void h_##x##_end(sg_req *);
PEOPLE_DECL(room)
PEOPLE_DECL(adult)
PEOPLE_DECL(child)
PEOPLE_DECL(parent)
void h_child_link(sg_req *rq);
void h_child_unlink(sg_req *rq);
void h_adult_password(sg_req *rq);
void h_setting_get(sg_req *rq);
void h_import(sg_req *rq);
#endif
