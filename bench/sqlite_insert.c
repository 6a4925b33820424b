/* sqlite_insert.c — the baseline for audited writes: raw durable single-row
 * inserts into SQLite with the same settings safeguard uses (WAL journal,
 * synchronous=FULL), one row per transaction (BEGIN IMMEDIATE; INSERT;
 * COMMIT) through prepared statements, for a fixed time.
 *
 *   sqlite_insert FILE [SECONDS] [THREADS]
 *
 * FILE must not exist (a fresh database each run). With THREADS > 1 each
 * thread has its own connection and they contend for SQLite's single write
 * lock, as separate processes would; the figure printed is the total.
 * Prints one line: "rows/s: N (rows R in S s, T thread(s))".
 *
 * Build: gcc -O2 -Wall -Wextra -o sqlite_insert sqlite_insert.c \
 *            $(pkg-config --cflags --libs sqlite3) -lpthread */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_THREADS 16

typedef struct {
    const char *path;
    double seconds;
    int index;
    long long rows;
    int failed;
    char err[256];
} worker;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(worker *w, sqlite3 *db, const char *what)
{
    snprintf(w->err, sizeof w->err, "thread %d: %s: %s", w->index, what, db ? sqlite3_errmsg(db) : "?");
    w->failed = 1;
    return 1;
}

static int open_db(worker *w, sqlite3 **db)
{
    if (sqlite3_open_v2(w->path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK)
        return fail(w, *db, "open");
    sqlite3_busy_timeout(*db, 10000);
    if (sqlite3_exec(*db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, NULL) != SQLITE_OK)
        return fail(w, *db, "pragmas");
    return 0;
}

/* Run a prepared statement to completion and reset it for the next use.
 * With several connections, BEGIN IMMEDIATE waits for the write lock in
 * SQLite's busy handler (the busy timeout); in WAL mode nothing else waits. */
static int step_done(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void *run(void *arg)
{
    worker *w = arg;
    sqlite3 *db = NULL;
    sqlite3_stmt *begin = NULL, *ins = NULL, *commit = NULL;
    if (open_db(w, &db))
        goto out;
    if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO bench (name, created_at) VALUES (?, ?)", -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK) {
        fail(w, db, "prepare");
        goto out;
    }
    double until = mono() + w->seconds;
    char name[64];
    while (mono() < until) {
        snprintf(name, sizeof name, "Bench %d-%lld", w->index, w->rows);
        if (step_done(begin) != SQLITE_OK) {
            fail(w, db, "BEGIN IMMEDIATE");
            break;
        }
        sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)time(NULL));
        if (step_done(ins) != SQLITE_OK) {
            fail(w, db, "INSERT");
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            break;
        }
        if (step_done(commit) != SQLITE_OK) {
            fail(w, db, "COMMIT");
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            break;
        }
        w->rows++;
    }
out:
    sqlite3_finalize(begin);
    sqlite3_finalize(ins);
    sqlite3_finalize(commit);
    sqlite3_close(db);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: sqlite_insert FILE [SECONDS] [THREADS]\n");
        return 2;
    }
    worker base = {.path = argv[1], .seconds = argc > 2 ? atof(argv[2]) : 10.0};
    int nthreads = argc > 3 ? atoi(argv[3]) : 1;
    if (base.seconds <= 0 || nthreads < 1 || nthreads > MAX_THREADS) {
        fprintf(stderr, "sqlite_insert: SECONDS must be > 0 and THREADS 1..%d\n", MAX_THREADS);
        return 2;
    }
    struct stat sb;
    if (stat(base.path, &sb) == 0) {
        fprintf(stderr, "sqlite_insert: %s exists; give a fresh file\n", base.path);
        return 2;
    }

    /* Create the table on a setup connection, then close it. */
    sqlite3 *db = NULL;
    if (open_db(&base, &db) ||
        sqlite3_exec(db, "CREATE TABLE bench (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK) {
        if (!base.failed)
            fail(&base, db, "create table");
        fprintf(stderr, "sqlite_insert: %s\n", base.err);
        sqlite3_close(db);
        return 1;
    }
    sqlite3_close(db);

    worker w[MAX_THREADS];
    pthread_t t[MAX_THREADS];
    double start = mono();
    for (int i = 0; i < nthreads; i++) {
        w[i] = base;
        w[i].index = i + 1;
        if (pthread_create(&t[i], NULL, run, &w[i]) != 0) {
            fprintf(stderr, "sqlite_insert: cannot start thread %d\n", i + 1);
            return 1;
        }
    }
    long long rows = 0;
    int failed = 0;
    for (int i = 0; i < nthreads; i++) {
        pthread_join(t[i], NULL);
        rows += w[i].rows;
        if (w[i].failed) {
            fprintf(stderr, "sqlite_insert: %s\n", w[i].err);
            failed = 1;
        }
    }
    double took = mono() - start;
    printf("rows/s: %.0f (rows %lld in %.2f s, %d thread%s)\n", (double)rows / took, rows, took, nthreads,
           nthreads == 1 ? "" : "s");
    return failed;
}
