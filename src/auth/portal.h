/* portal.h — parents' log-in to the parent portal (PEOPLE-14, DATA-04,
 * DATA-07, CONSENT-04).
 *
 * A parent, carer, social worker or local authority on the `parents` table
 * gets a portal account through a one-time invitation made by the office
 * and then logs in on the same log-in page as the staff. A portal session
 * fills the caller's context with the setting, parent_id and the actor
 * "parent:N", and no roles, so every staff permission refuses it; the
 * server lets it call the routes marked R_PORTAL and nothing else.
 *
 * Session tokens start "sgp_" (staff's "sgs_"), so one cookie resolves to
 * either kind. Invitation tokens start "sgi_". Only SHA-256 hashes of
 * tokens are stored; each is shown once. */
#ifndef SG_PORTAL_H
#define SG_PORTAL_H
#include <jansson.h>
#include <stdbool.h>
#include "auth.h"

#define PORTAL_SESSION_PREFIX "sgp_"
#define PORTAL_INVITE_PREFIX "sgi_"
#define PORTAL_WELCOME_PATH "/welcome#token="

/* Invite parent `parent_id` of cx's setting (permission parent.write). Any
 * unused invitation of theirs is replaced. *out (caller owns) is
 * {invite_id, parent_id, link, token, expires_at}; the token is in no
 * other place. Fails with SG_ENOTFOUND (no such parent here),
 * SG_EPARENTENDED, SG_ENOCHILD (no current link to a child), SG_ENOEMAIL,
 * or SG_ECONFLICT (the e-mail is an adult's log-in, or another parent's
 * account or open invitation). */
sg_err portal_invite(sg_ctx *cx, int64_t parent_id, json_t **out);

/* Accept an invitation: set the parent's password, use up the invitation
 * and start a portal session (its token into `session`), all audited in
 * one transaction; cx becomes the parent's. Fails with SG_EINVAL
 * (password), SG_EINVITEUNKNOWN, SG_EINVITEUSED, SG_EINVITEEXPIRED
 * (expired or replaced), or the invitation's own refusals above; on any
 * failure nothing is written. */
sg_err portal_accept(sg_ctx *cx, const char *token, const char *password, char session[AUTH_TOKEN_MAX]);

/* The parent half of auth_login, for an e-mail that is no adult's: the same
 * answers, counting, lock-out and audit events as the staff's. */
sg_err portal_login(sg_ctx *cx, const char *email, const char *password, char token[AUTH_TOKEN_MAX]);
/* Does this session token belong to a portal session? */
bool portal_is_session_token(const char *token);
/* Resolve a portal session cookie into cx; SG_EUNAUTH or SG_EEXPIRED. A
 * parent whose record or every link to a child has ended, or who is locked
 * out, has no session any more. */
sg_err portal_session(sg_ctx *cx, const char *token);
sg_err portal_logout(sg_ctx *cx, const char *token);
/* {parent:{id, first_name, last_name}, setting, roles:[], permissions:[],
 * portal:true} for the signed-in parent. */
sg_err portal_me(sg_ctx *cx, json_t **out);
/* The signed-in parent changes their own password (the current one
 * required; wrong guesses count towards the lock-out). Their other
 * sessions end. */
sg_err portal_change_password(sg_ctx *cx, const char *current, const char *next);

/* Demo: give the parent with this e-mail in cx's setting a ready portal
 * password and append {email, password, roles, portal:true} to logins. */
sg_err portal_demo_account(sg_ctx *cx, const char *email, const char *password, json_t *logins);
#endif
