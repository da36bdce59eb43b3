/*
 * table.c - the list widget: column layout in display columns, header with
 * the sort mark, selection, scrolling and the '/' filter. The order and the
 * selection live in struct ui_tview (tview.c, pure); this file draws them
 * and maps keys.
 *
 * Keys: Up/Down j/k, PgUp/PgDn, Home/End g/G move; < and > choose the sort
 * column, I reverses it; / filters (live, Enter keeps it, Esc clears it).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/text.h"
#include "ui_private.h"

void ui_table_init(struct ui_table *t, const struct ui_column *cols, int ncols, void *user)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols > UI_TABLE_MAXCOLS ? UI_TABLE_MAXCOLS : ncols;
	t->user = user;
	t->sort_col = -1;
	ui_tview_init(&t->view);
}

void ui_table_free(struct ui_table *t)
{
	ui_tview_free(&t->view);
	free(t->filter);
	t->filter = NULL;
}

static bool match_thunk(void *user, size_t row, const char *filter)
{
	const struct ui_table *t = user;
	return t->match ? t->match(t->user, row, filter) : ui_table_match_cells(t, row, filter);
}

static int cmp_thunk(void *user, size_t a, size_t b, int col)
{
	const struct ui_table *t = user;
	return t->cmp(t->user, a, b, col);
}

void ui_table_rebuild(struct ui_table *t, size_t nrows, size_t keep_row)
{
	t->nrows = nrows;
	ui_tview_build(&t->view, nrows, t->filter, match_thunk, t->cmp ? cmp_thunk : NULL, t,
	               t->sort_col, t->sort_desc, keep_row);
	ui_tview_fit(&t->view, t->page);
}

size_t ui_table_selected(const struct ui_table *t)
{
	return ui_tview_selected(&t->view);
}

bool ui_table_match_cells(const struct ui_table *t, size_t row, const char *filter)
{
	char buf[256];
	for (int c = 0; c < t->ncols; c++) {
		const char *s = t->cell(t->user, row, c, buf, sizeof buf);
		if (s && pw_text_contains(s, filter))
			return true;
	}
	return false;
}

/* Widths for a window WIDTH columns wide; hidden columns get 0. */
static void column_widths(const struct ui_table *t, int width, int *w)
{
	int fixed = 0, nflex = 0, shown = 0;
	for (int c = 0; c < t->ncols; c++) {
		const struct ui_column *col = &t->cols[c];
		w[c] = col->hide_below && width < col->hide_below ? 0 : -1;
		if (w[c] == 0)
			continue;
		shown++;
		if (col->width > 0)
			fixed += col->width;
		else
			nflex++;
	}
	int left = width - fixed - (shown > 0 ? shown - 1 : 0);
	for (int c = 0; c < t->ncols; c++) {
		if (w[c] == 0)
			continue;
		const struct ui_column *col = &t->cols[c];
		if (col->width > 0) {
			w[c] = col->width;
		} else {
			int share = nflex ? left / nflex : 0;
			left -= share;
			nflex--;
			w[c] = share < col->min ? col->min : share;
		}
	}
}

static void draw_header(struct ui *ui, struct ui_table *t, WINDOW *w, int y, const int *wid)
{
	int x = 0;
	for (int c = 0; c < t->ncols; c++) {
		if (!wid[c])
			continue;
		struct sbuf h;
		sbuf_init(&h);
		sbuf_adds(&h, t->cols[c].title);
		if (c == t->sort_col)
			sbuf_adds(&h, ui->utf8 ? (t->sort_desc ? "▼" : "▲") : (t->sort_desc ? "v" : "^"));
		x += ui_put(ui, w, y, x, wid[c], PW_ROLE_HEADER, t->cols[c].right, sbuf_str(&h));
		sbuf_free(&h);
		x += ui_put(ui, w, y, x, 1, PW_ROLE_HEADER, false, " ");
	}
	ui_clear_eol(ui, w, y, x, PW_ROLE_HEADER);
}

static void draw_row(struct ui *ui, struct ui_table *t, WINDOW *w, int y, size_t row, bool sel,
                     const int *wid)
{
	char buf[256];
	int x = 0;
	int base = sel ? PW_ROLE_SELECTED : PW_ROLE_NORMAL;
	for (int c = 0; c < t->ncols; c++) {
		if (!wid[c])
			continue;
		int role = base;
		if (!sel && t->cell_role) {
			int r = t->cell_role(t->user, row, c);
			if (r >= 0)
				role = r;
		}
		x += ui_put(ui, w, y, x, wid[c], role, t->cols[c].right, t->cell(t->user, row, c, buf, sizeof buf));
		x += ui_put(ui, w, y, x, 1, base, false, " ");
	}
	ui_clear_eol(ui, w, y, x, base);
}

void ui_table_draw(struct ui *ui, struct ui_table *t, WINDOW *w, int y, int h)
{
	int width = getmaxx(w);
	int wid[UI_TABLE_MAXCOLS];
	if (h < 2)
		return;
	column_widths(t, width, wid);
	draw_header(ui, t, w, y, wid);
	t->page = (size_t)(h - 1);
	ui_tview_fit(&t->view, t->page);
	if (t->nrows == 0) {
		ui_put(ui, w, y + 1, 1, width - 1, PW_ROLE_DIM, false,
		       t->empty_text ? t->empty_text : "nothing to show");
		return;
	}
	if (t->view.n == 0) {
		ui_putf(ui, w, y + 1, 1, width - 1, PW_ROLE_DIM, "no row matches \"%s\" (Esc clears the filter)",
		        t->filter ? t->filter : "");
		return;
	}
	for (size_t i = 0; i < t->page && t->view.top + i < t->view.n; i++) {
		size_t pos = t->view.top + i;
		draw_row(ui, t, w, y + 1 + (int)i, t->view.idx[pos], pos == t->view.sel, wid);
	}
}

/* ---- filter prompt ---- */

static void set_filter(struct ui_table *t, const char *text)
{
	size_t keep = ui_table_selected(t);
	free(t->filter);
	t->filter = text && *text ? xstrdup(text) : NULL;
	ui_table_rebuild(t, t->nrows, keep);
}

static unsigned filter_change(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	set_filter(user, text);
	return UI_R_BODY;
}

static unsigned filter_submit(void *user, struct ui *ui, const char *text)
{
	(void)ui;
	set_filter(user, text);
	return UI_R_BODY | UI_R_MSG;
}

static unsigned filter_cancel(void *user, struct ui *ui)
{
	(void)ui;
	set_filter(user, NULL);
	return UI_R_BODY | UI_R_MSG;
}

static void filter_status(void *user, struct sbuf *out)
{
	const struct ui_table *t = user;
	sbuf_addf(out, "%zu of %zu", t->view.n, t->nrows);
}

static unsigned open_filter(struct ui *ui, struct ui_table *t)
{
	struct ui_prompt_spec spec = {
		.label = "Filter (Enter keeps, Esc clears): ",
		.initial = t->filter,
		.max_bytes = 200,
		.on_change = filter_change,
		.on_submit = filter_submit,
		.on_cancel = filter_cancel,
		.status = filter_status,
		.user = t,
	};
	ui_prompt_open(ui, &spec);
	return UI_R_MSG;
}

static unsigned sort_by(struct ui_table *t, int col, bool desc)
{
	size_t keep = ui_table_selected(t);
	t->sort_col = col;
	t->sort_desc = desc;
	ui_table_rebuild(t, t->nrows, keep);
	return UI_R_BODY;
}

unsigned ui_table_key(struct ui *ui, struct ui_table *t, int key)
{
	size_t page = t->page ? t->page : 1;
	switch (key) {
	case UI_FKEY(KEY_UP): case 'k':
		ui_tview_move(&t->view, -1, page);
		return UI_R_BODY;
	case UI_FKEY(KEY_DOWN): case 'j':
		ui_tview_move(&t->view, 1, page);
		return UI_R_BODY;
	case UI_FKEY(KEY_PPAGE): case UI_CTRL('B'):
		ui_tview_move(&t->view, -(long)page, page);
		return UI_R_BODY;
	case UI_FKEY(KEY_NPAGE): case UI_CTRL('F'): case ' ':
		ui_tview_move(&t->view, (long)page, page);
		return UI_R_BODY;
	case UI_FKEY(KEY_HOME): case 'g':
		ui_tview_home(&t->view, page);
		return UI_R_BODY;
	case UI_FKEY(KEY_END): case 'G':
		ui_tview_end(&t->view, page);
		return UI_R_BODY;
	case '<': case '>':
		if (!t->cmp)
			return UI_R_UNHANDLED;
		return sort_by(t, ((t->sort_col < 0 ? 0 : t->sort_col) + (key == '>' ? 1 : t->ncols - 1)) % t->ncols,
		               false);
	case 'I':
		if (!t->cmp || t->sort_col < 0)
			return UI_R_UNHANDLED;
		return sort_by(t, t->sort_col, !t->sort_desc);
	case '/':
		return open_filter(ui, t);
	case UI_KEY_ESC:
		if (!t->filter)
			return UI_R_UNHANDLED;
		set_filter(t, NULL);
		return UI_R_BODY | UI_R_MSG;
	default:
		return UI_R_UNHANDLED;
	}
}

void ui_table_hint(const struct ui_table *t, struct sbuf *out)
{
	sbuf_addf(out, "%zu/%zu", t->view.n ? t->view.sel + 1 : 0, t->view.n);
	if (t->view.n != t->nrows)
		sbuf_addf(out, " of %zu", t->nrows);
	if (t->sort_col >= 0)
		sbuf_addf(out, "  sort %s%s", t->cols[t->sort_col].title, t->sort_desc ? " desc" : "");
	if (t->filter)
		sbuf_addf(out, "  filter \"%s\"", t->filter);
}
