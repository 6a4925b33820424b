/* args.c — flag parsing and error reporting shared by every command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"

sg_err args_parse(sg_ctx *cx, int argc, char **argv, const char *const *switches, cli_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (strncmp(s, "--", 2) != 0 || !s[2]) {
            if (a->npos == ARGS_MAX)
                return sg_fail(cx, SG_EUSAGE, "too many arguments");
            a->pos[a->npos++] = s;
            continue;
        }
        if (a->n == ARGS_MAX)
            return sg_fail(cx, SG_EUSAGE, "too many flags");
        const char *name = s + 2;
        bool sw = false;
        for (int k = 0; switches && switches[k]; k++)
            sw |= strcmp(switches[k], name) == 0;
        a->key[a->n] = name;
        if (sw) {
            a->val[a->n++] = NULL;
            continue;
        }
        const char *eq = strchr(name, '=');
        if (eq) {
            /* --name=value: keep the name part only (argv is not ours to edit) */
            static __thread char names[ARGS_MAX][64];
            snprintf(names[a->n], sizeof names[a->n], "%.*s", (int)(eq - name), name);
            a->key[a->n] = names[a->n];
            a->val[a->n++] = eq + 1;
            continue;
        }
        if (i + 1 >= argc)
            return sg_fail(cx, SG_EUSAGE, "--%s needs a value", name);
        a->val[a->n++] = argv[++i];
    }
    return SG_OK;
}

const char *args_get(const cli_args *a, const char *name)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->key[i], name) == 0)
            return a->val[i];
    return NULL;
}

bool args_has(const cli_args *a, const char *name)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->key[i], name) == 0)
            return true;
    return false;
}

sg_err args_only(sg_ctx *cx, const cli_args *a, const char *const *allowed)
{
    for (int i = 0; i < a->n; i++) {
        bool ok = false;
        for (int k = 0; allowed[k] && !ok; k++)
            ok = strcmp(allowed[k], a->key[i]) == 0;
        if (!ok)
            return sg_fail(cx, SG_EUSAGE, "unknown flag --%s", a->key[i]);
    }
    if (a->npos)
        return sg_fail(cx, SG_EUSAGE, "unexpected argument '%s'", a->pos[0]);
    return SG_OK;
}

int args_report(const sg_ctx *cx, sg_err e)
{
    if (!e)
        return 0;
    const char *msg = sg_msg(cx, e);
    if (cx->field[0] && !strstr(msg, cx->field))
        fprintf(stderr, "safeguard: %s: %s (%s)\n", sg_err_code(e), msg, cx->field);
    else
        fprintf(stderr, "safeguard: %s: %s\n", sg_err_code(e), msg);
    if (cx->err_detail) {
        char *d = json_dumps(cx->err_detail, JSON_INDENT(2));
        json_t *rows = json_object_get(cx->err_detail, "errors");
        size_t i;
        json_t *r;
        json_t *fields = json_object_get(cx->err_detail, "fields");
        if (json_is_array(fields)) {
            /* the first is in the line above; list the rest */
            json_array_foreach(fields, i, r) {
                if (i > 0)
                    fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(r, "field")),
                            json_string_value(json_object_get(r, "message")));
            }
        } else if (json_is_array(rows)) {
            json_array_foreach(rows, i, r) {
                const char *f = json_string_value(json_object_get(r, "field"));
                fprintf(stderr, "  row %lld%s%s: %s\n", (long long)json_integer_value(json_object_get(r, "row")),
                        f ? ", " : "", f ? f : "", json_string_value(json_object_get(r, "message")));
            }
        } else if (d) {
            fprintf(stderr, "%s\n", d);
        }
        free(d);
    }
    return e == SG_EUSAGE ? 2 : 1;
}

char *args_read_file(sg_ctx *cx, const char *path, size_t *len, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sg_fail(cx, SG_EIO, "cannot open %s", path);
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n > max) {
            free(buf);
            buf = NULL;
            sg_fail(cx, SG_ETOOBIG, "%s is larger than %zu bytes", path, max);
            break;
        }
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        *len = n;
    } else if (!cx->msg[0]) {
        sg_fail(cx, SG_EIO, "cannot read %s", path);
    }
    return buf;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

static json_t *value_of(const char *field, const char *v)
{
    if (strcmp(v, "true") == 0)
        return json_true();
    if (strcmp(v, "false") == 0)
        return json_false();
    if (strcmp(v, "null") == 0)
        return json_null();
    if (strcmp(field, "roles") == 0 || strcmp(field, "devices") == 0) {
        json_t *list = json_array();
        char *copy = strdup(v), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
            json_array_append_new(list, json_string(t));
        free(copy);
        return list;
    }
    if (ends_with(field, "_id") || ends_with(field, "_months") || ends_with(field, "_minutes")) {
        char *end;
        long long x = strtoll(v, &end, 10);
        if (!*end && *v)
            return json_integer(x);
    }
    return json_string(v);
}

json_t *args_to_json(const cli_args *a, const char *const *reserved)
{
    json_t *in = json_object();
    for (int i = 0; i < a->n; i++) {
        bool skip = !a->val[i];
        for (int r = 0; reserved && reserved[r] && !skip; r++)
            skip = strcmp(reserved[r], a->key[i]) == 0;
        if (skip)
            continue;
        char f[64];
        snprintf(f, sizeof f, "%s", a->key[i]);
        for (char *p = f; *p; p++)
            if (*p == '-')
                *p = '_';
        json_object_set_new(in, f, value_of(f, a->val[i]));
    }
    return in;
}
