/* audit.c — the audit spine (REPORTING-01, DESIGN "The audit spine").
 *
 * One chain per setting. Event n carries prev_hash = hash of event n-1
 * (64 zeros for the first) and hash = SHA-256(prev_hash ‖ canonical(event)),
 * where canonical() is each field as "<length>:<bytes>" so that no two
 * different events share a canonical form. Editing, deleting, inserting or
 * reordering any event breaks a link that audit_verify() names.
 *
 * seq is gap-free under concurrent writers: the first statement of an
 * append is an UPDATE of the setting's row in audit_heads, which every
 * writer of that chain must take (a row lock in PostgreSQL; SQLite has one
 * writer at a time anyway), and which rolls back with the transaction.
 *
 * A hash chain alone can be recomputed by someone who rewrites the whole
 * database, so every checkpoint_every events — and on demand — the head is
 * signed with the data directory's Ed25519 key. A checkpoint copied
 * elsewhere (safeguard audit checkpoint) later proves the chain up to it
 * was not rewritten. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../auth/perm.h"
#include "../core/clock.h"
#include "../core/config.h"
#include "audit.h"

static const char ZERO_HASH[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void put_field(crypto_sha256 *h, const char *s)
{
    char len[24];
    size_t n = s ? strlen(s) : 0;
    int l = snprintf(len, sizeof len, "%zu:", n);
    crypto_sha256_update(h, len, (size_t)l);
    if (n)
        crypto_sha256_update(h, s, n);
}

static void put_int(crypto_sha256 *h, int64_t v)
{
    char b[24];
    snprintf(b, sizeof b, "%lld", (long long)v);
    put_field(h, b);
}

static void event_hash(const char *prev, int64_t setting_id, int64_t seq, int64_t at,
                       const char *actor, const char *action, const char *otype,
                       int64_t oid, bool oid_null, const char *detail,
                       char out[CRYPTO_HEX_SHA256])
{
    crypto_sha256 h;
    crypto_sha256_init(&h);
    crypto_sha256_update(&h, prev, strlen(prev));
    put_field(&h, "safeguard-audit-v1");
    put_int(&h, setting_id);
    put_int(&h, seq);
    put_int(&h, at);
    put_field(&h, actor);
    put_field(&h, action);
    put_field(&h, otype);
    if (oid_null)
        put_field(&h, "");
    else
        put_int(&h, oid);
    put_field(&h, detail);
    crypto_sha256_final_hex(&h, out);
}

static void checkpoint_message(char *buf, size_t len, int64_t setting_id, int64_t seq,
                               const char *hash, int64_t at)
{
    snprintf(buf, len, "safeguard-checkpoint-v1|%lld|%lld|%s|%lld", (long long)setting_id,
             (long long)seq, hash, (long long)at);
}

sg_err audit_chain_start(sg_ctx *cx, int64_t setting_id)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "INSERT INTO audit_heads (setting_id, seq, hash) VALUES (?, 0, ?)", &st);
    if (e)
        return sg_store(cx, e);
    bool row;
    store_bind_int(st, 1, setting_id);
    store_bind_text(st, 2, ZERO_HASH);
    e = store_step(st, &row);
    store_finalize(st);
    return sg_store(cx, e);
}

static sg_err write_checkpoint(sg_ctx *cx, int64_t seq, const char *hash, json_t **out)
{
    if (!cx->signer)
        return sg_fail(cx, SG_ECRYPTO, "no signing key loaded for audit checkpoints");
    int64_t at = clock_now();
    char msg[256], sig[129];
    checkpoint_message(msg, sizeof msg, cx->setting_id, seq, hash, at);
    crypto_sign_hex(cx->signer, msg, sig);
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
                             "INSERT INTO audit_checkpoints (setting_id, seq, hash, at, public_key, signature)"
                             " VALUES (?, ?, ?, ?, ?, ?)", &st);
    if (e)
        return sg_store(cx, e);
    bool row;
    store_bind_int(st, 1, cx->setting_id);
    store_bind_int(st, 2, seq);
    store_bind_text(st, 3, hash);
    store_bind_int(st, 4, at);
    store_bind_text(st, 5, cx->signer->pk_hex);
    store_bind_text(st, 6, sig);
    e = store_step(st, &row);
    store_finalize(st);
    if (e == SG_EEXISTS)
        e = SG_OK; /* this head was signed already */
    if (!e && out)
        *out = json_pack("{sI sI ss sI ss ss}", "setting_id", (json_int_t)cx->setting_id,
                         "seq", (json_int_t)seq, "hash", hash, "at", (json_int_t)at,
                         "public_key", cx->signer->pk_hex, "signature", sig);
    return sg_store(cx, e);
}

sg_err audit_append(sg_ctx *cx, const char *action, const char *object_type,
                    int64_t object_id, json_t *detail)
{
    if (!store_in_tx(cx->db))
        return sg_fail(cx, SG_EINTERNAL, "audit event %s outside a transaction", action);
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
                             "UPDATE audit_heads SET seq = seq + 1 WHERE setting_id = ? RETURNING seq, hash", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    bool row;
    int64_t seq = 0;
    char prev[CRYPTO_HEX_SHA256] = "";
    if (!(e = store_step(st, &row)) && row) {
        seq = store_col_int(st, 0);
        snprintf(prev, sizeof prev, "%s", store_col_text(st, 1));
    }
    store_finalize(st);
    if (e)
        return sg_store(cx, e);
    if (!row)
        return sg_fail(cx, SG_EINTERNAL, "setting %lld has no audit chain", (long long)cx->setting_id);

    json_t *empty = detail ? NULL : json_object();
    char *dtext = json_dumps(detail ? detail : empty, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    json_decref(empty);
    if (!dtext)
        return sg_fail(cx, SG_EINTERNAL, "cannot encode audit detail");
    int64_t at = clock_now();
    char hash[CRYPTO_HEX_SHA256];
    event_hash(prev, cx->setting_id, seq, at, cx->actor, action, object_type, object_id,
               object_id == 0, dtext, hash);

    e = store_prepare(cx->db,
                      "INSERT INTO audit_events (setting_id, seq, at, actor, action, object_type, object_id,"
                      " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st);
    if (!e) {
        store_bind_int(st, 1, cx->setting_id);
        store_bind_int(st, 2, seq);
        store_bind_int(st, 3, at);
        store_bind_text(st, 4, cx->actor);
        store_bind_text(st, 5, action);
        store_bind_text(st, 6, object_type);
        if (object_id)
            store_bind_int(st, 7, object_id);
        else
            store_bind_null(st, 7);
        store_bind_text(st, 8, dtext);
        store_bind_text(st, 9, prev);
        store_bind_text(st, 10, hash);
        e = store_step(st, &row);
        store_finalize(st);
    }
    free(dtext);
    if (!e && !(e = store_prepare(cx->db, "UPDATE audit_heads SET hash = ? WHERE setting_id = ?", &st))) {
        store_bind_text(st, 1, hash);
        store_bind_int(st, 2, cx->setting_id);
        e = store_step(st, &row);
        store_finalize(st);
    }
    if (e)
        return sg_store(cx, e);
    if (cx->cfg && cx->signer && seq % cx->cfg->checkpoint_every == 0)
        return write_checkpoint(cx, seq, hash, NULL);
    return SG_OK;
}

sg_err audit_checkpoint(sg_ctx *cx, json_t **out)
{
    sg_err e = perm_require(cx, PERM_AUDIT_CHECKPOINT);
    if (e)
        return e;
    if ((e = store_begin(cx->db)))
        return sg_store(cx, e);
    store_stmt *st;
    int64_t seq = 0;
    char hash[CRYPTO_HEX_SHA256] = "";
    bool row = false;
    /* Lock the head so no event slips in between reading and signing it. */
    if (!(e = store_prepare(cx->db,
                            "UPDATE audit_heads SET seq = seq WHERE setting_id = ? RETURNING seq, hash", &st))) {
        store_bind_int(st, 1, cx->setting_id);
        if (!(e = store_step(st, &row)) && row) {
            seq = store_col_int(st, 0);
            snprintf(hash, sizeof hash, "%s", store_col_text(st, 1));
        }
        store_finalize(st);
    }
    if (!e && !row)
        e = sg_fail(cx, SG_ENOTFOUND, "this setting has no audit chain");
    if (!e && seq == 0)
        e = sg_fail(cx, SG_ECONFLICT, "the audit log is empty; nothing to sign");
    if (!e)
        e = write_checkpoint(cx, seq, hash, out);
    return sg_store(cx, store_end(cx->db, e));
}

static sg_err broken(audit_report *r, int64_t setting, int64_t seq, const char *fmt, const char *a)
{
    r->bad_setting = setting;
    r->bad_seq = seq;
    snprintf(r->why, sizeof r->why, fmt, a ? a : "");
    return SG_ETAMPER;
}

/* Verify one setting's chain. */
static sg_err verify_chain(sg_ctx *cx, int64_t sid, json_t *held, audit_report *r)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db,
                             "SELECT seq, at, actor, action, object_type, object_id, detail, prev_hash, hash"
                             " FROM audit_events WHERE setting_id = ? ORDER BY seq", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, sid);
    char prev[CRYPTO_HEX_SHA256];
    snprintf(prev, sizeof prev, "%s", ZERO_HASH);
    int64_t expect = 1;
    bool row;
    /* Hashes at checkpointed seqs, to compare with the signed ones after. */
    json_t *seen = json_object();
    json_t *held_seq = held ? json_object_get(held, "seq") : NULL;
    int64_t want_seq = json_is_integer(held_seq) ? json_integer_value(held_seq) : 0;
    while (!(e = store_step(st, &row)) && row) {
        int64_t seq = store_col_int(st, 0);
        char seqs[24];
        snprintf(seqs, sizeof seqs, "%lld", (long long)seq);
        if (seq != expect) {
            store_finalize(st);
            json_decref(seen);
            char what[64];
            snprintf(what, sizeof what, "%lld", (long long)expect);
            return broken(r, sid, expect, seq > expect ? "event %s is missing (deleted)"
                                                       : "event %s appears out of order", what);
        }
        char hash[CRYPTO_HEX_SHA256];
        const char *stored_prev = store_col_text(st, 7), *stored_hash = store_col_text(st, 8);
        event_hash(prev, sid, seq, store_col_int(st, 1), store_col_text(st, 2),
                   store_col_text(st, 3), store_col_text(st, 4), store_col_int(st, 5),
                   store_col_null(st, 5), store_col_text(st, 6), hash);
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            store_finalize(st);
            json_decref(seen);
            return broken(r, sid, seq, "event does not link to the event before it%s", NULL);
        }
        if (!stored_hash || strcmp(stored_hash, hash) != 0) {
            store_finalize(st);
            json_decref(seen);
            return broken(r, sid, seq, "event was altered: its content does not match its hash%s", NULL);
        }
        snprintf(prev, sizeof prev, "%s", hash);
        json_object_set_new(seen, seqs, json_string(hash));
        r->events++;
        expect++;
    }
    store_finalize(st);
    if (e) {
        json_decref(seen);
        return sg_store(cx, e);
    }
    int64_t last = expect - 1;

    /* The head must agree: deleting the newest events leaves it ahead. */
    if (!(e = store_prepare(cx->db, "SELECT seq, hash FROM audit_heads WHERE setting_id = ?", &st))) {
        store_bind_int(st, 1, sid);
        if (!(e = store_step(st, &row))) {
            if (!row) {
                e = broken(r, sid, last, "the chain's head record is missing%s", NULL);
            } else if (store_col_int(st, 0) != last) {
                char n[24];
                snprintf(n, sizeof n, "%lld", (long long)(last + 1));
                e = broken(r, sid, last + 1, "event %s is missing (the newest events were deleted)", n);
            } else if (last > 0 && strcmp(store_col_text(st, 1), prev) != 0) {
                e = broken(r, sid, last, "the chain's head does not match the newest event%s", NULL);
            }
        }
        store_finalize(st);
    }
    if (e) {
        json_decref(seen);
        return e == SG_ETAMPER ? e : sg_store(cx, e);
    }

    /* Every signed checkpoint must verify and match the recomputed chain. */
    if (!(e = store_prepare(cx->db, "SELECT seq, hash, at, public_key, signature FROM audit_checkpoints"
                                    " WHERE setting_id = ? ORDER BY seq", &st))) {
        store_bind_int(st, 1, sid);
        while (!e && !(e = store_step(st, &row)) && row) {
            int64_t seq = store_col_int(st, 0);
            const char *hash = store_col_text(st, 1);
            char msg[256], seqs[24];
            checkpoint_message(msg, sizeof msg, sid, seq, hash, store_col_int(st, 2));
            snprintf(seqs, sizeof seqs, "%lld", (long long)seq);
            json_t *h = json_object_get(seen, seqs);
            if (!crypto_verify_hex(store_col_text(st, 3), msg, store_col_text(st, 4)))
                e = broken(r, sid, seq, "the signed checkpoint at this event has a bad signature%s", NULL);
            else if (cx->signer && strcmp(store_col_text(st, 3), cx->signer->pk_hex) != 0)
                e = broken(r, sid, seq, "a checkpoint is signed by a key this data directory does not hold%s", NULL);
            else if (!h || strcmp(json_string_value(h), hash) != 0)
                e = broken(r, sid, seq, "the chain was rewritten: it no longer matches its signed checkpoint%s", NULL);
            else
                r->checkpoints++;
        }
        store_finalize(st);
    }
    if (!e && held && json_integer_value(json_object_get(held, "setting_id")) == sid) {
        char seqs[24];
        snprintf(seqs, sizeof seqs, "%lld", (long long)want_seq);
        json_t *h = json_object_get(seen, seqs);
        const char *hh = json_string_value(json_object_get(held, "hash"));
        char msg[256];
        checkpoint_message(msg, sizeof msg, sid, want_seq, hh ? hh : "",
                           json_integer_value(json_object_get(held, "at")));
        const char *pk = json_string_value(json_object_get(held, "public_key"));
        const char *sig = json_string_value(json_object_get(held, "signature"));
        if (!hh || !pk || !sig || !crypto_verify_hex(pk, msg, sig))
            e = broken(r, sid, want_seq, "the checkpoint you hold is not validly signed%s", NULL);
        else if (!h || strcmp(json_string_value(h), hh) != 0)
            e = broken(r, sid, want_seq, "the chain no longer matches the checkpoint you hold%s", NULL);
        else
            r->checkpoints++;
    }
    json_decref(seen);
    r->settings++;
    return e == SG_ETAMPER || !e ? e : sg_store(cx, e);
}

sg_err audit_verify(sg_ctx *cx, int64_t setting_id, json_t *held, audit_report *r)
{
    memset(r, 0, sizeof *r);
    if (setting_id)
        return verify_chain(cx, setting_id, held, r);
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id FROM settings ORDER BY id", &st);
    if (e)
        return sg_store(cx, e);
    /* Read the ids first: a chain's verification runs its own queries. */
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    bool row;
    while (!(e = store_step(st, &row)) && row) {
        if (n == cap) {
            int64_t *more = realloc(ids, (cap = cap ? 2 * cap : 64) * sizeof *ids);
            if (!more) {
                e = sg_fail(cx, SG_EINTERNAL, "out of memory");
                break;
            }
            ids = more;
        }
        ids[n++] = store_col_int(st, 0);
    }
    store_finalize(st);
    e = sg_store(cx, e);
    for (size_t i = 0; !e && i < n; i++)
        e = verify_chain(cx, ids[i], held, r);
    free(ids);
    return e;
}

/* What an event's detail may show this caller: looked-after details only to
 * those who may see them on the child (PEOPLE-08), parents' contact details
 * only to those who may read parents. Edits keep the same keys. */
static void redact(const sg_ctx *cx, const char *otype, json_t *detail)
{
    static const char *const lac[] = {"social_worker", "local_authority", NULL};
    static const char *const contact[] = {"phone", "email", NULL};
    const char *const *hide = NULL;
    if (strcmp(otype, "child") == 0 && !perm_has(cx, PERM_CHILD_SENSITIVE))
        hide = lac;
    else if (strcmp(otype, "parent") == 0 && !perm_has(cx, PERM_PARENT_READ))
        hide = contact;
    for (int i = 0; hide && hide[i]; i++)
        if (json_object_get(detail, hide[i]))
            json_object_set_new(detail, hide[i], json_string("(withheld)"));
}

static json_t *event_json(const sg_ctx *cx, store_stmt *st)
{
    char at[21];
    clock_iso(store_col_int(st, 1), at);
    json_error_t jerr;
    const char *d = store_col_text(st, 6);
    json_t *detail = d ? json_loads(d, 0, &jerr) : NULL;
    if (detail)
        redact(cx, store_col_text(st, 4), detail);
    return json_pack("{sI ss ss ss ss so so ss}", "seq", (json_int_t)store_col_int(st, 0),
                     "at", at, "actor", store_col_text(st, 2), "action", store_col_text(st, 3),
                     "object_type", store_col_text(st, 4),
                     "object_id", store_col_null(st, 5) ? json_null() : json_integer(store_col_int(st, 5)),
                     "detail", detail ? detail : json_object(), "hash", store_col_text(st, 8));
}

/* Nobody reads the record of a concern about themselves: an observed breach
 * whose subject is the reader, and the findings it raised, are left out of
 * their audit listing as they are out of the breach list (PERSONAL-DEVICES-22;
 * scenario S-02's rule for concerns). Binds the reader's adult id twice. */
#define AUDIT_NOT_ABOUT_READER                                                                         \
    " AND NOT (object_type = 'breach' AND object_id IN (SELECT id FROM breaches WHERE subject_adult_id = ?))" \
    " AND NOT (object_type = 'finding' AND object_id IN (SELECT f.id FROM findings f JOIN breaches b"       \
    " ON f.subject_type = 'breach' AND b.id = f.subject_id WHERE b.subject_adult_id = ?))"

sg_err audit_list(sg_ctx *cx, const audit_filter *f, json_t **out)
{
    sg_err e = perm_require(cx, PERM_AUDIT_READ);
    if (e)
        return e;
    int limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50;
    char sql[1400];
    snprintf(sql, sizeof sql,
             "SELECT seq, at, actor, action, object_type, object_id, detail, prev_hash, hash"
             " FROM audit_events WHERE setting_id = ?%s%s%s%s%s%s%s%s ORDER BY seq DESC LIMIT ?",
             cx->actor_id > 0 ? AUDIT_NOT_ABOUT_READER : "",
             f->actor ? " AND actor = ?" : "",
             f->action ? (f->action[strlen(f->action) - 1] == '.' ? " AND substr(action, 1, ?) = ?"
                                                                   : " AND action = ?") : "",
             f->object_type ? " AND object_type = ?" : "",
             f->object_id ? " AND object_id = ?" : "",
             f->from ? " AND at >= ?" : "", f->to ? " AND at < ?" : "",
             f->before_seq ? " AND seq < ?" : "");
    store_stmt *st;
    if ((e = store_prepare(cx->db, sql, &st)))
        return sg_store(cx, e);
    int i = 1;
    store_bind_int(st, i++, cx->setting_id);
    if (cx->actor_id > 0) {
        store_bind_int(st, i++, cx->actor_id);
        store_bind_int(st, i++, cx->actor_id);
    }
    if (f->actor)
        store_bind_text(st, i++, f->actor);
    if (f->action) {
        if (f->action[strlen(f->action) - 1] == '.')
            store_bind_int(st, i++, (int64_t)strlen(f->action));
        store_bind_text(st, i++, f->action);
    }
    if (f->object_type)
        store_bind_text(st, i++, f->object_type);
    if (f->object_id)
        store_bind_int(st, i++, f->object_id);
    if (f->from)
        store_bind_int(st, i++, f->from);
    if (f->to)
        store_bind_int(st, i++, f->to);
    if (f->before_seq)
        store_bind_int(st, i++, f->before_seq);
    store_bind_int(st, i++, limit + 1);
    json_t *events = json_array();
    bool row;
    int n = 0;
    int64_t last_seq = 0;
    bool more = false;
    while (!(e = store_step(st, &row)) && row) {
        if (n == limit) {
            more = true;
            break;
        }
        last_seq = store_col_int(st, 0);
        json_array_append_new(events, event_json(cx, st));
        n++;
    }
    store_finalize(st);
    if (e) {
        json_decref(events);
        return sg_store(cx, e);
    }
    *out = json_pack("{so so}", "events", events,
                     "next_before_seq", more ? json_integer(last_seq) : json_null());
    return SG_OK;
}
