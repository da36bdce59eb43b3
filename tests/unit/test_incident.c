/* test_incident.c - incident and dispatch rules, reading trends, regulation words, the linkage sector. */
#include <math.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "parkwatch/geo.h"
#include "parkwatch/incident.h"

static void test_incident_status_moves_only_forward_and_may_skip(void **state)
{
	(void)state;
	assert_true(pw_incident_status_allowed(PW_INC_PENDING, PW_INC_ACTIVE));
	assert_true(pw_incident_status_allowed(PW_INC_ACTIVE, PW_INC_CONTROLLED));
	assert_true(pw_incident_status_allowed(PW_INC_CONTROLLED, PW_INC_CLOSED));
	assert_true(pw_incident_status_allowed(PW_INC_PENDING, PW_INC_CONTROLLED));
	assert_false(pw_incident_status_allowed(PW_INC_ACTIVE, PW_INC_ACTIVE));
	assert_false(pw_incident_status_allowed(PW_INC_ACTIVE, PW_INC_PENDING));
	assert_false(pw_incident_status_allowed(PW_INC_CLOSED, PW_INC_ACTIVE));
}

static void test_dispatch_stages_advance_in_order_and_cleared_is_final(void **state)
{
	(void)state;
	assert_true(pw_dispatch_stage_allowed(PW_DSP_DISPATCHED, PW_DSP_EN_ROUTE));
	assert_true(pw_dispatch_stage_allowed(PW_DSP_EN_ROUTE, PW_DSP_ON_SCENE));
	assert_true(pw_dispatch_stage_allowed(PW_DSP_DISPATCHED, PW_DSP_ON_SCENE));
	assert_true(pw_dispatch_stage_allowed(PW_DSP_DISPATCHED, PW_DSP_CLEARED));
	assert_false(pw_dispatch_stage_allowed(PW_DSP_ON_SCENE, PW_DSP_EN_ROUTE));
	assert_false(pw_dispatch_stage_allowed(PW_DSP_EN_ROUTE, PW_DSP_EN_ROUTE));
	assert_false(pw_dispatch_stage_allowed(PW_DSP_CLEARED, PW_DSP_ON_SCENE));
	assert_string_equal(pw_dispatch_member_status(PW_DSP_EN_ROUTE), "en_route");
	assert_string_equal(pw_dispatch_member_status(PW_DSP_ON_SCENE), "on_scene");
	assert_string_equal(pw_dispatch_member_status(PW_DSP_CLEARED), "available");
}

static void test_names_round_trip_and_unknown_names_are_refused(void **state)
{
	(void)state;
	for (int t = 0; t < PW_INC_NTYPES; t++) {
		enum pw_incident_type back;
		assert_int_equal(pw_incident_type_parse(pw_incident_type_name(t), &back), 0);
		assert_int_equal(back, t);
	}
	enum pw_incident_type t;
	enum pw_incident_status s;
	enum pw_dispatch_stage d;
	assert_int_equal(pw_incident_type_parse("Leak", &t), -1);
	assert_int_equal(pw_incident_type_parse(NULL, &t), -1);
	assert_int_equal(pw_incident_status_parse("closed", &s), 0);
	assert_int_equal(s, PW_INC_CLOSED);
	assert_int_equal(pw_incident_status_parse("done", &s), -1);
	assert_int_equal(pw_dispatch_stage_parse("on_scene", &d), 0);
	assert_int_equal(d, PW_DSP_ON_SCENE);
	assert_int_equal(pw_dispatch_stage_parse("on scene", &d), -1);
	assert_string_equal(pw_incident_type_zh(PW_INC_POISONING), "中毒窒息");
}

static void test_trend_ignores_noise_below_two_percent_of_the_limit(void **state)
{
	(void)state;
	assert_int_equal(pw_reading_trend(20.0, 30.0, 30.0), 1);
	assert_int_equal(pw_reading_trend(30.0, 20.0, 30.0), -1);
	assert_int_equal(pw_reading_trend(20.0, 20.5, 30.0), 0);   /* 0.5 < 0.6 */
	assert_int_equal(pw_reading_trend(20.0, 20.7, 30.0), 1);
	/* Without a limit the earlier value is the scale; near zero, 0.01. */
	assert_int_equal(pw_reading_trend(100.0, 101.0, 0), 0);
	assert_int_equal(pw_reading_trend(0.0, 0.0001, 0), 0);
	assert_int_equal(pw_reading_trend(0.0, 0.5, 0), 1);
}

static void test_regulation_words_start_with_the_type_and_end_with_rescue(void **state)
{
	(void)state;
	const char *const *w = pw_incident_reg_words(PW_INC_LEAK);
	assert_string_equal(w[0], "泄漏");
	w = pw_incident_reg_words(PW_INC_POISONING);
	assert_string_equal(w[0], "中毒");
	bool confined = false;
	size_t n = 0;
	for (; w[n]; n++)
		confined |= strcmp(w[n], "有限空间") == 0;
	assert_true(confined);
	assert_string_equal(w[n - 1], "应急救援");
	for (int t = 0; t < PW_INC_NTYPES; t++)
		assert_non_null(pw_incident_reg_words(t)[0]);
}

static void test_linkage_sector_takes_thirty_degrees_either_side_of_downwind(void **state)
{
	(void)state;
	/* Wind from the east (90) blows toward 270: 1 km away at 245 and 295 is in, 235 is out. */
	const double lat = 29.33, lon = 120.10, km = 1.0 / 111.0;
	double h = PW_DOWNWIND_HALF_ANGLE_DEG, d;
	assert_true(pw_wind_downwind(90, lat, lon, lat, lon - km / 0.872, 2000, h, &d));
	double a245 = 245 * 3.14159265358979 / 180, a235 = 235 * 3.14159265358979 / 180;
	assert_true(pw_wind_downwind(90, lat, lon, lat + km * cos(a245),
	                             lon + km * sin(a245) / 0.872, 2000, h, NULL));
	assert_false(pw_wind_downwind(90, lat, lon, lat + km * cos(a235),
	                              lon + km * sin(a235) / 0.872, 2000, h, NULL));
	assert_false(pw_wind_downwind(90, lat, lon, lat, lon + km / 0.872, 2000, h, NULL));
	assert_false(pw_wind_downwind(90, lat, lon, lat, lon - 3 * km / 0.872, 2000, h, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incident_status_moves_only_forward_and_may_skip),
		cmocka_unit_test(test_dispatch_stages_advance_in_order_and_cleared_is_final),
		cmocka_unit_test(test_names_round_trip_and_unknown_names_are_refused),
		cmocka_unit_test(test_trend_ignores_noise_below_two_percent_of_the_limit),
		cmocka_unit_test(test_regulation_words_start_with_the_type_and_end_with_rescue),
		cmocka_unit_test(test_linkage_sector_takes_thirty_degrees_either_side_of_downwind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
