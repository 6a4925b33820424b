/* server.c — libmicrohttpd, run with a pool of worker threads each with its
 * own epoll loop and its own database connection (opened on first use).
 *
 * Each request: route match (404/405), body collected up to cfg->max_body
 * (HTTP_RAW_MAX for a file route)
 * (413 beyond, answered before the body is read when Content-Length says
 * so), authentication from the session cookie or a bearer token, the
 * custom header that a cross-site form cannot send on every state-changing
 * cookie request, the JSON body parsed for JSON routes, then the handler.
 * Every response carries the security headers; every request writes one
 * access-log line.
 *
 * Shutdown: SIGINT/SIGTERM stop the listening socket, the requests in
 * flight run to completion (up to SHUTDOWN_GRACE seconds), then the
 * workers stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "../auth/auth.h"
#include "../core/clock.h"
#include "../core/config.h"
#include "../compliance/findings.h"
#include "../presence/presence.h"
#include "http.h"

#define SHUTDOWN_GRACE 30
#define DISCARD_MAX (64L * 1024 * 1024)
#define CSRF_HEADER "X-Safeguard-Request"
#define SESSION_COOKIE "sg_session"
#define KIOSK_COOKIE "sg_kiosk"

static const http_options *opts;
static pthread_key_t db_key;
static atomic_int in_flight;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void close_db(void *p) { store_close(p); }

/* This worker thread's connection, opened on first use. */
static store *thread_db(sg_req *rq)
{
    store *db = pthread_getspecific(db_key);
    if (db)
        return db;
    char err[300];
    if (store_open(opts->cfg->database, &db, err, sizeof err)) {
        sg_fail(&rq->cx, SG_ESTORE, "cannot open the database: %s", err);
        return NULL;
    }
    pthread_setspecific(db_key, db);
    return db;
}

static void add_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
}

/* Called by reply_*: wrap the bytes (taking ownership) as the response. */
void http_set_response(sg_req *rq, int status, const char *type, char *data, size_t len);
void http_set_response(sg_req *rq, int status, const char *type, char *data, size_t len)
{
    if (rq->resp)
        MHD_destroy_response(rq->resp);
    rq->resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    rq->status = status;
    MHD_add_response_header(rq->resp, "Content-Type", type);
    MHD_add_response_header(rq->resp, "Cache-Control", "no-store");
    add_headers(rq->resp);
    if (rq->set_cookie[0])
        MHD_add_response_header(rq->resp, "Set-Cookie", rq->set_cookie);
    if (rq->set_cookie2[0])
        MHD_add_response_header(rq->resp, "Set-Cookie", rq->set_cookie2);
}

static bool state_changing(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* A locker kiosk (a kiosk cookie, or a bearer token "sgk_…") may call the
 * routes marked R_KIOSK and nothing else, whatever else the browser holds;
 * a parent's portal session, the routes marked R_PORTAL. */
static bool authenticate(sg_req *rq, unsigned flags)
{
    const char *authz = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Authorization");
    const char *kiosk = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, KIOSK_COOKIE);
    sg_err e;
    if (authz && strncmp(authz, "Bearer sgk_", 11) == 0)
        kiosk = authz + 7;
    if (kiosk && *kiosk) {
        e = kiosk_auth(&rq->cx, kiosk);
        if (!e && !(flags & R_KIOSK))
            e = sg_fail(&rq->cx, SG_EKIOSK, "a locker kiosk may only use the kiosk");
        if (!e && state_changing(rq->method) && !(authz && strncmp(authz, "Bearer ", 7) == 0) &&
            !MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, CSRF_HEADER))
            e = sg_fail(&rq->cx, SG_ECSRF, "this request needs the " CSRF_HEADER " header");
        if (e == SG_EUNAUTH)
            snprintf(rq->set_cookie, sizeof rq->set_cookie, KIOSK_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        if (e)
            reply_err(rq, e);
        return e == SG_OK;
    }
    if (authz && strncmp(authz, "Bearer ", 7) == 0) {
        e = auth_bearer(&rq->cx, authz + 7);
    } else {
        rq->session_token = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
        if (!rq->session_token || !*rq->session_token) {
            reply_err(rq, sg_fail(&rq->cx, SG_EUNAUTH, "log in first"));
            return false;
        }
        e = auth_session(&rq->cx, rq->session_token);
        /* A parent signed in to the portal may call the portal's routes
         * and nothing else, whatever a route's own permission check says. */
        if (!e && rq->cx.parent_id && !(flags & R_PORTAL))
            e = sg_fail(&rq->cx, SG_EPORTAL, "a parent portal account may only use the parent portal");
        if (!e && state_changing(rq->method) &&
            !MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, CSRF_HEADER))
            e = sg_fail(&rq->cx, SG_ECSRF, "this request needs the " CSRF_HEADER " header");
    }
    if (e == SG_EEXPIRED || e == SG_EUNAUTH)
        snprintf(rq->set_cookie, sizeof rq->set_cookie, SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if (e)
        reply_err(rq, e);
    return e == SG_OK;
}

/* Is content type `ct` exactly `want`, optionally followed by parameters? */
static bool type_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

static bool parse_body(sg_req *rq, unsigned flags)
{
    const char *ct = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Content-Type");
    if (flags & R_CSV) {
        if (!type_is(ct, "text/csv") && !type_is(ct, "text/plain")) {
            reply_err(rq, sg_fail(&rq->cx, SG_EMEDIA, "send the file as text/csv"));
            return false;
        }
        return true;
    }
    if (rq->body_len == 0 && !ct) {
        rq->json = json_object(); /* an empty body is an empty object */
        return true;
    }
    if (!type_is(ct, "application/json")) {
        reply_err(rq, sg_fail(&rq->cx, SG_EMEDIA, "send the body as application/json"));
        return false;
    }
    json_error_t jerr;
    rq->json = rq->body_len ? json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr) : json_object();
    if (!rq->json || !json_is_object(rq->json)) {
        if (rq->json)
            reply_err(rq, sg_fail(&rq->cx, SG_EJSON, "the body must be a JSON object"));
        else
            reply_err(rq, sg_fail(&rq->cx, SG_EJSON, "the body is not valid JSON: %s (line %d)", jerr.text, jerr.line));
        return false;
    }
    return true;
}

void http_set_static(sg_req *rq, int status, const char *type, const char *data, size_t len, const char *etag,
                     bool gzipped);
void http_set_static(sg_req *rq, int status, const char *type, const char *data, size_t len, const char *etag,
                     bool gzipped)
{
    if (rq->resp)
        MHD_destroy_response(rq->resp);
    rq->resp = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
    rq->status = status;
    if (status != 304)
        MHD_add_response_header(rq->resp, "Content-Type", type);
    MHD_add_response_header(rq->resp, "Cache-Control", "no-cache");
    if (etag)
        MHD_add_response_header(rq->resp, "ETag", etag);
    if (gzipped)
        MHD_add_response_header(rq->resp, "Content-Encoding", "gzip");
    MHD_add_response_header(rq->resp, "Vary", "Accept-Encoding");
    add_headers(rq->resp);
}

static void dispatch(sg_req *rq)
{
    if (web_serve(rq))
        return;
    bool known = false;
    const route *r = http_match(rq, &known);
    if (!r) {
        reply_err(rq, known ? sg_fail(&rq->cx, SG_EMETHOD, "%s is not allowed on %s", rq->method, rq->path)
                            : sg_fail(&rq->cx, SG_ENOTFOUND, "there is nothing at %s", rq->path));
        return;
    }
    if (rq->too_big) {
        reply_err(rq, sg_fail(&rq->cx, SG_ETOOBIG, "the body is larger than %ld bytes", rq->max_body));
        return;
    }
    if (!(rq->cx.db = thread_db(rq))) {
        reply_err(rq, SG_ESTORE);
        return;
    }
    if (!(r->flags & R_PUBLIC) && !authenticate(rq, r->flags))
        return;
    if ((r->flags & R_PUBLIC) && state_changing(rq->method) &&
        !MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, CSRF_HEADER)) {
        reply_err(rq, sg_fail(&rq->cx, SG_ECSRF, "this request needs the " CSRF_HEADER " header"));
        return;
    }
    if ((r->flags & (R_JSON | R_CSV)) && !parse_body(rq, r->flags))
        return;
    r->fn(rq);
}

/* A read sees one snapshot and takes the database's read locks once. */
static void dispatch_read(sg_req *rq)
{
    store *db = thread_db(rq);
    bool tx = db && store_read_begin(db) == SG_OK;
    dispatch(rq);
    if (tx)
        store_read_end(db);
    if (!rq->resp)
        reply_err(rq, sg_fail(&rq->cx, SG_EINTERNAL, "no answer was made"));
}

/* A file route (R_RAW) takes a scanned form, larger than any JSON body;
 * every other route is held to [server] max_body. */
static long body_limit(sg_req *rq)
{
    bool known = false;
    const route *r = http_match(rq, &known);
    return r && (r->flags & R_RAW) ? HTTP_RAW_MAX : opts->cfg->max_body;
}

static void access_log(sg_req *rq)
{
    char at[21];
    clock_iso(clock_now(), at);
    char addr[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof addr);
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "%s %s %s %s %d %.1fms %s\n", at, addr, rq->method, rq->path, rq->status,
            (mono() - rq->started) * 1000.0, rq->cx.actor[0] ? rq->cx.actor : "-");
    pthread_mutex_unlock(&log_lock);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    sg_req *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        atomic_fetch_add(&in_flight, 1);
        rq->conn = conn;
        rq->method = method;
        rq->path = url;
        rq->started = mono();
        rq->cx.cfg = opts->cfg;
        rq->cx.signer = opts->signer;
        *con_cls = rq;
        rq->max_body = body_limit(rq);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && atoll(cl) > rq->max_body) {
            /* Read and drop a moderately large body so the client, still
             * sending, gets the 413 rather than a reset connection; answer
             * a huge one at once and close. */
            rq->too_big = true;
            if (atoll(cl) > DISCARD_MAX) {
                reply_err(rq, sg_fail(&rq->cx, SG_ETOOBIG, "the body is larger than %ld bytes", rq->max_body));
                return MHD_queue_response(conn, (unsigned)rq->status, rq->resp);
            }
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->too_big) {
            if (rq->body_len + *upload_size > (size_t)rq->max_body) {
                rq->too_big = true;
                free(rq->body);
                rq->body = NULL;
                rq->body_len = 0;
            } else {
                char *nb = realloc(rq->body, rq->body_len + *upload_size + 1);
                if (!nb)
                    return MHD_NO;
                memcpy(nb + rq->body_len, upload, *upload_size);
                rq->body = nb;
                rq->body_len += *upload_size;
                rq->body[rq->body_len] = 0;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->resp) /* answered early (413) */
        return MHD_YES;
    if (state_changing(method))
        dispatch(rq);
    else
        dispatch_read(rq);
    return MHD_queue_response(conn, (unsigned)rq->status, rq->resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    sg_req *rq = *con_cls;
    if (!rq)
        return;
    access_log(rq);
    if (rq->resp)
        MHD_destroy_response(rq->resp);
    json_decref(rq->json);
    sg_clear(&rq->cx);
    free(rq->body);
    free(rq);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

static bool parse_listen(const char *s, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= sizeof host)
        return false;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535)
        return false;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1;
}

/* The sweep: time-based findings (a break that ended, a shift over, the
 * close of day) are raised by the server itself, on its own connection,
 * every [sweeps] every_seconds, and once at start. */
static atomic_bool sweep_stop;

static void *sweeper(void *arg)
{
    (void)arg;
    store *db = NULL;
    char err[300];
    for (;;) {
        if (!db && store_open(opts->cfg->database, &db, err, sizeof err)) {
            fprintf(stderr, "safeguard: sweep: cannot open the database: %s\n", err);
            db = NULL;
        }
        if (db) {
            sg_ctx cx = {.db = db, .cfg = opts->cfg, .signer = opts->signer, .operator_mode = true};
            int raised = 0, resolved = 0;
            sg_err e = findings_sweep_all(&cx, &raised, &resolved);
            pthread_mutex_lock(&log_lock);
            if (e)
                fprintf(stderr, "safeguard: sweep: %s: %s\n", sg_err_code(e), sg_msg(&cx, e));
            else if (raised || resolved)
                fprintf(stderr, "safeguard: sweep: %d finding%s raised, %d resolved\n", raised,
                        raised == 1 ? "" : "s", resolved);
            pthread_mutex_unlock(&log_lock);
            json_decref(cx.err_detail);
        }
        /* Short relative sleeps, not a deadline on the wall clock: the
         * wall clock may be shifted (faketime in tests, a clock change). */
        for (int i = 0; i < opts->cfg->sweep_seconds * 10 && !atomic_load(&sweep_stop); i++)
            usleep(100 * 1000);
        if (atomic_load(&sweep_stop))
            break;
    }
    if (db)
        store_close(db);
    return NULL;
}

sg_err http_serve(const http_options *o, sg_ctx *ecx)
{
    opts = o;
    const char *listen = o->listen ? o->listen : o->cfg->listen;
    struct sockaddr_in sa;
    if (!parse_listen(listen, &sa))
        return sg_fail(ecx, SG_EUSAGE, "--listen takes ADDR:PORT with an IPv4 address, e.g. 127.0.0.1:8080 (got '%s')", listen);
    pthread_key_create(&db_key, close_db);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* workers inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->cfg->threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        /* libmicrohttpd clears the whole pool for each keep-alive request;
         * 16 KiB holds any header safeguard accepts (bodies stream past it). */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_END);
    if (!d)
        return sg_fail(ecx, SG_EIO, "cannot listen on %s: %s", listen, strerror(errno));
    printf("safeguard: listening on http://%s/\n", listen);
    if (o->banner)
        fputs(o->banner, stdout);
    fflush(stdout);

    pthread_t sweep_thread;
    bool sweeping = o->cfg->sweep_seconds > 0 && pthread_create(&sweep_thread, NULL, sweeper, NULL) == 0;

    int sig = 0;
    sigwait(&set, &sig);
    if (sweeping) {
        atomic_store(&sweep_stop, true);
        pthread_join(sweep_thread, NULL);
    }
    printf("safeguard: %s received; finishing requests in flight\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    fflush(stdout);
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    double until = mono() + SHUTDOWN_GRACE;
    while (atomic_load(&in_flight) > 0 && mono() < until) {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (di && di->num_connections == 0)
            break;
        usleep(20 * 1000);
    }
    MHD_stop_daemon(d);
    printf("safeguard: stopped\n");
    fflush(stdout);
    return SG_OK;
}
