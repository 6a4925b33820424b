/* devices_cli.c — `safeguard device …`: the register, custody, the lock-up
 * check, enrolment, quarantine and reports from the command line.
 *
 * Flags become the same JSON fields the API takes (--kept-in "Office" →
 * "kept_in": "Office"; true/false become booleans, null clears, *_id
 * become numbers, --locked takes a comma-separated list of ids), and the
 * area checks them exactly as it checks an API body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../auth/auth.h"
#include "../core/args.h"
#include "../core/clock.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "devices.h"

/* Flags that are not record fields. */
static const char *const reserved[] = {"data", "as", "json", "id", "app-id", "report-id", "include-retired", "q",
                                       "at", "from", "to", "svg", "base-url", NULL};

static bool is_reserved(const char *k)
{
    for (int i = 0; reserved[i]; i++)
        if (!strcmp(reserved[i], k))
            return true;
    return false;
}

static json_t *value_of(const char *field, const char *v)
{
    size_t n = strlen(field);
    if (!strcmp(v, "true"))
        return json_true();
    if (!strcmp(v, "false"))
        return json_false();
    if (!strcmp(v, "null"))
        return json_null();
    if (!strcmp(field, "locked")) {
        json_t *a = json_array();
        char *copy = strdup(v), *save = NULL;
        for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
            char *end;
            long long x = strtoll(t, &end, 10);
            json_array_append_new(a, *end ? json_string(t) : json_integer(x));
        }
        free(copy);
        return a;
    }
    if (n > 3 && !strcmp(field + n - 3, "_id")) {
        char *end;
        long long x = strtoll(v, &end, 10);
        if (!*end && *v)
            return json_integer(x);
    }
    return json_string(v);
}

static json_t *fields_from_flags(const cli_args *a)
{
    json_t *in = json_object();
    for (int i = 0; i < a->n; i++) {
        if (is_reserved(a->key[i]) || !a->val[i])
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

static int64_t id_flag(const cli_args *a, const char *name)
{
    const char *s = args_get(a, name);
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && !*end && v > 0 ? v : 0;
}

static bool instant_flag(sg_ctx *cx, const cli_args *a, const char *name, int64_t *out, sg_err *e)
{
    const char *s = args_get(a, name);
    if (!s)
        return true;
    if (clock_parse_iso(s, out))
        return true;
    *e = sg_fail(cx, SG_EUSAGE, "--%s takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", name);
    return false;
}

static void print_json(json_t *o)
{
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (s)
        puts(s);
    free(s);
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void print_devices(json_t *list)
{
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) {
        json_t *h = json_object_get(d, "holder");
        printf("%-5lld %-12s %-12s %-12s %-24s %s%s\n", (long long)json_integer_value(json_object_get(d, "id")),
               str(d, "label"), str(d, "kind"), str(d, "status"), str(d, "kept_in"),
               json_is_object(h) ? str(h, "name") : "", json_is_true(json_object_get(d, "enrolled")) ? "  [enrolled]" : "");
    }
    if (json_array_size(list) == 0)
        printf("no devices\n");
}

/* Each verb: whether it needs --id, and what it runs. */
typedef enum { V_ADD, V_LIST, V_SHOW, V_EDIT, V_RETIRE, V_APP_ADD, V_APP_REMOVE, V_HANDOUT, V_RETURN, V_OFFSITE,
               V_HOLDER, V_HISTORY, V_LOCKUP, V_SHEET, V_ENROL, V_REVOKE, V_QUARANTINE, V_RELEASE, V_REPORT,
               V_REPORT_CLOSE } verb;
static const struct {
    const char *name;
    verb v;
    bool needs_id;
} verbs[] = {
    {"add", V_ADD, false}, {"list", V_LIST, false}, {"show", V_SHOW, true}, {"edit", V_EDIT, true},
    {"retire", V_RETIRE, true}, {"app-add", V_APP_ADD, true}, {"app-remove", V_APP_REMOVE, true},
    {"handout", V_HANDOUT, true}, {"return", V_RETURN, true}, {"off-site", V_OFFSITE, true},
    {"holder", V_HOLDER, true}, {"history", V_HISTORY, false}, {"lockup", V_LOCKUP, false},
    {"lockup-sheet", V_SHEET, false}, {"enrol", V_ENROL, true}, {"revoke", V_REVOKE, true},
    {"quarantine", V_QUARANTINE, true}, {"release", V_RELEASE, true}, {"report", V_REPORT, true},
    {"report-close", V_REPORT_CLOSE, true},
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

static sg_err run_verb(sg_ctx *cx, verb v, int64_t id, const cli_args *a, json_t **out)
{
    sg_err e = SG_OK;
    json_t *in = fields_from_flags(a);
    switch (v) {
    case V_ADD: e = device_add(cx, in, out); break;
    case V_LIST: {
        devices_query q = {.q = args_get(a, "q"), .kind = args_get(a, "kind"),
                           .include_retired = args_has(a, "include-retired")};
        e = device_list(cx, &q, out);
        break;
    }
    case V_SHOW: e = device_get(cx, id, out); break;
    case V_EDIT: e = device_edit(cx, id, in, out); break;
    case V_RETIRE: e = device_retire(cx, id, in, out); break;
    case V_APP_ADD: e = device_app_add(cx, id, in, out); break;
    case V_APP_REMOVE:
        e = id_flag(a, "app-id") ? device_app_remove(cx, id, id_flag(a, "app-id"), out)
                                 : sg_fail(cx, SG_EUSAGE, "device app-remove needs --app-id N");
        break;
    case V_HANDOUT: e = device_handout(cx, id, in, out); break;
    case V_RETURN: e = device_return(cx, id, in, out); break;
    case V_OFFSITE: e = device_offsite(cx, id, in, out); break;
    case V_HOLDER: {
        int64_t at = clock_now();
        if (instant_flag(cx, a, "at", &at, &e))
            e = device_holder_at(cx, id, at, out);
        break;
    }
    case V_HISTORY: {
        devices_custody_query q = {.device_id = id_flag(a, "id"), .adult_id = json_integer_value(json_object_get(in, "adult_id"))};
        if (instant_flag(cx, a, "from", &q.from, &e) && instant_flag(cx, a, "to", &q.to, &e))
            e = device_custody_list(cx, &q, out);
        break;
    }
    case V_LOCKUP:
        if (!json_object_get(in, "locked"))
            json_object_set_new(in, "locked", json_array());
        e = device_lockup_run(cx, in, out);
        break;
    case V_SHEET: e = device_lockup_sheet(cx, out); break;
    case V_ENROL: {
        const char *base = args_get(a, "base-url");
        e = base ? device_enrol_start(cx, id, base, out)
                 : sg_fail(cx, SG_EUSAGE, "device enrol needs --base-url http(s)://host[:port] (where the device reaches safeguard)");
        const char *svg = args_get(a, "svg");
        if (!e && svg) {
            FILE *f = fopen(svg, "w");
            if (!f || fputs(str(*out, "qr_svg"), f) < 0)
                e = sg_fail(cx, SG_EIO, "cannot write %s", svg);
            if (f && fclose(f) != 0 && !e)
                e = sg_fail(cx, SG_EIO, "cannot write %s", svg);
        }
        if (!e)
            json_object_del(*out, "qr_svg"); /* the terminal shows the URL */
        break;
    }
    case V_REVOKE: e = device_credential_revoke(cx, id, out); break;
    case V_QUARANTINE: e = device_quarantine(cx, id, in, out); break;
    case V_RELEASE: e = device_release(cx, id, in, out); break;
    case V_REPORT: e = device_report(cx, id, in, out); break;
    case V_REPORT_CLOSE:
        e = id_flag(a, "report-id") ? device_report_close(cx, id, id_flag(a, "report-id"), in, out)
                                    : sg_fail(cx, SG_EUSAGE, "device report-close needs --report-id N");
        break;
    }
    json_decref(in);
    return e;
}

int cmd_device(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const sw[] = {"json", "include-retired", NULL};
    if (argc < 1)
        return args_report(&ecx, sg_fail(&ecx, SG_EUSAGE, "device needs a command (add, list, show, handout, …)"));
    size_t k = 0;
    while (k < NVERBS && strcmp(verbs[k].name, argv[0]) != 0)
        k++;
    sg_err e = args_parse(&ecx, argc - 1, argv + 1, sw, &a);
    if (!e && k == NVERBS)
        e = sg_fail(&ecx, SG_EUSAGE, "unknown device command '%s'", argv[0]);
    if (!e && a.npos)
        e = sg_fail(&ecx, SG_EUSAGE, "unexpected argument '%s'", a.pos[0]);
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "device %s needs --data DIR", argv[0]);
    int64_t id = 0;
    if (!e && verbs[k].needs_id && !(id = id_flag(&a, "id")))
        e = sg_fail(&ecx, SG_EUSAGE, "device %s needs --id N", argv[0]);
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    sg_ctx *cx = &app.cx;
    if (args_get(&a, "as"))
        e = auth_act_as(cx, args_get(&a, "as"));
    json_t *out = NULL;
    if (!e)
        e = run_verb(cx, verbs[k].v, id, &a, &out);
    if (!e) {
        if (verbs[k].v == V_LIST && !args_has(&a, "json"))
            print_devices(json_object_get(out, "devices"));
        else
            print_json(out);
    }
    json_decref(out);
    int rc = args_report(cx, e);
    setup_close(&app);
    return rc;
}
