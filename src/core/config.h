/* config.h — the data directory's safeguard.ini.
 *
 * A data directory holds one setting: safeguard.ini, keys/, and (for the
 * SQLite default) safeguard.db. Limits live here with the requirement they
 * serve, never as numbers in code. */
#ifndef SG_CONFIG_H
#define SG_CONFIG_H
#include <stdint.h>
#include "err.h"

typedef struct sg_config {
    char data_dir[1024];
    char database[1024];        /* "postgresql://…" or an SQLite path */
    int64_t setting_id;         /* the setting this directory was made for */
    char listen[128];           /* ADDR:PORT */
    int threads;                /* HTTP worker threads */
    long max_body;              /* bytes; larger bodies get 413 */
    int session_idle_minutes;   /* DATA-07: lock after inactivity */
    int session_max_hours;      /* absolute session lifetime */
    int lockout_failures;       /* failed log-ins before lock-out */
    int lockout_minutes;
    int invite_days;            /* PEOPLE-14: a parent portal invitation is valid this long */
    int checkpoint_every;       /* audit events between signed checkpoints */
    int import_max_rows;        /* CSV rows in one import */
    int sweep_seconds;          /* REPORTING-07: the server's sweep interval; 0 turns it off */
} sg_config;

void config_defaults(sg_config *c);
/* Load DIR/safeguard.ini over the defaults; the database path is made
 * absolute against DIR. */
sg_err config_load(const char *dir, sg_config *c, char *errbuf, int errlen);
/* Write DIR/safeguard.ini (new file, crash-safe). */
sg_err config_write(const char *dir, const sg_config *c);
/* Path of a file inside the data directory into out. */
void config_path(const sg_config *c, const char *name, char *out, int outlen);
#endif
