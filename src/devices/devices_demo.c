/* devices_demo.c — the demo pre-school's own devices: six tablets (four
 * for the children, with their checked apps, one for staff and the
 * manager's loanable iPad), two cameras, the outings phone and the office
 * phone, and the office laptop. Everything has a passcode and the laptop
 * its virus protection, so the demo opens with nothing to flag; nothing is
 * handed out, so the story starts at the cupboard.
 *
 * Each row goes through device_add_tx and device_app_add_tx, the rules and
 * audit events of a real register, in one transaction: the register is
 * made whole or not at all. */
#include <stdio.h>
#include "devices.h"

typedef struct {
    const char *kind, *label, *serial, *kept_in, *use;
    const char *apps[3];   /* approved apps, children's tablets */
} demo_device;

static const demo_device demo[] = {
    {"tablet", "T-01", "DMPQ4F1XG5", "Locked cupboard, Ladybird Room", "children", {"Story Time", "Draw and Paint", "Counting Garden"}},
    {"tablet", "T-02", "DMPQ4F2KL7", "Locked cupboard, Ladybird Room", "children", {"Story Time", "Draw and Paint"}},
    {"tablet", "T-03", "DMPQ4F3MN2", "Locked cupboard, Bumblebee Room", "children", {"Story Time", "Counting Garden"}},
    {"tablet", "T-04", "DMPQ4F4PR9", "Locked cupboard, Forest School Room", "children", {"Nature Spotter", "Story Time"}},
    {"tablet", "T-05", "DMPQ4F5ST3", "Office safe", "staff", {NULL}},
    {"tablet", "T-06", "DMPQ4F6VW8", "Office safe", "loan", {NULL}},
    {"camera", "C-1", "CAM-204417", "Office safe", "staff", {NULL}},
    {"camera", "C-2", "CAM-204452", "Office safe", "staff", {NULL}},
    {"phone", "SP-1", "IMEI 356938035643809", "Office safe", "staff", {NULL}},
    {"phone", "SP-2", "IMEI 356938035643817", "Office desk", "office-phone", {NULL}},
    {"laptop", "L-1", "LT-5CG1234XYZ", "Office safe", "staff", {NULL}},
};

/* What each demo app is, for its approval record. */
static const char *category_of(const char *app)
{
    return app[0] == 'D' ? "creative" : app[0] == 'S' ? "stories-and-music" : "learning";
}

sg_err devices_demo(sg_ctx *cx)
{
    sg_err e = store_begin(cx->db);
    if (e)
        return sg_store(cx, e);
    for (size_t i = 0; !e && i < sizeof demo / sizeof demo[0]; i++) {
        const demo_device *d = &demo[i];
        json_t *in = json_pack("{ss ss ss ss sb ss}", "kind", d->kind, "label", d->label, "serial", d->serial,
                               "kept_in", d->kept_in, "passcode_set", 1, "designated_use", d->use);
        if (devices_computer(d->kind))
            json_object_set_new(in, "virus_protection", json_true());
        int64_t id = 0;
        e = device_add_tx(cx, in, &id);
        json_decref(in);
        for (int k = 0; !e && k < 3 && d->apps[k]; k++) {
            int64_t app = 0;
            json_t *a = json_pack("{ss ss sb sb}", "name", d->apps[k], "category", category_of(d->apps[k]),
                                  "checked_safe", 1, "age_appropriate", 1);
            e = device_app_add_tx(cx, id, a, &app);
            json_decref(a);
        }
    }
    return store_end(cx->db, e);
}
