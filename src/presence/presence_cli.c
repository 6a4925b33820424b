/* presence_cli.c — `safeguard presence|shift|grant|kiosk|policy|findings|sweep`.
 *
 * Flags become fields as in people_cli.c (args_to_json); every command
 * takes --as EMAIL to act, and be audited, as that adult. Answers print as
 * JSON, except the board and the findings, which print a line each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../auth/auth.h"
#include "../compliance/findings.h"
#include "../core/args.h"
#include "../core/clock.h"
#include "../policy/policy.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "presence.h"

/* Flags that steer the command rather than fill the record; a body verb
 * (shift plan, grant create…) takes adult_id and date as fields. */
static const char *const reserved[] = {"data", "as", "json", "id", "adult-id", "date", "from", "to", NULL};
static const char *const reserved_body[] = {"data", "as", "json", "id", NULL};

typedef struct {
    const char *cmd, *verb;
    int kind; /* what the verb needs, below */
} verb;

enum { V_ADULT_BODY, V_BODY, V_ID_BODY, V_ID, V_NONE, V_DATE, V_LEDGER };

static const verb verbs[] = {
    {"presence", "board", V_DATE},        {"presence", "show", V_ADULT_BODY}, {"presence", "sign-on", V_ADULT_BODY},
    {"presence", "sign-off", V_ADULT_BODY}, {"presence", "check-in", V_ADULT_BODY},
    {"presence", "none", V_ADULT_BODY},   {"presence", "check-out", V_ADULT_BODY},
    {"presence", "ledger", V_LEDGER},     {"presence", "pin", V_ADULT_BODY},
    {"shift", "plan", V_BODY},            {"shift", "edit", V_ID_BODY},       {"shift", "show", V_ID},
    {"grant", "create", V_BODY},          {"grant", "end", V_ID_BODY},        {"grant", "list", V_NONE},
    {"kiosk", "create", V_BODY},          {"kiosk", "list", V_NONE},          {"kiosk", "revoke", V_ID},
    {"policy", "show", V_NONE},           {"policy", "set", V_BODY},
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

static int64_t int_flag(const cli_args *a, const char *name)
{
    const char *s = args_get(a, name);
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && !*end && v > 0 ? v : 0;
}

static void print_board(json_t *b)
{
    json_t *r;
    size_t i;
    printf("%s\n", json_string_value(json_object_get(b, "date")));
    json_array_foreach(json_object_get(b, "adults"), i, r) {
        json_t *s = json_object_get(r, "shift");
        printf("%-5lld %-24s %s–%s  %s\n", (long long)json_integer_value(json_object_get(r, "adult_id")),
               json_string_value(json_object_get(r, "name")), json_string_value(json_object_get(s, "start")),
               json_string_value(json_object_get(s, "end")), json_string_value(json_object_get(r, "status_text")));
    }
    if (json_array_size(json_object_get(b, "adults")) == 0)
        printf("nobody is on the rota\n");
}

static void print_findings(json_t *f)
{
    json_t *r;
    size_t i;
    json_array_foreach(json_object_get(f, "findings"), i, r)
        printf("%-6s %-20s %s\n", json_string_value(json_object_get(r, "severity")),
               json_string_value(json_object_get(r, "rule")), json_string_value(json_object_get(r, "text")));
    if (json_array_size(json_object_get(f, "findings")) == 0)
        printf("nothing needs attention\n");
}

static sg_err dispatch(sg_ctx *cx, const verb *v, const cli_args *a, json_t *in, json_t **out)
{
    int64_t id = int_flag(a, "id"), adult = int_flag(a, "adult-id");
    if ((v->kind == V_ID || v->kind == V_ID_BODY) && !id)
        return sg_fail(cx, SG_EUSAGE, "%s %s needs --id N", v->cmd, v->verb);
    if (v->kind == V_ADULT_BODY && !adult && !cx->actor_id)
        return sg_fail(cx, SG_EUSAGE, "%s %s needs --adult-id N (or --as EMAIL for oneself)", v->cmd, v->verb);
    if (!adult)
        adult = cx->actor_id;
    const char *w = v->verb;
    if (!strcmp(v->cmd, "presence")) {
        if (!strcmp(w, "board"))
            return presence_board(cx, args_get(a, "date"), out);
        if (!strcmp(w, "show"))
            return presence_adult(cx, adult, out);
        if (!strcmp(w, "sign-on"))
            return presence_sign_on(cx, adult, in, out);
        if (!strcmp(w, "sign-off"))
            return presence_sign_off(cx, adult, in, out);
        if (!strcmp(w, "check-in"))
            return presence_check_in(cx, adult, in, out);
        if (!strcmp(w, "none"))
            return presence_declare_none(cx, adult, in, out);
        if (!strcmp(w, "check-out"))
            return presence_check_out(cx, adult, in, out);
        if (!strcmp(w, "pin"))
            return presence_set_pin(cx, int_flag(a, "adult-id"), in, out);
        int64_t from = 0, to = 0;
        if ((args_get(a, "from") && !clock_parse_iso(args_get(a, "from"), &from)) ||
            (args_get(a, "to") && !clock_parse_iso(args_get(a, "to"), &to)))
            return sg_fail(cx, SG_EUSAGE, "--from and --to take YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
        return presence_ledger(cx, int_flag(a, "adult-id"), from, to, out);
    }
    if (!strcmp(v->cmd, "shift"))
        return !strcmp(w, "plan") ? shift_plan(cx, in, out) : !strcmp(w, "edit") ? shift_edit(cx, id, in, out)
                                                                                 : shift_get(cx, id, out);
    if (!strcmp(v->cmd, "grant"))
        return !strcmp(w, "create") ? grant_create(cx, in, out) : !strcmp(w, "end") ? grant_end(cx, id, in, out)
                                                                                    : grant_list(cx, out);
    if (!strcmp(v->cmd, "kiosk")) {
        if (!strcmp(w, "create")) {
            char *token = NULL;
            sg_err e = kiosk_create(cx, in, &token, out);
            if (!e)
                json_object_set_new(*out, "token", json_string(token));
            free(token);
            return e;
        }
        return !strcmp(w, "list") ? kiosk_list(cx, out) : kiosk_revoke(cx, id, out);
    }
    return !strcmp(w, "show") ? policy_list(cx, out) : policy_set(cx, in, out);
}

static int run(const char *cmd, int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const sw[] = {"json", NULL};
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
    json_t *in = args_to_json(&a, v->kind == V_BODY ? reserved_body : reserved), *out = NULL;
    if (!e)
        e = dispatch(cx, v, &a, in, &out);
    if (!e && !args_has(&a, "json") && !strcmp(w, "board")) {
        print_board(out);
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

int cmd_presence(int argc, char **argv) { return run("presence", argc, argv); }
int cmd_shift(int argc, char **argv) { return run("shift", argc, argv); }
int cmd_grant(int argc, char **argv) { return run("grant", argc, argv); }
int cmd_kiosk(int argc, char **argv) { return run("kiosk", argc, argv); }
int cmd_policy(int argc, char **argv) { return run("policy", argc, argv); }

/* `safeguard findings`: what needs attention now, as the home page shows it. */
int cmd_findings(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "as", "json", NULL};
    static const char *const sw[] = {"json", NULL};
    sg_err e = args_parse(&ecx, argc, argv, sw, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "findings needs --data DIR");
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    json_t *out = NULL;
    if (args_get(&a, "as"))
        e = auth_act_as(&app.cx, args_get(&a, "as"));
    if (!e)
        e = findings_list(&app.cx, &out);
    if (!e && args_has(&a, "json")) {
        char *s = json_dumps(out, JSON_INDENT(2));
        puts(s ? s : "");
        free(s);
    } else if (!e) {
        print_findings(out);
    }
    json_decref(out);
    int rc = args_report(&app.cx, e);
    setup_close(&app);
    return rc;
}

/* `safeguard sweep`: run every area's checks now, for every setting in the
 * store — what the server does on its timer (REPORTING-07). */
int cmd_sweep(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", NULL};
    sg_err e = args_parse(&ecx, argc, argv, NULL, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "sweep needs --data DIR");
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    int raised = 0, resolved = 0;
    e = findings_sweep_all(&app.cx, &raised, &resolved);
    if (!e)
        printf("sweep: %d finding%s raised, %d resolved\n", raised, raised == 1 ? "" : "s", resolved);
    int rc = args_report(&app.cx, e);
    setup_close(&app);
    return rc;
}
