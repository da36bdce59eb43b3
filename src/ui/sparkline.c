/*
 * sparkline.c - scaling and block-character rows for the alarm detail's
 * chart (sparkline.h). No curses here: tests/unit/test_sparkline.c runs it.
 */
#include "config.h"

#include <math.h>

#include "sparkline.h"

/* Index 0 is the blank of a bucket with no data or a row above the bar. */
static const char *const glyphs_utf8[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
static const char *const glyphs_ascii[] = {" ", "_", ".", "-", "=", "#"};

bool ui_spark_scale_fit(struct ui_spark_scale *sc, const double *v, size_t n, const double *marks,
                        size_t nmarks)
{
	bool any = false;
	double lo = 0, hi = 0;
	for (size_t k = 0; k < n + nmarks; k++) {
		double x = k < n ? v[k] : marks[k - n];
		if (!isfinite(x))
			continue;
		if (!any || x < lo)
			lo = x;
		if (!any || x > hi)
			hi = x;
		any = true;
	}
	if (!any) {
		sc->lo = 0;
		sc->hi = 1;
		return false;
	}
	if (hi - lo < 1e-9) {
		/* A flat line sits in the middle instead of at the top or bottom. */
		double m = fabs(lo) > 1 ? fabs(lo) * 0.05 : 0.5;
		lo -= m;
		hi += m;
	}
	sc->lo = lo;
	sc->hi = hi;
	return true;
}

int ui_spark_steps(bool utf8)
{
	return utf8 ? 8 : 5;
}

int ui_spark_height(double v, const struct ui_spark_scale *sc, int total)
{
	if (!isfinite(v) || total < 1)
		return 0;
	double span = sc->hi - sc->lo;
	double f = span > 0 ? (v - sc->lo) / span : 0;
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	int h = 1 + (int)lround(f * (total - 1));
	return h > total ? total : h;
}

/* Steps of bucket height H that fall in ROW (0..STEPS). */
static int row_fill(int h, int row, int steps)
{
	int f = h - row * steps;
	return f < 0 ? 0 : f > steps ? steps : f;
}

void ui_spark_row(struct sbuf *out, const double *v, size_t n, const struct ui_spark_scale *sc,
                  int rows, int row, bool utf8)
{
	int steps = ui_spark_steps(utf8);
	const char *const *g = utf8 ? glyphs_utf8 : glyphs_ascii;
	for (size_t i = 0; i < n; i++) {
		int h = ui_spark_height(v[i], sc, rows * steps);
		sbuf_adds(out, g[row_fill(h, row, steps)]);
	}
}

int ui_spark_limit_row(double limit, const struct ui_spark_scale *sc, int rows, bool utf8)
{
	int steps = ui_spark_steps(utf8);
	int h = ui_spark_height(limit, sc, rows * steps);
	if (h == 0)
		return -1;
	int r = (h - 1) / steps;
	return r >= rows ? rows - 1 : r;
}

bool ui_spark_cell_filled(const double *v, size_t i, const struct ui_spark_scale *sc, int rows,
                          int row, bool utf8)
{
	int steps = ui_spark_steps(utf8);
	return row_fill(ui_spark_height(v[i], sc, rows * steps), row, steps) > 0;
}
