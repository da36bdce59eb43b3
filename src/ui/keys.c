/*
 * keys.c - global key bindings and the ':' command line, as tables of small
 * action functions returning UI_R_* bits (htop's Action.c pattern).
 *
 * A key reaches this table only when the current view did not handle it, so
 * a screen can give any key its own meaning. Adding a global key or a ':'
 * command is one line in a table below plus its function.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "risk_ui.h"
#include "duty_ui.h"
#include "incident_ui.h"
#include "ui_private.h"

typedef unsigned (*ui_action)(struct ui *ui, int key);

struct ui_binding {
	int key;
	ui_action fn;
};

static unsigned act_tab(struct ui *ui, int key)
{
	int n = key >= '1' && key <= '9' ? key - '1' : key - UI_FKEY(KEY_F(1));
	return ui_show_tab(ui, n);
}

static unsigned act_next_tab(struct ui *ui, int key)
{
	int step = key == '\t' ? 1 : UI_NTABS - 1;
	return ui_show_tab(ui, (ui->cur + step) % UI_NTABS);
}

static unsigned act_help(struct ui *ui, int key)
{
	(void)key;
	ui->help_open = true;
	ui->help_top = 0;
	return UI_R_BODY;
}

static unsigned act_quit(struct ui *ui, int key)
{
	(void)key;
	return ui_request_quit(ui);
}

static unsigned act_back(struct ui *ui, int key)
{
	(void)key;
	unsigned r = ui_pop(ui);
	return r & UI_R_UNHANDLED ? UI_R_NONE : r;
}

static unsigned act_redraw(struct ui *ui, int key)
{
	(void)key;
	clearok(curscr, TRUE);
	return UI_R_ALL | UI_R_RELAYOUT;
}

static unsigned command_submit(void *user, struct ui *ui, const char *text)
{
	(void)user;
	return ui_command_run(ui, text);
}

static unsigned act_command(struct ui *ui, int key)
{
	(void)key;
	struct ui_prompt_spec spec = {.label = ":", .max_bytes = 512, .on_submit = command_submit};
	ui_prompt_open(ui, &spec);
	return UI_R_MSG;
}

static unsigned act_no_filter(struct ui *ui, int key)
{
	(void)key;
	ui_message(ui, PW_ROLE_WARN, "this screen has no list to filter");
	return UI_R_MSG;
}

/* Keys of later screens (a A s n i): say so instead of silently doing nothing. */
static unsigned act_not_here(struct ui *ui, int key)
{
	char name[16];
	ui_message(ui, PW_ROLE_WARN, "%s: not available on this screen (? lists its keys)",
	           ui_key_name(key, name, sizeof name));
	return UI_R_MSG;
}

static unsigned act_p1_preview(struct ui *ui, int key)
{
	(void)key;
	return ui_linkage_p1_preview(ui);
}

static const struct ui_binding bindings[] = {
	{'1', act_tab}, {'2', act_tab}, {'3', act_tab}, {'4', act_tab}, {'5', act_tab},
	{'6', act_tab}, {'7', act_tab}, {'8', act_tab}, {'9', act_tab},
	{UI_FKEY(KEY_F(1)), act_tab}, {UI_FKEY(KEY_F(2)), act_tab}, {UI_FKEY(KEY_F(3)), act_tab},
	{UI_FKEY(KEY_F(4)), act_tab}, {UI_FKEY(KEY_F(5)), act_tab}, {UI_FKEY(KEY_F(6)), act_tab},
	{UI_FKEY(KEY_F(7)), act_tab}, {UI_FKEY(KEY_F(8)), act_tab}, {UI_FKEY(KEY_F(9)), act_tab},
	{'\t', act_next_tab}, {UI_FKEY(KEY_BTAB), act_next_tab},
	{'?', act_help}, {UI_FKEY(KEY_F(10)), act_help},
	{'q', act_quit}, {UI_CTRL('C'), act_quit},
	{UI_KEY_ESC, act_back}, {UI_FKEY(KEY_BACKSPACE), act_back},
	{UI_CTRL('L'), act_redraw},
	{':', act_command},
	{'/', act_no_filter},
	{'a', act_not_here}, {'A', act_not_here}, {'s', act_not_here}, {'n', ui_duty_new_key},
	{'i', act_not_here},
	{'M', ui_sound_silence},
	{'!', act_p1_preview},
};

const struct ui_keyhelp ui_global_keyhelp[] = {
	{"1-9, F1-F9", "1 Overview  2 Enterprises  3 Alarms  4 Hazards"},
	{"", "5 Rescue  6 Incidents  7 Duty log"},
	{"", "8 Regulations  9 Inspections"},
	{"Tab, Shift-Tab", "next / previous screen"},
	{"?", "this help (any key closes it)"},
	{"Esc", "back to the previous view"},
	{":", "command line (see below)"},
	{"n", "new duty-log entry (from any screen)"},
	{"M, Ctrl-G", "silence the sounding P1 alarm(s) (logged; still to ack)"},
	{"!", "newest unacknowledged P1 alarm: its linkage picture (a preview)"},
	{"Ctrl-L", "redraw the whole terminal"},
	{"q", "quit (asks first if an edit is unsaved)"},
	{NULL, NULL},
};

unsigned ui_keys_global(struct ui *ui, int key)
{
	for (size_t i = 0; i < PW_ARRAY_LEN(bindings); i++)
		if (bindings[i].key == key)
			return bindings[i].fn(ui, key);
	if (key >= 0x20 && key < 0x110000 && key != 0x7f) {
		char name[16];
		ui_message(ui, PW_ROLE_DIM, "%s does nothing here: press ? for this screen's keys",
		           ui_key_name(key, name, sizeof name));
		return UI_R_MSG;
	}
	return UI_R_NONE;
}

/* ---- ':' commands ---- */

typedef unsigned (*ui_command_fn)(struct ui *ui, const char *args);

struct ui_command {
	const char *name;
	ui_command_fn fn;
};

static unsigned cmd_theme(struct ui *ui, const char *args)
{
	if (!*args) {
		ui_message(ui, PW_ROLE_NORMAL, "theme: %s (:theme NAME switches; default night mono high-contrast)",
		           *ui->theme.name ? ui->theme.name : "mono");
		return UI_R_MSG;
	}
	char *err = NULL;
	if (ui_theme_set(ui, args, &err) != 0) {
		ui_message(ui, PW_ROLE_ERROR, "theme: %s", err ? err : "cannot load");
		free(err);
		return UI_R_MSG;
	}
	ui_message(ui, PW_ROLE_OK, "theme %s", args);
	return UI_R_ALL | UI_R_RELAYOUT;
}

static unsigned cmd_quit(struct ui *ui, const char *args)
{
	(void)args;
	return ui_request_quit(ui);
}

static unsigned cmd_quit_force(struct ui *ui, const char *args)
{
	(void)ui;
	(void)args;
	return UI_R_QUIT;
}

static unsigned cmd_help(struct ui *ui, const char *args)
{
	(void)args;
	return act_help(ui, '?');
}

static const struct ui_command commands[] = {
	{"theme", cmd_theme},
	{"q", cmd_quit},
	{"quit", cmd_quit},
	{"q!", cmd_quit_force},
	{"help", cmd_help},
	{"heat", ui_cmd_heat},
	{"risk", ui_cmd_risk},
	{"h", cmd_help},
	{"handover", ui_cmd_handover},
};

const struct ui_keyhelp ui_command_help[] = {
	{":theme NAME", "switch colours: default, night, mono, high-contrast"},
	{":q, :quit", "quit (asks if an edit is unsaved)"},
	{":q!", "quit without asking"},
	{":help", "this help"},
	{":heat", "the risk heat table"},
	{":risk [set NAME VALUE]", "risk model parameters; change one"},
	{":handover", "the shift handover report; a acknowledges it"},
	{NULL, NULL},
};

unsigned ui_command_run(struct ui *ui, const char *line)
{
	while (*line == ' ')
		line++;
	if (!*line)
		return UI_R_NONE;
	size_t n = strcspn(line, " ");
	const char *args = line + n;
	while (*args == ' ')
		args++;
	/* Trailing blanks are not part of an argument (":theme night "). */
	char *a = xstrdup(args);
	size_t al = strlen(a);
	while (al && a[al - 1] == ' ')
		a[--al] = '\0';
	unsigned r = UI_R_UNHANDLED;
	for (size_t i = 0; i < PW_ARRAY_LEN(commands); i++)
		if (strlen(commands[i].name) == n && strncmp(commands[i].name, line, n) == 0) {
			r = commands[i].fn(ui, a);
			break;
		}
	if (r & UI_R_UNHANDLED) {
		ui_message(ui, PW_ROLE_ERROR, "unknown command: %.*s (:help lists the commands)", (int)n, line);
		r = UI_R_MSG;
	}
	free(a);
	return r;
}
