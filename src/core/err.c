/* err.c — names, HTTP statuses and default messages of the sg_err codes.
 * docs/errors.md is the user-facing copy of this table. */
#include "err.h"

static const struct {
    const char *code;
    int http;
    const char *msg;
} table[SG_ERR_COUNT] = {
    [SG_OK]         = {"ok", 200, "ok"},
    [SG_EBADREQ]    = {"bad_request", 400, "the request is malformed"},
    [SG_EJSON]      = {"invalid_json", 400, "the body is not a valid JSON object"},
    [SG_EINVAL]     = {"invalid_field", 400, "a field is missing or not valid"},
    [SG_EUNAUTH]    = {"unauthenticated", 401, "log in first"},
    [SG_EEXPIRED]   = {"session_expired", 401, "your session has expired; log in again"},
    [SG_ECSRF]      = {"csrf_header_missing", 403, "state-changing requests need the X-Safeguard-Request header"},
    [SG_EFORBIDDEN] = {"forbidden", 403, "your role may not do this"},
    [SG_ENOTFOUND]  = {"not_found", 404, "no such record"},
    [SG_EMETHOD]    = {"method_not_allowed", 405, "this method is not allowed here"},
    [SG_ECONFLICT]  = {"conflict", 409, "the record's state does not allow this"},
    [SG_EEXISTS]    = {"already_exists", 409, "it already exists"},
    [SG_ELOCKED]    = {"locked_out", 429, "too many failed log-ins; try again later"},
    [SG_ETOOBIG]    = {"too_large", 413, "the request body is too large"},
    [SG_EMEDIA]     = {"unsupported_media_type", 415, "this content type is not accepted here"},
    [SG_EIMPORT]    = {"import_rejected", 422, "the file has bad rows; nothing was saved"},
    [SG_EPOLICY]    = {"refused_by_policy", 422, "the setting's safeguarding policy does not allow this"},
    [SG_ENOTONSHIFT] = {"not_on_shift", 409, "the adult is not signed on to a shift"},
    [SG_ENOTNOW]    = {"not_allowed_now", 409, "not allowed now: outside the break and no permission covers it"},
    [SG_EKIOSK]     = {"kiosk_only", 403, "a locker kiosk may only use the kiosk"},
    [SG_EPIN]       = {"wrong_pin", 403, "that PIN is not right"},
    [SG_EUSAGE]     = {"usage", 400, "wrong command-line usage"},
    [SG_EIO]        = {"io_error", 500, "a file could not be read or written"},
    [SG_ESTORE]     = {"store_error", 500, "the database failed"},
    [SG_ECRYPTO]    = {"crypto_error", 500, "a cryptographic operation failed"},
    [SG_ETAMPER]    = {"audit_broken", 500, "the audit chain does not verify"},
    [SG_EINTERNAL]  = {"internal_error", 500, "internal error"},
};

const char *sg_err_code(sg_err e)
{
    return (e >= 0 && e < SG_ERR_COUNT) ? table[e].code : "internal_error";
}

int sg_err_http(sg_err e)
{
    return (e >= 0 && e < SG_ERR_COUNT) ? table[e].http : 500;
}

const char *sg_err_default_msg(sg_err e)
{
    return (e >= 0 && e < SG_ERR_COUNT) ? table[e].msg : "internal error";
}
