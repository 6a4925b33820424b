/* office_cli.c — `safeguard visitor sign-in|sign-out|list`,
 * `safeguard message take|relay|list`, `safeguard breach record|list`.
 *
 * Flags become fields as in people_cli.c (args_to_json): --lone-working-
 * reason "…" → "lone_working_reason"; --not-returned takes a comma-separated
 * list. Every command takes --as EMAIL to act, and be audited, as that
 * adult; without it the local operator acts. Lists print a line each
 * (--json for the whole answer); changes print the record as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../auth/auth.h"
#include "../core/args.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "office.h"

typedef struct {
    const char *cmd, *verb;
    bool needs_id, is_list;
} verb;

static const verb verbs[] = {
    {"visitor", "sign-in", false, false}, {"visitor", "sign-out", true, false}, {"visitor", "list", false, true},
    {"message", "take", false, false},    {"message", "relay", true, false},    {"message", "list", false, true},
    {"breach", "record", false, false},   {"breach", "list", false, true},
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

/* Flags that steer the command rather than fill the record. */
static const char *const reserved[] = {"data", "as", "json", "id", "date", "open", NULL};

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void print_visitors(json_t *out)
{
    json_t *v;
    size_t i;
    json_array_foreach(json_object_get(out, "visitors"), i, v) {
        int held = 0;
        json_t *d;
        size_t j;
        json_array_foreach(json_object_get(v, "devices"), j, d) held += json_is_true(json_object_get(d, "held"));
        printf("%-5lld %-10s %-24s %-28s phone: %-6s watch: %-6s%s%s%s\n",
               (long long)json_integer_value(json_object_get(v, "id")), str(v, "visit_date"), str(v, "name"),
               str(v, "organisation"), str(v, "phone"), str(v, "watch"),
               json_is_true(json_object_get(v, "lone_working")) ? "  lone working: " : "",
               json_is_true(json_object_get(v, "lone_working")) ? str(v, "quiet_space_name") : "",
               json_is_true(json_object_get(v, "on_site")) ? "  (on site)" : held ? "  (device held)" : "");
    }
    if (json_array_size(json_object_get(out, "visitors")) == 0)
        printf("no visitors\n");
}

static void print_messages(json_t *out)
{
    json_t *m;
    size_t i;
    json_array_foreach(json_object_get(out, "messages"), i, m) {
        printf("%-5lld %s for %-22s from %-28s %s%s\n", (long long)json_integer_value(json_object_get(m, "id")),
               str(m, "taken_at"), str(m, "adult_name"), str(m, "caller"),
               json_is_true(json_object_get(m, "urgent")) ? "URGENT " : "",
               json_is_true(json_object_get(m, "acknowledged")) ? "acknowledged"
               : json_is_true(json_object_get(m, "relayed"))    ? "relayed"
                                                                 : "not yet relayed");
    }
    if (json_array_size(json_object_get(out, "messages")) == 0)
        printf("no messages\n");
}

static void print_breaches(json_t *out)
{
    json_t *b;
    size_t i;
    json_array_foreach(json_object_get(out, "breaches"), i, b) {
        printf("%-5lld %s %-32s %-22s %s\n", (long long)json_integer_value(json_object_get(b, "id")),
               str(b, "observed_at"), str(b, "kind"), str(b, "subject"),
               json_is_true(json_object_get(b, "open")) ? "open" : str(b, "outcome"));
    }
    if (json_array_size(json_object_get(out, "breaches")) == 0)
        printf("no breaches\n");
}

static sg_err dispatch(sg_ctx *cx, const verb *v, const cli_args *a, json_t *in, json_t **out)
{
    int64_t id = 0;
    if (v->needs_id) {
        const char *s = args_get(a, "id");
        char *end = NULL;
        id = s ? strtoll(s, &end, 10) : 0;
        if (!s || *end || id <= 0)
            return sg_fail(cx, SG_EUSAGE, "%s %s needs --id N", v->cmd, v->verb);
    }
    if (v->is_list && json_object_size(in))
        return sg_fail(cx, SG_EUSAGE, "%s list takes no record fields", v->cmd);
    const char *w = v->verb;
    if (!strcmp(v->cmd, "visitor")) {
        if (!strcmp(w, "sign-in"))
            return visitor_sign_in(cx, in, out);
        if (!strcmp(w, "sign-out")) {
            /* --not-returned phone,smart-watch */
            json_t *nr = json_object_get(in, "not_returned");
            if (json_is_string(nr)) {
                json_t *list = json_array();
                char *copy = strdup(json_string_value(nr)), *save = NULL;
                for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save))
                    json_array_append_new(list, json_string(t));
                free(copy);
                json_object_set_new(in, "not_returned", list);
            }
            return visitor_sign_out(cx, id, in, out);
        }
        return visitor_list(cx, args_get(a, "date"), out);
    }
    if (!strcmp(v->cmd, "message")) {
        if (!strcmp(w, "take"))
            return message_take(cx, in, out);
        if (!strcmp(w, "relay"))
            return message_relay(cx, id, in, out);
        return message_list(cx, args_get(a, "date"), out);
    }
    if (!strcmp(w, "record"))
        return breach_record(cx, in, out);
    return breach_list(cx, args_has(a, "open"), out);
}

static int run(const char *cmd, int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const sw[] = {"json", "open", NULL};
    const char *w = argc > 0 ? argv[0] : "";
    const verb *v = NULL;
    for (size_t i = 0; i < NVERBS; i++)
        if (!strcmp(verbs[i].cmd, cmd) && !strcmp(verbs[i].verb, w))
            v = &verbs[i];
    sg_err e = v ? args_parse(&ecx, argc - 1, argv + 1, sw, &a)
                 : sg_fail(&ecx, SG_EUSAGE, "unknown %s command '%s' (see safeguard %s --help)", cmd, w, cmd);
    if (!e && a.npos)
        e = sg_fail(&ecx, SG_EUSAGE, "unexpected argument '%s'", a.pos[0]);
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "%s %s needs --data DIR", cmd, w);
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    sg_ctx *cx = &app.cx;
    if (args_get(&a, "as"))
        e = auth_act_as(cx, args_get(&a, "as"));
    json_t *in = args_to_json(&a, reserved), *out = NULL;
    if (!e)
        e = dispatch(cx, v, &a, in, &out);
    if (!e && v->is_list && !args_has(&a, "json")) {
        if (!strcmp(cmd, "visitor"))
            print_visitors(out);
        else if (!strcmp(cmd, "message"))
            print_messages(out);
        else
            print_breaches(out);
    } else if (!e) {
        char *s = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS);
        puts(s ? s : "");
        free(s);
    }
    json_decref(in);
    json_decref(out);
    int rc = args_report(cx, e);
    setup_close(&app);
    return rc;
}

int cmd_visitor(int argc, char **argv) { return run("visitor", argc, argv); }
int cmd_message(int argc, char **argv) { return run("message", argc, argv); }
int cmd_breach(int argc, char **argv) { return run("breach", argc, argv); }
