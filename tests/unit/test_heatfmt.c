/*
 * test_heatfmt.c - what a risk heat-table cell says (src/ui/heatfmt.c):
 * never colour alone, the worst colour decides, empty cells say so, and
 * whole days since a visit.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/ui/heatfmt.h"

#define DAY_MS (24LL * 3600 * 1000)

/* Counts are indexed blue, yellow, orange, red (enum pw_colour). */
static void expect_text(const int64_t n[4], bool full, bool ascii, const char *want)
{
	struct sbuf b;
	sbuf_init(&b);
	ui_heat_cell_text(n, full, ascii, &b);
	assert_string_equal(sbuf_str(&b), want);
	sbuf_free(&b);
}

static void test_full_cell_lists_every_present_colour_from_red_down(void **state)
{
	(void)state;
	const int64_t n[4] = {9, 5, 1, 2};
	expect_text(n, true, false, "红2 橙1 黄5 蓝9");
	const int64_t some[4] = {9, 5, 0, 0};
	expect_text(some, true, false, "黄5 蓝9");
}

static void test_compact_cell_shows_worst_label_and_enterprise_count(void **state)
{
	(void)state;
	const int64_t n[4] = {9, 5, 1, 0};
	expect_text(n, false, false, "[橙]15");
	const int64_t blue[4] = {3, 0, 0, 0};
	expect_text(blue, false, false, "[蓝]3");
}

static void test_empty_cell_is_a_dash_in_both_forms(void **state)
{
	(void)state;
	const int64_t n[4] = {0, 0, 0, 0};
	expect_text(n, true, false, "-");
	expect_text(n, false, false, "-");
	assert_int_equal(ui_heat_worst(n), -1);
	assert_int_equal(ui_heat_sum(n), 0);
}

static void test_ascii_terminal_gets_letters_instead_of_chinese(void **state)
{
	(void)state;
	const int64_t n[4] = {1, 0, 0, 2};
	expect_text(n, true, true, "R2 B1");
	expect_text(n, false, true, "[R]3");
}

static void test_worst_colour_is_the_highest_with_any_enterprise(void **state)
{
	(void)state;
	const int64_t red_one[4] = {50, 0, 0, 1};
	assert_int_equal(ui_heat_worst(red_one), PW_RED);
	const int64_t yellow[4] = {4, 2, 0, 0};
	assert_int_equal(ui_heat_worst(yellow), PW_YELLOW);
	assert_int_equal(ui_heat_sum(red_one), 51);
}

static void test_full_width_counts_chinese_as_two_columns(void **state)
{
	(void)state;
	const int64_t n[4] = {9, 5, 0, 0};   /* "黄5 蓝9": 2+1+1+2+1 */
	assert_int_equal(ui_heat_full_width(n, false), 7);
	assert_int_equal(ui_heat_full_width(n, true), 5);   /* "Y5 B9" */
}

static void test_days_since_floors_and_never_is_minus_one(void **state)
{
	(void)state;
	int64_t now = 1795000000000LL;
	assert_int_equal(ui_days_since(0, now), -1);
	assert_int_equal(ui_days_since(now - DAY_MS + 1, now), 0);
	assert_int_equal(ui_days_since(now - DAY_MS, now), 1);
	assert_int_equal(ui_days_since(now - 30 * DAY_MS - 5, now), 30);
	assert_int_equal(ui_days_since(now + 1000, now), 0);   /* a clock ahead is not negative */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_cell_lists_every_present_colour_from_red_down),
		cmocka_unit_test(test_compact_cell_shows_worst_label_and_enterprise_count),
		cmocka_unit_test(test_empty_cell_is_a_dash_in_both_forms),
		cmocka_unit_test(test_ascii_terminal_gets_letters_instead_of_chinese),
		cmocka_unit_test(test_worst_colour_is_the_highest_with_any_enterprise),
		cmocka_unit_test(test_full_width_counts_chinese_as_two_columns),
		cmocka_unit_test(test_days_since_floors_and_never_is_minus_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
