/*
 * heatfmt.h - the curses-free half of the risk heat table and the other
 * risk/hazard screens: what a cell says, which colour decides its role,
 * whole days since a moment. Pure and unit-tested (tests/unit/test_heatfmt.c);
 * heat.c, hazards.c and inspections.c draw with it.
 *
 * Counts are arrays indexed by enum pw_colour (blue .. red), as in
 * store_heat.h. Every cell carries text, never colour alone: "红2 黄5 蓝9"
 * (full) or "[红]16" (compact: the worst colour present and how many
 * enterprises the cell holds). ASCII terminals get R O Y B instead of 红 橙 黄 蓝.
 */
#ifndef PARKWATCH_UI_HEATFMT_H
#define PARKWATCH_UI_HEATFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "parkwatch/risk.h"
#include "parkwatch/util.h"

/* Enterprises in a cell (the sum over the four colours). */
int64_t ui_heat_sum(const int64_t n[4]);

/* The worst colour with a non-zero count; -1 when the cell is empty. */
int ui_heat_worst(const int64_t n[4]);

/* One-character colour label: 红 橙 黄 蓝, or R O Y B when ASCII. */
const char *ui_heat_colour_char(enum pw_colour c, bool ascii);

/*
 * Append the cell's text to OUT: FULL lists every non-zero colour from red
 * down ("红2 黄5 蓝9"); compact gives the worst colour and the total
 * ("[红]16"). An empty cell is "-".
 */
void ui_heat_cell_text(const int64_t n[4], bool full, bool ascii, struct sbuf *out);

/* Display columns the full text of the cell needs. */
int ui_heat_full_width(const int64_t n[4], bool ascii);

/*
 * Whole days from THEN_MS to NOW_MS (floor, never negative); -1 when THEN_MS
 * is 0 (never).
 */
int ui_days_since(int64_t then_ms, int64_t now_ms);

#endif
