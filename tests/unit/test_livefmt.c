/*
 * test_livefmt.c - the curses-free parts of live monitoring in the console:
 * the last-hour chart (src/ui/sparkline.c) and the wording of alarms, short
 * names, the ticker and wind (src/ui/livefmt.c).
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

#include "../../src/ui/livefmt.h"
#include "../../src/ui/sparkline.h"
#include "parkwatch/text.h"

/* ---- sparkline ---- */

static char *row_of(const double *v, size_t n, const struct ui_spark_scale *sc, int rows, int row, bool utf8)
{
	struct sbuf b;
	sbuf_init(&b);
	ui_spark_row(&b, v, n, sc, rows, row, utf8);
	return sbuf_steal(&b);
}

static void test_sparkline_lowest_value_is_one_step_and_missing_is_blank(void **state)
{
	(void)state;
	double v[] = {10, NAN, 20, 15};
	struct ui_spark_scale sc;
	assert_true(ui_spark_scale_fit(&sc, v, 4, NULL, 0));
	char *r = row_of(v, 4, &sc, 1, 0, true);
	assert_string_equal(r, "▁ █▅");
	free(r);
	r = row_of(v, 4, &sc, 1, 0, false);
	assert_string_equal(r, "_ #-");
	free(r);
}

static void test_sparkline_scale_reaches_a_limit_above_the_readings(void **state)
{
	(void)state;
	double v[] = {1, 2, 3};
	double marks[] = {30, NAN};
	struct ui_spark_scale sc;
	ui_spark_scale_fit(&sc, v, 3, marks, 2);
	assert_true(sc.lo == 1 && sc.hi == 30);
	/* The readings sit at the bottom, the limit in the top row. */
	assert_int_equal(ui_spark_limit_row(30, &sc, 4, true), 3);
	assert_int_equal(ui_spark_limit_row(1, &sc, 4, true), 0);
	assert_int_equal(ui_spark_limit_row(NAN, &sc, 4, true), -1);
}

static void test_sparkline_flat_series_sits_in_the_middle(void **state)
{
	(void)state;
	double v[] = {20.9, 20.9, 20.9};
	struct ui_spark_scale sc;
	ui_spark_scale_fit(&sc, v, 3, NULL, 0);
	assert_true(sc.lo < 20.9 && sc.hi > 20.9);
	int h = ui_spark_height(20.9, &sc, 8);
	assert_true(h >= 4 && h <= 5);
}

static void test_sparkline_nothing_finite_says_so(void **state)
{
	(void)state;
	double v[] = {NAN, NAN};
	struct ui_spark_scale sc;
	assert_false(ui_spark_scale_fit(&sc, v, 2, NULL, 0));
	assert_true(sc.lo < sc.hi);
	assert_int_equal(ui_spark_height(NAN, &sc, 8), 0);
}

static void test_sparkline_tall_bar_fills_the_rows_below(void **state)
{
	(void)state;
	double v[] = {0, 100};
	struct ui_spark_scale sc = {0, 100};
	/* 4 rows of 8 steps: the maximum fills every row, the minimum one step. */
	for (int row = 0; row < 4; row++) {
		char *r = row_of(v, 2, &sc, 4, row, true);
		assert_string_equal(r, row == 0 ? "▁█" : " █");
		free(r);
		assert_true(ui_spark_cell_filled(v, 1, &sc, 4, row, true));
		assert_int_equal(ui_spark_cell_filled(v, 0, &sc, 4, row, true), row == 0);
	}
	/* Out-of-scale values are clamped, never overflow the chart. */
	assert_int_equal(ui_spark_height(1e9, &sc, 32), 32);
	assert_int_equal(ui_spark_height(-1e9, &sc, 32), 1);
}

/* ---- wording ---- */

static char *short_name(const char *name)
{
	struct sbuf b;
	sbuf_init(&b);
	ui_short_name(&b, name);
	return sbuf_steal(&b);
}

static void test_short_name_drops_city_and_legal_form(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"义乌市嘉科冷冻食品有限公司", "嘉科冷冻食品"},
		{"浙江科源电动工具有限公司", "科源电动工具"},
		{"浙江省杭州市恒达化工股份有限公司", "恒达化工"},
		{"Acme Chemicals Co., Ltd.", "Acme Chemicals"},
		{"有限公司", "有限公司"},
		{"市场监管局", "市场监管局"},
	};
	for (size_t i = 0; i < PW_ARRAY_LEN(cases); i++) {
		char *s = short_name(cases[i][0]);
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
	char *s = short_name(NULL);
	assert_true(s == NULL || *s == '\0');
	free(s);
}

static struct store_alarm alarm_of(int64_t id, int prio, const char *state, int64_t raised)
{
	struct store_alarm a;
	memset(&a, 0, sizeof a);
	a.id = id;
	a.priority = prio;
	snprintf(a.state, sizeof a.state, "%s", state);
	snprintf(a.condition, sizeof a.condition, "limit");
	a.raised_at = raised;
	a.level = 2;
	a.has_value = true;
	a.value = 38.2;
	a.unit = (char *)"mg/m3";
	a.sensor_code = (char *)"E0002-NH3-01";
	a.enterprise_code = (char *)"E0002";
	a.enterprise_name = (char *)"义乌市嘉科冷冻食品有限公司";
	return a;
}

static void test_alarm_value_shows_value_against_its_limit(void **state)
{
	(void)state;
	struct store_alarm a = alarm_of(1, 1, "unack", 0);
	struct ui_alarm_limit lim = {true, 30, false};
	struct sbuf b;
	sbuf_init(&b);
	ui_alarm_value(&b, &a, &lim);
	assert_string_equal(sbuf_str(&b), "38.2>=30 mg/m3");
	sbuf_reset(&b);
	lim.low = true;
	ui_alarm_value(&b, &a, &lim);
	assert_string_equal(sbuf_str(&b), "38.2<=30 mg/m3");
	sbuf_reset(&b);
	ui_alarm_value(&b, &a, NULL);
	assert_string_equal(sbuf_str(&b), "38.2 mg/m3");
	sbuf_reset(&b);
	snprintf(a.condition, sizeof a.condition, "event");
	a.has_value = false;
	a.message = (char *)"detector alarm: smoke in hall 2";
	ui_alarm_value(&b, &a, NULL);
	assert_string_equal(sbuf_str(&b), "alarm: smoke in hall 2");
	sbuf_reset(&b);
	snprintf(a.condition, sizeof a.condition, "comm");
	a.message = NULL;
	ui_alarm_value(&b, &a, NULL);
	assert_string_equal(sbuf_str(&b), "comm fault");
	sbuf_free(&b);
}

static void test_state_labels_are_distinct_words(void **state)
{
	(void)state;
	const char *states[] = {"unack", "ack", "rtn_unack", "shelved", "cleared"};
	for (size_t i = 0; i < PW_ARRAY_LEN(states); i++)
		for (size_t k = i + 1; k < PW_ARRAY_LEN(states); k++)
			assert_string_not_equal(ui_alarm_state_label(states[i]), ui_alarm_state_label(states[k]));
	assert_string_equal(ui_alarm_state_label("unack"), "UNACK");
	struct store_alarm a = alarm_of(1, 1, "shelved", 0);
	assert_true(ui_alarm_ackable(&a));
	a.acked = true;
	assert_false(ui_alarm_ackable(&a));
	a = alarm_of(1, 1, "ack", 0);
	assert_false(ui_alarm_ackable(&a));
	a = alarm_of(1, 1, "rtn_unack", 0);
	assert_true(ui_alarm_ackable(&a));
}

static void test_ticker_puts_unacked_p1_first_then_newest(void **state)
{
	(void)state;
	struct store_alarm v[] = {
		alarm_of(1, 2, "unack", 500), alarm_of(2, 1, "unack", 100), alarm_of(3, 4, "unack", 900),
		alarm_of(4, 1, "rtn_unack", 300), alarm_of(5, 3, "unack", 700),
	};
	ui_ticker_order(v, PW_ARRAY_LEN(v));
	const int64_t want[] = {4, 2, 3, 5, 1};
	for (size_t i = 0; i < PW_ARRAY_LEN(want); i++)
		assert_int_equal(v[i].id, want[i]);
}

static void test_ticker_item_says_time_name_sensor_value_state(void **state)
{
	(void)state;
	/* 2026-11-28T08:25:03Z is 16:25:03 at the site (Asia/Shanghai). */
	struct store_alarm a = alarm_of(1, 1, "unack", 1795854303000LL);
	struct sbuf b;
	sbuf_init(&b);
	ui_ticker_item(&b, &a);
	assert_string_equal(sbuf_str(&b), "16:25:03 嘉科冷冻食品 E0002-NH3-01 38.2 mg/m3 L2 UNACK");
	sbuf_free(&b);
}

static void test_ticker_item_fit_cuts_the_text_but_keeps_sensor_and_state(void **state)
{
	(void)state;
	struct store_alarm a = alarm_of(1, 1, "unack", 1795854303000LL);
	snprintf(a.condition, sizeof a.condition, "event");
	a.has_value = false;
	a.message = (char *)"detector alarm: a very long description of the smoke seen by the camera";
	for (int cols = 30; cols <= 90; cols += 5) {
		struct sbuf b;
		sbuf_init(&b);
		ui_ticker_item_fit(&b, &a, cols, false);
		assert_true(pw_text_width(sbuf_str(&b)) <= cols);
		if (cols >= ui_ticker_item_min_width(&a)) {
			assert_non_null(strstr(sbuf_str(&b), "E0002-NH3-01"));
			assert_non_null(strstr(sbuf_str(&b), " UNACK"));
			assert_non_null(strstr(sbuf_str(&b), "16:25:03"));
		}
		sbuf_free(&b);
	}
}

static void test_ticker_item_never_carries_escape_sequences(void **state)
{
	(void)state;
	struct store_alarm a = alarm_of(1, 1, "unack", 1795854303000LL);
	snprintf(a.condition, sizeof a.condition, "event");
	a.has_value = false;
	a.message = (char *)"detector alarm: \033]0;PWNED\007\033[2J\xc2\x9b" "31mX\r\bY";
	a.enterprise_name = (char *)"\033[31mEvil\033[0m Co.";
	struct sbuf b;
	sbuf_init(&b);
	ui_ticker_item_fit(&b, &a, 200, false);
	const char *s = sbuf_str(&b);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		assert_true(*p >= 0x20 && *p != 0x7f);
	assert_null(strstr(s, "PWNED"));
	assert_null(strstr(s, "\xc2\x9b"));
	assert_non_null(strstr(s, "Evil"));
	sbuf_free(&b);
}

static void test_wind_arrow_points_where_the_wind_blows_to(void **state)
{
	(void)state;
	assert_string_equal(ui_wind_arrow(0, true), "↓");     /* north wind blows south */
	assert_string_equal(ui_wind_arrow(90, true), "←");    /* east wind blows west */
	assert_string_equal(ui_wind_arrow(225, true), "↗");   /* south-west wind */
	assert_string_equal(ui_wind_arrow(360, true), "↓");
	assert_string_equal(ui_wind_arrow(180, false), "^");
	assert_string_equal(ui_wind_arrow(NAN, true), "?");
}

int main(void)
{
	pw_set_timezone("Asia/Shanghai");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sparkline_lowest_value_is_one_step_and_missing_is_blank),
		cmocka_unit_test(test_sparkline_scale_reaches_a_limit_above_the_readings),
		cmocka_unit_test(test_sparkline_flat_series_sits_in_the_middle),
		cmocka_unit_test(test_sparkline_nothing_finite_says_so),
		cmocka_unit_test(test_sparkline_tall_bar_fills_the_rows_below),
		cmocka_unit_test(test_short_name_drops_city_and_legal_form),
		cmocka_unit_test(test_alarm_value_shows_value_against_its_limit),
		cmocka_unit_test(test_state_labels_are_distinct_words),
		cmocka_unit_test(test_ticker_puts_unacked_p1_first_then_newest),
		cmocka_unit_test(test_ticker_item_says_time_name_sensor_value_state),
		cmocka_unit_test(test_ticker_item_fit_cuts_the_text_but_keeps_sensor_and_state),
		cmocka_unit_test(test_ticker_item_never_carries_escape_sequences),
		cmocka_unit_test(test_wind_arrow_points_where_the_wind_blows_to),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
