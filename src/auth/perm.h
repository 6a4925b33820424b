/* perm.h — roles (PEOPLE-04) and the one permission table (section 2 of
 * the requirements). A person holding several roles gets the union. */
#ifndef SG_PERM_H
#define SG_PERM_H
#include <stdbool.h>
#include "../core/ctx.h"

enum {
    ROLE_MANAGER = 1u << 0,
    ROLE_DEPUTY = 1u << 1,
    ROLE_DSL = 1u << 2,
    ROLE_CHAIR = 1u << 3,
    ROLE_KEY_PERSON = 1u << 4,
    ROLE_STAFF = 1u << 5,
    ROLE_STUDENT = 1u << 6,
    ROLE_VOLUNTEER = 1u << 7,
    ROLE_OFFICE = 1u << 8,
    ROLE_TECHNICIAN = 1u << 9,
    ROLE_ONLINE_SAFETY_LEAD = 1u << 10,
};
#define ROLE_COUNT 11

typedef enum {
    PERM_SETTING_READ,
    PERM_ROOM_READ,
    PERM_ROOM_WRITE,
    PERM_ADULT_READ,
    PERM_ADULT_WRITE,
    PERM_CHILD_READ,
    PERM_CHILD_WRITE,
    PERM_CHILD_SENSITIVE,  /* looked-after details (PEOPLE-08, section 2: DSL) */
    PERM_PARENT_READ,
    PERM_PARENT_WRITE,
    PERM_IMPORT,
    PERM_AUDIT_READ,
    PERM_AUDIT_CHECKPOINT,
    PERM_TOKEN_MANAGE,
    PERM_POLICY_WRITE,     /* the setting's policy choices (CONFIG) */
    PERM_FINDINGS_READ,    /* open findings: the home page, the dashboard (REPORTING-02) */
    PERM_SHIFT_READ,       /* the day's board: shifts, lockers, breaks */
    PERM_SHIFT_WRITE,      /* the rota; sign on/off and locker actions on another's behalf */
    PERM_GRANT,            /* personal-device permissions (PERSONAL-DEVICES-09, -16…-19) */
    PERM_KIOSK_MANAGE,     /* set up and retire locker kiosks */
    PERM_VISITOR,          /* sign visitors in and out, hold their phones (VISITORS-01…03) */
    PERM_MESSAGE,          /* take and relay calls for staff (PERSONAL-DEVICES-10) */
    PERM_BREACH_RECORD,    /* record an observed breach (PERSONAL-DEVICES-22) */
    PERM_BREACH_READ,      /* read recorded breaches */
    PERM_BREACH_REVIEW,    /* review a breach and record what was done: management (PERSONAL-DEVICES-22) */
    PERM_CHILD_DEVICE,     /* a child's confiscated device (PERSONAL-DEVICES-21) */
    PERM_OUTING,           /* outings and home visits (OUTINGS-01, -05) */
    PERM_DEVICE_READ,      /* the register of setting devices and who holds which (PRO-DEVICES-01, REPORTING-04) */
    PERM_DEVICE_USE,       /* take and give back a device, the lock-up check, report a problem (PRO-DEVICES-03, -08, -20) */
    PERM_DEVICE_WRITE,     /* register devices, hand-outs and outings for others, close reports */
    PERM_DEVICE_APPROVE,   /* management: apps, a device home, private use, enrolment (PRO-DEVICES-06, -09, -13) */
    PERM_DEVICE_QUARANTINE, /* evidence quarantine of a device (PRO-DEVICES-14): manager or DSL */
    PERM_CONSENT_READ,     /* per child and purpose, may an image be taken or used (CONSENT-09) */
    PERM_CONSENT_RECORD,   /* enter paper consent with its scan; withdraw on a written request */
    PERM_CONSENT_FORM,     /* publish the consent form (CONSENT-22) */
    PERM_RESTRICTION_READ, /* "no images" restrictions with their reasons (PEOPLE-09): manager, DSL */
    PERM_RESTRICTION_WRITE, /* set and lift them */
    PERM_YOUNG_PERSON_CHECK, /* the DSL's check before a young person's own consent (CONSENT-07) */
    PERM_PRESS_VISIT,      /* record a press visit (CONSENT-13) */
    PERM_PRESS_APPROVE,    /* approve it */
    PERM_COUNT
} sg_perm;

/* "manager" → ROLE_MANAGER; 0 when unknown. */
unsigned perm_role_bit(const char *name);
/* Role name for bit index i (0..ROLE_COUNT-1). */
const char *perm_role_name(int i);
/* Stable name of a permission, for docs and error messages. */
const char *perm_name(sg_perm p);
bool perm_roles_allow(unsigned roles, sg_perm p);
/* SG_OK when the caller may; SG_EFORBIDDEN with a message otherwise. */
sg_err perm_require(sg_ctx *cx, sg_perm p);
bool perm_has(const sg_ctx *cx, sg_perm p);
/* The roles' permissions as a JSON array of names (new reference). */
json_t *perm_list_json(unsigned roles);
json_t *perm_roles_json(unsigned roles);
#endif
