/* scan.c — scanned paper consent forms: the proof of a paper signature.
 *
 * A file is accepted by what it is, not by its name or declared type: a
 * PDF must begin with "%PDF-" and carry its "%%EOF" trailer near the end; a
 * JPEG must begin with a start-of-image marker and a segment marker and end
 * with an end-of-image marker; a PNG must carry its signature, an IHDR
 * chunk first and the IEND chunk last. Anything else is not_a_document and
 * nothing is stored. (No decoder is linked; these structural checks refuse
 * the things people actually send by mistake — a Word file, a photo of
 * another format, an empty or truncated upload.)
 *
 * At rest the bytes are encrypted with libsodium's secretstream
 * (XChaCha20-Poly1305) under the setting's data key (keys/data.key), in
 * chunks, so a file cannot be truncated or reordered unnoticed. The file is
 * named by the SHA-256 of the plaintext (scans/<setting>/<sha256>), written
 * to a temporary file, synced and renamed into place, and the directory
 * synced, so a crash leaves either the whole file or none. The file is
 * written before the database row: a crash in between leaves a harmless
 * orphan, never a row without its file. The same scan sent twice is one
 * file and one row. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/config.h"
#include "consent.h"

#define CHUNK 65536
#define TAIL 1024   /* where a PDF's %%EOF trailer must be */

static bool has(const unsigned char *d, size_t len, const char *needle, size_t nlen)
{
    for (size_t i = 0; nlen <= len && i + nlen <= len; i++)
        if (!memcmp(d + i, needle, nlen))
            return true;
    return false;
}

/* The content type of a PDF, JPEG or PNG, or NULL. */
static const char *sniff(const unsigned char *d, size_t len)
{
    if (len >= 16 && !memcmp(d, "%PDF-", 5)) {
        size_t from = len > TAIL ? len - TAIL : 0;
        return has(d + from, len - from, "%%EOF", 5) ? "application/pdf" : NULL;
    }
    if (len >= 16 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF && d[3] >= 0xC0) {
        /* The end-of-image marker, allowing a little padding after it. */
        for (size_t i = len - 2, k = 0; k < 64 && i > 2; i--, k++)
            if (d[i] == 0xFF && d[i + 1] == 0xD9)
                return "image/jpeg";
        return NULL;
    }
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    if (len >= 8 + 25 + 12 && !memcmp(d, png, 8) && !memcmp(d + 12, "IHDR", 4) && !memcmp(d + len - 12, iend, 12))
        return "image/png";
    return NULL;
}

static sg_err load_key(sg_ctx *cx, unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES])
{
    char path[1200];
    if (!cx->cfg)
        return sg_fail(cx, SG_ECRYPTO, "no data directory: the data key is not available");
    config_path(cx->cfg, "keys/data.key", path, sizeof path);
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(key, 1, crypto_secretstream_xchacha20poly1305_KEYBYTES, f) : 0;
    if (f)
        fclose(f);
    if (n != crypto_secretstream_xchacha20poly1305_KEYBYTES)
        return sg_fail(cx, SG_ECRYPTO, "cannot read the setting's data key %s", path);
    return SG_OK;
}

static void scan_path(sg_ctx *cx, const char *sha, char *out, size_t len, bool dir_only)
{
    char rel[200];
    if (dir_only)
        snprintf(rel, sizeof rel, "scans/%lld", (long long)cx->setting_id);
    else
        snprintf(rel, sizeof rel, "scans/%lld/%s", (long long)cx->setting_id, sha);
    config_path(cx->cfg, rel, out, (int)len);
}

static sg_err mkdirs(sg_ctx *cx, const char *dir)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return sg_fail(cx, SG_EIO, "cannot create %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
        return sg_fail(cx, SG_EIO, "cannot create %s: %s", tmp, strerror(errno));
    return SG_OK;
}

static bool write_all(int fd, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n) {
        ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        b += w;
        n -= (size_t)w;
    }
    return true;
}

/* Encrypt data into `path` crash-safely (see the top of the file). */
static sg_err write_encrypted(sg_ctx *cx, const char *dir, const char *path, const unsigned char *data, size_t len)
{
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_state s;
    sg_err e = load_key(cx, key);
    if (e)
        return e;
    char tmp[1300];
    snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        sodium_memzero(key, sizeof key);
        return sg_fail(cx, SG_EIO, "cannot write %s: %s", tmp, strerror(errno));
    }
    crypto_secretstream_xchacha20poly1305_init_push(&s, header, key);
    sodium_memzero(key, sizeof key);
    bool ok = write_all(fd, header, sizeof header);
    unsigned char *out = malloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
    ok = ok && out;
    for (size_t off = 0; ok && (off < len || len == 0);) {
        size_t n = len - off > CHUNK ? CHUNK : len - off;
        unsigned char tag = off + n == len ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&s, out, &clen, data + off, n, NULL, 0, tag);
        ok = write_all(fd, out, (size_t)clen);
        off += n;
        if (tag)
            break;
    }
    free(out);
    ok = ok && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        unlink(tmp);
        return sg_fail(cx, SG_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return SG_OK;
}

sg_err consent_scan_store_tx(sg_ctx *cx, const void *data, size_t len, int64_t *id)
{
    const char *type = sniff(data, len);
    if (!type)
        return sg_fail(cx, SG_ENOTDOC, "the file is not a PDF, JPEG or PNG by its content: scan the signed form "
                       "as one of those");
    if (len > (size_t)CONSENT_SCAN_MAX)
        return sg_fail(cx, SG_ETOOBIG, "a scan may be at most %ld bytes", CONSENT_SCAN_MAX);
    char sha[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(data, len, sha);
    store_stmt *st;
    bool found = false;
    sg_err e = consent_prepare(cx, "SELECT id FROM consent_scans WHERE setting_id = ? AND sha256 = ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, sha);
    e = sg_store(cx, store_one_int(st, id, &found));
    store_finalize(st);
    if (e || found)
        return e; /* the same scan again: one file, one row */
    char dir[1200], path[1200];
    scan_path(cx, sha, dir, sizeof dir, true);
    scan_path(cx, sha, path, sizeof path, false);
    if ((e = mkdirs(cx, dir)) || (e = write_encrypted(cx, dir, path, data, len)))
        return e;
    if ((e = consent_prepare(cx, "INSERT INTO consent_scans (setting_id, sha256, content_type, size, uploaded_by,"
                                 " uploaded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", &st)))
        return e;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, sha);
    store_bind_text(st, 3, type);
    store_bind_int(st, 4, (int64_t)len);
    store_bind_text(st, 5, cx->actor);
    store_bind_int(st, 6, clock_now());
    e = sg_store(cx, store_one_int(st, id, NULL));
    store_finalize(st);
    if (!e) {
        json_t *d = json_pack("{ss ss sI}", "sha256", sha, "content_type", type, "size", (json_int_t)len);
        e = audit_append(cx, "consent.scan_store", "consent_scan", *id, d);
        json_decref(d);
    }
    return e;
}

static sg_err scan_row(sg_ctx *cx, int64_t id, char sha[CRYPTO_HEX_SHA256], char type[32], int64_t *size)
{
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT sha256, content_type, size FROM consent_scans WHERE id = ? AND setting_id = ?", &st);
    if (e)
        return e;
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, cx->setting_id);
    bool row;
    sha[0] = 0;
    if (!(e = store_step(st, &row)) && row) {
        snprintf(sha, CRYPTO_HEX_SHA256, "%s", store_col_text(st, 0));
        snprintf(type, 32, "%s", store_col_text(st, 1));
        *size = store_col_int(st, 2);
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    return sha[0] ? SG_OK : sg_fail(cx, SG_ENOTFOUND, "there is no scan %lld in this setting", (long long)id);
}

sg_err consent_scan_store(sg_ctx *cx, const void *data, size_t len, json_t **out)
{
    sg_err e = perm_require(cx, PERM_CONSENT_RECORD);
    if (e)
        return e;
    int64_t id = 0, size = 0;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    if ((e = store_end(cx->db, consent_scan_store_tx(cx, data, len, &id))))
        return e;
    char sha[CRYPTO_HEX_SHA256], type[32];
    if ((e = scan_row(cx, id, sha, type, &size)))
        return e;
    *out = json_pack("{sI ss ss sI}", "id", (json_int_t)id, "sha256", sha, "content_type", type, "size", (json_int_t)size);
    return SG_OK;
}

sg_err consent_scan_read(sg_ctx *cx, int64_t id, unsigned char **data, size_t *len, char *type)
{
    sg_err e = perm_require(cx, PERM_CONSENT_RECORD);
    if (e)
        return e;
    char sha[CRYPTO_HEX_SHA256], path[1200];
    int64_t size = 0;
    if ((e = scan_row(cx, id, sha, type, &size)))
        return e;
    scan_path(cx, sha, path, sizeof path, false);
    FILE *f = fopen(path, "rb");
    if (!f)
        return sg_fail(cx, SG_EIO, "the scan's file %s is missing", path);
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_state s;
    if ((e = load_key(cx, key))) {
        fclose(f);
        return e;
    }
    bool ok = fread(header, 1, sizeof header, f) == sizeof header &&
              crypto_secretstream_xchacha20poly1305_init_pull(&s, header, key) == 0;
    sodium_memzero(key, sizeof key);
    unsigned char *plain = malloc((size_t)size + 1);
    unsigned char *buf = malloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
    size_t got = 0;
    unsigned char tag = 0;
    ok = ok && plain && buf;
    while (ok && tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
        size_t n = fread(buf, 1, CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES, f);
        unsigned long long mlen = 0;
        ok = n > 0 && got + n - crypto_secretstream_xchacha20poly1305_ABYTES <= (size_t)size &&
             crypto_secretstream_xchacha20poly1305_pull(&s, plain + got, &mlen, &tag, buf, n, NULL, 0) == 0;
        got += (size_t)mlen;
    }
    fclose(f);
    free(buf);
    if (!ok || got != (size_t)size) {
        free(plain);
        return sg_fail(cx, SG_ECRYPTO, "scan %lld does not decrypt: the file was damaged or changed", (long long)id);
    }
    *data = plain;
    *len = got;
    return SG_OK;
}
