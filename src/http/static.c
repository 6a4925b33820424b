/* static.c — the browser UI's files, compiled in from web/static/.
 *
 * GET /static/NAME answers the embedded file with its content type and an
 * ETag (a hash of its bytes), revalidated on each use (Cache-Control:
 * no-cache), so a new binary's pages are never mixed with old cached ones.
 * Any other page path that is not the API answers index.html: the UI routes
 * in the browser. Text files are gzipped once, at first use, and sent so to
 * browsers that accept it (the stylesheet shrinks about sevenfold, which a
 * tablet on a nursery's Wi-Fi notices). */
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "../core/crypto.h"
#include "../core/embedded.h"
#include "http.h"

#define ETAG_LEN 24

#define MAX_FILES 512

static struct {
    char etag[ETAG_LEN], etag_gz[ETAG_LEN + 3];
    unsigned char *gz;   /* gzip of the file, or NULL when it does not pay */
    size_t gz_len;
} files[MAX_FILES];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* gzip (not zlib) framing: windowBits 15 + 16. Caller frees *out. */
static bool gzip(const char *data, size_t len, unsigned char **out, size_t *out_len)
{
    z_stream z = {0};
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    size_t cap = deflateBound(&z, len);
    unsigned char *buf = malloc(cap);
    bool ok = false;
    if (buf) {
        z.next_in = (unsigned char *)data;
        z.avail_in = (uInt)len;
        z.next_out = buf;
        z.avail_out = (uInt)cap;
        ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
    }
    deflateEnd(&z);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = z.total_out;
    return true;
}

static bool compressible(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".html") || !strcmp(dot, ".css") || !strcmp(dot, ".js") ||
                   !strcmp(dot, ".svg") || !strcmp(dot, ".json") || !strcmp(dot, ".txt"));
}

static void prepare_all(void)
{
    for (int i = 0; i < sg_web_count && i < MAX_FILES; i++) {
        char hex[CRYPTO_HEX_SHA256];
        crypto_sha256_hex(sg_web[i].data, sg_web[i].len, hex);
        snprintf(files[i].etag, ETAG_LEN, "\"%.20s\"", hex);
        snprintf(files[i].etag_gz, sizeof files[i].etag_gz, "\"%.20s-gz\"", hex);
        unsigned char *gz;
        size_t n;
        if (compressible(sg_web[i].name) && sg_web[i].len > 512 && gzip(sg_web[i].data, sg_web[i].len, &gz, &n)) {
            if (n < sg_web[i].len) {
                files[i].gz = gz;
                files[i].gz_len = n;
            } else {
                free(gz);
            }
        }
    }
}

static bool accepts_gzip(sg_req *rq)
{
    const char *ae = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
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

void http_set_static(sg_req *rq, int status, const char *type, const char *data, size_t len, const char *etag,
                     bool gzipped);

bool web_serve(sg_req *rq)
{
    bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    if (!get || strncmp(rq->path, "/api/", 5) == 0 || strcmp(rq->path, "/api") == 0 ||
        strcmp(rq->path, "/healthz") == 0)
        return false;
    pthread_once(&once, prepare_all);
    bool asset = strncmp(rq->path, "/static/", 8) == 0;
    int i = find(asset ? rq->path + 8 : "index.html");
    if (i < 0) {
        if (!asset)
            return false;
        reply_text(rq, 404, "text/plain; charset=utf-8", "not found\n");
        return true;
    }
    if (i >= MAX_FILES) {
        http_set_static(rq, 200, type_of(sg_web[i].name), sg_web[i].data, sg_web[i].len, NULL, false);
        return true;
    }
    bool gz = files[i].gz && accepts_gzip(rq);
    const char *etag = gz ? files[i].etag_gz : files[i].etag;
    const char *inm = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "If-None-Match");
    bool fresh = inm && strcmp(inm, etag) == 0;
    const char *data = gz ? (const char *)files[i].gz : sg_web[i].data;
    size_t len = gz ? files[i].gz_len : sg_web[i].len;
    http_set_static(rq, fresh ? 304 : 200, type_of(sg_web[i].name), fresh ? "" : data, fresh ? 0 : len, etag,
                    gz && !fresh);
    return true;
}
