/* test_risk.c - the four-colour model: bands, rules, reasons, monotonicity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "parkwatch/risk.h"

static struct pw_risk_params P;

static int setup(void **state)
{
	(void)state;
	pw_risk_params_defaults(&P);
	return 0;
}

static struct pw_risk_input empty_input(void)
{
	struct pw_risk_input in;
	memset(&in, 0, sizeof in);
	in.days_since_inspection = 5;
	return in;
}

static bool has_reason(const struct pw_risk_result *r, const char *text)
{
	for (int i = 0; i < r->nreasons; i++)
		if (strstr(r->reasons[i].text, text))
			return true;
	return false;
}

static void test_enterprise_with_nothing_is_blue_with_score_zero(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	struct pw_risk_result r;
	pw_risk_score(&P, &in, &r);
	assert_int_equal(r.colour, PW_BLUE);
	assert_true(r.score == 0);
	assert_int_equal(r.nreasons, 0);
}

static void test_unrectified_major_hazard_forces_red_and_says_so_first(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	in.hazards_major = 1;
	struct pw_risk_result r;
	pw_risk_score(&P, &in, &r);
	assert_int_equal(r.colour, PW_RED);
	assert_int_equal(r.band_colour, PW_BLUE);
	assert_non_null(strstr(r.reasons[0].text, "重大隐患"));
	assert_true(has_reason(&r, "重大隐患未整改 1 项"));
}

static void test_active_p1_alarm_makes_at_least_orange(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	in.active[0] = 1;
	struct pw_risk_result r;
	pw_risk_score(&P, &in, &r);
	assert_int_equal(r.colour, PW_ORANGE);
	assert_true(has_reason(&r, "当前一级报警 1 个"));
}

static void test_major_hazard_source_makes_at_least_yellow(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	in.qq_sum = 1.35;
	struct pw_risk_result r;
	pw_risk_score(&P, &in, &r);
	assert_true(r.colour >= PW_YELLOW);
	assert_true(has_reason(&r, "构成重大危险源"));
	assert_true(has_reason(&r, "Σq/Q=1.35"));
}

static void test_rule_switched_off_leaves_band_colour(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	in.hazards_major = 1;
	assert_int_equal(pw_risk_param_set(&P, "rule.major_hazard_red", 0), 0);
	struct pw_risk_result r;
	pw_risk_score(&P, &in, &r);
	assert_int_equal(r.colour, r.band_colour);
	assert_int_not_equal(r.colour, PW_RED);
}

static void test_bands_follow_score_thresholds(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	struct pw_risk_result r;
	/* Expired certificates: 3 points each, cap 12 -> 12 points: blue. */
	in.certs_expired = 10;
	pw_risk_score(&P, &in, &r);
	assert_true(r.score == 12);
	assert_int_equal(r.colour, PW_BLUE);
	/* Add ammonia (12) and dust (10): 34 -> yellow. */
	in.places = (1u << PW_PLACE_AMMONIA) | (1u << PW_PLACE_DUST);
	pw_risk_score(&P, &in, &r);
	assert_true(r.score == 34);
	assert_int_equal(r.colour, PW_YELLOW);
	/* Band edges are inclusive: exactly band.orange is orange. */
	pw_risk_param_set(&P, "band.orange", 34);
	pw_risk_score(&P, &in, &r);
	assert_int_equal(r.colour, PW_ORANGE);
}

static void test_score_never_exceeds_100(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	in.places = 0x3f;
	in.qq_sum = 9;
	in.employees = 900;
	in.hazards_major = 9;
	in.hazards_general = 9;
	in.hazards_overdue = 9;
	in.certs_expired = 9;
	in.days_since_inspection = -1;
	in.alarms24[0] = 50;
	in.active[0] = 5;
	in.comm_faults = 9;
	struct pw_risk_result r;
	pw_risk_score(&P, &in, &r);
	assert_true(r.score == 100);
	assert_int_equal(r.colour, PW_RED);
}

/* Adding a bad fact never lowers the colour or the score. */
static void test_adding_a_fault_never_lowers_the_colour(void **state)
{
	(void)state;
	for (unsigned places = 0; places < 64; places += 7) {
		for (int base = 0; base < 4; base++) {
			struct pw_risk_input in = empty_input();
			in.places = places;
			in.hazards_general = base;
			in.alarms24[1] = base * 2;
			in.qq_sum = base * 0.4;
			struct pw_risk_result before, after;
			pw_risk_score(&P, &in, &before);
			struct pw_risk_input worse[4] = {in, in, in, in};
			worse[0].hazards_major++;
			worse[1].active[0]++;
			worse[2].certs_expired++;
			worse[3].hazards_overdue++;
			for (int k = 0; k < 4; k++) {
				pw_risk_score(&P, &worse[k], &after);
				assert_true(after.colour >= before.colour);
				assert_true(after.score >= before.score);
			}
		}
	}
}

static void test_never_inspected_weighs_more_than_stale(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	struct pw_risk_result stale, never;
	in.days_since_inspection = 45;
	pw_risk_score(&P, &in, &stale);
	assert_true(has_reason(&stale, "45 天未检查"));
	in.days_since_inspection = -1;
	pw_risk_score(&P, &in, &never);
	assert_true(has_reason(&never, "从未检查"));
	assert_true(never.score > stale.score);
}

static void test_reasons_text_joins_whole_reasons_only(void **state)
{
	(void)state;
	struct pw_risk_input in = empty_input();
	in.hazards_major = 1;
	in.certs_expired = 3;
	in.alarms24[1] = 2;
	struct pw_risk_result r;
	pw_risk_score(&P, &in, &r);
	char buf[256];
	pw_risk_reasons_text(&r, 3, buf, sizeof buf);
	assert_non_null(strstr(buf, "；"));
	assert_non_null(strstr(buf, "重大隐患"));
	char tiny[20];
	pw_risk_reasons_text(&r, 3, tiny, sizeof tiny);
	/* Too small for even one reason: empty, never a broken character. */
	assert_true(strlen(tiny) == 0 || strlen(tiny) < sizeof tiny);
}

static void test_param_names_round_trip_and_reject_unknown(void **state)
{
	(void)state;
	const char *const *names = pw_risk_param_names();
	int n = 0;
	for (; names[n]; n++) {
		double v;
		assert_int_equal(pw_risk_param_get(&P, names[n], &v), 0);
		assert_int_equal(pw_risk_param_set(&P, names[n], v + 1), 0);
		double w;
		pw_risk_param_get(&P, names[n], &w);
		assert_true(w == v + 1);
	}
	assert_true(n > 30);
	assert_int_equal(pw_risk_param_set(&P, "no.such", 1), -1);
	assert_int_equal(pw_risk_param_set(&P, "band.red", -5), -1);
}

static void test_lec_and_matrix_bands(void **state)
{
	(void)state;
	assert_int_equal(pw_risk_lec_colour_default(10, 6, 7), PW_RED);    /* D = 420 > 320 */
	assert_int_equal(pw_risk_lec_colour(420, 320, 160, 70), PW_RED);
	assert_int_equal(pw_risk_lec_colour(320, 320, 160, 70), PW_ORANGE);
	assert_int_equal(pw_risk_lec_colour(160, 320, 160, 70), PW_ORANGE);
	assert_int_equal(pw_risk_lec_colour(70, 320, 160, 70), PW_YELLOW);
	assert_int_equal(pw_risk_lec_colour(69, 320, 160, 70), PW_BLUE);
	assert_int_equal(pw_risk_matrix_colour_default(5, 5), PW_RED);
	assert_int_equal(pw_risk_matrix_colour_default(4, 5), PW_RED);
	assert_int_equal(pw_risk_matrix_colour_default(4, 4), PW_ORANGE);
	assert_int_equal(pw_risk_matrix_colour_default(3, 3), PW_ORANGE);
	assert_int_equal(pw_risk_matrix_colour_default(2, 4), PW_YELLOW);
	assert_int_equal(pw_risk_matrix_colour_default(1, 3), PW_BLUE);
}

static void test_colour_and_place_names_parse_back(void **state)
{
	(void)state;
	for (int c = PW_BLUE; c <= PW_RED; c++) {
		enum pw_colour out;
		assert_int_equal(pw_colour_parse(pw_colour_name((enum pw_colour)c), &out), 0);
		assert_int_equal(out, c);
	}
	for (int p = 0; p < PW_PLACE_COUNT; p++) {
		enum pw_place out;
		assert_int_equal(pw_place_parse(pw_place_name((enum pw_place)p), &out), 0);
		assert_int_equal(out, p);
	}
	enum pw_colour c;
	assert_int_equal(pw_colour_parse("purple", &c), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_enterprise_with_nothing_is_blue_with_score_zero, setup),
		cmocka_unit_test_setup(test_unrectified_major_hazard_forces_red_and_says_so_first, setup),
		cmocka_unit_test_setup(test_active_p1_alarm_makes_at_least_orange, setup),
		cmocka_unit_test_setup(test_major_hazard_source_makes_at_least_yellow, setup),
		cmocka_unit_test_setup(test_rule_switched_off_leaves_band_colour, setup),
		cmocka_unit_test_setup(test_bands_follow_score_thresholds, setup),
		cmocka_unit_test_setup(test_score_never_exceeds_100, setup),
		cmocka_unit_test_setup(test_adding_a_fault_never_lowers_the_colour, setup),
		cmocka_unit_test_setup(test_never_inspected_weighs_more_than_stale, setup),
		cmocka_unit_test_setup(test_reasons_text_joins_whole_reasons_only, setup),
		cmocka_unit_test_setup(test_param_names_round_trip_and_reject_unknown, setup),
		cmocka_unit_test_setup(test_lec_and_matrix_bands, setup),
		cmocka_unit_test_setup(test_colour_and_place_names_parse_back, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
