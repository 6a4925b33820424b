/* fixture.h — a fresh SQLite store with one setting and its manager, and
 * contexts for acting as the operator or as a given adult. */
#ifndef SG_FIXTURE_H
#define SG_FIXTURE_H
#include "testlib.h"
#include "audit/audit.h"
#include "auth/perm.h"
#include "core/clock.h"
#include "core/config.h"
#include "people/people.h"

typedef struct {
    char *dir;
    store *db;
    sg_config cfg;
    crypto_signer signer;
    sg_ctx cx;            /* operator */
    int64_t manager_id;
} fixture;

static inline int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(crypto_init(), SG_OK);
    f->dir = test_tmpdir();
    char path[300], err[300];
    snprintf(path, sizeof path, "%s/t.db", f->dir);
    assert_int_equal(store_open(path, &f->db, err, sizeof err), SG_OK);
    assert_int_equal(store_migrate(f->db), SG_OK);
    snprintf(path, sizeof path, "%s/sign.key", f->dir);
    assert_int_equal(crypto_signer_create(path), SG_OK);
    assert_int_equal(crypto_signer_load(path, &f->signer), SG_OK);
    config_defaults(&f->cfg);
    f->cx.db = f->db;
    f->cx.cfg = &f->cfg;
    f->cx.signer = &f->signer;
    f->cx.operator_mode = true;
    snprintf(f->cx.actor, sizeof f->cx.actor, "cli:test");
    int64_t sid;
    assert_int_equal(store_begin(f->db), SG_OK);
    sg_err e = setting_create(&f->cx, "Test Org", "single", "Test Nursery", "nursery", &sid);
    json_t *m = json_pack("{ss ss ss s[s]}", "first_name", "Mia", "last_name", "Manager", "email",
                          "mia@test.example", "roles", "manager");
    if (!e)
        e = adult_add_tx(&f->cx, m, &f->manager_id);
    json_decref(m);
    assert_int_equal(store_end(f->db, e), SG_OK);
    *state = f;
    return 0;
}

static inline int fixture_teardown(void **state)
{
    fixture *f = *state;
    sg_clear(&f->cx);
    store_close(f->db);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* A context acting as adult `id` with that adult's roles. */
static inline sg_ctx fixture_as(fixture *f, int64_t id)
{
    sg_ctx c = f->cx;
    c.operator_mode = false;
    c.actor_id = id;
    c.err_detail = NULL;
    snprintf(c.actor, sizeof c.actor, "adult:%lld", (long long)id);
    assert_int_equal(adult_roles(&c, id, &c.roles), SG_OK);
    return c;
}

static inline int64_t fixture_count(fixture *f, const char *sql)
{
    store_stmt *st;
    int64_t n = -1;
    assert_int_equal(store_prepare(f->db, sql, &st), SG_OK);
    assert_int_equal(store_one_int(st, &n, NULL), SG_OK);
    store_finalize(st);
    return n;
}

/* Parse a JSON literal for a test body (caller decrefs). */
static inline json_t *J(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j)
        fail_msg("bad test JSON: %s: %s", text, e.text);
    return j;
}
#endif
