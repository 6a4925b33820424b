/* presence_int.h — what the presence files share among themselves only. */
#ifndef SG_PRESENCE_INT_H
#define SG_PRESENCE_INT_H
#include <jansson.h>
#include "../core/ctx.h"

/* The columns shift_row_json reads, for "FROM shifts s JOIN adults a". */
extern const char SHIFT_COLS[];
json_t *shift_row_json(store_stmt *st, int col);
/* One shift of cx's setting as JSON (SG_ENOTFOUND when not). */
sg_err shift_load(sg_ctx *cx, int64_t id, json_t **out);
sg_err shift_insert(sg_ctx *cx, int64_t adult, const char *date, int64_t starts, int64_t ends, int64_t bstart,
                    int64_t bend, bool planned, int64_t *id);
/* SG_OK when cx may read `adult_id`'s presence: themselves or shift.read. */
sg_err presence_may_see(sg_ctx *cx, int64_t adult_id);
/* ISO text of an instant, or JSON null for 0. New reference. */
json_t *presence_iso(int64_t t);
#endif
