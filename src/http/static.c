/* static.c — the browser UI's files, compiled in from web/static/.
 *
 * GET /static/NAME answers the embedded file with its content type and an
 * ETag (a hash of its bytes), revalidated on each use (Cache-Control:
 * no-cache), so a new binary's pages are never mixed with old cached ones.
 * Any other page path that is not the API answers index.html: the UI routes
 * in the browser. */
#include <microhttpd.h>
#include <pthread.h>
#include <string.h>
#include "../core/crypto.h"
#include "../core/embedded.h"
#include "http.h"

#define ETAG_LEN 24

static char (*etags)[ETAG_LEN];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void hash_all(void)
{
    static char hashes[512][ETAG_LEN];
    etags = hashes;
    for (int i = 0; i < sg_web_count && i < 512; i++) {
        char hex[CRYPTO_HEX_SHA256];
        crypto_sha256_hex(sg_web[i].data, sg_web[i].len, hex);
        snprintf(etags[i], ETAG_LEN, "\"%.20s\"", hex);
    }
}

static const char *type_of(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".json", "application/json"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static int find(const char *name)
{
    for (int i = 0; i < sg_web_count; i++)
        if (strcmp(sg_web[i].name, name) == 0)
            return i;
    return -1;
}

void http_set_static(sg_req *rq, int status, const char *type, const char *data, size_t len, const char *etag);

bool web_serve(sg_req *rq)
{
    bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    if (!get || strncmp(rq->path, "/api/", 5) == 0 || strcmp(rq->path, "/api") == 0 ||
        strcmp(rq->path, "/healthz") == 0)
        return false;
    pthread_once(&once, hash_all);
    bool asset = strncmp(rq->path, "/static/", 8) == 0;
    int i = find(asset ? rq->path + 8 : "index.html");
    if (i < 0) {
        if (!asset)
            return false;
        reply_text(rq, 404, "text/plain; charset=utf-8", "not found\n");
        return true;
    }
    const char *inm = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "If-None-Match");
    bool fresh = inm && i < 512 && strcmp(inm, etags[i]) == 0;
    http_set_static(rq, fresh ? 304 : 200, type_of(sg_web[i].name), fresh ? "" : sg_web[i].data,
                    fresh ? 0 : sg_web[i].len, i < 512 ? etags[i] : NULL);
    return true;
}
