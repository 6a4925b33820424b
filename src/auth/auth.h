/* auth.h — log-in, sessions, lock-out and script tokens (PEOPLE-14,
 * DATA-04, DATA-07). Only hashes of session and script tokens are stored;
 * the token itself is shown once. */
#ifndef SG_AUTH_H
#define SG_AUTH_H
#include <jansson.h>
#include "../core/ctx.h"

#define AUTH_TOKEN_MAX 64

/* Check e-mail and password — an adult's, else a parent's portal account
 * (portal.h); on success start a session, fill cx (setting, actor, roles,
 * or parent_id) and put the session token in `token`. Failures: SG_EUNAUTH
 * (wrong e-mail or password — the same answer for both), SG_ELOCKED. A
 * failed attempt is counted and audited even though the call fails. */
sg_err auth_login(sg_ctx *cx, const char *email, const char *password, char token[AUTH_TOKEN_MAX]);
/* Resolve a session cookie into cx; SG_EUNAUTH or SG_EEXPIRED. */
sg_err auth_session(sg_ctx *cx, const char *token);
/* Resolve a script's bearer token into cx; SG_EUNAUTH when unknown or revoked. */
sg_err auth_bearer(sg_ctx *cx, const char *token);
sg_err auth_logout(sg_ctx *cx, const char *token);
/* Act as a named adult of cx's setting (CLI --as): actor and roles. */
sg_err auth_act_as(sg_ctx *cx, const char *email);
/* Who is logged in: {adult, setting, roles, permissions}. */
sg_err auth_me(sg_ctx *cx, json_t **out);
/* Change one's own password (current one required). */
sg_err auth_change_password(sg_ctx *cx, const char *current, const char *next);

/* Script tokens: created for an adult (0: the caller), shown once. */
sg_err token_create(sg_ctx *cx, int64_t adult_id, const char *name, char token[AUTH_TOKEN_MAX], json_t **out);
sg_err token_list(sg_ctx *cx, json_t **out);
sg_err token_revoke(sg_ctx *cx, int64_t id, json_t **out);
#endif
