/* crypto.h — the few cryptographic operations safeguard needs, all done by
 * libsodium: argon2id password hashes, random tokens, SHA-256 and Ed25519.
 * Nothing here is home-made. */
#ifndef SG_CRYPTO_H
#define SG_CRYPTO_H
#include <stdbool.h>
#include <stddef.h>
#include <sodium.h>
#include "err.h"

#define CRYPTO_TOKEN_LEN 44        /* base64url text of 32 random bytes, + NUL */
#define CRYPTO_HEX_SHA256 65       /* 64 hex digits + NUL */
#define CRYPTO_PWHASH_LEN crypto_pwhash_STRBYTES

sg_err crypto_init(void);
/* 32 random bytes as base64url text (no padding), with an optional prefix
 * such as "sgt_"; out must hold strlen(prefix) + CRYPTO_TOKEN_LEN. */
void crypto_token(const char *prefix, char *out);
void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_HEX_SHA256]);
/* Incremental SHA-256 for the audit chain. */
typedef crypto_hash_sha256_state crypto_sha256;
void crypto_sha256_init(crypto_sha256 *h);
void crypto_sha256_update(crypto_sha256 *h, const void *data, size_t len);
void crypto_sha256_final_hex(crypto_sha256 *h, char out[CRYPTO_HEX_SHA256]);
/* argon2id (PEOPLE-14, DATA-01). */
sg_err crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_LEN]);
bool crypto_password_ok(const char *hash, const char *password);
/* argon2id at a kiosk's cost for a short PIN (check with crypto_password_ok). */
sg_err crypto_pin_hash(const char *pin, char out[CRYPTO_PWHASH_LEN]);
/* Constant-time comparison of two equal-length strings. */
bool crypto_streq(const char *a, const char *b);

/* Ed25519 signing key kept in the data directory (audit checkpoints). */
typedef struct {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    char pk_hex[2 * crypto_sign_PUBLICKEYBYTES + 1];
} crypto_signer;
/* Create a new key pair file (mode 0600); fails if it exists. */
sg_err crypto_signer_create(const char *path);
sg_err crypto_signer_load(const char *path, crypto_signer *out);
/* Detached signature of msg as hex (out >= 129 bytes). */
void crypto_sign_hex(const crypto_signer *k, const char *msg, char out[129]);
bool crypto_verify_hex(const char *pk_hex, const char *msg, const char *sig_hex);
/* 32 random bytes written to a new file (mode 0600): the setting's data key. */
sg_err crypto_key_create(const char *path);
#endif
