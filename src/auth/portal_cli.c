/* portal_cli.c — `safeguard parent invite`: the office's one-time link for
 * a parent's portal account, printed for handing over or e-mailing. */
#include <stdio.h>
#include <stdlib.h>
#include "../core/args.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "portal.h"

int cmd_parent_invite(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "id", "as", NULL};
    sg_err e = args_parse(&ecx, argc, argv, NULL, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    char *end = NULL;
    long long id = args_get(&a, "id") ? strtoll(args_get(&a, "id"), &end, 10) : 0;
    if (!e && (!args_get(&a, "data") || id <= 0 || *end))
        e = sg_fail(&ecx, SG_EUSAGE, "parent invite needs --data DIR and --id N");
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    json_t *out = NULL;
    if (args_get(&a, "as"))
        e = auth_act_as(&app.cx, args_get(&a, "as"));
    if (!e && !(e = portal_invite(&app.cx, id, &out)))
        printf("Invitation for %s, valid until %s (shown once):\n  http://%s%s\n"
               "  token: %s\n"
               "Give the link to the parent; they choose their own password with it. Use this server's own\n"
               "address if it is not the one above. A new invitation replaces this one.\n",
               json_string_value(json_object_get(out, "email")), json_string_value(json_object_get(out, "expires_at")),
               app.cfg.listen, json_string_value(json_object_get(out, "link")),
               json_string_value(json_object_get(out, "token")));
    json_decref(out);
    int rc = args_report(&app.cx, e);
    setup_close(&app);
    return rc;
}
