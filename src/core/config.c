/* config.c — reading and writing safeguard.ini with inih. */
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"

void config_defaults(sg_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
    /* More workers than cores: writers wait on fsync, and more writers in
     * flight make larger group commits (bench/README.md). */
    c->threads = 16;
    c->max_body = 1024 * 1024;
    c->session_idle_minutes = 30;
    c->session_max_hours = 12;
    c->lockout_failures = 5;
    c->lockout_minutes = 15;
    c->invite_days = 7;
    c->checkpoint_every = 1000;
    c->import_max_rows = 5000;
    /* S-05: a break that ended at 12:30 is on the manager's page by 12:31. */
    c->sweep_seconds = 60;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    sg_config *c = user;
#define IS(s, n) (strcmp(section, s) == 0 && strcmp(name, n) == 0)
    if (IS("store", "database"))
        snprintf(c->database, sizeof c->database, "%s", value);
    else if (IS("store", "setting_id"))
        c->setting_id = atoll(value);
    else if (IS("server", "listen"))
        snprintf(c->listen, sizeof c->listen, "%s", value);
    else if (IS("server", "threads"))
        c->threads = atoi(value);
    else if (IS("server", "max_body"))
        c->max_body = atol(value);
    else if (IS("sessions", "idle_minutes"))
        c->session_idle_minutes = atoi(value);
    else if (IS("sessions", "max_hours"))
        c->session_max_hours = atoi(value);
    else if (IS("sessions", "lockout_failures"))
        c->lockout_failures = atoi(value);
    else if (IS("sessions", "lockout_minutes"))
        c->lockout_minutes = atoi(value);
    else if (IS("sessions", "invite_days"))
        c->invite_days = atoi(value);
    else if (IS("audit", "checkpoint_every"))
        c->checkpoint_every = atoi(value);
    else if (IS("import", "max_rows"))
        c->import_max_rows = atoi(value);
    else if (IS("sweeps", "every_seconds"))
        c->sweep_seconds = atoi(value);
    else
        return 0;
#undef IS
    return 1;
}

void config_path(const sg_config *c, const char *name, char *out, int outlen)
{
    snprintf(out, (size_t)outlen, "%s/%s", c->data_dir, name);
}

sg_err config_load(const char *dir, sg_config *c, char *errbuf, int errlen)
{
    config_defaults(c);
    char abs[1024];
    if (!realpath(dir, abs)) {
        snprintf(errbuf, (size_t)errlen, "%s: no such data directory (run 'safeguard init' first)", dir);
        return SG_EIO;
    }
    snprintf(c->data_dir, sizeof c->data_dir, "%s", abs);
    char path[1100];
    config_path(c, "safeguard.ini", path, sizeof path);
    int rc = ini_parse(path, on_value, c);
    if (rc < 0) {
        snprintf(errbuf, (size_t)errlen, "%s: cannot read (is %s a data directory?)", path, dir);
        return SG_EIO;
    }
    if (rc > 0) {
        snprintf(errbuf, (size_t)errlen, "%s: line %d is not understood", path, rc);
        return SG_EINVAL;
    }
    if (!c->database[0] || c->setting_id <= 0) {
        snprintf(errbuf, (size_t)errlen, "%s: [store] database and setting_id are required", path);
        return SG_EINVAL;
    }
    if (c->database[0] != '/' && strncmp(c->database, "postgres", 8) != 0) {
        char full[1024];
        snprintf(full, sizeof full, "%.500s/%.500s", c->data_dir, c->database);
        snprintf(c->database, sizeof c->database, "%s", full);
    }
    if (c->threads < 1 || c->threads > 256 || c->max_body < 1024 || c->lockout_failures < 1 ||
        c->session_idle_minutes < 1 || c->checkpoint_every < 1 || c->import_max_rows < 1 ||
        c->sweep_seconds < 0 || c->invite_days < 1 || c->invite_days > 90) {
        snprintf(errbuf, (size_t)errlen, "%s: a value is out of range", path);
        return SG_EINVAL;
    }
    return SG_OK;
}

sg_err config_write(const char *dir, const sg_config *c)
{
    char path[1100], tmp[1110];
    snprintf(path, sizeof path, "%s/safeguard.ini", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return SG_EIO;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return SG_EIO;
    }
    fprintf(f,
            "; safeguard data directory configuration\n"
            "[store]\n"
            "; an SQLite file in this directory, or a postgresql:// URL\n"
            "database = %s\n"
            "setting_id = %lld\n\n"
            "[server]\n"
            "listen = %s\n"
            "threads = %d\n"
            "; largest request body in bytes\n"
            "max_body = %ld\n\n"
            "[sessions]\n"
            "; DATA-07: a session locks after this many idle minutes\n"
            "idle_minutes = %d\n"
            "max_hours = %d\n"
            "; failed log-ins before an account is locked, and for how long\n"
            "lockout_failures = %d\n"
            "lockout_minutes = %d\n"
            "; days a parent portal invitation link stays valid\n"
            "invite_days = %d\n\n"
            "[audit]\n"
            "; a signed checkpoint every this many events\n"
            "checkpoint_every = %d\n\n"
            "[import]\n"
            "max_rows = %d\n\n"
            "[sweeps]\n"
            "; the server checks the time-based rules this often (0: only 'safeguard sweep')\n"
            "every_seconds = %d\n",
            c->database, (long long)c->setting_id, c->listen, c->threads, c->max_body,
            c->session_idle_minutes, c->session_max_hours, c->lockout_failures,
            c->lockout_minutes, c->invite_days, c->checkpoint_every, c->import_max_rows, c->sweep_seconds);
    int ok = fflush(f) == 0 && fsync(fd) == 0;
    if (fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return SG_EIO;
    }
    return SG_OK;
}
