/* consent_cli.c — `safeguard consent …`: the form, paper consent with its
 * scan, withdrawal, the overview, restrictions, the young-person check,
 * press visits, and the one question (`consent allows`).
 *
 * Flags become the same JSON fields the API takes (args_to_json: --signer-id
 * 12 → "signer_id": 12); --given and --refused take comma-separated
 * purposes and become the "decisions" object; a form is published from a
 * JSON file (--file) holding the API's body. Every command takes --as EMAIL
 * to act, and be audited, as that adult; without it the local operator
 * acts. The area checks everything exactly as for an API body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../auth/auth.h"
#include "../core/args.h"
#include "../core/clock.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "consent.h"

/* Flags that steer the command rather than fill a record. */
static const char *const reserved[] = {"data", "as", "json", "id", "child", "adult", "file", "given", "refused",
                                       "purpose", "at", "include-lifted", NULL};

static int64_t id_flag(const cli_args *a, const char *name)
{
    const char *s = args_get(a, name);
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && !*end && v > 0 ? v : 0;
}

static void print_json(json_t *o)
{
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (s)
        puts(s);
    free(s);
}

/* --given a,b --refused c → {"a":"given","b":"given","c":"refused"}. */
static void add_decisions(json_t *in, const cli_args *a)
{
    static const char *const which[] = {"given", "refused"};
    json_t *d = json_object();
    for (int w = 0; w < 2; w++) {
        const char *v = args_get(a, which[w]);
        char *copy = v ? strdup(v) : NULL, *save = NULL;
        for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save))
            json_object_set_new(d, t, json_string(which[w]));
        free(copy);
    }
    if (json_object_size(d))
        json_object_set_new(in, "decisions", d);
    else
        json_decref(d);
}

static void print_overview(json_t *o)
{
    json_t *ps = json_object_get(o, "purposes"), *c, *p;
    size_t i, k;
    printf("%-24s", "child");
    json_array_foreach(ps, k, p) printf(" %-9.9s", json_string_value(json_object_get(p, "id")));
    printf("\n");
    json_array_foreach(json_object_get(o, "children"), i, c) {
        printf("%-24.24s", json_string_value(json_object_get(c, "name")));
        json_array_foreach(ps, k, p) printf(" %-9.9s", json_string_value(json_object_get(json_object_get(c, "states"),
                                                            json_string_value(json_object_get(p, "id")))));
        printf("\n");
    }
}

static sg_err need_id(sg_ctx *cx, const cli_args *a, const char *flag, const char *verb, int64_t *id)
{
    *id = id_flag(a, flag);
    return *id ? SG_OK : sg_fail(cx, SG_EUSAGE, "consent %s needs --%s N", verb, flag);
}

static sg_err run(sg_ctx *cx, const char *verb, const cli_args *a, json_t **out)
{
    sg_err e = SG_OK;
    int64_t id = 0;
    json_t *in = args_to_json(a, reserved);
    if (!strcmp(verb, "purposes")) {
        e = consent_purpose_list(cx, out);
    } else if (!strcmp(verb, "forms")) {
        e = consent_form_list(cx, out);
    } else if (!strcmp(verb, "publish")) {
        size_t len = 0;
        char *text = args_get(a, "file") ? args_read_file(cx, args_get(a, "file"), &len, 1 << 20) : NULL;
        json_error_t je;
        json_t *body = text ? json_loadb(text, len, 0, &je) : NULL;
        free(text);
        if (!args_get(a, "file"))
            e = sg_fail(cx, SG_EUSAGE, "consent publish needs --file FORM.json ({title, intro, purposes:[{purpose, text}]})");
        else if (!body)
            e = cx->msg[0] ? SG_EIO : sg_fail(cx, SG_EJSON, "%s is not JSON: %s", args_get(a, "file"), je.text);
        else
            e = consent_form_publish(cx, body, out);
        json_decref(body);
    } else if (!strcmp(verb, "show")) {
        if (!(e = need_id(cx, a, "child", verb, &id)))
            e = consent_child(cx, id, out);
    } else if (!strcmp(verb, "scan")) {
        size_t len = 0;
        char *data = args_get(a, "file") ? args_read_file(cx, args_get(a, "file"), &len, CONSENT_SCAN_MAX) : NULL;
        if (!args_get(a, "file"))
            e = sg_fail(cx, SG_EUSAGE, "consent scan needs --file SCAN.pdf|jpg|png");
        else if (!data)
            e = SG_EIO;
        else
            e = consent_scan_store(cx, data, len, out);
        free(data);
    } else if (!strcmp(verb, "give")) {
        add_decisions(in, a);
        if (!(e = need_id(cx, a, "child", verb, &id)))
            e = consent_give(cx, id, in, out);
    } else if (!strcmp(verb, "own")) {
        add_decisions(in, a);
        e = consent_give_own(cx, in, out);
    } else if (!strcmp(verb, "withdraw")) {
        if (!(e = need_id(cx, a, "id", verb, &id)))
            e = consent_withdraw(cx, id, in, out);
    } else if (!strcmp(verb, "overview")) {
        e = consent_overview(cx, out);
    } else if (!strcmp(verb, "allows")) {
        consent_answer ans;
        int64_t at = clock_now();
        const char *type = args_get(a, "child") ? "child" : "adult";
        id = id_flag(a, args_get(a, "child") ? "child" : "adult");
        if (!id || !args_get(a, "purpose"))
            e = sg_fail(cx, SG_EUSAGE, "consent allows needs --child N or --adult N, and --purpose P");
        else if (args_get(a, "at") && !clock_parse_iso(args_get(a, "at"), &at))
            e = sg_fail(cx, SG_EUSAGE, "--at takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
        else if (!(e = consent_allows(cx, type, id, args_get(a, "purpose"), at, &ans)))
            *out = json_pack("{sb ss ss}", "allowed", ans.allowed, "state", consent_state_name(ans.state), "reason",
                             ans.reason);
    } else if (!strcmp(verb, "restrict")) {
        const char *type = args_get(a, "child") ? "child" : "adult";
        json_object_set_new(in, "subject_type", json_string(type));
        json_object_set_new(in, "subject_id", json_integer(id_flag(a, type)));
        e = restriction_set(cx, in, out);
    } else if (!strcmp(verb, "lift")) {
        if (!(e = need_id(cx, a, "id", verb, &id)))
            e = restriction_lift(cx, id, in, out);
    } else if (!strcmp(verb, "restrictions")) {
        e = restriction_list(cx, args_has(a, "include-lifted"), out);
    } else if (!strcmp(verb, "young-person-check")) {
        if (!(e = need_id(cx, a, "child", verb, &id)))
            e = consent_young_person_check(cx, id, json_object_size(in) ? in : NULL, out);
    } else if (!strcmp(verb, "press-add")) {
        e = press_visit_add(cx, in, out);
    } else if (!strcmp(verb, "press-list")) {
        e = press_visit_list(cx, out);
    } else if (!strcmp(verb, "press-approve")) {
        if (!(e = need_id(cx, a, "id", verb, &id)))
            e = press_visit_approve(cx, id, out);
    } else {
        e = sg_fail(cx, SG_EUSAGE, "unknown consent command '%s'", verb);
    }
    json_decref(in);
    return e;
}

int cmd_consent(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const sw[] = {"json", "include-lifted", NULL};
    if (argc < 1)
        return args_report(&ecx, sg_fail(&ecx, SG_EUSAGE, "consent needs a command (forms, publish, show, give, …)"));
    sg_err e = args_parse(&ecx, argc - 1, argv + 1, sw, &a);
    if (!e && a.npos)
        e = sg_fail(&ecx, SG_EUSAGE, "unexpected argument '%s'", a.pos[0]);
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "consent %s needs --data DIR", argv[0]);
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    sg_ctx *cx = &app.cx;
    if (args_get(&a, "as"))
        e = auth_act_as(cx, args_get(&a, "as"));
    json_t *out = NULL;
    if (!e)
        e = run(cx, argv[0], &a, &out);
    if (!e) {
        if (!strcmp(argv[0], "overview") && !args_has(&a, "json"))
            print_overview(out);
        else
            print_json(out);
    }
    json_decref(out);
    int rc = args_report(cx, e);
    setup_close(&app);
    return rc;
}
