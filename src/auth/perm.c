/* perm.c — the permission table, by role. The API and the UI read it (the
 * UI only to decide what to offer); the area functions enforce it.
 *
 * Sources: REQUIREMENTS section 2. The chair reads the audit log but not
 * children's day-to-day records; only the manager changes who works here
 * and imports lists; the office keeps children's and parents' contact
 * records; looked-after details are for the manager, deputy and DSL. */
#include <string.h>
#include "perm.h"

static const char *const role_names[ROLE_COUNT] = {
    "manager", "deputy", "dsl", "chair", "key-person", "staff",
    "student", "volunteer", "office", "technician", "online-safety-lead",
};

#define M ROLE_MANAGER
#define D ROLE_DEPUTY
#define S ROLE_DSL
#define C ROLE_CHAIR
#define K ROLE_KEY_PERSON
#define T ROLE_STAFF
#define U ROLE_STUDENT
#define V ROLE_VOLUNTEER
#define O ROLE_OFFICE
#define X ROLE_TECHNICIAN
#define L ROLE_ONLINE_SAFETY_LEAD
#define ALL (M | D | S | C | K | T | U | V | O | X | L)

static const struct {
    const char *name;
    unsigned roles;
} table[PERM_COUNT] = {
    [PERM_SETTING_READ] = {"setting.read", ALL},
    [PERM_ROOM_READ] = {"room.read", ALL},
    [PERM_ROOM_WRITE] = {"room.write", M | D},
    [PERM_ADULT_READ] = {"adult.read", ALL},
    [PERM_ADULT_WRITE] = {"adult.write", M},
    [PERM_CHILD_READ] = {"child.read", M | D | S | K | T | U | V | O | L},
    [PERM_CHILD_WRITE] = {"child.write", M | D | O},
    [PERM_CHILD_SENSITIVE] = {"child.sensitive", M | D | S},
    [PERM_PARENT_READ] = {"parent.read", M | D | S | K | T | O},
    [PERM_PARENT_WRITE] = {"parent.write", M | D | O},
    [PERM_IMPORT] = {"import", M},
    [PERM_AUDIT_READ] = {"audit.read", M | S | C},
    [PERM_AUDIT_CHECKPOINT] = {"audit.checkpoint", M | C},
    [PERM_TOKEN_MANAGE] = {"token.manage", M},
    [PERM_POLICY_WRITE] = {"policy.write", M},
    [PERM_FINDINGS_READ] = {"findings.read", M | D},
    [PERM_SHIFT_READ] = {"shift.read", M | D},
    [PERM_SHIFT_WRITE] = {"shift.write", M | D},
    [PERM_GRANT] = {"grant.write", M},
    [PERM_KIOSK_MANAGE] = {"kiosk.manage", M},
    [PERM_VISITOR] = {"visitor.write", M | D | O},
    [PERM_MESSAGE] = {"message.write", M | D | O},
    [PERM_BREACH_RECORD] = {"breach.record", ALL},
    [PERM_BREACH_READ] = {"breach.read", M | D | S},
    [PERM_BREACH_REVIEW] = {"breach.review", M | D},
    [PERM_CHILD_DEVICE] = {"child_device.write", M | D | S | K | T | U | V | O},
    [PERM_OUTING] = {"outing.write", M | D},
    [PERM_DEVICE_READ] = {"device.read", ALL},
    [PERM_DEVICE_USE] = {"device.use", ALL},
    [PERM_DEVICE_WRITE] = {"device.write", M | D},
    [PERM_DEVICE_APPROVE] = {"device.approve", M},
    [PERM_DEVICE_QUARANTINE] = {"device.quarantine", M | S},
    [PERM_CONSENT_READ] = {"consent.read", M | D | S | K | T | U | V | O | L},
    [PERM_CONSENT_RECORD] = {"consent.record", M | D | O},
    [PERM_CONSENT_FORM] = {"consent.form", M},
    [PERM_RESTRICTION_READ] = {"restriction.read", M | S},
    [PERM_RESTRICTION_WRITE] = {"restriction.write", M | S},
    [PERM_YOUNG_PERSON_CHECK] = {"consent.young_person_check", S},
    [PERM_PRESS_VISIT] = {"press.write", M | D | O},
    [PERM_PRESS_APPROVE] = {"press.approve", M},
};

unsigned perm_role_bit(const char *name)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (name && strcmp(name, role_names[i]) == 0)
            return 1u << i;
    return 0;
}

const char *perm_role_name(int i) { return (i >= 0 && i < ROLE_COUNT) ? role_names[i] : "?"; }
const char *perm_name(sg_perm p) { return (p >= 0 && p < PERM_COUNT) ? table[p].name : "?"; }

bool perm_roles_allow(unsigned roles, sg_perm p)
{
    return p >= 0 && p < PERM_COUNT && (roles & table[p].roles) != 0;
}

bool perm_has(const sg_ctx *cx, sg_perm p)
{
    return cx->operator_mode || perm_roles_allow(cx->roles, p);
}

sg_err perm_require(sg_ctx *cx, sg_perm p)
{
    if (perm_has(cx, p))
        return SG_OK;
    return sg_fail(cx, SG_EFORBIDDEN, "your role may not do this (%s)", perm_name(p));
}

json_t *perm_list_json(unsigned roles)
{
    json_t *a = json_array();
    for (int p = 0; p < PERM_COUNT; p++)
        if (roles & table[p].roles)
            json_array_append_new(a, json_string(table[p].name));
    return a;
}

json_t *perm_roles_json(unsigned roles)
{
    json_t *a = json_array();
    for (int i = 0; i < ROLE_COUNT; i++)
        if (roles & (1u << i))
            json_array_append_new(a, json_string(role_names[i]));
    return a;
}
