/* policy.h — the setting's policy choices: where the seed documents differ
 * (CONFIG-01…22) or give no figure, the manager chooses, the system
 * enforces whichever value is chosen, and records who chose it and when.
 *
 * Every choice is declared once in policy.c's table with its requirement
 * id, its allowed values and its default; an area reads the current value
 * through policy_text/policy_int and never hard-codes it. */
#ifndef SG_POLICY_H
#define SG_POLICY_H
#include <jansson.h>
#include "../core/ctx.h"

#define POLICY_VALUE_MAX 64

/* The current value of choice `name` for cx's setting (the default when the
 * manager never chose) into buf. SG_EINTERNAL for an undeclared name. */
sg_err policy_text(sg_ctx *cx, const char *name, char buf[POLICY_VALUE_MAX]);
/* The same for a whole-number or yes/no choice ("true" → 1). */
sg_err policy_int(sg_ctx *cx, const char *name, int64_t *out);
/* True when choice `name` currently equals `value` (false on any error). */
bool policy_is(sg_ctx *cx, const char *name, const char *value);

/* Every choice with its requirement, question, allowed values, default,
 * current value and who set it: {"policy":[…]}. Readable by every role. */
sg_err policy_list(sg_ctx *cx, json_t **out);
/* Set several choices at once, {name: value, …}: all or nothing, each
 * checked against its declaration, one audit event per changed choice.
 * Manager only. *out is the new policy_list. */
sg_err policy_set(sg_ctx *cx, json_t *in, json_t **out);
#endif
