/*
 * heat.c - the risk heat table and an enterprise's colour history
 * (store_heat.h).
 *
 * The row key is chosen inside SQL with a CASE on a bound parameter, so
 * one cached statement serves zones, industries and grids and no SQL is
 * ever built from data. Both heat statements read the same row key
 * expression; they run in one read transaction so the category cells and
 * the totals describe the same moment.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_heat.h"
#include "parkwatch/util.h"
#include "store_private.h"

const char *store_heat_by_name(enum store_heat_by by)
{
	switch (by) {
	case STORE_HEAT_INDUSTRY: return "industry";
	case STORE_HEAT_GRID: return "grid";
	default: return "zone";
	}
}

/* The schema allows only the four names; anything else reads as blue. */
static enum pw_colour colour_col(sqlite3_stmt *s, int i)
{
	enum pw_colour c;
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t && pw_colour_parse(t, &c) == 0 ? c : PW_BLUE;
}

static int row_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct store_heat_row *)elem)->label);
}

/* Totals: one row per label (every enterprise once), in label order. */
static int load_totals(struct pw_store *st, struct store_heat *h)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT CASE ?1 WHEN 1 THEN industry WHEN 2 THEN COALESCE(NULLIF(grid, ''), '-')"
		" ELSE zone END AS r, risk, COUNT(*) FROM enterprises GROUP BY r, risk ORDER BY r");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, (int)h->by);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(s, 0);
		label = label ? label : "";
		if (!h->n || strcmp(h->rows[h->n - 1].label, label) != 0) {
			h->rows = xgrow(h->rows, &cap, h->n + 1, sizeof *h->rows, 16);
			memset(&h->rows[h->n], 0, sizeof h->rows[h->n]);
			h->rows[h->n++].label = xstrdup(label);
		}
		enum pw_colour c = colour_col(s, 1);
		int64_t k = sqlite3_column_int64(s, 2);
		h->rows[h->n - 1].n[STORE_HEAT_TOTAL][c] += k;
		h->park[STORE_HEAT_TOTAL][c] += k;
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "heat table");
}

/* Category cells: an enterprise counts once per category it has. */
static int load_places(struct pw_store *st, struct store_heat *h)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT CASE ?1 WHEN 1 THEN e.industry WHEN 2 THEN COALESCE(NULLIF(e.grid, ''), '-')"
		" ELSE e.zone END AS r, k.category, e.risk, COUNT(DISTINCT e.id)"
		" FROM enterprises e JOIN key_places k ON k.enterprise_id = e.id"
		" GROUP BY r, k.category, e.risk");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, (int)h->by);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(s, 0);
		const char *cat = (const char *)sqlite3_column_text(s, 1);
		enum pw_place p;
		if (!cat || pw_place_parse(cat, &p) != 0)
			continue;
		struct store_heat_row *row = bsearch(label ? label : "", h->rows, h->n, sizeof *h->rows, row_cmp);
		if (!row)
			continue;   /* cannot happen inside one transaction */
		enum pw_colour c = colour_col(s, 2);
		int64_t k = sqlite3_column_int64(s, 3);
		row->n[p][c] += k;
		h->park[p][c] += k;
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "heat table");
}

int store_heat_load(struct pw_store *st, enum store_heat_by by, struct store_heat *out)
{
	memset(out, 0, sizeof *out);
	out->by = by < STORE_HEAT_BY_COUNT ? by : STORE_HEAT_ZONE;
	if (store_begin(st, false) < 0)
		return -1;
	int rc = load_totals(st, out);
	if (rc == 0)
		rc = load_places(st, out);
	if (rc == 0 && store_commit(st) < 0)
		rc = -1;
	if (rc != 0) {
		struct store_saved_error why;
		store_error_save(st, &why);
		store_rollback(st);
		store_error_restore(st, &why);
		store_heat_free(out);
	}
	return rc;
}

void store_heat_free(struct store_heat *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		free(h->rows[i].label);
	free(h->rows);
	h->rows = NULL;
	h->n = 0;
}

int store_heat_cell_ids(struct pw_store *st, const struct store_heat_cell *c, int64_t **ids,
                        size_t *n)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT e.id FROM enterprises e WHERE"
		" (?2 IS NULL OR ?2 = CASE ?1 WHEN 1 THEN e.industry"
		"   WHEN 2 THEN COALESCE(NULLIF(e.grid, ''), '-') ELSE e.zone END)"
		" AND (?3 IS NULL OR EXISTS (SELECT 1 FROM key_places k"
		"   WHERE k.enterprise_id = e.id AND k.category = ?3))"
		" AND (?4 IS NULL OR e.risk = ?4) ORDER BY e.id");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, (int)c->by);
	store_bind_text(s, 2, c->row);
	store_bind_text(s, 3, c->col >= 0 && c->col < PW_PLACE_COUNT ? pw_place_name(c->col) : NULL);
	store_bind_text(s, 4, c->colour >= PW_BLUE && c->colour <= PW_RED ? pw_colour_name(c->colour) : NULL);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids, 64);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_fail(st, "heat cell");
	}
	return 0;
}

int store_risk_history_load(struct pw_store *st, int64_t enterprise_id, size_t limit,
                            struct store_risk_changes *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT ts, colour, score, reasons FROM risk_history WHERE enterprise_id = ?1"
		" ORDER BY ts DESC, id DESC LIMIT ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, enterprise_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->rows = xrealloc(out->rows, (out->n + 1) * sizeof *out->rows);
		struct store_risk_change *r = &out->rows[out->n++];
		r->ts = sqlite3_column_int64(s, 0);
		r->colour = colour_col(s, 1);
		r->score = sqlite3_column_double(s, 2);
		char *t = store_col_strdup(s, 3);
		r->reasons = t ? t : xstrdup("");
	}
	if (rc != SQLITE_DONE) {
		store_risk_history_free(out);
		return store_fail(st, "risk history");
	}
	return 0;
}

void store_risk_history_free(struct store_risk_changes *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		free(h->rows[i].reasons);
	free(h->rows);
	h->rows = NULL;
	h->n = 0;
}
