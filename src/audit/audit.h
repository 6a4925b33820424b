/* audit.h — the append-only, hash-chained record of every change
 * (REPORTING-01). See audit.c for the chain's design. */
#ifndef SG_AUDIT_H
#define SG_AUDIT_H
#include <jansson.h>
#include "../core/ctx.h"

/* Start the chain of a new setting (its head at seq 0). Inside a tx. */
sg_err audit_chain_start(sg_ctx *cx, int64_t setting_id);

/* Append one event for cx->setting_id, by cx->actor, inside the caller's
 * transaction (the change and its event commit or vanish together).
 * `detail` is borrowed and may be NULL; it is stored as canonical JSON.
 * Writes a signed checkpoint every cfg->checkpoint_every events. */
sg_err audit_append(sg_ctx *cx, const char *action, const char *object_type,
                    int64_t object_id, json_t *detail);

/* Sign the setting's current head now; *out (caller owns) is the signed
 * checkpoint {setting_id, seq, hash, at, public_key, signature}. */
sg_err audit_checkpoint(sg_ctx *cx, json_t **out);

typedef struct {
    int64_t events;        /* events checked */
    int64_t checkpoints;   /* signed checkpoints checked */
    int64_t settings;      /* chains checked */
    int64_t bad_setting;   /* where the first break is, when not SG_OK */
    int64_t bad_seq;
    char why[300];
} audit_report;

/* Recompute every chain (setting_id 0: all settings in the store), check
 * seq has no gaps, each hash, each link, the head, and every checkpoint's
 * signature. Returns SG_OK or SG_ETAMPER with the first break in *r.
 * `held` (borrowed, may be NULL) is a checkpoint kept elsewhere, which must
 * still match the chain. */
sg_err audit_verify(sg_ctx *cx, int64_t setting_id, json_t *held, audit_report *r);

typedef struct {
    const char *actor;        /* "adult:12" */
    const char *action;       /* exact, or a prefix ending in '.' ("child.") */
    const char *object_type;
    int64_t object_id;        /* 0: any */
    int64_t from, to;         /* unix seconds; 0: open */
    int64_t before_seq;       /* paging: events with seq < this; 0: newest */
    int limit;                /* 1..500 */
} audit_filter;

/* Events of cx's setting, newest first: {"events":[…], "next_before_seq":N|null}.
 * Needs PERM_AUDIT_READ. */
sg_err audit_list(sg_ctx *cx, const audit_filter *f, json_t **out);
#endif
