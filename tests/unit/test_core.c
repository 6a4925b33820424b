/* test_core.c — dates, field validation, the permission table, tokens and
 * password hashes. */
#include "testlib.h"
#include "auth/perm.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/fields.h"

static void test_dates(void **state)
{
    (void)state;
    assert_true(date_valid("2024-02-29"));
    assert_false(date_valid("2023-02-29"));
    assert_false(date_valid("2023-13-01"));
    assert_false(date_valid("2023-1-01"));
    assert_false(date_valid("2023-01-01x"));
    assert_int_equal(date_months_between("2022-03-15", "2024-03-14"), 23);
    assert_int_equal(date_months_between("2022-03-15", "2024-03-15"), 24);
    int64_t t;
    assert_true(clock_parse_iso("2026-11-25T10:00:00Z", &t));
    char iso[21];
    clock_iso(t, iso);
    assert_string_equal(iso, "2026-11-25T10:00:00Z");
    assert_false(clock_parse_iso("2026-11-25 10:00", &t));
    clock_set(1700000000);
    assert_int_equal(clock_now(), 1700000000);
    clock_set(0);
}

static const char *const colours[] = {"red", "blue", NULL};
static const field_spec spec[] = {
    {"name", F_TEXT, 10, F_REQUIRED},
    {"when", F_DATE, 0, 0},
    {"ref_id", F_ID, 0, F_NULLABLE},
    {"on", F_BOOL, 0, 0},
    {"colour", F_ENUM, 0, 0, colours},
    {"mail", F_EMAIL, 50, F_NULLABLE},
    {NULL},
};

static sg_err check(const char *text, bool patch, char *field)
{
    sg_ctx cx = {0};
    json_error_t je;
    json_t *in = json_loads(text, JSON_DECODE_ANY, &je);
    assert_non_null(in);
    sg_err e = fields_check(&cx, spec, in, patch);
    strcpy(field, cx.field);
    json_decref(in);
    return e;
}

static void test_field_validation(void **state)
{
    (void)state;
    char f[64];
    assert_int_equal(check("{\"name\":\"  Amy  \",\"when\":\"2024-01-01\",\"on\":true,\"colour\":\"red\"}", false, f), SG_OK);
    assert_int_equal(check("[1]", false, f), SG_EJSON);
    assert_int_equal(check("{}", false, f), SG_EINVAL);
    assert_string_equal(f, "name");
    assert_int_equal(check("{}", true, f), SG_EINVAL); /* nothing to change */
    assert_int_equal(check("{\"name\":\"12345678901\"}", false, f), SG_EINVAL);
    assert_string_equal(f, "name");
    assert_int_equal(check("{\"name\":\"a\\u0001b\"}", false, f), SG_EINVAL);
    assert_int_equal(check("{\"name\":\"a\",\"when\":\"2024-02-30\"}", false, f), SG_EINVAL);
    assert_string_equal(f, "when");
    assert_int_equal(check("{\"name\":\"a\",\"ref_id\":0}", false, f), SG_EINVAL);
    assert_int_equal(check("{\"name\":\"a\",\"ref_id\":\"3\"}", false, f), SG_EINVAL);
    assert_int_equal(check("{\"name\":\"a\",\"ref_id\":null}", false, f), SG_OK);
    assert_int_equal(check("{\"name\":\"a\",\"on\":\"yes\"}", false, f), SG_EINVAL);
    assert_string_equal(f, "on");
    assert_int_equal(check("{\"name\":\"a\",\"colour\":\"green\"}", false, f), SG_EINVAL);
    assert_int_equal(check("{\"name\":\"a\",\"mail\":\"not an email\"}", false, f), SG_EINVAL);
    assert_int_equal(check("{\"name\":\"a\",\"mail\":\"jo@example.org\"}", false, f), SG_OK);
    assert_int_equal(check("{\"name\":\"a\",\"extra\":1}", false, f), SG_EINVAL);
    assert_string_equal(f, "extra");
    assert_int_equal(check("{\"name\":null}", true, f), SG_EINVAL);
}

static void test_every_bad_field_is_reported_at_once(void **state)
{
    (void)state;
    sg_ctx cx = {0};
    json_error_t je;
    json_t *in = json_loads("{\"name\":\"12345678901\",\"when\":\"2024-02-30\",\"on\":1}", 0, &je);
    assert_int_equal(fields_check(&cx, spec, in, false), SG_EINVAL);
    assert_string_equal(cx.field, "name"); /* the first, for clients that read one */
    json_t *all = json_object_get(cx.err_detail, "fields");
    assert_int_equal(json_array_size(all), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(all, 1), "field")), "when");
    assert_string_equal(json_string_value(json_object_get(json_array_get(all, 2), "field")), "on");
    json_decref(in);
    sg_clear(&cx);
    assert_null(cx.err_detail);
}

static void test_permission_table_section_2(void **state)
{
    (void)state;
    assert_true(perm_roles_allow(ROLE_MANAGER, PERM_ADULT_WRITE));
    assert_false(perm_roles_allow(ROLE_DEPUTY, PERM_ADULT_WRITE));
    assert_false(perm_roles_allow(ROLE_KEY_PERSON, PERM_AUDIT_READ));
    assert_true(perm_roles_allow(ROLE_CHAIR, PERM_AUDIT_READ));
    assert_false(perm_roles_allow(ROLE_CHAIR, PERM_CHILD_READ)); /* no day-to-day child records */
    assert_true(perm_roles_allow(ROLE_DSL, PERM_CHILD_SENSITIVE));
    assert_false(perm_roles_allow(ROLE_OFFICE, PERM_CHILD_SENSITIVE));
    assert_true(perm_roles_allow(ROLE_KEY_PERSON | ROLE_MANAGER, PERM_IMPORT)); /* union */
    assert_int_equal(perm_role_bit("key-person"), ROLE_KEY_PERSON);
    assert_int_equal(perm_role_bit("owner"), 0);
}

static void test_tokens_and_passwords(void **state)
{
    (void)state;
    assert_int_equal(crypto_init(), SG_OK);
    char a[64], b[64];
    crypto_token("sgt_", a);
    crypto_token("sgt_", b);
    assert_int_equal(strlen(a), 4 + 43);
    assert_string_not_equal(a, b);
    char h[CRYPTO_PWHASH_LEN];
    assert_int_equal(crypto_password_hash("correct horse", h), SG_OK);
    assert_non_null(strstr(h, "$argon2id$"));
    assert_true(crypto_password_ok(h, "correct horse"));
    assert_false(crypto_password_ok(h, "correct hors"));
    char hex[CRYPTO_HEX_SHA256];
    crypto_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_field_validation),
        cmocka_unit_test(test_every_bad_field_is_reported_at_once),
        cmocka_unit_test(test_permission_table_section_2),
        cmocka_unit_test(test_tokens_and_passwords),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
