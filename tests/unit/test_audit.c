/* test_audit.c — the audit chain (REPORTING-01): append in the change's
 * transaction, gap-free seq, verification that names the first broken
 * event, signed checkpoints. */
#include "fixture.h"

static int64_t add_room(fixture *f, const char *name)
{
    json_t *in = json_pack("{ss ss}", "name", name, "class", "children"), *out = NULL;
    assert_int_equal(room_add(&f->cx, in, &out), SG_OK);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return id;
}

static void exec(fixture *f, const char *sql) { assert_int_equal(store_exec(f->db, sql), SG_OK); }

static sg_err verify(fixture *f, audit_report *r) { return audit_verify(&f->cx, f->cx.setting_id, NULL, r); }

static void test_chain_verifies_and_seq_has_no_gaps_REPORTING_01(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 5; i++) {
        char n[20];
        snprintf(n, sizeof n, "Room %d", i);
        add_room(f, n);
    }
    audit_report r;
    assert_int_equal(verify(f, &r), SG_OK);
    assert_int_equal(r.events, 7); /* setting.create, adult.add, 5 × room.add */
    assert_int_equal(fixture_count(f, "SELECT max(seq) FROM audit_events"), 7);
    assert_int_equal(fixture_count(f, "SELECT count(DISTINCT seq) FROM audit_events"), 7);
}

static void test_failed_change_writes_no_event(void **state)
{
    fixture *f = *state;
    add_room(f, "Ladybird");
    int64_t before = fixture_count(f, "SELECT count(*) FROM audit_events");
    json_t *in = json_pack("{ss ss}", "name", "Ladybird", "class", "children"), *out = NULL;
    assert_int_equal(room_add(&f->cx, in, &out), SG_EEXISTS);
    json_decref(in);
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_events"), before);
    audit_report r;
    assert_int_equal(verify(f, &r), SG_OK);
}

static void test_append_outside_transaction_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(audit_append(&f->cx, "x.y", "x", 1, NULL), SG_EINTERNAL);
}

static void test_edited_event_is_named(void **state)
{
    fixture *f = *state;
    add_room(f, "A");
    add_room(f, "B");
    exec(f, "UPDATE audit_events SET detail = '{\"name\":\"Z\"}' WHERE seq = 3");
    audit_report r;
    assert_int_equal(verify(f, &r), SG_ETAMPER);
    assert_int_equal(r.bad_seq, 3);
    assert_non_null(strstr(r.why, "altered"));
}

static void test_deleted_event_is_named(void **state)
{
    fixture *f = *state;
    add_room(f, "A");
    add_room(f, "B");
    exec(f, "DELETE FROM audit_events WHERE seq = 2");
    audit_report r;
    assert_int_equal(verify(f, &r), SG_ETAMPER);
    assert_int_equal(r.bad_seq, 2);
}

static void test_deleted_newest_event_is_named(void **state)
{
    fixture *f = *state;
    add_room(f, "A");
    exec(f, "DELETE FROM audit_events WHERE seq = 3");
    audit_report r;
    assert_int_equal(verify(f, &r), SG_ETAMPER);
    assert_int_equal(r.bad_seq, 3);
}

static void test_reordered_events_are_named(void **state)
{
    fixture *f = *state;
    add_room(f, "A");
    add_room(f, "B");
    exec(f, "UPDATE audit_events SET seq = 100 WHERE seq = 3;"
            "UPDATE audit_events SET seq = 3 WHERE seq = 4;"
            "UPDATE audit_events SET seq = 4 WHERE seq = 100;");
    audit_report r;
    assert_int_equal(verify(f, &r), SG_ETAMPER);
    assert_int_equal(r.bad_seq, 3);
}

static void test_checkpoints_are_signed_every_n_events(void **state)
{
    fixture *f = *state;
    f->cfg.checkpoint_every = 3;
    for (int i = 0; i < 5; i++) {
        char n[20];
        snprintf(n, sizeof n, "Room %d", i);
        add_room(f, n);
    }
    /* events 1..7: checkpoints at 3 and 6 */
    assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_checkpoints"), 2);
    audit_report r;
    assert_int_equal(verify(f, &r), SG_OK);
    assert_int_equal(r.checkpoints, 2);
}

static void test_rewritten_chain_fails_against_a_held_checkpoint(void **state)
{
    fixture *f = *state;
    add_room(f, "A");
    json_t *held = NULL;
    assert_int_equal(audit_checkpoint(&f->cx, &held), SG_OK);
    assert_int_equal(json_integer_value(json_object_get(held, "seq")), 3);
    audit_report r;
    assert_int_equal(audit_verify(&f->cx, f->cx.setting_id, held, &r), SG_OK);
    /* Someone deletes the newest event and repairs the head: the chain is
     * self-consistent again, but no longer matches the checkpoint held. */
    exec(f, "DELETE FROM audit_checkpoints; DELETE FROM audit_events WHERE seq = 3;"
            "UPDATE audit_heads SET seq = 2, hash = (SELECT hash FROM audit_events WHERE seq = 2)");
    assert_int_equal(verify(f, &r), SG_OK);
    assert_int_equal(audit_verify(&f->cx, f->cx.setting_id, held, &r), SG_ETAMPER);
    assert_int_equal(r.bad_seq, 3);
    json_decref(held);
}

static void test_forged_checkpoint_signature_is_caught(void **state)
{
    fixture *f = *state;
    json_t *held = NULL;
    assert_int_equal(audit_checkpoint(&f->cx, &held), SG_OK);
    json_decref(held);
    exec(f, "UPDATE audit_checkpoints SET at = at + 1");
    audit_report r;
    assert_int_equal(verify(f, &r), SG_ETAMPER);
    assert_non_null(strstr(r.why, "signature"));
}

static void test_audit_list_filters_and_pages(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 4; i++) {
        char n[20];
        snprintf(n, sizeof n, "Room %d", i);
        add_room(f, n);
    }
    audit_filter q = {.action = "room.", .limit = 3};
    json_t *out = NULL;
    assert_int_equal(audit_list(&f->cx, &q, &out), SG_OK);
    json_t *ev = json_object_get(out, "events");
    assert_int_equal(json_array_size(ev), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 0), "action")), "room.add");
    int64_t next = json_integer_value(json_object_get(out, "next_before_seq"));
    json_decref(out);
    q.before_seq = next;
    assert_int_equal(audit_list(&f->cx, &q, &out), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "events")), 1);
    assert_true(json_is_null(json_object_get(out, "next_before_seq")));
    json_decref(out);
}

static void test_key_person_may_not_read_audit(void **state)
{
    fixture *f = *state;
    json_t *in = J("{\"first_name\":\"Kay\",\"last_name\":\"Key\",\"roles\":[\"key-person\"]}"), *out = NULL;
    assert_int_equal(adult_add(&f->cx, in, &out), SG_OK);
    sg_ctx kp = fixture_as(f, json_integer_value(json_object_get(out, "id")));
    json_decref(in);
    json_decref(out);
    audit_filter q = {.limit = 5};
    assert_int_equal(audit_list(&kp, &q, &out), SG_EFORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_chain_verifies_and_seq_has_no_gaps_REPORTING_01, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_failed_change_writes_no_event, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_append_outside_transaction_is_refused, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_edited_event_is_named, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_deleted_event_is_named, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_deleted_newest_event_is_named, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_reordered_events_are_named, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_checkpoints_are_signed_every_n_events, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_rewritten_chain_fails_against_a_held_checkpoint, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_forged_checkpoint_signature_is_caught, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_audit_list_filters_and_pages, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_key_person_may_not_read_audit, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
