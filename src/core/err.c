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
    [SG_EPURPOSE]   = {"unknown_purpose", 422, "there is no such consent purpose"},
    [SG_EFORM]      = {"unknown_form", 422, "there is no such consent form version in this setting"},
    [SG_ENOPR]      = {"no_parental_responsibility", 422, "the signer does not hold parental responsibility or may not consent"},
    [SG_ELOOKEDAFTER] = {"looked_after", 422, "a looked-after child's consent is given by the social worker and the local authority"},
    [SG_EEXPIRYPAST] = {"expiry_in_past", 422, "a consent's expiry must be after today"},
    [SG_EWITHDRAWN] = {"already_withdrawn", 409, "this consent was already withdrawn"},
    [SG_ENOCHECK]   = {"young_person_check_missing", 409, "the DSL has not recorded the check a young person's own consent needs"},
    [SG_ENOTDOC]    = {"not_a_document", 415, "the file is not a PDF, JPEG or PNG"},
    [SG_ECONSENTMISSING] = {"consent_missing", 409, "someone involved has no consent recorded for this"},
    [SG_EPORTAL]    = {"portal_only", 403, "a parent portal account may only use the parent portal"},
    [SG_EINVITEUNKNOWN] = {"invite_unknown", 404, "this invitation link is not known; ask the setting for a new one"},
    [SG_EINVITEUSED] = {"invite_used", 409, "this invitation has already been used; log in instead"},
    [SG_EINVITEEXPIRED] = {"invite_expired", 410, "this invitation has expired; ask the setting for a new one"},
    [SG_ENOEMAIL]   = {"email_missing", 422, "the record has no e-mail address"},
    [SG_EPARENTENDED] = {"parent_ended", 422, "this parent's record has ended"},
    [SG_ENOCHILD]   = {"no_linked_child", 422, "this parent is not linked to any current child"},
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
