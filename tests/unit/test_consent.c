/* test_consent.c — consent_allows() over the matrix the issue names:
 * purpose × state (given, refused, missing, withdrawn, expired, superseded)
 * × restriction × looked-after (parent, carer, social worker, local
 * authority) × expiry × individual-only × left, plus the signing rules that
 * decide which decisions can exist at all, the batch form agreeing with the
 * single one, and the portal's scope. Each test names its requirement.
 *
 * The clock is pinned (clock_set) and TZ is UTC, so days and expiries are
 * exact. Decisions are made through the area's own functions, as the API
 * makes them, with a real scan stored under a real data key. */
#include <sys/stat.h>
#include <time.h>
#include "fixture.h"
#include "consent/consent.h"
#include "policy/policy.h"

#define T0 1772445600 /* 2026-03-02T10:00:00Z, a Monday */
#define DAY 86400

typedef struct {
    fixture *f;
    int64_t form, scan, child, mum, dad, gran;
} world;

static int64_t add_json(fixture *f, sg_err (*fn)(sg_ctx *, json_t *, int64_t *), const char *body)
{
    json_t *in = J(body);
    int64_t id = 0;
    assert_int_equal(store_begin(f->db), SG_OK);
    sg_err e = fn(&f->cx, in, &id);
    if (e)
        fail_msg("%s: %s", body, sg_msg(&f->cx, e));
    assert_int_equal(store_end(f->db, e), SG_OK);
    json_decref(in);
    return id;
}

static int64_t child(fixture *f, const char *first, bool looked_after)
{
    char body[300];
    snprintf(body, sizeof body, "{\"first_name\":\"%s\",\"last_name\":\"Test\",\"date_of_birth\":\"2023-01-10\","
             "\"start_date\":\"2025-09-01\",\"looked_after\":%s%s}", first, looked_after ? "true" : "false",
             looked_after ? ",\"social_worker\":\"Sam Worker\",\"local_authority\":\"Testshire\"" : "");
    return add_json(f, child_add_tx, body);
}

static int64_t contact(fixture *f, int64_t child_id, const char *first, const char *kind, bool pr)
{
    char body[300];
    snprintf(body, sizeof body, "{\"first_name\":\"%s\",\"last_name\":\"Test\"}", first);
    int64_t id = add_json(f, parent_add_tx, body);
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"relationship\":\"%s\",\"kind\":\"%s\","
             "\"parental_responsibility\":%s}", (long long)id, kind, kind, pr ? "true" : "false");
    json_t *in = J(body), *out = NULL;
    assert_int_equal(child_link_parent(&f->cx, child_id, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    return id;
}

/* Sign for child `c` as contact `signer` (0 and kind "young_person": the
 * child), with `decisions` JSON; returns the store's answer. */
static sg_err sign(world *w, int64_t c, int64_t signer, const char *kind, const char *decisions, const char *extra)
{
    char body[900];
    if (signer)
        snprintf(body, sizeof body, "{\"signer_id\":%lld,\"form_id\":%lld,\"scan_id\":%lld,\"signed_name\":\"A Signer\","
                 "\"decisions\":%s%s}", (long long)signer, (long long)w->form, (long long)w->scan, decisions,
                 extra ? extra : "");
    else
        snprintf(body, sizeof body, "{\"signer_kind\":\"%s\",\"form_id\":%lld,\"scan_id\":%lld,\"signed_name\":\"A Signer\","
                 "\"decisions\":%s%s}", kind, (long long)w->form, (long long)w->scan, decisions, extra ? extra : "");
    json_t *in = J(body), *out = NULL;
    sg_clear(&w->f->cx);
    sg_err e = consent_give(&w->f->cx, c, in, &out);
    json_decref(in);
    json_decref(out);
    return e;
}

static consent_state state_at(world *w, const char *type, int64_t id, const char *purpose, int64_t at)
{
    consent_answer a;
    sg_clear(&w->f->cx);
    sg_err e = consent_allows(&w->f->cx, type, id, purpose, at, &a);
    if (e)
        fail_msg("consent_allows(%s): %s", purpose, sg_msg(&w->f->cx, e));
    assert_int_equal(a.allowed, a.state == CONSENT_ALLOWED);
    assert_true(a.reason[0]);
    return a.state;
}

static consent_state state(world *w, int64_t c, const char *purpose) { return state_at(w, "child", c, purpose, clock_now()); }

static int64_t consent_id(world *w, int64_t c, const char *purpose, int64_t signer)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT id FROM consents WHERE subject_id = %lld AND purpose = '%s' AND signer_id = %lld"
             " AND superseded_at IS NULL", (long long)c, purpose, (long long)signer);
    return fixture_count(w->f, sql);
}

static int setup(void **state_)
{
    setenv("TZ", "UTC", 1);
    tzset();
    clock_set(T0);
    fixture_setup(state_);
    fixture *f = *state_;
    world *w = calloc(1, sizeof *w);
    w->f = f;
    /* The setting's data key, as `safeguard init` makes it. */
    char path[400];
    snprintf(f->cfg.data_dir, sizeof f->cfg.data_dir, "%s", f->dir);
    snprintf(path, sizeof path, "%s/keys", f->dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/keys/data.key", f->dir);
    assert_int_equal(crypto_key_create(path), SG_OK);
    json_t *form = NULL, *in = J("{\"title\":\"Images\",\"purposes\":["
        "{\"purpose\":\"journal\",\"text\":\"j\"},{\"purpose\":\"other_journals\",\"text\":\"o\"},"
        "{\"purpose\":\"display\",\"text\":\"d\"},{\"purpose\":\"public_display\",\"text\":\"pd\"},"
        "{\"purpose\":\"website\",\"text\":\"w\"},{\"purpose\":\"brochure\",\"text\":\"b\"},"
        "{\"purpose\":\"press\",\"text\":\"p\"},{\"purpose\":\"video\",\"text\":\"v\"},"
        "{\"purpose\":\"events\",\"text\":\"e\"},{\"purpose\":\"event_publicity\",\"text\":\"ep\"}]}");
    assert_int_equal(consent_form_publish(&f->cx, in, &form), SG_OK);
    w->form = json_integer_value(json_object_get(form, "id"));
    json_decref(form);
    json_decref(in);
    static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    json_t *scan = NULL;
    assert_int_equal(consent_scan_store(&f->cx, pdf, sizeof pdf - 1, &scan), SG_OK);
    w->scan = json_integer_value(json_object_get(scan, "id"));
    json_decref(scan);
    w->child = child(f, "Amira", false);
    w->mum = contact(f, w->child, "Mum", "parent", true);
    w->dad = contact(f, w->child, "Dad", "parent", true);
    w->gran = contact(f, w->child, "Gran", "parent", false);
    *state_ = w;
    return 0;
}

static int teardown(void **state_)
{
    world *w = *state_;
    void *f = w->f;
    free(w);
    clock_set(0);
    return fixture_teardown(&f);
}

static const char ALL_GIVEN[] = "{\"journal\":\"given\",\"other_journals\":\"given\",\"display\":\"given\","
    "\"public_display\":\"given\",\"website\":\"given\",\"brochure\":\"given\",\"press\":\"given\",\"video\":\"given\","
    "\"events\":\"given\",\"event_publicity\":\"given\"}";

static void test_missing_until_signed_CONSENT_01(void **s)
{
    world *w = *s;
    for (int p = 0; p < consent_npurposes; p++)
        assert_int_equal(state(w, w->child, consent_purposes[p].id), CONSENT_MISSING);
}

static void test_every_purpose_given_CONSENT_02(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, NULL), SG_OK);
    for (int p = 0; p < consent_npurposes; p++)
        assert_int_equal(state(w, w->child, consent_purposes[p].id), CONSENT_ALLOWED);
}

static void test_unknown_purpose_S07(void **s)
{
    world *w = *s;
    consent_answer a;
    assert_int_equal(consent_allows(&w->f->cx, "child", w->child, "injury record", T0, &a), SG_EPURPOSE);
    assert_int_equal(a.allowed, false);
    assert_int_equal(sign(w, w->child, w->mum, NULL, "{\"injury record\":\"given\"}", NULL), SG_EPURPOSE);
    assert_int_equal(fixture_count(w->f, "SELECT count(*) FROM consents"), 0);
}

static void test_some_uses_refused_CONSENT_09(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, "{\"journal\":\"given\",\"website\":\"refused\"}", NULL), SG_OK);
    assert_int_equal(state(w, w->child, "journal"), CONSENT_ALLOWED);
    assert_int_equal(state(w, w->child, "website"), CONSENT_REFUSED);
    assert_int_equal(state(w, w->child, "press"), CONSENT_MISSING);
    /* One holder of parental responsibility saying no is enough. */
    assert_int_equal(sign(w, w->child, w->dad, NULL, "{\"website\":\"given\",\"journal\":\"refused\"}", NULL), SG_OK);
    assert_int_equal(state(w, w->child, "website"), CONSENT_REFUSED);
    assert_int_equal(state(w, w->child, "journal"), CONSENT_REFUSED);
}

static void test_newer_decision_supersedes_CONSENT_04(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, "{\"website\":\"refused\"}", NULL), SG_OK);
    clock_set(T0 + 60);
    assert_int_equal(sign(w, w->child, w->mum, NULL, "{\"website\":\"given\"}", NULL), SG_OK);
    assert_int_equal(state(w, w->child, "website"), CONSENT_ALLOWED);
    /* Both rows are kept; at the earlier instant the refusal stood. */
    assert_int_equal(fixture_count(w->f, "SELECT count(*) FROM consents WHERE purpose = 'website'"), 2);
    assert_int_equal(state_at(w, "child", w->child, "website", T0 + 30), CONSENT_REFUSED);
}

static void test_restriction_overrides_every_consent_CONSENT_21(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, NULL), SG_OK);
    char body[200];
    snprintf(body, sizeof body, "{\"subject_type\":\"child\",\"subject_id\":%lld,\"reason\":\"fled abuse\"}",
             (long long)w->child);
    json_t *in = J(body), *out = NULL;
    assert_int_equal(restriction_set(&w->f->cx, in, &out), SG_OK);
    int64_t rid = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    for (int p = 0; p < consent_npurposes; p++)
        assert_int_equal(state(w, w->child, consent_purposes[p].id), CONSENT_RESTRICTED);
    /* Nobody reading the audit log learns the reason (PEOPLE-09). */
    assert_int_equal(fixture_count(w->f, "SELECT count(*) FROM audit_events WHERE detail LIKE '%fled%'"), 0);
    clock_set(T0 + 3600);
    in = J("{\"reason\":\"family moved on safely\"}");
    assert_int_equal(restriction_lift(&w->f->cx, rid, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(state(w, w->child, "website"), CONSENT_ALLOWED);
    assert_int_equal(state_at(w, "child", w->child, "website", T0 + 60), CONSENT_RESTRICTED);
}

static void test_looked_after_needs_social_worker_and_local_authority_CONSENT_05(void **s)
{
    world *w = *s;
    fixture *f = w->f;
    int64_t dylan = child(f, "Dylan", true);
    int64_t birth = contact(f, dylan, "Birth", "parent", true);
    int64_t carer = contact(f, dylan, "Carer", "carer", false);
    int64_t sw = contact(f, dylan, "Social", "social_worker", false);
    int64_t la = contact(f, dylan, "Authority", "local_authority", true);
    int64_t before = fixture_count(f, "SELECT count(*) FROM audit_events");
    assert_int_equal(sign(w, dylan, birth, NULL, ALL_GIVEN, NULL), SG_ELOOKEDAFTER);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_events"), before);
    assert_int_equal(state(w, dylan, "journal"), CONSENT_NEEDS_SOCIAL_WORKER);
    /* A carer's consent is kept but does not suffice. */
    assert_int_equal(sign(w, dylan, carer, NULL, ALL_GIVEN, NULL), SG_OK);
    assert_int_equal(state(w, dylan, "journal"), CONSENT_NEEDS_SOCIAL_WORKER);
    assert_int_equal(sign(w, dylan, sw, NULL, "{\"journal\":\"given\",\"website\":\"refused\"}", NULL), SG_OK);
    assert_int_equal(state(w, dylan, "journal"), CONSENT_NEEDS_LOCAL_AUTHORITY);
    assert_int_equal(state(w, dylan, "website"), CONSENT_REFUSED);
    assert_int_equal(sign(w, dylan, la, NULL, "{\"journal\":\"given\",\"website\":\"given\"}", NULL), SG_OK);
    assert_int_equal(state(w, dylan, "journal"), CONSENT_ALLOWED);
    assert_int_equal(state(w, dylan, "website"), CONSENT_REFUSED);
    assert_int_equal(state(w, dylan, "press"), CONSENT_NEEDS_SOCIAL_WORKER);
    /* Either one withdrawing ends it. */
    assert_int_equal(store_begin(f->db), SG_OK);
    assert_int_equal(store_end(f->db, consent_withdraw_tx(&f->cx, consent_id(w, dylan, "journal", la), "LA letter")), SG_OK);
    assert_int_equal(state(w, dylan, "journal"), CONSENT_WITHDRAWN);
    /* The social worker of a child who is not looked after cannot sign. */
    int64_t sw2 = contact(f, w->child, "Other", "social_worker", false);
    assert_int_equal(sign(w, w->child, sw2, NULL, ALL_GIVEN, NULL), SG_ENOPR);
}

static void test_expired_consent_is_not_consent_CONSENT_12(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, NULL), SG_OK); /* expires 2027-03-02 (CONFIG-09: 12) */
    assert_int_equal(state_at(w, "child", w->child, "website", T0 + 364 * DAY), CONSENT_ALLOWED);
    assert_int_equal(state_at(w, "child", w->child, "website", T0 + 365 * DAY), CONSENT_EXPIRED);
    /* The renewal interval is the setting's choice (CONFIG-09). */
    json_t *in = J("{\"consent.renewal_months\":6}"), *out = NULL;
    assert_int_equal(policy_set(&w->f->cx, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(sign(w, w->child, w->dad, NULL, "{\"press\":\"given\"}", NULL), SG_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM consents WHERE purpose = 'press' AND signer_id = %lld"
             " AND expires_on = '2026-09-02'", (long long)w->dad);
    assert_int_equal(fixture_count(w->f, sql), 1);
    /* An explicit expiry in the past is refused, nothing written. */
    assert_int_equal(sign(w, w->child, w->dad, NULL, "{\"video\":\"given\"}", ",\"expires_on\":\"2026-03-01\""),
                     SG_EEXPIRYPAST);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM consents WHERE purpose = 'video' AND signer_id = %lld",
             (long long)w->dad);
    assert_int_equal(fixture_count(w->f, sql), 0);
}

static void test_individual_photos_only_CONSENT_10(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, ",\"individual_only\":true"), SG_OK);
    assert_int_equal(state(w, w->child, "other_journals"), CONSENT_INDIVIDUAL_ONLY);
    assert_int_equal(state(w, w->child, "journal"), CONSENT_ALLOWED);
    /* CONFIG-10 "individual_on_request": other journals follow the own
     * journal when the form did not ask. */
    int64_t ben = child(w->f, "Ben", false);
    int64_t bmum = contact(w->f, ben, "BenMum", "parent", true);
    assert_int_equal(sign(w, ben, bmum, NULL, "{\"journal\":\"given\"}", NULL), SG_OK);
    assert_int_equal(state(w, ben, "other_journals"), CONSENT_MISSING);
    json_t *in = J("{\"consent.other_journals_default\":\"individual_on_request\"}"), *out = NULL;
    assert_int_equal(policy_set(&w->f->cx, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(state(w, ben, "other_journals"), CONSENT_ALLOWED);
    assert_int_equal(state(w, w->child, "other_journals"), CONSENT_INDIVIDUAL_ONLY);
}

static void test_withdrawal_takes_effect_at_once_CONSENT_11(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, NULL), SG_OK);
    int64_t id = consent_id(w, w->child, "website", w->mum);
    clock_set(T0 + 600);
    json_t *in = J("{\"reason\":\"letter from mother\"}"), *out = NULL;
    assert_int_equal(consent_withdraw(&w->f->cx, id, in, &out), SG_OK);
    json_decref(out);
    assert_int_equal(state(w, w->child, "website"), CONSENT_WITHDRAWN);
    assert_int_equal(state_at(w, "child", w->child, "website", T0 + 599), CONSENT_ALLOWED);
    assert_int_equal(state(w, w->child, "journal"), CONSENT_ALLOWED);
    int64_t before = fixture_count(w->f, "SELECT count(*) FROM audit_events");
    out = NULL;
    assert_int_equal(consent_withdraw(&w->f->cx, id, in, &out), SG_EWITHDRAWN);
    assert_null(out);
    json_decref(in);
    assert_int_equal(fixture_count(w->f, "SELECT count(*) FROM audit_events"), before);
    /* The event says whose image, which purpose and when (MEDIA-14). */
    assert_int_equal(fixture_count(w->f, "SELECT count(*) FROM audit_events WHERE action = 'consent.withdraw'"
                                         " AND detail LIKE '%\"purpose\":\"website\"%' AND detail LIKE '%\"child_id\":%'"
                                         " AND detail LIKE '%\"withdrawn_at\":\"2026-03-02T10:10:00Z\"%'"), 1);
}

static sg_err count_withdrawal(sg_ctx *cx, const consent_withdrawal *wd, void *arg)
{
    (void)cx;
    assert_string_equal(wd->purpose, "press");
    (*(int *)arg)++;
    return SG_OK;
}

static void test_withdrawn_since_for_the_media_cascade_CONSENT_11(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, NULL), SG_OK);
    clock_set(T0 + 100);
    assert_int_equal(store_begin(w->f->db), SG_OK);
    assert_int_equal(store_end(w->f->db, consent_withdraw_tx(&w->f->cx, consent_id(w, w->child, "press", w->mum), "asked")),
                     SG_OK);
    int n = 0;
    assert_int_equal(consent_withdrawn_since(&w->f->cx, T0 + 50, count_withdrawal, &n), SG_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(consent_withdrawn_since(&w->f->cx, T0 + 101, count_withdrawal, &n), SG_OK);
    assert_int_equal(n, 0);
}

static void test_left_child_LEFT_PEOPLE_07(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, NULL), SG_OK);
    json_t *in = J("{\"date\":\"2026-03-02\"}"), *out = NULL;
    assert_int_equal(child_end(&w->f->cx, w->child, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(state(w, w->child, "journal"), CONSENT_LEFT);
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, NULL), SG_ECONFLICT);
}

static void test_who_may_sign_PEOPLE_11(void **s)
{
    world *w = *s;
    int64_t before = fixture_count(w->f, "SELECT count(*) FROM audit_events");
    assert_int_equal(sign(w, w->child, w->gran, NULL, ALL_GIVEN, NULL), SG_ENOPR);
    int64_t other = child(w->f, "Other", false);
    int64_t stranger = contact(w->f, other, "Stranger", "parent", true);
    before = fixture_count(w->f, "SELECT count(*) FROM audit_events");
    assert_int_equal(sign(w, w->child, stranger, NULL, ALL_GIVEN, NULL), SG_ENOTFOUND);
    assert_int_equal(sign(w, w->child, w->mum, NULL, "{\"journal\":\"maybe\"}", NULL), SG_EINVAL);
    assert_int_equal(sign(w, w->child, w->mum, NULL, "{}", NULL), SG_EINVAL);
    char body[300];
    snprintf(body, sizeof body, "{\"signer_id\":%lld,\"form_id\":999,\"scan_id\":%lld,\"signed_name\":\"M\","
             "\"decisions\":{\"journal\":\"given\"}}", (long long)w->mum, (long long)w->scan);
    json_t *in = J(body), *out = NULL;
    assert_int_equal(consent_give(&w->f->cx, w->child, in, &out), SG_EFORM);
    json_decref(in);
    snprintf(body, sizeof body, "{\"signer_id\":%lld,\"form_id\":%lld,\"scan_id\":%lld,\"signed_name\":\"  \","
             "\"decisions\":{\"journal\":\"given\"}}", (long long)w->mum, (long long)w->form, (long long)w->scan);
    in = J(body);
    assert_int_equal(consent_give(&w->f->cx, w->child, in, &out), SG_EINVAL);
    assert_string_equal(w->f->cx.field, "signed_name");
    json_decref(in);
    assert_int_equal(fixture_count(w->f, "SELECT count(*) FROM audit_events"), before);
    assert_int_equal(fixture_count(w->f, "SELECT count(*) FROM consents"), 0);
}

static void test_young_person_after_dsl_check_CONSENT_07(void **s)
{
    world *w = *s;
    assert_int_equal(sign(w, w->child, 0, "young_person", "{\"journal\":\"given\"}", NULL), SG_ENOCHECK);
    json_t *in = J("{\"no_issues\":true}"), *out = NULL;
    sg_ctx mgr = fixture_as(w->f, w->f->manager_id);
    assert_int_equal(consent_young_person_check(&mgr, w->child, in, &out), SG_EFORBIDDEN); /* DSL only */
    assert_int_equal(consent_young_person_check(&w->f->cx, w->child, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(sign(w, w->child, 0, "young_person", "{\"journal\":\"given\"}", NULL), SG_OK);
    assert_int_equal(state(w, w->child, "journal"), CONSENT_ALLOWED);
}

static void test_adults_own_consent_and_restriction_CONSENT_08(void **s)
{
    world *w = *s;
    sg_ctx mgr = fixture_as(w->f, w->f->manager_id);
    assert_int_equal(state_at(w, "adult", w->f->manager_id, "press", T0), CONSENT_MISSING);
    json_t *in = J("{\"decisions\":{\"press\":\"refused\",\"website\":\"given\"},\"signed_name\":\"Mia Manager\"}");
    json_t *out = NULL;
    assert_int_equal(consent_give_own(&mgr, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(state_at(w, "adult", w->f->manager_id, "press", T0), CONSENT_REFUSED);
    assert_int_equal(state_at(w, "adult", w->f->manager_id, "website", T0), CONSENT_ALLOWED);
    char body[200];
    snprintf(body, sizeof body, "{\"subject_type\":\"adult\",\"subject_id\":%lld,\"reason\":\"private\"}",
             (long long)w->f->manager_id);
    in = J(body);
    assert_int_equal(restriction_set(&w->f->cx, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(state_at(w, "adult", w->f->manager_id, "website", T0), CONSENT_RESTRICTED);
}

/* The overview's batch answers exactly what the single call answers. */
static void test_batch_agrees_with_single_CONSENT_09(void **s)
{
    world *w = *s;
    fixture *f = w->f;
    int64_t dylan = child(f, "Dylan", true);
    int64_t sw = contact(f, dylan, "Social", "social_worker", false);
    int64_t ella = child(f, "Ella", false);
    int64_t emum = contact(f, ella, "EllaMum", "parent", true);
    assert_int_equal(sign(w, w->child, w->mum, NULL, ALL_GIVEN, ",\"individual_only\":true"), SG_OK);
    assert_int_equal(sign(w, w->child, w->dad, NULL, "{\"press\":\"refused\"}", NULL), SG_OK);
    assert_int_equal(sign(w, dylan, sw, NULL, ALL_GIVEN, NULL), SG_OK);
    assert_int_equal(sign(w, ella, emum, NULL, ALL_GIVEN, NULL), SG_OK);
    char body[200];
    snprintf(body, sizeof body, "{\"subject_type\":\"child\",\"subject_id\":%lld,\"reason\":\"r\"}", (long long)ella);
    json_t *in = J(body), *out = NULL;
    assert_int_equal(restriction_set(&f->cx, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    int64_t ids[] = {w->child, dylan, ella, 999};
    consent_answer ans[4 * 10];
    assert_int_equal(consent_npurposes, 10);
    for (int64_t at = T0; at <= T0 + 400 * DAY; at += 400 * DAY) {
        assert_int_equal(consent_allows_many(&f->cx, ids, 4, at, ans), SG_OK);
        for (int i = 0; i < 3; i++)
            for (int p = 0; p < consent_npurposes; p++)
                assert_int_equal(ans[i * 10 + p].state, state_at(w, "child", ids[i], consent_purposes[p].id, at));
        assert_false(ans[3 * 10].allowed); /* not of this setting */
    }
    assert_int_equal(ans[4].state, CONSENT_EXPIRED);  /* Amira's website, 400 days on */
}

/* A parent on the portal signs and sees only the children linked to them. */
static void test_portal_scope_S01_step6(void **s)
{
    world *w = *s;
    fixture *f = w->f;
    int64_t other = child(f, "Other", false);
    contact(f, other, "OtherMum", "parent", true);
    sg_ctx p = f->cx;
    p.operator_mode = false;
    p.roles = 0;
    p.parent_id = w->mum;
    snprintf(p.actor, sizeof p.actor, "parent:%lld", (long long)w->mum);
    char body[200];
    snprintf(body, sizeof body, "{\"form_id\":%lld,\"signed_name\":\"Mum Test\",\"decisions\":{\"website\":\"given\"}}",
             (long long)w->form);
    json_t *in = J(body), *out = NULL;
    assert_int_equal(consent_give(&p, other, in, &out), SG_ENOTFOUND);
    assert_int_equal(consent_give(&p, w->child, in, &out), SG_OK);
    json_decref(in);
    json_decref(out);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM consents WHERE channel = 'portal' AND scan_id IS NULL"), 1);
    assert_int_equal(consent_portal_children(&p, &out), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "children")), 1);
    json_decref(out);
    /* Another parent's child's consent is, to her, one that does not exist. */
    p.parent_id = w->gran + 100;
    in = J("{}");
    sg_clear(&p);
    assert_int_equal(consent_withdraw(&p, consent_id(w, w->child, "website", w->mum), in, &out), SG_ENOTFOUND);
    p.parent_id = w->mum;
    assert_int_equal(consent_withdraw(&p, consent_id(w, w->child, "website", w->mum), in, &out), SG_OK);
    json_decref(out);
    json_decref(in);
    assert_int_equal(state(w, w->child, "website"), CONSENT_WITHDRAWN);
}

/* A scan is stored encrypted, and only a PDF or image is accepted. */
static void test_scan_checked_by_content_and_encrypted(void **s)
{
    world *w = *s;
    json_t *out = NULL;
    assert_int_equal(consent_scan_store(&w->f->cx, "PK\3\4 a word file", 17, &out), SG_ENOTDOC);
    assert_int_equal(consent_scan_store(&w->f->cx, "%PDF-1.4 truncated with no trailer", 34, &out), SG_ENOTDOC);
    unsigned char *data = NULL;
    size_t len = 0;
    char type[32];
    assert_int_equal(consent_scan_read(&w->f->cx, w->scan, &data, &len, type), SG_OK);
    assert_string_equal(type, "application/pdf");
    assert_memory_equal(data, "%PDF-", 5);
    free(data);
    char cmd[500];
    snprintf(cmd, sizeof cmd, "grep -rqa '%%PDF' '%s/scans'", w->f->dir);
    assert_int_not_equal(system(cmd), 0); /* no plaintext at rest */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_missing_until_signed_CONSENT_01),
        T(test_every_purpose_given_CONSENT_02),
        T(test_unknown_purpose_S07),
        T(test_some_uses_refused_CONSENT_09),
        T(test_newer_decision_supersedes_CONSENT_04),
        T(test_restriction_overrides_every_consent_CONSENT_21),
        T(test_looked_after_needs_social_worker_and_local_authority_CONSENT_05),
        T(test_expired_consent_is_not_consent_CONSENT_12),
        T(test_individual_photos_only_CONSENT_10),
        T(test_withdrawal_takes_effect_at_once_CONSENT_11),
        T(test_withdrawn_since_for_the_media_cascade_CONSENT_11),
        T(test_left_child_LEFT_PEOPLE_07),
        T(test_who_may_sign_PEOPLE_11),
        T(test_young_person_after_dsl_check_CONSENT_07),
        T(test_adults_own_consent_and_restriction_CONSENT_08),
        T(test_batch_agrees_with_single_CONSENT_09),
        T(test_portal_scope_S01_step6),
        T(test_scan_checked_by_content_and_encrypted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
