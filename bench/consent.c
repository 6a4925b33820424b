/* consent.c — "may this child appear in an image for purpose P now?"
 * (consent_allows, CONSENT-01…12) and the consent overview page
 * (consent_overview: every child against every purpose, CONSENT-09).
 *
 * A setting of 200 children, each with two parents who each signed every
 * purpose twice (the older decision superseded): 8,000 decision rows; ten
 * children looked after, signed by their social worker and local
 * authority; five restricted; some refusals and withdrawals. Then:
 *   - consent_allows for 40 children × 10 purposes, ROUNDS times, each call
 *     timed on its own (the media area's question, one at a time), and
 *     each round of 400 calls timed as a whole;
 *   - consent_allows_many for the same 40 children, ROUNDS × 8 times: the
 *     one call a page about a room of 40 children makes;
 *   - consent_overview for the whole setting, OVERVIEWS times — the
 *     function GET /api/v1/consent/overview answers with, JSON included.
 *
 *   consent [ROUNDS] [OVERVIEWS]      (defaults 25 and 200)
 *
 * Makes its own data directory (safeguard init) in a temp dir and removes
 * it. The rows are written straight into the tables in one transaction:
 * the bench measures the reads, not 8,000 audited writes. Prints p50, p99
 * and max in milliseconds; exits 1 when either p99 >= 5 ms. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../src/consent/consent.h"
#include "../src/core/clock.h"
#include "../src/setup/setup.h"

#define CHILDREN 200
#define ASKED 40
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

static sg_err run(sg_ctx *cx, const char *sql, const int64_t *v, int n, const char *const *t, int nt)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, sql, &st);
    if (e)
        return e;
    int i = 1;
    for (int k = 0; k < n; k++)
        store_bind_int(st, i++, v[k]);
    for (int k = 0; k < nt; k++)
        store_bind_text(st, i++, t[k]);
    bool row;
    e = store_step(st, &row);
    store_finalize(st);
    return e;
}

static sg_err load(sg_ctx *cx)
{
    int64_t s = cx->setting_id, now = clock_now();
    char today[11], until[11];
    consent_date(now, today);
    consent_add_months(today, 6, until);
    sg_err e = run(cx, "INSERT INTO consent_forms (setting_id, version, title, published_at, published_by)"
                       " VALUES (?, 1, 'Images', 0, 'bench')", &s, 1, NULL, 0);
    for (int p = 0; !e && p < consent_npurposes; p++) {
        int64_t v[] = {s, p};
        const char *t[] = {consent_purposes[p].id};
        e = run(cx, "INSERT INTO consent_form_purposes (form_id, setting_id, position, purpose, text)"
                    " VALUES (1, ?, ?, ?, 'text')", v, 2, t, 1);
    }
    for (int c = 1; !e && c <= CHILDREN; c++) {
        bool la = c % 20 == 0;
        int64_t v[] = {s, la};
        e = run(cx, "INSERT INTO children (setting_id, first_name, last_name, date_of_birth, start_date, looked_after,"
                    " created_at) VALUES (?, 'Child', 'Bench', '2023-01-01', '2025-01-01', ?, 0)", v, 2, NULL, 0);
        for (int k = 0; !e && k < 2; k++) {
            const char *kind = la ? (k ? "local_authority" : "social_worker") : "parent";
            int64_t pv[] = {s};
            if ((e = run(cx, "INSERT INTO parents (setting_id, first_name, last_name, created_at)"
                             " VALUES (?, 'Parent', 'Bench', 0)", pv, 1, NULL, 0)))
                break;
            int64_t parent = 2 * (c - 1) + k + 1;
            int64_t lv[] = {s, c, parent};
            const char *lt[] = {kind};
            if ((e = run(cx, "INSERT INTO child_parents (setting_id, child_id, parent_id, relationship, created_at, kind)"
                             " VALUES (?, ?, ?, 'parent', 0, ?)", lv, 3, lt, 1)))
                break;
            for (int p = 0; !e && p < consent_npurposes; p++)
                for (int old = 1; !e && old >= 0; old--) {
                    bool refused = !old && (c + p) % 13 == 0;
                    bool withdrawn = !old && (c * 7 + p) % 31 == 0;
                    int64_t cv[] = {s, c, 1, parent, now - 86400 * (old ? 400 : 30), now - 86400 * (old ? 60 : 0),
                                    withdrawn ? now - 3600 : 0};
                    const char *ct[] = {consent_purposes[p].id, refused ? "refused" : "given", kind, today,
                                        old ? today : until};
                    /* superseded_at and withdrawn_at are NULL when 0. */
                    e = run(cx, "INSERT INTO consents (setting_id, subject_type, subject_id, form_id, signer_type,"
                                " signer_id, signed_at, superseded_at, withdrawn_at, purpose, decision, signer_kind,"
                                " signed_on, expires_on, signer_name, relationship, parental_responsibility, signed_name,"
                                " channel, recorded_by, created_at)"
                                " VALUES (?, 'child', ?, ?, 'parent', ?, ?, nullif(?, 0), nullif(?, 0), ?, ?, ?, ?, ?,"
                                " 'Parent Bench', 'parent', 1, 'Parent Bench', 'portal', 'bench', 0)",
                            (int64_t[]){cv[0], cv[1], cv[2], cv[3], cv[4], old ? cv[5] : 0, cv[6]}, 7, ct, 5);
                }
        }
        if (!e && c % 40 == 7) {
            int64_t rv[] = {s, c, now - 86400};
            e = run(cx, "INSERT INTO image_restrictions (setting_id, subject_type, subject_id, reason, set_by, set_at)"
                        " VALUES (?, 'child', ?, 'bench', 'bench', ?)", rv, 3, NULL, 0);
        }
    }
    return e;
}

/* Sorts ms; with_target false prints the figure without a verdict. */
static void report(const char *what, double *ms, int n, bool with_target)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp);
    double p99 = ms[(int)(n * 0.99)];
    printf("consent %s: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%d runs", what, ms[n / 2], p99, ms[n - 1], n);
    if (with_target)
        printf("; target p99 < %.0f ms): %s\n", TARGET_MS, p99 < TARGET_MS ? "PASS" : "FAIL");
    else
        printf(")\n");
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 25, overviews = argc > 2 ? atoi(argv[2]) : 200;
    if (rounds < 1)
        rounds = 1;
    if (overviews < 10)
        overviews = 10;
    if (crypto_init())
        return 1;
    char root[] = "/tmp/sg-consentbench.XXXXXX", dir[64], cmd[128];
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
        fprintf(stderr, "consent bench: init: %s\n", ecx.msg);
        return 1;
    }
    sg_ctx *cx = &app.cx;
    double t0 = mono_ms();
    if (!(e = store_begin(cx->db)))
        e = store_end(cx->db, load(cx));
    if (e) {
        fprintf(stderr, "consent bench: loading: %s\n", store_errmsg(cx->db));
        setup_close(&app);
        if (system(cmd) != 0)
            fprintf(stderr, "consent bench: could not remove %s\n", root);
        return 1;
    }
    double loaded = mono_ms() - t0;
    int64_t rows = 0;
    store_stmt *st;
    if (!store_prepare(cx->db, "SELECT count(*) FROM consents", &st)) {
        store_one_int(st, &rows, NULL);
        store_finalize(st);
    }
    int calls = rounds * ASKED * consent_npurposes, allowed = 0;
    int batches = rounds * 8;
    double *one = malloc(sizeof *one * (size_t)calls), *page = malloc(sizeof *page * (size_t)overviews),
           *round = malloc(sizeof *round * (size_t)rounds), *many = malloc(sizeof *many * (size_t)batches);
    consent_answer *answers = malloc(sizeof *answers * ASKED * (size_t)consent_npurposes);
    int64_t asked[ASKED];
    srand(20261125);
    for (int r = 0, i = 0; !e && one && round && r < rounds; r++) {
        double rs = mono_ms();
        for (int k = 0; !e && k < ASKED; k++) {
            int64_t child = 1 + rand() % CHILDREN;
            for (int p = 0; !e && p < consent_npurposes; p++, i++) {
                consent_answer a;
                double s = mono_ms();
                e = consent_allows(cx, "child", child, consent_purposes[p].id, clock_now(), &a);
                one[i] = mono_ms() - s;
                allowed += a.allowed;
            }
        }
        round[r] = mono_ms() - rs;
    }
    int many_allowed = 0;
    for (int b = 0; !e && many && answers && b < batches; b++) {
        for (int k = 0; k < ASKED; k++)
            asked[k] = 1 + rand() % CHILDREN;
        double s = mono_ms();
        e = consent_allows_many(cx, asked, ASKED, clock_now(), answers);
        many[b] = mono_ms() - s;
        for (int k = 0; b == 0 && k < ASKED * consent_npurposes; k++)
            many_allowed += answers[k].allowed;
    }
    free(answers);
    size_t bytes = 0;
    for (int i = 0; !e && page && i < overviews; i++) {
        json_t *out = NULL;
        double s = mono_ms();
        e = consent_overview(cx, &out);
        page[i] = mono_ms() - s;
        if (!e && i == 0) {
            char *txt = json_dumps(out, JSON_COMPACT);
            bytes = txt ? strlen(txt) : 0;
            free(txt);
        }
        json_decref(out);
    }
    if (e)
        fprintf(stderr, "consent bench: %s\n", cx->msg);
    setup_close(&app);
    if (system(cmd) != 0)
        fprintf(stderr, "consent bench: could not remove %s\n", root);
    if (e || !one || !page || !round || !many) {
        free(one), free(page), free(round), free(many);
        return 1;
    }
    printf("consent: %d children, %lld decision rows (loaded in %.0f ms); %d consent_allows calls (%d allowed), "
           "overview answer %zu bytes\n", CHILDREN, (long long)rows, loaded, calls, allowed, bytes);
    report("allows (one child, one purpose)", one, calls, true);
    double p99a = one[(int)(calls * 0.99)];
    report("allows, 40 children x 10 purposes as 400 single calls", round, rounds, false);
    report("allows_many (40 children x 10 purposes in one call)", many, batches, true);
    printf("consent allows_many: %d of %d answers allowed in the first batch\n", many_allowed,
           ASKED * consent_npurposes);
    double p99m = many[(int)(batches * 0.99)];
    report("overview (200 children x 10 purposes)", page, overviews, true);
    double p99o = page[(int)(overviews * 0.99)];
    free(one);
    free(page);
    free(round);
    free(many);
    return p99a < TARGET_MS && p99m < TARGET_MS && p99o < TARGET_MS ? 0 : 1;
}
