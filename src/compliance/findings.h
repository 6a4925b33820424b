/* findings.h — what needs someone's attention: a rule seen broken now.
 *
 * Each area states its checkable rules as one check function that looks at
 * the area's tables at time `now` and adds a finding for each breach it
 * sees. findings.c keeps the one table of checks and turns their answers
 * into stored findings: a new finding is raised, one no longer seen is
 * resolved (never deleted), each with its audit event in the same
 * transaction. The manager's home page, the compliance dashboard and the
 * reminders read the stored open findings (REPORTING-02, REPORTING-07).
 *
 * A change that can raise or clear a finding calls findings_refresh for its
 * area inside its own transaction, so the home page is right "as soon as it
 * happens" (PERSONAL-DEVICES-05); findings that only time can raise (a
 * break that has ended) come from the sweep, which the server runs on a
 * timer and `safeguard sweep` runs on demand. */
#ifndef SG_FINDINGS_H
#define SG_FINDINGS_H
#include <jansson.h>
#include "../core/ctx.h"

typedef struct {
    const char *rule;          /* the requirement id, "PERSONAL-DEVICES-05" */
    const char *severity;      /* "high", "medium" or "low" */
    const char *subject_type;  /* "adult", "device", "visitor", "child", "setting" */
    int64_t subject_id;
    const char *subject;       /* who or what, for people: "Chloe Bennett" */
    int64_t ref;               /* tells occurrences apart (a shift id …); 0 if none */
    int64_t since;             /* when the breach began, unix seconds */
    const char *text;          /* one plain sentence for the manager */
} finding;

typedef struct findings_set findings_set;

/* Add one finding (its strings are copied). */
void findings_add(findings_set *s, const finding *f);

/* An area's check: add every breach of its rules seen at `now`. Runs inside
 * the caller's transaction on cx's setting, with operator rights. */
typedef sg_err (*findings_check)(sg_ctx *cx, int64_t now, findings_set *out);

/* Re-run the checks of `area` ("presence", "devices"…) inside the caller's
 * transaction and raise/resolve accordingly. */
sg_err findings_refresh(sg_ctx *cx, const char *area);

/* Run every area's checks for cx's setting in one transaction of its own.
 * *raised and *resolved (may be NULL) count what changed. */
sg_err findings_sweep(sg_ctx *cx, int *raised, int *resolved);

/* Sweep every setting in the store (the server's timer, `safeguard sweep`).
 * Acts as "system:sweep". */
sg_err findings_sweep_all(sg_ctx *cx, int *raised, int *resolved);

/* Open findings of cx's setting, most severe and oldest first:
 * {"findings":[{id, area, rule, severity, subject_type, subject_id,
 * subject, since, text, raised_at}]}. Needs PERM_FINDINGS_READ. */
sg_err findings_list(sg_ctx *cx, json_t **out);
#endif
