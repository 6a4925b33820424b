/* test_store.c — the store's contract, proved on both backends.
 *
 * Every shared case runs twice: on SQLite (a fresh file in a temp
 * directory) and on PostgreSQL (a fresh database, sgt_<pid>_<n>, created on
 * the server SG_TEST_PG names and dropped afterwards), so area code can rely
 * on the same behaviour from either. A few cases exist for PostgreSQL only,
 * where its semantics differ (a failed statement aborts the transaction) or
 * the backend adds something (reconnecting, URL handling). */
#include "testlib.h"
#include <inttypes.h>
#include <libpq-fe.h>
#include "core/clock.h"
#include "core/embedded.h"
#include "store/store.h"

typedef struct {
    store *db;
    char *dir;          /* SQLite: the temp directory holding t.db */
    char dbname[64];    /* PostgreSQL: the database made for this case */
} fixture;

#define DB(state) (((fixture *)*(state))->db)

/* Fail with the store's message, which says why. */
#define OK(db, call)                                                          \
    do {                                                                      \
        sg_err ok_e_ = (call);                                                \
        if (ok_e_ != SG_OK)                                                   \
            fail_msg("%s: %s (%d): %s", #call, sg_err_code(ok_e_), (int)ok_e_, \
                     store_errmsg(db));                                       \
    } while (0)

/* ---- fixtures ---------------------------------------------------------- */

static int sqlite_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = test_tmpdir();
    assert_non_null(f->dir);
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/t.db", f->dir);
    if (store_open(path, &f->db, err, sizeof err) != SG_OK) {
        fprintf(stderr, "sqlite: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int sqlite_teardown(void **state)
{
    fixture *f = *state;
    store_close(f->db);
    const char *files[] = {"t.db", "t.db-wal", "t.db-shm"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    rmdir(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static PGconn *admin;   /* the SG_TEST_PG server's `postgres` database */
static int pg_seq;

/* The URL with its database replaced by `name`. Caller frees. */
static char *url_with_db(const char *url, const char *name)
{
    const char *auth = strstr(url, "://");
    auth = auth ? auth + 3 : url;
    const char *path = auth + strcspn(auth, "/?");
    const char *query = path + strcspn(path, "?");
    size_t head = (size_t)(path - url);
    char *out = malloc(head + 1 + strlen(name) + strlen(query) + 1);
    if (out)
        sprintf(out, "%.*s/%s%s", (int)head, url, name, query);
    return out;
}

static bool admin_run(const char *sql)
{
    PGresult *r = PQexec(admin, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

static int pg_group_setup(void **state)
{
    (void)state;
    admin = PQconnectdb(test_pg_url());
    if (PQstatus(admin) != CONNECTION_OK) {
        fprintf(stderr, "SG_TEST_PG: %s", PQerrorMessage(admin));
        return -1;
    }
    PQclear(PQexec(admin, "SET client_min_messages = warning"));
    return 0;
}

static int pg_group_teardown(void **state)
{
    (void)state;
    PQfinish(admin);
    admin = NULL;
    return 0;
}

static int pg_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dbname, sizeof f->dbname, "sgt_%ld_%d", (long)getpid(), ++pg_seq);
    char sql[128], err[256];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->dbname);
    if (!admin_run(sql)) {
        free(f);
        return -1;
    }
    char *url = url_with_db(test_pg_url(), f->dbname);
    assert_non_null(url);
    sg_err e = store_open(url, &f->db, err, sizeof err);
    free(url);
    *state = f;
    if (e != SG_OK) {
        fprintf(stderr, "%s: %s\n", f->dbname, err);
        return -1;
    }
    assert_int_equal(store_backend(f->db), STORE_POSTGRES);
    return 0;
}

static int pg_teardown(void **state)
{
    fixture *f = *state;
    store_close(f->db);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", f->dbname);
    bool ok = admin_run(sql);
    free(f);
    return ok ? 0 : -1;
}

/* ---- helpers ----------------------------------------------------------- */

static store *migrated(void **state)
{
    store *db = DB(state);
    OK(db, store_migrate(db));
    return db;
}

/* The first column of the one row `sql` returns. */
static int64_t one(store *db, const char *sql)
{
    store_stmt *st;
    OK(db, store_prepare(db, sql, &st));
    int64_t v = -1;
    bool found = false;
    OK(db, store_one_int(st, &v, &found));
    store_finalize(st);
    if (!found)
        fail_msg("no row: %s", sql);
    return v;
}

/* Prepare and run `sql` with no parameters, discarding rows. */
static sg_err run(store *db, const char *sql)
{
    store_stmt *st;
    sg_err e = store_prepare(db, sql, &st);
    if (e)
        return e;
    bool row = true;
    while (!e && row)
        e = store_step(st, &row);
    store_finalize(st);
    return e;
}

static int64_t new_org(store *db, const char *name)
{
    store_stmt *st;
    OK(db, store_prepare(db, "INSERT INTO organisations (name, kind, created_at) "
                             "VALUES (?, 'single', ?) RETURNING id", &st));
    store_bind_text(st, 1, name);
    store_bind_int(st, 2, clock_now());
    int64_t id = 0;
    bool found = false;
    OK(db, store_one_int(st, &id, &found));
    store_finalize(st);
    assert_true(found);
    return id;
}

static int64_t new_setting(store *db)
{
    int64_t org = new_org(db, "Group");
    store_stmt *st;
    OK(db, store_prepare(db, "INSERT INTO settings (organisation_id, name, kind, created_at) "
                             "VALUES (?, 'Acorns', 'nursery', ?) RETURNING id", &st));
    store_bind_int(st, 1, org);
    store_bind_int(st, 2, clock_now());
    int64_t id = 0;
    OK(db, store_one_int(st, &id, NULL));
    store_finalize(st);
    return id;
}

/* Insert an adult; the raw result, so callers can expect failures. */
static sg_err insert_adult(store *db, int64_t setting, const char *email)
{
    store_stmt *st;
    sg_err e = store_prepare(db, "INSERT INTO adults (setting_id, first_name, last_name, email, "
                                 "start_date, created_at) VALUES (?, 'Sam', 'Jones', ?, "
                                 "'2024-09-01', ?)", &st);
    if (e)
        return e;
    store_bind_int(st, 1, setting);
    store_bind_text(st, 2, email);
    store_bind_int(st, 3, clock_now());
    bool row = true;
    e = store_step(st, &row);
    store_finalize(st);
    if (!e)
        assert_false(row);   /* no RETURNING: no row, just done */
    return e;
}

/* ---- cases on both backends -------------------------------------------- */

static void test_migrations_apply_once_and_are_recorded(void **state)
{
    store *db = DB(state);
    clock_set(1000);
    OK(db, store_migrate(db));
    assert_int_equal(one(db, "SELECT count(*) FROM schema_migrations"), sg_migrations_count);

    store_stmt *st;
    OK(db, store_prepare(db, "SELECT version, name, applied_at FROM schema_migrations "
                             "ORDER BY version", &st));
    bool row;
    OK(db, store_step(st, &row));
    assert_true(row);
    assert_int_equal(store_col_int(st, 0), 1);
    assert_string_equal(store_col_text(st, 1), sg_migrations[0].name);
    assert_int_equal(store_col_int(st, 2), 1000);
    store_finalize(st);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 0);

    /* Again, later: nothing re-runs (it would fail on CREATE TABLE) and
     * nothing is re-recorded. */
    clock_set(2000);
    OK(db, store_migrate(db));
    assert_int_equal(one(db, "SELECT count(*) FROM schema_migrations"), sg_migrations_count);
    assert_int_equal(one(db, "SELECT max(applied_at) FROM schema_migrations"), 1000);
    clock_set(0);
}

static void test_insert_returning_gives_increasing_ids(void **state)
{
    store *db = migrated(state);
    int64_t a = new_org(db, "A"), b = new_org(db, "B"), c = new_org(db, "C");
    assert_true(a > 0);
    assert_true(b > a);
    assert_true(c > b);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 3);
}

static void test_text_int_null_round_trip(void **state)
{
    store *db = migrated(state);
    int64_t setting = new_setting(db);
    const char *first = "Zoë Łucja 子供 🧸";
    const char *last = "O'Brien? (it's \"quoted\") ?1 $1";
    store_stmt *st;
    OK(db, store_prepare(db, "INSERT INTO adults (setting_id, first_name, last_name, email, phone, "
                             "start_date, failed_logins, locked_until, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &st));
    store_bind_int(st, 1, setting);
    store_bind_text(st, 2, first);
    store_bind_text(st, 3, last);
    store_bind_text(st, 4, NULL);
    store_bind_null(st, 5);
    store_bind_text(st, 6, "2024-09-01");
    store_bind_int(st, 7, 7);                   /* INTEGER */
    store_bind_int(st, 8, -5000000000LL);       /* BIGINT, past 32 bits */
    store_bind_int(st, 9, INT64_MAX);
    int64_t id = 0;
    OK(db, store_one_int(st, &id, NULL));
    store_finalize(st);
    assert_true(id > 0);

    OK(db, store_prepare(db, "SELECT first_name, last_name, email, phone, failed_logins, "
                             "locked_until, created_at, start_date FROM adults WHERE id = ?", &st));
    store_bind_int(st, 1, id);
    bool row;
    OK(db, store_step(st, &row));
    assert_true(row);
    assert_int_equal(store_col_count(st), 8);
    assert_string_equal(store_col_text(st, 0), first);
    assert_string_equal(store_col_text(st, 1), last);
    assert_null(store_col_text(st, 2));
    assert_true(store_col_null(st, 2));
    assert_int_equal(store_col_int(st, 2), 0);
    assert_true(store_col_null(st, 3));
    assert_false(store_col_null(st, 4));
    assert_int_equal(store_col_int(st, 4), 7);
    assert_string_equal(store_col_text(st, 4), "7");
    assert_int_equal(store_col_int(st, 5), -5000000000LL);
    assert_true(store_col_int(st, 6) == INT64_MAX);
    assert_string_equal(store_col_text(st, 7), "2024-09-01");
    OK(db, store_step(st, &row));
    assert_false(row);
    store_finalize(st);
}

static void test_question_marks_in_literals_and_comments_are_not_params(void **state)
{
    store *db = DB(state);
    store_stmt *st;
    OK(db, store_prepare(db, "SELECT 'it''s ?', ?, q.\"x?\" /* why? */ "
                             "FROM (SELECT ? AS \"x?\") AS q -- what?\n"
                             "WHERE 1 = ? AND '?' = '?'", &st));
    store_bind_text(st, 1, "why? don't");
    store_bind_text(st, 2, "inner '?'");
    store_bind_int(st, 3, 1);
    bool row;
    OK(db, store_step(st, &row));
    assert_true(row);
    assert_string_equal(store_col_text(st, 0), "it's ?");
    assert_string_equal(store_col_text(st, 1), "why? don't");
    assert_string_equal(store_col_text(st, 2), "inner '?'");
    OK(db, store_step(st, &row));
    assert_false(row);
    store_finalize(st);
}

static void test_many_params_bound_in_any_order(void **state)
{
    store *db = DB(state);
    enum { N = 70 };
    char sql[8 + 3 * N];
    strcpy(sql, "SELECT ?");
    for (int i = 1; i < N; i++)
        strcat(sql, ", ?");
    store_stmt *st;
    OK(db, store_prepare(db, sql, &st));
    for (int i = N; i >= 1; i--) {
        if (i % 2) {
            store_bind_int(st, i, (int64_t)i * 1000);
        } else {
            char s[16];
            snprintf(s, sizeof s, "p%d", i);
            store_bind_text(st, i, s);
        }
    }
    bool row;
    OK(db, store_step(st, &row));
    assert_true(row);
    assert_int_equal(store_col_count(st), N);
    for (int i = 1; i <= N; i++) {
        if (i % 2) {
            assert_int_equal(store_col_int(st, i - 1), (int64_t)i * 1000);
        } else {
            char s[16];
            snprintf(s, sizeof s, "p%d", i);
            assert_string_equal(store_col_text(st, i - 1), s);
        }
    }
    store_finalize(st);
}

/* Binding follows the column, not the bind call: an int into TEXT reads
 * back as its digits, digits into BIGINT compare as a number. */
static void test_ints_and_texts_bind_by_column_type(void **state)
{
    store *db = migrated(state);
    int64_t setting = new_setting(db);
    store_stmt *st;
    OK(db, store_prepare(db, "INSERT INTO parents (setting_id, first_name, last_name, phone, "
                             "created_at) VALUES (?, 'Ali', 'Khan', ?, ?) RETURNING id", &st));
    store_bind_text(st, 1, "1");
    store_bind_text(st, 1, "");                 /* rebinding replaces */
    store_bind_int(st, 1, setting);
    store_bind_int(st, 2, 7700900123LL);        /* into TEXT */
    store_bind_text(st, 3, "1700000000");       /* into BIGINT */
    int64_t id;
    OK(db, store_one_int(st, &id, NULL));
    store_finalize(st);

    OK(db, store_prepare(db, "SELECT phone, created_at FROM parents "
                             "WHERE id = ? AND created_at > ?", &st));
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, 999999999);
    bool row;
    OK(db, store_step(st, &row));
    assert_true(row);
    assert_string_equal(store_col_text(st, 0), "7700900123");
    assert_int_equal(store_col_int(st, 1), 1700000000);
    store_finalize(st);
}

static void test_unique_violation_is_exists(void **state)
{
    store *db = migrated(state);
    int64_t setting = new_setting(db);
    OK(db, store_begin(db));
    OK(db, insert_adult(db, setting, "sam@example.org"));
    sg_err e = insert_adult(db, setting, "sam@example.org");
    assert_int_equal(e, SG_EEXISTS);
    assert_true(strlen(store_errmsg(db)) > 0);
    /* Like SQLite's, the message names the constraint, never the value:
     * e-mails are personal data and messages reach logs. */
    assert_null(strstr(store_errmsg(db), "sam@example.org"));
    assert_null(strchr(store_errmsg(db), '\n'));

    /* The caller's one exit path: store_end rolls back and keeps the reason. */
    char why[sizeof ((store *)0)->errmsg];
    snprintf(why, sizeof why, "%s", store_errmsg(db));
    assert_int_equal(store_end(db, e), SG_EEXISTS);
    assert_false(store_in_tx(db));
    assert_string_equal(store_errmsg(db), why);

    /* Both inserts are gone and the connection works. */
    assert_int_equal(one(db, "SELECT count(*) FROM adults"), 0);
    OK(db, insert_adult(db, setting, "sam@example.org"));
    assert_int_equal(one(db, "SELECT count(*) FROM adults"), 1);
}

static void test_foreign_key_violation_is_conflict(void **state)
{
    store *db = migrated(state);
    assert_int_equal(run(db, "INSERT INTO settings (organisation_id, name, kind, created_at) "
                             "VALUES (999999, 'Nowhere', 'nursery', 0)"),
                     SG_ECONFLICT);
    assert_true(strlen(store_errmsg(db)) > 0);
    assert_null(strstr(store_errmsg(db), "999999"));
    assert_int_equal(one(db, "SELECT count(*) FROM settings"), 0);
}

static void test_check_and_not_null_violations_are_conflict(void **state)
{
    store *db = migrated(state);
    assert_int_equal(run(db, "INSERT INTO organisations (name, kind, created_at) "
                             "VALUES ('X', 'bogus', 0)"),
                     SG_ECONFLICT);
    assert_int_equal(run(db, "INSERT INTO organisations (name, kind, created_at) "
                             "VALUES (NULL, 'single', 0)"),
                     SG_ECONFLICT);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 0);
}

static void test_bad_sql_is_store_error_and_connection_survives(void **state)
{
    store *db = migrated(state);
    assert_int_equal(run(db, "SELECT * FROM no_such_table"), SG_ESTORE);
    assert_non_null(strstr(store_errmsg(db), "no_such_table"));
    assert_int_equal(store_exec(db, "CREATE TABLE organisations (x INTEGER)"), SG_ESTORE);
    assert_true(strlen(store_errmsg(db)) > 0);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 0);
}

static void test_exec_runs_several_statements(void **state)
{
    store *db = DB(state);
    OK(db, store_exec(db, "CREATE TABLE t1 (a INTEGER); CREATE TABLE t2 (b TEXT);\n"
                          "INSERT INTO t1 VALUES (1); INSERT INTO t1 VALUES (2);"));
    assert_int_equal(one(db, "SELECT sum(a) FROM t1"), 3);
    assert_int_equal(one(db, "SELECT count(*) FROM t2"), 0);
}

static void test_rollback_discards(void **state)
{
    store *db = migrated(state);
    new_org(db, "Kept");
    OK(db, store_begin(db));
    assert_true(store_in_tx(db));
    new_org(db, "Discarded");
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 2);
    store_rollback(db);
    assert_false(store_in_tx(db));
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 1);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations WHERE name = 'Discarded'"), 0);
}

static void test_store_end_commits_on_ok_and_rolls_back_otherwise(void **state)
{
    store *db = migrated(state);
    OK(db, store_begin(db));
    new_org(db, "Committed");
    assert_int_equal(store_end(db, SG_OK), SG_OK);
    assert_false(store_in_tx(db));

    OK(db, store_begin(db));
    new_org(db, "Rolled back");
    assert_int_equal(store_end(db, SG_ENOTFOUND), SG_ENOTFOUND);
    assert_false(store_in_tx(db));

    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 1);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations WHERE name = 'Committed'"), 1);
    /* Outside a transaction store_end passes the error through. */
    assert_int_equal(store_end(db, SG_EINVAL), SG_EINVAL);
    assert_int_equal(store_begin(db), SG_OK);
    assert_int_equal(store_begin(db), SG_EINTERNAL);   /* no nesting */
    assert_int_equal(store_end(db, SG_OK), SG_OK);
}

static void test_limit_offset_with_bound_params(void **state)
{
    store *db = migrated(state);
    for (int i = 0; i < 10; i++) {
        char name[8];
        snprintf(name, sizeof name, "n%02d", i);
        new_org(db, name);
    }
    store_stmt *st;
    OK(db, store_prepare(db, "SELECT name FROM organisations ORDER BY id LIMIT ? OFFSET ?", &st));
    store_bind_int(st, 1, 3);
    store_bind_int(st, 2, 4);
    const char *want[] = {"n04", "n05", "n06"};
    bool row;
    for (int i = 0; i < 3; i++) {
        OK(db, store_step(st, &row));
        assert_true(row);
        assert_string_equal(store_col_text(st, 0), want[i]);
    }
    OK(db, store_step(st, &row));
    assert_false(row);
    store_finalize(st);
}

static void test_comparisons_with_bound_params(void **state)
{
    store *db = migrated(state);
    for (int i = 1; i <= 5; i++) {
        clock_set(1000 * i);
        new_org(db, i % 2 ? "odd" : "even");
    }
    clock_set(0);
    store_stmt *st;
    OK(db, store_prepare(db, "SELECT count(*) FROM organisations "
                             "WHERE created_at >= ? AND created_at < ? AND name <> ? "
                             "AND kind IN (?, ?)", &st));
    store_bind_int(st, 1, 2000);
    store_bind_int(st, 2, 5000);
    store_bind_text(st, 3, "even");
    store_bind_text(st, 4, "group");
    store_bind_text(st, 5, "single");
    int64_t n = -1;
    OK(db, store_one_int(st, &n, NULL));
    store_finalize(st);
    assert_int_equal(n, 1);   /* only 3000 is odd in [2000, 5000) */
}

static void test_update_returning_gives_new_values(void **state)
{
    store *db = migrated(state);
    int64_t id = new_org(db, "Old");
    store_stmt *st;
    OK(db, store_prepare(db, "UPDATE organisations SET name = ?, created_at = ? "
                             "WHERE id = ? RETURNING id, name, created_at", &st));
    store_bind_text(st, 1, "New");
    store_bind_int(st, 2, 4102444800LL);
    store_bind_int(st, 3, id);
    bool row;
    OK(db, store_step(st, &row));
    assert_true(row);
    assert_int_equal(store_col_int(st, 0), id);
    assert_string_equal(store_col_text(st, 1), "New");
    assert_int_equal(store_col_int(st, 2), 4102444800LL);
    OK(db, store_step(st, &row));
    assert_false(row);
    store_finalize(st);

    /* An UPDATE that matches nothing is not an error. */
    OK(db, store_prepare(db, "UPDATE organisations SET name = ? WHERE id = ?", &st));
    store_bind_text(st, 1, "Nobody");
    store_bind_int(st, 2, id + 100);
    OK(db, store_step(st, &row));
    assert_false(row);
    store_finalize(st);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations WHERE name = 'New'"), 1);
}

static void test_store_one_int_found_and_not_found(void **state)
{
    store *db = migrated(state);
    int64_t id = new_org(db, "Only");
    store_stmt *st;
    OK(db, store_prepare(db, "SELECT id FROM organisations WHERE name = ?", &st));
    store_bind_text(st, 1, "Only");
    int64_t v = 0;
    bool found = false;
    OK(db, store_one_int(st, &v, &found));
    store_finalize(st);
    assert_true(found);
    assert_int_equal(v, id);

    OK(db, store_prepare(db, "SELECT id FROM organisations WHERE id = ?", &st));
    store_bind_int(st, 1, -1);
    v = 77;
    OK(db, store_one_int(st, &v, &found));
    store_finalize(st);
    assert_false(found);
    assert_int_equal(v, 77);   /* untouched */

    /* Booleans read as 1 and 0 on both backends. */
    assert_int_equal(one(db, "SELECT EXISTS (SELECT 1 FROM organisations)"), 1);
    assert_int_equal(one(db, "SELECT 1 = 2"), 0);
}

/* ---- PostgreSQL only ---------------------------------------------------- */

/* SQLite undoes only the failed statement; PostgreSQL aborts the whole
 * transaction. Committing it regardless must say so, not report success
 * for work that was thrown away. */
static void test_pg_commit_after_failed_statement_fails_and_ends_tx(void **state)
{
    store *db = migrated(state);
    OK(db, store_begin(db));
    new_org(db, "Lost");
    assert_int_equal(run(db, "INSERT INTO settings (organisation_id, name, kind, created_at) "
                             "VALUES (999999, 'X', 'nursery', 0)"),
                     SG_ECONFLICT);
    assert_int_equal(store_commit(db), SG_ESTORE);
    assert_false(store_in_tx(db));
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 0);
    OK(db, store_begin(db));
    new_org(db, "Kept");
    OK(db, store_commit(db));
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 1);
}

static void test_pg_reconnects_after_connection_loss(void **state)
{
    store *db = migrated(state);
    new_org(db, "Before");
    assert_int_equal(run(db, "SELECT pg_terminate_backend(pg_backend_pid())"), SG_ESTORE);
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 1);
    /* The new session has the settings too: no NOTICE noise, and writes work. */
    OK(db, store_exec(db, "CREATE TABLE IF NOT EXISTS organisations (x INTEGER)"));
    new_org(db, "After");
    assert_int_equal(one(db, "SELECT count(*) FROM organisations"), 2);
}

static void test_pg_bind_out_of_range_fails_the_step(void **state)
{
    store *db = DB(state);
    store_stmt *st;
    OK(db, store_prepare(db, "SELECT ?", &st));
    store_bind_int(st, 1, 1);
    store_bind_int(st, 2, 2);
    bool row = true;
    assert_int_equal(store_step(st, &row), SG_EINTERNAL);
    assert_false(row);
    assert_non_null(strstr(store_errmsg(db), "2"));
    store_finalize(st);
}

static void test_pg_open_failure_does_not_echo_the_url(void **state)
{
    (void)state;
    store *db = (store *)1;
    char err[256] = "";
    sg_err e = store_open("postgresql://sg:s3cret@/nodb?host=/nonexistent-sg-dir&port=1",
                          &db, err, sizeof err);
    assert_int_equal(e, SG_ESTORE);
    assert_null(db);
    assert_true(strlen(err) > 0);
    assert_null(strstr(err, "s3cret"));
    assert_null(strchr(err, '\n'));
}

/* ---- groups ------------------------------------------------------------- */

#define SHARED_CASES(X)                                          \
    X(test_migrations_apply_once_and_are_recorded)               \
    X(test_insert_returning_gives_increasing_ids)                \
    X(test_text_int_null_round_trip)                             \
    X(test_question_marks_in_literals_and_comments_are_not_params) \
    X(test_many_params_bound_in_any_order)                       \
    X(test_ints_and_texts_bind_by_column_type)                   \
    X(test_unique_violation_is_exists)                           \
    X(test_foreign_key_violation_is_conflict)                    \
    X(test_check_and_not_null_violations_are_conflict)           \
    X(test_bad_sql_is_store_error_and_connection_survives)       \
    X(test_exec_runs_several_statements)                         \
    X(test_rollback_discards)                                    \
    X(test_store_end_commits_on_ok_and_rolls_back_otherwise)     \
    X(test_limit_offset_with_bound_params)                       \
    X(test_comparisons_with_bound_params)                        \
    X(test_update_returning_gives_new_values)                    \
    X(test_store_one_int_found_and_not_found)

#define PG_ONLY_CASES(X)                                         \
    X(test_pg_commit_after_failed_statement_fails_and_ends_tx)   \
    X(test_pg_reconnects_after_connection_loss)                  \
    X(test_pg_bind_out_of_range_fails_the_step)                  \
    X(test_pg_open_failure_does_not_echo_the_url)

#define ON_SQLITE(f) cmocka_unit_test_setup_teardown(f, sqlite_setup, sqlite_teardown),
#define ON_PG(f) cmocka_unit_test_setup_teardown(f, pg_setup, pg_teardown),

int main(void)
{
    const struct CMUnitTest sqlite_tests[] = {SHARED_CASES(ON_SQLITE)};
    const struct CMUnitTest pg_tests[] = {SHARED_CASES(ON_PG) PG_ONLY_CASES(ON_PG)};
    int failed = cmocka_run_group_tests_name("store on sqlite", sqlite_tests, NULL, NULL);
    if (test_pg_url())
        failed += cmocka_run_group_tests_name("store on postgresql", pg_tests,
                                              pg_group_setup, pg_group_teardown);
    else
        fprintf(stderr, "test_store: SG_TEST_PG unset; the PostgreSQL group was not run\n");
    return failed ? 1 : 0;
}
