/* ctx.h — who is asking, on which setting, through which connection.
 *
 * Every area function takes an sg_ctx. The setting and the actor come from
 * the caller's session (HTTP) or from the data directory's configuration
 * (CLI), never from a request body. When an area function fails it leaves a
 * human message (and, for a bad field, the field's name) here for the API
 * or CLI to report. */
#ifndef SG_CTX_H
#define SG_CTX_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "../store/store.h"
#include "crypto.h"
#include "err.h"

struct sg_config;

typedef struct sg_ctx {
    store *db;                       /* borrowed */
    const struct sg_config *cfg;     /* borrowed */
    const crypto_signer *signer;     /* borrowed; may be NULL */
    int64_t setting_id;
    int64_t actor_id;                /* the adult acting; 0 for the operator */
    char actor[64];                  /* "adult:12", "cli:root", "system" */
    unsigned roles;                  /* ROLE_* bits (auth/perm.h) */
    bool operator_mode;              /* local CLI with the data directory: all permissions */
    int64_t kiosk_id;                /* the locker kiosk making the request; 0 otherwise */
    int64_t parent_id;               /* a parent, carer, social worker or local authority signed in to
                                        the parent portal (roles are then 0); 0 otherwise */
    int64_t session_id;              /* the caller's log-in session; 0 for tokens and the CLI */
    /* Failure report, set by sg_fail(). */
    char msg[512];
    char field[64];
    json_t *err_detail;              /* owned; extra error data (import rows) */
} sg_ctx;

/* Record why an operation failed and return `e`. */
sg_err sg_fail(sg_ctx *cx, sg_err e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
sg_err sg_fail_field(sg_ctx *cx, sg_err e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The best human message for e: the ctx's, the store's, or the default. */
const char *sg_msg(const sg_ctx *cx, sg_err e);
/* Forget any earlier failure (before reusing a ctx). */
void sg_clear(sg_ctx *cx);
/* A store error with its message copied into the ctx. */
sg_err sg_store(sg_ctx *cx, sg_err e);

#endif
