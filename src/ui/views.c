/*
 * views.c - tabs and their view stacks, messages, questions and quitting.
 *
 * Each of the nine tabs keeps its own stack, so switching from a card on
 * tab 2 to the overview and back returns to the same card. Views are opened
 * lazily (a tab nobody visits costs nothing) and loaded before they are
 * first drawn.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "save.h"
#include "ui_private.h"

#define UI_MSG_MS 8000

struct ui_view *ui_current(struct ui *ui)
{
	struct ui_tab *t = &ui->tabs[ui->cur];
	return t->depth ? &t->stack[t->depth - 1] : NULL;
}

static void view_open(struct ui *ui, struct ui_tab *t, const struct ui_screen_ops *ops,
                      const char *arg)
{
	struct ui_view *v = &t->stack[t->depth++];
	v->ops = ops;
	v->self = ops->open ? ops->open(ui, ops->cookie, arg) : NULL;
	v->stale = true;
	v->loaded = false;
}

static void view_close(struct ui_view *v)
{
	if (v->ops && v->ops->close)
		v->ops->close(v->self);
	memset(v, 0, sizeof *v);
}

unsigned ui_show_tab(struct ui *ui, int n)
{
	if (n < 0 || n >= UI_NTABS)
		return UI_R_NONE;
	ui->cur = n;
	ui->help_open = false;
	struct ui_tab *t = &ui->tabs[n];
	if (t->depth == 0)
		view_open(ui, t, ui_tab_defs[n].ops, NULL);
	return UI_R_TITLE | UI_R_BODY | UI_R_MSG;
}

unsigned ui_push(struct ui *ui, const struct ui_screen_ops *ops, const char *arg)
{
	struct ui_tab *t = &ui->tabs[ui->cur];
	/* Full: refuse and say so. Dropping an older view instead could throw
	 * away a typed entry it holds (duty_new, a prompt's owner). */
	if (t->depth >= UI_STACK_MAX) {
		ui_message(ui, PW_ROLE_WARN, "too many views open on this tab: press Esc to go back");
		return UI_R_MSG;
	}
	view_open(ui, t, ops, arg);
	return UI_R_TITLE | UI_R_BODY | UI_R_MSG;
}

unsigned ui_push_id(struct ui *ui, const struct ui_screen_ops *ops, int64_t id)
{
	char arg[32];
	snprintf(arg, sizeof arg, "%lld", (long long)id);
	return ui_push(ui, ops, arg);
}

unsigned ui_pop(struct ui *ui)
{
	struct ui_tab *t = &ui->tabs[ui->cur];
	if (t->depth <= 1)
		return UI_R_UNHANDLED;
	view_close(&t->stack[--t->depth]);
	/* What it returns to may have changed while it was covered. */
	return UI_R_TITLE | UI_R_BODY | UI_R_MSG;
}

void ui_views_mark_stale(struct ui *ui, unsigned data)
{
	for (int i = 0; i < UI_NTABS; i++)
		for (int d = 0; d < ui->tabs[i].depth; d++) {
			struct ui_view *v = &ui->tabs[i].stack[d];
			if (v->ops->data & data)
				v->stale = true;
		}
}

void ui_views_close(struct ui *ui)
{
	for (int i = 0; i < UI_NTABS; i++) {
		while (ui->tabs[i].depth > 0)
			view_close(&ui->tabs[i].stack[--ui->tabs[i].depth]);
	}
}

void ui_message(struct ui *ui, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = NULL;
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	free(ui->msg);
	ui->msg = text;
	ui->msg_role = role;
	ui->msg_until = pw_mono_ms() + UI_MSG_MS;
	ui->dirty |= UI_R_MSG;
}

void ui_ask(struct ui *ui, const char *question, unsigned (*on_yes)(void *, struct ui *),
            unsigned (*on_no)(void *, struct ui *), void *user)
{
	free(ui->question.text);
	ui->question = (struct ui_question){
		.active = true, .text = xstrdup(question), .on_yes = on_yes, .on_no = on_no, .user = user,
	};
	ui->dirty |= UI_R_MSG;
}

bool ui_has_unsaved(struct ui *ui)
{
	if (ui->prompt.active && ui->prompt.spec.confirm_discard && ui->prompt.edit.len > 0)
		return true;
	if (ui_save_pending())
		return true;   /* actions queued behind a busy database */
	for (int i = 0; i < UI_NTABS; i++)
		for (int d = 0; d < ui->tabs[i].depth; d++) {
			struct ui_view *v = &ui->tabs[i].stack[d];
			if (v->ops->unsaved && v->ops->unsaved(v->self))
				return true;
		}
	return false;
}

static unsigned quit_yes(void *user, struct ui *ui)
{
	(void)user;
	(void)ui;
	return UI_R_QUIT;
}

unsigned ui_request_quit(struct ui *ui)
{
	if (!ui_has_unsaved(ui))
		return UI_R_QUIT;
	size_t saving = ui_save_pending();
	if (saving) {
		char q[128];
		snprintf(q, sizeof q, "%zu change%s still waiting for the database. Quit anyway (kept in the "
		         "spool until saved)? y/n", saving, saving == 1 ? " is" : "s are");
		ui_ask(ui, q, quit_yes, NULL, NULL);
		return UI_R_MSG;
	}
	ui_ask(ui, "An edit is not saved. Quit? y/n", quit_yes, NULL, NULL);
	return UI_R_MSG;
}
