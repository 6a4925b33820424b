/* test_people.c — the rules of rooms, adults, children and parents
 * (PEOPLE-02…11), each failure leaving the store and the audit log as they
 * were. */
#include "fixture.h"

static int64_t events(fixture *f) { return fixture_count(f, "SELECT count(*) FROM audit_events"); }

static int64_t add(fixture *f, sg_err (*fn)(sg_ctx *, json_t *, json_t **), const char *body)
{
    json_t *in = J(body), *out = NULL;
    sg_err e = fn(&f->cx, in, &out);
    if (e)
        fail_msg("%s: %s", body, sg_msg(&f->cx, e));
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return id;
}

/* Expect fn(body) to fail with `want` naming `field`, changing nothing. */
static void refused(fixture *f, sg_ctx *cx, sg_err (*fn)(sg_ctx *, json_t *, json_t **), const char *body,
                    sg_err want, const char *field)
{
    int64_t before = events(f);
    int64_t children = fixture_count(f, "SELECT count(*) FROM children");
    json_t *in = J(body), *out = NULL;
    sg_clear(cx);
    assert_int_equal(fn(cx, in, &out), want);
    if (field)
        assert_string_equal(cx->field, field);
    assert_null(out);
    json_decref(in);
    assert_int_equal(events(f), before);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM children"), children);
}

static int64_t key_person(fixture *f)
{
    return add(f, adult_add, "{\"first_name\":\"Kim\",\"last_name\":\"Key\",\"email\":\"kim@test.example\","
                             "\"roles\":[\"key-person\",\"staff\"]}");
}

static void test_room_classes_PEOPLE_02(void **state)
{
    fixture *f = *state;
    add(f, room_add, "{\"name\":\"Office\",\"class\":\"adults-only\"}");
    add(f, room_add, "{\"name\":\"Toilets\",\"class\":\"private\"}");
    refused(f, &f->cx, room_add, "{\"name\":\"Garden\",\"class\":\"outside\"}", SG_EINVAL, "class");
    refused(f, &f->cx, room_add, "{\"name\":\"Office\",\"class\":\"adults-only\"}", SG_EEXISTS, "name");
    refused(f, &f->cx, room_add, "{\"name\":\"OFFICE\",\"class\":\"adults-only\"}", SG_EEXISTS, "name");
    refused(f, &f->cx, room_add, "{\"name\":\"X\",\"class\":\"children\",\"min_age_months\":40,\"max_age_months\":20}",
            SG_EINVAL, "max_age_months");
}

static void test_child_needs_childrens_room_and_key_person_role_PEOPLE_07(void **state)
{
    fixture *f = *state;
    int64_t office = add(f, room_add, "{\"name\":\"Office\",\"class\":\"adults-only\"}");
    int64_t ladybird = add(f, room_add, "{\"name\":\"Ladybird\",\"class\":\"children\"}");
    int64_t kp = key_person(f);
    char body[300];
    snprintf(body, sizeof body, "{\"first_name\":\"Ava\",\"last_name\":\"Li\",\"date_of_birth\":\"2023-01-05\",\"room_id\":%lld}",
             (long long)office);
    refused(f, &f->cx, child_add, body, SG_EINVAL, "room_id");
    snprintf(body, sizeof body, "{\"first_name\":\"Ava\",\"last_name\":\"Li\",\"date_of_birth\":\"2023-01-05\",\"key_person_id\":%lld}",
             (long long)f->manager_id);
    refused(f, &f->cx, child_add, body, SG_EINVAL, "key_person_id");
    refused(f, &f->cx, child_add, "{\"first_name\":\"Ava\",\"last_name\":\"Li\",\"date_of_birth\":\"2099-01-05\"}",
            SG_EINVAL, "date_of_birth");
    refused(f, &f->cx, child_add, "{\"first_name\":\"Ava\",\"last_name\":\"Li\",\"date_of_birth\":\"2023-02-30\"}",
            SG_EINVAL, "date_of_birth");
    refused(f, &f->cx, child_add, "{\"first_name\":\"Ava\",\"last_name\":\"Li\"}", SG_EINVAL, "date_of_birth");
    refused(f, &f->cx, child_add, "{\"first_name\":\"Ava\",\"last_name\":\"Li\",\"date_of_birth\":\"2023-01-05\",\"pet\":1}",
            SG_EINVAL, "pet");
    snprintf(body, sizeof body, "{\"first_name\":\"Ava\",\"last_name\":\"Li\",\"date_of_birth\":\"2023-01-05\","
             "\"room_id\":%lld,\"key_person_id\":%lld}", (long long)ladybird, (long long)kp);
    int64_t child = add(f, child_add, body);
    json_t *out = NULL;
    assert_int_equal(child_get(&f->cx, child, &out), SG_OK);
    assert_string_equal(json_string_value(json_object_get(out, "room_name")), "Ladybird");
    assert_string_equal(json_string_value(json_object_get(out, "key_person_name")), "Kim Key");
    json_decref(out);
}

static void test_looked_after_needs_social_worker_and_authority_PEOPLE_08(void **state)
{
    fixture *f = *state;
    refused(f, &f->cx, child_add, "{\"first_name\":\"Lu\",\"last_name\":\"Ng\",\"date_of_birth\":\"2022-06-01\","
            "\"looked_after\":true,\"local_authority\":\"County\"}", SG_EINVAL, "social_worker");
    int64_t c = add(f, child_add, "{\"first_name\":\"Lu\",\"last_name\":\"Ng\",\"date_of_birth\":\"2022-06-01\","
                                  "\"looked_after\":true,\"social_worker\":\"Sam Worker\",\"local_authority\":\"County\"}");
    /* A key person sees the marker, not the social worker's details. */
    sg_ctx kp = fixture_as(f, key_person(f));
    json_t *out = NULL;
    assert_int_equal(child_get(&kp, c, &out), SG_OK);
    assert_true(json_is_true(json_object_get(out, "looked_after")));
    assert_null(json_object_get(out, "social_worker"));
    json_decref(out);
    /* …and may not change them. */
    json_t *in = J("{\"social_worker\":\"Someone Else\"}");
    assert_int_equal(child_edit(&kp, c, in, &out), SG_EFORBIDDEN);
    json_decref(in);
}

static void test_key_person_may_not_add_adults_or_children(void **state)
{
    fixture *f = *state;
    sg_ctx kp = fixture_as(f, key_person(f));
    refused(f, &kp, adult_add, "{\"first_name\":\"X\",\"last_name\":\"Y\",\"roles\":[\"manager\"]}", SG_EFORBIDDEN, NULL);
    refused(f, &kp, child_add, "{\"first_name\":\"X\",\"last_name\":\"Y\",\"date_of_birth\":\"2022-01-01\"}",
            SG_EFORBIDDEN, NULL);
}

static void test_adult_leaves_with_a_date_and_loses_access_PEOPLE_03(void **state)
{
    fixture *f = *state;
    int64_t st = add(f, adult_add, "{\"first_name\":\"Stu\",\"last_name\":\"Dent\",\"email\":\"stu@test.example\","
                                   "\"roles\":[\"student\"],\"start_date\":\"2026-01-05\"}");
    json_t *in = J("{\"date\":\"2026-03-01\"}"), *out = NULL;
    assert_int_equal(adult_end(&f->cx, st, in, &out), SG_OK);
    assert_string_equal(json_string_value(json_object_get(out, "leave_date")), "2026-03-01");
    json_decref(out);
    out = NULL;
    assert_int_equal(adult_end(&f->cx, st, in, &out), SG_ECONFLICT);
    json_decref(in);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM adults WHERE email = 'stu@test.example'"), 1);
}

static void test_last_manager_cannot_leave_or_lose_the_role(void **state)
{
    fixture *f = *state;
    json_t *in = json_object(), *out = NULL;
    assert_int_equal(adult_end(&f->cx, f->manager_id, in, &out), SG_ECONFLICT);
    json_decref(in);
    in = J("{\"roles\":[\"staff\"]}");
    assert_int_equal(adult_edit(&f->cx, f->manager_id, in, &out), SG_ECONFLICT);
    json_decref(in);
}

static void test_key_person_with_children_cannot_leave(void **state)
{
    fixture *f = *state;
    int64_t kp = key_person(f);
    char body[200];
    snprintf(body, sizeof body, "{\"first_name\":\"A\",\"last_name\":\"B\",\"date_of_birth\":\"2022-01-01\",\"key_person_id\":%lld}",
             (long long)kp);
    add(f, child_add, body);
    json_t *in = json_object(), *out = NULL;
    assert_int_equal(adult_end(&f->cx, kp, in, &out), SG_ECONFLICT);
    json_decref(in);
}

static void test_only_parental_responsibility_may_consent_PEOPLE_11(void **state)
{
    fixture *f = *state;
    int64_t c = add(f, child_add, "{\"first_name\":\"A\",\"last_name\":\"B\",\"date_of_birth\":\"2022-01-01\"}");
    int64_t p = add(f, parent_add, "{\"first_name\":\"Pat\",\"last_name\":\"B\",\"email\":\"pat@test.example\"}");
    char body[200];
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"relationship\":\"step-father\",\"parental_responsibility\":false,"
             "\"may_consent\":true}", (long long)p);
    json_t *in = J(body), *out = NULL;
    int64_t before = events(f);
    assert_int_equal(child_link_parent(&f->cx, c, in, &out), SG_EINVAL);
    assert_int_equal(events(f), before);
    json_decref(in);
    snprintf(body, sizeof body, "{\"parent_id\":%lld,\"relationship\":\"mother\"}", (long long)p);
    in = J(body);
    assert_int_equal(child_link_parent(&f->cx, c, in, &out), SG_OK);
    json_t *link = json_array_get(json_object_get(out, "parents"), 0);
    assert_true(json_is_true(json_object_get(link, "may_consent")));
    json_decref(out);
    out = NULL;
    json_decref(in);
    in = J(body);
    assert_int_equal(child_link_parent(&f->cx, c, in, &out), SG_ECONFLICT);
    json_decref(in);
}

static void test_child_leaves_with_a_date_never_deleted_PEOPLE_07(void **state)
{
    fixture *f = *state;
    int64_t c = add(f, child_add, "{\"first_name\":\"A\",\"last_name\":\"B\",\"date_of_birth\":\"2022-01-01\","
                                  "\"start_date\":\"2024-09-01\"}");
    json_t *in = J("{\"date\":\"2024-01-01\"}"), *out = NULL;
    assert_int_equal(child_end(&f->cx, c, in, &out), SG_EINVAL);
    json_decref(in);
    in = J("{\"date\":\"2026-07-20\"}");
    assert_int_equal(child_end(&f->cx, c, in, &out), SG_OK);
    json_decref(out);
    json_decref(in);
    people_query q = {0};
    assert_int_equal(child_list(&f->cx, &q, &out), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "children")), 0);
    json_decref(out);
    q.include_ended = true;
    assert_int_equal(child_list(&f->cx, &q, &out), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "children")), 1);
    json_decref(out);
}

static void test_room_with_children_cannot_close(void **state)
{
    fixture *f = *state;
    int64_t r = add(f, room_add, "{\"name\":\"Ladybird\",\"class\":\"children\"}");
    char body[200];
    snprintf(body, sizeof body, "{\"first_name\":\"A\",\"last_name\":\"B\",\"date_of_birth\":\"2022-01-01\",\"room_id\":%lld}",
             (long long)r);
    add(f, child_add, body);
    json_t *in = json_object(), *out = NULL;
    assert_int_equal(room_end(&f->cx, r, in, &out), SG_ECONFLICT);
    json_decref(in);
    in = J("{\"class\":\"private\"}");
    assert_int_equal(room_edit(&f->cx, r, in, &out), SG_ECONFLICT);
    json_decref(in);
}

static void test_import_is_all_or_nothing(void **state)
{
    fixture *f = *state;
    add(f, room_add, "{\"name\":\"Ladybird\",\"class\":\"children\"}");
    const char *bad = "first_name,last_name,date_of_birth,room\nAmy,Lee,2022-01-01,Ladybird\nBo,Li,2022-13-01,Ladybird\n"
                      "Cy,Lo,2022-01-01,Nowhere\n";
    int64_t before = events(f);
    json_t *out = NULL;
    assert_int_equal(import_csv(&f->cx, "children", bad, strlen(bad), false, NULL, &out), SG_EIMPORT);
    json_t *errs = json_object_get(f->cx.err_detail, "errors");
    assert_int_equal(json_array_size(errs), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(errs, 0), "row")), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 1), "field")), "room");
    assert_int_equal(events(f), before);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM children"), 0);
    sg_clear(&f->cx);
    const char *good = "first_name,last_name,date_of_birth,room,parent_first_name,parent_last_name,parent_email\n"
                       "Amy,Lee,2022-01-01,Ladybird,Jo,Lee,jo@lee.example\nBen,Lee,2023-01-01,ladybird,Jo,Lee,jo@lee.example\n";
    assert_int_equal(import_csv(&f->cx, "children", good, strlen(good), true, NULL, &out), SG_OK);
    json_decref(out);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM children"), 0);
    assert_int_equal(import_csv(&f->cx, "children", good, strlen(good), false, NULL, &out), SG_OK);
    json_decref(out);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM children"), 2);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM parents"), 1);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM child_parents"), 2);
    audit_report r;
    assert_int_equal(audit_verify(&f->cx, f->cx.setting_id, NULL, &r), SG_OK);
}

static void test_import_refuses_unknown_columns_and_bad_csv(void **state)
{
    fixture *f = *state;
    const char *a = "first_name,surname\nA,B\n", *b = "first_name,last_name\n\"A,B\n";
    json_t *out = NULL;
    assert_int_equal(import_csv(&f->cx, "staff", a, strlen(a), false, NULL, &out), SG_EIMPORT);
    assert_non_null(strstr(f->cx.msg, "surname"));
    assert_int_equal(import_csv(&f->cx, "staff", b, strlen(b), false, NULL, &out), SG_EIMPORT);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(test_room_classes_PEOPLE_02),
        T(test_child_needs_childrens_room_and_key_person_role_PEOPLE_07),
        T(test_looked_after_needs_social_worker_and_authority_PEOPLE_08),
        T(test_key_person_may_not_add_adults_or_children),
        T(test_adult_leaves_with_a_date_and_loses_access_PEOPLE_03),
        T(test_last_manager_cannot_leave_or_lose_the_role),
        T(test_key_person_with_children_cannot_leave),
        T(test_only_parental_responsibility_may_consent_PEOPLE_11),
        T(test_child_leaves_with_a_date_never_deleted_PEOPLE_07),
        T(test_room_with_children_cannot_close),
        T(test_import_is_all_or_nothing),
        T(test_import_refuses_unknown_columns_and_bad_csv),
    };
    return cmocka_run_group_tests_name("people", tests, NULL, NULL);
}
