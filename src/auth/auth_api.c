/* auth_api.c — log-in, log-out, who am I, passwords and script tokens. */
#include <stdio.h>
#include "../core/config.h"
#include "../http/http.h"
#include "auth.h"
#include "auth_api.h"

void h_login(sg_req *rq)
{
    const char *email, *password;
    if (!req_json_str(rq, "email", &email, true, 200) || !req_json_str(rq, "password", &password, true, 200))
        return;
    char token[AUTH_TOKEN_MAX];
    sg_err e = auth_login(&rq->cx, email, password, token);
    json_t *me = NULL;
    if (!e && !(e = auth_me(&rq->cx, &me)))
        snprintf(rq->set_cookie, sizeof rq->set_cookie, "sg_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                 token, rq->cx.cfg->session_max_hours * 3600);
    reply_result(rq, e, me, 200);
}

void h_logout(sg_req *rq)
{
    sg_err e = rq->session_token ? auth_logout(&rq->cx, rq->session_token)
                                 : sg_fail(&rq->cx, SG_EBADREQ, "script tokens are revoked, not logged out");
    if (!e)
        snprintf(rq->set_cookie, sizeof rq->set_cookie, "sg_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    reply_result(rq, e, json_pack("{sb}", "logged_out", 1), 200);
}

void h_me(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = auth_me(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_me_password(sg_req *rq)
{
    const char *cur, *next;
    if (req_json_str(rq, "current_password", &cur, true, 200) && req_json_str(rq, "new_password", &next, true, 200))
        reply_result(rq, auth_change_password(&rq->cx, cur, next), NULL, 200);
}

void h_token_list(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = token_list(&rq->cx, &o);
    reply_result(rq, e, o, 200);
}

void h_token_create(sg_req *rq)
{
    const char *name;
    if (!req_json_str(rq, "name", &name, true, 80))
        return;
    char token[AUTH_TOKEN_MAX];
    json_t *o = NULL;
    sg_err e = token_create(&rq->cx, 0, name, token, &o);
    reply_result(rq, e, o, 201);
}

void h_token_revoke(sg_req *rq)
{
    json_t *o = NULL;
    sg_err e = token_revoke(&rq->cx, req_id(rq, 0), &o);
    reply_result(rq, e, o, 200);
}
