/*
 * test_alarm.c - the alarm engine (limits, deadband, on-delay, detectors,
 * comm), the ISA-18.2 record state machine, priorities, flood detection and
 * the engine state's JSON round trip.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/alarm.h"

#define T0 1764318300000LL
#define SEC 1000LL
#define MIN (60 * SEC)

/* cmocka 1.1 has no assert_double_equal; the values compared here are exact. */
#define assert_dbl(got, want)                                                              \
	do {                                                                                   \
		double got_ = (got), want_ = (want);                                               \
		if (!(got_ == want_))                                                              \
			fail_msg("%s = %.17g, want %.17g", #got, got_, want_);                         \
	} while (0)

static struct pw_alarm_action act[PW_ALARM_MAX_ACTIONS];

/* Each feed returns its action count; the actions are in act[]. */
static int reading(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t ts, double v)
{
	return pw_alarm_feed_reading(d, e, ts, v, act, PW_ALARM_MAX_ACTIONS);
}

static int event(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t ts,
                 enum pw_event ev, const char *detail)
{
	return pw_alarm_feed_event(d, e, ts, ev, detail, act, PW_ALARM_MAX_ACTIONS);
}

static int status(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t ts, bool on)
{
	return pw_alarm_feed_status(d, e, ts, on, act, PW_ALARM_MAX_ACTIONS);
}

static int tick(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t now)
{
	return pw_alarm_tick(d, e, now, act, PW_ALARM_MAX_ACTIONS);
}

#define assert_action(i, k, c, lvl, prio, t)                                               \
	do {                                                                                   \
		assert_int_equal(act[i].kind, (k));                                                \
		assert_int_equal(act[i].cond, (c));                                                \
		assert_int_equal(act[i].level, (lvl));                                             \
		assert_int_equal(act[i].priority, (prio));                                         \
		assert_int_equal(act[i].ts, (t));                                                  \
	} while (0)

/* Ammonia, mg/m3: L1 at PC-STEL 30, L2 at 2 x 30 = 60 (high). */
static void nh3_def(struct pw_sensor_def *d)
{
	pw_sensor_def_init(d, PW_KIND_NH3);
	d->has_l1 = true;
	d->l1 = 30;
	d->has_l2 = true;
	d->l2 = 60;
	snprintf(d->unit, sizeof d->unit, "mg/m3");
}

/* Oxygen in a confined space: low 19.5 / 18.0 %vol, high (opposite) 23.5. */
static void o2_def(struct pw_sensor_def *d)
{
	pw_sensor_def_init(d, PW_KIND_O2);
	d->direction = PW_DIR_LOW;
	d->has_l1 = true;
	d->l1 = 19.5;
	d->has_l2 = true;
	d->l2 = 18.0;
	d->has_opposite = true;
	d->opposite_l1 = 23.5;
	snprintf(d->unit, sizeof d->unit, "%%vol");
}

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

static void test_alarm_late_reading_is_ignored(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	pw_sensor_eval_init(&e);
	reading(&d, &e, T0 + 10 * SEC, 5);
	assert_int_equal(reading(&d, &e, T0, 99), 0);
	assert_int_equal(e.limit.level, 0);
	assert_dbl(e.last_value, 5);
	assert_int_equal(e.last_ts, T0 + 10 * SEC);
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

/* -------------------------------------------------------------- priorities */

static void test_alarm_default_priorities_follow_the_documented_table(void **state)
{
	(void)state;
	enum pw_sensor_kind gas[] = {PW_KIND_NH3, PW_KIND_LEL, PW_KIND_CO, PW_KIND_H2S};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(pw_alarm_priority(NULL, gas[i], PW_COND_LIMIT, 2), 1);
		assert_int_equal(pw_alarm_priority(NULL, gas[i], PW_COND_LIMIT, 1), 2);
		assert_true(pw_sensor_kind_gas(gas[i]));
	}
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_O2, PW_COND_LIMIT, 1), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_O2, PW_COND_LIMIT, 2), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_O2, PW_COND_OPPOSITE, 1), 2);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_TEMP, PW_COND_LIMIT, 1), 3);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_TEMP, PW_COND_LIMIT, 2), 2);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_SMOKE, PW_COND_EVENT, 1), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_FLAME, PW_COND_EVENT, 1), 1);
	assert_int_equal(pw_alarm_priority(NULL, PW_KIND_CAMERA, PW_COND_EVENT, 1), 2);
	for (int k = 0; k < PW_KIND_COUNT; k++) {
		assert_int_equal(pw_alarm_priority(NULL, (enum pw_sensor_kind)k, PW_COND_TAMPER, 1), 2);
		assert_int_equal(pw_alarm_priority(NULL, (enum pw_sensor_kind)k, PW_COND_FAULT, 1), 4);
		assert_int_equal(pw_alarm_priority(NULL, (enum pw_sensor_kind)k, PW_COND_COMM, 1), 4);
	}
}

static void test_alarm_priority_table_overrides_defaults(void **state)
{
	(void)state;
	struct pw_priority_table t;
	pw_priority_table_defaults(&t);
	for (int k = 0; k < PW_KIND_COUNT; k++)
		for (int c = 0; c < PW_COND_COUNT; c++)
			for (int l = 1; l <= 2; l++)
				assert_int_equal(pw_alarm_priority(&t, (enum pw_sensor_kind)k, (enum pw_condition)c, l),
				                 pw_alarm_priority(NULL, (enum pw_sensor_kind)k, (enum pw_condition)c, l));
	t.prio[PW_KIND_NH3][PW_COND_LIMIT][0] = 1;   /* this site: ammonia L1 is critical */
	t.prio[PW_KIND_CO][PW_COND_LIMIT][0] = 0;    /* invalid cell: default applies */
	struct pw_sensor_def d;
	struct pw_sensor_eval e;
	nh3_def(&d);
	d.prio = &t;
	pw_sensor_eval_init(&e);
	assert_int_equal(reading(&d, &e, T0, 31), 1);
	assert_int_equal(act[0].priority, 1);
	assert_int_equal(pw_alarm_priority(&t, PW_KIND_CO, PW_COND_LIMIT, 1), 2);
}

static void test_alarm_priority_labels_are_short_ascii_and_long_chinese(void **state)
{
	(void)state;
	assert_string_equal(pw_priority_label(1), "P1");
	assert_string_equal(pw_priority_label(2), "P2");
	assert_string_equal(pw_priority_label(3), "P3");
	assert_string_equal(pw_priority_label(4), "DIAG");
	assert_string_equal(pw_priority_label(0), "P?");
	assert_string_equal(pw_priority_label(5), "P?");
	assert_string_equal(pw_priority_label_zh(1), "P1 紧急");
	assert_string_equal(pw_priority_label_zh(4), "诊断");
	assert_string_equal(pw_priority_label_zh(-1), "未知");
}

static void test_alarm_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < PW_KIND_COUNT; k++) {
		enum pw_sensor_kind out;
		assert_int_equal(pw_sensor_kind_parse(pw_sensor_kind_name((enum pw_sensor_kind)k), &out), 0);
		assert_int_equal(out, k);
	}
	for (int c = 0; c < PW_COND_COUNT; c++) {
		enum pw_condition out;
		assert_int_equal(pw_condition_parse(pw_condition_name((enum pw_condition)c), &out), 0);
		assert_int_equal(out, c);
	}
	for (int s = PW_AST_UNACK; s <= PW_AST_SHELVED; s++) {
		enum pw_alarm_state out;
		assert_int_equal(pw_alarm_state_parse(pw_alarm_state_name((enum pw_alarm_state)s), &out), 0);
		assert_int_equal(out, s);
	}
	enum pw_direction dir;
	assert_int_equal(pw_direction_parse("low", &dir), 0);
	assert_int_equal(dir, PW_DIR_LOW);
	assert_int_equal(pw_direction_parse("up", &dir), -1);
	enum pw_sensor_kind k;
	assert_int_equal(pw_sensor_kind_parse("NH3", &k), -1);
	assert_int_equal(pw_sensor_kind_parse(NULL, &k), -1);
	enum pw_condition c;
	assert_int_equal(pw_condition_parse("alarm", &c), -1);
	assert_string_equal(pw_action_kind_name(PW_ACT_DEESCALATE), "deescalate");
	assert_string_equal(pw_condition_name(PW_COND_OPPOSITE), "opposite");
	assert_false(pw_sensor_kind_discrete(PW_KIND_O2));
	assert_true(pw_sensor_kind_discrete(PW_KIND_FLAME));
}

/* -------------------------------------------------------- state as JSON */

static void assert_eval_equal(const struct pw_sensor_eval *a, const struct pw_sensor_eval *b)
{
	assert_int_equal(a->limit.level, b->limit.level);
	assert_int_equal(a->limit.since[0], b->limit.since[0]);
	assert_int_equal(a->limit.since[1], b->limit.since[1]);
	assert_int_equal(a->opposite.level, b->opposite.level);
	assert_int_equal(a->opposite.since[0], b->opposite.since[0]);
	assert_int_equal(a->opposite.since[1], b->opposite.since[1]);
	assert_int_equal(a->event_active, b->event_active);
	assert_int_equal(a->tamper_active, b->tamper_active);
	assert_int_equal(a->fault_active, b->fault_active);
	assert_int_equal(a->comm_active, b->comm_active);
	assert_int_equal(a->comm_by_status, b->comm_by_status);
	assert_int_equal(a->has_value, b->has_value);
	if (a->has_value)
		assert_memory_equal(&a->last_value, &b->last_value, sizeof a->last_value);
	assert_int_equal(a->last_ts, b->last_ts);
	assert_int_equal(a->last_event_ts, b->last_event_ts);
	assert_int_equal(a->last_heard, b->last_heard);
	assert_int_equal(a->online, b->online);
}

static void round_trip(const struct pw_sensor_eval *e)
{
	char *s = pw_alarm_state_to_json(e);
	struct pw_sensor_eval back;
	if (pw_alarm_state_from_json(s, &back) != 0)
		fail_msg("state did not parse back: %s", s);
	assert_eval_equal(e, &back);
	free(s);
}

static void test_alarm_state_json_round_trip_is_exact(void **state)
{
	(void)state;
	struct pw_sensor_eval e;
	pw_sensor_eval_init(&e);
	round_trip(&e);
	e.limit.level = 1;
	e.limit.since[1] = T0 - 5;
	e.opposite.since[0] = -7;
	e.event_active = e.fault_active = e.comm_active = e.comm_by_status = true;
	e.has_value = true;
	e.last_value = 0.1 + 0.2;   /* not representable in few digits */
	e.last_ts = T0;
	e.last_event_ts = T0 + 1;
	e.last_heard = INT64_MAX;
	e.online = 0;
	round_trip(&e);
	e.last_value = -1e-300;
	e.online = 1;
	e.tamper_active = true;
	e.opposite.level = 1;
	round_trip(&e);
	e.last_value = 42;   /* integral: must still come back as this double */
	round_trip(&e);
}

static void test_alarm_state_json_continues_evaluation_identically(void **state)
{
	(void)state;
	struct pw_sensor_def d;
	struct pw_sensor_eval a, b;
	nh3_def(&d);
	d.on_delay_ms = 30 * SEC;
	pw_sensor_eval_init(&a);
	reading(&d, &a, T0, 40);
	reading(&d, &a, T0 + 10 * SEC, 70);
	char *s = pw_alarm_state_to_json(&a);
	assert_int_equal(pw_alarm_state_from_json(s, &b), 0);
	free(s);
	struct pw_alarm_action first[PW_ALARM_MAX_ACTIONS];
	int n = tick(&d, &a, T0 + 60 * SEC);
	memcpy(first, act, sizeof act);
	assert_int_equal(tick(&d, &b, T0 + 60 * SEC), n);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		assert_int_equal(first[i].kind, act[i].kind);
		assert_int_equal(first[i].ts, act[i].ts);
		assert_string_equal(first[i].message, act[i].message);
	}
}

static void test_alarm_state_json_empty_or_null_is_a_fresh_state(void **state)
{
	(void)state;
	struct pw_sensor_eval e, fresh;
	pw_sensor_eval_init(&fresh);
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(pw_alarm_state_from_json(NULL, &e), 0);
	assert_eval_equal(&e, &fresh);
	memset(&e, 0x5a, sizeof e);
	assert_int_equal(pw_alarm_state_from_json("", &e), 0);
	assert_eval_equal(&e, &fresh);
	/* a minimal object (older writer) fills the rest with defaults */
	assert_int_equal(pw_alarm_state_from_json("{\"v\":1}", &e), 0);
	assert_eval_equal(&e, &fresh);
}

static void test_alarm_state_json_damaged_text_is_refused_with_a_fresh_state(void **state)
{
	(void)state;
	const char *bad[] = {
		"{", "[]", "null", "{\"v\":2}", "{\"v\":\"1\"}", "{}",
		"{\"v\":1,\"limit\":{\"level\":3}}",
		"{\"v\":1,\"limit\":{\"level\":-1}}",
		"{\"v\":1,\"limit\":{\"since\":[1]}}",
		"{\"v\":1,\"limit\":{\"since\":[\"x\",null]}}",
		"{\"v\":1,\"limit\":[]}",
		"{\"v\":1,\"event\":1}",
		"{\"v\":1,\"last_ts\":1.5}",
		"{\"v\":1,\"last_ts\":-9223372036854775808}",
		"{\"v\":1,\"last_value\":\"3\"}",
		"{\"v\":1,\"online\":1}",
		"{\"v\":1,\"v\":1}",
		"{\"v\":1} trailing",
	};
	struct pw_sensor_eval e, fresh;
	pw_sensor_eval_init(&fresh);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&e, 0x5a, sizeof e);
		if (pw_alarm_state_from_json(bad[i], &e) != -1)
			fail_msg("accepted damaged state %s", bad[i]);
		assert_eval_equal(&e, &fresh);
	}
}

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
		cmocka_unit_test(test_alarm_smoke_alarm_and_clear_raise_and_return_the_event),
		cmocka_unit_test(test_alarm_flame_is_critical_and_camera_is_priority_2),
		cmocka_unit_test(test_alarm_fault_and_tamper_are_their_own_conditions),
		cmocka_unit_test(test_alarm_event_detail_is_cut_whole_in_the_message),
		cmocka_unit_test(test_alarm_late_event_is_ignored),
		cmocka_unit_test(test_alarm_late_reading_is_ignored),
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
		cmocka_unit_test(test_alarm_default_priorities_follow_the_documented_table),
		cmocka_unit_test(test_alarm_priority_table_overrides_defaults),
		cmocka_unit_test(test_alarm_priority_labels_are_short_ascii_and_long_chinese),
		cmocka_unit_test(test_alarm_names_round_trip),
		cmocka_unit_test(test_alarm_state_json_round_trip_is_exact),
		cmocka_unit_test(test_alarm_state_json_continues_evaluation_identically),
		cmocka_unit_test(test_alarm_state_json_empty_or_null_is_a_fresh_state),
		cmocka_unit_test(test_alarm_state_json_damaged_text_is_refused_with_a_fresh_state),
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
