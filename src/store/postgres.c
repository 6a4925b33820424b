/* postgres.c — the backend for groups and local authorities (libpq).
 *
 * Area code writes SQL once, with SQLite's `?` placeholders; PostgreSQL
 * numbers its parameters `$1, $2 …`. Rather than make every caller know the
 * backend, prepare rewrites each `?` to the next `$n`, skipping the places
 * where a `?` is just a character: quoted literals ('a?'), quoted
 * identifiers ("a?") and comments. Only the common subset of both dialects
 * is understood: E'' strings and $$ quoting are PostgreSQL's alone.
 *
 * Parameters travel as text (ints as "%lld") with no declared types, and
 * results come back as text. The server infers each parameter's type from
 * where it stands (`col = $1`, `VALUES ($1)`, `LIMIT $1`) and parses the
 * text itself, which is as loose as SQLite's typing, so the same SQL and the
 * same binds work on both backends with no per-column type table here. The
 * one trap: a placeholder with no typed neighbour, like `? + 1`, is inferred
 * int4 and rejects values past 32 bits; write CAST(? AS BIGINT) there.
 *
 * A statement is only SQL text and its binds until the first step, which
 * runs it with PQexecParams; later steps walk the rows of that one result,
 * so column text stays valid until finalize (store.h promises until the
 * next step). Nothing is prepared on the server: every statement is one
 * round trip, and a statement cannot outlive its connection.
 *
 * Transactions are READ COMMITTED. store_begin promises writers of one
 * audit chain exclude each other; they do, by updating their row of
 * audit_heads first (see 0001), which PostgreSQL row-locks until commit.
 * Unlike SQLite, a failed statement aborts the whole transaction: the only
 * way on is rollback, which store_end does. Committing such a transaction
 * anyway is reported as a failure, not as PostgreSQL's silent ROLLBACK.
 *
 * A connection lost between transactions (server restart, idle timeout,
 * failover) is reset before the next statement: nothing in flight depended
 * on it. The statement that discovered the loss still fails, since it may
 * or may not have run. Inside a transaction the work is lost, so the caller
 * sees the failure and rolls back; the reset happens after. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"

typedef struct {
    store base;
    PGconn *c;
} pg_store;

typedef struct {
    store_stmt base;
    char *sql;          /* owned; `?` rewritten to `$n` */
    int nparams;
    char **vals;        /* owned, nparams entries; NULL binds SQL NULL */
    PGresult *res;      /* owned; NULL until run (and after a failed run) */
    bool ran;
    int next_row;       /* the row the next step makes current */
    int cur;            /* the current row; -1 before the first and after the last */
    int bad_idx;        /* first out-of-range bind index, reported by step */
    bool bad_bind;
    bool oom;
} pg_stmt;

/* Copy a libpq message into db->errmsg as one line: messages end with a
 * newline and connection errors span several, but errors are printed as
 * "safeguard: <code>: <message>". */
static sg_err pg_fail(pg_store *d, sg_err e, const char *msg)
{
    char line[sizeof d->base.errmsg];
    size_t n = 0;
    bool space = false;
    for (const char *p = msg ? msg : ""; *p && n + 1 < sizeof line; p++) {
        if (*p == '\n' || *p == '\t' || *p == '\r' || *p == ' ') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < sizeof line)
            line[n++] = ' ';
        space = false;
        line[n++] = *p;
    }
    line[n] = 0;
    return store_fail(&d->base, e, "%s", n ? line : "unknown PostgreSQL error");
}

/* Map a failed result to an sg_err by its SQLSTATE. The message is the
 * primary one only: PostgreSQL's DETAIL line quotes the offending values
 * ("Key (email)=(jo@example.org) already exists"), which are personal data
 * that must not travel into logs and API errors; SQLite's messages name
 * only the constraint, and so does this. */
static sg_err pg_error(pg_store *d, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    sg_err e = SG_ESTORE;
    if (state && strcmp(state, "23505") == 0)
        e = SG_EEXISTS;
    else if (state && strncmp(state, "23", 2) == 0)
        e = SG_ECONFLICT;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg && r)
        msg = PQresultErrorMessage(r);
    if (!msg || !*msg)
        msg = PQerrorMessage(d->c);   /* no result at all: out of memory or connection */
    return pg_fail(d, e, msg);
}

/* Run a statement with no parameters and no rows wanted. */
static sg_err pg_run(pg_store *d, const char *sql)
{
    PGresult *r = PQexec(d->c, sql);
    ExecStatusType s = PQresultStatus(r);
    sg_err e = SG_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
        e = pg_error(d, r);
    PQclear(r);
    return e;
}

static void pg_no_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;   /* warnings and notices are not errors; the server logs them */
}

/* Per-session settings, again after every reset, since a reset is a new
 * session. `CREATE TABLE IF NOT EXISTS` would print NOTICEs otherwise. */
static sg_err pg_session(pg_store *d)
{
    return pg_run(d, "SET client_min_messages = warning");
}

static void pg_revive(pg_store *d)
{
    if (d->base.in_tx || PQstatus(d->c) != CONNECTION_BAD)
        return;
    PQreset(d->c);
    if (PQstatus(d->c) == CONNECTION_OK)
        pg_session(d);
}

/* Rewrite `?` to `$1, $2 …` outside quotes and comments; *nparams gets the
 * count. A doubled quote inside a literal ('it''s') reads as the literal
 * closing and another opening at once, so no escape handling is needed.
 * Caller frees; NULL when out of memory. */
static char *pg_rewrite(const char *sql, int *nparams)
{
    size_t len = strlen(sql), marks = 0;
    for (const char *p = sql; *p; p++)
        marks += *p == '?';
    char *out = malloc(len + marks * 11 + 1);   /* "$" and up to 10 digits each */
    if (!out)
        return NULL;
    char *w = out;
    const char *p = sql;
    int n = 0;
    while (*p) {
        const char *end = NULL;
        if (*p == '\'' || *p == '"') {
            end = strchr(p + 1, *p);
            end = end ? end + 1 : p + strlen(p);
        } else if (p[0] == '-' && p[1] == '-') {
            end = strchr(p, '\n');
            end = end ? end : p + strlen(p);
        } else if (p[0] == '/' && p[1] == '*') {
            end = strstr(p + 2, "*/");
            end = end ? end + 2 : p + strlen(p);
        } else if (*p == '?') {
            w += sprintf(w, "$%d", ++n);
            p++;
            continue;
        } else {
            *w++ = *p++;
            continue;
        }
        memcpy(w, p, (size_t)(end - p));
        w += end - p;
        p = end;
    }
    *w = 0;
    *nparams = n;
    return out;
}

static void pg_finalize(store_stmt *st)
{
    pg_stmt *t = (pg_stmt *)st;
    PQclear(t->res);
    if (t->vals)
        for (int i = 0; i < t->nparams; i++)
            free(t->vals[i]);
    free(t->vals);
    free(t->sql);
    free(t);
}

static sg_err pg_prepare(store *db, const char *sql, store_stmt **out)
{
    *out = NULL;
    pg_stmt *t = calloc(1, sizeof *t);
    if (!t)
        return store_fail(db, SG_ESTORE, "out of memory");
    t->base.db = db;
    t->cur = -1;
    t->sql = pg_rewrite(sql, &t->nparams);
    if (!t->sql || (t->nparams > 0 && !(t->vals = calloc((size_t)t->nparams, sizeof *t->vals)))) {
        pg_finalize(&t->base);
        return store_fail(db, SG_ESTORE, "out of memory");
    }
    *out = &t->base;
    return SG_OK;
}

/* Set parameter idx (1-based) to an owned copy of s, or NULL. A bad index
 * or a failed copy cannot be returned from a void bind, so it is kept and
 * reported by the step that would have used it. */
static void pg_bind(pg_stmt *t, int idx, const char *s)
{
    if (idx < 1 || idx > t->nparams) {
        if (!t->bad_bind) {
            t->bad_bind = true;
            t->bad_idx = idx;
        }
        return;
    }
    free(t->vals[idx - 1]);
    t->vals[idx - 1] = NULL;
    if (s && !(t->vals[idx - 1] = strdup(s)))
        t->oom = true;
}

static void pg_bind_int(store_stmt *st, int idx, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    pg_bind((pg_stmt *)st, idx, buf);
}

static void pg_bind_text(store_stmt *st, int idx, const char *s)
{
    pg_bind((pg_stmt *)st, idx, s);
}

static sg_err pg_step(store_stmt *st, bool *row)
{
    pg_stmt *t = (pg_stmt *)st;
    pg_store *d = (pg_store *)st->db;
    *row = false;
    if (!t->ran) {
        t->ran = true;
        if (t->oom)
            return store_fail(st->db, SG_ESTORE, "out of memory");
        if (t->bad_bind)
            return store_fail(st->db, SG_EINTERNAL, "bind index %d out of range 1..%d",
                              t->bad_idx, t->nparams);
        pg_revive(d);
        t->res = PQexecParams(d->c, t->sql, t->nparams, NULL, (const char *const *)t->vals,
                              NULL, NULL, 0);
        ExecStatusType s = PQresultStatus(t->res);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            sg_err e = pg_error(d, t->res);
            PQclear(t->res);
            t->res = NULL;
            return e;
        }
    }
    t->cur = -1;
    if (t->res && t->next_row < PQntuples(t->res)) {
        t->cur = t->next_row++;
        *row = true;
    }
    return SG_OK;
}

static const char *pg_col_text(store_stmt *st, int col)
{
    pg_stmt *t = (pg_stmt *)st;
    if (!t->res || t->cur < 0 || col < 0 || col >= PQnfields(t->res) ||
        PQgetisnull(t->res, t->cur, col))
        return NULL;
    return PQgetvalue(t->res, t->cur, col);
}

/* Text to integer, 0 for NULL as in SQLite. PostgreSQL spells booleans
 * (`EXISTS (…)`, `a = b`) "t" and "f" where SQLite has 1 and 0. */
static int64_t pg_col_int(store_stmt *st, int col)
{
    const char *s = pg_col_text(st, col);
    if (!s)
        return 0;
    if (s[0] == 't' && !s[1])
        return 1;
    return strtoll(s, NULL, 10);
}

static bool pg_col_null(store_stmt *st, int col)
{
    return pg_col_text(st, col) == NULL;
}

/* Known only once the statement has run: there is no server-side prepare
 * to describe it before. */
static int pg_col_count(store_stmt *st)
{
    pg_stmt *t = (pg_stmt *)st;
    return t->res ? PQnfields(t->res) : 0;
}

/* Several statements in one text (migrations) need the simple-query
 * protocol: PQexecParams takes exactly one. */
static sg_err pg_exec(store *db, const char *sql)
{
    pg_store *d = (pg_store *)db;
    pg_revive(d);
    return pg_run(d, sql);
}

static sg_err pg_begin(store *db)
{
    return pg_exec(db, "BEGIN");
}

static sg_err pg_commit(store *db)
{
    pg_store *d = (pg_store *)db;
    PGresult *r = PQexec(d->c, "COMMIT");
    sg_err e = SG_OK;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        e = pg_error(d, r);
    else if (strcmp(PQcmdStatus(r), "ROLLBACK") == 0)
        e = store_fail(db, SG_ESTORE, "transaction rolled back: a statement in it had failed");
    PQclear(r);
    /* A failed COMMIT normally ends the transaction itself; make sure. */
    PGTransactionStatusType ts = PQtransactionStatus(d->c);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
        r = PQexec(d->c, "ROLLBACK");
        PQclear(r);
    }
    return e;
}

static void pg_rollback(store *db)
{
    pg_store *d = (pg_store *)db;
    char keep[sizeof db->errmsg];
    memcpy(keep, db->errmsg, sizeof keep);  /* keep the reason we roll back */
    PQclear(PQexec(d->c, "ROLLBACK"));
    memcpy(db->errmsg, keep, sizeof keep);
}

static void pg_close(store *db)
{
    pg_store *d = (pg_store *)db;
    PQfinish(d->c);
    free(d);
}

static const store_ops pg_ops = {
    pg_prepare, pg_bind_int, pg_bind_text, pg_step, pg_col_int, pg_col_text,
    pg_col_null, pg_col_count, pg_finalize, pg_exec, pg_begin, pg_commit,
    pg_rollback, pg_close,
};

sg_err store_pg_open(const char *url, store **out, char *errbuf, int errlen)
{
    *out = NULL;
    /* One connection per thread is the whole concurrency model. */
    if (!PQisthreadsafe()) {
        snprintf(errbuf, errlen, "postgresql: libpq is not thread-safe");
        return SG_ESTORE;
    }
    pg_store *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(errbuf, errlen, "out of memory");
        return SG_ESTORE;
    }
    d->base.ops = &pg_ops;
    d->base.kind = STORE_POSTGRES;
    d->c = PQconnectdb(url);   /* libpq parses the URL; NULL only when out of memory */
    sg_err e = SG_OK;
    if (!d->c)
        e = store_fail(&d->base, SG_ESTORE, "out of memory");
    else if (PQstatus(d->c) != CONNECTION_OK)
        e = pg_fail(d, SG_ESTORE, PQerrorMessage(d->c));
    else {
        PQsetNoticeProcessor(d->c, pg_no_notice, NULL);
        e = pg_session(d);
    }
    if (e) {
        /* The URL may carry a password, so the message names the server's
         * complaint, never the URL. */
        snprintf(errbuf, errlen, "postgresql: %s", d->base.errmsg);
        PQfinish(d->c);
        free(d);
        return e;
    }
    *out = &d->base;
    return SG_OK;
}
