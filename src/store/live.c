/*
 * live.c - read-only views for the console's live monitoring: the newest
 * wind per weather station and one sensor's alarm limits (store_live.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parkwatch/store_live.h"
#include "parkwatch/util.h"
#include "store_private.h"

void store_wind_list_free(struct store_wind_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].station_code);
		free(l->v[i].station_name);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->truncated = false;
}

int store_live_wind(struct pw_store *st, struct store_wind_list *out)
{
	memset(out, 0, sizeof *out);
	/* The correlated MAX(ts) is one seek on the (station_id, ts) primary key. */
	sqlite3_stmt *s = store_stmt(st, "SELECT s.code, s.name, w.ts, w.dir_deg, w.speed_ms"
	                                 " FROM stations s LEFT JOIN wind w ON w.station_id = s.id"
	                                 " AND w.ts = (SELECT MAX(ts) FROM wind WHERE station_id = s.id)"
	                                 " ORDER BY s.code LIMIT ?1");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, STORE_WIND_STATIONS_MAX + 1);  /* one more tells that there are more */
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == STORE_WIND_STATIONS_MAX) {
			out->truncated = true;
			rc = SQLITE_DONE;
			break;
		}
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v, 8);
		struct store_wind *w = &out->v[out->n++];
		memset(w, 0, sizeof *w);
		w->station_code = store_col_strdup(s, 0);
		w->station_name = store_col_strdup(s, 1);
		w->has_sample = sqlite3_column_type(s, 2) != SQLITE_NULL;
		if (w->has_sample) {
			w->ts = sqlite3_column_int64(s, 2);
			w->dir_deg = sqlite3_column_double(s, 3);
			w->speed_ms = sqlite3_column_double(s, 4);
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_wind_list_free(out);
		return store_fail(st, "read wind");
	}
	return 0;
}

void store_sensor_limits_clear(struct store_sensor_limits *l)
{
	if (!l)
		return;
	free(l->kind);
	free(l->unit);
	memset(l, 0, sizeof *l);
}

int store_live_sensor_limits(struct pw_store *st, const char *code, struct store_sensor_limits *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st, "SELECT kind, unit, direction, l1, l2, opposite_l1, deadband"
	                                 " FROM sensors WHERE code = ?1");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->kind = store_col_strdup(s, 0);
		out->unit = store_col_strdup(s, 1);
		const unsigned char *dir = sqlite3_column_text(s, 2);
		out->low = dir && strcmp((const char *)dir, "low") == 0;
		out->has_l1 = sqlite3_column_type(s, 3) != SQLITE_NULL;
		out->l1 = out->has_l1 ? sqlite3_column_double(s, 3) : 0;
		out->has_l2 = sqlite3_column_type(s, 4) != SQLITE_NULL;
		out->l2 = out->has_l2 ? sqlite3_column_double(s, 4) : 0;
		out->has_opposite = sqlite3_column_type(s, 5) != SQLITE_NULL;
		out->opposite_l1 = out->has_opposite ? sqlite3_column_double(s, 5) : 0;
		out->deadband = sqlite3_column_double(s, 6);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(st, "read sensor limits");
	store_failf(st, "no sensor %s", code);
	return PW_STORE_NOTFOUND;
}
