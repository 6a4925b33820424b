/* sqlite.c — the embedded default backend.
 *
 * WAL journal, foreign keys on, synchronous=FULL (every write here carries
 * an audit event, so every commit must survive a power cut), a busy timeout
 * for other processes (the CLI beside a running server).
 *
 * Writers inside one process queue on a mutex rather than on SQLite's busy
 * handler, whose sleeps would stall a server with many concurrent writers.
 * Prepared statements are cached per connection by their SQL text: area
 * code prepares the same few statements over and over. */
#include <pthread.h>
#include <stdio.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "store.h"

#define CACHE_SLOTS 96

typedef struct sl_stmt {
    store_stmt base;
    sqlite3_stmt *s;
    char *sql;        /* owned; NULL for an uncached statement */
    bool in_use;
    bool cached;
} sl_stmt;

typedef struct {
    store base;
    sqlite3 *h;
    sl_stmt cache[CACHE_SLOTS];
    int next_evict;
    bool holds_write_lock;
} sl_store;

static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

static sg_err sl_error(sl_store *d, int rc)
{
    int ext = sqlite3_extended_errcode(d->h);
    sg_err e = SG_ESTORE;
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        e = SG_EEXISTS;
    else if ((rc & 0xff) == SQLITE_CONSTRAINT)
        e = SG_ECONFLICT;
    return store_fail(&d->base, e, "%s", sqlite3_errmsg(d->h));
}

static sg_err sl_prepare(store *db, const char *sql, store_stmt **out)
{
    sl_store *d = (sl_store *)db;
    *out = NULL;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        sl_stmt *c = &d->cache[i];
        if (c->sql && !c->in_use && strcmp(c->sql, sql) == 0) {
            c->in_use = true;
            *out = &c->base;
            return SG_OK;
        }
    }
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        return sl_error(d, rc);
    /* Find a free slot, evicting an idle one round-robin when full. */
    sl_stmt *slot = NULL;
    for (int i = 0; i < CACHE_SLOTS && !slot; i++)
        if (!d->cache[i].sql)
            slot = &d->cache[i];
    for (int n = 0; n < CACHE_SLOTS && !slot; n++) {
        sl_stmt *c = &d->cache[d->next_evict];
        d->next_evict = (d->next_evict + 1) % CACHE_SLOTS;
        if (!c->in_use) {
            sqlite3_finalize(c->s);
            free(c->sql);
            c->sql = NULL;
            slot = c;
        }
    }
    if (slot && (slot->sql = strdup(sql))) {
        slot->base.db = db;
        slot->s = s;
        slot->in_use = true;
        slot->cached = true;
        *out = &slot->base;
        return SG_OK;
    }
    sl_stmt *u = calloc(1, sizeof *u);
    if (!u) {
        sqlite3_finalize(s);
        return store_fail(db, SG_ESTORE, "out of memory");
    }
    u->base.db = db;
    u->s = s;
    u->in_use = true;
    *out = &u->base;
    return SG_OK;
}

static void sl_bind_int(store_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(((sl_stmt *)st)->s, idx, v);
}

static void sl_bind_text(store_stmt *st, int idx, const char *s)
{
    sl_stmt *t = (sl_stmt *)st;
    if (s)
        sqlite3_bind_text(t->s, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(t->s, idx);
}

static sg_err sl_step(store_stmt *st, bool *row)
{
    sl_stmt *t = (sl_stmt *)st;
    int rc = sqlite3_step(t->s);
    if (rc == SQLITE_ROW) {
        *row = true;
        return SG_OK;
    }
    *row = false;
    if (rc == SQLITE_DONE)
        return SG_OK;
    return sl_error((sl_store *)st->db, rc);
}

static int64_t sl_col_int(store_stmt *st, int col)
{
    return sqlite3_column_int64(((sl_stmt *)st)->s, col);
}

static const char *sl_col_text(store_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(((sl_stmt *)st)->s, col);
}

static bool sl_col_null(store_stmt *st, int col)
{
    return sqlite3_column_type(((sl_stmt *)st)->s, col) == SQLITE_NULL;
}

static int sl_col_count(store_stmt *st)
{
    return sqlite3_column_count(((sl_stmt *)st)->s);
}

static void sl_finalize(store_stmt *st)
{
    sl_stmt *t = (sl_stmt *)st;
    if (t->cached) {
        sqlite3_reset(t->s);
        sqlite3_clear_bindings(t->s);
        t->in_use = false;
        return;
    }
    sqlite3_finalize(t->s);
    free(t);
}

static sg_err sl_exec(store *db, const char *sql)
{
    sl_store *d = (sl_store *)db;
    char *msg = NULL;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        sg_err e = store_fail(db, SG_ESTORE, "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return e;
    }
    return SG_OK;
}

static sg_err sl_begin(store *db)
{
    sl_store *d = (sl_store *)db;
    pthread_mutex_lock(&write_lock);
    d->holds_write_lock = true;
    sg_err e = sl_exec(db, "BEGIN IMMEDIATE");
    if (e) {
        d->holds_write_lock = false;
        pthread_mutex_unlock(&write_lock);
    }
    return e;
}

static void release(sl_store *d)
{
    if (d->holds_write_lock) {
        d->holds_write_lock = false;
        pthread_mutex_unlock(&write_lock);
    }
}

static sg_err sl_commit(store *db)
{
    sg_err e = sl_exec(db, "COMMIT");
    if (e)
        sl_exec(db, "ROLLBACK");
    release((sl_store *)db);
    return e;
}

static void sl_rollback(store *db)
{
    sl_store *d = (sl_store *)db;
    char keep[sizeof db->errmsg];
    memcpy(keep, db->errmsg, sizeof keep);  /* keep the reason we roll back */
    sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
    memcpy(db->errmsg, keep, sizeof keep);
    release(d);
}

static void sl_close(store *db)
{
    sl_store *d = (sl_store *)db;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (d->cache[i].sql) {
            sqlite3_finalize(d->cache[i].s);
            free(d->cache[i].sql);
        }
    release(d);
    sqlite3_close(d->h);
    free(d);
}

static const store_ops sl_ops = {
    sl_prepare, sl_bind_int, sl_bind_text, sl_step, sl_col_int, sl_col_text,
    sl_col_null, sl_col_count, sl_finalize, sl_exec, sl_begin, sl_commit,
    sl_rollback, sl_close,
};

sg_err store_sqlite_open(const char *path, store **out, char *errbuf, int errlen)
{
    *out = NULL;
    sl_store *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(errbuf, errlen, "out of memory");
        return SG_ESTORE;
    }
    d->base.ops = &sl_ops;
    d->base.kind = STORE_SQLITE;
    int rc = sqlite3_open_v2(path, &d->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(errbuf, errlen, "%s: %s", path, d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
        sqlite3_close(d->h);
        free(d);
        return SG_ESTORE;
    }
    sqlite3_busy_timeout(d->h, 10000);
    char *msg = NULL;
    rc = sqlite3_exec(d->h,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(errbuf, errlen, "%s: %s", path, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(d->h);
        free(d);
        return SG_ESTORE;
    }
    *out = &d->base;
    return SG_OK;
}

sg_err store_backup(store *db, const char *path)
{
    if (db->kind != STORE_SQLITE)
        return store_fail(db, SG_EUSAGE, "backups of a PostgreSQL store are made with pg_dump");
    sl_store *d = (sl_store *)db;
    if (access(path, F_OK) == 0)
        return store_fail(db, SG_EEXISTS, "%s already exists; choose a new file", path);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.partial", path);
    unlink(tmp);
    sqlite3 *to;
    int rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(to, "main", d->h, "main");
        if (!b) {
            rc = sqlite3_errcode(to);
        } else {
            /* Copy in steps so writers are not held off for the whole copy;
             * the backup restarts itself if the source changes meanwhile. */
            do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                    sqlite3_sleep(10);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
            if (rc == SQLITE_DONE)
                rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK) {
        store_fail(db, SG_EIO, "backup failed: %s", to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
        sqlite3_close(to);
        unlink(tmp);
        return SG_EIO;
    }
    sqlite3_close(to);
    int fd = open(tmp, O_RDONLY);
    int ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return store_fail(db, SG_EIO, "cannot write %s", path);
    }
    return SG_OK;
}
