/* import.c — class lists and staff lists from CSV (libcsv).
 *
 * The first row names the columns (any order; unknown names are refused so
 * a misspelt column is not silently dropped). Each row goes through the
 * same area functions as a single add, inside one transaction, each row in
 * its own savepoint so that every bad row can be reported, not just the
 * first. Any bad row rolls the whole file back: a half-imported class list
 * is worse than none.
 *
 * children: first_name, last_name, date_of_birth, room, key_person_email,
 *   start_date, looked_after, social_worker, local_authority,
 *   parent_first_name, parent_last_name, parent_email, parent_phone,
 *   parent_relationship, parent_responsibility
 * staff: first_name, last_name, email, phone, roles (separated by ';'),
 *   start_date, line_manager_email */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../audit/audit.h"
#include "../auth/perm.h"
#include "../core/config.h"
#include "people.h"

static const char *const child_cols[] = {
    "first_name", "last_name", "date_of_birth", "room", "key_person_email", "start_date",
    "looked_after", "social_worker", "local_authority", "parent_first_name", "parent_last_name",
    "parent_email", "parent_phone", "parent_relationship", "parent_responsibility", NULL,
};
static const char *const staff_cols[] = {
    "first_name", "last_name", "email", "phone", "roles", "start_date", "line_manager_email", NULL,
};

typedef struct {
    json_t *rows;   /* array of arrays of strings */
    json_t *cur;
} csv_acc;

static void on_field(void *s, size_t len, void *data)
{
    csv_acc *a = data;
    if (!a->cur)
        a->cur = json_array();
    /* An empty cell comes as NULL: it means "not given". */
    json_t *v = s ? json_stringn(s, len) : json_string("");
    if (!v) /* not UTF-8 */
        v = json_string("\xEF\xBF\xBD (not UTF-8 text)");
    json_array_append_new(a->cur, v);
}

static void on_row(int c, void *data)
{
    (void)c;
    csv_acc *a = data;
    if (!a->cur)
        a->cur = json_array();
    json_array_append_new(a->rows, a->cur);
    a->cur = NULL;
}

/* The value of column `name` in row r (borrowed; NULL when absent/blank). */
static const char *col(json_t *hdr, json_t *r, const char *name)
{
    size_t i;
    json_t *h;
    json_array_foreach(hdr, i, h) {
        if (strcmp(json_string_value(h), name) == 0) {
            const char *v = json_string_value(json_array_get(r, i));
            while (v && *v == ' ')
                v++;
            return v && *v ? v : NULL;
        }
    }
    return NULL;
}

static sg_err yes_no(sg_ctx *cx, const char *v, const char *field, bool dflt, bool *out)
{
    if (!v) {
        *out = dflt;
        return SG_OK;
    }
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "y") || !strcasecmp(v, "true") || !strcmp(v, "1"))
        *out = true;
    else if (!strcasecmp(v, "no") || !strcasecmp(v, "n") || !strcasecmp(v, "false") || !strcmp(v, "0"))
        *out = false;
    else
        return sg_fail_field(cx, SG_EINVAL, field, "%s must be yes or no", field);
    return SG_OK;
}

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v)
        json_object_set_new(o, k, json_string(v));
}

static sg_err room_by_name(sg_ctx *cx, const char *name, int64_t *id)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id FROM rooms WHERE setting_id = ? AND lower(name) = lower(?)"
                                     " AND ended_on IS NULL", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, name);
    bool found = false;
    e = sg_store(cx, store_one_int(st, id, &found));
    store_finalize(st);
    if (!e && !found)
        e = sg_fail_field(cx, SG_EINVAL, "room", "there is no open room called '%.80s'", name);
    return e;
}

static sg_err parent_by_email(sg_ctx *cx, const char *email, int64_t *id, bool *found)
{
    store_stmt *st;
    sg_err e = store_prepare(cx->db, "SELECT id FROM parents WHERE setting_id = ? AND lower(email) = lower(?)"
                                     " AND ended_on IS NULL ORDER BY id LIMIT 1", &st);
    if (e)
        return sg_store(cx, e);
    store_bind_int(st, 1, cx->setting_id);
    store_bind_text(st, 2, email);
    e = sg_store(cx, store_one_int(st, id, found));
    store_finalize(st);
    return e;
}

static sg_err child_row(sg_ctx *cx, json_t *hdr, json_t *r)
{
    json_t *in = json_object();
    sg_err e = SG_OK;
    int64_t ref = 0, cid = 0;
    bool la = false;
    set_str(in, "first_name", col(hdr, r, "first_name"));
    set_str(in, "last_name", col(hdr, r, "last_name"));
    set_str(in, "date_of_birth", col(hdr, r, "date_of_birth"));
    set_str(in, "start_date", col(hdr, r, "start_date"));
    set_str(in, "social_worker", col(hdr, r, "social_worker"));
    set_str(in, "local_authority", col(hdr, r, "local_authority"));
    const char *room = col(hdr, r, "room"), *kp = col(hdr, r, "key_person_email");
    if (room && !(e = room_by_name(cx, room, &ref)))
        json_object_set_new(in, "room_id", json_integer(ref));
    if (!e && kp) {
        if ((e = adult_by_email(cx, kp, &ref)))
            e = sg_fail_field(cx, SG_EINVAL, "key_person_email", "no adult here has the e-mail %.120s", kp);
        else
            json_object_set_new(in, "key_person_id", json_integer(ref));
    }
    if (!e && !(e = yes_no(cx, col(hdr, r, "looked_after"), "looked_after", false, &la)) && la)
        json_object_set_new(in, "looked_after", json_true());
    if (!e)
        e = child_add_tx(cx, in, &cid);
    json_decref(in);
    const char *pf = col(hdr, r, "parent_first_name"), *pl = col(hdr, r, "parent_last_name");
    const char *pe = col(hdr, r, "parent_email");
    if (e || (!pf && !pl && !pe))
        return e;
    int64_t pid = 0;
    bool found = false;
    if (pe && (e = parent_by_email(cx, pe, &pid, &found)))
        return e;
    if (!found) {
        json_t *p = json_object();
        set_str(p, "first_name", pf);
        set_str(p, "last_name", pl);
        set_str(p, "email", pe);
        set_str(p, "phone", col(hdr, r, "parent_phone"));
        e = parent_add_tx(cx, p, &pid);
        json_decref(p);
        if (e) {
            /* name the CSV column, not the record field */
            char f[64];
            snprintf(f, sizeof f, "parent_%.40s", cx->field);
            snprintf(cx->field, sizeof cx->field, "%s", f);
            return e;
        }
    }
    bool pr = true;
    if ((e = yes_no(cx, col(hdr, r, "parent_responsibility"), "parent_responsibility", true, &pr)))
        return e;
    const char *rel = col(hdr, r, "parent_relationship");
    json_t *link = json_pack("{sI ss sb}", "parent_id", (json_int_t)pid, "relationship", rel ? rel : "parent",
                             "parental_responsibility", pr);
    int64_t lid;
    e = child_link_parent_tx(cx, cid, link, &lid);
    json_decref(link);
    return e;
}

static sg_err staff_row(sg_ctx *cx, json_t *hdr, json_t *r)
{
    json_t *in = json_object();
    sg_err e = SG_OK;
    set_str(in, "first_name", col(hdr, r, "first_name"));
    set_str(in, "last_name", col(hdr, r, "last_name"));
    set_str(in, "email", col(hdr, r, "email"));
    set_str(in, "phone", col(hdr, r, "phone"));
    set_str(in, "start_date", col(hdr, r, "start_date"));
    const char *roles = col(hdr, r, "roles"), *lm = col(hdr, r, "line_manager_email");
    json_t *list = json_array();
    if (roles) {
        char *copy = strdup(roles), *save = NULL;
        for (char *t = strtok_r(copy, ";|", &save); t; t = strtok_r(NULL, ";|", &save)) {
            while (*t == ' ')
                t++;
            size_t n = strlen(t);
            while (n && t[n - 1] == ' ')
                t[--n] = 0;
            if (*t)
                json_array_append_new(list, json_string(t));
        }
        free(copy);
    }
    json_object_set_new(in, "roles", list);
    int64_t ref = 0, id = 0;
    if (lm) {
        if ((e = adult_by_email(cx, lm, &ref)))
            e = sg_fail_field(cx, SG_EINVAL, "line_manager_email", "no adult here has the e-mail %.120s (list line managers first)", lm);
        else
            json_object_set_new(in, "line_manager_id", json_integer(ref));
    }
    if (!e)
        e = adult_add_tx(cx, in, &id);
    json_decref(in);
    return e;
}

static sg_err parse(sg_ctx *cx, const char *data, size_t len, json_t **rows)
{
    struct csv_parser p;
    csv_acc a = {json_array(), NULL};
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
        json_decref(a.rows);
        return sg_fail(cx, SG_EINTERNAL, "cannot start the CSV parser");
    }
    /* A UTF-8 byte-order mark, as spreadsheet programs write, is skipped. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    sg_err e = SG_OK;
    if (csv_parse(&p, data, len, on_field, on_row, &a) != len || csv_fini(&p, on_field, on_row, &a) != 0)
        e = sg_fail(cx, SG_EIMPORT, "the file is not valid CSV: %s (after row %zu)", csv_strerror(csv_error(&p)),
                    json_array_size(a.rows));
    csv_free(&p);
    json_decref(a.cur);
    if (e) {
        json_decref(a.rows);
        return e;
    }
    *rows = a.rows;
    return SG_OK;
}

static sg_err check_header(sg_ctx *cx, json_t *hdr, const char *const *cols)
{
    size_t i;
    json_t *h;
    json_array_foreach(hdr, i, h) {
        const char *name = json_string_value(h);
        bool ok = false;
        for (int c = 0; name && cols[c] && !ok; c++)
            ok = strcmp(cols[c], name) == 0;
        if (!ok)
            return sg_fail(cx, SG_EIMPORT, "column %zu of the first row, '%.60s', is not a column this import knows",
                           i + 1, name ? name : "");
    }
    return SG_OK;
}

sg_err import_csv(sg_ctx *cx, const char *kind, const char *data, size_t len, bool dry_run,
                  import_progress progress, json_t **out)
{
    bool children = strcmp(kind, "children") == 0;
    if (!children && strcmp(kind, "staff") != 0)
        return sg_fail(cx, SG_ENOTFOUND, "imports are of children or staff");
    sg_err e = perm_require(cx, PERM_IMPORT);
    if (e)
        return e;
    json_t *rows = NULL;
    if ((e = parse(cx, data, len, &rows)))
        return e;
    json_t *hdr = json_array_get(rows, 0);
    size_t total = json_array_size(rows) ? json_array_size(rows) - 1 : 0;
    int max = cx->cfg ? cx->cfg->import_max_rows : 5000;
    if (!hdr)
        e = sg_fail(cx, SG_EIMPORT, "the file is empty; the first row must name the columns");
    else if (total == 0)
        e = sg_fail(cx, SG_EIMPORT, "the file has a header row but no rows to import");
    else if (total > (size_t)max)
        e = sg_fail(cx, SG_EIMPORT, "the file has %zu rows; at most %d can be imported at once", total, max);
    else
        e = check_header(cx, hdr, children ? child_cols : staff_cols);
    if (e || (e = store_begin(cx->db))) {
        json_decref(rows);
        return sg_store(cx, e);
    }
    json_t *bad = json_array();
    for (size_t i = 1; !e && i <= total; i++) {
        json_t *r = json_array_get(rows, i);
        if ((e = store_exec(cx->db, "SAVEPOINT import_row")))
            break;
        sg_clear(cx);
        sg_err re = json_array_size(r) != json_array_size(hdr)
                        ? sg_fail(cx, SG_EINVAL, "the row has %zu columns; the header has %zu",
                                  json_array_size(r), json_array_size(hdr))
                        : children ? child_row(cx, hdr, r) : staff_row(cx, hdr, r);
        if (re) {
            json_t *b = json_pack("{sI ss}", "row", (json_int_t)(i + 1), "message", sg_msg(cx, re));
            if (cx->field[0])
                json_object_set_new(b, "field", json_string(cx->field));
            json_array_append_new(bad, b);
            e = store_exec(cx->db, "ROLLBACK TO SAVEPOINT import_row");
        }
        if (!e)
            e = store_exec(cx->db, "RELEASE SAVEPOINT import_row");
        if (progress)
            progress((int)i, (int)total, NULL);
    }
    sg_clear(cx);
    char sha[CRYPTO_HEX_SHA256];
    crypto_sha256_hex(data, len, sha);
    json_t *report = json_pack("{ss sI sI sb so}", "kind", kind, "rows", (json_int_t)total,
                               "bad_rows", (json_int_t)json_array_size(bad), "dry_run", dry_run, "errors", bad);
    if (!e && json_array_size(bad) > 0) {
        e = sg_fail(cx, SG_EIMPORT, "%zu of %zu rows are bad; nothing was saved", json_array_size(bad), total);
        cx->err_detail = json_incref(report);
    }
    if (!e && !dry_run) {
        json_t *d = json_pack("{sI ss}", "rows", (json_int_t)total, "sha256", sha);
        e = audit_append(cx, children ? "import.children" : "import.staff", "import", 0, d);
        json_decref(d);
    }
    if (!e && dry_run)
        store_rollback(cx->db);  /* a preview saves nothing */
    e = store_end(cx->db, sg_store(cx, e));
    json_decref(rows);
    if (e) {
        json_decref(report);
        return e;
    }
    json_object_set_new(report, "imported", json_integer(dry_run ? 0 : (json_int_t)total));
    *out = report;
    return SG_OK;
}
