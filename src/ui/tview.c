/*
 * tview.c - filter, stable sort, selection and scrolling of a list (pure).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/util.h"
#include "tview.h"

void ui_tview_init(struct ui_tview *v)
{
	memset(v, 0, sizeof *v);
}

void ui_tview_free(struct ui_tview *v)
{
	free(v->idx);
	free(v->tmp);
	memset(v, 0, sizeof *v);
}

struct sort_ctx {
	ui_tview_cmp cmp;
	void *user;
	int col;
	bool desc;
};

/* Ties fall back to the row index so every sort is total and repeatable. */
static int order(const struct sort_ctx *c, size_t a, size_t b)
{
	int r = c->cmp(c->user, a, b, c->col);
	if (c->desc)
		r = -r;
	if (r == 0)
		r = a < b ? -1 : a > b;
	return r;
}

/* Bottom-up merge sort: stable, O(n log n) worst case, no qsort_r needed. */
static void merge_sort(size_t *a, size_t *tmp, size_t n, const struct sort_ctx *c)
{
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = order(c, a[i], a[j]) <= 0 ? a[i++] : a[j++];
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
		}
		memcpy(a, tmp, n * sizeof *a);
	}
}

void ui_tview_build(struct ui_tview *v, size_t nrows, const char *filter, ui_tview_match match,
                    ui_tview_cmp cmp, void *user, int sort_col, bool desc, size_t keep_row)
{
	size_t old_sel = v->sel;
	if (v->cap < nrows || !v->idx) {
		v->cap = nrows ? nrows : 1;
		v->idx = xrealloc(v->idx, v->cap * sizeof *v->idx);
		v->tmp = xrealloc(v->tmp, v->cap * sizeof *v->tmp);
	}
	bool filtering = filter && *filter && match;
	v->n = 0;
	for (size_t r = 0; r < nrows; r++)
		if (!filtering || match(user, r, filter))
			v->idx[v->n++] = r;
	if (cmp && sort_col >= 0 && v->n > 1) {
		struct sort_ctx c = {cmp, user, sort_col, desc};
		merge_sort(v->idx, v->tmp, v->n, &c);
	}
	v->sel = old_sel < v->n ? old_sel : (v->n ? v->n - 1 : 0);
	if (keep_row != UI_TVIEW_NONE)
		for (size_t i = 0; i < v->n; i++)
			if (v->idx[i] == keep_row) {
				v->sel = i;
				break;
			}
	if (v->top > v->sel)
		v->top = v->sel;
}

size_t ui_tview_selected(const struct ui_tview *v)
{
	return v->n ? v->idx[v->sel] : UI_TVIEW_NONE;
}

void ui_tview_fit(struct ui_tview *v, size_t page)
{
	if (page == 0)
		page = 1;
	if (v->n == 0) {
		v->sel = v->top = 0;
		return;
	}
	if (v->sel >= v->n)
		v->sel = v->n - 1;
	if (v->sel < v->top)
		v->top = v->sel;
	else if (v->sel >= v->top + page)
		v->top = v->sel - page + 1;
	/* Never leave blank rows at the bottom while rows above are hidden. */
	if (v->n >= page && v->top > v->n - page)
		v->top = v->n - page;
	if (v->n < page)
		v->top = 0;
}

void ui_tview_move(struct ui_tview *v, long delta, size_t page)
{
	if (v->n == 0)
		return;
	if (delta < 0) {
		size_t d = (size_t)-delta;
		v->sel = d > v->sel ? 0 : v->sel - d;
	} else {
		size_t d = (size_t)delta;
		v->sel = d >= v->n - v->sel ? v->n - 1 : v->sel + d;
	}
	ui_tview_fit(v, page);
}

void ui_tview_home(struct ui_tview *v, size_t page)
{
	v->sel = 0;
	v->top = 0;
	ui_tview_fit(v, page);
}

void ui_tview_end(struct ui_tview *v, size_t page)
{
	v->sel = v->n ? v->n - 1 : 0;
	ui_tview_fit(v, page);
}
