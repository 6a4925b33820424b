/* err.h — the one list of things that can go wrong.
 *
 * Every function that can fail returns an sg_err. Each code has a stable
 * machine-readable name (used in the JSON error body, the CLI's
 * "safeguard: <code>: <message>" line and docs/errors.md) and the HTTP status
 * the API answers with. The human message travels separately, in the
 * caller's sg_ctx (see ctx.h), so the code list stays short and stable. */
#ifndef SG_ERR_H
#define SG_ERR_H

typedef enum {
    SG_OK = 0,
    SG_EBADREQ,      /* bad_request: malformed query, path or header */
    SG_EJSON,        /* invalid_json: body is not a JSON object */
    SG_EINVAL,       /* invalid_field: a field is missing, mistyped or out of range */
    SG_EUNAUTH,      /* unauthenticated: no or unknown credentials */
    SG_EEXPIRED,     /* session_expired */
    SG_ECSRF,        /* csrf_header_missing */
    SG_EFORBIDDEN,   /* forbidden: the caller's roles may not */
    SG_ENOTFOUND,    /* not_found: unknown id, or another setting's */
    SG_EMETHOD,      /* method_not_allowed */
    SG_ECONFLICT,    /* conflict: the record's state does not allow it */
    SG_EEXISTS,      /* already_exists: unique name, e-mail, data directory */
    SG_ELOCKED,      /* locked_out: too many failed log-ins */
    SG_ETOOBIG,      /* too_large: body over the limit */
    SG_EMEDIA,       /* unsupported_media_type */
    SG_EIMPORT,      /* import_rejected: a CSV file had bad rows; nothing saved */
    SG_EPOLICY,      /* refused_by_policy: a safeguarding rule forbids it (the message names the rule) */
    SG_ENOTONSHIFT,  /* not_on_shift: the adult is not signed on to a shift */
    SG_ENOTNOW,      /* not_allowed_now: outside the adult's break and no permission covers now */
    SG_EKIOSK,       /* kiosk_only: a locker kiosk may use the kiosk endpoints and nothing else */
    SG_EPIN,         /* wrong_pin: the adult's kiosk PIN did not match */
    SG_EPURPOSE,     /* unknown_purpose: not one of the consent purposes (or not on that form) */
    SG_EFORM,        /* unknown_form: no such consent form version in this setting */
    SG_ENOPR,        /* no_parental_responsibility: the signer may not consent for this child */
    SG_ELOOKEDAFTER, /* looked_after: a looked-after child's consent needs the social worker and local authority */
    SG_EEXPIRYPAST,  /* expiry_in_past: a consent's expiry date is not after today */
    SG_EWITHDRAWN,   /* already_withdrawn: the consent was withdrawn before */
    SG_ENOCHECK,     /* young_person_check_missing: the DSL has not recorded the check (CONSENT-07) */
    SG_ENOTDOC,      /* not_a_document: an upload is not a PDF, JPEG or PNG by its content */
    SG_ECONSENTMISSING, /* consent_missing: someone involved lacks the consent needed */
    SG_EPORTAL,      /* portal_only: a parent signed in to the portal may use the portal endpoints only */
    SG_EINVITEUNKNOWN, /* invite_unknown: no invitation has this token */
    SG_EINVITEUSED,  /* invite_used: the invitation was already used */
    SG_EINVITEEXPIRED, /* invite_expired: the invitation expired or a newer one replaced it */
    SG_ENOEMAIL,     /* email_missing: the record needs an e-mail address for this */
    SG_EPARENTENDED, /* parent_ended: the parent's record has ended */
    SG_ENOCHILD,     /* no_linked_child: the parent is linked to no current child */
    SG_EUSAGE,       /* usage: CLI flags (exit 2) */
    SG_EIO,          /* io_error */
    SG_ESTORE,       /* store_error: the database failed */
    SG_ECRYPTO,      /* crypto_error */
    SG_ETAMPER,      /* audit_broken: the audit chain does not verify */
    SG_EINTERNAL,    /* internal_error */
    SG_ERR_COUNT
} sg_err;

/* The stable code name, e.g. "not_found". Never NULL. */
const char *sg_err_code(sg_err e);
/* The HTTP status the API answers with for this code. */
int sg_err_http(sg_err e);
/* A default human message when none was given. */
const char *sg_err_default_msg(sg_err e);

#endif
