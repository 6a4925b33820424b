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
