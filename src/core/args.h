/* args.h — command-line flags: "--name value" pairs, a few switches that
 * take no value, and positional words. */
#ifndef SG_ARGS_H
#define SG_ARGS_H
#include <stdbool.h>
#include "ctx.h"

#define ARGS_MAX 64
typedef struct {
    int n;
    const char *key[ARGS_MAX];   /* without the leading "--" */
    const char *val[ARGS_MAX];   /* NULL for a switch */
    int npos;
    const char *pos[ARGS_MAX];
} cli_args;

/* Parse argv (after the command words). `switches` are the flags that take
 * no value. SG_EUSAGE with a message when a flag lacks its value. */
sg_err args_parse(sg_ctx *cx, int argc, char **argv, const char *const *switches, cli_args *a);
const char *args_get(const cli_args *a, const char *name);
bool args_has(const cli_args *a, const char *name);
/* SG_EUSAGE naming the first flag not in `allowed` (NULL-terminated). */
sg_err args_only(sg_ctx *cx, const cli_args *a, const char *const *allowed);
/* Print "safeguard: <code>: <message>" and return the exit status
 * (2 for usage, 1 otherwise, 0 for SG_OK). */
int args_report(const sg_ctx *cx, sg_err e);
/* The flags not in `reserved` as a JSON object of record fields:
 * --first-name Amy → "first_name": "Amy"; "true"/"false" become booleans,
 * "null" clears a field; fields ending in _id, _months or _minutes become
 * numbers; --roles and --devices take comma-separated lists. New reference. */
json_t *args_to_json(const cli_args *a, const char *const *reserved);
/* Read a whole file (caller frees); NULL on failure with cx's message set. */
char *args_read_file(sg_ctx *cx, const char *path, size_t *len, size_t max);
#endif
