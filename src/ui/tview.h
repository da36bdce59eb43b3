/*
 * tview.h - the curses-free half of the list widget: which rows of a table
 * are visible (filter), in what order (stable sort by a column), which one is
 * selected and which is at the top of the window. Pure, so it is unit-tested
 * without a terminal; table.c draws it.
 *
 * Rows are the caller's indices 0..nrows-1; positions are indices into the
 * visible order (idx[]). Every function keeps sel < n (or 0 when n == 0) and
 * top <= sel.
 */
#ifndef PARKWATCH_UI_TVIEW_H
#define PARKWATCH_UI_TVIEW_H

#include <stdbool.h>
#include <stddef.h>

#define UI_TVIEW_NONE ((size_t)-1)

/* Order rows A and B by column COL (<0, 0, >0); ties are broken by row index. */
typedef int (*ui_tview_cmp)(void *user, size_t a, size_t b, int col);
/* True when row ROW matches FILTER (never called with an empty filter). */
typedef bool (*ui_tview_match)(void *user, size_t row, const char *filter);

struct ui_tview {
	size_t *idx;        /* visible rows in display order (owned) */
	size_t n, cap;
	size_t sel;         /* selected position */
	size_t top;         /* first position in the window */
	size_t *tmp;        /* merge-sort scratch (owned) */
};

void ui_tview_init(struct ui_tview *v);
void ui_tview_free(struct ui_tview *v);

/*
 * Rebuild the visible order for NROWS rows: keep the rows MATCH accepts for
 * FILTER (all when FILTER is NULL or ""), sort by column SORT_COL (no sort
 * when CMP is NULL or SORT_COL < 0; DESC reverses), then select KEEP_ROW when
 * it is still visible, else the position closest to the old one.
 */
void ui_tview_build(struct ui_tview *v, size_t nrows, const char *filter, ui_tview_match match,
                    ui_tview_cmp cmp, void *user, int sort_col, bool desc, size_t keep_row);

/* The selected row, or UI_TVIEW_NONE when nothing is visible. */
size_t ui_tview_selected(const struct ui_tview *v);

/* Move the selection by DELTA positions (clamped) and keep it in a window of PAGE rows. */
void ui_tview_move(struct ui_tview *v, long delta, size_t page);
void ui_tview_home(struct ui_tview *v, size_t page);
void ui_tview_end(struct ui_tview *v, size_t page);

/* Adjust top so the selection is inside a window of PAGE rows (after a resize). */
void ui_tview_fit(struct ui_tview *v, size_t page);

#endif
