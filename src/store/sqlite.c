/* sqlite.c — the embedded default backend.
 *
 * WAL journal, foreign keys on, synchronous=FULL (every write here carries
 * an audit event, so every commit must survive a power cut), a busy timeout
 * for other processes (the CLI beside a running server).
 *
 * Group commit. A commit with synchronous=FULL costs an fsync, and SQLite
 * has one writer at a time, so a server with many writers would queue on
 * fsyncs. Instead every write transaction of the process runs on one shared
 * write connection, one after another, each inside its own SAVEPOINT of an
 * outer transaction; when a transaction ends and another writer is already
 * waiting, the outer transaction is left open for it, and the last writer
 * of the group commits for all. Nobody is answered before the COMMIT that
 * holds their change has returned, so every acknowledged write is durable;
 * a failed transaction rolls back to its savepoint and leaves the others
 * untouched; a failed COMMIT fails every transaction of its group.
 * Writers queue on a mutex, not on SQLite's busy handler, whose sleeps
 * would stall the server; other processes (the CLI) still use the busy
 * timeout.
 *
 * Prepared statements are cached per connection by their SQL text: area
 * code prepares the same few statements over and over. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "store.h"

#define CACHE_SLOTS 96

#define GROUP_MAX 64        /* transactions in one group commit at most */
#define RESULT_RING 1024

typedef struct sl_store sl_store;

typedef struct sl_stmt {
    store_stmt base;  /* base.db: the caller's connection (errors go there) */
    sqlite3_stmt *s;
    sl_store *conn;   /* the connection it runs on */
    char *sql;        /* owned; NULL for an uncached statement */
    bool in_use;
    bool cached;
} sl_stmt;

struct sl_store {
    store base;
    sqlite3 *h;
    char *path;       /* owned */
    sl_stmt cache[CACHE_SLOTS];
    int next_evict;
    bool writing;     /* inside a write transaction: statements go to the writer */
};

/* The process's group-commit state. `turn` is held by the writer working
 * now; `state` guards the rest. */
static struct {
    pthread_mutex_t turn, state;
    pthread_cond_t committed;
    sl_store *conn;                /* the shared write connection */
    int refs;                      /* connections open, to close it with the last */
    bool open;                     /* the outer transaction is open */
    int grouped;                   /* transactions released into it */
    uint64_t group, done;          /* the open group; the last one finished */
    sg_err result[RESULT_RING];    /* how each finished group ended */
    char why[512];
    int waiting;                   /* writers queued for `turn` (under state) */
} gc = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, .group = 1};

static sg_err open_conn(const char *path, sl_store **out, char *errbuf, int errlen);
static void close_conn(sl_store *d);

static sg_err sl_error(store *report, sl_store *d, int rc)
{
    int ext = sqlite3_extended_errcode(d->h);
    sg_err e = SG_ESTORE;
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        e = SG_EEXISTS;
    else if ((rc & 0xff) == SQLITE_CONSTRAINT)
        e = SG_ECONFLICT;
    return store_fail(report, e, "%s", sqlite3_errmsg(d->h));
}

/* Which connection a statement of `db` runs on now. */
static sl_store *target(store *db)
{
    sl_store *d = (sl_store *)db;
    return d->writing ? gc.conn : d;
}

static sg_err sl_prepare(store *db, const char *sql, store_stmt **out)
{
    sl_store *d = target(db);
    *out = NULL;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        sl_stmt *c = &d->cache[i];
        if (c->sql && !c->in_use && strcmp(c->sql, sql) == 0) {
            c->in_use = true;
            c->base.db = db;
            *out = &c->base;
            return SG_OK;
        }
    }
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        return sl_error(db, d, rc);
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
        slot->conn = d;
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
    u->conn = d;
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
    return sl_error(st->db, t->conn, rc);
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

/* Run SQL on connection c, reporting failures into `report`. */
static sg_err raw_exec(store *report, sl_store *c, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(c->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int ext = sqlite3_extended_errcode(c->h);
        sg_err e = (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) ? SG_EEXISTS
                   : (rc & 0xff) == SQLITE_CONSTRAINT                                      ? SG_ECONFLICT
                                                                                            : SG_ESTORE;
        e = store_fail(report, e, "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return e;
    }
    return SG_OK;
}

static sg_err sl_exec(store *db, const char *sql)
{
    return raw_exec(db, target(db), sql);
}

/* Finish the caller's part of the open group (under `turn`): leave the
 * group open for a writer already waiting, or commit it. Releases `turn`.
 * Returns how the caller's transaction ended. */
static sg_err finish(store *db, bool keep)
{
    sl_store *d = (sl_store *)db;
    d->writing = false;
    uint64_t mine = gc.group;
    if (keep)
        gc.grouped++;
    pthread_mutex_lock(&gc.state);
    bool more = gc.waiting > 0 && gc.grouped < GROUP_MAX;
    pthread_mutex_unlock(&gc.state);
    if (more) {
        pthread_mutex_unlock(&gc.turn);
        if (!keep)
            return SG_OK;
        pthread_mutex_lock(&gc.state);
        while (gc.done < mine)
            pthread_cond_wait(&gc.committed, &gc.state);
        sg_err e = gc.result[mine % RESULT_RING];
        if (e)
            store_fail(db, e, "the commit failed: %s", gc.why);
        pthread_mutex_unlock(&gc.state);
        return e;
    }
    sg_err e = raw_exec(db, gc.conn, "COMMIT");
    if (e)
        sqlite3_exec(gc.conn->h, "ROLLBACK", NULL, NULL, NULL);
    gc.open = false;
    gc.grouped = 0;
    gc.group++;
    pthread_mutex_lock(&gc.state);
    gc.result[mine % RESULT_RING] = e;
    snprintf(gc.why, sizeof gc.why, "%s", e ? db->errmsg : "");
    gc.done = mine;
    pthread_cond_broadcast(&gc.committed);
    pthread_mutex_unlock(&gc.state);
    pthread_mutex_unlock(&gc.turn);
    return keep ? e : SG_OK;
}

static sg_err sl_begin(store *db)
{
    sl_store *d = (sl_store *)db;
    pthread_mutex_lock(&gc.state);
    gc.waiting++;
    pthread_mutex_unlock(&gc.state);
    pthread_mutex_lock(&gc.turn);
    pthread_mutex_lock(&gc.state);
    gc.waiting--;
    pthread_mutex_unlock(&gc.state);
    sg_err e = SG_OK;
    /* The shared writer follows the database this connection is on. */
    if (gc.conn && strcmp(gc.conn->path, d->path) != 0 && !gc.open) {
        close_conn(gc.conn);
        gc.conn = NULL;
    }
    if (!gc.conn) {
        char err[300];
        if ((e = open_conn(d->path, &gc.conn, err, sizeof err)))
            e = store_fail(db, e, "%s", err);
    } else if (strcmp(gc.conn->path, d->path) != 0) {
        e = store_fail(db, SG_EINTERNAL, "two databases written at once in one process");
    }
    if (!e && !gc.open) {
        if (!(e = raw_exec(db, gc.conn, "BEGIN IMMEDIATE")))
            gc.open = true;
    }
    if (e) {
        pthread_mutex_unlock(&gc.turn);
        return e;
    }
    if ((e = raw_exec(db, gc.conn, "SAVEPOINT sg_tx"))) {
        finish(db, false);
        return e;
    }
    d->writing = true;
    return SG_OK;
}

static sg_err sl_commit(store *db)
{
    sg_err e = raw_exec(db, gc.conn, "RELEASE sg_tx");
    if (e) {
        sqlite3_exec(gc.conn->h, "ROLLBACK TO sg_tx; RELEASE sg_tx", NULL, NULL, NULL);
        finish(db, false);
        return e;
    }
    return finish(db, true);
}

static void sl_rollback(store *db)
{
    char keep[sizeof db->errmsg];
    memcpy(keep, db->errmsg, sizeof keep);  /* keep the reason we roll back */
    sqlite3_exec(gc.conn->h, "ROLLBACK TO sg_tx; RELEASE sg_tx", NULL, NULL, NULL);
    finish(db, false);
    memcpy(db->errmsg, keep, sizeof keep);
}

static void close_conn(sl_store *d)
{
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (d->cache[i].sql) {
            sqlite3_finalize(d->cache[i].s);
            free(d->cache[i].sql);
        }
    sqlite3_close(d->h);
    free(d->path);
    free(d);
}

static void sl_close(store *db)
{
    sl_store *d = (sl_store *)db;
    if (d->writing)
        sl_rollback(db);
    close_conn(d);
    pthread_mutex_lock(&gc.turn);
    if (--gc.refs == 0 && gc.conn) {
        close_conn(gc.conn);
        gc.conn = NULL;
    }
    pthread_mutex_unlock(&gc.turn);
}

static const store_ops sl_ops = {
    sl_prepare, sl_bind_int, sl_bind_text, sl_step, sl_col_int, sl_col_text,
    sl_col_null, sl_col_count, sl_finalize, sl_exec, sl_begin, sl_commit,
    sl_rollback, sl_close,
};

static sg_err open_conn(const char *path, sl_store **out, char *errbuf, int errlen)
{
    *out = NULL;
    sl_store *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(path))) {
        free(d);
        snprintf(errbuf, (size_t)errlen, "out of memory");
        return SG_ESTORE;
    }
    d->base.ops = &sl_ops;
    d->base.kind = STORE_SQLITE;
    int rc = sqlite3_open_v2(path, &d->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    char *msg = NULL;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(d->h, 10000);
        rc = sqlite3_exec(d->h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                          NULL, NULL, &msg);
    }
    if (rc != SQLITE_OK) {
        snprintf(errbuf, (size_t)errlen, "%s: %s", path,
                 msg ? msg : d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(d->h);
        free(d->path);
        free(d);
        return SG_ESTORE;
    }
    *out = d;
    return SG_OK;
}

/* Before SQLite starts: connections are never shared between threads at
 * once (NOMUTEX), and the global memory statistics, which take a
 * process-wide mutex on every allocation, are not needed. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;
static void configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

sg_err store_sqlite_open(const char *path, store **out, char *errbuf, int errlen)
{
    pthread_once(&configured, configure);
    sl_store *d;
    sg_err e = open_conn(path, &d, errbuf, errlen);
    *out = e ? NULL : &d->base;
    if (!e) {
        pthread_mutex_lock(&gc.turn);
        gc.refs++;
        pthread_mutex_unlock(&gc.turn);
    }
    return e;
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
