/* portal_api.c — inviting a parent to the portal and accepting the
 * invitation. Log-in, log-out, /me and the change of password are the
 * staff's endpoints (auth_api.c), which hand a parent to portal.c. */
#include <stdio.h>
#include "../core/config.h"
#include "portal.h"
#include "portal_api.h"

/* POST /api/v1/parents/{id}/invite  (parent.write) */
void h_parent_invite(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = portal_invite(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 201);
}

/* POST /api/v1/accept-invite {token, password}  (public: the token is the
 * credential). Answers like a log-in, with the session cookie. */
void h_accept_invite(sg_req *rq)
{
    const char *token, *password;
    if (!req_json_str(rq, "token", &token, true, AUTH_TOKEN_MAX) || !req_json_str(rq, "password", &password, true, 200))
        return;
    char session[AUTH_TOKEN_MAX];
    json_t *me = NULL;
    sg_err e = portal_accept(&rq->cx, token, password, session);
    if (!e && !(e = portal_me(&rq->cx, &me)))
        snprintf(rq->set_cookie, sizeof rq->set_cookie, "sg_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                 session, rq->cx.cfg->session_max_hours * 3600);
    reply_result(rq, e, me, 200);
}
