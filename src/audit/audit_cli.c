/* audit_cli.c — `safeguard audit verify|checkpoint|list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/args.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "audit.h"

static int verify(sg_app *app, const cli_args *a)
{
    json_t *held = NULL;
    const char *cp = args_get(a, "checkpoint");
    if (cp) {
        json_error_t jerr;
        if (!(held = json_load_file(cp, 0, &jerr)))
            return args_report(&app->cx, sg_fail(&app->cx, SG_EIO, "cannot read checkpoint %s: %s", cp, jerr.text));
    }
    audit_report r;
    sg_err e = audit_verify(&app->cx, args_has(a, "all-settings") ? 0 : app->cx.setting_id, held, &r);
    json_decref(held);
    if (e == SG_ETAMPER) {
        fprintf(stderr, "safeguard: audit_broken: setting %lld, event %lld: %s (%lld events checked before it)\n",
                (long long)r.bad_setting, (long long)r.bad_seq, r.why, (long long)r.events);
        return 1;
    }
    if (e)
        return args_report(&app->cx, e);
    printf("audit log intact: %lld events and %lld signed checkpoints verified in %lld chain%s\n",
           (long long)r.events, (long long)r.checkpoints, (long long)r.settings, r.settings == 1 ? "" : "s");
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "checkpoint", "all-settings", "limit", "action", "object-type", NULL};
    static const char *const sw[] = {"all-settings", NULL};
    const char *verb = argc > 0 ? argv[0] : "";
    sg_err e = args_parse(&ecx, argc > 0 ? argc - 1 : 0, argv + (argc > 0), sw, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    if (!e && strcmp(verb, "verify") && strcmp(verb, "checkpoint") && strcmp(verb, "list"))
        e = sg_fail(&ecx, SG_EUSAGE, "audit needs verify, checkpoint or list");
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "audit %s needs --data DIR", verb);
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    int rc;
    json_t *out = NULL;
    if (!strcmp(verb, "verify")) {
        rc = verify(&app, &a);
    } else {
        if (!strcmp(verb, "checkpoint")) {
            e = audit_checkpoint(&app.cx, &out);
        } else {
            audit_filter f = {.action = args_get(&a, "action"), .object_type = args_get(&a, "object-type"),
                              .limit = args_get(&a, "limit") ? atoi(args_get(&a, "limit")) : 50};
            e = audit_list(&app.cx, &f, &out);
        }
        if (!e) {
            char *s = json_dumps(out, JSON_INDENT(2));
            puts(s ? s : "");
            free(s);
        }
        rc = args_report(&app.cx, e);
    }
    json_decref(out);
    setup_close(&app);
    return rc;
}
