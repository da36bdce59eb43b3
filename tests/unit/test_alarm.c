/*
 * test_alarm.c - the alarm engine: analog limits with deadband and on-delay,
 * discrete detectors, comm faults, out-of-service sensors.
 */
#include "config.h"

#include "alarm_fixture.h"

/* ------------------------------------------------------- analog limits */

static void test_alarm_reading_below_l1_raises_nothing(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 29.9), 0);
	assert_int_equal(e.limit.level, 0);
	assert_true(e.has_value);
	assert_dbl(e.last_value, 29.9);
	assert_int_equal(e.last_ts, T0);
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "normal");
}

static void test_alarm_reading_at_l1_raises_level_1_priority_2(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 30), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0);
	assert_int_equal(act[0].prev_level, 0);
	assert_true(act[0].has_value);
	assert_dbl(act[0].value, 30);
	assert_string_equal(act[0].message, "L1 high: 30 >= 30 mg/m3");
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "l1");
	/* still in alarm: nothing more to do */
	assert_int_equal(reading(&d, &e, T0 + SEC, 45), 0);
}

static void test_alarm_reading_at_l2_from_normal_raises_level_2_priority_1_at_once(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 75), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 2, 1, T0);
	assert_string_equal(act[0].message, "L2 high: 75 >= 60 mg/m3");
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "l2");
}

static void test_alarm_crossing_l2_escalates_the_same_alarm(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 35);
	assert_int_equal(reading(&d, &e, T0 + SEC, 60), 1);
	assert_action(0, PW_ACT_ESCALATE, PW_COND_LIMIT, 2, 1, T0 + SEC);
	assert_int_equal(act[0].prev_level, 1);
	assert_dbl(act[0].value, 60);
}

static void test_alarm_falling_below_l2_deescalates_to_l1(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 70);
	assert_int_equal(reading(&d, &e, T0 + SEC, 59.9), 1);
	assert_action(0, PW_ACT_DEESCALATE, PW_COND_LIMIT, 1, 2, T0 + SEC);
	assert_int_equal(act[0].prev_level, 2);
	assert_string_equal(act[0].message, "back to L1 high: 59.9 mg/m3");
}

static void test_alarm_falling_below_l1_returns(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 31);
	assert_int_equal(reading(&d, &e, T0 + SEC, 29), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 2, T0 + SEC);
	assert_int_equal(act[0].prev_level, 1);
	assert_string_equal(act[0].message, "returned to normal: 29 mg/m3");
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "normal");
}

static void test_alarm_dropping_from_l2_to_normal_is_one_return(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 90);
	assert_int_equal(reading(&d, &e, T0 + SEC, 3), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 1, T0 + SEC);
	assert_int_equal(act[0].prev_level, 2);
}

static void test_alarm_returns_to_normal_only_below_deadband(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.deadband = 2;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 31), 1);
	assert_int_equal(reading(&d, &e, T0 + 1 * SEC, 29), 0);   /* below l1, inside deadband */
	assert_int_equal(reading(&d, &e, T0 + 2 * SEC, 28), 0);   /* exactly l1 - deadband */
	assert_int_equal(e.limit.level, 1);
	assert_int_equal(reading(&d, &e, T0 + 3 * SEC, 27.9), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 2, T0 + 3 * SEC);
	/* on the way up the deadband does not apply: l1 itself raises again */
	assert_int_equal(reading(&d, &e, T0 + 4 * SEC, 29.9), 0);
	assert_int_equal(reading(&d, &e, T0 + 5 * SEC, 30), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0 + 5 * SEC);
}

static void test_alarm_deescalates_only_below_l2_minus_deadband(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.deadband = 5;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 61);
	assert_int_equal(reading(&d, &e, T0 + SEC, 55), 0);
	assert_int_equal(reading(&d, &e, T0 + 2 * SEC, 54.9), 1);
	assert_action(0, PW_ACT_DEESCALATE, PW_COND_LIMIT, 1, 2, T0 + 2 * SEC);
	/* from L2 to between l1 - deadband and l1 keeps L1 */
	reading(&d, &e, T0 + 3 * SEC, 61);
	assert_int_equal(reading(&d, &e, T0 + 4 * SEC, 26), 1);
	assert_action(0, PW_ACT_DEESCALATE, PW_COND_LIMIT, 1, 2, T0 + 4 * SEC);
	assert_int_equal(reading(&d, &e, T0 + 5 * SEC, 24), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 2, T0 + 5 * SEC);
}

static void test_alarm_low_direction_mirrors_high(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	o2_def(&d);
	d.has_opposite = false;
	d.deadband = 0.3;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 20.9), 0);
	assert_int_equal(reading(&d, &e, T0 + SEC, 19.5), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 1, T0 + SEC);
	assert_string_equal(act[0].message, "L1 low: 19.5 <= 19.5 %vol");
	assert_int_equal(reading(&d, &e, T0 + 2 * SEC, 17.9), 1);
	assert_action(0, PW_ACT_ESCALATE, PW_COND_LIMIT, 2, 1, T0 + 2 * SEC);
	assert_int_equal(reading(&d, &e, T0 + 3 * SEC, 18.3), 0);   /* l2 + deadband */
	assert_int_equal(reading(&d, &e, T0 + 4 * SEC, 18.4), 1);
	assert_action(0, PW_ACT_DEESCALATE, PW_COND_LIMIT, 1, 1, T0 + 4 * SEC);
	assert_int_equal(reading(&d, &e, T0 + 5 * SEC, 19.8), 0);   /* l1 + deadband */
	assert_int_equal(reading(&d, &e, T0 + 6 * SEC, 19.81), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 1, T0 + 6 * SEC);
}

static void test_alarm_o2_low_raises_priority_1(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	o2_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 19.0), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 1, T0);
	assert_int_equal(reading(&d, &e, T0 + SEC, 20.9), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 1, T0 + SEC);
}

static void test_alarm_o2_high_raises_the_opposite_condition_priority_2(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	o2_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 23.4), 0);
	assert_int_equal(reading(&d, &e, T0 + SEC, 23.5), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_OPPOSITE, 1, 2, T0 + SEC);
	assert_string_equal(act[0].message, "high limit (opposite): 23.5 >= 23.5 %vol");
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "l1");
	assert_int_equal(e.limit.level, 0);
	assert_int_equal(reading(&d, &e, T0 + 2 * SEC, 24.5), 0);   /* one level only */
	assert_int_equal(reading(&d, &e, T0 + 3 * SEC, 20.9), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_OPPOSITE, 0, 2, T0 + 3 * SEC);
}

static void test_alarm_o2_swinging_from_low_to_high_returns_one_and_raises_the_other(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	o2_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 19.0);
	assert_int_equal(reading(&d, &e, T0 + SEC, 24.0), 2);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 1, T0 + SEC);
	assert_action(1, PW_ACT_RAISE, PW_COND_OPPOSITE, 1, 2, T0 + SEC);
}

static void test_alarm_sensor_with_only_l2_raises_straight_at_level_2(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.has_l1 = false;
	d.on_delay_ms = 10 * SEC;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 70), 0);
	assert_int_equal(reading(&d, &e, T0 + 10 * SEC, 70), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 2, 1, T0 + 10 * SEC);
	assert_int_equal(reading(&d, &e, T0 + 11 * SEC, 40), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 1, T0 + 11 * SEC);
}

static void test_alarm_sensor_without_limits_never_raises(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	pw_sensor_def_init(&d, PW_KIND_TEMP);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 1e300), 0);
	assert_int_equal(reading(&d, &e, T0 + 1, -1e300), 0);
}

/* --------------------------------------------------------------- on-delay */

static void test_alarm_on_delay_short_spike_does_not_raise(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 80), 0);
	assert_int_equal(reading(&d, &e, T0 + 10 * SEC, 10), 0);
	assert_int_equal(reading(&d, &e, T0 + 40 * SEC, 10), 0);
	assert_int_equal(tick(&d, &e, T0 + 60 * SEC), 0);
	assert_int_equal(e.limit.level, 0);
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "normal");
}

static void test_alarm_on_delay_sustained_condition_raises_when_the_delay_is_complete(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 35), 0);
	assert_int_equal(reading(&d, &e, T0 + 10 * SEC, 36), 0);
	assert_int_equal(reading(&d, &e, T0 + 20 * SEC, 34), 0);
	assert_int_equal(reading(&d, &e, T0 + 30 * SEC, 33), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0 + 30 * SEC);
	assert_dbl(act[0].value, 33);
}

static void test_alarm_on_delay_raise_is_dated_when_the_delay_completed(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 35);
	reading(&d, &e, T0 + 20 * SEC, 35);
	assert_int_equal(reading(&d, &e, T0 + 45 * SEC, 35), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0 + 30 * SEC);
}

static void test_alarm_on_delay_restarts_after_a_dip(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 35);
	reading(&d, &e, T0 + 20 * SEC, 29);   /* dip below l1 */
	assert_int_equal(reading(&d, &e, T0 + 30 * SEC, 35), 0);
	assert_int_equal(reading(&d, &e, T0 + 59 * SEC, 35), 0);
	assert_int_equal(reading(&d, &e, T0 + 60 * SEC, 35), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0 + 60 * SEC);
}

static void test_alarm_on_delay_is_completed_by_tick_on_the_last_value(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 40);
	assert_int_equal(tick(&d, &e, T0 + 29 * SEC), 0);
	assert_int_equal(tick(&d, &e, T0 + 31 * SEC), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0 + 30 * SEC);
	assert_dbl(act[0].value, 40);
	assert_int_equal(tick(&d, &e, T0 + 32 * SEC), 0);
}

static void test_alarm_on_delay_l1_then_l2_by_tick_gives_raise_then_escalate(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 40);
	reading(&d, &e, T0 + 10 * SEC, 70);
	assert_int_equal(tick(&d, &e, T0 + 60 * SEC), 2);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0 + 30 * SEC);
	assert_action(1, PW_ACT_ESCALATE, PW_COND_LIMIT, 2, 1, T0 + 40 * SEC);
}

static void test_alarm_on_delay_applies_to_escalation(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 40);
	assert_int_equal(reading(&d, &e, T0 + 30 * SEC, 40), 1);   /* L1 raised */
	assert_int_equal(reading(&d, &e, T0 + 40 * SEC, 90), 0);   /* L2 spike */
	assert_int_equal(reading(&d, &e, T0 + 50 * SEC, 45), 0);
	assert_int_equal(reading(&d, &e, T0 + 90 * SEC, 45), 0);
	assert_int_equal(e.limit.level, 1);
	assert_int_equal(reading(&d, &e, T0 + 100 * SEC, 90), 0);
	assert_int_equal(reading(&d, &e, T0 + 130 * SEC, 90), 1);
	assert_action(0, PW_ACT_ESCALATE, PW_COND_LIMIT, 2, 1, T0 + 130 * SEC);
}

static void test_alarm_on_delay_does_not_delay_the_return(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 40);
	reading(&d, &e, T0 + 30 * SEC, 40);
	assert_int_equal(reading(&d, &e, T0 + 31 * SEC, 1), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_LIMIT, 0, 2, T0 + 31 * SEC);
}

static void test_alarm_on_delay_tick_does_not_trust_a_stale_value(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 120 * SEC;
	d.comm_timeout_ms = 60 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 40);
	/* the delay would complete at +120 s, but the value went stale at +60 s */
	assert_int_equal(tick(&d, &e, T0 + 200 * SEC), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_COMM, 1, 4, T0 + 60 * SEC);
	assert_int_equal(e.limit.level, 0);
	assert_int_equal(tick(&d, &e, T0 + 300 * SEC), 0);
}

static void test_alarm_tick_due_is_the_next_time_a_tick_acts(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	d.comm_timeout_ms = 300 * SEC;
	pw_sensor_eval_init(&e);
	/* Never heard: due at once, to start the silence clock. */
	assert_int_equal(pw_alarm_tick_due(&d, &e), 0);
	assert_int_equal(tick(&d, &e, T0), 0);
	assert_int_equal(pw_alarm_tick_due(&d, &e), T0 + 300 * SEC);
	/* A value beyond L1: the on-delay comes first; before it a tick does nothing. */
	reading(&d, &e, T0 + 10 * SEC, 40);
	assert_int_equal(pw_alarm_tick_due(&d, &e), T0 + 40 * SEC);
	assert_int_equal(tick(&d, &e, T0 + 40 * SEC - 1), 0);
	assert_int_equal(tick(&d, &e, T0 + 40 * SEC), 1);
	assert_int_equal(pw_alarm_tick_due(&d, &e), T0 + 310 * SEC);
	/* Beyond L2: the escalation's delay, then silence, then nothing. */
	reading(&d, &e, T0 + 50 * SEC, 70);
	assert_int_equal(pw_alarm_tick_due(&d, &e), T0 + 80 * SEC);
	assert_int_equal(tick(&d, &e, T0 + 80 * SEC), 1);
	assert_int_equal(pw_alarm_tick_due(&d, &e), T0 + 350 * SEC);
	assert_int_equal(tick(&d, &e, T0 + 350 * SEC), 1);
	assert_int_equal(pw_alarm_tick_due(&d, &e), PW_TS_NONE);
}

static void test_alarm_tick_due_skips_a_delay_the_value_goes_stale_before(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 120 * SEC;
	d.comm_timeout_ms = 60 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 40);
	assert_int_equal(pw_alarm_tick_due(&d, &e), T0 + 60 * SEC);
	d.comm_timeout_ms = 0;   /* no silence watch: only the delay */
	assert_int_equal(pw_alarm_tick_due(&d, &e), T0 + 120 * SEC);
	d.in_service = false;
	assert_int_equal(pw_alarm_tick_due(&d, &e), PW_TS_NONE);
}

/* ------------------------------------------------------ discrete detectors */

static void test_alarm_smoke_alarm_and_clear_raise_and_return_the_event(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	pw_sensor_def_init(&d, PW_KIND_SMOKE);
	assert_true(d.discrete);
	pw_sensor_eval_init(&e);
	assert_int_equal(event(&d, &e, T0, PW_EVENT_ALARM, "3F corridor"), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_EVENT, 1, 1, T0);
	assert_string_equal(act[0].message, "detector alarm: 3F corridor");
	assert_false(act[0].has_value);
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "alarm");
	assert_int_equal(event(&d, &e, T0 + SEC, PW_EVENT_ALARM, NULL), 0);   /* already active */
	assert_int_equal(event(&d, &e, T0 + 2 * SEC, PW_EVENT_CLEAR, NULL), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_EVENT, 0, 1, T0 + 2 * SEC);
	assert_int_equal(event(&d, &e, T0 + 3 * SEC, PW_EVENT_CLEAR, NULL), 0);
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "normal");
}

static void test_alarm_flame_is_critical_and_camera_is_priority_2(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	pw_sensor_def_init(&d, PW_KIND_FLAME);
	pw_sensor_eval_init(&e);
	assert_int_equal(event(&d, &e, T0, PW_EVENT_ALARM, ""), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_EVENT, 1, 1, T0);
	assert_string_equal(act[0].message, "detector alarm");
	pw_sensor_def_init(&d, PW_KIND_CAMERA);
	assert_true(d.discrete);
	pw_sensor_eval_init(&e);
	assert_int_equal(event(&d, &e, T0, PW_EVENT_ALARM, NULL), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_EVENT, 1, 2, T0);
}

static void test_alarm_fault_and_tamper_are_their_own_conditions(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	pw_sensor_def_init(&d, PW_KIND_SMOKE);
	pw_sensor_eval_init(&e);
	assert_int_equal(event(&d, &e, T0, PW_EVENT_FAULT, "self-test failed"), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_FAULT, 1, 4, T0);
	assert_string_equal(act[0].message, "detector fault: self-test failed");
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "fault");
	assert_int_equal(event(&d, &e, T0 + SEC, PW_EVENT_FAULT, NULL), 0);
	assert_int_equal(event(&d, &e, T0 + 2 * SEC, PW_EVENT_TAMPER, "cover open"), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_TAMPER, 1, 2, T0 + 2 * SEC);
	assert_string_equal(act[0].message, "tamper: cover open");
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "alarm");
	assert_int_equal(event(&d, &e, T0 + 3 * SEC, PW_EVENT_ALARM, NULL), 1);
	/* clear: the detector reports itself normal in every respect */
	assert_int_equal(event(&d, &e, T0 + 4 * SEC, PW_EVENT_CLEAR, NULL), 3);
	assert_action(0, PW_ACT_RETURN, PW_COND_EVENT, 0, 1, T0 + 4 * SEC);
	assert_action(1, PW_ACT_RETURN, PW_COND_TAMPER, 0, 2, T0 + 4 * SEC);
	assert_action(2, PW_ACT_RETURN, PW_COND_FAULT, 0, 4, T0 + 4 * SEC);
}

static void test_alarm_event_detail_is_cut_whole_in_the_message(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	char detail[600] = "";
	for (int i = 0; i < 100; i++)
		strcat(detail, "烟");
	pw_sensor_def_init(&d, PW_KIND_SMOKE);
	pw_sensor_eval_init(&e);
	assert_int_equal(event(&d, &e, T0, PW_EVENT_ALARM, detail), 1);
	size_t n = strlen(act[0].message);
	assert_true(n < PW_ALARM_MSG_SZ);
	/* "detector alarm: " is 16 bytes; whole 3-byte characters follow */
	assert_int_equal((n - 16) % 3, 0);
	assert_int_equal(n, 16 + 3 * ((PW_ALARM_MSG_SZ - 1 - 16) / 3));
}

static void test_alarm_late_event_is_ignored(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	pw_sensor_def_init(&d, PW_KIND_SMOKE);
	pw_sensor_eval_init(&e);
	event(&d, &e, T0, PW_EVENT_ALARM, NULL);
	event(&d, &e, T0 + 10 * SEC, PW_EVENT_CLEAR, NULL);
	/* a redelivered older alarm must not re-raise */
	assert_int_equal(event(&d, &e, T0 + 5 * SEC, PW_EVENT_ALARM, NULL), 0);
	assert_false(e.event_active);
	/* the same ts as the last event is a different event, not a late one */
	assert_int_equal(event(&d, &e, T0 + 10 * SEC, PW_EVENT_FAULT, NULL), 1);
}

static void test_alarm_late_reading_beyond_a_limit_is_an_alarm_that_already_returned(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0 + 10 * SEC, 5);
	assert_int_equal(reading(&d, &e, T0, 99), 2);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 2, 1, T0);
	assert_dbl(act[0].value, 99);
	assert_string_equal(act[0].message, "L2 high: 99 >= 60 mg/m3 (late reading)");
	assert_action(1, PW_ACT_RETURN, PW_COND_LIMIT, 0, 1, T0 + 10 * SEC);
	assert_dbl(act[1].value, 5);
	/* where the value is now: unchanged */
	assert_int_equal(e.limit.level, 0);
	assert_dbl(e.last_value, 5);
	assert_int_equal(e.last_ts, T0 + 10 * SEC);
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "normal");
}

static void test_alarm_late_l2_reading_while_at_l1_escalates_and_comes_back(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0 + 10 * SEC, 40);
	assert_int_equal(reading(&d, &e, T0, 80), 2);
	assert_action(0, PW_ACT_ESCALATE, PW_COND_LIMIT, 2, 1, T0);
	assert_int_equal(act[0].prev_level, 1);
	assert_action(1, PW_ACT_DEESCALATE, PW_COND_LIMIT, 1, 2, T0 + 10 * SEC);
	assert_int_equal(e.limit.level, 1);
}

static void test_alarm_late_reading_never_moves_an_alarm_back(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0 + 10 * SEC, 75);
	assert_int_equal(reading(&d, &e, T0, 5), 0);
	assert_int_equal(reading(&d, &e, T0 + SEC, 40), 0);
	assert_int_equal(e.limit.level, 2);
	assert_dbl(e.last_value, 75);
}

static void test_alarm_late_reading_of_a_sensor_with_an_on_delay_raises_nothing(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.on_delay_ms = 10 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0 + 10 * SEC, 5);
	/* one sample cannot show the value stayed past the limit for 10 s */
	assert_int_equal(reading(&d, &e, T0, 99), 0);
	assert_int_equal(e.limit.level, 0);
}

static void test_alarm_gas_detector_alarm_event_is_honoured(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(event(&d, &e, T0, PW_EVENT_ALARM, NULL), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_EVENT, 1, 2, T0);
}

/* ------------------------------------------------------------------ comm */

static void test_alarm_status_offline_raises_comm_and_online_returns_it(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(e.online, -1);
	assert_int_equal(status(&d, &e, T0, true), 0);
	assert_int_equal(e.online, 1);
	assert_int_equal(status(&d, &e, T0 + SEC, false), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_COMM, 1, 4, T0 + SEC);
	assert_string_equal(act[0].message, "gateway offline");
	assert_int_equal(e.online, 0);
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "offline");
	assert_int_equal(status(&d, &e, T0 + 2 * SEC, false), 0);
	assert_int_equal(status(&d, &e, T0 + 3 * SEC, true), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_COMM, 0, 4, T0 + 3 * SEC);
	assert_string_equal(act[0].message, "gateway online");
}

static void test_alarm_silence_longer_than_comm_timeout_raises_comm_via_tick(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.comm_timeout_ms = 300 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 5);
	assert_int_equal(tick(&d, &e, T0 + 299 * SEC), 0);
	assert_int_equal(tick(&d, &e, T0 + 301 * SEC), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_COMM, 1, 4, T0 + 300 * SEC);
	assert_string_equal(act[0].message, "no data for 300 s");
	assert_int_equal(tick(&d, &e, T0 + 900 * SEC), 0);
	/* data proves the link and is evaluated in the same call */
	assert_int_equal(reading(&d, &e, T0 + 901 * SEC, 35), 2);
	assert_action(0, PW_ACT_RETURN, PW_COND_COMM, 0, 4, T0 + 901 * SEC);
	assert_string_equal(act[0].message, "data received");
	assert_action(1, PW_ACT_RAISE, PW_COND_LIMIT, 1, 2, T0 + 901 * SEC);
}

static void test_alarm_comm_fault_is_measured_from_the_first_tick_of_a_silent_sensor(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.comm_timeout_ms = 60 * SEC;
	pw_sensor_eval_init(&e);
	assert_int_equal(tick(&d, &e, T0), 0);
	assert_int_equal(e.last_heard, T0);
	assert_int_equal(tick(&d, &e, T0 + 59 * SEC), 0);
	assert_int_equal(tick(&d, &e, T0 + 60 * SEC), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_COMM, 1, 4, T0 + 60 * SEC);
}

static void test_alarm_retained_online_does_not_return_a_silence_comm_alarm(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.comm_timeout_ms = 60 * SEC;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 5);
	assert_int_equal(tick(&d, &e, T0 + 61 * SEC), 1);
	assert_int_equal(status(&d, &e, T0 + 62 * SEC, true), 0);
	assert_true(e.comm_active);
	/* offline then online: the gateway itself says the link is back */
	assert_int_equal(status(&d, &e, T0 + 63 * SEC, false), 0);
	assert_int_equal(status(&d, &e, T0 + 64 * SEC, true), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_COMM, 0, 4, T0 + 64 * SEC);
}

static void test_alarm_events_also_prove_the_link(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	pw_sensor_def_init(&d, PW_KIND_SMOKE);
	d.comm_timeout_ms = 60 * SEC;
	pw_sensor_eval_init(&e);
	event(&d, &e, T0, PW_EVENT_CLEAR, NULL);
	assert_int_equal(tick(&d, &e, T0 + 30 * SEC), 0);
	event(&d, &e, T0 + 50 * SEC, PW_EVENT_CLEAR, NULL);
	assert_int_equal(tick(&d, &e, T0 + 100 * SEC), 0);
	assert_int_equal(tick(&d, &e, T0 + 110 * SEC), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_COMM, 1, 4, T0 + 110 * SEC);
	assert_int_equal(event(&d, &e, T0 + 120 * SEC, PW_EVENT_CLEAR, NULL), 1);
	assert_action(0, PW_ACT_RETURN, PW_COND_COMM, 0, 4, T0 + 120 * SEC);
}

static void test_alarm_comm_timeout_zero_disables_silence_detection(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.comm_timeout_ms = 0;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 5);
	assert_int_equal(tick(&d, &e, T0 + 365LL * 24 * 3600 * SEC), 0);
	assert_int_equal(status(&d, &e, T0 + 1, false), 1);   /* offline still counts */
}

/* ------------------------------------------------------------ service */

static void test_alarm_out_of_service_sensor_produces_no_actions_but_keeps_its_value(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.in_service = false;
	d.comm_timeout_ms = 10 * SEC;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 99), 0);
	assert_dbl(e.last_value, 99);
	assert_int_equal(e.last_ts, T0);
	assert_int_equal(event(&d, &e, T0, PW_EVENT_TAMPER, NULL), 0);
	assert_int_equal(status(&d, &e, T0, false), 0);
	assert_int_equal(e.online, 0);
	assert_int_equal(tick(&d, &e, T0 + 3600 * SEC), 0);
	assert_string_equal(pw_alarm_sensor_state(&d, &e), "oos");
	/* back in service, the next reading is evaluated normally */
	d.in_service = true;
	assert_int_equal(reading(&d, &e, T0 + 3601 * SEC, 99), 1);
	assert_action(0, PW_ACT_RAISE, PW_COND_LIMIT, 2, 1, T0 + 3601 * SEC);
}

static void test_alarm_removing_from_service_returns_every_active_condition(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	o2_def(&d);
	d.on_delay_ms = 0;
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0, 24);
	event(&d, &e, T0, PW_EVENT_FAULT, NULL);
	status(&d, &e, T0, false);
	int n = pw_alarm_remove_from_service(&d, &e, T0 + SEC, act, PW_ALARM_MAX_ACTIONS);
	assert_int_equal(n, 3);
	assert_action(0, PW_ACT_RETURN, PW_COND_OPPOSITE, 0, 2, T0 + SEC);
	assert_action(1, PW_ACT_RETURN, PW_COND_FAULT, 0, 4, T0 + SEC);
	assert_action(2, PW_ACT_RETURN, PW_COND_COMM, 0, 4, T0 + SEC);
	assert_string_equal(act[0].message, "removed from service");
	assert_false(e.comm_active);
	assert_int_equal(e.opposite.level, 0);
	assert_dbl(e.last_value, 24);
	assert_int_equal(pw_alarm_remove_from_service(&d, &e, T0 + 2 * SEC, act, PW_ALARM_MAX_ACTIONS),
	                 0);
}

static void test_alarm_feed_refuses_bad_arguments_without_changing_state(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, NAN), -1);
	assert_int_equal(reading(&d, &e, T0, INFINITY), -1);
	assert_false(e.has_value);
	assert_int_equal(pw_alarm_feed_reading(&d, &e, T0, 99, act, PW_ALARM_MAX_ACTIONS - 1), -1);
	assert_int_equal(e.limit.level, 0);
	assert_int_equal(pw_alarm_feed_event(&d, &e, T0, (enum pw_event)42, NULL, act,
	                                     PW_ALARM_MAX_ACTIONS), -1);
	assert_int_equal(pw_alarm_feed_status(&d, &e, T0, false, act, 1), -1);
	assert_int_equal(pw_alarm_tick(&d, &e, T0, act, 0), -1);
	assert_int_equal(e.last_heard, PW_TS_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alarm_reading_below_l1_raises_nothing),
		cmocka_unit_test(test_alarm_reading_at_l1_raises_level_1_priority_2),
		cmocka_unit_test(test_alarm_reading_at_l2_from_normal_raises_level_2_priority_1_at_once),
		cmocka_unit_test(test_alarm_crossing_l2_escalates_the_same_alarm),
		cmocka_unit_test(test_alarm_falling_below_l2_deescalates_to_l1),
		cmocka_unit_test(test_alarm_falling_below_l1_returns),
		cmocka_unit_test(test_alarm_dropping_from_l2_to_normal_is_one_return),
		cmocka_unit_test(test_alarm_returns_to_normal_only_below_deadband),
		cmocka_unit_test(test_alarm_deescalates_only_below_l2_minus_deadband),
		cmocka_unit_test(test_alarm_low_direction_mirrors_high),
		cmocka_unit_test(test_alarm_o2_low_raises_priority_1),
		cmocka_unit_test(test_alarm_o2_high_raises_the_opposite_condition_priority_2),
		cmocka_unit_test(test_alarm_o2_swinging_from_low_to_high_returns_one_and_raises_the_other),
		cmocka_unit_test(test_alarm_sensor_with_only_l2_raises_straight_at_level_2),
		cmocka_unit_test(test_alarm_sensor_without_limits_never_raises),
		cmocka_unit_test(test_alarm_on_delay_short_spike_does_not_raise),
		cmocka_unit_test(test_alarm_on_delay_sustained_condition_raises_when_the_delay_is_complete),
		cmocka_unit_test(test_alarm_on_delay_raise_is_dated_when_the_delay_completed),
		cmocka_unit_test(test_alarm_on_delay_restarts_after_a_dip),
		cmocka_unit_test(test_alarm_on_delay_is_completed_by_tick_on_the_last_value),
		cmocka_unit_test(test_alarm_on_delay_l1_then_l2_by_tick_gives_raise_then_escalate),
		cmocka_unit_test(test_alarm_on_delay_applies_to_escalation),
		cmocka_unit_test(test_alarm_on_delay_does_not_delay_the_return),
		cmocka_unit_test(test_alarm_on_delay_tick_does_not_trust_a_stale_value),
		cmocka_unit_test(test_alarm_tick_due_is_the_next_time_a_tick_acts),
		cmocka_unit_test(test_alarm_tick_due_skips_a_delay_the_value_goes_stale_before),
		cmocka_unit_test(test_alarm_smoke_alarm_and_clear_raise_and_return_the_event),
		cmocka_unit_test(test_alarm_flame_is_critical_and_camera_is_priority_2),
		cmocka_unit_test(test_alarm_fault_and_tamper_are_their_own_conditions),
		cmocka_unit_test(test_alarm_event_detail_is_cut_whole_in_the_message),
		cmocka_unit_test(test_alarm_late_event_is_ignored),
		cmocka_unit_test(test_alarm_late_reading_beyond_a_limit_is_an_alarm_that_already_returned),
		cmocka_unit_test(test_alarm_late_l2_reading_while_at_l1_escalates_and_comes_back),
		cmocka_unit_test(test_alarm_late_reading_never_moves_an_alarm_back),
		cmocka_unit_test(test_alarm_late_reading_of_a_sensor_with_an_on_delay_raises_nothing),
		cmocka_unit_test(test_alarm_gas_detector_alarm_event_is_honoured),
		cmocka_unit_test(test_alarm_status_offline_raises_comm_and_online_returns_it),
		cmocka_unit_test(test_alarm_silence_longer_than_comm_timeout_raises_comm_via_tick),
		cmocka_unit_test(test_alarm_comm_fault_is_measured_from_the_first_tick_of_a_silent_sensor),
		cmocka_unit_test(test_alarm_retained_online_does_not_return_a_silence_comm_alarm),
		cmocka_unit_test(test_alarm_events_also_prove_the_link),
		cmocka_unit_test(test_alarm_comm_timeout_zero_disables_silence_detection),
		cmocka_unit_test(test_alarm_out_of_service_sensor_produces_no_actions_but_keeps_its_value),
		cmocka_unit_test(test_alarm_removing_from_service_returns_every_active_condition),
		cmocka_unit_test(test_alarm_feed_refuses_bad_arguments_without_changing_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
