/*
 * test_view_stack.c - a tab's view stack at its bound (issue 13: limits
 * degrade, they never abort). Opening one more nested view than the stack
 * holds is refused with a message on the message line; the views already
 * open (one may hold a typed, unsaved entry) stay as they were, and Esc
 * still leads back. Curses is linked but never started: views.c only keeps
 * the stacks.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/ui/save.h"
#include "../../src/ui/ui_private.h"

/* What views.c needs from the rest of the console. */
const struct ui_tab_def ui_tab_defs[UI_NTABS];
size_t ui_save_pending(void)
{
	return 0;
}

static int opened, closed;

static void *view_open(struct ui *ui, const void *cookie, const char *arg)
{
	(void)ui;
	(void)cookie;
	(void)arg;
	opened++;
	return xcalloc(1, 1);
}

static void view_close(void *self)
{
	closed++;
	free(self);
}

static const struct ui_screen_ops detail = {
	.name = "Detail", .open = view_open, .close = view_close,
};

static void test_one_view_past_the_stack_is_refused_with_a_message(void **state)
{
	(void)state;
	struct ui *ui = xcalloc(1, sizeof *ui);
	ui->cur = 2;
	for (int i = 0; i < UI_STACK_MAX; i++)
		assert_true(ui_push(ui, &detail, "E1") & UI_R_BODY);
	assert_int_equal(ui->tabs[2].depth, UI_STACK_MAX);
	void *top = ui_current(ui)->self;

	unsigned r = ui_push(ui, &detail, "E2");
	assert_int_equal(r, UI_R_MSG);                 /* nothing redrawn but the message */
	assert_int_equal(ui->tabs[2].depth, UI_STACK_MAX);
	assert_ptr_equal(ui_current(ui)->self, top);  /* the view in front is untouched */
	assert_int_equal(opened, UI_STACK_MAX);
	assert_int_equal(closed, 0);
	assert_non_null(ui->msg);
	assert_non_null(strstr(ui->msg, "Esc"));
	assert_int_equal(ui->msg_role, PW_ROLE_WARN);

	assert_true(ui_pop(ui) & UI_R_BODY);           /* Esc: one back, and then there is room */
	assert_true(ui_push(ui, &detail, "E2") & UI_R_BODY);
	assert_int_equal(ui->tabs[2].depth, UI_STACK_MAX);

	ui_views_close(ui);
	assert_int_equal(closed, opened);
	free(ui->msg);
	free(ui);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_view_past_the_stack_is_refused_with_a_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
