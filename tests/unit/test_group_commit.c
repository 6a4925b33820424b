/* test_group_commit.c — SQLite group commit under concurrent writers:
 * every transaction that reports success is committed, every one that
 * fails leaves nothing behind, and the audit chain stays gap-free
 * (REPORTING-01). */
#include <pthread.h>
#include "fixture.h"

#define THREADS 8
#define EACH 40

typedef struct {
    fixture *f;
    int n;
    int ok, failed;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    char path[300], err[300];
    snprintf(path, sizeof path, "%s/t.db", w->f->dir);
    store *db;
    if (store_open(path, &db, err, sizeof err))
        return NULL;
    sg_ctx cx = w->f->cx;
    cx.db = db;
    cx.err_detail = NULL;
    for (int i = 0; i < EACH; i++) {
        char name[40];
        /* Every fifth name repeats one already taken: that one must fail
         * alone, without taking its group's other transactions with it. */
        if (i % 5 == 4)
            snprintf(name, sizeof name, "T%d-%d", w->n, i - 1);
        else
            snprintf(name, sizeof name, "T%d-%d", w->n, i);
        json_t *in = json_pack("{ss ss}", "name", name, "class", "adults-only"), *out = NULL;
        sg_clear(&cx);
        if (room_add(&cx, in, &out) == SG_OK)
            w->ok++;
        else
            w->failed++;
        json_decref(in);
        json_decref(out);
    }
    sg_clear(&cx);
    store_close(db);
    return NULL;
}

static void test_concurrent_writers_commit_exactly_what_they_report(void **state)
{
    fixture *f = *state;
    pthread_t t[THREADS];
    worker w[THREADS];
    int64_t before = fixture_count(f, "SELECT count(*) FROM audit_events");
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){.f = f, .n = i};
        assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    int ok = 0, failed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        ok += w[i].ok;
        failed += w[i].failed;
    }
    assert_int_equal(ok + failed, THREADS * EACH);
    assert_int_equal(failed, THREADS * EACH / 5);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM rooms"), ok);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_events"), before + ok);
    assert_int_equal(fixture_count(f, "SELECT max(seq) FROM audit_events"), before + ok);
    audit_report r;
    assert_int_equal(audit_verify(&f->cx, f->cx.setting_id, NULL, &r), SG_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_concurrent_writers_commit_exactly_what_they_report, fixture_setup,
                                        fixture_teardown),
    };
    return cmocka_run_group_tests_name("group_commit", tests, NULL, NULL);
}
