/* setup.h — making and opening a data directory.
 *
 * A data directory: safeguard.ini, keys/audit.ed25519 (signs audit
 * checkpoints), keys/data.key (the setting's key for data encrypted at
 * rest), and safeguard.db unless the database is PostgreSQL. */
#ifndef SG_SETUP_H
#define SG_SETUP_H
#include "../core/config.h"
#include "../core/ctx.h"

typedef struct {
    sg_config cfg;
    crypto_signer signer;
    store *db;
    sg_ctx cx;          /* operator context on the directory's setting */
} sg_app;

typedef struct {
    const char *dir;
    const char *setting;
    const char *kind;
    const char *manager_email;
    const char *manager_first, *manager_last;
    const char *password;        /* NULL: generate one */
    const char *database;        /* NULL: SQLite in the directory */
    const char *organisation;    /* NULL: the setting's own */
    const char *organisation_kind;
} setup_init_opts;

/* Create the directory and the setting with its first manager. Refuses an
 * existing, non-empty directory. `generated` receives a generated password
 * when o->password is NULL (>= 32 bytes). On success *app is open. */
sg_err setup_init(const setup_init_opts *o, sg_app *app, char *generated, sg_ctx *ecx);
/* Open an existing directory: config, store (migrated), keys; app->cx is
 * the local operator ("cli:<user>") with every permission. */
sg_err setup_open(const char *dir, sg_app *app, sg_ctx *ecx);
void setup_close(sg_app *app);

/* demo_data.c: fill a fresh setting with the fictional demo pre-school.
 * *logins (caller owns) lists {email, password, roles} to print. */
sg_err demo_populate(sg_ctx *cx, json_t **logins);
#endif
