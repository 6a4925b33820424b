/* setup.c — init and open of data directories. */
#include <errno.h>
#include <dirent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../audit/audit.h"
#include "../people/people.h"
#include "setup.h"

static void operator_ctx(sg_app *app)
{
    memset(&app->cx, 0, sizeof app->cx);
    app->cx.db = app->db;
    app->cx.cfg = &app->cfg;
    app->cx.signer = &app->signer;
    app->cx.setting_id = app->cfg.setting_id;
    app->cx.operator_mode = true;
    struct passwd *pw = getpwuid(getuid());
    snprintf(app->cx.actor, sizeof app->cx.actor, "cli:%.40s", pw ? pw->pw_name : "operator");
}

static sg_err open_parts(sg_app *app, sg_ctx *ecx)
{
    char path[1200], err[600];
    config_path(&app->cfg, "keys/audit.ed25519", path, sizeof path);
    if (crypto_signer_load(path, &app->signer))
        return sg_fail(ecx, SG_ECRYPTO, "cannot read the audit signing key %s", path);
    if (store_open(app->cfg.database, &app->db, err, sizeof err))
        return sg_fail(ecx, SG_ESTORE, "cannot open the database: %s", err);
    sg_err e = store_migrate(app->db);
    if (e)
        return sg_fail(ecx, e, "%s", store_errmsg(app->db));
    operator_ctx(app);
    return SG_OK;
}

sg_err setup_open(const char *dir, sg_app *app, sg_ctx *ecx)
{
    memset(app, 0, sizeof *app);
    char err[600];
    sg_err e = config_load(dir, &app->cfg, err, sizeof err);
    if (e)
        return sg_fail(ecx, e, "%s", err);
    return open_parts(app, ecx);
}

void setup_close(sg_app *app)
{
    sg_clear(&app->cx);
    store_close(app->db);
    app->db = NULL;
    sodium_memzero(&app->signer, sizeof app->signer);
}

static bool dir_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *de;
    bool empty = true;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            empty = false;
    closedir(d);
    return empty;
}

sg_err setup_init(const setup_init_opts *o, sg_app *app, char *generated, sg_ctx *ecx)
{
    memset(app, 0, sizeof *app);
    struct stat sb;
    if (stat(o->dir, &sb) == 0 && !(S_ISDIR(sb.st_mode) && dir_empty(o->dir)))
        return sg_fail(ecx, SG_EEXISTS, "%s already exists; safeguard init never touches an existing data directory", o->dir);
    if (mkdir(o->dir, 0700) != 0 && errno != EEXIST)
        return sg_fail(ecx, SG_EIO, "cannot create %s: %s", o->dir, strerror(errno));
    char keys[1100], path[1200];
    snprintf(keys, sizeof keys, "%s/keys", o->dir);
    if (mkdir(keys, 0700) != 0)
        return sg_fail(ecx, SG_EIO, "cannot create %s: %s", keys, strerror(errno));
    snprintf(path, sizeof path, "%s/audit.ed25519", keys);
    if (crypto_signer_create(path))
        return sg_fail(ecx, SG_EIO, "cannot write %s", path);
    snprintf(path, sizeof path, "%s/data.key", keys);
    if (crypto_key_create(path))
        return sg_fail(ecx, SG_EIO, "cannot write %s", path);

    sg_config c;
    config_defaults(&c);
    snprintf(c.database, sizeof c.database, "%s", o->database ? o->database : "safeguard.db");
    c.setting_id = 1; /* placeholder until the setting exists */
    char err[600];
    /* Open through the normal path: write a provisional config first. */
    if (config_write(o->dir, &c))
        return sg_fail(ecx, SG_EIO, "cannot write %s/safeguard.ini", o->dir);
    sg_err e = config_load(o->dir, &app->cfg, err, sizeof err);
    if (e)
        return sg_fail(ecx, e, "%s", err);
    if ((e = open_parts(app, ecx)))
        return e;

    char pw[CRYPTO_TOKEN_LEN];
    if (!o->password) {
        crypto_token("", pw);
        pw[20] = 0;
        memcpy(generated, pw, 21);
    }
    int64_t setting = 0, manager = 0;
    sg_ctx *cx = &app->cx;
    if ((e = store_begin(app->db)))
        return sg_fail(ecx, e, "%s", store_errmsg(app->db));
    e = setting_create(cx, o->organisation ? o->organisation : o->setting,
                       o->organisation_kind ? o->organisation_kind : (o->organisation ? "group" : "single"),
                       o->setting, o->kind, &setting);
    if (!e) {
        json_t *m = json_pack("{ss ss ss s[s] ss}", "first_name", o->manager_first ? o->manager_first : "Setting",
                              "last_name", o->manager_last ? o->manager_last : "Manager", "email", o->manager_email,
                              "roles", "manager", "password", o->password ? o->password : pw);
        e = adult_add_tx(cx, m, &manager);
        json_decref(m);
    }
    e = store_end(app->db, e);
    if (e) {
        sg_fail(ecx, e, "%s%s%s", sg_msg(cx, e), cx->field[0] ? " — " : "", cx->field);
        setup_close(app);
        return e;
    }
    app->cfg.setting_id = setting;
    /* Rewrite the config with the real setting id (atomic rename). */
    snprintf(path, sizeof path, "%s/safeguard.ini", o->dir);
    sg_config final = app->cfg;
    snprintf(final.database, sizeof final.database, "%s", o->database ? o->database : "safeguard.db");
    if (unlink(path) != 0 || config_write(o->dir, &final))
        return sg_fail(ecx, SG_EIO, "cannot write %s", path);
    app->cx.setting_id = setting;
    return SG_OK;
}
