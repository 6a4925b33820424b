/* office_common.h — what the office files share (office_common.c): the
 * shape of a change, records declared as two field tables (what a client
 * sends, what the office records), presenting a stored row, and a few
 * references. Private to src/presence/ office files. */
#ifndef SG_OFFICE_COMMON_H
#define SG_OFFICE_COMMON_H
#include <jansson.h>
#include "../core/ctx.h"
#include "../compliance/findings.h"
#include "../core/fields.h"

#define OFFICE_SPEC_MAX 40

/* One change, the shape every office change takes: store_begin, fn (which
 * checks permission and rules, writes rows and its audit event), then the
 * office findings refreshed in the same transaction, then store_end. On
 * success, when out is non-NULL, the record (*rid from fn, else id) is read
 * back with get. */
typedef sg_err (*office_change_fn)(sg_ctx *cx, int64_t id, json_t *in, int64_t *rid);
sg_err office_change(sg_ctx *cx, office_change_fn fn, int64_t id, json_t *in,
                     sg_err (*get)(sg_ctx *, int64_t, json_t **), json_t **out);

/* The client's fields followed by the recorded ones, as one table in buf
 * (OFFICE_SPEC_MAX entries); returns buf. */
const field_spec *office_spec(const field_spec *client, const field_spec *recorded, field_spec *buf);

/* Who acts: sets `<prefix>_by` (cx->actor) and `<prefix>_by_id` (the adult,
 * or null for the operator) in row, and `<prefix>_at` = now when at_too. */
void office_stamp(sg_ctx *cx, json_t *row, const char *prefix, int64_t now, bool at_too);

/* A stored row made ready for the API, in place: every `*_at` instant as
 * ISO 8601 UTC, and for every `*_by_id` adult their name as `*_by_name`. */
sg_err office_present(sg_ctx *cx, json_t *rec);

/* "First Last" of an adult of cx's setting (left or not) into buf;
 * empty when there is none. */
sg_err office_adult_name(sg_ctx *cx, int64_t id, char *buf, size_t len);
/* A child who has not left, of cx's setting; SG_EINVAL naming `field`
 * otherwise. name (may be NULL) receives "First Last". */
sg_err office_child_ref(sg_ctx *cx, int64_t id, const char *field, char *name, size_t len);
/* A room of cx's setting, with its name and class; SG_EINVAL naming field
 * when there is none (or it has closed). */
sg_err office_room_ref(sg_ctx *cx, int64_t id, const char *field, char *name, size_t len, char cls[16],
                       bool *quiet_space);

/* Today's local date, and the local closing instant (policy
 * day.close_time, VISITORS-02) of a date. */
void office_today(char date[11]);
sg_err office_close_at(sg_ctx *cx, const char *date, int64_t *at);

/* A list of positive record ids taken out of in[name] (removed from in so
 * that the field table does not see it): SG_EINVAL naming `name` when it
 * is not a list of distinct ids, or is empty and `required`. *out is new. */
sg_err office_take_ids(sg_ctx *cx, json_t *in, const char *name, bool required, json_t **out);

/* Every row of a prepared, bound statement whose columns are fields_columns
 * of spec, each presented, appended to the array `into`. Finalizes st. */
sg_err office_rows(sg_ctx *cx, store_stmt *st, const field_spec *spec, json_t *into);

/* Each file's checks, which office_findings (office_common.c) runs. */
sg_err visitor_findings(sg_ctx *cx, int64_t now, findings_set *out);
sg_err message_findings(sg_ctx *cx, int64_t now, findings_set *out);
sg_err breach_findings(sg_ctx *cx, int64_t now, findings_set *out);
sg_err child_device_findings(sg_ctx *cx, int64_t now, findings_set *out);
#endif
