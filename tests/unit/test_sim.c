/* test_sim.c - the simulator's traffic model: determinism, bands, scenarios. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/sim.h"
#include "parkwatch/util.h"

#define T0 1800000000000LL   /* a fixed wall clock for the ts fields */

/*
 * A small park: a cold store (E1) with NH3 and smoke, E2 1 km north of it,
 * E3 1.5 km south, E4 with LEL, O2 and a camera; one weather station.
 */
static struct pw_sim_sensor sensors[] = {
	{"S1", "E1", "冷链物流", "nh3", "mg/m3", true, true, 30, 60, false, false, 0, true, 31.000, 121.0, true},
	{"S2", "E1", "冷链物流", "smoke", "", false, false, 0, 0, false, false, 0, true, 31.000, 121.0, true},
	{"S3", "E2", "五金", "nh3", "mg/m3", true, true, 30, 60, false, false, 0, true, 31.009, 121.0, false},
	{"S4", "E3", "五金", "nh3", "mg/m3", true, true, 30, 60, false, false, 0, true, 30.9865, 121.0, false},
	{"S5", "E4", "化工", "lel", "%LEL", true, true, 25, 50, false, false, 0, true, 31.000, 121.01, false},
	{"S6", "E4", "化工", "o2", "%vol", true, true, 19.5, 18, true, true, 23.5, true, 31.000, 121.01, false},
	{"S7", "E4", "化工", "camera", "", false, false, 0, 0, false, false, 0, true, 31.000, 121.01, false},
	{"S8", "E5", "化工", "co", "ppm", true, true, 24, 48, false, false, 0, true, 31.02, 121.02, false},
};
static struct pw_sim_station stations[] = {{"W1", true, 31.0, 121.005}};
static const struct pw_sim_park park = {sensors, PW_ARRAY_LEN(sensors), stations, 1};

static struct pw_sim *make(enum pw_sim_scenario sc, uint64_t seed, double rate)
{
	struct pw_sim_params p = {sc, seed, rate, "park", 2.0};
	char *err = NULL;
	struct pw_sim *s = pw_sim_new(&park, &p, &err);
	if (!s)
		fail_msg("pw_sim_new: %s", err);
	return s;
}

/* Value of a reading payload, or NAN-free sentinel when not a reading. */
static bool reading_value(const struct pw_sim_msg *m, const char *sensor, double *v)
{
	char want[64];
	snprintf(want, sizeof want, "/%s/reading", sensor);
	const char *p = strstr(m->payload, "\"value\":");
	if (m->kind != PW_SIM_READING || !strstr(m->topic, want) || !p)
		return false;
	*v = strtod(p + 8, NULL);
	return true;
}

static long long payload_ts(const struct pw_sim_msg *m)
{
	const char *p = strstr(m->payload, "\"ts\":");
	return p ? strtoll(p + 5, NULL, 10) : -1;
}

static void test_same_seed_gives_same_topics_and_values(void **state)
{
	(void)state;
	struct pw_sim *a = make(PW_SIM_STORM, 5, 100), *b = make(PW_SIM_STORM, 5, 100);
	struct pw_sim *c = make(PW_SIM_STORM, 6, 100);
	struct pw_sim_msg ma, mb, mc;
	int differ_from_c = 0;
	for (int i = 0; i < 5000; i++) {
		bool ha = pw_sim_next(a, T0 + i, &ma);
		/* A different wall clock changes only ts. */
		bool hb = pw_sim_next(b, T0 + 7 * i + 3, &mb);
		bool hc = pw_sim_next(c, T0 + i, &mc);
		assert_int_equal(ha, hb);
		if (!ha)
			continue;
		assert_string_equal(ma.topic, mb.topic);
		const char *ra = strchr(ma.payload, ','), *rb = strchr(mb.payload, ',');
		if (ma.kind == PW_SIM_STATUS)
			assert_string_equal(ma.payload, mb.payload);
		else
			assert_string_equal(ra, rb);
		if (hc && strcmp(ma.topic, mc.topic) != 0)
			differ_from_c++;
	}
	assert_true(differ_from_c > 100);
	pw_sim_free(a);
	pw_sim_free(b);
	pw_sim_free(c);
}

static void test_ts_strictly_increases_per_sensor_even_with_a_stopped_clock(void **state)
{
	(void)state;
	struct pw_sim *s = make(PW_SIM_NORMAL, 1, 1000);
	long long last[PW_ARRAY_LEN(sensors) + 1];
	for (size_t k = 0; k < PW_ARRAY_LEN(last); k++)
		last[k] = -1;
	struct pw_sim_msg m;
	for (int i = 0; i < 3000; i++) {
		if (!pw_sim_next(s, T0, &m) || m.kind == PW_SIM_STATUS)
			continue;
		size_t k = PW_ARRAY_LEN(sensors);
		for (size_t j = 0; j < PW_ARRAY_LEN(sensors); j++) {
			char want[32];
			snprintf(want, sizeof want, "/%s/", sensors[j].code);
			if (strstr(m.topic, want))
				k = j;
		}
		long long ts = payload_ts(&m);
		assert_true(ts > last[k]);
		last[k] = ts;
	}
	pw_sim_free(s);
}

static void test_normal_readings_stay_in_band_and_every_analog_sensor_reports(void **state)
{
	(void)state;
	/* 600 steps at 10/s = the first minute: excursions aside, well below L1. */
	struct pw_sim *s = make(PW_SIM_NORMAL, 3, 10);
	struct pw_sim_msg m;
	int seen[PW_ARRAY_LEN(sensors)] = {0}, wind = 0, above = 0;
	for (int i = 0; i < 600; i++) {
		if (!pw_sim_next(s, T0 + i * 100, &m))
			continue;
		wind += m.kind == PW_SIM_WIND;
		for (size_t j = 0; j < PW_ARRAY_LEN(sensors); j++) {
			double v;
			if (!reading_value(&m, sensors[j].code, &v))
				continue;
			seen[j]++;
			if (sensors[j].low ? v <= sensors[j].l1 : v >= sensors[j].l1)
				above++;
			if (strcmp(sensors[j].kind, "o2") == 0)
				assert_true(v > 20.0 && v < 21.8);
		}
	}
	for (size_t j = 0; j < PW_ARRAY_LEN(sensors); j++)
		if (strcmp(sensors[j].kind, "smoke") && strcmp(sensors[j].kind, "camera"))
			assert_true(seen[j] > 50);
	assert_true(wind >= 11 && wind <= 13);   /* one station, every 5 s */
	assert_true(above < 20);                 /* at most one short excursion */
	pw_sim_free(s);
}

/* Simulated seconds at which SENSOR's readings first reach VALUE (-1 never). */
static double first_reach(enum pw_sim_scenario sc, uint64_t seed, const char *sensor, double value,
                          int steps)
{
	struct pw_sim *s = make(sc, seed, 10);
	struct pw_sim_msg m;
	double at = -1;
	for (int i = 0; i < steps && at < 0; i++) {
		double v;
		if (pw_sim_next(s, T0 + i * 100, &m) && reading_value(&m, sensor, &v) && v >= value)
			at = i / 10.0;
	}
	pw_sim_free(s);
	return at;
}

/* SENSOR's last reading within STEPS steps of SC at seed SEED. */
static double last_value(enum pw_sim_scenario sc, uint64_t seed, const char *sensor, int steps)
{
	struct pw_sim *s = make(sc, seed, 10);
	struct pw_sim_msg m;
	double last = -1, v;
	for (int i = 0; i < steps; i++)
		if (pw_sim_next(s, T0 + i * 100, &m) && reading_value(&m, sensor, &v))
			last = v;
	pw_sim_free(s);
	return last;
}

static void test_ammonia_leak_crosses_l1_then_l2_within_a_minute_at_the_cold_store(void **state)
{
	(void)state;
	double l1 = first_reach(PW_SIM_AMMONIA_LEAK, 9, "S1", 30, 1200);
	double l2 = first_reach(PW_SIM_AMMONIA_LEAK, 9, "S1", 60, 1200);
	assert_true(l1 > 10 && l1 < l2);
	assert_true(l2 < 75);
}

static void test_ammonia_leak_reaches_the_downwind_neighbour_later_not_the_upwind_one(void **state)
{
	(void)state;
	/* E2 (1 km north) is the nearest NH3 neighbour: the wind blows toward it. */
	for (uint64_t seed = 1; seed <= 5; seed++) {
		struct pw_sim *s = make(PW_SIM_AMMONIA_LEAK, seed, 10);
		const char *d = pw_sim_describe(s);
		assert_non_null(strstr(d, "NH3 leak at E1"));
		assert_non_null(strstr(d, " E2 1.0 km"));
		assert_null(strstr(d, " E3 "));
		assert_non_null(strstr(d, "smoke alarm at S2"));
		pw_sim_free(s);
	}
	double src = first_reach(PW_SIM_AMMONIA_LEAK, 9, "S1", 30, 6000);
	double nb = first_reach(PW_SIM_AMMONIA_LEAK, 9, "S3", 30, 6000);
	assert_true(src > 0 && nb > src + 60);
	/* Ten minutes in, the gas still hangs downwind; upwind is normal. */
	assert_true(last_value(PW_SIM_AMMONIA_LEAK, 9, "S3", 6000) >= 30);
	assert_true(last_value(PW_SIM_AMMONIA_LEAK, 9, "S4", 6000) < 30);
}

static void test_leak_smoke_alarm_comes_after_four_minutes(void **state)
{
	(void)state;
	struct pw_sim *s = make(PW_SIM_AMMONIA_LEAK, 9, 10);
	struct pw_sim_msg m;
	double at = -1;
	for (int i = 0; i < 3000 && at < 0; i++)
		if (pw_sim_next(s, T0 + i * 100, &m) && m.kind == PW_SIM_EVENT &&
		    strstr(m.topic, "/S2/event") && strstr(m.payload, "\"alarm\""))
			at = i / 10.0;
	assert_true(at >= 249 && at <= 251);
	pw_sim_free(s);
}

static void test_storm_takes_gateways_offline_and_back_and_raises_many_limits(void **state)
{
	(void)state;
	struct pw_sim *s = make(PW_SIM_STORM, 2, 10);
	struct pw_sim_msg m;
	int offline = 0, online_after = 0, beyond = 0;
	for (int i = 0; i < 2400; i++) {
		if (!pw_sim_next(s, T0 + i * 100, &m))
			continue;
		if (m.kind == PW_SIM_STATUS && strcmp(m.payload, "offline") == 0) {
			assert_true(m.retain);
			offline++;
		}
		if (m.kind == PW_SIM_STATUS && strcmp(m.payload, "online") == 0 && offline)
			online_after++;
		for (size_t j = 0; j < PW_ARRAY_LEN(sensors); j++) {
			double v;
			if (reading_value(&m, sensors[j].code, &v) &&
			    (sensors[j].low ? v <= sensors[j].l1 : v >= sensors[j].l1))
				beyond++;
		}
	}
	assert_true(offline > 0);
	assert_true(online_after >= offline);
	assert_true(beyond > 10);
	pw_sim_free(s);
}

static void test_restore_brings_back_gateways_left_offline(void **state)
{
	(void)state;
	struct pw_sim *s = make(PW_SIM_STORM, 2, 10);
	struct pw_sim_msg m;
	for (int i = 0; i < 600; i++)   /* 60 s: outages under way */
		pw_sim_next(s, T0 + i * 100, &m);
	int n = 0;
	while (pw_sim_restore(s, T0, &m)) {
		assert_string_equal(m.payload, "online");
		assert_true(m.retain);
		n++;
	}
	assert_true(n > 0);
	pw_sim_free(s);
}

static void test_scenarios_refuse_parks_they_cannot_run_on(void **state)
{
	(void)state;
	struct pw_sim_park empty = {NULL, 0, NULL, 0};
	struct pw_sim_park no_nh3 = {&sensors[4], 3, NULL, 0};
	struct pw_sim_params p = {PW_SIM_AMMONIA_LEAK, 1, 10, "park", 2.0};
	char *err = NULL;
	assert_null(pw_sim_new(&empty, &p, &err));
	assert_non_null(strstr(err, "no sensors"));
	free(err);
	assert_null(pw_sim_new(&no_nh3, &p, &err));
	assert_non_null(strstr(err, "NH3"));
	free(err);
	enum pw_sim_scenario sc;
	assert_int_equal(pw_sim_scenario_parse("ammonia-leak", &sc), 0);
	assert_int_equal(sc, PW_SIM_AMMONIA_LEAK);
	assert_int_equal(pw_sim_scenario_parse("fire", &sc), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_gives_same_topics_and_values),
		cmocka_unit_test(test_ts_strictly_increases_per_sensor_even_with_a_stopped_clock),
		cmocka_unit_test(test_normal_readings_stay_in_band_and_every_analog_sensor_reports),
		cmocka_unit_test(test_ammonia_leak_crosses_l1_then_l2_within_a_minute_at_the_cold_store),
		cmocka_unit_test(test_ammonia_leak_reaches_the_downwind_neighbour_later_not_the_upwind_one),
		cmocka_unit_test(test_leak_smoke_alarm_comes_after_four_minutes),
		cmocka_unit_test(test_storm_takes_gateways_offline_and_back_and_raises_many_limits),
		cmocka_unit_test(test_restore_brings_back_gateways_left_offline),
		cmocka_unit_test(test_scenarios_refuse_parks_they_cannot_run_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
