/* routes.c — the one route table. Every endpoint is here once; docs/api.md
 * describes each. {id} matches a positive whole number only. */
#include <stdlib.h>
#include <string.h>
#include "../audit/audit_api.h"
#include "../auth/auth_api.h"
#include "../auth/portal_api.h"
#include "../consent/consent_api.h"
#include "../devices/devices_api.h"
#include "../people/people_api.h"
#include "../presence/office_api.h"
#include "../presence/presence_api.h"
#include "http.h"

static void h_health(sg_req *rq)
{
    reply_json(rq, 200, json_pack("{ss}", "status", "ok"));
}


#define PEOPLE_ROUTES(path, x)                                       \
    {"GET", "/api/v1/" path, h_##x##_list, 0},                       \
    {"POST", "/api/v1/" path, h_##x##_add, R_JSON},                  \
    {"GET", "/api/v1/" path "/{id}", h_##x##_get, 0},                \
    {"PATCH", "/api/v1/" path "/{id}", h_##x##_edit, R_JSON},        \
    {"POST", "/api/v1/" path "/{id}/end", h_##x##_end, R_JSON}

const route http_routes[] = {
    {"GET", "/healthz", h_health, R_PUBLIC},
    {"POST", "/api/v1/login", h_login, R_PUBLIC | R_JSON},
    {"POST", "/api/v1/logout", h_logout, R_PORTAL},
    {"GET", "/api/v1/me", h_me, R_PORTAL},
    {"POST", "/api/v1/me/password", h_me_password, R_PORTAL | R_JSON},
    {"GET", "/api/v1/setting", h_setting_get, 0},
    PEOPLE_ROUTES("rooms", room),
    PEOPLE_ROUTES("adults", adult),
    {"POST", "/api/v1/adults/{id}/password", h_adult_password, R_JSON},
    PEOPLE_ROUTES("children", child),
    {"POST", "/api/v1/children/{id}/parents", h_child_link, R_JSON},
    {"POST", "/api/v1/children/{id}/parents/{id}/end", h_child_unlink, R_JSON},
    PEOPLE_ROUTES("parents", parent),
    /* the parent portal's invitations (issue 7) */
    {"POST", "/api/v1/parents/{id}/invite", h_parent_invite, R_JSON},
    {"POST", "/api/v1/accept-invite", h_accept_invite, R_PUBLIC | R_JSON},
    {"POST", "/api/v1/import/children", h_import, R_CSV},
    {"POST", "/api/v1/import/staff", h_import, R_CSV},
    {"GET", "/api/v1/audit", h_audit_list, 0},
    {"GET", "/api/v1/audit/verify", h_audit_verify, 0},
    {"POST", "/api/v1/audit/checkpoint", h_audit_checkpoint, R_JSON},
    {"GET", "/api/v1/tokens", h_token_list, 0},
    {"POST", "/api/v1/tokens", h_token_create, R_JSON},
    {"POST", "/api/v1/tokens/{id}/revoke", h_token_revoke, R_JSON},
    {"GET", "/api/v1/findings", h_findings, 0},
    {"GET", "/api/v1/policy", h_policy_get, 0},
    {"PATCH", "/api/v1/policy", h_policy_set, R_JSON},
    /* presence: shifts, the locker ledger, permissions, kiosks (issue 5) */
    {"GET", "/api/v1/presence", h_presence_board, 0},
    {"GET", "/api/v1/presence/me", h_presence_me, 0},
    {"GET", "/api/v1/presence/ledger", h_presence_ledger, 0},
    {"GET", "/api/v1/presence/adults/{id}", h_presence_adult, 0},
    {"POST", "/api/v1/presence/adults/{id}/sign-on", h_presence_sign_on, R_JSON},
    {"POST", "/api/v1/presence/adults/{id}/sign-off", h_presence_sign_off, R_JSON},
    {"POST", "/api/v1/presence/adults/{id}/check-in", h_presence_check_in, R_JSON},
    {"POST", "/api/v1/presence/adults/{id}/none", h_presence_none, R_JSON},
    {"POST", "/api/v1/presence/adults/{id}/check-out", h_presence_check_out, R_JSON},
    {"POST", "/api/v1/shifts", h_shift_plan, R_JSON},
    {"GET", "/api/v1/shifts/{id}", h_shift_get, 0},
    {"PATCH", "/api/v1/shifts/{id}", h_shift_edit, R_JSON},
    {"GET", "/api/v1/grants", h_grant_list, 0},
    {"POST", "/api/v1/grants", h_grant_create, R_JSON},
    {"POST", "/api/v1/grants/{id}/end", h_grant_end, R_JSON},
    {"GET", "/api/v1/kiosks", h_kiosk_list, 0},
    {"POST", "/api/v1/kiosks", h_kiosk_create, R_JSON},
    {"POST", "/api/v1/kiosks/{id}/revoke", h_kiosk_revoke, R_JSON},
    {"GET", "/api/v1/kiosk", h_kiosk_home, R_KIOSK},
    {"POST", "/api/v1/kiosk/actions", h_kiosk_act, R_KIOSK | R_JSON},
    {"POST", "/api/v1/kiosk/leave", h_kiosk_leave, R_KIOSK | R_JSON},
    {"POST", "/api/v1/me/pin", h_me_pin, R_JSON},
    {"POST", "/api/v1/adults/{id}/pin", h_adult_pin, R_JSON},
    /* office: visitors, messages, breaches, children's devices, outings (issue 5) */
    {"GET", "/api/v1/visitors", h_visitor_list, 0},
    {"POST", "/api/v1/visitors", h_visitor_sign_in, R_JSON},
    {"GET", "/api/v1/visitors/{id}", h_visitor_get, 0},
    {"POST", "/api/v1/visitors/{id}/sign-out", h_visitor_sign_out, R_JSON},
    {"POST", "/api/v1/visitors/{id}/return", h_visitor_return, R_JSON},
    {"GET", "/api/v1/messages", h_message_list, 0},
    {"POST", "/api/v1/messages", h_message_take, R_JSON},
    {"GET", "/api/v1/messages/{id}", h_message_get, 0},
    {"POST", "/api/v1/messages/{id}/relay", h_message_relay, R_JSON},
    {"POST", "/api/v1/messages/{id}/acknowledge", h_message_acknowledge, R_JSON},
    {"GET", "/api/v1/breaches", h_breach_list, 0},
    {"POST", "/api/v1/breaches", h_breach_record, R_JSON},
    {"GET", "/api/v1/breaches/{id}", h_breach_get, 0},
    {"POST", "/api/v1/breaches/{id}/review", h_breach_review, R_JSON},
    {"GET", "/api/v1/child-devices", h_child_device_list, 0},
    {"POST", "/api/v1/child-devices", h_child_device_record, R_JSON},
    {"GET", "/api/v1/child-devices/{id}", h_child_device_get, 0},
    {"POST", "/api/v1/child-devices/{id}/return", h_child_device_return, R_JSON},
    {"GET", "/api/v1/outings", h_outing_list, 0},
    {"POST", "/api/v1/outings", h_outing_add, R_JSON},
    {"GET", "/api/v1/outings/{id}", h_outing_get, 0},
    {"GET", "/api/v1/home-visits", h_home_visit_list, 0},
    {"POST", "/api/v1/home-visits", h_home_visit_add, R_JSON},
    {"GET", "/api/v1/home-visits/{id}", h_home_visit_get, 0},
    /* devices (issue 6) */
    {"GET", "/api/v1/devices", h_device_list, 0},
    {"POST", "/api/v1/devices", h_device_add, R_JSON},
    {"GET", "/api/v1/devices/custody", h_device_custody, 0},
    {"GET", "/api/v1/devices/lockup", h_device_lockup_sheet, 0},
    {"POST", "/api/v1/devices/lockup", h_device_lockup_run, R_JSON},
    {"GET", "/api/v1/devices/lockups/{id}", h_device_lockup_get, 0},
    {"GET", "/api/v1/devices/{id}", h_device_get, 0},
    {"PATCH", "/api/v1/devices/{id}", h_device_edit, R_JSON},
    {"POST", "/api/v1/devices/{id}/retire", h_device_retire, R_JSON},
    {"POST", "/api/v1/devices/{id}/apps", h_device_app_add, R_JSON},
    {"POST", "/api/v1/devices/{id}/apps/{id}/remove", h_device_app_remove, R_JSON},
    {"POST", "/api/v1/devices/{id}/handout", h_device_handout, R_JSON},
    {"POST", "/api/v1/devices/{id}/return", h_device_return, R_JSON},
    {"POST", "/api/v1/devices/{id}/off-site", h_device_offsite, R_JSON},
    {"GET", "/api/v1/devices/{id}/holder", h_device_holder, 0},
    {"POST", "/api/v1/devices/{id}/enrolment", h_device_enrol_start, R_JSON},
    {"POST", "/api/v1/devices/{id}/credential/revoke", h_device_credential_revoke, R_JSON},
    {"POST", "/api/v1/devices/{id}/quarantine", h_device_quarantine, R_JSON},
    {"POST", "/api/v1/devices/{id}/release", h_device_release, R_JSON},
    {"POST", "/api/v1/devices/{id}/reports", h_device_report, R_JSON},
    {"POST", "/api/v1/devices/{id}/reports/{id}/close", h_device_report_close, R_JSON},
    {"GET", "/api/v1/enrol", h_enrol_preview, R_PUBLIC},
    {"POST", "/api/v1/enrol", h_enrol_complete, R_PUBLIC | R_JSON},
    {"GET", "/api/v1/device-credential", h_device_whoami, R_PUBLIC},
    /* consent (issue 7) */
    {"GET", "/api/v1/consent/purposes", h_consent_purposes, R_PORTAL},
    {"GET", "/api/v1/consent/forms", h_consent_form_list, R_PORTAL},
    {"POST", "/api/v1/consent/forms", h_consent_form_publish, R_JSON},
    {"GET", "/api/v1/consent/forms/{id}", h_consent_form_get, R_PORTAL},
    {"GET", "/api/v1/consent/overview", h_consent_overview, 0},
    {"POST", "/api/v1/consent/scans", h_consent_scan_store, R_RAW},
    {"GET", "/api/v1/consent/scans/{id}", h_consent_scan_get, 0},
    {"GET", "/api/v1/children/{id}/consent", h_consent_child, 0},
    {"POST", "/api/v1/children/{id}/consents", h_consent_give, R_JSON},
    {"POST", "/api/v1/children/{id}/young-person-check", h_young_person_check, R_JSON},
    {"POST", "/api/v1/consents/{id}/withdraw", h_consent_withdraw, R_JSON},
    {"GET", "/api/v1/me/image-consent", h_own_consent_get, 0},
    {"POST", "/api/v1/me/image-consent", h_own_consent_give, R_JSON},
    {"GET", "/api/v1/restrictions", h_restriction_list, 0},
    {"POST", "/api/v1/restrictions", h_restriction_set, R_JSON},
    {"POST", "/api/v1/restrictions/{id}/lift", h_restriction_lift, R_JSON},
    {"GET", "/api/v1/press-visits", h_press_visit_list, 0},
    {"POST", "/api/v1/press-visits", h_press_visit_add, R_JSON},
    {"GET", "/api/v1/press-visits/{id}", h_press_visit_get, 0},
    {"POST", "/api/v1/press-visits/{id}/approve", h_press_visit_approve, R_JSON},
    {"GET", "/api/v1/portal/children", h_portal_children, R_PORTAL},
    {"POST", "/api/v1/portal/children/{id}/consents", h_portal_consent_give, R_PORTAL | R_JSON},
    {"POST", "/api/v1/portal/consents/{id}/withdraw", h_portal_consent_withdraw, R_PORTAL | R_JSON},
    {NULL, NULL, NULL, 0},
};

/* Does `path` fit `pattern`? Fills ids for {id} segments. */
static bool fits(const char *pattern, const char *path, int64_t *ids, int *nids)
{
    *nids = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (strncmp(p, "{id}", 4) == 0) {
            if (*s < '1' || *s > '9')
                return false;
            char *end;
            long long v = strtoll(s, &end, 10);
            if (end - s > 18 || *nids >= 4)
                return false;
            ids[(*nids)++] = v;
            s = end;
            p += 4;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    return *p == 0 && *s == 0;
}

const route *http_match(sg_req *rq, bool *path_known)
{
    *path_known = false;
    int64_t ids[4];
    int n;
    for (const route *r = http_routes; r->method; r++) {
        if (!fits(r->pattern, rq->path, ids, &n))
            continue;
        if (strcmp(r->method, rq->method) != 0) {
            *path_known = true;
            continue;
        }
        memcpy(rq->ids, ids, sizeof ids);
        rq->nids = n;
        return r;
    }
    return NULL;
}
