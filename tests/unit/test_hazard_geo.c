/* test_hazard_geo.c - the hazard loop's legal moves, dates, and the downwind sector. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "parkwatch/geo.h"
#include "parkwatch/hazard.h"
#include "parkwatch/util.h"

static int move(enum pw_hazard_status from, enum pw_hazard_status to, const char *op,
                const char *submitter, const char *assignee, const char *note, char *why)
{
	struct pw_hazard_move m = {from, to, op, submitter, assignee, NULL, note};
	return pw_hazard_check_move(&m, why, 200);
}

static void test_every_forward_step_of_the_loop_is_legal(void **state)
{
	(void)state;
	char why[200];
	assert_int_equal(move(PW_HZ_REPORTED, PW_HZ_ASSIGNED, "a", NULL, "张伟", NULL, why), 0);
	assert_int_equal(move(PW_HZ_ASSIGNED, PW_HZ_RECTIFYING, "a", NULL, NULL, NULL, why), 0);
	assert_int_equal(move(PW_HZ_RECTIFYING, PW_HZ_SUBMITTED, "a", NULL, NULL, NULL, why), 0);
	assert_int_equal(move(PW_HZ_SUBMITTED, PW_HZ_VERIFIED, "b", "a", NULL, NULL, why), 0);
	assert_int_equal(move(PW_HZ_VERIFIED, PW_HZ_CLOSED, "b", NULL, NULL, NULL, why), 0);
}

/* All 36 (from, to) pairs: exactly the loop's arrows are legal. */
static void test_every_pair_of_statuses_is_legal_only_along_the_loop(void **state)
{
	(void)state;
	static const int legal[PW_HZ_COUNT][PW_HZ_COUNT] = {
		[PW_HZ_REPORTED][PW_HZ_ASSIGNED] = 1,
		[PW_HZ_ASSIGNED][PW_HZ_RECTIFYING] = 1,
		[PW_HZ_RECTIFYING][PW_HZ_SUBMITTED] = 1,
		[PW_HZ_SUBMITTED][PW_HZ_VERIFIED] = 1,
		[PW_HZ_SUBMITTED][PW_HZ_RECTIFYING] = 1,
		[PW_HZ_VERIFIED][PW_HZ_CLOSED] = 1,
	};
	for (int f = 0; f < PW_HZ_COUNT; f++) {
		for (int t = 0; t < PW_HZ_COUNT; t++) {
			/* Everything a move may need is supplied: only the arrow decides. */
			struct pw_hazard_move m = {(enum pw_hazard_status)f, (enum pw_hazard_status)t,
			                           "verifier", "submitter", "张伟", NULL, "note"};
			char why[200] = "";
			int rc = pw_hazard_check_move(&m, why, sizeof why);
			if (legal[f][t])
				assert_int_equal(rc, 0);
			else {
				assert_int_equal(rc, -1);
				assert_true(strlen(why) > 0);
			}
		}
	}
}

static void test_skipping_a_step_is_refused_and_names_what_is_allowed(void **state)
{
	(void)state;
	char why[200];
	assert_int_equal(move(PW_HZ_REPORTED, PW_HZ_VERIFIED, "a", NULL, NULL, NULL, why), -1);
	assert_non_null(strstr(why, "allowed next: assigned"));
	assert_int_equal(move(PW_HZ_ASSIGNED, PW_HZ_CLOSED, "a", NULL, NULL, NULL, why), -1);
	assert_non_null(strstr(why, "rectifying"));
	assert_int_equal(move(PW_HZ_CLOSED, PW_HZ_REPORTED, "a", NULL, NULL, NULL, why), -1);
	assert_non_null(strstr(why, "closed"));
}

static void test_submitted_can_be_rejected_back_only_with_a_note(void **state)
{
	(void)state;
	char why[200];
	assert_true(pw_hazard_is_rejection(PW_HZ_SUBMITTED, PW_HZ_RECTIFYING));
	assert_int_equal(move(PW_HZ_SUBMITTED, PW_HZ_RECTIFYING, "b", "a", NULL, NULL, why), -1);
	assert_non_null(strstr(why, "--note"));
	assert_int_equal(move(PW_HZ_SUBMITTED, PW_HZ_RECTIFYING, "b", "a", NULL, "照片不清", why), 0);
}

static void test_submitter_cannot_verify_own_rectification(void **state)
{
	(void)state;
	char why[200];
	assert_int_equal(move(PW_HZ_SUBMITTED, PW_HZ_VERIFIED, "李娜", "李娜", NULL, NULL, why), -1);
	assert_non_null(strstr(why, "cannot also verify"));
}

static void test_assigning_needs_an_assignee(void **state)
{
	(void)state;
	char why[200];
	assert_int_equal(move(PW_HZ_REPORTED, PW_HZ_ASSIGNED, "a", NULL, NULL, NULL, why), -1);
	assert_non_null(strstr(why, "--assignee"));
}

static void test_overdue_only_when_past_deadline_and_still_open(void **state)
{
	(void)state;
	assert_true(pw_hazard_overdue(PW_HZ_RECTIFYING, "2026-11-27", "2026-11-28"));
	assert_false(pw_hazard_overdue(PW_HZ_RECTIFYING, "2026-11-28", "2026-11-28"));
	assert_false(pw_hazard_overdue(PW_HZ_VERIFIED, "2026-01-01", "2026-11-28"));
	assert_false(pw_hazard_overdue(PW_HZ_CLOSED, "2026-01-01", "2026-11-28"));
	assert_false(pw_hazard_overdue(PW_HZ_REPORTED, NULL, "2026-11-28"));
}

/* Overdue follows the site's calendar day, not UTC's (Asia/Shanghai, UTC+8). */
static void test_overdue_turns_at_local_midnight_after_the_deadline_day(void **state)
{
	(void)state;
	pw_set_timezone("Asia/Shanghai");
	char today[PW_TIME_BUFSZ];
	int64_t last_minute, midnight;
	assert_int_equal(pw_time_parse("2026-11-27T23:59:59+08:00", &last_minute), 0);
	assert_int_equal(pw_time_parse("2026-11-28T00:00:00+08:00", &midnight), 0);
	pw_date_local(today, last_minute);
	assert_string_equal(today, "2026-11-27");
	assert_false(pw_hazard_overdue(PW_HZ_ASSIGNED, "2026-11-27", today));
	pw_date_local(today, midnight);
	assert_string_equal(today, "2026-11-28");
	assert_true(pw_hazard_overdue(PW_HZ_ASSIGNED, "2026-11-27", today));
	/* 16:00 UTC is already the next day on site. */
	int64_t utc_afternoon;
	assert_int_equal(pw_time_parse("2026-11-27T16:00:00Z", &utc_afternoon), 0);
	pw_date_local(today, utc_afternoon);
	assert_string_equal(today, "2026-11-28");
}

static void test_dates_are_checked_for_existence(void **state)
{
	(void)state;
	assert_true(pw_date_valid("2028-02-29"));
	assert_false(pw_date_valid("2026-02-29"));
	assert_false(pw_date_valid("2026-13-01"));
	assert_false(pw_date_valid("2026-1-01"));
	assert_false(pw_date_valid("tomorrow"));
	assert_false(pw_date_valid(NULL));
}

static void test_status_and_grade_names_parse_back(void **state)
{
	(void)state;
	for (int i = 0; i < PW_HZ_COUNT; i++) {
		enum pw_hazard_status s;
		assert_int_equal(pw_hazard_status_parse(pw_hazard_status_name((enum pw_hazard_status)i), &s), 0);
		assert_int_equal(s, i);
	}
	enum pw_hazard_grade g;
	assert_int_equal(pw_hazard_grade_parse("major", &g), 0);
	assert_int_equal(g, PW_HZ_MAJOR);
	assert_int_equal(pw_hazard_grade_parse("huge", &g), -1);
	assert_true(pw_hazard_default_deadline_days(PW_HZ_MAJOR) > pw_hazard_default_deadline_days(PW_HZ_GENERAL));
}

/* Park centre and points 1 km in each cardinal direction. */
#define LAT0 29.33
#define LON0 120.10
#define DLAT (1000.0 / 111195.0)

static void test_east_wind_blows_toward_the_west(void **state)
{
	(void)state;
	double dlon = DLAT / 0.8721; /* cos(29.33 deg) */
	double d;
	assert_true(pw_wind_downwind(90, LAT0, LON0, LAT0, LON0 - dlon, 2000, 30, &d));
	assert_in_range((long)d, 990, 1010);
	assert_false(pw_wind_downwind(90, LAT0, LON0, LAT0, LON0 + dlon, 2000, 30, NULL));
	assert_false(pw_wind_downwind(90, LAT0, LON0, LAT0 + DLAT, LON0, 2000, 30, NULL));
	assert_true(pw_wind_downwind(0, LAT0, LON0, LAT0 - DLAT, LON0, 2000, 30, NULL));
}

static void test_downwind_stops_at_the_distance_and_excludes_the_source(void **state)
{
	(void)state;
	assert_false(pw_wind_downwind(0, LAT0, LON0, LAT0 - 3 * DLAT, LON0, 2000, 30, NULL));
	assert_false(pw_wind_downwind(0, LAT0, LON0, LAT0, LON0, 2000, 30, NULL));
}

static void test_bearings_and_compass_names(void **state)
{
	(void)state;
	assert_in_range((long)pw_geo_bearing_deg(LAT0, LON0, LAT0 + DLAT, LON0), 0, 1);
	long e = (long)(pw_geo_bearing_deg(LAT0, LON0, LAT0, LON0 + 0.01) + 0.5);
	assert_in_range(e, 89, 91);
	assert_string_equal(pw_compass16(0), "N");
	assert_string_equal(pw_compass16(359), "N");
	assert_string_equal(pw_compass16(95), "E");
	assert_string_equal(pw_compass16(225), "SW");
	assert_string_equal(pw_wind_name_zh(90), "东风");
	assert_string_equal(pw_wind_name_zh(315), "西北风");
	assert_true(pw_geo_angle_diff(350, 10) == 20);
	assert_true(pw_wind_toward_deg(270) == 90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_forward_step_of_the_loop_is_legal),
		cmocka_unit_test(test_every_pair_of_statuses_is_legal_only_along_the_loop),
		cmocka_unit_test(test_skipping_a_step_is_refused_and_names_what_is_allowed),
		cmocka_unit_test(test_submitted_can_be_rejected_back_only_with_a_note),
		cmocka_unit_test(test_submitter_cannot_verify_own_rectification),
		cmocka_unit_test(test_assigning_needs_an_assignee),
		cmocka_unit_test(test_overdue_only_when_past_deadline_and_still_open),
		cmocka_unit_test(test_overdue_turns_at_local_midnight_after_the_deadline_day),
		cmocka_unit_test(test_dates_are_checked_for_existence),
		cmocka_unit_test(test_status_and_grade_names_parse_back),
		cmocka_unit_test(test_east_wind_blows_toward_the_west),
		cmocka_unit_test(test_downwind_stops_at_the_distance_and_excludes_the_source),
		cmocka_unit_test(test_bearings_and_compass_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
