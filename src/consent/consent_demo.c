/* consent_demo.c — the demo pre-school's consent: form version 1 asking
 * about every purpose; each family's signed paper form (a small generated
 * PDF standing in for the scan) with a realistic mix of answers; the
 * looked-after child Reggie with his social worker's consent recorded and
 * the local authority's still missing (scenario S-07's Dylan); a DSL's
 * "no images" restriction on one child; one "individual photos only"; one
 * website consent withdrawn; one family whose consent falls due for
 * renewal soon; a few children whose forms have not come back; and some
 * staff's own image consent.
 *
 * Everything goes through the functions the API calls (*_tx), so the same
 * rules and audit events apply, in one transaction. The mix is a function
 * of each child's position in the register, so the demo is the same every
 * time it is built. */
#include <stdio.h>
#include <string.h>
#include "../core/clock.h"
#include "../people/people.h"
#include "consent.h"

static const char *const texts[] = {
    "Photographs and short notes of your child at play, kept in their own learning journal, which you can see.",
    "Your child may appear in the background of another child's learning journal, which that child's family sees. "
    "Ask for \"individual photos only\" if you would rather they did not.",
    "Photographs on the walls and in the scrapbooks inside the pre-school, seen by children, staff and families.",
    "Photographs on the display board in the entrance hall, which visitors and passers-by can see.",
    "Photographs on the pre-school's website. We never put a child's full name beside a photograph.",
    "Photographs in the printed brochure we give to families thinking of joining us.",
    "Photographs taken by the local newspaper when it visits, which it may print and put online.",
    "Short video clips for your child's learning journal.",
    "Photographs and filming at special events such as the Christmas concert and sports day.",
    "Photographs of special events used in our newsletters and publicity.",
};

/* A signed form, scanned: a minimal PDF naming the child, so each scan is
 * its own file. */
static sg_err scan_for(sg_ctx *cx, const char *child, int64_t *scan_id)
{
    char pdf[400];
    int n = snprintf(pdf, sizeof pdf,
                     "%%PDF-1.4\n%% Hollybrook Forest Pre-School consent form v1, signed, for %s\n"
                     "1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n", child);
    return consent_scan_store_tx(cx, pdf, (size_t)n, scan_id);
}

/* Add a contact and link them to the child as `kind`. */
static sg_err official(sg_ctx *cx, int64_t child_id, const char *first, const char *last, const char *email,
                       const char *relationship, const char *kind, int64_t *parent_id)
{
    json_t *p = json_pack("{ss ss ss}", "first_name", first, "last_name", last, "email", email);
    sg_err e = parent_add_tx(cx, p, parent_id);
    json_decref(p);
    int64_t link = 0;
    json_t *l = json_pack("{sI ss sb sb ss}", "parent_id", (json_int_t)*parent_id, "relationship", relationship,
                          "parental_responsibility", !strcmp(kind, "local_authority"), "may_consent",
                          !strcmp(kind, "local_authority"), "kind", kind);
    if (!e)
        e = child_link_parent_tx(cx, child_id, l, &link);
    json_decref(l);
    return e;
}

static sg_err sign(sg_ctx *cx, int64_t child_id, int64_t signer_id, int64_t form_id, int64_t scan_id,
                   const char *signed_name, const char *signed_on, json_t *decisions, bool individual_only,
                   json_t *ids)
{
    json_t *in = json_pack("{sI sI sO ss ss sb sI}", "signer_id", (json_int_t)signer_id, "form_id", (json_int_t)form_id,
                           "decisions", decisions, "signed_name", signed_name, "signed_on", signed_on,
                           "individual_only", individual_only, "scan_id", (json_int_t)scan_id);
    sg_err e = consent_give_tx(cx, child_id, in, ids);
    json_decref(in);
    return e;
}

static json_t *all(const char *decision)
{
    json_t *d = json_object();
    for (int p = 0; p < consent_npurposes; p++)
        json_object_set_new(d, consent_purposes[p].id, json_string(decision));
    return d;
}

static sg_err families(sg_ctx *cx, int64_t form_id, const char *today)
{
    /* Each child with the first linked contact who may consent for them. */
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT c.id, c.first_name, c.last_name, c.looked_after,"
                                   " (SELECT l.parent_id FROM child_parents l WHERE l.child_id = c.id"
                                   "  AND l.parental_responsibility = 1 AND l.may_consent = 1 AND l.kind = 'parent'"
                                   "  ORDER BY l.id LIMIT 1),"
                                   " (SELECT p.first_name || ' ' || p.last_name FROM child_parents l JOIN parents p"
                                   "  ON p.id = l.parent_id WHERE l.child_id = c.id AND l.parental_responsibility = 1"
                                   "  AND l.may_consent = 1 AND l.kind = 'parent' ORDER BY l.id LIMIT 1)"
                                   " FROM children c WHERE c.setting_id = ? ORDER BY c.id", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    json_t *kids = json_array();
    bool row;
    while (!(e = store_step(st, &row)) && row)
        json_array_append_new(kids, json_pack("{sI ss ss sb sI ss}", "id", (json_int_t)store_col_int(st, 0), "first",
                                              store_col_text(st, 1), "last", store_col_text(st, 2), "looked_after",
                                              (int)store_col_int(st, 3), "signer",
                                              (json_int_t)(store_col_null(st, 4) ? 0 : store_col_int(st, 4)), "signer_name",
                                              store_col_null(st, 5) ? "" : store_col_text(st, 5)));
    store_finalize(st);
    e = sg_store(cx, e);
    char recent[11], old[11];
    consent_add_months(today, -2, recent);
    /* Signed eleven months and ten days ago: renewal falls due within the
     * reminder window (CONSENT-03). */
    consent_add_months(today, -11, old);
    consent_add_days(old, -10, old);
    size_t i;
    json_t *k;
    json_array_foreach(kids, i, k) {
        if (e)
            break;
        int64_t child = json_integer_value(json_object_get(k, "id"));
        const char *first = json_string_value(json_object_get(k, "first"));
        char name[170];
        snprintf(name, sizeof name, "%s %s", first, json_string_value(json_object_get(k, "last")));
        if (json_is_true(json_object_get(k, "looked_after"))) {
            /* Reggie: the social worker has signed, the local authority
             * not yet; the foster carer's own form is kept too. */
            int64_t sw = 0, la = 0, scan = 0;
            if ((e = official(cx, child, "Joanne", "Pryce", "joanne.pryce@hollybrook-council.example",
                              "social worker", "social_worker", &sw)) ||
                (e = official(cx, child, "Martin", "Achebe", "corporate.parenting@hollybrook-council.example",
                              "local authority (corporate parent)", "local_authority", &la)) ||
                (e = scan_for(cx, name, &scan)))
                break;
            json_t *d = json_pack("{ss ss ss ss ss}", "journal", "given", "other_journals", "given", "display", "given",
                                  "events", "given", "website", "refused");
            e = sign(cx, child, sw, form_id, scan, "Joanne Pryce", recent, d, false, NULL);
            json_decref(d);
            continue;
        }
        int64_t signer = json_integer_value(json_object_get(k, "signer"));
        if (!signer || i % 9 == 8)
            continue; /* this family's form has not come back yet */
        int64_t scan = 0;
        if ((e = scan_for(cx, name, &scan)))
            break;
        json_t *d = all("given");
        if (i % 5 == 2) { /* no public uses */
            json_object_set_new(d, "website", json_string("refused"));
            json_object_set_new(d, "public_display", json_string("refused"));
            json_object_set_new(d, "brochure", json_string("refused"));
        }
        if (i % 4 == 1)
            json_object_set_new(d, "press", json_string("refused"));
        json_t *ids = json_object();
        e = sign(cx, child, signer, form_id, scan, json_string_value(json_object_get(k, "signer_name")),
                 i == 3 ? old : recent, d, i == 6, ids);
        json_decref(d);
        /* One mother has since withdrawn website consent (CONSENT-11). */
        if (!e && i == 10 && json_object_get(ids, "website"))
            e = consent_withdraw_tx(cx, json_integer_value(json_object_get(ids, "website")),
                                    "Letter from the mother asking for no photos on the website");
        json_decref(ids);
    }
    json_decref(kids);
    return e;
}

/* The DSL's restriction: a family who fled domestic abuse (PEOPLE-09). */
static sg_err restriction(sg_ctx *cx)
{
    int64_t child = 0, id = 0;
    store_stmt *st;
    sg_err e = consent_prepare(cx, "SELECT id FROM children WHERE setting_id = ? AND first_name = 'Lily-Rose'", &st);
    if (e)
        return e;
    store_bind_int(st, 1, cx->setting_id);
    e = sg_store(cx, store_one_int(st, &child, NULL));
    store_finalize(st);
    if (e || !child)
        return e;
    json_t *in = json_pack("{ss sI ss}", "subject_type", "child", "subject_id", (json_int_t)child, "reason",
                           "Mother and child are in a refuge after domestic abuse; the father must not learn where "
                           "they are. No images at all, never published.");
    e = restriction_set_tx(cx, in, &id);
    json_decref(in);
    return e;
}

/* Some staff's own image consent (CONSENT-08). */
static sg_err staff(sg_ctx *cx)
{
    static const struct {
        const char *email;
        bool press;
    } who[] = {
        {"priya.mistry@hollybrook.example", true},
        {"aisha.rahman@hollybrook.example", true},
        {"chloe.bennett@hollybrook.example", true},
        {"tomasz.nowak@hollybrook.example", false},
    };
    sg_err e = SG_OK;
    for (size_t i = 0; !e && i < sizeof who / sizeof who[0]; i++) {
        int64_t id = 0;
        if ((e = adult_by_email(cx, who[i].email, &id)))
            break;
        store_stmt *st;
        char name[170] = "";
        if ((e = consent_prepare(cx, "SELECT first_name || ' ' || last_name FROM adults WHERE id = ?", &st)))
            break;
        store_bind_int(st, 1, id);
        bool row;
        if (!(e = sg_store(cx, store_step(st, &row))) && row)
            snprintf(name, sizeof name, "%s", store_col_text(st, 0));
        store_finalize(st);
        json_t *d = all("given");
        if (!who[i].press)
            json_object_set_new(d, "press", json_string("refused"));
        json_t *in = json_pack("{so ss}", "decisions", d, "signed_name", name);
        if (!e)
            e = consent_give_own_tx(cx, id, in);
        json_decref(in);
    }
    return e;
}

sg_err consent_demo(sg_ctx *cx)
{
    char today[11];
    consent_date(clock_now(), today);
    json_t *ps = json_array();
    for (int p = 0; p < consent_npurposes; p++)
        json_array_append_new(ps, json_pack("{ss ss}", "purpose", consent_purposes[p].id, "text", texts[p]));
    json_t *form = json_pack("{ss ss so}", "title", "Photographs, video and your child",
                             "intro", "We only take photographs on the pre-school's own tablets and cameras, and only "
                             "for the uses you agree to below. You can change your mind at any time.", "purposes", ps);
    int64_t form_id = 0;
    sg_err e = store_begin(cx->db);
    if (e) {
        json_decref(form);
        return sg_store(cx, e);
    }
    e = consent_form_publish_tx(cx, form, &form_id);
    json_decref(form);
    if (!e)
        e = families(cx, form_id, today);
    if (!e)
        e = restriction(cx);
    if (!e)
        e = staff(cx);
    return store_end(cx->db, e);
}
