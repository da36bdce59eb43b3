/*
 * help.c - the '?' overlay: the current screen's own keys first, then the
 * global keys and the ':' commands. It covers the screen area only, so the
 * ticker and the status line stay in view. j/k PgUp/PgDn scroll; any other
 * key closes it.
 */
#include "config.h"

#include "ui_private.h"

static void add_keys(struct ui_doc *d, const struct ui_keyhelp *k)
{
	for (; k && k->keys; k++) {
		ui_doc_line(d, PW_ROLE_HELP);
		ui_doc_add(d, PW_ROLE_HELP, 2, false, "");
		ui_doc_add(d, PW_ROLE_KEY, 21, false, k->keys);
		ui_doc_add(d, PW_ROLE_HELP, 0, false, k->what);
	}
}

static void build(struct ui *ui, struct ui_doc *d, int width)
{
	struct ui_view *v = ui_current(ui);
	const char *name = v ? v->ops->name : "";
	ui_doc_line(d, PW_ROLE_HELP);
	ui_doc_addf(d, PW_ROLE_TITLE, 0, false, " Help: %s ", name);
	ui_doc_add(d, PW_ROLE_HELP, 0, false, "  (j/k scroll, any other key closes)");
	if (v && v->ops->keys && v->ops->keys->keys) {
		ui_doc_heading(d, ui, width, name);
		add_keys(d, v->ops->keys);
	}
	ui_doc_heading(d, ui, width, "Everywhere");
	add_keys(d, ui_global_keyhelp);
	ui_doc_heading(d, ui, width, "Commands (type : first)");
	add_keys(d, ui_command_help);
	ui_doc_line(d, PW_ROLE_HELP);
	ui_doc_line(d, PW_ROLE_HELP);
	ui_doc_add(d, PW_ROLE_HELP, 0, false, "  Labels never rely on colour: risk 红 red, 橙 orange, 黄 yellow,");
	ui_doc_line(d, PW_ROLE_HELP);
	ui_doc_add(d, PW_ROLE_HELP, 0, false, "  蓝 blue; alarm priority P1, P2, P3 and DIAG (diagnostic).");
}

void ui_help_draw(struct ui *ui)
{
	WINDOW *w = ui->w_help;
	int h = getmaxy(w), width = getmaxx(w);
	struct ui_doc d;
	ui_doc_init(&d);
	build(ui, &d, width);
	if (ui->help_top > 0 && (size_t)ui->help_top + (size_t)h > d.n)
		ui->help_top = d.n > (size_t)h ? (int)(d.n - (size_t)h) : 0;
	d.top = (size_t)ui->help_top;
	werase(w);
	ui_doc_draw(ui, &d, w, 0, h);
	for (int y = (int)(d.n - d.top); y < h; y++)
		ui_clear_eol(ui, w, y, 0, PW_ROLE_HELP);
	ui_doc_free(&d);
}

unsigned ui_help_key(struct ui *ui, int key)
{
	switch (key) {
	case UI_FKEY(KEY_DOWN): case 'j':
		ui->help_top++;
		return UI_R_BODY;
	case UI_FKEY(KEY_UP): case 'k':
		ui->help_top = ui->help_top > 0 ? ui->help_top - 1 : 0;
		return UI_R_BODY;
	case UI_FKEY(KEY_NPAGE): case ' ':
		ui->help_top += 10;
		return UI_R_BODY;
	case UI_FKEY(KEY_PPAGE):
		ui->help_top = ui->help_top > 10 ? ui->help_top - 10 : 0;
		return UI_R_BODY;
	default:
		ui->help_open = false;
		return UI_R_BODY | UI_R_MSG;
	}
}
