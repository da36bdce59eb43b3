/*
 * sparkline.h - the curses-free half of the alarm detail's chart: scale a
 * series of bucket means (NAN = no reading in that bucket) and turn it into
 * rows of block characters, with the sensor's limits placed on the same
 * scale. Pure and unit-tested; alarm_detail.c draws the rows.
 *
 * Glyphs: in UTF-8 the eight blocks ▁▂▃▄▅▆▇█ (8 steps a row), otherwise the
 * ASCII ramp _.-=# (5 steps a row). A bucket without data is a blank, which
 * stays distinct from the lowest value (always at least one step high).
 */
#ifndef PARKWATCH_UI_SPARKLINE_H
#define PARKWATCH_UI_SPARKLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "parkwatch/util.h"

/* The value range the chart spans. */
struct ui_spark_scale {
	double lo, hi;          /* lo < hi always after ui_spark_scale_fit() */
};

/*
 * Fit the scale to the finite values of V[0..N) and to the NMARKS limits in
 * MARKS (so a limit far above the readings is still on the chart). A flat
 * series gets a small symmetric margin. Returns false (scale 0..1) when
 * there is nothing finite at all.
 */
bool ui_spark_scale_fit(struct ui_spark_scale *sc, const double *v, size_t n, const double *marks,
                        size_t nmarks);

/* Steps one character row holds: 8 in UTF-8, 5 in ASCII. */
int ui_spark_steps(bool utf8);

/*
 * Height of V on a chart of TOTAL steps: 1..TOTAL (the lowest value is 1,
 * the highest TOTAL, values outside the scale are clamped), or 0 for NAN.
 */
int ui_spark_height(double v, const struct ui_spark_scale *sc, int total);

/*
 * Append row ROW (0 = bottom) of a chart ROWS high to OUT: one character a
 * bucket. With ROWS 1 this is the classic one-line sparkline.
 */
void ui_spark_row(struct sbuf *out, const double *v, size_t n, const struct ui_spark_scale *sc,
                  int rows, int row, bool utf8);

/*
 * Where a limit lies on a chart ROWS high: the row (0 = bottom) whose band
 * holds LIMIT's height, so the caller can draw its line there. -1 when the
 * limit is not finite.
 */
int ui_spark_limit_row(double limit, const struct ui_spark_scale *sc, int rows, bool utf8);

/*
 * Whether bucket I of V has anything drawn in row ROW of a chart ROWS high
 * (a limit line is drawn only across the empty cells).
 */
bool ui_spark_cell_filled(const double *v, size_t i, const struct ui_spark_scale *sc, int rows,
                          int row, bool utf8);

#endif
