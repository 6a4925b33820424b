/* fields.h — records described once as a table of fields.
 *
 * An area declares each record's fields (name = JSON key = column, type,
 * limits) and gets from here: strict validation of a JSON object (unknown
 * fields, wrong types, over-long strings, bad dates are refused with the
 * field's name), INSERT and UPDATE statements scoped to the caller's
 * setting, reading a row back as JSON, and the before/after difference an
 * audit event records. Column names come only from these static tables,
 * never from the request. */
#ifndef SG_FIELDS_H
#define SG_FIELDS_H
#include <jansson.h>
#include "ctx.h"

typedef enum { F_TEXT, F_DATE, F_ID, F_BOOL, F_INT, F_ENUM, F_EMAIL, F_LIST } field_type;

enum {
    F_REQUIRED = 1,   /* must be present (and not null) on create */
    F_NULLABLE = 2,   /* null clears it */
    F_NOCOL = 4,      /* validated here, stored by the area (e.g. roles) */
    F_NOEDIT = 8,     /* may be given on create only */
};

typedef struct {
    const char *name;
    field_type type;
    int max;                      /* F_TEXT/F_EMAIL: bytes; F_INT: largest value */
    unsigned flags;
    const char *const *choices;   /* F_ENUM / F_LIST: NULL-terminated */
} field_spec;                     /* arrays end with {NULL} */

/* Validate `in` (borrowed) against spec. On create every F_REQUIRED field
 * must be there; on patch at least one field must be. Text is trimmed in
 * place. Returns SG_EJSON if `in` is not an object, SG_EINVAL naming the
 * field otherwise. */
sg_err fields_check(sg_ctx *cx, const field_spec *spec, json_t *in, bool patch);

/* INSERT INTO table (setting_id, created_at, <fields present>) RETURNING id. */
sg_err fields_insert(sg_ctx *cx, const char *table, const field_spec *spec, json_t *in, int64_t *id);
/* UPDATE table SET <fields present> WHERE id = ? AND setting_id = ?. */
sg_err fields_update(sg_ctx *cx, const char *table, const field_spec *spec, int64_t id, json_t *in);
/* SELECT the spec's columns of one row of cx's setting; SG_ENOTFOUND when
 * absent or another setting's. *out is a new object (caller owns). */
sg_err fields_get(sg_ctx *cx, const char *table, const field_spec *spec, int64_t id, json_t **out);
/* "id, a, b, c" for the spec's stored columns, prefixed with `alias.` when
 * alias is non-NULL; returns buf. */
const char *fields_columns(const field_spec *spec, const char *alias, char *buf, size_t len);
/* Read columns starting at `col` (in fields_columns order) into a new object. */
json_t *fields_row(store_stmt *st, const field_spec *spec, int col);
/* {field: {"from": old, "to": new}} for each field of `in` that differs
 * from `old`. New reference. */
json_t *fields_diff(const field_spec *spec, json_t *old, json_t *in);
/* The value in `in` if present, else in `old` (borrowed; may be NULL). */
json_t *fields_pick(json_t *in, json_t *old, const char *name);
#endif
