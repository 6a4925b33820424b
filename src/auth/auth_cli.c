/* auth_cli.c — `safeguard token create|revoke|list` and
 * `safeguard password` (set an adult's log-in password). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/args.h"
#include "../people/people.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "auth.h"

int cmd_token(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "adult", "name", "id", NULL};
    const char *verb = argc > 0 ? argv[0] : "";
    sg_err e = args_parse(&ecx, argc > 0 ? argc - 1 : 0, argv + (argc > 0), NULL, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    if (!e && strcmp(verb, "create") && strcmp(verb, "revoke") && strcmp(verb, "list"))
        e = sg_fail(&ecx, SG_EUSAGE, "token needs create, revoke or list");
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "token %s needs --data DIR", verb);
    if (!e && !strcmp(verb, "create") && (!args_get(&a, "adult") || !args_get(&a, "name")))
        e = sg_fail(&ecx, SG_EUSAGE, "token create needs --adult EMAIL and --name NAME");
    if (!e && !strcmp(verb, "revoke") && !args_get(&a, "id"))
        e = sg_fail(&ecx, SG_EUSAGE, "token revoke needs --id N");
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    json_t *out = NULL;
    if (!strcmp(verb, "create")) {
        int64_t adult = 0;
        char token[AUTH_TOKEN_MAX];
        if (!(e = adult_by_email(&app.cx, args_get(&a, "adult"), &adult)) &&
            !(e = token_create(&app.cx, adult, args_get(&a, "name"), token, &out)))
            printf("token %lld for %s: %s\n(shown once: keep it in the script's secret store)\n",
                   (long long)json_integer_value(json_object_get(out, "id")), args_get(&a, "adult"), token);
    } else {
        e = !strcmp(verb, "list") ? token_list(&app.cx, &out) : token_revoke(&app.cx, atoll(args_get(&a, "id")), &out);
        if (!e) {
            char *s = json_dumps(out, JSON_INDENT(2));
            puts(s ? s : "");
            free(s);
        }
    }
    json_decref(out);
    int rc = args_report(&app.cx, e);
    setup_close(&app);
    return rc;
}
