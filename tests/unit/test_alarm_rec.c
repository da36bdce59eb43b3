/* test_alarm_rec.c - the ISA-18.2 alarm record state machine and the EEMUA 191 flood detector. */
#include "config.h"

#include "alarm_fixture.h"

/* ------------------------------------------------ ISA-18.2 record machine */

static void assert_state(const struct pw_alarm_rec *r, enum pw_alarm_state want)
{
	assert_string_equal(pw_alarm_state_name(pw_alarm_rec_state(r)), pw_alarm_state_name(want));
}

/* EXPR must store its reason in the test's `why`; evaluated before `why` is read. */
#define assert_refused(expr, want)                                                         \
	do {                                                                                   \
		why = NULL;                                                                        \
		assert_int_equal((expr), -1);                                                      \
		assert_non_null(why);                                                              \
		assert_string_equal(why, (want));                                                  \
	} while (0)

static void test_rec_new_alarm_is_active_unacknowledged(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	pw_alarm_rec_init(&r);
	assert_state(&r, PW_AST_UNACK);
	assert_int_equal(r.repeats, 0);
}

static void test_rec_ack_then_return_clears(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	const char *why = NULL;
	pw_alarm_rec_init(&r);
	assert_int_equal(pw_alarm_rec_ack(&r, &why), 0);
	assert_state(&r, PW_AST_ACK);
	assert_refused(pw_alarm_rec_ack(&r, &why), "alarm is already acknowledged");
	assert_int_equal(pw_alarm_rec_return(&r, &why), 0);
	assert_state(&r, PW_AST_CLEARED);
	assert_true(r.closed);
}

static void test_rec_return_then_ack_clears(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	const char *why = NULL;
	pw_alarm_rec_init(&r);
	assert_int_equal(pw_alarm_rec_return(&r, &why), 0);
	assert_state(&r, PW_AST_RTN_UNACK);
	assert_refused(pw_alarm_rec_return(&r, &why), "alarm is not active");
	assert_int_equal(pw_alarm_rec_ack(&r, &why), 0);
	assert_state(&r, PW_AST_CLEARED);
}

static void test_rec_reactivation_while_returned_unacked_counts_a_repeat(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	const char *why = NULL;
	pw_alarm_rec_init(&r);
	assert_refused(pw_alarm_rec_reactivate(&r, &why), "alarm is already active");
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(pw_alarm_rec_return(&r, &why), 0);
		assert_state(&r, PW_AST_RTN_UNACK);
		assert_int_equal(pw_alarm_rec_reactivate(&r, &why), 0);
		assert_state(&r, PW_AST_UNACK);
		assert_int_equal(r.repeats, i);
	}
}

static void test_rec_chattering_sensor_reuses_one_row_and_counts_repeats(void **state)
{
	(void)state;
	/* engine + record together, as ingest drives them */
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	struct pw_alarm_rec r;
	bool open = false;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	double values[] = {31, 29, 32, 28, 33, 27, 34};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		int n = reading(&d, &e, T0 + (int64_t)i * SEC, values[i]);
		assert_int_equal(n, 1);
		if (act[0].kind == PW_ACT_RAISE) {
			if (!open) {
				pw_alarm_rec_init(&r);
				open = true;
			} else {
				assert_int_equal(pw_alarm_rec_reactivate(&r, NULL), 0);
			}
		} else {
			assert_int_equal(act[0].kind, PW_ACT_RETURN);
			assert_int_equal(pw_alarm_rec_return(&r, NULL), 0);
		}
	}
	assert_state(&r, PW_AST_UNACK);
	assert_int_equal(r.repeats, 3);
}

static void test_rec_escalation_reannunciates_an_acknowledged_alarm(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	struct pw_alarm_rec r;
	const char *why = NULL;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 35), 1);
	pw_alarm_rec_init(&r);
	assert_int_equal(pw_alarm_rec_ack(&r, NULL), 0);
	assert_int_equal(reading(&d, &e, T0 + SEC, 65), 1);
	assert_int_equal(act[0].kind, PW_ACT_ESCALATE);
	assert_int_equal(act[0].cond, PW_COND_LIMIT);   /* same alarm row */
	assert_int_equal(pw_alarm_rec_escalate(&r, &why), 0);
	assert_state(&r, PW_AST_UNACK);
	assert_int_equal(r.repeats, 0);   /* escalation is not a repeat */
	pw_alarm_rec_return(&r, NULL);
	assert_refused(pw_alarm_rec_escalate(&r, &why), "alarm is not active");
}

static void test_rec_cleared_alarm_refuses_everything(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	const char *why = NULL;
	pw_alarm_rec_init(&r);
	pw_alarm_rec_ack(&r, NULL);
	pw_alarm_rec_return(&r, NULL);
	assert_state(&r, PW_AST_CLEARED);
	assert_refused(pw_alarm_rec_ack(&r, &why), "alarm is cleared");
	assert_refused(pw_alarm_rec_return(&r, &why), "alarm is cleared");
	assert_refused(pw_alarm_rec_reactivate(&r, &why), "alarm is cleared");
	assert_refused(pw_alarm_rec_escalate(&r, &why), "alarm is cleared");
	assert_refused(pw_alarm_rec_shelve(&r, T0, T0 + MIN, "maint", &why), "alarm is cleared");
	assert_refused(pw_alarm_rec_unshelve(&r, &why), "alarm is not shelved");
	assert_false(pw_alarm_rec_expire(&r, T0 + 999 * MIN));
	assert_state(&r, PW_AST_CLEARED);
}

static void test_rec_shelve_without_reason_or_future_expiry_is_refused(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	const char *why = NULL;
	pw_alarm_rec_init(&r);
	assert_refused(pw_alarm_rec_shelve(&r, T0, T0 + MIN, NULL, &why), "shelving needs a reason");
	assert_refused(pw_alarm_rec_shelve(&r, T0, T0 + MIN, "", &why), "shelving needs a reason");
	assert_refused(pw_alarm_rec_shelve(&r, T0, T0 + MIN, " \t\n", &why), "shelving needs a reason");
	assert_refused(pw_alarm_rec_shelve(&r, T0, T0, "sensor calibration", &why), "shelve expiry must be in the future");
	assert_refused(pw_alarm_rec_shelve(&r, T0, T0 - 1, "sensor calibration", &why), "shelve expiry must be in the future");
	assert_state(&r, PW_AST_UNACK);
	assert_false(r.shelved);
	/* a NULL why is allowed */
	assert_int_equal(pw_alarm_rec_shelve(&r, T0, T0, "x", NULL), -1);
}

static void test_rec_shelving_hides_each_open_state_and_unshelve_restores_it(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	const char *why = NULL;

	pw_alarm_rec_init(&r);   /* unack */
	assert_int_equal(pw_alarm_rec_shelve(&r, T0, T0 + 30 * MIN, "calibration", &why), 0);
	assert_state(&r, PW_AST_SHELVED);
	assert_int_equal(r.shelved_until, T0 + 30 * MIN);
	assert_int_equal(pw_alarm_rec_unshelve(&r, &why), 0);
	assert_state(&r, PW_AST_UNACK);
	assert_refused(pw_alarm_rec_unshelve(&r, &why), "alarm is not shelved");

	pw_alarm_rec_init(&r);   /* ack */
	pw_alarm_rec_ack(&r, NULL);
	assert_int_equal(pw_alarm_rec_shelve(&r, T0, T0 + MIN, "calibration", NULL), 0);
	assert_state(&r, PW_AST_SHELVED);
	assert_int_equal(pw_alarm_rec_unshelve(&r, NULL), 0);
	assert_state(&r, PW_AST_ACK);

	pw_alarm_rec_init(&r);   /* rtn_unack: at unshelve it is clear, so it clears */
	pw_alarm_rec_return(&r, NULL);
	assert_int_equal(pw_alarm_rec_shelve(&r, T0, T0 + MIN, "known chatter", NULL), 0);
	assert_state(&r, PW_AST_SHELVED);
	assert_int_equal(pw_alarm_rec_unshelve(&r, NULL), 0);
	assert_state(&r, PW_AST_CLEARED);
}

static void test_rec_shelve_expires_at_its_time_and_not_before(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	pw_alarm_rec_init(&r);
	pw_alarm_rec_shelve(&r, T0, T0 + 10 * MIN, "maintenance", NULL);
	assert_false(pw_alarm_rec_expire(&r, T0 + 10 * MIN - 1));
	assert_state(&r, PW_AST_SHELVED);
	assert_true(pw_alarm_rec_expire(&r, T0 + 10 * MIN));
	assert_state(&r, PW_AST_UNACK);
	assert_false(pw_alarm_rec_expire(&r, T0 + 11 * MIN));
}

static void test_rec_reshelving_replaces_the_expiry(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	pw_alarm_rec_init(&r);
	pw_alarm_rec_shelve(&r, T0, T0 + 10 * MIN, "maintenance", NULL);
	assert_int_equal(pw_alarm_rec_shelve(&r, T0 + MIN, T0 + 60 * MIN, "longer job", NULL), 0);
	assert_false(pw_alarm_rec_expire(&r, T0 + 30 * MIN));
	assert_true(pw_alarm_rec_expire(&r, T0 + 60 * MIN));
}

static void test_rec_unacked_return_while_shelved_stays_hidden_then_clears(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	pw_alarm_rec_init(&r);
	pw_alarm_rec_shelve(&r, T0, T0 + 10 * MIN, "maintenance", NULL);
	assert_int_equal(pw_alarm_rec_return(&r, NULL), 0);
	assert_state(&r, PW_AST_SHELVED);
	assert_true(pw_alarm_rec_expire(&r, T0 + 10 * MIN));
	assert_state(&r, PW_AST_CLEARED);
}

static void test_rec_acked_return_while_shelved_clears_at_once(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	pw_alarm_rec_init(&r);
	pw_alarm_rec_ack(&r, NULL);
	pw_alarm_rec_shelve(&r, T0, T0 + 10 * MIN, "maintenance", NULL);
	assert_int_equal(pw_alarm_rec_return(&r, NULL), 0);
	assert_state(&r, PW_AST_CLEARED);
	assert_false(r.shelved);
}

static void test_rec_ack_while_shelved_acknowledges_the_underlying_alarm(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	pw_alarm_rec_init(&r);
	pw_alarm_rec_shelve(&r, T0, T0 + 10 * MIN, "maintenance", NULL);
	assert_int_equal(pw_alarm_rec_ack(&r, NULL), 0);
	assert_state(&r, PW_AST_SHELVED);
	pw_alarm_rec_unshelve(&r, NULL);
	assert_state(&r, PW_AST_ACK);

	pw_alarm_rec_init(&r);   /* returned while shelved, then acked: done */
	pw_alarm_rec_shelve(&r, T0, T0 + 10 * MIN, "maintenance", NULL);
	pw_alarm_rec_return(&r, NULL);
	assert_int_equal(pw_alarm_rec_ack(&r, NULL), 0);
	assert_state(&r, PW_AST_CLEARED);
}

static void test_rec_reactivation_while_shelved_stays_hidden_and_counts(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	pw_alarm_rec_init(&r);
	pw_alarm_rec_shelve(&r, T0, T0 + 10 * MIN, "maintenance", NULL);
	pw_alarm_rec_return(&r, NULL);
	assert_int_equal(pw_alarm_rec_reactivate(&r, NULL), 0);
	assert_state(&r, PW_AST_SHELVED);
	assert_int_equal(r.repeats, 1);
	assert_true(pw_alarm_rec_expire(&r, T0 + 10 * MIN));
	assert_state(&r, PW_AST_UNACK);
}

static void test_rec_from_row_accepts_consistent_rows_only(void **state)
{
	(void)state;
	struct pw_alarm_rec r;
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_UNACK, true, false, 0, 2), 0);
	assert_state(&r, PW_AST_UNACK);
	assert_int_equal(r.repeats, 2);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_ACK, true, true, 0, 0), 0);
	assert_state(&r, PW_AST_ACK);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_RTN_UNACK, false, false, 0, 0), 0);
	assert_state(&r, PW_AST_RTN_UNACK);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_CLEARED, false, true, 0, 0), 0);
	assert_state(&r, PW_AST_CLEARED);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_SHELVED, false, false, T0, 0), 0);
	assert_state(&r, PW_AST_SHELVED);
	assert_int_equal(r.shelved_until, T0);
	assert_true(pw_alarm_rec_expire(&r, T0));
	assert_state(&r, PW_AST_CLEARED);

	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_UNACK, false, false, 0, 0), -1);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_ACK, true, false, 0, 0), -1);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_RTN_UNACK, true, false, 0, 0), -1);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_RTN_UNACK, false, true, 0, 0), -1);
	assert_int_equal(pw_alarm_rec_from_row(&r, PW_AST_SHELVED, false, true, T0, 0), -1);
	assert_int_equal(pw_alarm_rec_from_row(&r, (enum pw_alarm_state)9, true, false, 0, 0), -1);
}

/* ------------------------------------------------------------------ flood */

static void test_flood_at_11_alarms_in_10_minutes_and_not_at_10(void **state)
{
	(void)state;
	struct pw_flood f;
	pw_flood_init(&f);
	for (int i = 0; i < 10; i++)
		pw_flood_note(&f, T0 + i * 50 * SEC);
	int64_t now = T0 + 9 * MIN;
	assert_int_equal(pw_flood_count(&f, now, 10 * MIN), 10);
	assert_false(pw_flood_active(&f, now, 10, 10 * MIN));
	pw_flood_note(&f, now);
	assert_true(pw_flood_active(&f, now, 10, 10 * MIN));
	assert_dbl(pw_flood_rate(&f, now, 10 * MIN), 11.0);
	/* the first alarm (T0) leaves the window exactly 10 minutes later */
	assert_true(pw_flood_active(&f, T0 + 10 * MIN - 1, 10, 10 * MIN));
	assert_false(pw_flood_active(&f, T0 + 10 * MIN, 10, 10 * MIN));
}

static void test_flood_rate_is_scaled_to_ten_minutes(void **state)
{
	(void)state;
	struct pw_flood f;
	pw_flood_init(&f);
	for (int i = 0; i < 6; i++)
		pw_flood_note(&f, T0 + i * SEC);
	assert_dbl(pw_flood_rate(&f, T0 + 10 * SEC, 5 * MIN), 12.0);
	assert_dbl(pw_flood_rate(&f, T0 + 10 * SEC, 0), 0.0);
	assert_int_equal(pw_flood_count(&f, T0 + 10 * SEC, -1), 0);
	assert_dbl(pw_flood_rate(&f, T0 + 2 * 3600 * SEC, 10 * MIN), 0.0);
}

static void test_flood_ring_keeps_the_newest_when_full(void **state)
{
	(void)state;
	struct pw_flood f;
	pw_flood_init(&f);
	for (int i = 0; i < 1000; i++)
		pw_flood_note(&f, T0 + i);
	assert_int_equal(f.n, PW_FLOOD_CAP);
	assert_int_equal(pw_flood_count(&f, T0 + 1000, 10 * MIN), PW_FLOOD_CAP);
	assert_true(pw_flood_active(&f, T0 + 1000, 10, 10 * MIN));
	/* only the newest are kept: a window of 100 ms sees 100 of them */
	assert_int_equal(pw_flood_count(&f, T0 + 999, 100), 100);
	/* out-of-order notes count by their own time */
	pw_flood_init(&f);
	pw_flood_note(&f, T0);
	pw_flood_note(&f, T0 - 20 * MIN);
	assert_int_equal(pw_flood_count(&f, T0, 10 * MIN), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rec_new_alarm_is_active_unacknowledged),
		cmocka_unit_test(test_rec_ack_then_return_clears),
		cmocka_unit_test(test_rec_return_then_ack_clears),
		cmocka_unit_test(test_rec_reactivation_while_returned_unacked_counts_a_repeat),
		cmocka_unit_test(test_rec_chattering_sensor_reuses_one_row_and_counts_repeats),
		cmocka_unit_test(test_rec_escalation_reannunciates_an_acknowledged_alarm),
		cmocka_unit_test(test_rec_cleared_alarm_refuses_everything),
		cmocka_unit_test(test_rec_shelve_without_reason_or_future_expiry_is_refused),
		cmocka_unit_test(test_rec_shelving_hides_each_open_state_and_unshelve_restores_it),
		cmocka_unit_test(test_rec_shelve_expires_at_its_time_and_not_before),
		cmocka_unit_test(test_rec_reshelving_replaces_the_expiry),
		cmocka_unit_test(test_rec_unacked_return_while_shelved_stays_hidden_then_clears),
		cmocka_unit_test(test_rec_acked_return_while_shelved_clears_at_once),
		cmocka_unit_test(test_rec_ack_while_shelved_acknowledges_the_underlying_alarm),
		cmocka_unit_test(test_rec_reactivation_while_shelved_stays_hidden_and_counts),
		cmocka_unit_test(test_rec_from_row_accepts_consistent_rows_only),
		cmocka_unit_test(test_flood_at_11_alarms_in_10_minutes_and_not_at_10),
		cmocka_unit_test(test_flood_rate_is_scaled_to_ten_minutes),
		cmocka_unit_test(test_flood_ring_keeps_the_newest_when_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
