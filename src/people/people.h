/* people.h — organisations, settings, rooms, adults, children and
 * parents/carers (PEOPLE-01…11). Each record's rules live in its own file
 * (setting.c, room.c, adult.c, child.c, parent.c); the API and the CLI call
 * these functions and nothing else writes these tables.
 *
 * Records go in and come out as JSON objects (jansson): `in` is borrowed
 * and may be modified (text is trimmed); `*out` is new and the caller owns
 * it. Every change checks the caller's permission, runs in one transaction
 * and appends its audit event in that transaction. Leaving is a date, never
 * a delete (PEOPLE-07). */
#ifndef SG_PEOPLE_H
#define SG_PEOPLE_H
#include <jansson.h>
#include "../core/ctx.h"

/* Every log-in password, staff's and parents' alike (PEOPLE-14): individual
 * and non-trivial. */
#define PASSWORD_MIN 10
#define PASSWORD_MAX 200

typedef struct {
    const char *q;          /* name contains (case-insensitive); NULL: all */
    bool include_ended;     /* rooms closed, adults/children who left */
    int64_t room_id;        /* children: only this room; 0: any */
    int limit, offset;      /* limit 0: default 500 */
} people_query;

/* Settings (PEOPLE-01). setting_create runs inside the caller's
 * transaction: it is the first event of the new setting's audit chain, and
 * sets cx->setting_id to the new setting. */
sg_err setting_create(sg_ctx *cx, const char *org_name, const char *org_kind,
                      const char *name, const char *kind, int64_t *id);
sg_err setting_get(sg_ctx *cx, json_t **out);
extern const char *const setting_kinds[];

/* Rooms and outdoor areas, classed children / adults-only / private (PEOPLE-02). */
sg_err room_add(sg_ctx *cx, json_t *in, json_t **out);
sg_err room_get(sg_ctx *cx, int64_t id, json_t **out);
sg_err room_list(sg_ctx *cx, const people_query *q, json_t **out);
sg_err room_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err room_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err room_add_tx(sg_ctx *cx, json_t *in, int64_t *id);

/* Adults and their roles (PEOPLE-03…05, -14). */
sg_err adult_add(sg_ctx *cx, json_t *in, json_t **out);
sg_err adult_get(sg_ctx *cx, int64_t id, json_t **out);
sg_err adult_list(sg_ctx *cx, const people_query *q, json_t **out);
sg_err adult_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err adult_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
/* Set (or replace) an adult's log-in password; ends their sessions. */
sg_err adult_set_password(sg_ctx *cx, int64_t id, const char *password);
sg_err adult_add_tx(sg_ctx *cx, json_t *in, int64_t *id);
/* Roles of an adult as ROLE_* bits. */
sg_err adult_roles(sg_ctx *cx, int64_t id, unsigned *roles);
/* An adult's id by e-mail in cx's setting (import, CLI --as). */
sg_err adult_by_email(sg_ctx *cx, const char *email, int64_t *id);

/* Children (PEOPLE-07, -08). */
sg_err child_add(sg_ctx *cx, json_t *in, json_t **out);
sg_err child_get(sg_ctx *cx, int64_t id, json_t **out);
sg_err child_list(sg_ctx *cx, const people_query *q, json_t **out);
sg_err child_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err child_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err child_add_tx(sg_ctx *cx, json_t *in, int64_t *id);

/* Parents and carers, linked to children with parental responsibility and
 * who may consent (PEOPLE-11). */
sg_err parent_add(sg_ctx *cx, json_t *in, json_t **out);
sg_err parent_get(sg_ctx *cx, int64_t id, json_t **out);
sg_err parent_list(sg_ctx *cx, const people_query *q, json_t **out);
sg_err parent_edit(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err parent_end(sg_ctx *cx, int64_t id, json_t *in, json_t **out);
sg_err parent_add_tx(sg_ctx *cx, json_t *in, int64_t *id);
/* Link a parent to a child: in = {parent_id, relationship,
 * parental_responsibility, may_consent}. */
sg_err child_link_parent(sg_ctx *cx, int64_t child_id, json_t *in, json_t **out);
sg_err child_link_parent_tx(sg_ctx *cx, int64_t child_id, json_t *in, int64_t *link_id);
/* End a link (the record stays, dated). */
sg_err child_unlink_parent(sg_ctx *cx, int64_t child_id, int64_t link_id, json_t **out);

/* CSV import (import.c): kind is "children" or "staff". All or nothing:
 * every row is checked by the same rules as a single add; if any row is
 * bad nothing is saved and SG_EIMPORT comes back with cx->err_detail =
 * {"rows":[{"row":N,"field":…,"message":…}]}. dry_run checks and reports
 * without saving. progress (may be NULL) is called as rows are done. */
typedef void (*import_progress)(int done, int total, void *arg);
sg_err import_csv(sg_ctx *cx, const char *kind, const char *data, size_t len, bool dry_run,
                  import_progress progress, json_t **out);

/* Shared helpers (people_common.c). */

/* How a people record is added, edited and ended: the steps every record
 * shares (permission, transaction, validation, audit event, answer) are in
 * people_common.c once; a kind supplies only its own rules. */
typedef struct people_kind {
    const char *table;          /* "rooms" */
    const char *type;           /* audit object type and action prefix: "room" */
    const char *end_col;        /* "ended_on" / "leave_date" */
    const void *spec;           /* const field_spec * */
    int write_perm;             /* sg_perm needed to change it */
    sg_err (*add_tx)(sg_ctx *cx, json_t *in, int64_t *id);
    sg_err (*get)(sg_ctx *cx, int64_t id, json_t **out);
    /* Extra checks of an edit; old is the record as stored (may be NULL). */
    sg_err (*rules)(sg_ctx *cx, int64_t id, json_t *in, json_t *old);
    /* Work after the row is updated (e.g. store roles). */
    sg_err (*after_edit)(sg_ctx *cx, int64_t id, json_t *in);
    /* Checks before ending, and what ending also ends. */
    sg_err (*end_rules)(sg_ctx *cx, int64_t id, json_t *old, const char *date);
    sg_err (*after_end)(sg_ctx *cx, int64_t id, const char *date);
} people_kind;

sg_err people_add(sg_ctx *cx, const people_kind *k, json_t *in, json_t **out);
sg_err people_edit(sg_ctx *cx, const people_kind *k, int64_t id, json_t *in, json_t **out);
sg_err people_end(sg_ctx *cx, const people_kind *k, int64_t id, json_t *in, json_t **out);
/* Run `sql` binding (date, id, setting): a dated update of one record. */
sg_err people_set_date(sg_ctx *cx, const char *sql, const char *date, int64_t id);

/* Check that `id` is a row of `table` in cx's setting; SG_EINVAL naming
 * `field` when not (a reference in a body is a bad field, not a 404). */
sg_err people_ref(sg_ctx *cx, const char *table, int64_t id, const char *field);
/* The end date from in = {"date": "YYYY-MM-DD"} or today; validated. */
sg_err people_end_date(sg_ctx *cx, json_t *in, char date[11]);
/* LIKE pattern (ESCAPE '!') for a search term (caller frees), or NULL. */
char *people_like(const char *q);
#endif
