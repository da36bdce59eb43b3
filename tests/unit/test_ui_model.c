/*
 * test_ui_model.c - the curses-free halves of the console widgets: the list
 * model (filter, stable sort, selection, scrolling; src/ui/tview.c) and the
 * UTF-8 input line (src/ui/edit.c).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parkwatch/text.h"
#include "../../src/ui/edit.h"
#include "../../src/ui/tview.h"

/* A small table: name, zone, score. */
struct row {
	const char *name, *zone;
	int score;
};

static const struct row rows[] = {
	{"鑫达五金", "四期", 40}, {"华欣化工", "苏溪", 90}, {"Acme Tools", "四期", 40},
	{"冰城冷链", "佛堂", 70}, {"顺风物流", "苏溪", 10}, {"大成五金", "四期", 90},
};
#define NROWS (sizeof rows / sizeof rows[0])

static int cmp_rows(void *user, size_t a, size_t b, int col)
{
	(void)user;
	if (col == 2)
		return rows[a].score - rows[b].score;
	return strcmp(col == 0 ? rows[a].name : rows[a].zone, col == 0 ? rows[b].name : rows[b].zone);
}

static bool match_rows(void *user, size_t row, const char *filter)
{
	(void)user;
	return pw_text_contains(rows[row].name, filter) || pw_text_contains(rows[row].zone, filter);
}

static void build(struct ui_tview *v, const char *filter, int col, bool desc, size_t keep)
{
	ui_tview_build(v, NROWS, filter, match_rows, cmp_rows, NULL, col, desc, keep);
}

static void test_list_without_filter_or_sort_keeps_row_order(void **state)
{
	(void)state;
	struct ui_tview v;
	ui_tview_init(&v);
	ui_tview_build(&v, NROWS, NULL, match_rows, NULL, NULL, -1, false, UI_TVIEW_NONE);
	assert_int_equal(v.n, NROWS);
	for (size_t i = 0; i < NROWS; i++)
		assert_int_equal(v.idx[i], i);
	assert_int_equal(ui_tview_selected(&v), 0);
	ui_tview_free(&v);
}

static void test_sort_is_stable_so_equal_scores_keep_their_order(void **state)
{
	(void)state;
	struct ui_tview v;
	ui_tview_init(&v);
	build(&v, NULL, 2, false, UI_TVIEW_NONE);
	size_t want[] = {4, 0, 2, 3, 1, 5};
	for (size_t i = 0; i < NROWS; i++)
		assert_int_equal(v.idx[i], want[i]);
	build(&v, NULL, 2, true, UI_TVIEW_NONE);
	/* Descending reverses the comparison, ties still by row index. */
	size_t want_desc[] = {1, 5, 3, 0, 2, 4};
	for (size_t i = 0; i < NROWS; i++)
		assert_int_equal(v.idx[i], want_desc[i]);
	ui_tview_free(&v);
}

static void test_filter_matches_chinese_substrings_and_keeps_the_selected_row(void **state)
{
	(void)state;
	struct ui_tview v;
	ui_tview_init(&v);
	build(&v, NULL, -1, false, UI_TVIEW_NONE);
	ui_tview_move(&v, 5, 10); /* select 大成五金 */
	assert_int_equal(ui_tview_selected(&v), 5);
	build(&v, "五金", -1, false, ui_tview_selected(&v));
	assert_int_equal(v.n, 2);
	assert_int_equal(ui_tview_selected(&v), 5);
	build(&v, "四期", -1, false, ui_tview_selected(&v));
	assert_int_equal(v.n, 3);
	build(&v, "acme", -1, false, UI_TVIEW_NONE); /* ASCII is case-insensitive */
	assert_int_equal(v.n, 1);
	assert_int_equal(ui_tview_selected(&v), 2);
	build(&v, "没有", -1, false, UI_TVIEW_NONE);
	assert_int_equal(v.n, 0);
	assert_int_equal(ui_tview_selected(&v), UI_TVIEW_NONE);
	ui_tview_move(&v, 1, 3); /* moving in an empty list is harmless */
	ui_tview_end(&v, 3);
	assert_int_equal(ui_tview_selected(&v), UI_TVIEW_NONE);
	ui_tview_free(&v);
}

static void test_moving_keeps_the_selection_inside_the_window(void **state)
{
	(void)state;
	struct ui_tview v;
	ui_tview_init(&v);
	build(&v, NULL, -1, false, UI_TVIEW_NONE);
	ui_tview_move(&v, 3, 2);
	assert_int_equal(v.sel, 3);
	assert_int_equal(v.top, 2);
	ui_tview_move(&v, -100, 2);
	assert_int_equal(v.sel, 0);
	assert_int_equal(v.top, 0);
	ui_tview_end(&v, 4);
	assert_int_equal(v.sel, NROWS - 1);
	assert_int_equal(v.top, NROWS - 4);
	ui_tview_move(&v, 100, 4);
	assert_int_equal(v.sel, NROWS - 1);
	ui_tview_home(&v, 4);
	assert_int_equal(v.sel, 0);
	assert_int_equal(v.top, 0);
	ui_tview_free(&v);
}

static void test_a_taller_window_shows_no_blank_rows_below_the_list(void **state)
{
	(void)state;
	struct ui_tview v;
	ui_tview_init(&v);
	build(&v, NULL, -1, false, UI_TVIEW_NONE);
	ui_tview_end(&v, 2);
	assert_int_equal(v.top, NROWS - 2);
	ui_tview_fit(&v, 4); /* the terminal grew */
	assert_int_equal(v.top, NROWS - 4);
	ui_tview_fit(&v, 20);
	assert_int_equal(v.top, 0);
	ui_tview_free(&v);
}

static void test_large_list_sorts_and_filters(void **state)
{
	(void)state;
	/* 10,000 rows through the same path as the enterprise list. */
	struct ui_tview v;
	ui_tview_init(&v);
	ui_tview_build(&v, 10000, NULL, match_rows, NULL, NULL, -1, false, UI_TVIEW_NONE);
	assert_int_equal(v.n, 10000);
	ui_tview_end(&v, 20);
	assert_int_equal(ui_tview_selected(&v), 9999);
	assert_int_equal(v.top, 9980);
	ui_tview_free(&v);
}

/* ---- input line ---- */

static void type(struct ui_edit *e, const char *utf8)
{
	size_t n = strlen(utf8), i = 0;
	while (i < n) {
		uint32_t cp;
		i += pw_utf8_decode(utf8 + i, n - i, &cp);
		ui_edit_insert(e, cp);
	}
}

static void test_backspace_removes_a_whole_chinese_character(void **state)
{
	(void)state;
	struct ui_edit e;
	ui_edit_init(&e, 0);
	type(&e, "液氨泄漏");
	assert_string_equal(ui_edit_text(&e), "液氨泄漏");
	assert_int_equal(ui_edit_cursor_col(&e), 8);
	assert_true(ui_edit_backspace(&e));
	assert_string_equal(ui_edit_text(&e), "液氨泄");
	assert_int_equal(ui_edit_cursor_col(&e), 6);
	ui_edit_free(&e);
}

static void test_cursor_moves_by_characters_and_counts_columns(void **state)
{
	(void)state;
	struct ui_edit e;
	ui_edit_init(&e, 0);
	type(&e, "NH3浓度");
	ui_edit_left(&e);
	assert_int_equal(ui_edit_cursor_col(&e), 5);
	type(&e, "x");
	assert_string_equal(ui_edit_text(&e), "NH3浓x度");
	ui_edit_home(&e);
	assert_int_equal(ui_edit_cursor_col(&e), 0);
	assert_false(ui_edit_backspace(&e));
	assert_true(ui_edit_delete(&e));
	assert_string_equal(ui_edit_text(&e), "H3浓x度");
	ui_edit_end(&e);
	ui_edit_right(&e);
	assert_int_equal(ui_edit_cursor_col(&e), 7);
	ui_edit_free(&e);
}

static void test_controls_and_escapes_cannot_be_typed(void **state)
{
	(void)state;
	struct ui_edit e;
	ui_edit_init(&e, 0);
	assert_false(ui_edit_insert(&e, 0x1b));
	assert_false(ui_edit_insert(&e, 0x07));
	assert_false(ui_edit_insert(&e, 0x9b)); /* C1 CSI */
	assert_false(ui_edit_insert(&e, 0xd800));
	assert_false(ui_edit_insert(&e, 0x110000));
	assert_int_equal(e.len, 0);
	ui_edit_set(&e, "ok\x1b[2Jdone\a");
	assert_string_equal(ui_edit_text(&e), "okdone");
	ui_edit_free(&e);
}

static void test_length_limit_never_cuts_a_character(void **state)
{
	(void)state;
	struct ui_edit e;
	ui_edit_init(&e, 7);
	type(&e, "液氨泄漏");
	assert_string_equal(ui_edit_text(&e), "液氨"); /* 6 bytes; a third would make 9 */
	ui_edit_set(&e, "abcde液氨");
	assert_string_equal(ui_edit_text(&e), "abcde");
	ui_edit_free(&e);
}

static void test_kill_word_and_line(void **state)
{
	(void)state;
	struct ui_edit e;
	ui_edit_init(&e, 0);
	type(&e, "氨 泄漏 确认");
	assert_true(ui_edit_kill_word(&e));
	assert_string_equal(ui_edit_text(&e), "氨 泄漏 ");
	assert_true(ui_edit_kill_word(&e));
	assert_string_equal(ui_edit_text(&e), "氨 ");
	assert_true(ui_edit_kill_line(&e));
	assert_string_equal(ui_edit_text(&e), "");
	assert_false(ui_edit_kill_line(&e));
	ui_edit_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_without_filter_or_sort_keeps_row_order),
		cmocka_unit_test(test_sort_is_stable_so_equal_scores_keep_their_order),
		cmocka_unit_test(test_filter_matches_chinese_substrings_and_keeps_the_selected_row),
		cmocka_unit_test(test_moving_keeps_the_selection_inside_the_window),
		cmocka_unit_test(test_a_taller_window_shows_no_blank_rows_below_the_list),
		cmocka_unit_test(test_large_list_sorts_and_filters),
		cmocka_unit_test(test_backspace_removes_a_whole_chinese_character),
		cmocka_unit_test(test_cursor_moves_by_characters_and_counts_columns),
		cmocka_unit_test(test_controls_and_escapes_cannot_be_typed),
		cmocka_unit_test(test_length_limit_never_cuts_a_character),
		cmocka_unit_test(test_kill_word_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
