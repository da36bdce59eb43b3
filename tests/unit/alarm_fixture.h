/*
 * alarm_fixture.h - shared helpers of the alarm unit tests: a fixed clock,
 * feed wrappers that leave their actions in act[], and two typical sensors.
 */
#ifndef PW_TEST_ALARM_FIXTURE_H
#define PW_TEST_ALARM_FIXTURE_H

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

static struct pw_alarm_action act[PW_ALARM_MAX_ACTIONS] __attribute__((unused));

/* Each feed returns its action count; the actions are in act[]. */
static inline int reading(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t ts, double v)
{
	return pw_alarm_feed_reading(d, e, ts, v, act, PW_ALARM_MAX_ACTIONS);
}

static inline int event(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t ts,
                 enum pw_event ev, const char *detail)
{
	return pw_alarm_feed_event(d, e, ts, ev, detail, act, PW_ALARM_MAX_ACTIONS);
}

static inline int status(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t ts, bool on)
{
	return pw_alarm_feed_status(d, e, ts, on, act, PW_ALARM_MAX_ACTIONS);
}

static inline int tick(const struct pw_sensor_def *d, struct pw_sensor_eval *e, int64_t now)
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
static inline void nh3_def(struct pw_sensor_def *d)
{
	pw_sensor_def_init(d, PW_KIND_NH3);
	d->has_l1 = true;
	d->l1 = 30;
	d->has_l2 = true;
	d->l2 = 60;
	snprintf(d->unit, sizeof d->unit, "mg/m3");
}

/* Oxygen in a confined space: low 19.5 / 18.0 %vol, high (opposite) 23.5. */
static inline void o2_def(struct pw_sensor_def *d)
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

#endif
