/* devices_holder.c — "who held device X at time T" (PRO-DEVICES-03,
 * REPORTING-04) over a year of hand-outs: 30 devices, 60 adults, each
 * device out three times a working day for 365 days (about 33,000 custody
 * rows, each back 1 to 2.5 hours later), then QUERIES calls of device_holder_at — the function the API's
 * GET /api/v1/devices/{id}/holder answers with, permission check, SQL and
 * JSON included — for a random device at a random instant of the year.
 *
 *   devices_holder [QUERIES]      (default 20000)
 *
 * Makes its own data directory (safeguard init) in a temp dir and removes
 * it. The year of ledger rows is written straight into the table in one
 * transaction: the bench measures the read, not 33,000 audited writes.
 * Prints p50, p99 and max in milliseconds; exits 1 when p99 >= 5 ms. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../src/devices/devices.h"
#include "../src/setup/setup.h"

#define DEVICES 30
#define ADULTS 60
#define DAYS 365
#define PER_DAY 3
#define TARGET_MS 5.0

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One statement with a text and two to four integers (-1: not bound). */
static sg_err exec_one(sg_ctx *cx, const char *sql, const char *text, int64_t a, int64_t b, int64_t c, int64_t d)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return e;
    int i = 1;
    if (text)
        store_bind_text(st, i++, text);
    store_bind_int(st, i++, a);
    store_bind_int(st, i++, b);
    if (c >= 0)
        store_bind_int(st, i++, c);
    if (d >= 0)
        store_bind_int(st, i++, d);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return e;
}

int main(int argc, char **argv)
{
    int queries = argc > 1 ? atoi(argv[1]) : 20000;
    if (queries < 100)
        queries = 100;
    if (crypto_init())
        return 1;
    char root[] = "/tmp/sg-devbench.XXXXXX", dir[64], cmd[128];
    if (!mkdtemp(root))
        return 1;
    snprintf(dir, sizeof dir, "%s/data", root);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    sg_ctx ecx = {0};
    sg_app app;
    setup_init_opts o = {.dir = dir, .setting = "Bench Nursery", .kind = "nursery",
                         .manager_email = "bench.manager@example.org", .manager_first = "Bench",
                         .manager_last = "Manager", .password = "bench-password-1"};
    char gen[64];
    sg_err e = setup_init(&o, &app, gen, &ecx);
    if (e) {
        fprintf(stderr, "devices_holder: init: %s\n", ecx.msg);
        return 1;
    }
    sg_ctx *cx = &app.cx;
    int64_t year0 = 1767225600; /* 2026-01-01T00:00:00Z */
    srand(20261124);
    double t0 = mono_ms();
    if (!(e = store_begin(cx->db))) {
        char email[64];
        for (int a = 0; !e && a < ADULTS; a++) {
            snprintf(email, sizeof email, "adult%d@example.org", a);
            e = exec_one(cx, "INSERT INTO adults (first_name, last_name, email, setting_id, start_date, created_at)"
                             " VALUES ('Adult', 'Bench', ?, ?, '2025-01-01', ?)", email, cx->setting_id, 0, -1, -1);
        }
        for (int d = 0; !e && d < DEVICES; d++) {
            snprintf(email, sizeof email, "T-%02d", d + 1);
            e = exec_one(cx, "INSERT INTO devices (label, setting_id, created_at, kind, kept_in, passcode_set, designated_use)"
                             " VALUES (?, ?, ?, 'tablet', 'Cupboard', 1, 'staff')", email, cx->setting_id, 0, -1, -1);
        }
        /* Adults are ids 2..61 (the manager is 1); devices 1..30. */
        for (int day = 0; !e && day < DAYS; day++)
            for (int d = 0; !e && d < DEVICES; d++)
                for (int k = 0; !e && k < PER_DAY; k++) {
                    /* Out at 08:00, 11:00 and 14:00 (+ up to 30 min), back
                     * 1 to 2.5 hours later: never overlapping. */
                    int64_t start = year0 + (int64_t)day * 86400 + 8 * 3600 + k * 3 * 3600 + rand() % 1800;
                    store_stmt *ins;
                    if ((e = store_prepare(cx->db, "INSERT INTO device_custody (setting_id, device_id, adult_id, kind,"
                                                   " purpose, out_at, out_by, returned_at, returned_by)"
                                                   " VALUES (?, ?, ?, 'hand-out', 'setting-work', ?, 'bench', ?, 'bench')",
                                           &ins)))
                        break;
                    store_bind_int(ins, 1, cx->setting_id);
                    store_bind_int(ins, 2, d + 1);
                    store_bind_int(ins, 3, 2 + rand() % ADULTS);
                    store_bind_int(ins, 4, start);
                    store_bind_int(ins, 5, start + 3600 + rand() % 5400);
                    bool row;
                    e = store_step(ins, &row);
                    store_finalize(ins);
                }
        e = store_end(cx->db, e);
    }
    if (e) {
        fprintf(stderr, "devices_holder: loading: %s\n", store_errmsg(cx->db));
        setup_close(&app);
        if (system(cmd) != 0)
            fprintf(stderr, "devices_holder: could not remove %s\n", root);
        return 1;
    }
    double loaded = mono_ms() - t0;
    int64_t rows = 0;
    store_stmt *st;
    if (!store_prepare(cx->db, "SELECT count(*) FROM device_custody", &st)) {
        store_one_int(st, &rows, NULL);
        store_finalize(st);
    }
    double *ms = malloc(sizeof *ms * (size_t)queries);
    int held = 0;
    for (int i = 0; ms && i < queries; i++) {
        int64_t id = 1 + rand() % DEVICES, at = year0 + (int64_t)(((double)rand() / RAND_MAX) * DAYS * 86400.0);
        json_t *out = NULL;
        double s = mono_ms();
        e = device_holder_at(cx, id, at, &out);
        ms[i] = mono_ms() - s;
        if (e) {
            fprintf(stderr, "devices_holder: query: %s\n", cx->msg);
            break;
        }
        held += json_is_object(json_object_get(out, "holder"));
        json_decref(out);
    }
    setup_close(&app);
    if (system(cmd) != 0)
        fprintf(stderr, "devices_holder: could not remove %s\n", root);
    if (e || !ms)
        return 1;
    qsort(ms, (size_t)queries, sizeof *ms, cmp);
    double p50 = ms[queries / 2], p99 = ms[(int)(queries * 0.99)], max = ms[queries - 1];
    printf("devices holder-at: %d devices, %d adults, %lld custody rows (loaded in %.0f ms); %d queries, %d held at T\n",
           DEVICES, ADULTS, (long long)rows, loaded, queries, held);
    printf("devices holder-at: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (target p99 < %.0f ms): %s\n", p50, p99, max,
           TARGET_MS, p99 < TARGET_MS ? "PASS" : "FAIL");
    free(ms);
    return p99 < TARGET_MS ? 0 : 1;
}
