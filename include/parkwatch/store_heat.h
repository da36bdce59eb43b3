/*
 * store_heat.h - the risk heat table and the colour history, read from the
 * database for the console (Overview, the heat view, the enterprise card).
 *
 * Heat table: rows are zones, industries or grids; columns are the six
 * key-place categories (enum pw_place, in heat-table order) and a total.
 * A cell counts enterprises per risk colour: an enterprise counts in a
 * category column when it has at least one key place of that category,
 * and in the total column once. The colour is enterprises.risk, which the
 * risk engine keeps equal to risk_scores.colour (`query risk`).
 *
 * Conventions of store.h: 0 on success, -1 with store_errmsg() on failure,
 * PW_STORE_NOTFOUND (1) when a lookup finds nothing. Results belong to the
 * caller and are released with the matching *_free (NULL/zeroed is fine).
 * Text comes from the database: sanitise it before it reaches a terminal.
 */
#ifndef PARKWATCH_STORE_HEAT_H
#define PARKWATCH_STORE_HEAT_H

#include <stddef.h>
#include <stdint.h>

#include "parkwatch/risk.h"
#include "parkwatch/store.h"

/* What the rows of the heat table are. */
enum store_heat_by { STORE_HEAT_ZONE, STORE_HEAT_INDUSTRY, STORE_HEAT_GRID, STORE_HEAT_BY_COUNT };

/* "zone", "industry", "grid". */
const char *store_heat_by_name(enum store_heat_by by);

/* Column index of the total; columns 0..PW_PLACE_COUNT-1 are enum pw_place. */
#define STORE_HEAT_TOTAL PW_PLACE_COUNT
#define STORE_HEAT_NCOLS (PW_PLACE_COUNT + 1)
#define STORE_HEAT_NCOLOURS 4

/* Label used for enterprises without a grid. */
#define STORE_HEAT_NO_GRID "-"

struct store_heat_row {
	char *label;                                         /* zone / industry / grid */
	int64_t n[STORE_HEAT_NCOLS][STORE_HEAT_NCOLOURS];    /* [column][enum pw_colour] */
};

struct store_heat {
	enum store_heat_by by;
	struct store_heat_row *rows;                         /* by label (byte order) */
	size_t n;
	int64_t park[STORE_HEAT_NCOLS][STORE_HEAT_NCOLOURS]; /* the whole park */
};

/* Count the table with rows BY into *OUT (two statements, one read transaction). */
int store_heat_load(struct pw_store *st, enum store_heat_by by, struct store_heat *out);
void store_heat_free(struct store_heat *h);

/* One cell, or part of it, as a filter. */
struct store_heat_cell {
	enum store_heat_by by;
	const char *row;   /* row label; NULL: the whole park */
	int col;           /* enum pw_place, or STORE_HEAT_TOTAL: any enterprise */
	int colour;        /* enum pw_colour, or -1: any colour */
};

/*
 * The ids of the enterprises counted in cell C, ascending, into *IDS
 * (malloc'd, caller frees; NULL when *N is 0).
 */
int store_heat_cell_ids(struct pw_store *st, const struct store_heat_cell *c, int64_t **ids,
                        size_t *n);

/* ---- risk history of one enterprise --------------------------------- */

struct store_risk_change {
	int64_t ts;             /* ms */
	enum pw_colour colour;
	double score;
	char *reasons;          /* "；"-joined, never NULL */
};

struct store_risk_changes {
	struct store_risk_change *rows;   /* newest first */
	size_t n;
};

/* At most LIMIT colour changes of ENTERPRISE_ID, newest first. */
int store_risk_history_load(struct pw_store *st, int64_t enterprise_id, size_t limit,
                            struct store_risk_changes *out);
void store_risk_history_free(struct store_risk_changes *h);

#endif
