/* crypto.c — thin wrappers over libsodium, plus key files. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "crypto.h"

sg_err crypto_init(void)
{
    return sodium_init() < 0 ? SG_ECRYPTO : SG_OK;
}

void crypto_token(const char *prefix, char *out)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    size_t pl = prefix ? strlen(prefix) : 0;
    if (pl)
        memcpy(out, prefix, pl);
    sodium_bin2base64(out + pl, CRYPTO_TOKEN_LEN, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_HEX_SHA256])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, CRYPTO_HEX_SHA256, h, sizeof h);
}

void crypto_sha256_init(crypto_sha256 *h) { crypto_hash_sha256_init(h); }

void crypto_sha256_update(crypto_sha256 *h, const void *data, size_t len)
{
    crypto_hash_sha256_update(h, data, len);
}

void crypto_sha256_final_hex(crypto_sha256 *h, char out[CRYPTO_HEX_SHA256])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(h, d);
    sodium_bin2hex(out, CRYPTO_HEX_SHA256, d, sizeof d);
}

sg_err crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_LEN])
{
    if (crypto_pwhash_str_alg(out, password, strlen(password),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return SG_ECRYPTO;
    return SG_OK;
}

/* A PIN has at most a million values, so no hash cost makes a stolen hash
 * safe; the lock-out after a few wrong tries is what protects it. The cost
 * is therefore kept low enough for a kiosk to answer at once (bench/). */
sg_err crypto_pin_hash(const char *pin, char out[CRYPTO_PWHASH_LEN])
{
    if (crypto_pwhash_str_alg(out, pin, strlen(pin), 2, 1024 * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return SG_ECRYPTO;
    return SG_OK;
}

bool crypto_password_ok(const char *hash, const char *password)
{
    if (!hash || !password)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool crypto_streq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}

static sg_err write_new_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return SG_EIO;
    ssize_t w = write(fd, data, len);
    int ok = (w == (ssize_t)len) && fsync(fd) == 0;
    if (close(fd) != 0)
        ok = 0;
    return ok ? SG_OK : SG_EIO;
}

sg_err crypto_signer_create(const char *path)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    sg_err e = write_new_file(path, sk, sizeof sk);
    sodium_memzero(sk, sizeof sk);
    return e;
}

sg_err crypto_signer_load(const char *path, crypto_signer *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return SG_EIO;
    size_t n = fread(out->sk, 1, sizeof out->sk, f);
    fclose(f);
    if (n != sizeof out->sk)
        return SG_ECRYPTO;
    crypto_sign_ed25519_sk_to_pk(out->pk, out->sk);
    sodium_bin2hex(out->pk_hex, sizeof out->pk_hex, out->pk, sizeof out->pk);
    return SG_OK;
}

void crypto_sign_hex(const crypto_signer *k, const char *msg, char out[129])
{
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), k->sk);
    sodium_bin2hex(out, 129, sig, sizeof sig);
}

bool crypto_verify_hex(const char *pk_hex, const char *msg, const char *sig_hex)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    size_t n;
    if (sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &n, NULL) != 0 || n != sizeof pk)
        return false;
    if (sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &n, NULL) != 0 || n != sizeof sig)
        return false;
    return crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), pk) == 0;
}

sg_err crypto_key_create(const char *path)
{
    unsigned char k[32];
    randombytes_buf(k, sizeof k);
    sg_err e = write_new_file(path, k, sizeof k);
    sodium_memzero(k, sizeof k);
    return e;
}
