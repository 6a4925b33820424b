/* setup_cli.c — init, serve, demo and backup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../core/args.h"
#include "../http/http.h"
#include "../people/people.h"
#include "cli.h"
#include "setup.h"

#define DEMO_MARKER ".safeguard-demo"

static int fail(sg_ctx *cx, sg_err e) { return args_report(cx, e); }

/* First and last name guessed from "jo.bloggs@…" for the first manager. */
static void names_from_email(const char *email, char *first, char *last, size_t len)
{
    snprintf(first, len, "%.*s", (int)strcspn(email, ".@"), email);
    const char *dot = strchr(email, '.'), *at = strchr(email, '@');
    if (dot && at && dot < at)
        snprintf(last, len, "%.*s", (int)(at - dot - 1), dot + 1);
    else
        snprintf(last, len, "Manager");
    if (first[0] >= 'a' && first[0] <= 'z')
        first[0] = (char)(first[0] - 32);
    if (last[0] >= 'a' && last[0] <= 'z')
        last[0] = (char)(last[0] - 32);
}

int cmd_init(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "setting", "kind", "manager", "manager-name", "password-file",
                                     "database", "organisation", "organisation-kind", NULL};
    sg_err e = args_parse(&ecx, argc, argv, NULL, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    const char *dir = args_get(&a, "data"), *setting = args_get(&a, "setting"), *kind = args_get(&a, "kind"),
               *email = args_get(&a, "manager");
    if (!e && (!dir || !setting || !kind || !email))
        e = sg_fail(&ecx, SG_EUSAGE, "init needs --data, --setting, --kind and --manager");
    if (e)
        return fail(&ecx, e);
    char *password = NULL;
    size_t plen = 0;
    const char *pf = args_get(&a, "password-file");
    if (pf) {
        if (!(password = args_read_file(&ecx, pf, &plen, 1024)))
            return fail(&ecx, SG_EIO);
        password[strcspn(password, "\r\n")] = 0;
    }
    char first[80], last[80];
    names_from_email(email, first, last, sizeof first);
    const char *mn = args_get(&a, "manager-name");
    if (mn) {
        const char *sp = strrchr(mn, ' ');
        snprintf(first, sizeof first, "%.*s", sp ? (int)(sp - mn) : (int)strlen(mn), mn);
        snprintf(last, sizeof last, "%s", sp ? sp + 1 : "");
    }
    setup_init_opts o = {.dir = dir, .setting = setting, .kind = kind, .manager_email = email,
                         .manager_first = first, .manager_last = last, .password = password,
                         .database = args_get(&a, "database"), .organisation = args_get(&a, "organisation"),
                         .organisation_kind = args_get(&a, "organisation-kind")};
    sg_app app;
    char generated[32] = "";
    e = setup_init(&o, &app, generated, &ecx);
    if (password) {
        sodium_memzero(password, plen);
        free(password);
    }
    if (e)
        return fail(&ecx, e);
    printf("created %s for %s (%s), setting %lld\n", dir, setting, kind, (long long)app.cfg.setting_id);
    if (generated[0])
        printf("manager %s: password %s (shown once; change it after logging in)\n", email, generated);
    setup_close(&app);
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "listen", NULL};
    sg_err e = args_parse(&ecx, argc, argv, NULL, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "serve needs --data DIR");
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return fail(&ecx, e);
    /* The server opens a connection per worker; this one only migrated. */
    http_options o = {.cfg = &app.cfg, .signer = &app.signer, .listen = args_get(&a, "listen")};
    e = http_serve(&o, &ecx);
    setup_close(&app);
    return fail(&ecx, e);
}

static sg_err remove_demo(sg_ctx *cx, const char *dir)
{
    char marker[1100];
    snprintf(marker, sizeof marker, "%s/" DEMO_MARKER, dir);
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return SG_OK;
    if (access(marker, F_OK) != 0)
        return sg_fail(cx, SG_EEXISTS, "%s exists and is not a demo directory; choose another --data", dir);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", dir);
    if (strchr(dir, '\'') || system(cmd) != 0)
        return sg_fail(cx, SG_EIO, "cannot remove the old demo directory %s", dir);
    return SG_OK;
}

int cmd_demo(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "listen", "no-serve", NULL};
    static const char *const sw[] = {"no-serve", NULL};
    sg_err e = args_parse(&ecx, argc, argv, sw, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    const char *dir = args_get(&a, "data") ? args_get(&a, "data") : "demo-data";
    if (e || (e = remove_demo(&ecx, dir)))
        return fail(&ecx, e);
    setup_init_opts o = {.dir = dir, .setting = "Hollybrook Forest Pre-School", .kind = "pre-school",
                         .manager_email = "manager@hollybrook.example", .manager_first = "Helen",
                         .manager_last = "Ashworth", .password = "demo-manager-1",
                         .organisation = "Hollybrook Early Years Trust", .organisation_kind = "group"};
    sg_app app;
    char generated[32];
    if ((e = setup_init(&o, &app, generated, &ecx)))
        return fail(&ecx, e);
    char marker[1100];
    snprintf(marker, sizeof marker, "%s/" DEMO_MARKER, dir);
    FILE *m = fopen(marker, "w");
    if (m)
        fclose(m);
    json_t *logins = NULL;
    if ((e = demo_populate(&app.cx, &logins))) {
        int rc = fail(&app.cx, e);
        setup_close(&app);
        return rc;
    }
    char *banner = NULL;
    size_t blen = 0;
    FILE *b = open_memstream(&banner, &blen);
    const char *listen = args_get(&a, "listen") ? args_get(&a, "listen") : app.cfg.listen;
    fprintf(b, "\nDemo setting: %s (fictional)\nOpen http://%s/ in a browser and log in as:\n", o.setting, listen);
    size_t i;
    json_t *l;
    json_array_foreach(logins, i, l) {
        if (!json_is_true(json_object_get(l, "portal")))
            fprintf(b, "  %-34s %-18s PIN %-5s %s\n", json_string_value(json_object_get(l, "email")),
                    json_string_value(json_object_get(l, "password")), json_string_value(json_object_get(l, "pin")),
                    json_string_value(json_object_get(l, "roles")));
    }
    fprintf(b, "Parents log in on the same page and see the parent portal:\n");
    json_array_foreach(logins, i, l) {
        if (json_is_true(json_object_get(l, "portal")))
            fprintf(b, "  %-34s %s\n", json_string_value(json_object_get(l, "email")),
                    json_string_value(json_object_get(l, "password")));
    }
    fprintf(b, "Data directory: %s   (Ctrl-C stops the server)\n", dir);
    fclose(b);
    json_decref(logins);
    if (args_has(&a, "no-serve")) {
        fputs(banner, stdout);
        free(banner);
        setup_close(&app);
        return 0;
    }
    http_options ho = {.cfg = &app.cfg, .signer = &app.signer, .listen = listen, .banner = banner};
    e = http_serve(&ho, &ecx);
    free(banner);
    setup_close(&app);
    return fail(&ecx, e);
}

int cmd_backup(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "to", NULL};
    sg_err e = args_parse(&ecx, argc, argv, NULL, &a);
    if (!e)
        e = args_only(&ecx, &a, ok);
    if (!e && (!args_get(&a, "data") || !args_get(&a, "to")))
        e = sg_fail(&ecx, SG_EUSAGE, "backup needs --data DIR and --to FILE");
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return fail(&ecx, e);
    if ((e = store_backup(app.db, args_get(&a, "to"))))
        sg_fail(&ecx, e, "%s", store_errmsg(app.db));
    else
        printf("backed up to %s\n", args_get(&a, "to"));
    setup_close(&app);
    return fail(&ecx, e);
}
