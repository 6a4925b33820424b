/* store.h — the only SQL interface.
 *
 * Area code speaks SQL written once in the common subset of SQLite and
 * PostgreSQL, with `?` placeholders; it never knows which backend it runs on.
 * A connection (store) belongs to one thread at a time. SQLite caches
 * prepared statements per connection; PostgreSQL sends text parameters.
 *
 * After any error inside a transaction the only calls allowed are
 * store_end/store_rollback (PostgreSQL aborts the whole transaction), or a
 * ROLLBACK TO SAVEPOINT the caller set (as the CSV import does per row).
 * A placeholder in arithmetic needs CAST(? AS BIGINT): PostgreSQL infers
 * int4 for an untyped parameter.
 *
 * Errors: every call that can fail returns an sg_err (SG_ESTORE for a
 * database failure, SG_EEXISTS for a unique-constraint violation,
 * SG_ECONFLICT for another constraint) and leaves a message readable with
 * store_errmsg() until the next call on the same connection. */
#ifndef SG_STORE_H
#define SG_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "../core/err.h"

typedef struct store store;
typedef struct store_stmt store_stmt;

typedef enum { STORE_SQLITE, STORE_POSTGRES } store_kind;

/* Open a connection. `url` is "postgresql://…" / "postgres://…" for
 * PostgreSQL; anything else is a path to an SQLite file (created if absent).
 * On failure *out is NULL and `errbuf` (errlen bytes) holds the reason. */
sg_err store_open(const char *url, store **out, char *errbuf, int errlen);
void store_close(store *db);
store_kind store_backend(const store *db);
const char *store_errmsg(const store *db);

/* Prepare one statement. The statement is owned by the caller until
 * store_finalize(); finalizing may return it to the connection's cache. */
sg_err store_prepare(store *db, const char *sql, store_stmt **out);
/* Binding is 1-based, like SQLite. Text is copied. */
void store_bind_int(store_stmt *st, int idx, int64_t v);
void store_bind_text(store_stmt *st, int idx, const char *s); /* NULL binds NULL */
void store_bind_null(store_stmt *st, int idx);
/* Advance: *row is true while a row is available. */
sg_err store_step(store_stmt *st, bool *row);
int64_t store_col_int(store_stmt *st, int col);
/* Borrowed until the next step or finalize; NULL for SQL NULL. */
const char *store_col_text(store_stmt *st, int col);
bool store_col_null(store_stmt *st, int col);
int store_col_count(store_stmt *st);
void store_finalize(store_stmt *st);

/* Run one or more statements with no parameters and no result rows. */
sg_err store_exec(store *db, const char *sql);

/* Transactions. store_begin starts a write transaction that excludes other
 * writers of the same setting's audit chain (SQLite: BEGIN IMMEDIATE).
 * store_end commits when err is SG_OK and rolls back otherwise; it returns
 * err, or the commit's failure. Nesting is not supported. */
sg_err store_begin(store *db);
sg_err store_commit(store *db);
void store_rollback(store *db);
sg_err store_end(store *db, sg_err err);
bool store_in_tx(const store *db);

/* Consistent copy of an SQLite database to a new file at `path`, taken
 * with the online backup API while other connections keep writing. The
 * copy is written beside `path` and renamed into place once synced.
 * PostgreSQL: SG_EUSAGE (use pg_dump). */
sg_err store_backup(store *db, const char *path);

/* A read-only snapshot around several reads (SQLite: one read transaction,
 * so the locks are taken once; PostgreSQL: nothing). Writes made meanwhile
 * through store_begin go their own way. */
sg_err store_read_begin(store *db);
void store_read_end(store *db);

/* Apply the compiled-in migrations not yet in schema_migrations. */
sg_err store_migrate(store *db);

/* Convenience: run `sql` (with ints/texts bound by the caller through
 * `st`) and return the first column of the first row as an integer. */
sg_err store_one_int(store_stmt *st, int64_t *out, bool *found);

/* Backend vtable: implemented by sqlite.c and postgres.c. */
typedef struct store_ops {
    sg_err (*prepare)(store *db, const char *sql, store_stmt **out);
    void (*bind_int)(store_stmt *st, int idx, int64_t v);
    void (*bind_text)(store_stmt *st, int idx, const char *s);
    sg_err (*step)(store_stmt *st, bool *row);
    int64_t (*col_int)(store_stmt *st, int col);
    const char *(*col_text)(store_stmt *st, int col);
    bool (*col_null)(store_stmt *st, int col);
    int (*col_count)(store_stmt *st);
    void (*finalize)(store_stmt *st);
    sg_err (*exec)(store *db, const char *sql);
    sg_err (*begin)(store *db);
    sg_err (*commit)(store *db);
    void (*rollback)(store *db);
    void (*close)(store *db);
} store_ops;

/* Every backend's connection starts with this header. */
struct store {
    const store_ops *ops;
    store_kind kind;
    bool in_tx;
    char errmsg[512];
};
/* Every backend's statement starts with this header. */
struct store_stmt {
    store *db;
};

sg_err store_sqlite_open(const char *path, store **out, char *errbuf, int errlen);
sg_err store_pg_open(const char *url, store **out, char *errbuf, int errlen);
/* Format a backend error into db->errmsg and return `e`. */
sg_err store_fail(store *db, sg_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Migrations are the files of src/store/migrations/, compiled in (see
 * tools/embed.c). Their DDL uses one token that store_migrate() rewrites per
 * backend: ID_PK, the database-assigned primary key (SQLite "INTEGER PRIMARY
 * KEY", PostgreSQL "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY").
 * Everything else is the common subset of both dialects. */

#endif
